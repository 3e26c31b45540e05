#pragma once
// Today's plan from the journal, shared by `velum plan` and the first-run
// screen: the progression engine fed with the journal's sessions and state.

#include <optional>
#include <string>

#include "cli/commands.hpp"
#include "journal/store.hpp"
#include "practice/loader.hpp"
#include "practice/progression.hpp"
#include "practice/safety.hpp"

namespace velum::cli {

struct TodaysPlan {
  const practice::Routine* routine = nullptr;  // points into the catalog passed in
  practice::Plan plan;
  practice::ScreenStatusReport screen;
};

// Plans today for `routine_hint` (empty: the routine practised last, else the
// core routine) and saves the plan state when it changed. With `confirm_well`,
// records that the person feels well again after stopped sessions. On failure
// prints one line, sets the exit code and returns nullopt. Main thread only.
std::optional<TodaysPlan> plan_for_today(const Context& context, journal::Store& store,
                                         const practice::Catalog& catalog, const std::string& routine_hint,
                                         bool confirm_well, CommandResult& result);

}  // namespace velum::cli
