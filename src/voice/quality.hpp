#pragma once
// Voice quality measures as Praat 6.3 computes them: the harmonics-to-noise
// ratio of "Sound: To Harmonicity (cc)" and its "Get mean", in dB.

#include <optional>
#include <vector>

#include "voice/error.hpp"
#include "voice/input.hpp"

namespace velum::voice {

// Praat's defaults for "To Harmonicity (cc)" (also those of its Voice report).
inline constexpr double kHarmonicityTimeStepSeconds = 0.01;
inline constexpr double kHarmonicityMinPitchHz = 75.0;
inline constexpr double kHarmonicitySilenceThreshold = 0.1;
inline constexpr double kHarmonicityPeriodsPerWindow = 1.0;

struct HarmonicitySettings {
  double time_step_seconds = kHarmonicityTimeStepSeconds;    // frame spacing, in (0, 1]
  double min_pitch_hz = kHarmonicityMinPitchHz;              // lowest pitch, in [10, 1000]
  double silence_threshold = kHarmonicitySilenceThreshold;   // fraction of the global peak, in [0, 1]
  double periods_per_window = kHarmonicityPeriodsPerWindow;  // window length in longest periods, in [0.5, 10]
};

// One frame per time step, centred at first_time_seconds + i * time_step_seconds.
// A frame's value is the harmonics-to-noise ratio in dB (clipped to ±150 dB as
// Praat clips it), or empty where the frame is judged silent or unvoiced
// (Praat's -200 dB).
struct HarmonicityTrack {
  double first_time_seconds = 0;
  double time_step_seconds = 0;
  std::vector<std::optional<double>> hnr_db;
};

// The harmonicity contour of `signal` by forward cross-correlation, following
// Praat's Sound_to_Harmonicity_cc: every frame's cross-correlation maxima are
// candidates (strength sinc-interpolated, refined by Brent's method), and the
// strongest candidate wins unless the frame is quieter than the silence
// threshold; a winning strength r becomes 10·log10(r / (1 − r)).
// Errors: settings out of range; a sample rate outside input.hpp's limits; a
// recording shorter than the analysis window (names both durations). Silence
// is not an error: every frame is then empty. Any thread; no shared state.
Result<HarmonicityTrack> harmonicity_cc(const MonoSignal& signal, const HarmonicitySettings& settings = {});

// Praat's "Harmonicity: Get mean" over the whole track: the average in dB of
// the frames that have a value; empty when none has. Any thread.
std::optional<double> mean_hnr_db(const HarmonicityTrack& track);

}  // namespace velum::voice
