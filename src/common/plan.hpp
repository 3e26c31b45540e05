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

// The check-in note that records "I feel well again" after stopped sessions.
// Kept as a check-in so the statement is in the journal, dated, exported and
// backed up like everything the person tells velum.
inline constexpr std::string_view kConfirmedWellNote =
    "I feel well again after the stopped sessions and want to go on with the plan.";

enum class WellConfirmation { kNotAsked, kNotPaused, kNoted };

struct PlanRequest {
  std::string routine_id;     // empty: the routine practised last, else kDefaultRoutineId
  bool confirm_well = false;  // say "I feel well again" (stored only while paused)
};

struct TodayPlan {
  const practice::Routine* routine = nullptr;  // points into the catalog passed in
  practice::Plan plan;
  ScreenLookup screen;
  std::vector<practice::Diagnostic> diagnostics;  // warnings from the engine
  WellConfirmation confirmation = WellConfirmation::kNotAsked;
};

// Plans today (local day of `now`) and stores the plan state when it changed.
// Errors: kNotFound for an unknown routine (the message lists the routines),
// kInvalidInput when the sessions cannot be planned from, or the store's own.
// Uses `store` from the calling thread only.
velum::Result<TodayPlan> plan_today(journal::Store& store, const practice::Catalog& catalog,
                                    const PlanRequest& request, journal::Timestamp now);

// The plan as JSON (as printed by `velum plan --json`). Thread-safe.
nlohmann::json plan_to_json(const TodayPlan& today);

}  // namespace velum::common
