// Jitter and shimmer formulas on pulse trains whose answer is known by hand.

#include "voice/perturbation.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

namespace velum::voice {
namespace {

std::vector<double> pulses_from_periods(const std::vector<double>& periods) {
  std::vector<double> pulses{0.1};
  for (const double p : periods) pulses.push_back(pulses.back() + p);
  return pulses;
}

TEST(Jitter, IsZeroForAPerfectlyRegularPulseTrain) {
  const auto pulses = pulses_from_periods(std::vector<double>(50, 0.005));
  const Jitter j = measure_jitter(pulses);
  ASSERT_TRUE(j.local && j.rap && j.ppq5 && j.local_absolute_seconds);
  // 1e-12: only rounding of the summed pulse times remains.
  EXPECT_NEAR(*j.local, 0.0, 1e-12);
  EXPECT_NEAR(*j.rap, 0.0, 1e-12);
  EXPECT_NEAR(*j.ppq5, 0.0, 1e-12);
}

TEST(Jitter, MatchesTheHandComputedValueForAlternatingPeriods) {
  // Periods alternate 5.0 and 5.1 ms: every neighbour differs by 0.1 ms, the
  // mean period is 5.05 ms, so local = 0.1 / 5.05 and local absolute = 0.1 ms.
  std::vector<double> periods;
  for (int i = 0; i < 40; ++i) periods.push_back(i % 2 == 0 ? 0.005 : 0.0051);
  const Jitter j = measure_jitter(pulses_from_periods(periods));
  ASSERT_TRUE(j.local && j.local_absolute_seconds && j.rap);
  EXPECT_NEAR(*j.local, 0.1 / 5.05, 1e-9);
  EXPECT_NEAR(*j.local_absolute_seconds, 0.0001, 1e-12);
  // rap: with periods a, b, a the middle one is 2|a - b| / 3 = 0.2/3 ms from the mean of the three.
  EXPECT_NEAR(*j.rap, (0.2 / 3) / 5.05, 1e-9);
}

TEST(Jitter, SkipsPeriodsOutsideTheFloorAndCeiling) {
  // A 30 ms gap (a voice break) is longer than the 20 ms ceiling: the two
  // differences it takes part in are left out, so jitter stays 0.
  std::vector<double> periods(20, 0.004);
  periods.push_back(0.03);
  periods.insert(periods.end(), 20, 0.004);
  const Jitter j = measure_jitter(pulses_from_periods(periods));
  ASSERT_TRUE(j.local);
  EXPECT_NEAR(*j.local, 0.0, 1e-9);
}

TEST(Jitter, IsUndefinedWithTooFewPulses) {
  const Jitter j = measure_jitter(std::vector<double>{0.1, 0.105});
  EXPECT_FALSE(j.local);
  EXPECT_FALSE(j.rap);
  EXPECT_FALSE(j.ppq5);
}

TEST(Shimmer, FollowsAmplitudesThatAlternateBetweenTwoLevels) {
  // A 200 Hz sine whose amplitude alternates 1.0 / 0.9 every period, pulses at
  // the period starts: neighbouring amplitudes differ by 0.1 of a mean of 0.95
  // (local = 0.1 / 0.95) and by 20 log10(1 / 0.9) dB. The Hann-windowed RMS
  // around each pulse mixes the two neighbouring periods a little, so the
  // tolerance is 5 % of the value.
  MonoSignal signal;
  signal.sample_rate_hz = 44100;
  const double f0 = 200;
  const int periods = 60;
  signal.samples.resize(static_cast<std::size_t>(periods / f0 * signal.sample_rate_hz));
  for (std::size_t i = 0; i < signal.samples.size(); ++i) {
    const double t = (static_cast<double>(i) + 0.5) / signal.sample_rate_hz;
    const auto period = static_cast<int>(std::floor(t * f0 + 0.25));  // pulse at the sine's peak
    const double amplitude = period % 2 == 0 ? 1.0 : 0.9;
    signal.samples[i] = static_cast<float>(0.5 * amplitude * std::cos(2 * std::numbers::pi * f0 * t));
  }
  std::vector<double> pulses;
  for (int k = 1; k < periods; ++k) pulses.push_back(k / f0);
  const Shimmer s = measure_shimmer(pulses, signal);
  ASSERT_TRUE(s.local && s.local_db && s.apq3);
  EXPECT_NEAR(*s.local, 0.1 / 0.95, 0.05 * 0.1 / 0.95);
  EXPECT_NEAR(*s.local_db, 20 * std::log10(1 / 0.9), 0.05 * 20 * std::log10(1 / 0.9));
}

}  // namespace
}  // namespace velum::voice
