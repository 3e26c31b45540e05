// A journal file that cannot be used (damaged, read-only, full) yields a clear
// error value and is never overwritten or "repaired"; earlier data stays intact.

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <random>

#include "fixtures.hpp"

namespace velum::journal {
namespace {

using namespace testing;

// Runs `body` in a forked child and returns its exit status (or -1 if it died
// from a signal), so tests can change process-wide limits and identity safely.
template <typename Body>
int in_child(Body&& body) {
  const pid_t pid = fork();
  if (pid == 0) _exit(body());
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(JournalFailures, RandomBytesAreReportedAsNotAJournalAndLeftUntouched) {
  TempDir dir;
  std::mt19937 random(42);
  std::string bytes(8192, '\0');
  for (auto& byte : bytes) byte = static_cast<char>(random() & 0xffU);
  write_bytes(dir.file(), bytes);
  auto store = open_sqlite_store(dir.file());
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, ErrorCode::kCorrupt);
  EXPECT_NE(store.error().message.find("not a velum journal"), std::string::npos) << store.error().message;
  EXPECT_EQ(read_bytes(dir.file()), bytes);
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "velum.sqlite3-wal"));
}

TEST(JournalFailures, DamagedPagesBehindAValidHeaderAreCorruptAndLeftUntouched) {
  TempDir dir;
  {
    auto store = open_or_fail(dir.file());
    ASSERT_TRUE(store->add_checkin(sample_checkin()));
    ASSERT_TRUE(store->backup_to(dir.path() / "clean.sqlite3", false));
  }
  // Keep the 100-byte header, scramble everything after it.
  auto bytes = read_bytes(dir.path() / "clean.sqlite3");
  constexpr std::size_t kHeaderBytes = 100;
  for (std::size_t i = kHeaderBytes; i < bytes.size(); ++i) bytes[i] = static_cast<char>(i * 7 + 3);
  const auto damaged = dir.path() / "damaged.sqlite3";
  write_bytes(damaged, bytes);
  auto store = open_sqlite_store(damaged);
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, ErrorCode::kCorrupt) << store.error().message;
  EXPECT_EQ(read_bytes(damaged), bytes);
}

TEST(JournalFailures, ReadOnlyFileIsReportedAndUnchanged) {
  TempDir dir;
  {
    auto store = open_or_fail(dir.file());
    ASSERT_TRUE(store->add_checkin(sample_checkin()));
  }
  std::filesystem::permissions(dir.file(), std::filesystem::perms::owner_read |
                                               std::filesystem::perms::group_read |
                                               std::filesystem::perms::others_read);
  std::filesystem::permissions(dir.path(),
                               std::filesystem::perms::owner_all | std::filesystem::perms::group_read |
                                   std::filesystem::perms::group_exec | std::filesystem::perms::others_read |
                                   std::filesystem::perms::others_exec);
  const auto before = read_bytes(dir.file());
  // Root may write any file, so the check runs as an unprivileged user in a child.
  constexpr uid_t kNobody = 65534;
  const int status = in_child([&] {
    if (geteuid() == 0 && (setgid(kNobody) != 0 || setuid(kNobody) != 0)) return 10;
    auto store = open_sqlite_store(dir.file());
    if (store) return 11;
    if (store.error().code != ErrorCode::kReadOnly) return 12;
    if (store.error().message.find("read-only") == std::string::npos) return 13;
    return 0;
  });
  EXPECT_EQ(status, 0) << "10: could not drop privileges, 11: opened, 12: wrong code, 13: message";
  EXPECT_EQ(read_bytes(dir.file()), before);
}

TEST(JournalFailures, FullDiskRollsBackTheWriteAndKeepsEarlierData) {
  TempDir dir;
  {
    auto store = open_or_fail(dir.file());
    ASSERT_TRUE(store->add_checkin(sample_checkin("before")));
  }
  // Cap the file a few pages above its current size, then write until full.
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(dir.file().c_str(), &raw), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(raw, "PRAGMA page_count", -1, &stmt, nullptr);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  const auto pages = static_cast<std::uint32_t>(sqlite3_column_int(stmt, 0));
  sqlite3_finalize(stmt);
  sqlite3_close(raw);

  SqliteOptions options;
  options.max_page_count = pages + 2;
  auto store = open_or_fail(dir.file(), options);
  ASSERT_NE(store, nullptr);
  std::optional<Error> failure;
  int written = 0;
  for (int i = 0; i < 1000 && !failure; ++i) {
    auto checkin = sample_checkin(fmt::format("fill-{}", i));
    checkin.note = std::string(2000, 'x');
    auto added = store->add_checkin(checkin);
    if (added) {
      ++written;
    } else {
      failure = added.error();
    }
  }
  ASSERT_TRUE(failure.has_value()) << "never filled up";
  EXPECT_EQ(failure->code, ErrorCode::kDiskFull) << failure->message;
  EXPECT_NE(failure->message.find("full"), std::string::npos);
  auto checkins = store->checkins({});
  ASSERT_TRUE(checkins) << checkins.error().message;
  EXPECT_EQ(checkins->size(), static_cast<std::size_t>(written) + 1);
  EXPECT_EQ(checkins->front().id, "before");
}

TEST(JournalFailures, FileSizeLimitIsReportedAsFullAndEarlierDataSurvives) {
  TempDir dir;
  {
    auto store = open_or_fail(dir.file());
    ASSERT_TRUE(store->add_checkin(sample_checkin("before")));
  }
  const int status = in_child([&] {
    // Writes past the limit fail with EFBIG instead of killing the child.
    std::signal(SIGXFSZ, SIG_IGN);
    auto store = open_sqlite_store(dir.file());
    if (!store) return 10;
    constexpr rlim_t kLimitBytes = 256 * 1024;
    rlimit limit{kLimitBytes, kLimitBytes};
    if (setrlimit(RLIMIT_FSIZE, &limit) != 0) return 11;
    for (int i = 0; i < 10000; ++i) {
      auto checkin = sample_checkin(fmt::format("fill-{}", i));
      checkin.note = std::string(4000, 'x');
      auto added = (*store)->add_checkin(checkin);
      if (!added) {
        if (added.error().code == ErrorCode::kDiskFull) return 0;
        std::fprintf(stderr, "child got: %s\n", added.error().message.c_str());
        return 12;
      }
    }
    return 13;
  });
  EXPECT_EQ(status, 0) << "10: open failed, 11: setrlimit, 12: wrong error code, 13: never filled";
  auto store = open_or_fail(dir.file());
  ASSERT_NE(store, nullptr);
  auto checkins = store->checkins({});
  ASSERT_TRUE(checkins) << checkins.error().message;
  EXPECT_EQ(checkins->front().id, "before");
}

}  // namespace
}  // namespace velum::journal
