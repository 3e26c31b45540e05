// The background checkpointer and the writer's cap keep a server's
// write-ahead log from growing: with SQLite's automatic checkpoints replaced,
// the log is copied back and started over while writes keep coming, and the
// store keeps every record.

#include "journal/detail/wal_checkpointer.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <thread>

#include "fixtures.hpp"
#include "journal/detail/sqlite_handle.hpp"
#include "journal/sqlite_store.hpp"

namespace velum::journal {
namespace {

using namespace testing;
using namespace std::chrono_literals;

// Log frames (pages) currently in the write-ahead log of `db`'s file.
int log_frames(sqlite3* db) {
  int frames = -1;
  int copied = -1;
  EXPECT_EQ(sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, &frames, &copied), SQLITE_OK);
  return frames;
}

detail::DbHandle open_writer(const std::filesystem::path& file) {
  sqlite3* raw = nullptr;
  EXPECT_EQ(sqlite3_open(file.c_str(), &raw), SQLITE_OK);
  detail::DbHandle db(raw);
  EXPECT_EQ(detail::exec(db.get(), "PRAGMA journal_mode=WAL"), SQLITE_OK);
  EXPECT_EQ(detail::exec(db.get(), "PRAGMA wal_autocheckpoint=0"), SQLITE_OK);
  // A RESTART checkpoint holds writers back briefly; the store waits the same way.
  sqlite3_busy_timeout(db.get(), 5000);
  EXPECT_EQ(detail::exec(db.get(), "CREATE TABLE t (x BLOB)"), SQLITE_OK);
  return db;
}

// Each row is a 16 KB blob: four or five pages of log.
void write_rows(sqlite3* db, int rows) {
  for (int i = 0; i < rows; ++i)
    ASSERT_EQ(detail::exec(db, "INSERT INTO t VALUES (zeroblob(16384))"), SQLITE_OK);
}

TEST(WalCheckpointer, WithoutItTheLogOnlyGrows) {
  TempDir dir;
  auto writer = open_writer(dir.file());
  write_rows(writer.get(), 400);
  EXPECT_GT(log_frames(writer.get()), 1600);
}

TEST(WalCheckpointer, CopiesTheLogBackSoTheNextWriteStartsItOver) {
  TempDir dir;
  auto writer = open_writer(dir.file());
  {
    detail::WalCheckpointer checkpointer(dir.file(), 5ms);
    // 400 rows: about 2000 pages, twice the threshold for starting over.
    write_rows(writer.get(), 400);
    const int before = checkpointer.completed();
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (checkpointer.completed() < before + 2 && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(5ms);
    ASSERT_GE(checkpointer.completed(), before + 2);
  }
  write_rows(writer.get(), 10);
  EXPECT_LT(log_frames(writer.get()), 1000);
}

TEST(WalCheckpointer, TheCappedWriterKeepsTheLogShortUnderBackToBackWrites) {
  TempDir dir;
  auto writer = open_writer(dir.file());
  detail::cap_write_ahead_log(writer.get());
  detail::WalCheckpointer checkpointer(dir.file(), 5ms);
  // 3000 rows written back to back: the log grows to about 75 MB if it is
  // never started over. The log file never shrinks, so its size is the
  // largest the log became: the cap plus what was written while a background
  // pass held the checkpoint (up to 20 MB, 1.2 times the cap, seen here).
  write_rows(writer.get(), 3000);
  const auto wal_bytes = std::filesystem::file_size(dir.file().string() + "-wal");
  constexpr std::uintmax_t kFrameBytes = 4096 + 24;  // a page and its frame header
  EXPECT_LT(wal_bytes, 2 * detail::kMaxLogFrames * kFrameBytes)
      << "the log grew to " << wal_bytes << " bytes";
}

TEST(WalCheckpointer, AStoreThatUsesItKeepsEveryRecord) {
  TempDir dir;
  SqliteOptions options;
  options.background_checkpoint_interval = 2ms;
  {
    auto store = open_sqlite_store(dir.file(), options);
    ASSERT_TRUE(store) << store.error().message;
    for (int i = 0; i < 300; ++i)
      ASSERT_TRUE(
          (*store)->add_checkin(sample_checkin("checkin-" + std::to_string(i), std::chrono::seconds(i))));
  }
  auto reopened = open_or_fail(dir.file());
  ASSERT_NE(reopened, nullptr);
  auto checkins = reopened->checkins(Query{});
  ASSERT_TRUE(checkins);
  EXPECT_EQ(checkins->size(), 300u);
}

}  // namespace
}  // namespace velum::journal
