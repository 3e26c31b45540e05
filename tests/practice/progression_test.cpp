// The progression engine, as data: each row is a history (and plan state) in,
// the expected stage, rule and flags out. One row per rule and per boundary.

#include "practice/progression.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <optional>
#include <string>
#include <vector>

namespace velum::practice {
namespace {

using std::chrono::days;
using std::chrono::sys_days;
using namespace std::chrono_literals;

constexpr std::string_view kRoutineId = "thumb-release";
constexpr int kLastStage = 5;
constexpr int kBuildUpStage = 4;  // the pinch step with the hold build-up

// Day 0 is a Monday, so day n's ISO week is easy to read off: days 0-6 are one week.
constexpr sys_days kDay0 = sys_days{std::chrono::year{2026} / std::chrono::November / 2};
static_assert(std::chrono::weekday{kDay0} == std::chrono::Monday);

sys_days day(int n) { return kDay0 + days{n}; }

// A routine with stages 1-5; the stage-4 step builds up its hold 0.3 s -> 1 s -> 2 s.
Routine test_routine() {
  Routine routine;
  routine.id = kRoutineId;
  routine.title = "Thumb release";
  for (int stage = 1; stage <= kLastStage; ++stage) {
    Step step;
    step.id = "step-" + std::to_string(stage);
    step.title = stage == kBuildUpStage ? "Soft-palate pinch" : "Step " + std::to_string(stage);
    step.stage = stage;
    if (stage == kBuildUpStage) {
      step.action = Action::kSqueeze;
      step.hold_build_up =
          HoldBuildUp{.holds = {Seconds{0.3}, Seconds{1.0}, Seconds{2.0}}, .weeks_per_stage = 1};
    }
    routine.steps.push_back(step);
  }
  return routine;
}

PastSession session(int on_day, int stage, std::optional<int> pain, SessionOutcome outcome,
                    std::optional<int> hold_stage = 0) {
  return PastSession{.date = day(on_day),
                     .routine_id = std::string{kRoutineId},
                     .stage = stage,
                     .hold_stage = hold_stage,
                     .max_pain = pain,
                     .outcome = outcome};
}
PastSession done(int on_day, int stage, int pain, std::optional<int> hold_stage = 0) {
  return session(on_day, stage, pain, SessionOutcome::kCompleted, hold_stage);
}
PastSession stopped(int on_day, int stage, int pain = 5, std::optional<int> hold_stage = 0) {
  return session(on_day, stage, pain, SessionOutcome::kStopped, hold_stage);
}
PastSession interrupted(int on_day, int stage) {
  return session(on_day, stage, std::nullopt, SessionOutcome::kInterrupted);
}
PastSession unrated(int on_day, int stage) {
  return session(on_day, stage, std::nullopt, SessionOutcome::kCompleted);
}

// `count` completed sessions on consecutive days from `first_day`, all at `stage` and `pain`.
std::vector<PastSession> daily(int first_day, int count, int stage, int pain,
                               std::optional<int> hold_stage = 0) {
  std::vector<PastSession> sessions;
  for (int i = 0; i < count; ++i) sessions.push_back(done(first_day + i, stage, pain, hold_stage));
  return sessions;
}

std::vector<PastSession> join(std::initializer_list<std::vector<PastSession>> parts) {
  std::vector<PastSession> all;
  for (const auto& part : parts) all.insert(all.end(), part.begin(), part.end());
  return all;
}

struct Case {
  std::string name;
  std::vector<PastSession> history;
  int today = 0;  // day number
  PlanState state{};
  // Expected:
  int stage = 1;
  PlanRule rule = PlanRule::kFirstSession;
  bool paused = false;
  bool maintenance = false;
  std::optional<HoldRule> hold_rule{};
  std::optional<int> hold_stage{};
  std::optional<bool> rest_day{};
  ClinicianAdvice clinician = ClinicianAdvice::kNone;
  std::string explanation_has{};  // a part of the explanation that names the numbers
};

PlanState confirmed_on(int on_day) {
  PlanState state;
  state.well_confirmed_on = day(on_day);
  return state;
}
PlanState in_maintenance() {
  PlanState state;
  state.maintenance = true;
  return state;
}
PlanState holding(int hold_stage, int since_day) {
  PlanState state;
  state.hold_stage = hold_stage;
  state.hold_stage_since = day(since_day);
  return state;
}

std::vector<Case> cases() {
  using enum PlanRule;
  return {
      // ---- start ----
      {.name = "first session ever starts at stage 1",
       .history = {},
       .stage = 1,
       .rule = kFirstSession,
       .explanation_has = "first session"},
      {.name = "only interrupted sessions still start at stage 1",
       .history = {interrupted(0, 1), interrupted(1, 1)},
       .today = 2,
       .stage = 1,
       .rule = kNoFinishedSession,
       .explanation_has = "neither as a success nor as a stop"},

      // ---- advance at pain <= 3, three in a row ----
      {.name = "three sessions at exactly 3 advance",
       .history = daily(0, 3, 2, 3),
       .today = 3,
       .stage = 3,
       .rule = kAdvance,
       .explanation_has =
           "Stage 3 today: your last 3 sessions stayed at 3/10 or below, so you move on from stage 2."},
      {.name = "two easy sessions keep building",
       .history = daily(0, 2, 2, 3),
       .today = 2,
       .stage = 2,
       .rule = kKeepBuilding,
       .explanation_has = "2 of the 3 sessions"},
      {.name = "a session at 4 breaks the run",
       .history = join({daily(0, 2, 2, 2), daily(2, 1, 2, 4), daily(3, 2, 2, 2)}),
       .today = 5,
       .stage = 2,
       .rule = kKeepBuilding,
       .explanation_has = "2 of the 3"},
      {.name = "easy sessions at an earlier stage do not count",
       .history = join({daily(0, 2, 1, 1), daily(2, 2, 2, 1)}),
       .today = 4,
       .stage = 2,
       .rule = kKeepBuilding},
      {.name = "an unrated session cannot count towards moving on",
       .history = join({daily(0, 2, 2, 1), {unrated(2, 2)}}),
       .today = 3,
       .stage = 2,
       .rule = kNoPainRating},

      // ---- hold on 4-6 ----
      {.name = "pain exactly 4 holds the stage",
       .history = join({daily(0, 2, 2, 2), daily(2, 1, 2, 4)}),
       .today = 3,
       .stage = 2,
       .rule = kModeratePain,
       .explanation_has = "reached 4/10"},
      {.name = "pain exactly 6 holds the stage",
       .history = daily(0, 1, 3, 6),
       .today = 1,
       .stage = 3,
       .rule = kModeratePain,
       .explanation_has = "reached 6/10, above 3/10 but not above 6/10"},

      // ---- regress on > 6 or a stop ----
      {.name = "pain exactly 7 regresses one stage",
       .history = daily(0, 1, 3, 7),
       .today = 1,
       .stage = 2,
       .rule = kRegressPain,
       .explanation_has = "reached 7/10, above the ceiling of 6/10, so you go back one stage from stage 3"},
      {.name = "pain above 6 at stage 1 stays at stage 1",
       .history = daily(0, 1, 1, 9),
       .today = 1,
       .stage = 1,
       .rule = kRegressPain,
       .explanation_has = "stage 1 is the first stage"},
      {.name = "a stop regresses one stage",
       .history = join({daily(0, 2, 3, 2), {stopped(2, 3, 2)}}),
       .today = 3,
       .stage = 2,
       .rule = kRegressStop,
       .explanation_has = "was stopped"},
      {.name = "a stop at stage 1 stays at stage 1",
       .history = {stopped(0, 1)},
       .today = 1,
       .stage = 1,
       .rule = kRegressStop},

      // ---- two stops in a row pause ----
      {.name = "two stops in a row pause progression",
       .history = {stopped(0, 3), stopped(1, 2)},
       .today = 2,
       .stage = 1,
       .rule = kPaused,
       .paused = true,
       .explanation_has = "your last 2 sessions were stopped"},
      {.name = "an interrupted session between two stops still pauses",
       .history = {stopped(0, 3), interrupted(1, 2), stopped(2, 2)},
       .today = 3,
       .stage = 1,
       .rule = kPaused,
       .paused = true},
      {.name = "a completed session between two stops does not pause",
       .history = {stopped(0, 3), done(1, 2, 2), stopped(2, 2)},
       .today = 3,
       .stage = 1,
       .rule = kRegressStop},
      {.name = "two stops at stage 1 pause at stage 1",
       .history = {stopped(0, 1), stopped(1, 1)},
       .today = 2,
       .stage = 1,
       .rule = kPaused,
       .paused = true},
      {.name = "confirming well on a later day resumes",
       .history = {stopped(0, 3), stopped(1, 2)},
       .today = 3,
       .state = confirmed_on(3),
       .stage = 1,
       .rule = kResumed,
       .explanation_has =
           "Stage 1 today: your last 2 sessions were stopped, and on 2026-11-05 you confirmed"},
      {.name = "confirming well on the day of the stop keeps the pause",
       .history = {stopped(0, 3), stopped(1, 2)},
       .today = 1,
       .state = confirmed_on(1),
       .stage = 1,
       .rule = kPaused,
       .paused = true,
       .explanation_has = "a confirmation on the day of a stop does not count"},
      {.name = "a further stop after resuming pauses again at once",
       .history = {stopped(0, 4), stopped(1, 3), stopped(4, 2)},
       .today = 5,
       .state = confirmed_on(3),
       .stage = 1,
       .rule = kPaused,
       .paused = true,
       .explanation_has = "you stopped again after confirming on 2026-11-05"},
      {.name = "an old confirmation does not lift a new pause",
       .history = {stopped(0, 4), stopped(1, 3), done(4, 2, 2), stopped(5, 2), stopped(6, 1)},
       .today = 7,
       .state = confirmed_on(3),
       .stage = 1,
       .rule = kPaused,
       .paused = true},
      {.name = "after resuming, easy sessions advance again",
       .history = join({{stopped(0, 3), stopped(1, 2)}, daily(3, 3, 1, 2)}),
       .today = 6,
       .state = confirmed_on(3),
       .stage = 2,
       .rule = kAdvance},

      // ---- the top stage ----
      {.name = "three easy sessions at the last stage stay there",
       .history = daily(0, 3, kLastStage, 3),
       .today = 3,
       .stage = kLastStage,
       .rule = kTopStage,
       .hold_rule = HoldRule::kStart,
       .explanation_has =
           "this is the last stage; maintenance begins after 7 sessions in a row at 1/10 or below"},
      {.name = "seven painless sessions at the last stage start maintenance",
       .history = daily(0, 7, kLastStage, 1),
       .today = 7,
       .stage = kLastStage,
       .rule = kMaintenance,
       .maintenance = true,
       .explanation_has = "your last 7 sessions at the last stage were at 1/10"},
      {.name = "six painless sessions are not yet maintenance",
       .history = join({daily(0, 1, kLastStage, 2), daily(1, 6, kLastStage, 1)}),
       .today = 7,
       .stage = kLastStage,
       .rule = kTopStage},
      {.name = "seven painless sessions below the last stage advance, not maintain",
       .history = daily(0, 7, 4, 0),
       .today = 7,
       .stage = kLastStage,
       .rule = kAdvance},
      {.name = "maintenance continues while sessions stay at 3 or below",
       .history = join({daily(0, 7, kLastStage, 1), daily(7, 1, kLastStage, 3)}),
       .today = 8,
       .state = in_maintenance(),
       .stage = kLastStage,
       .rule = kMaintenance,
       .maintenance = true},
      {.name = "maintenance ends at pain 4",
       .history = join({daily(0, 7, kLastStage, 1), daily(7, 1, kLastStage, 4)}),
       .today = 8,
       .state = in_maintenance(),
       .stage = kLastStage,
       .rule = kModeratePain},

      // ---- interrupted sessions count neither way ----
      {.name = "an interrupted session does not break a run of easy sessions",
       .history = join({daily(0, 2, 2, 2), {interrupted(2, 2)}, daily(3, 1, 2, 2)}),
       .today = 4,
       .stage = 3,
       .rule = kAdvance},
      {.name = "an interrupted session after a stop leaves the stop in force",
       .history = {done(0, 3, 2), stopped(1, 3), interrupted(2, 2)},
       .today = 3,
       .stage = 2,
       .rule = kRegressStop},

      // ---- dosage: rest day when the ISO week's target is met ----
      {.name = "five completed days this week suggest a rest day",
       .history = daily(0, 5, 1, 5),
       .today = 5,
       .stage = 1,
       .rule = kModeratePain,
       .rest_day = true},
      {.name = "four completed days this week suggest no rest",
       .history = daily(0, 4, 1, 5),
       .today = 4,
       .stage = 1,
       .rule = kModeratePain,
       .rest_day = false},
      {.name = "last week's Sunday does not count towards this week",
       .history = daily(-1, 5, 1, 5),
       .today = 5,
       .stage = 1,
       .rule = kModeratePain,
       .rest_day = false},
      {.name = "two sessions on one day count as one day",
       .history = join({daily(0, 4, 1, 5), daily(3, 1, 1, 5)}),
       .today = 4,
       .stage = 1,
       .rule = kModeratePain,
       .rest_day = false},
      {.name = "stopped and interrupted sessions are no practised days",
       .history = join({daily(0, 4, 1, 5), {stopped(4, 1), interrupted(5, 1)}}),
       .today = 6,
       .stage = 1,
       .rule = kRegressStop,
       .rest_day = false},
      {.name = "three days in a maintenance week suggest a rest day",
       .history = join({daily(0, 7, kLastStage, 1), daily(7, 3, kLastStage, 1)}),
       .today = 10,
       .state = in_maintenance(),
       .stage = kLastStage,
       .rule = kMaintenance,
       .maintenance = true,
       .rest_day = true},

      // ---- hold build-up on the stage-4 pinch ----
      {.name = "the hold build-up waits below its stage",
       .history = daily(0, 1, 3, 5),
       .today = 1,
       .stage = 3,
       .rule = kModeratePain,
       .hold_rule = HoldRule::kNotUnlocked,
       .hold_stage = 0},
      {.name = "reaching the pinch stage starts the hold clock",
       .history = daily(0, 3, 3, 2),
       .today = 3,
       .stage = 4,
       .rule = kAdvance,
       .hold_rule = HoldRule::kStart,
       .hold_stage = 0},
      {.name = "a hold advances after exactly one week with the last session at 3",
       .history = daily(10, 4, 4, 3, 0),
       .today = 14,
       .state = holding(0, 7),
       .stage = 5,
       .rule = kAdvance,
       .hold_rule = HoldRule::kAdvance,
       .hold_stage = 1},
      {.name = "a hold stays before a full week",
       .history = daily(10, 3, 4, 3, 0),
       .today = 13,
       .state = holding(0, 7),
       .stage = 5,
       .rule = kAdvance,
       .hold_rule = HoldRule::kKeep,
       .hold_stage = 0},
      {.name = "a hold stays when the last session was at 4",
       .history = daily(10, 4, 4, 4, 0),
       .today = 14,
       .state = holding(0, 7),
       .stage = 4,
       .rule = kModeratePain,
       .hold_rule = HoldRule::kKeep,
       .hold_stage = 0},
      {.name = "a hold stays when the last session was not at this hold",
       .history = daily(10, 1, 4, 2, 0),
       .today = 14,
       .state = holding(1, 7),
       .stage = 4,
       .rule = kKeepBuilding,
       .hold_rule = HoldRule::kKeep,
       .hold_stage = 1},
      {.name = "the longest hold stays the longest",
       .history = daily(10, 1, 4, 2, 2),
       .today = 30,
       .state = holding(2, 7),
       .stage = 4,
       .rule = kKeepBuilding,
       .hold_rule = HoldRule::kLongest,
       .hold_stage = 2},
      {.name = "a hold goes back one with the stage",
       .history = daily(10, 1, 5, 7, 2),
       .today = 11,
       .state = holding(2, 7),
       .stage = 4,
       .rule = kRegressPain,
       .hold_rule = HoldRule::kRegress,
       .hold_stage = 1},
      {.name = "a stop takes the hold back one",
       .history = {stopped(10, 5, 3, 1)},
       .today = 11,
       .state = holding(1, 7),
       .stage = 4,
       .rule = kRegressStop,
       .hold_rule = HoldRule::kRegress,
       .hold_stage = 0},
      {.name = "the first hold is the floor",
       .history = daily(10, 1, 5, 8, 0),
       .today = 11,
       .state = holding(0, 7),
       .stage = 4,
       .rule = kRegressPain,
       .hold_rule = HoldRule::kRegress,
       .hold_stage = 0},
      {.name = "going back below the pinch stage resets the hold",
       .history = daily(10, 1, 4, 8, 2),
       .today = 11,
       .state = holding(2, 7),
       .stage = 3,
       .rule = kRegressPain,
       .hold_rule = HoldRule::kNotUnlocked,
       .hold_stage = 0},

      // ---- see a clinician after 14 days without improvement, or with worsening pain ----
      {.name = "pain at 5 for 14 days prompts clinician advice",
       .history = join({daily(0, 3, 1, 5), daily(14, 3, 1, 5)}),
       .today = 17,
       .stage = 1,
       .rule = kSeeClinician,
       .clinician = ClinicianAdvice::kNoImprovement,
       .explanation_has = "no further until a clinician has looked at the pain, since it has not eased"},
      {.name = "earlier sessions less than 14 days before the newest are too recent to compare",
       .history = join({daily(0, 3, 1, 5), daily(12, 3, 1, 5)}),
       .today = 15,
       .stage = 1,
       .rule = kModeratePain,
       .clinician = ClinicianAdvice::kNone},
      {.name = "pain rising by a point over 14 days is worsening",
       .history = join({daily(0, 3, 1, 3), daily(14, 3, 1, 4)}),
       .today = 17,
       .stage = 1,
       .rule = kSeeClinician,
       .clinician = ClinicianAdvice::kWorsening,
       .explanation_has = "since it has grown over 14 days"},
      {.name = "clinician advice holds back an advance the pain ratings would allow",
       .history = join({daily(0, 3, 1, 0), daily(14, 3, 1, 3)}),
       .today = 17,
       .stage = 1,
       .rule = kSeeClinician,
       .clinician = ClinicianAdvice::kWorsening,
       .explanation_has = "Stage 1 again today, and no further"},
      {.name = "clinician advice never softens a regress after pain above the ceiling",
       .history = join({daily(0, 3, 2, 3), daily(14, 3, 2, 7)}),
       .today = 17,
       .stage = 1,
       .rule = kRegressPain,
       .clinician = ClinicianAdvice::kWorsening},
      {.name = "pain easing by a point is an improvement",
       .history = join({daily(0, 3, 1, 6), daily(14, 3, 1, 5)}),
       .today = 17,
       .stage = 1,
       .rule = kModeratePain,
       .clinician = ClinicianAdvice::kNone},
      {.name = "steady comfortable pain needs no clinician",
       .history = join({daily(0, 3, 1, 3), daily(14, 3, 1, 3)}),
       .today = 17,
       .stage = 2,
       .rule = kAdvance,
       .clinician = ClinicianAdvice::kNone},
      {.name = "fewer than three earlier sessions give no advice",
       .history = join({daily(0, 2, 1, 3), daily(14, 3, 1, 6)}),
       .today = 17,
       .stage = 1,
       .rule = kModeratePain,
       .clinician = ClinicianAdvice::kNone},

      // ---- "interrupted, nothing wrong": a stop without the consequences of a safety stop ----
      {.name = "a harmless interruption after easy sessions neither regresses nor breaks the run",
       .history = join({daily(0, 2, 2, 3), {interrupted(2, 2)}, daily(3, 1, 2, 3)}),
       .today = 4,
       .stage = 3,
       .rule = kAdvance},
      {.name = "a harmless interruption as the last session keeps the stage",
       .history = join({daily(0, 1, 3, 2), {interrupted(1, 3)}}),
       .today = 2,
       .stage = 3,
       .rule = kKeepBuilding},
      {.name = "two harmless interruptions in a row do not pause",
       .history = join({daily(0, 1, 3, 2), {interrupted(1, 3), interrupted(2, 3)}}),
       .today = 3,
       .stage = 3,
       .rule = kKeepBuilding},
      {.name = "a harmless interruption between two stops does not reset the run of stops",
       .history = join({daily(0, 1, 3, 2), {stopped(1, 3), interrupted(2, 3), stopped(3, 2)}}),
       .today = 4,
       .stage = 1,
       .rule = kPaused,
       .paused = true},
  };
}

class ProgressionTable : public ::testing::TestWithParam<Case> {};

TEST_P(ProgressionTable, GivesTheExpectedPlan) {
  const Case& c = GetParam();
  const Routine routine = test_routine();
  const PlanResult result = plan_today(routine, c.history, c.state, day(c.today));
  ASSERT_TRUE(result.diagnostics.empty()) << result.diagnostics.front().message;
  ASSERT_TRUE(result.plan.has_value());
  const Plan& plan = *result.plan;
  EXPECT_EQ(plan.stage, c.stage) << plan.explanation;
  EXPECT_EQ(to_string(plan.rule), to_string(c.rule)) << plan.explanation;
  EXPECT_EQ(plan.paused, c.paused);
  EXPECT_EQ(plan.next_state.paused, c.paused);
  EXPECT_EQ(plan.maintenance, c.maintenance);
  EXPECT_EQ(plan.next_state.maintenance, c.maintenance);
  EXPECT_EQ(plan.next_state.stage, c.stage);
  if (c.hold_rule) {
    EXPECT_EQ(to_string(plan.hold_rule), to_string(*c.hold_rule)) << plan.hold_explanation;
  }
  if (c.hold_stage) {
    EXPECT_EQ(plan.hold_stage, *c.hold_stage) << plan.hold_explanation;
  }
  if (c.rest_day) {
    EXPECT_EQ(plan.rest_day_suggested, *c.rest_day) << plan.week_explanation;
  }
  EXPECT_EQ(to_string(plan.clinician), to_string(c.clinician)) << plan.clinician_explanation;
  if (!c.explanation_has.empty()) {
    EXPECT_NE(plan.explanation.find(c.explanation_has), std::string::npos) << plan.explanation;
  }
  EXPECT_FALSE(plan.explanation.empty());
  EXPECT_EQ(plan.routine_id, kRoutineId);
}

INSTANTIATE_TEST_SUITE_P(Rules, ProgressionTable, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<Case>& param_info) {
                           std::string name;
                           for (char ch : param_info.param.name) {
                             if (std::isalnum(static_cast<unsigned char>(ch)))
                               name += ch;
                             else if (!name.empty() && name.back() != '_')
                               name += '_';
                           }
                           return name;
                         });

// ---- beyond the table ----------------------------------------------------------

Plan plan_of(const std::vector<PastSession>& history, int today, const PlanState& state = {}) {
  auto result = plan_today(test_routine(), history, state, day(today));
  EXPECT_TRUE(result.plan.has_value());
  return result.plan.value_or(Plan{});
}

TEST(Progression, AskingTwiceOnOneDayGivesTheSamePlan) {
  const auto history = daily(10, 4, 4, 3, 0);
  const Plan first = plan_of(history, 14, holding(0, 7));
  const Plan second = plan_of(history, 14, first.next_state);
  EXPECT_EQ(first.stage, second.stage);
  EXPECT_EQ(first.hold_stage, 1);
  EXPECT_EQ(second.hold_stage, 1);
  EXPECT_EQ(second.next_state, first.next_state);
}

TEST(Progression, AskingAgainAfterARegressDoesNotRegressTwice) {
  const auto history = daily(10, 1, 5, 7, 2);
  const Plan first = plan_of(history, 11, holding(2, 7));
  const Plan second = plan_of(history, 12, first.next_state);
  EXPECT_EQ(first.stage, 4);
  EXPECT_EQ(second.stage, 4);
  EXPECT_EQ(second.hold_stage, 1);
  EXPECT_EQ(second.next_state.hold_stage_since, day(11))
      << "the clock of the shorter hold began at the regress";
}

// Journals that do not record the hold per session: the stored state stands in.
constexpr std::optional<int> kHoldNotRecorded = std::nullopt;

TEST(ProgressionUnrecordedHold, ANewRegressingSessionTakesTheStoredHoldBackOne) {
  const Plan plan = plan_of(daily(10, 1, 5, 7, kHoldNotRecorded), 11, holding(2, 7));
  EXPECT_EQ(plan.hold_rule, HoldRule::kRegress);
  EXPECT_EQ(plan.hold_stage, 1);
  EXPECT_EQ(plan.next_state.sessions_seen, 1);
}

TEST(ProgressionUnrecordedHold, ASessionTheStateAlreadySawIsNotTakenBackTwice) {
  const auto history = daily(10, 1, 5, 7, kHoldNotRecorded);
  const Plan first = plan_of(history, 11, holding(2, 7));
  const Plan second = plan_of(history, 11, first.next_state);
  const Plan third = plan_of(history, 12, second.next_state);
  EXPECT_EQ(first.hold_stage, 1);
  EXPECT_EQ(second.hold_stage, 1);
  EXPECT_EQ(third.hold_stage, 1);
  EXPECT_EQ(third.hold_explanation,
            "Soft-palate pinch: hold for 1 second, a shorter hold, because the stage went back.");
}

TEST(ProgressionUnrecordedHold, AdvancesWhenTheLastSessionCameAfterTheHoldBegan) {
  const Plan plan = plan_of(daily(11, 3, 4, 2, kHoldNotRecorded), 14, holding(0, 7));
  EXPECT_EQ(plan.hold_rule, HoldRule::kAdvance);
  EXPECT_EQ(plan.hold_stage, 1);
}

TEST(ProgressionUnrecordedHold, WaitsWhenNoSessionCameAfterTheHoldBegan) {
  const Plan plan = plan_of(daily(3, 3, 4, 2, kHoldNotRecorded), 14, holding(0, 7));
  EXPECT_EQ(plan.hold_rule, HoldRule::kKeep);
  EXPECT_EQ(plan.hold_stage, 0);
}

TEST(ProgressionUnrecordedHold, AnAdvanceIsNotRepeatedTheNextDay) {
  const auto history = daily(11, 3, 4, 2, kHoldNotRecorded);
  const Plan first = plan_of(history, 14, holding(0, 7));
  const Plan second = plan_of(history, 15, first.next_state);
  EXPECT_EQ(first.hold_stage, 1);
  EXPECT_EQ(second.hold_stage, 1);
  EXPECT_EQ(second.hold_rule, HoldRule::kKeep);
}

TEST(Progression, HoldAdvanceNamesBothHoldTimes) {
  const Plan plan = plan_of(daily(10, 4, 4, 3, 0), 14, holding(0, 7));
  EXPECT_EQ(
      plan.hold_explanation,
      "Soft-palate pinch: hold for 1 second, up from 0.3 seconds, after 1 week at the shorter hold with your "
      "last session at 3/10 or below.");
  ASSERT_TRUE(plan.hold.has_value());
  EXPECT_DOUBLE_EQ(plan.hold->count(), 1.0);
  EXPECT_EQ(plan.next_state.hold_stage_since, day(14));
}

TEST(Progression, DosageComesFromTheRoutine) {
  Routine routine = test_routine();
  routine.dosage = Dosage{.minutes_per_day = 7.5, .days_per_week = 3, .maintenance_per_week = 2};
  const auto history = daily(0, 3, 1, 5);
  const Plan plan = *plan_today(routine, history, {}, day(3)).plan;
  EXPECT_DOUBLE_EQ(plan.minutes, 7.5);
  EXPECT_EQ(plan.sessions_per_week, 3);
  EXPECT_TRUE(plan.rest_day_suggested);
  EXPECT_EQ(plan.week_explanation,
            "You have practised on 3 days this week (since Monday 2026-11-02), which meets the target of 3, "
            "so today "
            "is a good day to rest.");
}

TEST(Progression, MaintenanceSuggestsEveningSessionsAtTheMaintenanceDosage) {
  const Plan plan = plan_of(daily(0, 7, kLastStage, 0), 7);
  EXPECT_TRUE(plan.maintenance);
  EXPECT_TRUE(plan.evening_suggested);
  EXPECT_EQ(plan.sessions_per_week, 3);
}

TEST(Progression, MaintenanceFoundInTheHistoryGoesOnWithoutTheStoredFlag) {
  const auto history =
      join({daily(0, 7, kLastStage, 1), daily(7, 2, kLastStage, 3), daily(9, 1, kLastStage, 2)});
  const Plan plan = plan_of(history, 10);
  EXPECT_EQ(plan.rule, PlanRule::kMaintenance);
  EXPECT_TRUE(plan.maintenance);
  EXPECT_EQ(
      plan.explanation,
      "Maintenance at stage 5 goes on: your last session stayed at 3/10 or below (2/10), so a few sessions a "
      "week still keep it that way.");
}

TEST(Progression, MaintenanceInTheHistoryEndsAfterASessionAboveThree) {
  const auto history =
      join({daily(0, 7, kLastStage, 1), daily(7, 1, kLastStage, 4), daily(8, 1, kLastStage, 2)});
  const Plan plan = plan_of(history, 9);
  EXPECT_FALSE(plan.maintenance);
  EXPECT_EQ(plan.rule, PlanRule::kKeepBuilding) << plan.explanation;
}

TEST(Progression, RulesComeFromTheRoutine) {
  Routine routine = test_routine();
  routine.progression.advance_after_sessions = 2;
  routine.progression.advance_max_pain = 2;
  const Plan two_at_two = *plan_today(routine, daily(0, 2, 1, 2), {}, day(2)).plan;
  EXPECT_EQ(two_at_two.stage, 2);
  EXPECT_EQ(two_at_two.explanation,
            "Stage 2 today: your last 2 sessions stayed at 2/10 or below, so you move on from stage 1.");
  const Plan two_at_three = *plan_today(routine, daily(0, 2, 1, 3), {}, day(2)).plan;
  EXPECT_EQ(two_at_three.rule, PlanRule::kModeratePain);
}

TEST(Progression, WithoutRegressOnStopAStopKeepsTheStage) {
  Routine routine = test_routine();
  routine.progression.regress_on_stop = false;
  const Plan plan = *plan_today(routine, std::vector{stopped(0, 3)}, {}, day(1)).plan;
  EXPECT_EQ(plan.stage, 3);
  EXPECT_EQ(plan.rule, PlanRule::kStayAfterStop);
}

TEST(Progression, ClinicianAdviceNamesTheAverages) {
  const Plan plan = plan_of(join({daily(0, 3, 1, 3), daily(14, 3, 1, 5)}), 17);
  EXPECT_EQ(plan.clinician, ClinicianAdvice::kWorsening);
  EXPECT_NE(plan.clinician_explanation.find(
                "5.0/10 in your latest 3 sessions against 3.0/10 at least 14 days before"),
            std::string::npos)
      << plan.clinician_explanation;
  EXPECT_EQ(plan.clinician_explanation.find("diagnos"), std::string::npos);
}

TEST(Progression, SessionsOfOtherRoutinesAreIgnored) {
  auto history = daily(0, 3, 2, 1);
  history[1].routine_id = "nasal-swab";
  const Plan plan = plan_of(history, 3);
  EXPECT_EQ(plan.rule, PlanRule::kKeepBuilding);
}

TEST(ProgressionHistory, RejectsPainOutsideZeroToTen) {
  const auto result = plan_today(test_routine(), daily(0, 1, 1, 11), {}, day(1));
  EXPECT_FALSE(result.plan.has_value());
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].field, "history[0].max_pain");
  EXPECT_EQ(result.diagnostics[0].message, "pain 11 is outside 0-10");
}

TEST(ProgressionHistory, RejectsSessionsOutOfOrder) {
  const auto result = plan_today(test_routine(), std::vector{done(3, 1, 2), done(1, 1, 2)}, {}, day(4));
  EXPECT_FALSE(result.plan.has_value());
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].field, "history[1].date");
  EXPECT_EQ(result.diagnostics[0].message, "session on 2026-11-03 comes after one on 2026-11-05");
}

TEST(ProgressionHistory, RejectsStageZeroAndNegativeHoldStage) {
  const auto result = plan_today(test_routine(), std::vector{done(0, 0, 2, -1)}, {}, day(1));
  EXPECT_FALSE(result.plan.has_value());
  ASSERT_EQ(result.diagnostics.size(), 2u);
  EXPECT_EQ(result.diagnostics[0].field, "history[0].stage");
  EXPECT_EQ(result.diagnostics[1].field, "history[0].hold_stage");
}

TEST(ProgressionHistory, ClampsAStageAboveTheLastWithAWarning) {
  const auto result = plan_today(test_routine(), daily(0, 1, 9, 5), {}, day(1));
  ASSERT_TRUE(result.plan.has_value());
  EXPECT_EQ(result.plan->stage, kLastStage);
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].severity, Severity::kWarning);
  EXPECT_EQ(result.diagnostics[0].message, "stage 9 is above the last stage of 'thumb-release' (5)");
}

TEST(ProgressionHistory, WarnsAboutASessionAfterToday) {
  const auto result = plan_today(test_routine(), daily(5, 1, 1, 2), {}, day(4));
  ASSERT_TRUE(result.plan.has_value());
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].severity, Severity::kWarning);
  EXPECT_EQ(result.diagnostics[0].field, "history[0].date");
}

}  // namespace
}  // namespace velum::practice
