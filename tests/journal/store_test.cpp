// The SQLite store: every record type round-trips exactly, the session life
// cycle, crash recovery marking, and validation before anything is written.

#include <gtest/gtest.h>

#include "fixtures.hpp"

namespace velum::journal {
namespace {

using namespace testing;

TEST(SqliteStore, CreatesTheJournalFileAndItsFolder) {
  TempDir dir;
  const auto file = dir.path() / "nested" / "folder" / "velum.sqlite3";
  auto store = open_or_fail(file);
  ASSERT_NE(store, nullptr);
  EXPECT_TRUE(std::filesystem::exists(file));
}

TEST(SqliteStore, SafetyScreeningRoundTripsWithAnswersInOrder) {
  TempDir dir;
  auto store = open_or_fail(dir.file());
  ASSERT_TRUE(store->add_screening(sample_screening()));
  auto read = store->screenings({});
  ASSERT_TRUE(read) << read.error().message;
  ASSERT_EQ(read->size(), 1u);
  EXPECT_EQ(read->front(), sample_screening());
}

TEST(SqliteStore, SessionAndStepResultsRoundTrip) {
  TempDir dir;
  auto store = open_or_fail(dir.file());
  const auto session = sample_session();
  std::vector<StepResult> steps;
  for (int i = 0; i < 4; ++i) steps.push_back(sample_step(session.id, i));
  ASSERT_TRUE(store->record_session(session, steps));
  auto sessions = store->sessions({});
  ASSERT_TRUE(sessions);
  ASSERT_EQ(sessions->size(), 1u);
  EXPECT_EQ(sessions->front(), session);
  auto read_steps = store->step_results(session.id);
  ASSERT_TRUE(read_steps);
  EXPECT_EQ(*read_steps, steps);
}

TEST(SqliteStore, CheckInRoundTripsWithMissingRegionsLeftEmpty) {
  TempDir dir;
  auto store = open_or_fail(dir.file());
  ASSERT_TRUE(store->add_checkin(sample_checkin()));
  auto read = store->checkins({});
  ASSERT_TRUE(read);
  ASSERT_EQ(read->size(), 1u);
  EXPECT_EQ(read->front(), sample_checkin());
  EXPECT_FALSE(read->front().pain_in(Region::kThroat).has_value());
  EXPECT_EQ(read->front().pain_in(Region::kEars), 0);
}

TEST(SqliteStore, UpdatedCheckInReplacesTheStoredOne) {
  TempDir dir;
  auto store = open_or_fail(dir.file());
  ASSERT_TRUE(store->add_checkin(sample_checkin()));
  auto changed = sample_checkin();
  changed.pain_in(Region::kThroat) = 4;
  changed.note = "edited";
  ASSERT_TRUE(store->update_checkin(changed));
  auto read = store->checkins({});
  ASSERT_TRUE(read);
  ASSERT_EQ(read->size(), 1u);
  EXPECT_EQ(read->front(), changed);
}

TEST(SqliteStore, UpdatingAnUnknownOrInvalidCheckInChangesNothing) {
  TempDir dir;
  auto store = open_or_fail(dir.file());
  ASSERT_TRUE(store->add_checkin(sample_checkin()));
  auto unknown = sample_checkin();
  unknown.id = "not-stored";
  auto missing = store->update_checkin(unknown);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  auto invalid = sample_checkin();
  invalid.calm = 42;
  auto refused = store->update_checkin(invalid);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidInput);
  auto other_user = sample_checkin();
  other_user.user_id = "someone-else";
  EXPECT_EQ(store->update_checkin(other_user).error().code, ErrorCode::kNotFound);
  auto read = store->checkins({});
  ASSERT_TRUE(read);
  ASSERT_EQ(read->size(), 1u);
  EXPECT_EQ(read->front(), sample_checkin());
}

TEST(SqliteStore, DeletedCheckInIsGoneAndASecondDeleteIsNotFound) {
  TempDir dir;
  auto store = open_or_fail(dir.file());
  const auto checkin = sample_checkin();
  ASSERT_TRUE(store->add_checkin(checkin));
  ASSERT_TRUE(store->delete_checkin(checkin.user_id, checkin.id));
  auto read = store->checkins({});
  ASSERT_TRUE(read);
  EXPECT_TRUE(read->empty());
  auto again = store->delete_checkin(checkin.user_id, checkin.id);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kNotFound);
}

TEST(SqliteStore, PlanStateIsReplacedPerRoutine) {
  TempDir dir;
  auto store = open_or_fail(dir.file());
  auto plan = sample_plan();
  ASSERT_TRUE(store->save_plan_state(plan));
  plan.paused = false;
  plan.pause_reason.clear();
  plan.current_stage = 4;
  ASSERT_TRUE(store->save_plan_state(plan));
  auto read = store->plan_states(std::string(kDefaultUser));
  ASSERT_TRUE(read);
  ASSERT_EQ(read->size(), 1u);
  EXPECT_EQ(read->front(), plan);
}

TEST(SqliteStore, RecordsStayWithTheirUser) {
  TempDir dir;
  auto store = open_or_fail(dir.file());
  auto mine = sample_checkin("mine");
  auto theirs = sample_checkin("theirs");
  theirs.user_id = "client-7";
  ASSERT_TRUE(store->add_checkin(mine));
  ASSERT_TRUE(store->add_checkin(theirs));
  Query query;
  query.user_id = "client-7";
  auto read = store->checkins(query);
  ASSERT_TRUE(read);
  ASSERT_EQ(read->size(), 1u);
  EXPECT_EQ(read->front().id, "theirs");
}

TEST(SqliteStore, SinceFiltersByInstant) {
  TempDir dir;
  auto store = open_or_fail(dir.file());
  ASSERT_TRUE(store->add_checkin(sample_checkin("early")));
  ASSERT_TRUE(store->add_checkin(sample_checkin("late", 48h)));
  Query query;
  query.since_utc = sample_time(24h).utc;
  auto read = store->checkins(query);
  ASSERT_TRUE(read);
  ASSERT_EQ(read->size(), 1u);
  EXPECT_EQ(read->front().id, "late");
}

TEST(SqliteStore, GuidedSessionCommitsEachStepThenEnds) {
  TempDir dir;
  auto store = open_or_fail(dir.file());
  auto session = sample_session();
  session.ended_at.reset();
  session.outcome.reset();
  session.stop_reason.reset();
  ASSERT_TRUE(store->begin_session(session));
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(store->add_step_result(sample_step(session.id, i)));
  ASSERT_TRUE(store->end_session(session.id, sample_time(5min), SessionOutcome::kCompleted, std::nullopt));
  auto read = store->sessions({});
  ASSERT_TRUE(read);
  EXPECT_EQ(read->front().outcome, SessionOutcome::kCompleted);
  EXPECT_EQ(read->front().ended_at, sample_time(5min));
  EXPECT_EQ(store->step_results(session.id)->size(), 3u);
}

TEST(SqliteStore, EndingASessionTwiceIsNotFound) {
  TempDir dir;
  auto store = open_or_fail(dir.file());
  auto session = sample_session();
  session.ended_at.reset();
  session.outcome.reset();
  session.stop_reason.reset();
  ASSERT_TRUE(store->begin_session(session));
  ASSERT_TRUE(store->end_session(session.id, sample_time(1min), SessionOutcome::kCompleted, std::nullopt));
  auto again = store->end_session(session.id, sample_time(2min), SessionOutcome::kCompleted, std::nullopt);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kNotFound);
}

TEST(SqliteStore, StoppedSessionNeedsAStopReason) {
  TempDir dir;
  auto store = open_or_fail(dir.file());
  auto session = sample_session();
  session.ended_at.reset();
  session.outcome.reset();
  session.stop_reason.reset();
  ASSERT_TRUE(store->begin_session(session));
  auto ended = store->end_session(session.id, sample_time(1min), SessionOutcome::kStopped, std::nullopt);
  ASSERT_FALSE(ended);
  EXPECT_EQ(ended.error().code, ErrorCode::kInvalidInput);
  auto other = store->end_session(session.id, sample_time(1min), SessionOutcome::kStopped, StopReason{});
  ASSERT_FALSE(other);
  EXPECT_NE(other.error().message.find("other"), std::string::npos);
}

TEST(SqliteStore, OpenSessionsAreMarkedInterruptedOnTheNextOpen) {
  TempDir dir;
  auto session = sample_session();
  session.ended_at.reset();
  session.outcome.reset();
  session.stop_reason.reset();
  {
    auto store = open_or_fail(dir.file());
    ASSERT_TRUE(store->begin_session(session));
    ASSERT_TRUE(store->add_step_result(sample_step(session.id, 0)));
  }
  auto store = open_or_fail(dir.file());
  auto marked = store->mark_interrupted_sessions(sample_time(2h));
  ASSERT_TRUE(marked);
  EXPECT_EQ(*marked, 1);
  auto read = store->sessions({});
  EXPECT_EQ(read->front().outcome, SessionOutcome::kInterrupted);
  EXPECT_EQ(read->front().ended_at, sample_time(2h));
  EXPECT_EQ(store->step_results(session.id)->size(), 1u);
  EXPECT_EQ(*store->mark_interrupted_sessions(sample_time(3h)), 0);
}

TEST(SqliteStore, StepResultForAnUnknownSessionIsNotFound) {
  TempDir dir;
  auto store = open_or_fail(dir.file());
  auto added = store->add_step_result(sample_step("no-such-session", 0));
  ASSERT_FALSE(added);
  EXPECT_EQ(added.error().code, ErrorCode::kNotFound);
}

TEST(SqliteStore, RejectsOutOfRangePainAndStoresNothing) {
  TempDir dir;
  auto store = open_or_fail(dir.file());
  auto checkin = sample_checkin();
  checkin.pain_in(Region::kThroat) = 11;
  auto added = store->add_checkin(checkin);
  ASSERT_FALSE(added);
  EXPECT_EQ(added.error().code, ErrorCode::kInvalidInput);
  EXPECT_NE(added.error().message.find("throat"), std::string::npos) << added.error().message;
  EXPECT_NE(added.error().message.find("11"), std::string::npos) << added.error().message;
  EXPECT_TRUE(store->checkins({})->empty());
}

TEST(SqliteStore, ScreeningWithAYesCannotBeClear) {
  TempDir dir;
  auto store = open_or_fail(dir.file());
  auto screening = sample_screening();
  screening.result = ScreenResult::kClear;
  auto added = store->add_screening(screening);
  ASSERT_FALSE(added);
  EXPECT_EQ(added.error().code, ErrorCode::kInvalidInput);
}

TEST(SqliteStore, DuplicateIdIsRefused) {
  TempDir dir;
  auto store = open_or_fail(dir.file());
  ASSERT_TRUE(store->add_checkin(sample_checkin()));
  auto again = store->add_checkin(sample_checkin());
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kDuplicate);
  EXPECT_EQ(store->checkins({})->size(), 1u);
}

TEST(SqliteStore, WholeSessionIsAtomicWhenOneStepIsInvalid) {
  TempDir dir;
  auto store = open_or_fail(dir.file());
  const auto session = sample_session();
  std::vector<StepResult> steps{sample_step(session.id, 0), sample_step(session.id, 0)};  // same index twice
  auto recorded = store->record_session(session, steps);
  ASSERT_FALSE(recorded);
  EXPECT_EQ(recorded.error().code, ErrorCode::kDuplicate);
  EXPECT_TRUE(store->sessions({})->empty());
  EXPECT_TRUE(store->step_results(session.id)->empty());
}

TEST(SqliteStore, BackupIsACompleteJournalAndRefusesToOverwrite) {
  TempDir dir;
  auto store = open_or_fail(dir.file());
  ASSERT_TRUE(store->add_checkin(sample_checkin()));
  const auto copy = dir.path() / "copy.sqlite3";
  ASSERT_TRUE(store->backup_to(copy, false));
  auto again = store->backup_to(copy, false);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kDuplicate);
  EXPECT_NE(again.error().message.find("--force"), std::string::npos);
  ASSERT_TRUE(store->backup_to(copy, true));
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "copy.sqlite3-wal"));
  auto restored = open_or_fail(copy);
  ASSERT_NE(restored, nullptr);
  EXPECT_EQ(restored->checkins({})->front(), sample_checkin());
}

}  // namespace
}  // namespace velum::journal
