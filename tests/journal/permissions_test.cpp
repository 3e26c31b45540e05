// The journal holds health records: its file and the files SQLite keeps beside
// it are readable by their owner only, whatever the umask says.

#include <sys/stat.h>

#include <gtest/gtest.h>

#include "fixtures.hpp"
#include "journal/devices.hpp"

namespace velum::journal {
namespace {

using testing::TempDir;

unsigned mode_of(const std::filesystem::path& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return 0xFFFF;
  return info.st_mode & 0777U;
}

// Sets a permissive umask for one test and restores the previous one.
class Umask {
 public:
  explicit Umask(mode_t mask) : previous_(::umask(mask)) {}
  ~Umask() { ::umask(previous_); }
  Umask(const Umask&) = delete;
  Umask& operator=(const Umask&) = delete;

 private:
  mode_t previous_;
};

TEST(JournalPermissions, ANewJournalAndItsLogAreReadableByTheOwnerOnly) {
  Umask permissive(0);
  TempDir dir;
  auto store = testing::open_or_fail(dir.file());
  ASSERT_TRUE(store->add_checkin(testing::sample_checkin()));
  EXPECT_EQ(mode_of(dir.file()), 0600U);
  ASSERT_TRUE(std::filesystem::exists(dir.file().string() + "-wal"));
  EXPECT_EQ(mode_of(dir.file().string() + "-wal"), 0600U);
  EXPECT_EQ(mode_of(dir.file().string() + "-shm"), 0600U);
}

TEST(JournalPermissions, AnExistingJournalReadableByOthersIsNarrowedOnOpen) {
  TempDir dir;
  { ASSERT_TRUE(testing::open_or_fail(dir.file())); }
  std::filesystem::permissions(dir.file(), std::filesystem::perms(0644));
  ASSERT_EQ(mode_of(dir.file()), 0644U);
  auto store = testing::open_or_fail(dir.file());
  EXPECT_EQ(mode_of(dir.file()), 0600U);
}

TEST(JournalPermissions, NarrowingKeepsAReadOnlyJournalReadOnly) {
  TempDir dir;
  { ASSERT_TRUE(testing::open_or_fail(dir.file())); }
  std::filesystem::permissions(dir.file(), std::filesystem::perms(0444));
  // Whether the open then succeeds depends on who runs the test (root writes
  // anything); what matters is that no write bit was added.
  (void)open_sqlite_store(dir.file());
  EXPECT_EQ(mode_of(dir.file()), 0400U);
}

TEST(JournalPermissions, TheDeviceStoreOpensTheJournalTheSameWay) {
  Umask permissive(0);
  TempDir dir;
  auto devices = open_sqlite_device_store(dir.file());
  ASSERT_TRUE(devices) << devices.error().message;
  EXPECT_EQ(mode_of(dir.file()), 0600U);
}

}  // namespace
}  // namespace velum::journal
