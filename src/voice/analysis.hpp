#pragma once
// The voice report for one recording (typically a sustained /a/): F0 statistics
// from the pYIN track, Praat-compatible jitter and shimmer over its pulses, and
// Praat-compatible HNR and CPPS (voice/quality.hpp).

#include <cstddef>
#include <filesystem>
#include <optional>

#include "base/result.hpp"
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
  // dB; empty when undefined (too short for the analysis window, nothing
  // voiced, digital silence). HNR: Praat's To Harmonicity (cc) 0.01, 75, 0.1,
  // 1.0 then Get mean. CPPS: To PowerCepstrogram 60, 0.002, 5000, 50 then Get
  // CPPS with Praat's defaults (cpps_db) and with AVQI v02.03's (cpps_avqi_db).
  std::optional<double> hnr_db;
  std::optional<double> cpps_db;
  std::optional<double> cpps_avqi_db;
};

// Errors: "no voiced frames found" when the tracker finds no voice (silence,
// noise, a very short file). The pitch search uses Praat's voice-report range
// (75–600 Hz). Any thread.
Result<VoiceReport> analyze_voice(const MonoSignal& signal);

}  // namespace velum::voice
