#pragma once
// The voice report for one recording (typically a sustained /a/): F0 statistics
// from the pYIN track and Praat-compatible jitter and shimmer over its pulses.

#include <cstddef>
#include <filesystem>
#include <optional>

#include "voice/error.hpp"
#include "voice/input.hpp"
#include "voice/perturbation.hpp"

namespace velum::voice {

// Longest recording analysed in one piece (the analysis needs the whole signal).
inline constexpr double kMaxAnalysisSeconds = 600.0;

struct VoiceReport {
  double duration_seconds = 0;
  std::size_t frames = 0;
  std::size_t voiced_frames = 0;
  double f0_mean_hz = 0;  // over voiced frames
  double f0_median_hz = 0;
  double f0_min_hz = 0;
  double f0_max_hz = 0;
  std::size_t pulses = 0;  // glottal pulses marked
  Jitter jitter;
  Shimmer shimmer;
};

// Errors: "no voiced frames found" when the tracker finds no voice (silence,
// noise, a very short file). The pitch search uses Praat's voice-report range
// (75–600 Hz). Any thread.
Result<VoiceReport> analyze_voice(const MonoSignal& signal);

}  // namespace velum::voice
