#include "journal/folder_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <fmt/format.h>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <string>

namespace velum::journal {
namespace {

constexpr mode_t kLockFileMode = 0600;
constexpr std::size_t kMaxHolderBytes = 256;

// "velum serve (pid 123)" from the lock file's "123 velum serve", or "" when
// the file says nothing usable (the holder may not have written it yet).
std::string describe_holder(int fd) {
  char buffer[kMaxHolderBytes];
  const auto got = ::pread(fd, buffer, sizeof buffer, 0);
  if (got <= 0) return "";
  std::string_view text(buffer, static_cast<std::size_t>(got));
  if (const auto end = text.find('\n'); end != std::string_view::npos) text = text.substr(0, end);
  long pid = 0;
  const auto [rest, ec] = std::from_chars(text.data(), text.data() + text.size(), pid);
  if (ec != std::errc{} || pid <= 0) return "";
  std::string_view who(rest, static_cast<std::size_t>(text.data() + text.size() - rest));
  while (!who.empty() && who.front() == ' ') who.remove_prefix(1);
  if (who.empty()) who = "another velum";
  return fmt::format("{} (pid {})", who, pid);
}

}  // namespace

FolderLock& FolderLock::operator=(FolderLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

FolderLock::~FolderLock() {
  if (fd_ >= 0) ::close(fd_);
}

Result<FolderLock> lock_data_folder(const std::filesystem::path& data_dir, std::string_view who) {
  const auto path = data_dir / kLockFileName;
  // O_CLOEXEC: a child process (a browser opener, a test's helper) must not
  // inherit the lock and keep the folder claimed after this process ends.
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, kLockFileMode);
  if (fd < 0) {
    const int error = errno;
    const auto code = (error == EACCES || error == EROFS) ? ErrorCode::kReadOnly : ErrorCode::kIo;
    return Error{code, fmt::format("cannot create the lock file {} ({}); check the folder's permissions",
                                   path.string(), std::strerror(error))};
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    if (error != EWOULDBLOCK) {
      ::close(fd);
      return Error{ErrorCode::kIo, fmt::format("cannot lock {} ({})", path.string(), std::strerror(error))};
    }
    const auto holder = describe_holder(fd);
    ::close(fd);
    return Error{ErrorCode::kBusy,
                 fmt::format("the journal in {} is in use by {}; stop that one first, or give this one "
                             "another --data folder",
                             data_dir.string(), holder.empty() ? "another velum process" : holder)};
  }
  // Who holds it, for the message above; the lock does not depend on it.
  const auto line = fmt::format("{} {}\n", ::getpid(), who);
  // When this fails the folder is still locked; a refused process then only
  // cannot name the holder.
  [[maybe_unused]] const bool recorded =
      ::ftruncate(fd, 0) == 0 &&
      ::pwrite(fd, line.data(), line.size(), 0) == static_cast<ssize_t>(line.size());
  return FolderLock(fd);
}

}  // namespace velum::journal
