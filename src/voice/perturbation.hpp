#pragma once
// Voice perturbation as Praat 6.3 defines it: glottal pulses marked by
// waveform cross-correlation (Praat's "To PointProcess (periodic, cc)"), then
// jitter (local, local absolute, rap, ppq5) and shimmer (local, dB, apq3, apq5, apq11).

#include <optional>
#include <span>
#include <vector>

#include "voice/input.hpp"

namespace velum::voice {

// Praat's Voice report defaults.
inline constexpr double kPulseMinF0Hz = 75.0;
inline constexpr double kPulseMaxF0Hz = 600.0;
inline constexpr double kPeriodFloorSeconds = 0.0001;
inline constexpr double kPeriodCeilingSeconds = 0.02;
inline constexpr double kMaxPeriodFactor = 1.3;
inline constexpr double kMaxAmplitudeFactor = 1.6;

struct PerturbationSettings {
  double period_floor_seconds = kPeriodFloorSeconds;      // shortest period counted, > 0
  double period_ceiling_seconds = kPeriodCeilingSeconds;  // longest period counted, > floor
  double max_period_factor = kMaxPeriodFactor;            // largest ratio of neighbouring periods, >= 1
  double max_amplitude_factor = kMaxAmplitudeFactor;      // largest ratio of neighbouring amplitudes, >= 1
};

// Glottal pulse times (seconds, ascending) in `signal`, as Praat's To
// PointProcess (periodic, cc) marks them: Praat's To Pitch (ac) with the
// floor and ceiling given (Hz, 0 < floor < ceiling) and its defaults, then
// Sound_Pitch_to_PointProcess_cc. Empty when nothing is voiced. Any thread.
std::vector<double> find_glottal_pulses(const MonoSignal& signal, double min_f0_hz = kPulseMinF0Hz,
                                        double max_f0_hz = kPulseMaxF0Hz);

// Fractions (not percent) as Praat's query commands return them; local
// absolute in seconds. Empty when too few periods qualify.
struct Jitter {
  std::optional<double> local;
  std::optional<double> local_absolute_seconds;
  std::optional<double> rap;
  std::optional<double> ppq5;
};
Jitter measure_jitter(std::span<const double> pulses, const PerturbationSettings& settings = {});

struct Shimmer {
  std::optional<double> local;
  std::optional<double> local_db;
  std::optional<double> apq3;
  std::optional<double> apq5;
  std::optional<double> apq11;
};
Shimmer measure_shimmer(std::span<const double> pulses, const MonoSignal& signal,
                        const PerturbationSettings& settings = {});

}  // namespace velum::voice
