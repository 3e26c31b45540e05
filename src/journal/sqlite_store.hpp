#pragma once
// The embedded SQLite journal backend: one file (velum.sqlite3) in the data
// folder. Only the factory is public; the implementation stays in the .cpp.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>

#include "journal/store.hpp"

namespace velum::journal {

// The journal's file name inside the data folder.
inline constexpr std::string_view kJournalFileName = "velum.sqlite3";

struct SqliteOptions {
  // How long a write waits for another process's transaction before giving up.
  std::chrono::milliseconds busy_timeout{5000};
  // Test seam for "disk full": caps the file at this many pages (SQLite's
  // max_page_count); nullopt leaves SQLite's own limit.
  std::optional<std::uint32_t> max_page_count;
  // Creates the file (and the folder) when missing; false opens existing files only.
  bool create = true;
  // For long-running servers: copy the write-ahead log into the file on a
  // background thread at this interval instead of inside the write that fills
  // it (detail/wal_checkpointer.hpp). nullopt: SQLite's automatic checkpoints,
  // right for a command that writes a little and exits.
  std::optional<std::chrono::milliseconds> background_checkpoint_interval;
};

// Opens (creating and migrating when needed) the journal at `file`.
// Errors, never touching the file: kCorrupt (not an SQLite/velum file, damaged),
// kFutureVersion (written by a newer velum), kReadOnly (cannot be written),
// kBusy (another process migrating for longer than the timeout).
// The returned store is used by one thread at a time.
Result<std::unique_ptr<Store>> open_sqlite_store(const std::filesystem::path& file,
                                                 const SqliteOptions& options = {});

// `data_dir / kJournalFileName`.
std::filesystem::path journal_file(const std::filesystem::path& data_dir);

}  // namespace velum::journal
