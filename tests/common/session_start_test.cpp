// The use-case layer's answer to "may this person start a session of routine R
// now?", against a real journal: the safety gate both front ends rely on, the
// "I feel well again" field, harmless interruptions and the default routine.

#include "common/session_start.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "../journal/fixtures.hpp"
#include "practice/loader.hpp"

namespace velum::common {
namespace {

using journal::testing::TempDir;
using namespace std::chrono_literals;

constexpr std::string_view kCore = "core-nasopharynx";

// Day n at 10:00 UTC, recorded at UTC+01:00; day 0 is 2026-03-02.
journal::Timestamp at(int day, std::chrono::minutes later = 0min) {
  return journal::Timestamp{
      std::chrono::sys_days{std::chrono::year{2026} / 3 / 2} + std::chrono::days{day} + 10h + later, 60min};
}

class SessionStart : public ::testing::Test {
 protected:
  void SetUp() override {
    catalog_ = practice::load_catalog(VELUM_PROTOCOL_DIR, std::nullopt);
    ASSERT_NE(catalog_.find(std::string{kCore}), nullptr);
    store_ = journal::testing::open_or_fail(dir_.file());
    ASSERT_NE(store_, nullptr);
  }

  void clear_screen(int day) {
    std::vector<practice::ScreenAnswer> answers;
    for (const auto& question : practice::screen_questions())
      answers.push_back({std::string{question.id}, false});
    const auto evaluation = practice::evaluate_screen(answers);
    ASSERT_TRUE(store_->add_screening(make_screening(answers, evaluation, at(day))));
  }

  // A finished session of `routine` at stage `stage` on day `day`.
  void session(int day, std::string_view routine, journal::SessionOutcome outcome,
               std::optional<journal::StopReason> reason = std::nullopt, std::optional<int> pain = 2,
               int stage = 1) {
    journal::SessionRecord record;
    record.id = journal::new_record_id();
    record.routine_id = routine;
    record.pattern = "diaphragmatic";
    record.stage = stage;
    record.started_at = at(day);
    record.ended_at = at(day, 6min);
    record.outcome = outcome;
    record.stop_reason = std::move(reason);
    record.source = journal::SessionSource::kLogged;
    record.pain = pain;
    ASSERT_TRUE(store_->record_session(record, {}));
  }
  void stopped(int day, std::string_view routine = kCore) {
    session(day, routine, journal::SessionOutcome::kStopped,
            journal::StopReason{practice::StopSignal::kDizziness, ""});
  }

  StartDecision decide(int day, const std::string& routine = std::string{kCore}, bool confirm_well = false) {
    auto decision = decide_start(*store_, catalog_, PlanRequest{routine, confirm_well}, at(day, 30min));
    EXPECT_TRUE(decision) << decision.error().message;
    return decision ? std::move(*decision) : StartDecision{};
  }

  TempDir dir_;
  practice::Catalog catalog_;
  std::unique_ptr<journal::Store> store_;
};

TEST_F(SessionStart, AllowsAScreenedPersonAndListsTheChecklistAndReminders) {
  clear_screen(0);
  const auto decision = decide(0);
  EXPECT_TRUE(decision.allowed());
  ASSERT_FALSE(decision.checklist.empty());
  EXPECT_EQ(decision.checklist.front().item, practice::PrepItem::kNailsShort);
  EXPECT_TRUE(decision.checklist.front().blocks);
  EXPECT_EQ(decision.reminders, std::vector<std::string_view>{practice::kPostureReminder});
}

TEST_F(SessionStart, RefusesAnIntraOralRoutineUntilTheScreenIsTaken) {
  const auto decision = decide(0);
  ASSERT_FALSE(decision.allowed());
  EXPECT_EQ(decision.refusal->reason, StartBlock::kScreenNeeded);
  EXPECT_EQ(decision.refusal->unblock, Unblock::kTakeScreen);
  EXPECT_NE(decision.refusal->message.find("not taken the safety screen"), std::string::npos);
}

TEST_F(SessionStart, ABlockedScreenIsLiftedOnlyByAClinician) {
  std::vector<practice::ScreenAnswer> answers;
  for (const auto& question : practice::screen_questions())
    answers.push_back({std::string{question.id}, question.id == "bleeding-risk"});
  ASSERT_TRUE(store_->add_screening(make_screening(answers, practice::evaluate_screen(answers), at(0))));
  const auto decision = decide(0);
  ASSERT_FALSE(decision.allowed());
  EXPECT_EQ(decision.refusal->reason, StartBlock::kScreenBlocked);
  EXPECT_EQ(decision.refusal->unblock, Unblock::kClinicianAdvice);
}

TEST_F(SessionStart, AftercareNeedsNoScreenSinceNothingGoesIntoTheMouth) {
  EXPECT_TRUE(decide(0, std::string{kAftercareRoutineId}).allowed());
}

TEST_F(SessionStart, TwoStopsInARowRefuseWithTheConfirmationAsTheWayOn) {
  clear_screen(0);
  stopped(0);
  stopped(1);
  const auto decision = decide(2);
  ASSERT_FALSE(decision.allowed());
  EXPECT_EQ(decision.refusal->reason, StartBlock::kPlanPaused);
  EXPECT_EQ(decision.refusal->unblock, Unblock::kConfirmWell);
  EXPECT_NE(decision.refusal->message.find("your last 2 sessions were stopped"), std::string::npos);
  const auto answer = start_to_json(decision);
  EXPECT_EQ(answer.at("refusal").at("reason"), "plan-paused");
  EXPECT_EQ(answer.at("refusal").at("unblock"), "confirm-well");
  EXPECT_FALSE(answer.at("allowed").get<bool>());
}

TEST_F(SessionStart, FeelingWellAgainIsAFieldOfThePlanStateNotACheckIn) {
  clear_screen(0);
  stopped(0);
  stopped(1);
  const auto confirmed = decide(2, std::string{kCore}, /*confirm_well=*/true);
  EXPECT_EQ(confirmed.today.confirmation, WellConfirmation::kNoted);
  EXPECT_TRUE(confirmed.allowed()) << confirmed.today.plan.explanation;
  auto checkins = store_->checkins({});
  ASSERT_TRUE(checkins);
  EXPECT_TRUE(checkins->empty()) << "the confirmation is no check-in, so it is in no check-in list or export";
  auto states = store_->plan_states(std::string{journal::kDefaultUser});
  ASSERT_TRUE(states);
  ASSERT_EQ(states->size(), 1u);
  ASSERT_TRUE(states->front().well_confirmed_at.has_value());
  EXPECT_EQ(states->front().well_confirmed_at->utc, at(2, 30min).utc);
  // A later look at the plan keeps the pause lifted.
  EXPECT_TRUE(decide(3).allowed());
}

TEST_F(SessionStart, TypingTheOldSentenceAsACheckInNoteLiftsNothing) {
  clear_screen(0);
  stopped(0);
  stopped(1);
  journal::CheckIn checkin;
  checkin.id = journal::new_record_id();
  checkin.taken_at = at(2);
  checkin.note = "I feel well again after the stopped sessions and want to go on with the plan.";
  ASSERT_TRUE(store_->add_checkin(checkin));
  EXPECT_FALSE(decide(3).allowed());
}

TEST_F(SessionStart, AConfirmationOnTheDayOfTheStopIsKeptButDoesNotLiftThePause) {
  clear_screen(0);
  stopped(0);
  stopped(1);
  const auto same_day = decide(1, std::string{kCore}, /*confirm_well=*/true);
  EXPECT_EQ(same_day.today.confirmation, WellConfirmation::kNoted);
  EXPECT_FALSE(same_day.allowed());
  EXPECT_NE(same_day.refusal->message.find("on the day of a stop does not count"), std::string::npos);
}

TEST_F(SessionStart, HarmlessInterruptionsNeitherPauseNorGoBackAStage) {
  clear_screen(0);
  for (int day = 0; day < 3; ++day) session(day, kCore, journal::SessionOutcome::kCompleted);
  const auto interrupted = journal::StopReason{std::nullopt, "", /*interrupted=*/true};
  session(3, kCore, journal::SessionOutcome::kStopped, interrupted, std::nullopt, 2);
  session(4, kCore, journal::SessionOutcome::kStopped, interrupted, std::nullopt, 2);
  const auto decision = decide(5);
  EXPECT_TRUE(decision.allowed()) << decision.today.plan.explanation;
  EXPECT_EQ(decision.today.plan.stage, 2) << decision.today.plan.explanation;
  EXPECT_FALSE(decision.today.plan.paused);
}

TEST_F(SessionStart, SafetyStopsStillGoBackAStage) {
  clear_screen(0);
  for (int day = 0; day < 3; ++day) session(day, kCore, journal::SessionOutcome::kCompleted);
  session(3, kCore, journal::SessionOutcome::kStopped, journal::StopReason{std::nullopt, "felt odd"},
          std::nullopt, 2);
  const auto decision = decide(4);
  EXPECT_EQ(decision.today.plan.stage, 1) << decision.today.plan.explanation;
}

TEST_F(SessionStart, ClinicianAdviceIsAWarningOfTheDecision) {
  clear_screen(14);
  for (int day = 0; day < 3; ++day) session(day, kCore, journal::SessionOutcome::kCompleted, {}, 5);
  for (int day = 14; day < 17; ++day) session(day, kCore, journal::SessionOutcome::kCompleted, {}, 5);
  const auto decision = decide(17);
  EXPECT_TRUE(decision.allowed());
  ASSERT_EQ(decision.warnings.size(), 1u);
  EXPECT_NE(decision.warnings.front().find("please see a clinician"), std::string::npos);
  EXPECT_EQ(decision.today.plan.rule, practice::PlanRule::kSeeClinician);
}

TEST_F(SessionStart, AftercareAfterASessionDoesNotBecomeTheDefaultRoutine) {
  clear_screen(0);
  session(0, "tongue-suction", journal::SessionOutcome::kCompleted);
  session(1, kAftercareRoutineId, journal::SessionOutcome::kCompleted);
  const auto decision = decide(2, "");
  EXPECT_EQ(decision.today.routine->id, "tongue-suction");
}

TEST_F(SessionStart, OnlyAftercareSoFarLeavesTheCoreRoutineAsTheDefault) {
  session(0, kAftercareRoutineId, journal::SessionOutcome::kCompleted);
  EXPECT_EQ(decide(1, "").today.routine->id, kCore);
}

}  // namespace
}  // namespace velum::common
