#pragma once
// Voice quality measures as Praat 6.3 computes them: the harmonics-to-noise
// ratio of "Sound: To Harmonicity (cc)" with its "Get mean", and the smoothed
// cepstral peak prominence of "To PowerCepstrogram" with "Get CPPS", in dB.

#include <optional>
#include <vector>

#include "base/result.hpp"
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

// How the cepstrum's background is modelled and fitted (Praat's "trend type"
// and "fit method": "Straight"/"Exponential decay"; "Least squares"/"Robust"
// (Theil's incomplete method)/"Robust slow" (Theil's complete method)).
enum class CepstralTrend { kStraight, kExponentialDecay };
enum class TrendFit { kLeastSquares, kRobust, kRobustSlow };

// "To PowerCepstrogram: pitch floor, time step, maximum frequency, pre-emphasis"
// then "Get CPPS: subtract before smoothing, time averaging window, quefrency
// averaging window, peak search pitch range, tolerance, interpolation
// (parabolic), trend line quefrency range, trend type, fit method".
struct CppsSettings {                  // the defaults are Praat 6.3's form defaults for both commands
  double pitch_floor_hz = 60.0;        // window = 6 periods of this, in [20, 500]
  double time_step_seconds = 0.002;    // in (0, 0.1]
  double max_frequency_hz = 5000.0;    // the sound is resampled to twice this, in [1000, 48000]
  double pre_emphasis_from_hz = 50.0;  // in [0, max_frequency_hz)
  bool subtract_trend_before_smoothing = true;
  double time_averaging_seconds = 0.02;         // in [0, 1]
  double quefrency_averaging_seconds = 0.0005;  // in [0, 0.01]
  double peak_floor_hz = 60.0;                  // peak searched between 1 / ceiling and 1 / floor seconds
  double peak_ceiling_hz = 330.0;               // > peak_floor_hz
  double trend_from_seconds = 0.001;            // trend line quefrency range; Praat 6.3 treats an empty
  double trend_to_seconds = 0.0;                // range (0 = "to the end") as the whole cepstrum
  CepstralTrend trend = CepstralTrend::kExponentialDecay;
  TrendFit fit = TrendFit::kRobust;
};

// Praat's defaults for the two commands (6.3.07): "To PowerCepstrogram: 60,
// 0.002, 5000, 50" and "Get CPPS: yes, 0.02, 0.0005, 60, 330, 0.05, Parabolic,
// 0.001, 0, Exponential decay, Robust".
CppsSettings praat_default_cpps_settings();
// The settings of the AVQI v02.03 script (Maryn & Corthals; v03.01 keeps them):
// "Get CPPS... no 0.01 0.001 60 330 0.05 Parabolic 0.001 0 Straight Robust":
// no trend subtracted before smoothing, 0.01 s and 0.001 s averaging, a straight trend.
CppsSettings avqi_cpps_settings();

// The mean CPPS in dB over every frame of `signal`, following Praat's
// Sound_to_PowerCepstrogram and PowerCepstrogram_getCPPS: resampled to
// 2 × max_frequency_hz (FFT low-pass and sinc interpolation), pre-emphasized,
// Gaussian-windowed frames, power cepstrum per frame, trend subtracted, averaged
// over time and quefrency, and the peak's height above the trend line.
// Errors: settings out of range; a sample rate outside input.hpp's limits; an
// empty or digitally silent recording (its cepstrum has no peak to measure).
// Any thread; no shared state (FFTW planning is serialized internally).
Result<double> cpps_db(const MonoSignal& signal, const CppsSettings& settings);

}  // namespace velum::voice
