// Record validation shared by every backend and by import: the ranges and
// vocabularies documented in records.hpp, each failure naming the field.

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "base/utf8.hpp"
#include "journal/store.hpp"

namespace velum::journal {
namespace {

std::optional<Error> invalid(std::string message) {
  return Error{ErrorCode::kInvalidInput, std::move(message)};
}

std::optional<Error> check_rating(std::string_view field, const std::optional<int>& value) {
  if (value && (*value < kMinRating || *value > kMaxRating)) {
    return invalid(
        fmt::format("{} must be between {} and {}, got {}", field, kMinRating, kMaxRating, *value));
  }
  return std::nullopt;
}

// Every text field must be UTF-8: JSON exports, the API and the report all
// carry it, and one bad byte stored would make each of them fail.
std::optional<Error> check_text(std::string_view field, std::string_view value) {
  if (const auto bad = first_invalid_utf8(value)) {
    return invalid(
        fmt::format("{} is not valid UTF-8 text (byte 0x{:02X} at position {}); retype it or save "
                    "the source as UTF-8",
                    field, static_cast<unsigned char>(value[*bad]), *bad));
  }
  return std::nullopt;
}

std::optional<Error> check_text_id(std::string_view field, const std::string& value) {
  if (value.empty()) return invalid(fmt::format("{} must not be empty", field));
  return check_text(field, value);
}

std::optional<Error> check_timestamp(std::string_view field, const Timestamp& value) {
  if (value.utc_offset > kMaxUtcOffset || value.utc_offset < -kMaxUtcOffset) {
    return invalid(fmt::format("{} has a UTC offset of {} minutes; it must be within ±18 hours", field,
                               value.utc_offset.count()));
  }
  return std::nullopt;
}

std::optional<Error> check_seconds(std::string_view field, double value) {
  if (!std::isfinite(value) || value < 0) {
    return invalid(fmt::format("{} must be a finite number of seconds ≥ 0, got {}", field, value));
  }
  return std::nullopt;
}

std::optional<Error> check_count(std::string_view field, int value) {
  if (value < 0) return invalid(fmt::format("{} must be ≥ 0, got {}", field, value));
  return std::nullopt;
}

template <typename... Checks>
std::optional<Error> first_of(Checks&&... checks) {
  std::optional<Error> found;
  ((found = found ? found : std::forward<Checks>(checks)), ...);
  return found;
}

}  // namespace

std::optional<Error> validate(const SafetyScreening& screening) {
  if (auto error = first_of(check_text_id("screening id", screening.id),
                            check_text_id("screening user_id", screening.user_id),
                            check_timestamp("screening taken_at", screening.taken_at))) {
    return error;
  }
  if (screening.question_set_version < 1) {
    return invalid(
        fmt::format("screening question_set_version must be ≥ 1, got {}", screening.question_set_version));
  }
  bool any_yes = false;
  for (const auto& answer : screening.answers) {
    if (answer.question_id.empty()) return invalid("a screening answer has an empty question id");
    if (auto error = check_text("screening answer question_id", answer.question_id)) return error;
    any_yes = any_yes || answer.yes;
  }
  // PRACTICE.md: any "yes" blocks the routine; a record saying otherwise is wrong.
  if (any_yes && screening.result == ScreenResult::kClear) {
    return invalid("a screening with a \"yes\" answer must have the result \"blocked\"");
  }
  return std::nullopt;
}

std::optional<Error> validate(const SessionRecord& session) {
  if (auto error =
          first_of(check_text_id("session id", session.id), check_text_id("session user_id", session.user_id),
                   check_text_id("session routine_id", session.routine_id),
                   check_text("session pattern", session.pattern),
                   check_timestamp("session started_at", session.started_at),
                   check_rating("session pain", session.pain))) {
    return error;
  }
  if (session.routine_version < 1) {
    return invalid(fmt::format("session routine_version must be ≥ 1, got {}", session.routine_version));
  }
  if (session.stage < 1) return invalid(fmt::format("session stage must be ≥ 1, got {}", session.stage));
  if (session.ended_at.has_value() != session.outcome.has_value()) {
    return invalid("a session has either both ended_at and outcome (finished) or neither (running)");
  }
  if (session.ended_at) {
    if (auto error = check_timestamp("session ended_at", *session.ended_at)) return error;
    if (session.ended_at->utc < session.started_at.utc)
      return invalid("session ended_at is before started_at");
  }
  const bool stopped = session.outcome == SessionOutcome::kStopped;
  if (stopped != session.stop_reason.has_value()) {
    return invalid("a stop reason is required for a stopped session and only for one");
  }
  if (session.stop_reason && session.stop_reason->signal && session.stop_reason->interrupted) {
    return invalid("a stop reason is either a stop signal or \"interrupted\", not both");
  }
  if (session.stop_reason && !session.stop_reason->signal && !session.stop_reason->interrupted &&
      session.stop_reason->text.empty()) {
    return invalid("a stop reason of \"other\" needs a few words on what happened");
  }
  if (session.stop_reason) {
    if (auto error = check_text("session stop reason text", session.stop_reason->text)) return error;
  }
  return std::nullopt;
}

std::optional<Error> validate(const StepResult& step) {
  if (auto error = first_of(
          check_text_id("step session_id", step.session_id), check_text_id("step step_id", step.step_id),
          check_seconds("step planned_seconds", step.planned_seconds),
          check_seconds("step actual_seconds", step.actual_seconds),
          check_seconds("step hold_seconds", step.hold_seconds), check_rating("step pain", step.pain),
          check_count("step swallow_count", step.swallow_count),
          check_count("step gag_count", step.gag_count), check_count("step index", step.index),
          check_text("step note", step.note))) {
    return error;
  }
  return std::nullopt;
}

std::optional<Error> validate(const CheckIn& checkin) {
  if (auto error = first_of(
          check_text_id("check-in id", checkin.id), check_text_id("check-in user_id", checkin.user_id),
          check_timestamp("check-in taken_at", checkin.taken_at), check_rating("check-in calm", checkin.calm),
          check_rating("check-in nasal_breathing_ease", checkin.nasal_breathing_ease),
          check_text("check-in note", checkin.note))) {
    return error;
  }
  for (std::size_t i = 0; i < kRegionCount; ++i) {
    if (auto error = check_rating(fmt::format("check-in pain {}", to_string(static_cast<Region>(i))),
                                  checkin.pain[i])) {
      return error;
    }
  }
  if (checkin.hydration_glasses &&
      (*checkin.hydration_glasses < 0 || *checkin.hydration_glasses > kMaxHydrationGlasses)) {
    return invalid(fmt::format("check-in hydration must be between 0 and {} glasses, got {}",
                               kMaxHydrationGlasses, *checkin.hydration_glasses));
  }
  return std::nullopt;
}

std::optional<Error> validate(const PlanState& state) {
  if (auto error = first_of(check_text_id("plan user_id", state.user_id),
                            check_text_id("plan routine_id", state.routine_id),
                            check_timestamp("plan updated_at", state.updated_at),
                            check_text("plan pause_reason", state.pause_reason))) {
    return error;
  }
  if (state.current_stage < 1)
    return invalid(fmt::format("plan current_stage must be ≥ 1, got {}", state.current_stage));
  if (state.hold_stage < 0)
    return invalid(fmt::format("plan hold_stage must be ≥ 0, got {}", state.hold_stage));
  if (state.sessions_seen < 0)
    return invalid(fmt::format("plan sessions_seen must be ≥ 0, got {}", state.sessions_seen));
  if (state.hold_stage_since && !state.hold_stage_since->ok())
    return invalid("plan hold_stage_since is not a calendar day");
  if (state.well_confirmed_at) {
    if (auto error = check_timestamp("plan well_confirmed_at", *state.well_confirmed_at)) return error;
  }
  if (state.paused && state.pause_reason.empty()) return invalid("a paused plan needs a pause reason");
  return std::nullopt;
}

std::optional<Error> validate(const StudyPlan& plan) {
  if (auto error = first_of(
          check_text_id("study plan id", plan.id), check_text_id("study plan user_id", plan.user_id),
          check_timestamp("study plan drawn_at", plan.drawn_at), check_text("study plan seed", plan.seed))) {
    return error;
  }
  if (!plan.earliest.ok() || !plan.latest.ok() || !plan.start.ok()) {
    return invalid("a study plan's earliest, latest and start must be calendar days");
  }
  if (plan.latest < plan.earliest) {
    return invalid(fmt::format("study plan latest {} is before earliest {}", to_date_text(plan.latest),
                               to_date_text(plan.earliest)));
  }
  if (plan.start < plan.earliest || plan.start > plan.latest) {
    return invalid(fmt::format("study plan start {} is outside {} to {}", to_date_text(plan.start),
                               to_date_text(plan.earliest), to_date_text(plan.latest)));
  }
  return std::nullopt;
}

namespace {

// The smallest value each voice measure may take (nullopt: any finite value,
// as dB and signed cents may be negative); ranges the database enforces too.
std::optional<double> voice_measure_floor(VoiceMeasure measure) {
  switch (measure) {
    case VoiceMeasure::kHnrDb:
    case VoiceMeasure::kCppsDb:
    case VoiceMeasure::kMatchAccuracyCents:
      return std::nullopt;
    default:
      return 0.0;
  }
}

bool voice_measure_must_be_positive(VoiceMeasure measure) {
  return measure == VoiceMeasure::kF0MeanHz || measure == VoiceMeasure::kRangeLowHz ||
         measure == VoiceMeasure::kRangeHighHz;
}

}  // namespace

std::optional<Error> validate(const VoiceSession& session) {
  if (auto error = first_of(check_text_id("voice session id", session.id),
                            check_text_id("voice session user_id", session.user_id),
                            check_text_id("voice session source", session.source),
                            check_timestamp("voice session recorded_at", session.recorded_at),
                            check_text("voice session result_json", session.result_json))) {
    return error;
  }
  if (static_cast<std::size_t>(session.task) >= voice_task_spellings().size()) {
    return invalid("voice session task must be one of analyze, match, range, mpt");
  }
  for (std::size_t i = 0; i < kVoiceMeasureCount; ++i) {
    const auto measure = static_cast<VoiceMeasure>(i);
    const auto& value = session.measures[i];
    if (!value) continue;
    const auto name = to_string(measure);
    if (!std::isfinite(*value)) return invalid(fmt::format("voice session {} must be a finite number", name));
    if (voice_measure_must_be_positive(measure) && *value <= 0) {
      return invalid(fmt::format("voice session {} must be above 0, got {}", name, *value));
    }
    if (const auto floor = voice_measure_floor(measure); floor && *value < *floor) {
      return invalid(fmt::format("voice session {} must be ≥ {}, got {}", name, *floor, *value));
    }
  }
  const auto& low = session.measure(VoiceMeasure::kRangeLowHz);
  const auto& high = session.measure(VoiceMeasure::kRangeHighHz);
  if (low && high && *high < *low) {
    return invalid(fmt::format("voice session range_high_hz {} is below range_low_hz {}", *high, *low));
  }
  const auto parsed = nlohmann::json::parse(session.result_json, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    return invalid(fmt::format("voice session {} result_json must be a JSON object", session.id));
  }
  return std::nullopt;
}

}  // namespace velum::journal
