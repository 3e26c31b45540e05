// HNR and CPPS on synthesized signals with a known truth: a harmonic complex
// (10 harmonics, 1/k amplitudes) whose period is a whole number of samples,
// plus white Gaussian noise at a set signal-to-noise ratio. Parity with Praat
// itself is tested in praat_parity_test.cpp.

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numbers>
#include <random>

#include "voice/quality.hpp"

namespace velum::voice {
namespace {

constexpr double kF0Hz = 125.0;  // 128 samples at 16 kHz: exactly periodic
constexpr double kSeconds = 2.0;
constexpr int kHarmonics = 10;
constexpr double kPeak = 0.5;
constexpr double kNoiseOnly = -std::numeric_limits<double>::infinity();

// The harmonic complex plus noise at `snr_db` (power ratio over the whole
// signal); kNoiseOnly gives white noise alone, +infinity no noise.
MonoSignal tone_with_noise(int rate_hz, double snr_db, unsigned seed) {
  const auto n = static_cast<std::size_t>(kSeconds * rate_hz);
  std::vector<double> tone(n, 0.0);
  double power = 0;
  if (snr_db != kNoiseOnly) {
    for (std::size_t i = 0; i < n; ++i) {
      const double t = static_cast<double>(i) / rate_hz;
      for (int k = 1; k <= kHarmonics; ++k) tone[i] += std::sin(2 * std::numbers::pi * k * kF0Hz * t) / k;
      power += tone[i] * tone[i];
    }
    power /= static_cast<double>(n);
  }
  const double noise_rms = snr_db == kNoiseOnly    ? 1.0
                           : std::isfinite(snr_db) ? std::sqrt(power / std::pow(10.0, snr_db / 10.0))
                                                   : 0.0;
  std::mt19937 rng(seed);
  std::normal_distribution<double> gauss(0.0, 1.0);
  double peak = 0;
  for (double& v : tone) {
    v += noise_rms * gauss(rng);
    peak = std::max(peak, std::abs(v));
  }
  MonoSignal signal;
  signal.sample_rate_hz = rate_hz;
  for (const double v : tone) signal.samples.push_back(static_cast<float>(kPeak * v / peak));
  return signal;
}

std::optional<double> hnr_of(const MonoSignal& signal) {
  const auto track = harmonicity_cc(signal);
  EXPECT_TRUE(track.ok()) << track.error().message;
  if (!track.ok()) return std::nullopt;
  for (const auto& frame : track->hnr_db) {
    if (frame) {
      EXPECT_TRUE(std::isfinite(*frame));
    }
  }
  return mean_hnr_db(track.value());
}

TEST(Harmonicity, IsVeryHighForAPerfectlyPeriodicTone) {
  // Every window repeats exactly one period later, so r is 1 up to rounding;
  // 60 dB means r > 0.999999.
  const auto hnr = hnr_of(tone_with_noise(16000, std::numeric_limits<double>::infinity(), 1));
  ASSERT_TRUE(hnr.has_value());
  EXPECT_GT(*hnr, 60.0);
}

TEST(Harmonicity, FollowsTheSignalToNoiseRatioOfATonePlusWhiteNoise) {
  // r estimates the periodic share of the power, so HNR ≈ SNR. 0.5 dB covers
  // the estimate's spread over 13 ms windows and the slight upward bias of
  // taking the strongest correlation peak (measured: at most 0.32 dB here).
  constexpr double kToleranceDb = 0.5;
  for (const int rate : {16000, 44100}) {
    for (const double snr : {10.0, 20.0, 30.0}) {
      const auto hnr = hnr_of(tone_with_noise(rate, snr, 7));
      ASSERT_TRUE(hnr.has_value()) << rate << " Hz, " << snr << " dB";
      EXPECT_NEAR(*hnr, snr, kToleranceDb) << rate << " Hz";
    }
  }
}

TEST(Harmonicity, IsBelowZeroDecibelsForWhiteNoise) {
  // Noise correlates with itself only by chance (r around 0.2), far below one half.
  const auto hnr = hnr_of(tone_with_noise(16000, kNoiseOnly, 9));
  ASSERT_TRUE(hnr.has_value());
  EXPECT_LT(*hnr, 0.0);
}

TEST(Harmonicity, LeavesEverySilentFrameEmptySoTheMeanIsUndefined) {
  MonoSignal silence;
  silence.sample_rate_hz = 16000;
  silence.samples.assign(16000, 0.0F);
  const auto track = harmonicity_cc(silence);
  ASSERT_TRUE(track.ok()) << track.error().message;
  EXPECT_FALSE(track->hnr_db.empty());
  EXPECT_FALSE(mean_hnr_db(track.value()).has_value());
}

TEST(Harmonicity, RefusesARecordingShorterThanItsWindowNamingBothDurations) {
  MonoSignal one_sample;
  one_sample.sample_rate_hz = 16000;
  one_sample.samples = {0.25F};
  const auto track = harmonicity_cc(one_sample);
  ASSERT_FALSE(track.ok());
  EXPECT_NE(track.error().message.find("0.000 s"), std::string::npos) << track.error().message;
  EXPECT_NE(track.error().message.find("0.027 s harmonicity window"), std::string::npos)
      << track.error().message;
}

TEST(Harmonicity, RejectsSettingsOutOfRangeNamingTheSetting) {
  HarmonicitySettings settings;
  settings.min_pitch_hz = 5;
  const auto track = harmonicity_cc(tone_with_noise(16000, 20.0, 1), settings);
  ASSERT_FALSE(track.ok());
  EXPECT_EQ(track.error().message, "harmonicity minimum pitch 5 is out of range");
}

TEST(Cpps, FallsAsNoiseIsAddedUnderBothSettings) {
  // The cepstral peak stands out less as noise fills the spectrum between the
  // harmonics; each 10 dB of SNR lowers CPPS by well over 0.5 dB here.
  constexpr double kMinimumStepDb = 0.5;
  for (const auto& settings : {praat_default_cpps_settings(), avqi_cpps_settings()}) {
    double previous = std::numeric_limits<double>::infinity();
    for (const double snr : {std::numeric_limits<double>::infinity(), 30.0, 20.0, 10.0, 0.0, kNoiseOnly}) {
      const auto cpps = cpps_db(tone_with_noise(16000, snr, 7), settings);
      ASSERT_TRUE(cpps.ok()) << cpps.error().message;
      EXPECT_TRUE(std::isfinite(cpps.value()));
      EXPECT_LT(cpps.value(), previous - kMinimumStepDb) << "SNR " << snr << " dB";
      previous = cpps.value();
    }
  }
}

TEST(Cpps, IsHighForACleanToneAndLowForWhiteNoise) {
  // Measured: about 22 dB for the tone and 3-4.5 dB for noise at either rate.
  for (const int rate : {16000, 44100}) {
    const auto clean = cpps_db(tone_with_noise(rate, std::numeric_limits<double>::infinity(), 3),
                               praat_default_cpps_settings());
    const auto noise = cpps_db(tone_with_noise(rate, kNoiseOnly, 3), praat_default_cpps_settings());
    ASSERT_TRUE(clean.ok() && noise.ok());
    EXPECT_GT(clean.value(), 15.0) << rate << " Hz";
    EXPECT_LT(noise.value(), 6.0) << rate << " Hz";
  }
}

TEST(Cpps, RefusesSilenceAndASingleSampleWithAnErrorInsteadOfANumber) {
  MonoSignal silence;
  silence.sample_rate_hz = 44100;
  silence.samples.assign(44100, 0.0F);
  const auto silent = cpps_db(silence, praat_default_cpps_settings());
  ASSERT_FALSE(silent.ok());
  EXPECT_NE(silent.error().message.find("silent"), std::string::npos) << silent.error().message;

  MonoSignal one_sample;
  one_sample.sample_rate_hz = 44100;
  one_sample.samples = {0.25F};
  const auto short_one = cpps_db(one_sample, praat_default_cpps_settings());
  ASSERT_FALSE(short_one.ok());
  EXPECT_NE(short_one.error().message.find("too short for a cepstrum"), std::string::npos)
      << short_one.error().message;
}

TEST(Cpps, RejectsSettingsOutOfRangeNamingTheSetting) {
  CppsSettings settings = praat_default_cpps_settings();
  settings.peak_ceiling_hz = 50;  // below the 60 Hz floor
  const auto cpps = cpps_db(tone_with_noise(16000, 20.0, 1), settings);
  ASSERT_FALSE(cpps.ok());
  EXPECT_EQ(cpps.error().message, "CPPS peak search ceiling 50 is out of range");
}

}  // namespace
}  // namespace velum::voice
