// Today's plan from the journal (see plan_access.hpp). Moved out of plan.cpp
// unchanged so `velum session` plans exactly as `velum plan` does.
//
// The journal's plan state holds the stage, hold stage and pause; what the
// progression engine needs beyond that is derived here (see to_engine_state).

#include "cli/plan_access.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <ostream>

#include "cli/journal_access.hpp"
#include "cli/screen_access.hpp"

namespace velum::cli {
namespace {

// The hold that a build-up step's recorded hold time corresponds to: the nearest
// of the step's holds. nullopt when the session has no such step result.
std::optional<int> recorded_hold_stage(const practice::Routine& routine,
                                       const std::vector<journal::StepResult>& steps) {
  for (const auto& result : steps) {
    if (result.hold_seconds <= 0) continue;
    const auto step = std::find_if(routine.steps.begin(), routine.steps.end(), [&](const practice::Step& s) {
      return s.id == result.step_id && s.hold_build_up && !s.hold_build_up->holds.empty();
    });
    if (step == routine.steps.end()) continue;
    const auto& holds = step->hold_build_up->holds;
    const auto nearest = std::min_element(holds.begin(), holds.end(), [&](auto a, auto b) {
      return std::abs(a.count() - result.hold_seconds) < std::abs(b.count() - result.hold_seconds);
    });
    return static_cast<int>(nearest - holds.begin());
  }
  return std::nullopt;
}

std::optional<practice::SessionOutcome> to_engine_outcome(
    const std::optional<journal::SessionOutcome>& outcome) {
  if (!outcome) return std::nullopt;  // still open: not a past session yet
  switch (*outcome) {
    case journal::SessionOutcome::kCompleted:
      return practice::SessionOutcome::kCompleted;
    case journal::SessionOutcome::kStopped:
      return practice::SessionOutcome::kStopped;
    case journal::SessionOutcome::kInterrupted:
      return practice::SessionOutcome::kInterrupted;
  }
  return std::nullopt;
}

// The routine's finished sessions as the engine sees them. Pain is the highest
// of the session's own rating and its steps' ratings. Dates never go backwards
// (a flight west can put a later session on an earlier local day).
std::optional<std::vector<practice::PastSession>> past_sessions(
    journal::Store& store, const practice::Routine& routine,
    const std::vector<journal::SessionRecord>& sessions, std::string& error) {
  std::vector<practice::PastSession> past;
  std::optional<std::chrono::sys_days> previous;
  for (const auto& session : sessions) {
    if (session.routine_id != routine.id) continue;
    const auto outcome = to_engine_outcome(session.outcome);
    if (!outcome) continue;
    auto steps = store.step_results(session.id);
    if (!steps) {
      error = steps.error().message;
      return std::nullopt;
    }
    std::optional<int> pain = session.pain;
    for (const auto& step : *steps) {
      if (step.pain) pain = std::max(pain.value_or(*step.pain), *step.pain);
    }
    auto day = local_day(session.started_at);
    if (previous) day = std::max(day, *previous);
    previous = day;
    past.push_back(practice::PastSession{.date = day,
                                         .routine_id = session.routine_id,
                                         .stage = session.stage,
                                         .hold_stage = recorded_hold_stage(routine, *steps),
                                         .max_pain = pain,
                                         .outcome = *outcome});
  }
  return past;
}

// The engine's state from the journal's. The journal stores no start day for the
// hold and no "sessions seen", so both are read off updated_at: plan states are
// saved only when they change, so updated_at is the day the current hold (or
// stage) began, and the sessions that ended before it were already planned for.
// A stage change therefore restarts the hold's clock: slower, never faster.
practice::PlanState to_engine_state(const std::optional<journal::PlanState>& stored,
                                    const std::vector<journal::SessionRecord>& sessions,
                                    const std::string& routine_id,
                                    std::optional<std::chrono::sys_days> well_confirmed_on) {
  practice::PlanState state;
  state.well_confirmed_on = well_confirmed_on;
  if (!stored) return state;
  state.stage = stored->current_stage;
  state.hold_stage = stored->hold_stage;
  state.paused = stored->paused;
  state.hold_stage_since = local_day(stored->updated_at);
  state.sessions_seen =
      static_cast<int>(std::count_if(sessions.begin(), sessions.end(), [&](const auto& session) {
        return session.routine_id == routine_id && session.outcome &&
               session.ended_at.value_or(session.started_at).utc <= stored->updated_at.utc;
      }));
  return state;
}

}  // namespace

std::optional<std::vector<journal::SessionRecord>> sessions_by_start(journal::Store& store,
                                                                     const Context& context,
                                                                     CommandResult& result) {
  auto sessions = store.sessions(journal::Query{});
  if (!sessions) {
    fail(context, result, exit_code_for(sessions.error()), sessions.error().message);
    return std::nullopt;
  }
  std::stable_sort(sessions->begin(), sessions->end(),
                   [](const auto& a, const auto& b) { return a.started_at.utc < b.started_at.utc; });
  return std::move(*sessions);
}

const practice::Routine* find_routine(const practice::Catalog& catalog, std::string id,
                                      const std::vector<journal::SessionRecord>& sessions,
                                      const Context& context, CommandResult& result) {
  if (id.empty()) id = sessions.empty() ? std::string{kDefaultRoutineId} : sessions.back().routine_id;
  const practice::Routine* routine = catalog.find(id);
  if (routine == nullptr) {
    std::string known;
    for (const auto& r : catalog.routines) known += (known.empty() ? "" : ", ") + r.id;
    fail(context, result, kExitInvalid,
         fmt::format("no routine '{}'; the routines are: {} (see 'velum protocols list')", id,
                     known.empty() ? "none found" : known));
  }
  return routine;
}

std::optional<TodayPlan> plan_for_today(journal::Store& store, const practice::Routine& routine,
                                        journal::Timestamp now, bool well_confirmed_today,
                                        const Context& context, CommandResult& result) {
  const auto today = local_day(now);
  auto sessions = sessions_by_start(store, context, result);
  if (!sessions) return std::nullopt;
  std::string error;
  auto past = past_sessions(store, routine, *sessions, error);
  if (!past) {
    fail(context, result, kExitUnreadable, error);
    return std::nullopt;
  }
  auto plan_states = store.plan_states(std::string{journal::kDefaultUser});
  if (!plan_states) {
    fail(context, result, exit_code_for(plan_states.error()), plan_states.error().message);
    return std::nullopt;
  }
  std::optional<journal::PlanState> stored;
  for (const auto& state : *plan_states) {
    if (state.routine_id == routine.id) stored = state;
  }
  auto checkins = store.checkins(journal::Query{});
  if (!checkins) {
    fail(context, result, exit_code_for(checkins.error()), checkins.error().message);
    return std::nullopt;
  }
  std::optional<std::chrono::sys_days> well_confirmed_on;
  for (const auto& checkin : *checkins) {
    if (checkin.note != kConfirmedWellNote) continue;
    const auto day = local_day(checkin.taken_at);
    well_confirmed_on = std::max(well_confirmed_on.value_or(day), day);
  }
  if (well_confirmed_today) well_confirmed_on = today;
  auto planned = practice::plan_today(
      routine, *past, to_engine_state(stored, *sessions, routine.id, well_confirmed_on), today);
  for (const auto& diagnostic : planned.diagnostics) {
    *context.err << fmt::format("velum: {}: {} ({})\n", diagnostic.field, diagnostic.message,
                                diagnostic.hint);
  }
  if (!planned.plan) {
    fail(context, result, kExitInvalid, "the journal's sessions cannot be planned from");
    return std::nullopt;
  }
  return TodayPlan{std::move(*planned.plan), std::move(stored), std::move(*sessions)};
}

bool save_plan_state(journal::Store& store, const practice::Routine& routine, const practice::Plan& plan,
                     const std::optional<journal::PlanState>& stored, journal::Timestamp now,
                     const Context& context, CommandResult& result) {
  journal::PlanState next;
  next.routine_id = routine.id;
  next.current_stage = plan.stage;
  next.hold_stage = plan.hold_stage;
  next.paused = plan.paused;
  next.pause_reason = plan.paused ? plan.explanation : std::string{};
  next.updated_at = now;
  const bool changed = !stored || stored->current_stage != next.current_stage ||
                       stored->hold_stage != next.hold_stage || stored->paused != next.paused ||
                       stored->pause_reason != next.pause_reason;
  if (!changed) return true;
  if (auto saved = store.save_plan_state(next); !saved) {
    fail(context, result, exit_code_for(saved.error()), saved.error().message);
    return false;
  }
  return true;
}

}  // namespace velum::cli
