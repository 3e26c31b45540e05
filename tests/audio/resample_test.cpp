#include "audio/detail/resample.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

namespace velum::audio::detail {
namespace {

// A linear sine sweep evaluated exactly at any rate, so the resampled signal
// can be compared with the ideal one sample by sample.
std::vector<float> sweep(int rate, double seconds, double from_hz, double to_hz, double amplitude) {
  const auto n = static_cast<std::size_t>(seconds * rate);
  const double slope = (to_hz - from_hz) / seconds;
  std::vector<float> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double t = static_cast<double>(i) / rate;
    out[i] = static_cast<float>(amplitude * std::sin(2 * std::numbers::pi * (from_hz * t + slope * t * t / 2)));
  }
  return out;
}

// Error energy relative to signal energy, in dB, skipping the edges where the
// kernel runs off the input (zero padding is expected to differ there).
double error_db(const std::vector<float>& got, const std::vector<float>& want, std::size_t edge) {
  double error = 0;
  double signal = 0;
  const std::size_t n = std::min(got.size(), want.size());
  for (std::size_t i = edge; i + edge < n; ++i) {
    error += std::pow(got[i] - want[i], 2);
    signal += std::pow(want[i], 2);
  }
  return 10 * std::log10(error / signal);
}

// Tolerance: -60 dB. The Kaiser window (beta 8.6) keeps passband ripple near
// 1e-4 and the sweep stays below 0.4 x the lower rate, inside the passband;
// this resampler measures about -96 dB. A wrong phase, cutoff or off-by-one
// in time gives worse than -20 dB, so the margin only absorbs harmless change.
constexpr double kMaxErrorDb = -60;

struct RatePair {
  int from_hz;
  int to_hz;
};

class ResampleSweep : public ::testing::TestWithParam<RatePair> {};

TEST_P(ResampleSweep, MatchesTheIdealSweepWithinSixtyDecibels) {
  const auto [from, to] = GetParam();
  const double top_hz = 0.4 * std::min(from, to);
  const auto input = sweep(from, 1.0, 100, top_hz, 0.5);
  const auto want = sweep(to, 1.0, 100, top_hz, 0.5);
  const auto got = resample(input, from, to);
  EXPECT_EQ(got.size(), want.size());
  const auto edge = static_cast<std::size_t>(2 * kResampleHalfTaps * std::max(1.0, static_cast<double>(to) / from) *
                                             std::max(1.0, static_cast<double>(from) / to));
  EXPECT_LT(error_db(got, want, edge), kMaxErrorDb);
}

INSTANTIATE_TEST_SUITE_P(SpeechRates, ResampleSweep,
                         ::testing::Values(RatePair{16000, 48000}, RatePair{16000, 44100}, RatePair{22050, 48000},
                                           RatePair{22050, 44100}, RatePair{48000, 16000}, RatePair{44100, 48000}));

TEST(Resample, RemovesToneAboveTheNewNyquistWhenDownsampling) {
  // 12 kHz cannot exist at 16 kHz; it must be filtered out, not folded to 4 kHz.
  const auto input = sweep(48000, 0.5, 12000, 12000, 0.5);
  const auto got = resample(input, 48000, 16000);
  double energy = 0;
  for (std::size_t i = 200; i + 200 < got.size(); ++i) energy += got[i] * got[i];
  const double rms = std::sqrt(energy / static_cast<double>(got.size() - 400));
  // Tolerance: 70 dB below the input's RMS (0.354), matching the ~80 dB stopband.
  EXPECT_LT(20 * std::log10(rms / 0.354), -70);
}

TEST(Resample, EqualRatesCopyTheInput) {
  const std::vector<float> input = {0.1F, -0.2F, 0.3F};
  EXPECT_EQ(resample(input, 48000, 48000), input);
}

}  // namespace
}  // namespace velum::audio::detail
