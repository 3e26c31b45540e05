#pragma once
// The peer for the render benchmarks: the least a streaming renderer can do —
// one decaying sine per second, mixed from a precomputed buffer and written in
// blocks with libsndfile (48 kHz stereo 16-bit WAV, like velum's default).

#include <string>

namespace velum::bench {

// Writes `seconds` of audio to `path`; returns false if the file cannot be written.
bool write_minimal_session(const std::string& path, int seconds, int sample_rate_hz);

}  // namespace velum::bench
