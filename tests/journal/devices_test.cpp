// Paired devices in the journal: a device is found by its token hash only,
// revocation is seen at once by another connection, and bad records are refused.

#include "journal/devices.hpp"

#include <gtest/gtest.h>

#include "fixtures.hpp"

namespace velum::journal {
namespace {

using testing::sample_time;
using testing::TempDir;
using namespace std::chrono_literals;

const std::string kHashA(64, 'a');
const std::string kHashB = std::string(63, '0') + "1";

std::unique_ptr<DeviceStore> open_devices(const std::filesystem::path& file) {
  auto store = open_sqlite_device_store(file);
  if (!store) {
    ADD_FAILURE() << store.error().message;
    return nullptr;
  }
  return std::move(*store);
}

TEST(JournalDevices, APairedDeviceIsFoundByItsTokenHash) {
  TempDir dir;
  auto store = open_devices(dir.file());
  auto added = store->add_device("Chrome on Android", kHashA, sample_time());
  ASSERT_TRUE(added) << added.error().message;
  auto found = store->find_by_token_hash(kHashA);
  ASSERT_TRUE(found) << found.error().message;
  EXPECT_EQ(*found, *added);
  EXPECT_EQ(found->name, "Chrome on Android");
  EXPECT_EQ(found->paired_at, sample_time());
  EXPECT_EQ(found->last_seen_at, sample_time());
  EXPECT_FALSE(found->revoked());
}

TEST(JournalDevices, AnUnknownTokenHashIsNotFound) {
  TempDir dir;
  auto store = open_devices(dir.file());
  ASSERT_TRUE(store->add_device("Firefox on Linux", kHashA, sample_time()));
  auto found = store->find_by_token_hash(kHashB);
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().code, ErrorCode::kNotFound);
}

TEST(JournalDevices, IdsAreNeverReusedAndListedInPairingOrder) {
  TempDir dir;
  auto store = open_devices(dir.file());
  auto first = store->add_device("Phone", kHashA, sample_time());
  auto second = store->add_device("Tablet", kHashB, sample_time(60s));
  ASSERT_TRUE(first && second);
  EXPECT_LT(first->id, second->id);
  auto listed = store->devices();
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 2U);
  EXPECT_EQ((*listed)[0].name, "Phone");
  EXPECT_EQ((*listed)[1].name, "Tablet");
}

TEST(JournalDevices, RevocationIsSeenAtOnceByAnotherConnection) {
  TempDir dir;
  auto server = open_devices(dir.file());
  auto command = open_devices(dir.file());
  auto added = server->add_device("Phone", kHashA, sample_time());
  ASSERT_TRUE(added);
  ASSERT_TRUE(command->revoke(added->id, sample_time(120s)));
  auto found = server->find_by_token_hash(kHashA);
  ASSERT_TRUE(found);
  ASSERT_TRUE(found->revoked());
  EXPECT_EQ(*found->revoked_at, sample_time(120s));
}

TEST(JournalDevices, RevokingTwiceKeepsTheFirstTime) {
  TempDir dir;
  auto store = open_devices(dir.file());
  auto added = store->add_device("Phone", kHashA, sample_time());
  ASSERT_TRUE(added);
  ASSERT_TRUE(store->revoke(added->id, sample_time(10s)));
  ASSERT_TRUE(store->revoke(added->id, sample_time(20s)));
  EXPECT_EQ(*store->find_by_token_hash(kHashA)->revoked_at, sample_time(10s));
}

TEST(JournalDevices, RevokingAnUnknownIdSaysHowToListDevices) {
  TempDir dir;
  auto store = open_devices(dir.file());
  auto status = store->revoke(42, sample_time());
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kNotFound);
  EXPECT_NE(status.error().message.find("velum devices"), std::string::npos) << status.error().message;
}

TEST(JournalDevices, LastSeenOnlyMovesForward) {
  TempDir dir;
  auto store = open_devices(dir.file());
  auto added = store->add_device("Phone", kHashA, sample_time(100s));
  ASSERT_TRUE(added);
  ASSERT_TRUE(store->mark_seen(added->id, sample_time(500s)));
  ASSERT_TRUE(store->mark_seen(added->id, sample_time(200s)));
  EXPECT_EQ(store->find_by_token_hash(kHashA)->last_seen_at, sample_time(500s));
}

TEST(JournalDevices, RefusesAMalformedHashOrName) {
  TempDir dir;
  auto store = open_devices(dir.file());
  auto upper = store->add_device("Phone", std::string(64, 'A'), sample_time());
  ASSERT_FALSE(upper);
  EXPECT_EQ(upper.error().code, ErrorCode::kInvalidInput);
  auto short_hash = store->add_device("Phone", "abc", sample_time());
  ASSERT_FALSE(short_hash);
  EXPECT_EQ(short_hash.error().code, ErrorCode::kInvalidInput);
  auto unnamed = store->add_device("", kHashA, sample_time());
  ASSERT_FALSE(unnamed);
  EXPECT_EQ(unnamed.error().code, ErrorCode::kInvalidInput);
  EXPECT_TRUE(store->devices()->empty());
}

TEST(JournalDevices, ATokenHashIsPairedOnlyOnce) {
  TempDir dir;
  auto store = open_devices(dir.file());
  ASSERT_TRUE(store->add_device("Phone", kHashA, sample_time()));
  auto again = store->add_device("Other", kHashA, sample_time());
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kDuplicate);
}

TEST(JournalDevices, AreNotPartOfTheExport) {
  TempDir dir;
  auto journal = testing::open_or_fail(dir.file());
  auto store = open_devices(dir.file());
  ASSERT_TRUE(store->add_device("Phone", kHashA, sample_time()));
  auto exported = journal->export_all();
  ASSERT_TRUE(exported);
  EXPECT_EQ(*exported, JournalData{});
}

}  // namespace
}  // namespace velum::journal
