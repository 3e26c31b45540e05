#pragma once
// The voice report for one recording (typically a sustained /a/): F0 statistics
// from the pYIN track, Praat-compatible jitter and shimmer over its pulses, and
// Praat-compatible HNR and CPPS (voice/quality.hpp).

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "voice/input.hpp"
#include "voice/perturbation.hpp"

namespace velum::voice {

// Longest recording analysed in one piece (the analysis needs the whole signal).
inline constexpr double kMaxAnalysisSeconds = 600.0;

// The least input each measure needs; with less it is left undefined and a
// note says why (docs/voice.md, "Minimum durations").
// HNR: frames with a value (voiced, not silent) at the 10 ms step, i.e. 0.1 s
// of voice; with the 2/75 s cross-correlation window the shortest recording
// that can give it is 0.117 s. Fewer frames make a mean of a handful of
// correlation peaks, which on a clean stretch runs to 100 dB and more.
inline constexpr std::size_t kMinHnrFrames = 10;
// CPPS: one full analysis window (the Gaussian window of 6 periods of the
// 60 Hz floor, 0.1 s) plus the time-averaging window (0.02 s for Praat's
// defaults, 0.01 s for AVQI's). Praat shortens the window to the sound's
// length instead, which makes a different measure.
inline constexpr double kCppsWindowSeconds = 0.1;
// Jitter and shimmer: Praat's own counts (local 2 periods, rap 3, ppq5 5;
// shimmer local 2 amplitudes, apq3 3, apq5 5, apq11 11), no more.

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
  // One plain sentence per measure left undefined for lack of input
  // (too short a recording, too few periods or voiced frames).
  std::vector<std::string> notes;
};

// Errors: "no voiced frames found" when the tracker finds no voice (silence,
// noise, a very short file). The pitch search uses Praat's voice-report range
// (75–600 Hz). Any thread.
Result<VoiceReport> analyze_voice(const MonoSignal& signal);

}  // namespace velum::voice
