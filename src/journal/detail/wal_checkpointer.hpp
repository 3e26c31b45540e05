#pragma once
// Internal: copies a journal's write-ahead log into the main file on a
// background thread, so no request pays for it.
//
// Why: with SQLite's automatic checkpoints, the write that crosses the
// 1000-page threshold copies the whole log back and syncs it (tens of
// milliseconds); every request queued behind the server's journal lock waits
// with it, which is what the p99 latency of POST /checkins measured. A server
// replaces the automatic checkpoints of its connection with cap_write_ahead_log
// and runs a WalCheckpointer. PASSIVE checkpoints never block readers or
// writers, and WAL mode keeps the file consistent whenever a checkpoint is
// interrupted (kill -9 included).

#include <sqlite3.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>

namespace velum::journal::detail {

// The log length (pages) past which the writer itself starts the log over.
inline constexpr int kMaxLogFrames = 4000;

// Replaces the automatic checkpoints of the writing connection `db`: after a
// commit leaves more than kMaxLogFrames pages in the log, that commit runs a
// RESTART checkpoint itself, unless a background pass is copying right then
// (SQLite answers busy at once), in which case the next commit tries again.
// The background passes have usually copied all but the last pages by then,
// so it is short. It happens only when writes come too fast for the
// background thread to find a pause (back-to-back writes), and it keeps the
// log within about the cap plus what is written during one background pass.
// Same thread as `db`.
void cap_write_ahead_log(sqlite3* db);

class WalCheckpointer {
 public:
  // Starts the thread, which opens its own connection to `file` and runs a
  // passive checkpoint every `interval`. A failure to open or checkpoint is
  // retried at the next interval (SQLite then still checkpoints when the last
  // connection closes), so it never affects the store's own writes.
  WalCheckpointer(std::filesystem::path file, std::chrono::milliseconds interval);
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;
  ~WalCheckpointer() = default;  // std::jthread: stops the thread, waits for a running checkpoint

  // Checkpoints run so far (that found the log and ran to the end). Thread-safe.
  int completed() const;

 private:
  void run(const std::stop_token& stop);

  const std::filesystem::path file_;
  const std::chrono::milliseconds interval_;
  mutable std::mutex mutex_;
  std::condition_variable_any wake_;
  int completed_ = 0;
  std::jthread thread_;  // last: started after, and stopped before, the members it uses
};

}  // namespace velum::journal::detail
