// Windowed-sinc resampling. For the usual rate pairs (16000 -> 48000 is 1:3,
// 16000 -> 44100 is 160:441) the kernel is tabulated once per phase
// (polyphase); rare rate pairs with many phases evaluate it directly.

#include "audio/detail/resample.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <numeric>

namespace velum::audio::detail {
namespace {

constexpr double kKaiserBeta = 8.6;  // ~80 dB stopband
// Cutoff as a fraction of the lower Nyquist frequency: leaves room for the
// transition band (about 0.08 of the lower rate for 32 half-taps at beta 8.6).
constexpr double kCutoffFraction = 0.92;
// Above this many phases a table costs more than it saves.
constexpr std::int64_t kMaxTablePhases = 4096;

// Modified Bessel function of the first kind, order 0, by its power series.
double bessel_i0(double x) {
  double sum = 1;
  double term = 1;
  const double quarter_x2 = x * x / 4;
  for (int k = 1; k < 60; ++k) {
    term *= quarter_x2 / (static_cast<double>(k) * k);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

struct Kernel {
  double cutoff = 1;      // normalized: 1 = the input's Nyquist
  double half_width = 1;  // in input samples
  double i0_beta = 1;

  // Weight of an input sample `x` input-samples away from the output instant.
  double operator()(double x) const {
    if (std::abs(x) >= half_width) return 0;
    const double arg = std::numbers::pi * cutoff * x;
    const double sinc = std::abs(x) < 1e-12 ? 1.0 : std::sin(arg) / arg;
    const double r = x / half_width;
    return cutoff * sinc * bessel_i0(kKaiserBeta * std::sqrt(1 - r * r)) / i0_beta;
  }
};

}  // namespace

std::vector<float> resample(std::span<const float> input, int from_hz, int to_hz) {
  if (from_hz == to_hz) return {input.begin(), input.end()};
  const std::int64_t divisor = std::gcd(from_hz, to_hz);
  const std::int64_t up = to_hz / divisor;    // L
  const std::int64_t down = from_hz / divisor;  // M
  const double ratio = static_cast<double>(to_hz) / from_hz;
  const auto out_size = static_cast<std::size_t>(std::llround(static_cast<double>(input.size()) * ratio));
  std::vector<float> out(out_size);

  // Work in input-sample units; when downsampling the kernel widens by 1/ratio.
  const double scale = std::min(1.0, ratio);
  const Kernel kernel{kCutoffFraction * scale, kResampleHalfTaps / scale, bessel_i0(kKaiserBeta)};
  const auto reach = static_cast<std::int64_t>(std::ceil(kernel.half_width));
  const std::int64_t taps = 2 * reach;  // j in [-reach + 1, reach]
  const bool tabulated = up <= kMaxTablePhases;
  std::vector<double> table;
  if (tabulated) {
    table.resize(static_cast<std::size_t>(up * taps));
    for (std::int64_t phase = 0; phase < up; ++phase) {
      const double frac = static_cast<double>(phase) / static_cast<double>(up);
      for (std::int64_t j = 0; j < taps; ++j) {
        table[static_cast<std::size_t>(phase * taps + j)] = kernel(frac - static_cast<double>(j - reach + 1));
      }
    }
  }
  const auto size = static_cast<std::int64_t>(input.size());
  for (std::size_t m = 0; m < out_size; ++m) {
    const std::int64_t numerator = static_cast<std::int64_t>(m) * down;
    const std::int64_t base = numerator / up;
    const std::int64_t phase = numerator % up;
    const double frac = static_cast<double>(phase) / static_cast<double>(up);
    double sum = 0;
    for (std::int64_t j = 0; j < taps; ++j) {
      const std::int64_t k = base + j - reach + 1;
      if (k < 0 || k >= size) continue;
      const double weight = tabulated ? table[static_cast<std::size_t>(phase * taps + j)]
                                      : kernel(frac - static_cast<double>(j - reach + 1));
      sum += input[static_cast<std::size_t>(k)] * weight;
    }
    out[m] = static_cast<float>(sum);
  }
  return out;
}

}  // namespace velum::audio::detail
