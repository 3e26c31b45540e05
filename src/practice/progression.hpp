#pragma once
// The progression engine: today's plan for a routine (stage, hold build-up,
// dosage, maintenance, pauses, clinician advice) from its session history.

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "practice/breath.hpp"
#include "practice/diagnostic.hpp"
#include "practice/protocol.hpp"

namespace velum::practice {

// How a session ended. An interrupted session (the app was closed, or the
// person stopped it as "interrupted, nothing wrong" because the phone rang)
// counts neither as a success nor as a stop: every rule below skips it as if it
// had not happened, except that it is still no completed day for the week.
enum class SessionOutcome { kCompleted, kStopped, kInterrupted };

// "completed" / "stopped" / "interrupted".
std::string_view to_string(SessionOutcome value);

// One past session as the engine sees it.
struct PastSession {
  std::chrono::sys_days date;  // the person's local calendar day
  std::string routine_id;
  int stage = 1;                  // 1-based stage practised
  std::optional<int> hold_stage;  // 0-based index into the hold build-up practised; nullopt: not recorded
  std::optional<int> max_pain;    // highest pain 0-10 reported; nullopt when not rated
  SessionOutcome outcome = SessionOutcome::kCompleted;
  friend bool operator==(const PastSession&, const PastSession&) = default;
};

// What is stored between plans. Pass back the `next_state` of the previous plan.
// The stage is not read: it follows from the sessions (each records its stage),
// which keeps the plan the same however often it is asked for on one day.
struct PlanState {
  int stage = 1;                                          // written only
  int hold_stage = 0;                                     // read: current hold (0-based)
  std::optional<std::chrono::sys_days> hold_stage_since;  // read: day that hold began
  bool paused = false;                                    // written only
  // How many sessions of the routine (any outcome) this state already reflects,
  // so a hold that went back for a session is not taken back again for it when
  // sessions carry no hold stage. The plan sets it to the number it was given.
  int sessions_seen = 0;
  // The day the person last confirmed that they feel well after a pause. It lifts
  // the pause only when it is a later day than every stop of the run (stops in a
  // row; interrupted sessions aside). A confirmation on the day of a stop does not
  // count, and a further stop before a completed session pauses again at once.
  std::optional<std::chrono::sys_days> well_confirmed_on;  // read and copied
  // Read: keeps maintenance going when the history given no longer shows how it
  // began (the engine also finds that in the history itself).
  bool maintenance = false;
  friend bool operator==(const PlanState&, const PlanState&) = default;
};

// The rule that set today's stage.
enum class PlanRule {
  kFirstSession,       // no session of this routine yet: stage 1
  kNoFinishedSession,  // only interrupted sessions so far: stage 1
  kAdvance,            // advance_after_sessions in a row at <= advance_max_pain: next stage
  kTopStage,           // the same at the last stage: stay (the ceiling)
  kKeepBuilding,       // last session <= advance_max_pain, but too few in a row yet
  kModeratePain,       // last session above advance_max_pain, not above regress_above_pain
  kNoPainRating,       // last session completed without a pain rating: stay
  kRegressPain,        // last session above regress_above_pain: one stage back (never below 1)
  kRegressStop,        // last session stopped: one stage back (never below 1)
  kStayAfterStop,      // last session stopped, routine has regress_on_stop = false
  kPaused,             // pause_after_consecutive_stops stops in a row: paused until well
  kResumed,            // those stops were followed by a confirmation of feeling well
  kMaintenance,        // maintenance_after_sessions in a row at the last stage at <= painless_max_pain
  kSeeClinician,       // clinician advice is due: the stage of the last session, no further (the
                       // rules above that go back or pause still take precedence)
};

// "first-session", "advance", ... (stable, for JSON).
std::string_view to_string(PlanRule value);

// What happened to the hold build-up (the soft-palate pinch).
enum class HoldRule {
  kNoBuildUp,    // the routine has no step with a hold build-up
  kNotUnlocked,  // today's stage does not reach the build-up step yet
  kStart,        // first day at the build-up step (or its start day was unknown): clock starts
  kKeep,         // same hold as before
  kAdvance,      // weeks_per_stage weeks at this hold, last session <= advance_max_pain: next hold
  kLongest,      // already at the longest hold
  kRegress,      // the stage went back, so the hold goes back one (never below the first)
};

std::string_view to_string(HoldRule value);

// Advice to see a clinician, judged from pain ratings over clinician_after_days.
//
// Definition. Rated sessions: completed or stopped sessions of the routine with a
// pain rating. The recent window is the latest kPainWindowSessions (3) rated
// sessions; the earlier window is the latest 3 rated sessions before the recent
// window that are dated at least clinician_after_days (14) days before the newest
// session of the recent window. Both windows must be full, else no advice. With
// the mean pain of each window (0-10):
//   worsening       recent - earlier >= kMeaningfulPainChange (1 point) and
//                   recent > painless_max_pain;
//   no improvement  otherwise, when earlier - recent < 1 point (the pain has not
//                   eased by a full point) and recent > advance_max_pain (it is
//                   still above the comfortable level).
enum class ClinicianAdvice { kNone, kNoImprovement, kWorsening };

std::string_view to_string(ClinicianAdvice value);

inline constexpr int kPainWindowSessions = 3;
// One whole step of the 0-10 scale people answer in: smaller differences between
// two means of three ratings are within the noise of the ratings themselves.
inline constexpr double kMeaningfulPainChange = 1.0;

struct Plan {
  std::string routine_id;
  int stage = 1;  // 1-based, in [1, routine.stage_count()]
  PlanRule rule = PlanRule::kFirstSession;
  std::string explanation;  // one plain sentence naming the numbers

  int hold_stage = 0;           // 0-based index into the build-up's holds
  std::optional<Seconds> hold;  // today's hold time; nullopt when kNoBuildUp / kNotUnlocked
  HoldRule hold_rule = HoldRule::kNoBuildUp;
  std::string hold_explanation;  // empty for kNoBuildUp

  double minutes = 0;                // dosage.minutes_per_day
  int sessions_per_week = 0;         // days_per_week, or maintenance_per_week in maintenance
  int days_practised_this_week = 0;  // distinct days with a completed session, ISO week (Monday start)
  bool practised_today = false;      // a completed session today
  bool rest_day_suggested = false;   // this week's target is met
  std::string week_explanation;

  bool maintenance = false;
  bool evening_suggested = false;  // maintenance sessions suit the last thing before bed
  bool paused = false;             // no new session until the person confirms they feel well

  ClinicianAdvice clinician = ClinicianAdvice::kNone;
  std::string clinician_explanation;  // empty for kNone

  PlanState next_state;  // store this and pass it back next time
};

struct PlanResult {
  std::optional<Plan> plan;  // set when the history has no errors
  // Errors (pain outside 0-10, stage below 1, dates out of order) and warnings
  // (a session after today, a stage above the routine's last stage: clamped).
  // Field is "history[i].<name>", i being the index in the history given.
  std::vector<Diagnostic> diagnostics;
};

// Today's plan for `routine` from `history` (chronological; sessions of other
// routines are ignored), the previous plan's state and the local day `today`.
// Rules and numbers come from routine.progression, routine.dosage and the first
// step with a hold_build_up (a routine has one hold stage: it indexes the holds
// of every build-up step; the explanation names the first). Pure and
// deterministic; thread-safe.
PlanResult plan_today(const Routine& routine, std::span<const PastSession> history, const PlanState& state,
                      std::chrono::sys_days today);

}  // namespace velum::practice
