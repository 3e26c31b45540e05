#pragma once
// The use-case "may this person start a session of routine R now?": the one place
// the safety gate (screen, paused plan) is decided, for `velum session`, the API's
// POST /api/v1/sessions and the web app's Today and session pages alike.

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/plan.hpp"
#include "practice/safety.hpp"

namespace velum::common {

// Why a session may not start.
enum class StartBlock {
  kScreenNeeded,   // an intra-oral routine, and the screen was never taken, has expired or is outdated
  kScreenBlocked,  // an intra-oral routine, and the last screen had a "yes"
  kPlanPaused,     // stops in a row paused the routine's progression
};

// What lifts the block.
enum class Unblock {
  kTakeScreen,       // answer the safety questions (again)
  kClinicianAdvice,  // see a clinician, then take the screen again when things have changed
  kConfirmWell,      // say "I feel well again" on a later day than the stops
};

// "screen-needed" / "screen-blocked" / "plan-paused" (stable, for JSON).
std::string_view to_string(StartBlock value);
// "take-screen" / "clinician-advice" / "confirm-well" (stable, for JSON).
std::string_view to_string(Unblock value);

struct StartRefusal {
  StartBlock reason = StartBlock::kScreenNeeded;
  std::string message;  // what is the matter, in the screen's or the plan's own words
  std::string advice;   // what to do about it, plainly
  Unblock unblock = Unblock::kTakeScreen;
};

struct StartDecision {
  TodayPlan today;                      // today's plan for the routine (stage, hold, clinician advice)
  std::optional<StartRefusal> refusal;  // nullopt: the session may start
  // Shown before the start, in this order (clinician advice first when due).
  std::vector<std::string> warnings;
  std::vector<std::string_view> reminders;             // practice::session_reminders
  std::vector<practice::ChecklistQuestion> checklist;  // asked before the start
  bool allowed() const { return !refusal.has_value(); }
};

// Plans today for `request.routine_id` (empty: the default routine), storing the
// plan state as plan_today does (and a confirmation when request.confirm_well),
// and decides whether a session of it may start at `now`. A paused plan refuses
// before the screen is looked at: the pause is about the person's last sessions.
// Errors: those of plan_today and of reading the screen. Uses `store` from the
// calling thread only.
velum::Result<StartDecision> decide_start(journal::Store& store, const practice::Catalog& catalog,
                                          const PlanRequest& request, journal::Timestamp now);

// The decision as JSON: {"allowed", "refusal": null or {"reason", "message",
// "advice", "unblock"}, "warnings", "reminders", "checklist": [{"item", "label",
// "question", "if_no", "blocks", "either_is_fine"}]}. Thread-safe.
nlohmann::json start_to_json(const StartDecision& decision);

}  // namespace velum::common
