#include "common/voice_session.hpp"

#include <array>
#include <cmath>
#include <string_view>
#include <utility>

namespace velum::common {
namespace {

// The key in a task's JSON result that each measure column is read from, in
// VoiceMeasure order. Most share the column's name; range and mpt print theirs
// under the names their own --json has always used.
constexpr std::array<std::string_view, journal::kVoiceMeasureCount> kResultKeys{
    "f0_mean_hz",     "jitter_local",   "shimmer_local",
    "hnr_db",         "cpps_db",        "range_semitones",
    "lowest_hz",      "highest_hz",     "max_phonation_seconds",
    "accuracy_cents", "precision_cents"};

}  // namespace

journal::VoiceSession voice_session_from_result(journal::VoiceTask task, std::string source,
                                                const nlohmann::json& result,
                                                journal::Timestamp recorded_at) {
  journal::VoiceSession session;
  session.id = journal::new_record_id();
  session.recorded_at = recorded_at;
  session.task = task;
  session.source = std::move(source);
  for (std::size_t i = 0; i < journal::kVoiceMeasureCount; ++i) {
    const auto found = result.find(kResultKeys[i]);
    if (found == result.end() || !found->is_number()) continue;
    const auto value = found->get<double>();
    if (std::isfinite(value)) session.measures[i] = value;
  }
  session.result_json = result.dump();
  return session;
}

nlohmann::json voice_session_json(const journal::VoiceSession& session) {
  nlohmann::json measures = nlohmann::json::object();
  for (std::size_t i = 0; i < journal::kVoiceMeasureCount; ++i) {
    if (session.measures[i]) {
      measures[std::string(journal::to_string(static_cast<journal::VoiceMeasure>(i)))] = *session.measures[i];
    }
  }
  auto result = nlohmann::json::parse(session.result_json, nullptr, /*allow_exceptions=*/false);
  return {{"id", session.id},
          {"recorded_at", journal::to_iso8601(session.recorded_at)},
          {"date", journal::to_date_text(journal::local_date(session.recorded_at))},
          {"task", journal::to_string(session.task)},
          {"source", session.source},
          {"measures", measures},
          {"result", result.is_discarded() ? nlohmann::json::object() : result}};
}

}  // namespace velum::common
