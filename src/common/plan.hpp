#pragma once
// Today's plan for a routine from the journal (sessions, plan state, check-ins)
// and the progression rules, shared by `velum plan` and the web app's /api/v1/plan.

#include <filesystem>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/screen_status.hpp"
#include "journal/store.hpp"
#include "practice/loader.hpp"
#include "practice/progression.hpp"

namespace velum::common {

// The core routine: the plan's subject when no routine is named and the journal
// has no session yet.
inline constexpr std::string_view kDefaultRoutineId = "core-nasopharynx";

// Aftercare follows another routine, so it never becomes the default routine:
// saying yes to it after a session must leave tomorrow's plan on that session's routine.
inline constexpr std::string_view kAftercareRoutineId = "aftercare";

enum class WellConfirmation { kNotAsked, kNotPaused, kNoted };

struct PlanRequest {
  // Empty: the routine practised last (aftercare aside), else kDefaultRoutineId.
  std::string routine_id;
  // Say "I feel well again": stored in the routine's plan state (only while paused).
  bool confirm_well = false;
};

struct TodayPlan {
  const practice::Routine* routine = nullptr;  // points into the catalog passed in
  practice::Plan plan;
  ScreenLookup screen;
  std::vector<practice::Diagnostic> diagnostics;  // warnings from the engine
  WellConfirmation confirmation = WellConfirmation::kNotAsked;
};

// The routine `velum session`, the web app's Today page and `velum plan` use when
// none is named: the routine of the latest session that is not aftercare, else
// kDefaultRoutineId. `sessions` in any order. Thread-safe.
std::string default_routine_id(const std::vector<journal::SessionRecord>& sessions);

// Plans today (local day of `now`) and stores the plan state when it changed.
// Errors: kNotFound for an unknown routine (the message lists the routines),
// kInvalidInput when the sessions cannot be planned from, or the store's own.
// Uses `store` from the calling thread only.
velum::Result<TodayPlan> plan_today(journal::Store& store, const practice::Catalog& catalog,
                                    const PlanRequest& request, journal::Timestamp now);

// The plan as JSON (as printed by `velum plan --json`). Thread-safe.
nlohmann::json plan_to_json(const TodayPlan& today);

}  // namespace velum::common
