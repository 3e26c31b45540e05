#pragma once
// An exclusive claim on a data folder held by a session runner (`velum serve`,
// `velum session`) for its whole life, so a second one cannot close the first's open session.

#include <sys/types.h>

#include <filesystem>
#include <string_view>

#include "journal/store.hpp"

namespace velum::journal {

// The lock file's name inside the data folder. It holds "PID WHO" of the
// holder, for the message a refused process prints; the lock itself is a flock.
inline constexpr std::string_view kLockFileName = "velum.lock";

// Held while alive; releasing is closing the file (also when the process dies,
// so a crash never leaves a stale lock). Move-only.
class FolderLock {
 public:
  explicit FolderLock(int fd) : fd_(fd) {}
  FolderLock(FolderLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  FolderLock& operator=(FolderLock&& other) noexcept;
  FolderLock(const FolderLock&) = delete;
  FolderLock& operator=(const FolderLock&) = delete;
  ~FolderLock();

 private:
  int fd_ = -1;
};

// Takes the exclusive lock on `data_dir` (which must exist) without waiting,
// and records this process as "PID WHO" (`who`: "velum serve"). The lock
// conflicts with any other holder, in this process or another. Errors:
// kBusy when someone holds it (the message names the folder and, when the
// file says, the holder and its pid); kReadOnly or kIo when the lock file
// cannot be created. Any thread; the lock belongs to the process.
Result<FolderLock> lock_data_folder(const std::filesystem::path& data_dir, std::string_view who);

}  // namespace velum::journal
