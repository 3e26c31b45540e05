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

TEST(JournalMigrations, AVersionThreeJournalGainsVoiceSessionsInPlaceWithNothingLost) {
  TempDir dir;
  JournalData before;
  {
    auto db = open_raw(dir.file());
    ASSERT_EQ(detail::migrate(db.get(), 3, "2026-01-01T00:00:00Z"), SQLITE_OK);
  }
  {
    // Records of every kind a version 3 journal holds, written through the
    // version 3 schema before this velum first opens the file.
    auto db = open_raw(dir.file());
    const char* const kVersionThreeRows[] = {
        "INSERT INTO safety_screenings VALUES ('screen-3', 'local', 1, '2026-01-02T08:00:00Z', 60, 'clear')",
        "INSERT INTO screening_answers VALUES ('screen-3', 0, 'recent-surgery', 0)",
        "INSERT INTO sessions VALUES ('session-3', 'local', 'core-release', 1, 'diaphragmatic', 2, "
        "'2026-01-02T09:00:00Z', 60, '2026-01-02T09:06:00Z', 60, 'completed', NULL, '', 'guided', NULL)",
        "INSERT INTO step_results VALUES ('session-3', 0, 'hold', 60, 58.5, 3, 'itching', 'ok', 2, 0, 1.5)",
        "INSERT INTO checkins (id, user_id, taken_at, taken_at_offset_minutes, pain_throat, note) "
        "VALUES ('checkin-3', 'local', '2026-01-02T10:00:00Z', 60, 5, 'kept')",
        "INSERT INTO plan_states VALUES ('local', 'core-release', 2, 1, 0, '', '2026-01-02T09:06:00Z', 60)",
        "INSERT INTO study_plans VALUES ('study-3', 'local', '2026-01-05', '2026-01-20', '2026-01-11', "
        "'00112233aabbccdd', '2026-01-02T08:30:00Z', 60)",
    };
    for (const char* sql : kVersionThreeRows) ASSERT_EQ(detail::exec(db.get(), sql), SQLITE_OK) << sql;
  }
  auto store = open_or_fail(dir.file());
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(schema_version_of(dir.file()), detail::latest_schema_version());
  auto data = store->export_all();
  ASSERT_TRUE(data) << data.error().message;
  ASSERT_EQ(data->screenings.size(), 1u);
  EXPECT_EQ(data->screenings.front().answers.size(), 1u);
  ASSERT_EQ(data->sessions.size(), 1u);
  EXPECT_EQ(data->sessions.front().outcome, SessionOutcome::kCompleted);
  ASSERT_EQ(data->step_results.size(), 1u);
  EXPECT_EQ(data->step_results.front().actual_seconds, 58.5);
  ASSERT_EQ(data->checkins.size(), 1u);
  EXPECT_EQ(data->checkins.front().note, "kept");
  ASSERT_EQ(data->plan_states.size(), 1u);
  ASSERT_EQ(data->study_plans.size(), 1u);
  EXPECT_EQ(data->study_plans.front().seed, "00112233aabbccdd");
  EXPECT_TRUE(data->voice_sessions.empty());
  // The new table is there and takes a voice session.
  ASSERT_TRUE(store->add_voice_session(sample_voice_session()));
  auto voice = store->voice_sessions(std::string(kDefaultUser), {});
  ASSERT_TRUE(voice);
  EXPECT_EQ(voice->size(), 1u);
}

TEST(JournalMigrations, VoiceSessionChecksHoldInTheDatabaseItself) {
  // A writer that skips validate() (another backend, a hand edit) still cannot
  // store a negative duration or a result that is not a JSON object.
  TempDir dir;
  ASSERT_NE(open_or_fail(dir.file()), nullptr);
  auto db = open_raw(dir.file());
  const auto insert = [&](const char* mpt, const char* result) {
    const auto sql = fmt::format(
        "INSERT INTO voice_sessions (id, user_id, recorded_at, recorded_at_offset_minutes, recorded_on, "
        "task, "
        "source, mpt_seconds, result_json) VALUES ('v', 'local', '2026-01-02T10:00:00Z', 0, '2026-01-02', "
        "'mpt', 'a.wav', {}, '{}')",
        mpt, result);
    return detail::exec(db.get(), sql.c_str());
  };
  EXPECT_EQ(insert("-1", "{}") & 0xFF, SQLITE_CONSTRAINT);
  EXPECT_EQ(insert("3", "[1]") & 0xFF, SQLITE_CONSTRAINT);
  EXPECT_EQ(insert("3", "{\"max_phonation_seconds\": 3}"), SQLITE_OK);
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
