// WalCheckpointer: the reasoning is in the header.

#include "journal/detail/wal_checkpointer.hpp"

#include <pthread.h>

#include <csignal>

#include "journal/detail/sqlite_handle.hpp"

namespace velum::journal::detail {
namespace {

// SQLite's own automatic checkpoint threshold (pages of the log).
constexpr int kRestartAtFrames = 1000;
// A RESTART waits this long for a write in progress, else tries again later.
constexpr int kRestartWaitMs = 100;

int restart_when_long(void* /*unused*/, sqlite3* db, const char* schema, int frames) {
  if (frames > kMaxLogFrames)
    sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_RESTART, nullptr, nullptr);
  return SQLITE_OK;  // the commit itself succeeded whatever the checkpoint did
}

}  // namespace

void cap_write_ahead_log(sqlite3* db) { sqlite3_wal_hook(db, restart_when_long, nullptr); }

WalCheckpointer::WalCheckpointer(std::filesystem::path file, std::chrono::milliseconds interval)
    : file_(std::move(file)), interval_(interval) {
  // The thread starts with every signal blocked, so it never takes one meant
  // for the process: the server waits for SIGTERM with sigwait, blocking it
  // only in the threads it starts itself, and a SIGTERM landing here would
  // end the process without the graceful shutdown.
  sigset_t all;
  sigset_t previous;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, &previous);
  thread_ = std::jthread([this](const std::stop_token& stop) { run(stop); });
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
}

int WalCheckpointer::completed() const {
  const std::lock_guard lock(mutex_);
  return completed_;
}

void WalCheckpointer::run(const std::stop_token& stop) {
  DbHandle db;
  while (!stop.stop_requested()) {
    {
      std::unique_lock lock(mutex_);
      // Wakes at the interval, or at once when the destructor requests the stop.
      wake_.wait_for(lock, stop, interval_, [] { return false; });
      if (stop.stop_requested()) break;
    }
    if (!db) {
      sqlite3* raw = nullptr;
      int code = sqlite3_open_v2(file_.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
      db.reset(raw);
      // A new connection learns the file is in WAL mode only when it first
      // reads it; until then a checkpoint does nothing.
      if (code == SQLITE_OK) code = exec(db.get(), "PRAGMA journal_mode=WAL");
      if (code != SQLITE_OK) {
        db.reset();
        continue;
      }
      sqlite3_busy_timeout(db.get(), kRestartWaitMs);
    }
    int log_frames = 0;
    int checkpointed_frames = 0;
    if (sqlite3_wal_checkpoint_v2(db.get(), nullptr, SQLITE_CHECKPOINT_PASSIVE, &log_frames,
                                  &checkpointed_frames) != SQLITE_OK) {
      continue;
    }
    // Under steady writes the log never has a moment with every frame copied,
    // when SQLite would start it over, so it would grow for as long as the load
    // lasts. Once it is large, a RESTART checkpoint copies the few frames
    // written since (the passive pass did the rest) and starts it over,
    // holding writers only that long.
    if (log_frames >= kRestartAtFrames) {
      sqlite3_wal_checkpoint_v2(db.get(), nullptr, SQLITE_CHECKPOINT_RESTART, nullptr, nullptr);
    }
    const std::lock_guard lock(mutex_);
    ++completed_;
  }
}

}  // namespace velum::journal::detail
