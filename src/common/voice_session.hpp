#pragma once
// Voice-lab results as journal records: the record a task's JSON result is
// stored as (`velum voice ... --save`, `POST /api/v1/voice/analyze?save=1`),
// and the JSON a stored voice session is listed as (CLI and API alike).

#include <string>

#include <nlohmann/json.hpp>

#include "journal/records.hpp"

namespace velum::common {

// A new voice session (fresh id, default user) holding `result` whole, with
// each measure column taken from the result's key of that name where it is a
// finite number (range: lowest_hz/highest_hz; mpt: max_phonation_seconds;
// match: accuracy_cents/precision_cents). Keys the analysis adds later are kept
// in result_json even before they get a column. `result` must be an object.
// Thread-safe.
journal::VoiceSession voice_session_from_result(journal::VoiceTask task, std::string source,
                                                const nlohmann::json& result, journal::Timestamp recorded_at);

// {"id", "recorded_at" (local time with offset), "date" (local day), "task",
// "source", "measures": {name: number, only those measured}, "result": {...}}.
// Thread-safe.
nlohmann::json voice_session_json(const journal::VoiceSession& session);

}  // namespace velum::common
