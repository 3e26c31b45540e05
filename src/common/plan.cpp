#include "common/plan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

namespace velum::common {
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

// A stop the person marked "interrupted, nothing wrong" is, for the rules, an
// interrupted session: no safety stop, so no step back and no pause.
std::optional<practice::SessionOutcome> to_engine_outcome(const journal::SessionRecord& session) {
  if (!session.outcome) return std::nullopt;  // still open: not a past session yet
  switch (*session.outcome) {
    case journal::SessionOutcome::kCompleted:
      return practice::SessionOutcome::kCompleted;
    case journal::SessionOutcome::kStopped:
      if (session.stop_reason && session.stop_reason->interrupted)
        return practice::SessionOutcome::kInterrupted;
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
    const auto outcome = to_engine_outcome(session);
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

// The engine's state from the journal's: every field the engine reads is stored.
practice::PlanState to_engine_state(const std::optional<journal::PlanState>& stored) {
  practice::PlanState state;
  if (!stored) return state;
  state.stage = stored->current_stage;
  state.hold_stage = stored->hold_stage;
  if (stored->hold_stage_since) state.hold_stage_since = std::chrono::sys_days{*stored->hold_stage_since};
  state.sessions_seen = stored->sessions_seen;
  state.paused = stored->paused;
  if (stored->well_confirmed_at) state.well_confirmed_on = local_day(*stored->well_confirmed_at);
  return state;
}

nlohmann::json plan_json(const practice::Routine& routine, const practice::Plan& plan,
                         const practice::ScreenStatusReport& screen) {
  auto optional_text = [](const std::string& text) {
    return text.empty() ? nlohmann::json(nullptr) : nlohmann::json(text);
  };
  return {{"routine_id", plan.routine_id},
          {"routine_title", routine.title},
          {"stage", plan.stage},
          {"stage_count", routine.stage_count()},
          {"rule", practice::to_string(plan.rule)},
          {"explanation", plan.explanation},
          {"hold_rule", practice::to_string(plan.hold_rule)},
          {"hold_stage", plan.hold_stage},
          {"hold_seconds", plan.hold ? nlohmann::json(plan.hold->count()) : nlohmann::json(nullptr)},
          {"hold_explanation", optional_text(plan.hold_explanation)},
          {"minutes", plan.minutes},
          {"sessions_per_week", plan.sessions_per_week},
          {"days_practised_this_week", plan.days_practised_this_week},
          {"practised_today", plan.practised_today},
          {"rest_day_suggested", plan.rest_day_suggested},
          {"week_explanation", plan.week_explanation},
          {"maintenance", plan.maintenance},
          {"evening_suggested", plan.evening_suggested},
          {"paused", plan.paused},
          {"clinician_advice", practice::to_string(plan.clinician)},
          {"clinician_explanation", optional_text(plan.clinician_explanation)},
          {"screen", {{"status", practice::to_string(screen.status)}, {"sentence", screen.sentence}}}};
}

}  // namespace

std::string default_routine_id(const std::vector<journal::SessionRecord>& sessions) {
  const journal::SessionRecord* latest = nullptr;
  for (const auto& session : sessions) {
    if (session.routine_id == kAftercareRoutineId) continue;
    if (latest == nullptr || latest->started_at.utc <= session.started_at.utc) latest = &session;
  }
  return latest == nullptr ? std::string{kDefaultRoutineId} : latest->routine_id;
}

velum::Result<TodayPlan> plan_today(journal::Store& store, const practice::Catalog& catalog,
                                    const PlanRequest& request, journal::Timestamp now) {
  const auto today = local_day(now);
  auto sessions = store.sessions(journal::Query{});
  if (!sessions) return sessions.error();
  // Stable: the store's own order (time, then id) decides between sessions that
  // started in the same second.
  std::stable_sort(sessions->begin(), sessions->end(),
                   [](const auto& a, const auto& b) { return a.started_at.utc < b.started_at.utc; });

  std::string routine_id = request.routine_id;
  if (routine_id.empty()) routine_id = default_routine_id(*sessions);
  const practice::Routine* routine = catalog.find(routine_id);
  if (routine == nullptr) {
    std::string known;
    for (const auto& r : catalog.routines) known += (known.empty() ? "" : ", ") + r.id;
    return velum::Error{velum::ErrorCode::kNotFound,
                        fmt::format("no routine '{}'; the routines are: {}", routine_id,
                                    known.empty() ? "none found" : known)};
  }

  std::string error;
  auto past = past_sessions(store, *routine, *sessions, error);
  if (!past) return velum::Error{velum::ErrorCode::kIo, error};

  auto plan_states = store.plan_states(std::string{journal::kDefaultUser});
  if (!plan_states) return plan_states.error();
  std::optional<journal::PlanState> stored;
  for (const auto& state : *plan_states) {
    if (state.routine_id == routine->id) stored = state;
  }

  TodayPlan result;
  result.routine = routine;
  std::optional<journal::Timestamp> well_confirmed_at = stored ? stored->well_confirmed_at : std::nullopt;
  auto planned = practice::plan_today(*routine, *past, to_engine_state(stored), today);
  result.diagnostics = planned.diagnostics;
  if (!planned.plan)
    return velum::Error{velum::ErrorCode::kInvalidInput, "the journal's sessions cannot be planned from"};

  if (request.confirm_well) {
    if (!planned.plan->paused) {
      result.confirmation = WellConfirmation::kNotPaused;
    } else {
      // Stored with the plan state below (whether or not it lifts the pause
      // today: on the day of a stop it does not, and the plan says so).
      well_confirmed_at = now;
      result.confirmation = WellConfirmation::kNoted;
      auto state = to_engine_state(stored);
      state.well_confirmed_on = today;
      planned = practice::plan_today(*routine, *past, state, today);
      if (!planned.plan)
        return velum::Error{velum::ErrorCode::kInvalidInput, "the journal's sessions cannot be planned from"};
    }
  }
  result.plan = *planned.plan;
  const practice::Plan& plan = result.plan;

  journal::PlanState next;
  next.routine_id = routine->id;
  next.current_stage = plan.stage;
  next.hold_stage = plan.next_state.hold_stage;
  if (plan.next_state.hold_stage_since)
    next.hold_stage_since = std::chrono::year_month_day{*plan.next_state.hold_stage_since};
  next.sessions_seen = plan.next_state.sessions_seen;
  next.paused = plan.paused;
  next.pause_reason = plan.paused ? plan.explanation : std::string{};
  next.well_confirmed_at = well_confirmed_at;
  next.updated_at = now;
  // updated_at aside: saving only on a change keeps asking for the plan cheap.
  const bool changed =
      !stored || stored->current_stage != next.current_stage || stored->hold_stage != next.hold_stage ||
      stored->hold_stage_since != next.hold_stage_since || stored->sessions_seen != next.sessions_seen ||
      stored->paused != next.paused || stored->pause_reason != next.pause_reason ||
      stored->well_confirmed_at != next.well_confirmed_at;
  if (changed) {
    if (auto saved = store.save_plan_state(next); !saved) return saved.error();
  }

  auto screen = look_up_screen(store, today);
  if (!screen) return screen.error();
  result.screen = std::move(*screen);
  return result;
}

nlohmann::json plan_to_json(const TodayPlan& today) {
  return plan_json(*today.routine, today.plan, today.screen.report);
}

}  // namespace velum::common
