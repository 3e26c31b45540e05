// Two writers on one journal: the second waits for the first (busy timeout)
// and both succeed; a process killed mid-session loses nothing it committed.

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <random>
#include <set>
#include <thread>

#include "fixtures.hpp"
#include "journal/detail/sqlite_handle.hpp"

namespace velum::journal {
namespace {

using namespace testing;

TEST(JournalConcurrency, SecondWriterWaitsForTheFirstAndSucceeds) {
  TempDir dir;
  auto store = open_or_fail(dir.file());
  ASSERT_NE(store, nullptr);
  // Another connection holds the write lock for a while, as a second velum would.
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(dir.file().c_str(), &raw), SQLITE_OK);
  detail::DbHandle other(raw);
  ASSERT_EQ(detail::exec(other.get(), "BEGIN IMMEDIATE"), SQLITE_OK);
  constexpr auto kHeld = std::chrono::milliseconds(300);
  std::thread holder([&] {
    std::this_thread::sleep_for(kHeld);
    detail::exec(other.get(), "COMMIT");
  });
  const auto start = std::chrono::steady_clock::now();
  auto added = store->add_checkin(sample_checkin());
  const auto waited = std::chrono::steady_clock::now() - start;
  holder.join();
  ASSERT_TRUE(added) << added.error().message;
  EXPECT_GE(waited, kHeld - std::chrono::milliseconds(50));
  EXPECT_EQ(store->checkins({})->size(), 1u);
}

TEST(JournalConcurrency, WriterGivesUpWithBusyAfterTheTimeout) {
  TempDir dir;
  SqliteOptions options;
  options.busy_timeout = std::chrono::milliseconds(100);
  auto store = open_or_fail(dir.file(), options);
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(dir.file().c_str(), &raw), SQLITE_OK);
  detail::DbHandle other(raw);
  ASSERT_EQ(detail::exec(other.get(), "BEGIN IMMEDIATE"), SQLITE_OK);
  auto added = store->add_checkin(sample_checkin());
  ASSERT_FALSE(added);
  EXPECT_EQ(added.error().code, ErrorCode::kBusy);
  EXPECT_NE(added.error().message.find("nothing was changed"), std::string::npos);
  detail::exec(other.get(), "ROLLBACK");
}

TEST(JournalConcurrency, TwoProcessesWritingAtOnceBothSucceed) {
  TempDir dir;
  ASSERT_NE(open_or_fail(dir.file()), nullptr);
  constexpr int kPerProcess = 150;
  auto writer = [&](const std::string& prefix) {
    auto store = open_sqlite_store(dir.file());
    if (!store) return 10;
    for (int i = 0; i < kPerProcess; ++i) {
      if (!(*store)->add_checkin(sample_checkin(fmt::format("{}-{}", prefix, i)))) return 11;
    }
    return 0;
  };
  std::vector<pid_t> children;
  for (const char* prefix : {"first", "second"}) {
    const pid_t pid = fork();
    if (pid == 0) _exit(writer(prefix));
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "status " << status;
  }
  auto store = open_or_fail(dir.file());
  EXPECT_EQ(store->checkins({})->size(), 2u * kPerProcess);
}

// The child writes step results one by one and tells the parent (through a
// pipe) the index of each one committed; the parent kills it at a random moment.
TEST(JournalConcurrency, KilledWriterLosesNoCommittedStepAndLeavesAHealthyFile) {
  TempDir dir;
  constexpr int kIterations = 30;
  constexpr int kMaxStepsPerChild = 100000;
  std::mt19937 random(20261125);
  std::uniform_int_distribution<int> delay_us(0, 20000);
  std::vector<std::pair<std::string, int>> committed;  // session id, highest index reported

  for (int iteration = 0; iteration < kIterations; ++iteration) {
    const std::string session_id = fmt::format("crash-{}", iteration);
    int pipe_fds[2];
    ASSERT_EQ(pipe(pipe_fds), 0);
    const pid_t pid = fork();
    if (pid == 0) {
      close(pipe_fds[0]);
      auto store = open_sqlite_store(dir.file());
      if (!store) _exit(10);
      auto session = sample_session(session_id);
      session.ended_at.reset();
      session.outcome.reset();
      session.stop_reason.reset();
      if (!(*store)->begin_session(session)) _exit(11);
      const int started = -1;  // tells the parent the steps begin now
      if (write(pipe_fds[1], &started, sizeof started) != static_cast<ssize_t>(sizeof started)) _exit(13);
      for (int i = 0; i < kMaxStepsPerChild; ++i) {
        if (!(*store)->add_step_result(sample_step(session_id, i))) _exit(12);
        if (write(pipe_fds[1], &i, sizeof i) != static_cast<ssize_t>(sizeof i)) _exit(13);
      }
      _exit(0);
    }
    close(pipe_fds[1]);
    // Wait until the child is writing steps, so the kill lands among step commits.
    int index = 0;
    const bool started = read(pipe_fds[0], &index, sizeof index) == static_cast<ssize_t>(sizeof index);
    std::this_thread::sleep_for(std::chrono::microseconds(delay_us(random)));
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    int highest = -1;
    while (read(pipe_fds[0], &index, sizeof index) == static_cast<ssize_t>(sizeof index)) highest = index;
    close(pipe_fds[0]);
    ASSERT_TRUE(started) << "child exited before starting its session, status " << status;
    ASSERT_TRUE(WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) == 0))
        << "child failed on its own with status " << WEXITSTATUS(status);
    committed.emplace_back(session_id, highest);
  }

  {
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(dir.file().c_str(), &raw), SQLITE_OK);
    detail::DbHandle db(raw);
    detail::Statement check(db.get(), "PRAGMA integrity_check");
    ASSERT_EQ(check.step(), SQLITE_ROW);
    EXPECT_EQ(check.column_text(0), "ok");
  }

  auto store = open_or_fail(dir.file());
  ASSERT_NE(store, nullptr);
  int reported_total = 0;
  for (const auto& [session_id, highest] : committed) {
    auto steps = store->step_results(session_id);
    ASSERT_TRUE(steps) << steps.error().message;
    std::set<int> present;
    for (const auto& step : *steps) present.insert(step.index);
    for (int i = 0; i <= highest; ++i) EXPECT_TRUE(present.contains(i)) << session_id << " lost step " << i;
    reported_total += highest + 1;
  }
  EXPECT_GT(reported_total, 0) << "no child got far enough to commit a step; the test proved nothing";
  // Sessions killed mid-way are still open until the next start marks them.
  auto marked = store->mark_interrupted_sessions(sample_time(24h));
  ASSERT_TRUE(marked);
  EXPECT_GT(*marked, 0);
}

}  // namespace
}  // namespace velum::journal
