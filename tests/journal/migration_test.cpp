// Schema migrations: a new journal gets the latest schema, a journal left at any
// older version is brought forward with its data, and a newer or foreign file is
// refused without a single byte changed.

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "fixtures.hpp"
#include "journal/detail/migrations.hpp"
#include "journal/detail/sqlite_handle.hpp"

namespace velum::journal {
namespace {

using namespace testing;

detail::DbHandle open_raw(const std::filesystem::path& file) {
  sqlite3* raw = nullptr;
  EXPECT_EQ(sqlite3_open(file.c_str(), &raw), SQLITE_OK);
  return detail::DbHandle(raw);
}

int schema_version_of(const std::filesystem::path& file) {
  auto db = open_raw(file);
  return detail::read_schema_version(db.get());
}

TEST(JournalMigrations, VersionsAreNumberedWithoutGapsFromOne) {
  int expected = 1;
  for (const auto& migration : detail::migrations()) {
    EXPECT_EQ(migration.version, expected++) << migration.purpose;
    EXPECT_FALSE(migration.sql.empty());
  }
  EXPECT_EQ(detail::latest_schema_version(), expected - 1);
}

TEST(JournalMigrations, NewJournalIsAtTheLatestVersion) {
  TempDir dir;
  ASSERT_NE(open_or_fail(dir.file()), nullptr);
  EXPECT_EQ(schema_version_of(dir.file()), detail::latest_schema_version());
}

TEST(JournalMigrations, MigratesFromEveryOlderVersionKeepingData) {
  for (int from = 1; from < detail::latest_schema_version(); ++from) {
    SCOPED_TRACE(fmt::format("from version {}", from));
    TempDir dir;
    {
      auto db = open_raw(dir.file());
      ASSERT_EQ(detail::migrate(db.get(), from, "2026-01-01T00:00:00Z"), SQLITE_OK);
      ASSERT_EQ(detail::read_schema_version(db.get()), from);
      // Version 1's tables are the base every later migration keeps.
      ASSERT_EQ(
          detail::exec(
              db.get(),
              "INSERT INTO checkins (id, user_id, taken_at, taken_at_offset_minutes, pain_throat, note) "
              "VALUES ('old', 'local', '2025-12-31T08:00:00Z', 60, 4, 'from an older velum')"),
          SQLITE_OK);
    }
    auto store = open_or_fail(dir.file());
    ASSERT_NE(store, nullptr);
    EXPECT_EQ(schema_version_of(dir.file()), detail::latest_schema_version());
    auto checkins = store->checkins({});
    ASSERT_TRUE(checkins) << checkins.error().message;
    ASSERT_EQ(checkins->size(), 1u);
    EXPECT_EQ(checkins->front().pain_in(Region::kThroat), 4);
    EXPECT_EQ(checkins->front().note, "from an older velum");
  }
}

TEST(JournalMigrations, EachMigrationIsRecordedOnce) {
  TempDir dir;
  ASSERT_NE(open_or_fail(dir.file()), nullptr);
  ASSERT_NE(open_or_fail(dir.file()), nullptr);  // reopening applies nothing twice
  auto db = open_raw(dir.file());
  detail::Statement count(db.get(), "SELECT count(*), count(DISTINCT version) FROM schema_version");
  ASSERT_EQ(count.step(), SQLITE_ROW);
  EXPECT_EQ(count.column_int(0), detail::latest_schema_version());
  EXPECT_EQ(count.column_int(1), detail::latest_schema_version());
}

TEST(JournalMigrations, RefusesAJournalFromAFutureVersionUntouched) {
  TempDir dir;
  ASSERT_NE(open_or_fail(dir.file()), nullptr);
  {
    auto db = open_raw(dir.file());
    const auto future =
        fmt::format("INSERT INTO schema_version VALUES ({}, 'from a newer velum', '2030-01-01T00:00:00Z')",
                    detail::latest_schema_version() + 1);
    ASSERT_EQ(detail::exec(db.get(), future.c_str()), SQLITE_OK);
    ASSERT_EQ(detail::exec(db.get(), "PRAGMA wal_checkpoint(TRUNCATE)"), SQLITE_OK);
  }
  const auto before = read_bytes(dir.file());
  auto store = open_sqlite_store(dir.file());
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, ErrorCode::kFutureVersion);
  EXPECT_NE(store.error().message.find("newer velum"), std::string::npos) << store.error().message;
  EXPECT_EQ(read_bytes(dir.file()), before);
}

TEST(JournalMigrations, RefusesAnSqliteDatabaseThatIsNotAJournal) {
  TempDir dir;
  {
    auto db = open_raw(dir.file());
    ASSERT_EQ(detail::exec(db.get(), "CREATE TABLE recipes (name TEXT)"), SQLITE_OK);
  }
  const auto before = read_bytes(dir.file());
  auto store = open_sqlite_store(dir.file());
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, ErrorCode::kCorrupt);
  EXPECT_NE(store.error().message.find("not a velum journal"), std::string::npos);
  EXPECT_EQ(read_bytes(dir.file()), before);
}

}  // namespace
}  // namespace velum::journal
