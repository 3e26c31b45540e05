// One session runner per data folder: the lock refuses a second holder, names
// the first, and is free again once the holder lets go (or its process ends).

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include "fixtures.hpp"
#include "journal/folder_lock.hpp"

namespace velum::journal {
namespace {

using testing::TempDir;

TEST(FolderLock, RefusesASecondHolderNamingTheFolderAndTheFirstHoldersPid) {
  TempDir dir;
  auto first = lock_data_folder(dir.path(), "velum serve");
  ASSERT_TRUE(first) << first.error().message;
  auto second = lock_data_folder(dir.path(), "velum session");
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, ErrorCode::kBusy);
  EXPECT_NE(second.error().message.find(dir.path().string()), std::string::npos) << second.error().message;
  EXPECT_NE(second.error().message.find(fmt::format("velum serve (pid {})", getpid())), std::string::npos)
      << second.error().message;
}

TEST(FolderLock, IsFreeAgainOnceTheHolderReleasesIt) {
  TempDir dir;
  {
    auto first = lock_data_folder(dir.path(), "velum serve");
    ASSERT_TRUE(first);
  }
  auto again = lock_data_folder(dir.path(), "velum session");
  EXPECT_TRUE(again) << again.error().message;
}

TEST(FolderLock, IsFreeAgainWhenTheHoldingProcessDiesWithoutReleasing) {
  TempDir dir;
  int ready[2];
  ASSERT_EQ(pipe(ready), 0);
  const pid_t child = fork();
  if (child == 0) {
    auto held = lock_data_folder(dir.path(), "velum serve");
    const char byte = held ? 'y' : 'n';
    [[maybe_unused]] auto written = write(ready[1], &byte, 1);
    pause();  // killed below, never releasing the lock itself
    _exit(0);
  }
  char byte = 0;
  ASSERT_EQ(read(ready[0], &byte, 1), 1);
  ASSERT_EQ(byte, 'y');
  EXPECT_FALSE(lock_data_folder(dir.path(), "velum session"));
  kill(child, SIGKILL);
  waitpid(child, nullptr, 0);
  auto after = lock_data_folder(dir.path(), "velum session");
  EXPECT_TRUE(after) << after.error().message;
  close(ready[0]);
  close(ready[1]);
}

TEST(FolderLock, ReportsAFolderThatCannotHoldTheLockFile) {
  TempDir dir;
  auto locked = lock_data_folder(dir.path() / "missing", "velum serve");
  ASSERT_FALSE(locked);
  EXPECT_EQ(locked.error().code, ErrorCode::kIo);
  EXPECT_NE(locked.error().message.find("velum.lock"), std::string::npos) << locked.error().message;
}

}  // namespace
}  // namespace velum::journal
