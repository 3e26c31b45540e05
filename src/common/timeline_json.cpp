#include "common/timeline_json.hpp"

#include <nlohmann/json.hpp>

namespace velum::common {
namespace {

using practice::EventKind;

nlohmann::ordered_json event_to_json(const practice::Timeline& timeline, const practice::Event& event) {
  nlohmann::ordered_json json;
  json["kind"] = practice::to_string(event.kind);
  json["sample"] = event.sample;
  json["seconds"] = timeline.seconds_at(event.sample);
  json["step"] = event.step;
  switch (event.kind) {
    case EventKind::kPhase:
      json["phase"] = practice::to_string(event.phase);
      json["duration_samples"] = event.duration_samples;
      break;
    case EventKind::kCue:
      json["text"] = event.text;
      json["duration_samples"] = event.duration_samples;
      break;
    case EventKind::kBell:
      json["bell"] = practice::to_string(event.bell);
      break;
    case EventKind::kRepetition:
      json["repetition"] = event.repetition;
      json["duration_samples"] = event.duration_samples;
      break;
    case EventKind::kPreparationStart:
    case EventKind::kHoldStart:
      json["duration_samples"] = event.duration_samples;
      break;
    case EventKind::kStepStart:
    case EventKind::kStepMidway:
    case EventKind::kStepEnd:
    case EventKind::kHoldEnd:
    case EventKind::kSessionEnd:
      break;
  }
  return json;
}

}  // namespace

std::string timeline_to_json(const practice::Timeline& timeline, int indent) {
  // ordered_json keeps keys in the order written, so golden files stay readable.
  nlohmann::ordered_json json;
  json["sample_rate_hz"] = timeline.sample_rate_hz;
  json["total_samples"] = timeline.total_samples;
  json["total_seconds"] = timeline.total_seconds();
  json["routine_id"] = timeline.routine_id;
  auto steps = nlohmann::ordered_json::array();
  for (const auto& step : timeline.steps) {
    steps.push_back({{"id", step.id},
                     {"title", step.title},
                     {"instruction", step.instruction},
                     {"pattern", step.pattern},
                     {"start_sample", step.start},
                     {"end_sample", step.end},
                     {"start_seconds", timeline.seconds_at(step.start)},
                     {"end_seconds", timeline.seconds_at(step.end)}});
  }
  json["steps"] = std::move(steps);
  auto events = nlohmann::ordered_json::array();
  for (const auto& event : timeline.events) events.push_back(event_to_json(timeline, event));
  json["events"] = std::move(events);
  return json.dump(indent);
}

}  // namespace velum::common
