#pragma once
// The JSON form of a Timeline, as printed by `velum timeline --json` and served
// to the browser: positions in samples and in seconds, one object per event.

#include <string>

#include "practice/timeline.hpp"

namespace velum::common {

// An object with sample_rate_hz, total_samples, total_seconds, routine_id,
// steps (id, title, instruction, pattern, start/end in samples and seconds)
// and events (kind, sample, seconds, step, and the details each kind carries:
// phase + duration_samples, text + duration_samples, bell, repetition).
// `indent` < 0 prints one line. Deterministic; thread-safe.
std::string timeline_to_json(const practice::Timeline& timeline, int indent = 2);

}  // namespace velum::common
