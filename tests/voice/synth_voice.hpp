#pragma once
// Synthetic voices with a known truth, for the voice tests and the bench: a
// Rosenberg glottal pulse train following an F0 contour, with set jitter and
// shimmer, through formant resonators (/a/ unless told), plus white noise at a
// given SNR.

#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <numbers>
#include <optional>
#include <random>
#include <vector>

namespace velum::voice::testing {

// F0 in Hz at time t (seconds), or nullopt where the voice is silent.
using F0Contour = std::function<std::optional<double>(double)>;

struct Formant {
  double frequency_hz = 0;
  double bandwidth_hz = 0;
};

// Adult male vowels (Peterson & Barney's averages, rounded; F4 3400-3500 Hz).
inline const std::vector<Formant> kVowelA = {{730, 90}, {1090, 110}, {2440, 170}, {3400, 250}};
inline const std::vector<Formant> kVowelI = {{270, 60}, {2290, 100}, {3010, 120}, {3500, 250}};
inline const std::vector<Formant> kVowelU = {{300, 60}, {870, 80}, {2240, 100}, {3400, 250}};
inline const std::vector<Formant> kVowelE = {{530, 70}, {1840, 100}, {2480, 120}, {3500, 250}};
inline const std::vector<Formant> kVowelO = {{570, 80}, {840, 90}, {2410, 120}, {3400, 250}};

struct SynthSettings {
  int sample_rate_hz = 44100;
  double duration_seconds = 2.0;
  double jitter = 0.0;   // relative standard deviation of each period (jitter_local ~ 1.128 x this)
  double shimmer = 0.0;  // relative standard deviation of each pulse's amplitude
  double snr_db = std::numeric_limits<double>::infinity();  // white noise over the whole file
  double peak = 0.5;                                        // peak amplitude of the voiced part before noise
  std::uint32_t seed = 1;
  std::vector<Formant> formants =
      kVowelA;  // two-pole resonators in cascade; those above Nyquist are left out
};

struct SynthVoice {
  std::vector<float> samples;
  std::vector<double>
      pulse_times;  // glottal closure instants: consecutive ones are the jittered periods apart
};

// The noisy-glide case of the pitch tests and the bench: F0 rising
// exponentially from 100 to 400 Hz over 4 s (voiced from 0.1 s to 4.1 s of a
// 4.2 s file). Around 365 Hz its second harmonic sits on /a/'s first formant.
inline std::optional<double> rising_glide_100_to_400(double t) {
  if (t < 0.1 || t >= 4.1) return std::nullopt;
  return 100.0 * std::pow(4.0, (t - 0.1) / 4.0);
}

inline SynthVoice synthesize_voice(const F0Contour& contour, const SynthSettings& settings) {
  const double rate = settings.sample_rate_hz;
  const auto n = static_cast<std::size_t>(settings.duration_seconds * rate);
  std::vector<double> source(n, 0.0);
  std::mt19937 rng(settings.seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  SynthVoice voice;
  // Walk closure by closure: each period is 1/F0 there, perturbed by jitter;
  // the pulse ends at its closure, so closures are exactly the periods apart.
  double t = 0;
  const double step = 1.0 / rate;
  while (t < settings.duration_seconds) {
    const auto f0 = contour(t);
    if (!f0) {
      t += step;
      continue;
    }
    double period = (1.0 / *f0) * (1.0 + settings.jitter * normal(rng));
    const double amplitude = 1.0 + settings.shimmer * normal(rng);
    voice.pulse_times.push_back(t);
    // Rosenberg flow pulse: opening 40 %, closing 16 % of the period; its
    // derivative (the radiated source) is written.
    const double open = 0.40 * period;
    const double close = 0.16 * period;
    const double start = t - open - close;
    const auto first = static_cast<std::size_t>(std::ceil(std::max(0.0, start) * rate));
    for (std::size_t i = first; i < n; ++i) {
      const double local = static_cast<double>(i) / rate - start;
      if (local >= open + close) break;
      double flow_derivative = 0;
      if (local < open) {
        flow_derivative = 0.5 * std::numbers::pi / open * std::sin(std::numbers::pi * local / open);
      } else {
        flow_derivative =
            -std::numbers::pi / (2 * close) * std::sin(std::numbers::pi * (local - open) / (2 * close));
      }
      source[i] += amplitude * flow_derivative * period;  // scale so the level does not depend on F0
    }
    t += period;
  }
  // The formants as two-pole resonators in cascade.
  std::vector<double> signal = source;
  for (const auto& formant : settings.formants) {
    if (formant.frequency_hz * 2 >= rate) continue;
    const double r = std::exp(-std::numbers::pi * formant.bandwidth_hz / rate);
    const double theta = 2 * std::numbers::pi * formant.frequency_hz / rate;
    const double a1 = 2 * r * std::cos(theta);
    const double a2 = -r * r;
    const double gain = 1 - a1 - a2;  // unit gain at DC
    double y1 = 0, y2 = 0;
    for (double& x : signal) {
      const double y = gain * x + a1 * y1 + a2 * y2;
      y2 = y1;
      y1 = y;
      x = y;
    }
  }
  double peak = 0, power = 0;
  std::size_t voiced = 0;
  for (std::size_t i = 0; i < n; ++i) {
    peak = std::max(peak, std::abs(signal[i]));
    if (contour(static_cast<double>(i) / rate)) {
      power += signal[i] * signal[i];
      ++voiced;
    }
  }
  const double scale = peak > 0 ? settings.peak / peak : 0.0;
  const double signal_power = voiced > 0 ? power / static_cast<double>(voiced) * scale * scale : 0.0;
  const double noise_rms =
      std::isfinite(settings.snr_db) ? std::sqrt(signal_power / std::pow(10.0, settings.snr_db / 10)) : 0.0;
  voice.samples.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    voice.samples[i] = static_cast<float>(signal[i] * scale + noise_rms * normal(rng));
  }
  return voice;
}

}  // namespace velum::voice::testing
