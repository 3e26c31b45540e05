#pragma once
// Today's plan for a routine from the journal, shared by `velum plan` and
// `velum session`: the journal's sessions, plan state and check-ins in, the plan out.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/commands.hpp"
#include "journal/store.hpp"
#include "practice/loader.hpp"
#include "practice/progression.hpp"

namespace velum::cli {

// The core routine: the plan's subject when no routine is named and the
// journal has no session yet.
inline constexpr std::string_view kDefaultRoutineId = "core-nasopharynx";

// The check-in note that records "I feel well again" after stopped sessions.
// Kept as a check-in so the statement is in the journal, dated, exported and
// backed up like everything the person tells velum.
inline constexpr std::string_view kConfirmedWellNote =
    "I feel well again after the stopped sessions and want to go on with the plan.";

struct TodayPlan {
  practice::Plan plan;
  std::optional<journal::PlanState> stored;      // the plan state the journal held
  std::vector<journal::SessionRecord> sessions;  // every session, by start time
};

// The journal's sessions ordered by start time (stable: the store's order
// decides ties). On a journal error prints one line and returns nullopt.
std::optional<std::vector<journal::SessionRecord>> sessions_by_start(journal::Store& store,
                                                                     const Context& context,
                                                                     CommandResult& result);

// The routine the person means when they name none: the one practised last,
// else kDefaultRoutineId. Prints the known routines and returns nullptr when
// `id` names none. Main thread only.
const practice::Routine* find_routine(const practice::Catalog& catalog, std::string id,
                                      const std::vector<journal::SessionRecord>& sessions,
                                      const Context& context, CommandResult& result);

// Today's plan for `routine` at `now`. `well_confirmed_today` counts a
// confirmation of feeling well made today. On a journal error or an unplannable
// history prints one line, sets the exit code and returns nullopt. Main thread only.
std::optional<TodayPlan> plan_for_today(journal::Store& store, const practice::Routine& routine,
                                        journal::Timestamp now, bool well_confirmed_today,
                                        const Context& context, CommandResult& result);

// Stores the plan's state when it differs from `stored` (so updated_at stays
// the day the current stage or hold began). False on a journal error (printed).
bool save_plan_state(journal::Store& store, const practice::Routine& routine, const practice::Plan& plan,
                     const std::optional<journal::PlanState>& stored, journal::Timestamp now,
                     const Context& context, CommandResult& result);

}  // namespace velum::cli
