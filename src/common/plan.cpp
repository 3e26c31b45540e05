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
  if (routine_id.empty())
    routine_id = sessions->empty() ? std::string{kDefaultRoutineId} : sessions->back().routine_id;
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
  auto checkins = store.checkins(journal::Query{});
  if (!checkins) return checkins.error();
  std::optional<std::chrono::sys_days> well_confirmed_on;
  for (const auto& checkin : *checkins) {
    if (checkin.note != kConfirmedWellNote) continue;
    const auto day = local_day(checkin.taken_at);
    well_confirmed_on = std::max(well_confirmed_on.value_or(day), day);
  }

  TodayPlan result;
  result.routine = routine;
  auto planned = practice::plan_today(
      *routine, *past, to_engine_state(stored, *sessions, routine->id, well_confirmed_on), today);
  result.diagnostics = planned.diagnostics;
  if (!planned.plan)
    return velum::Error{velum::ErrorCode::kInvalidInput, "the journal's sessions cannot be planned from"};

  if (request.confirm_well) {
    if (!planned.plan->paused) {
      result.confirmation = WellConfirmation::kNotPaused;
    } else {
      journal::CheckIn confirmation;
      confirmation.id = journal::new_record_id();
      confirmation.taken_at = now;
      confirmation.note = kConfirmedWellNote;
      if (auto saved = store.add_checkin(confirmation); !saved) return saved.error();
      result.confirmation = WellConfirmation::kNoted;
      planned = practice::plan_today(*routine, *past, to_engine_state(stored, *sessions, routine->id, today),
                                     today);
      if (!planned.plan)
        return velum::Error{velum::ErrorCode::kInvalidInput, "the journal's sessions cannot be planned from"};
    }
  }
  result.plan = *planned.plan;
  const practice::Plan& plan = result.plan;

  journal::PlanState next;
  next.routine_id = routine->id;
  next.current_stage = plan.stage;
  next.hold_stage = plan.hold_stage;
  next.paused = plan.paused;
  next.pause_reason = plan.paused ? plan.explanation : std::string{};
  next.updated_at = now;
  const bool changed = !stored || stored->current_stage != next.current_stage ||
                       stored->hold_stage != next.hold_stage || stored->paused != next.paused ||
                       stored->pause_reason != next.pause_reason;
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
