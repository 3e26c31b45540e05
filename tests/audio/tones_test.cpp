#include "audio/tones.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <numbers>

namespace velum::audio {
namespace {

constexpr int kRate = 48000;

// Pulses: runs where the smoothed envelope is above 10% of the peak, separated
// by at least 20 ms below it. Bells ring across their own gaps, so this is only
// meaningful for the breath tones, whose pulses are separated by real silence.
int count_pulses(std::span<const float> tone) {
  constexpr std::size_t kWindow = 240;  // 5 ms envelope follower
  float peak = 0;
  for (float v : tone) peak = std::max(peak, std::abs(v));
  std::vector<float> envelope(tone.size());
  double sum = 0;
  for (std::size_t i = 0; i < tone.size(); ++i) {
    sum += std::abs(tone[i]);
    if (i >= kWindow) sum -= std::abs(tone[i - kWindow]);
    envelope[i] = static_cast<float>(sum / kWindow);
  }
  float envelope_peak = 0;
  for (float v : envelope) envelope_peak = std::max(envelope_peak, v);
  int pulses = 0;
  bool inside = false;
  std::size_t quiet = 0;
  for (float v : envelope) {
    if (v > 0.1F * envelope_peak) {
      if (!inside && (pulses == 0 || quiet >= 960)) ++pulses;
      inside = true;
      quiet = 0;
    } else {
      inside = false;
      ++quiet;
    }
  }
  return pulses;
}

// Fraction of the energy above `cutoff_hz` in a Hann-windowed stretch centred
// on `centre` of `signal` (zero outside), by a direct DFT (a short window).
double high_band_fraction(const std::vector<float>& signal, std::ptrdiff_t centre, double cutoff_hz) {
  constexpr std::ptrdiff_t kLength = 1024;
  std::vector<double> frame(kLength);
  for (std::ptrdiff_t i = 0; i < kLength; ++i) {
    const std::ptrdiff_t at = centre - kLength / 2 + i;
    const double x = at >= 0 && at < static_cast<std::ptrdiff_t>(signal.size()) ? signal[static_cast<std::size_t>(at)] : 0.0;
    frame[static_cast<std::size_t>(i)] = x * 0.5 * (1 - std::cos(2 * std::numbers::pi * static_cast<double>(i) / kLength));
  }
  double total = 0;
  double high = 0;
  for (std::ptrdiff_t k = 0; k <= kLength / 2; ++k) {
    std::complex<double> bin = 0;
    for (std::ptrdiff_t n = 0; n < kLength; ++n) {
      bin += frame[static_cast<std::size_t>(n)] *
             std::polar(1.0, -2 * std::numbers::pi * static_cast<double>(k * n) / kLength);
    }
    const double energy = std::norm(bin);
    total += energy;
    if (static_cast<double>(k) * kRate / kLength >= cutoff_hz) high += energy;
  }
  return total > 0 ? high / total : 0;
}

// The no-click threshold: a raised-cosine edge leaves the 8 kHz+ band more than
// 80 dB down; a hard edge (the control below) leaves it around -30 dB. -60 dB
// sits well between them.
constexpr double kClickThreshold = 1e-6;
constexpr double kClickCutoffHz = 8000;

TEST(ToneBank, InhaleIsOnePulseAndExhaleTwoInEverySoundSet) {
  for (auto name : sound_set_names()) {
    const auto set = parse_sound_set(name);
    ASSERT_TRUE(set.has_value()) << name;
    const ToneBank bank = make_tone_bank(*set, kRate);
    EXPECT_EQ(count_pulses(bank.tone(ToneKind::kInhale)), 1) << name;
    EXPECT_EQ(count_pulses(bank.tone(ToneKind::kExhale)), 2) << name;
    EXPECT_EQ(pulse_count(ToneKind::kInhale), 1);
    EXPECT_EQ(pulse_count(ToneKind::kExhale), 2);
  }
}

TEST(ToneBank, EveryToneStartsOnANonZeroSampleAndStaysUnderFullScale) {
  for (auto name : sound_set_names()) {
    const ToneBank bank = make_tone_bank(*parse_sound_set(name), kRate);
    for (int k = 0; k < kToneKindCount; ++k) {
      const auto tone = bank.tone(static_cast<ToneKind>(k));
      ASSERT_FALSE(tone.empty());
      EXPECT_NE(tone.front(), 0.0F) << name << " tone " << k;
      for (float v : tone) ASSERT_LT(std::abs(v), 1.0F);
    }
  }
}

TEST(ToneBank, AttacksAndReleasesDoNotClick) {
  for (auto name : sound_set_names()) {
    const ToneBank bank = make_tone_bank(*parse_sound_set(name), kRate);
    for (int k = 0; k < kToneKindCount; ++k) {
      const auto tone = bank.tone(static_cast<ToneKind>(k));
      const std::vector<float> signal(tone.begin(), tone.end());
      EXPECT_LT(high_band_fraction(signal, 0, kClickCutoffHz), kClickThreshold) << name << " tone " << k << " attack";
      EXPECT_LT(high_band_fraction(signal, static_cast<std::ptrdiff_t>(signal.size()), kClickCutoffHz), kClickThreshold)
          << name << " tone " << k << " release";
    }
  }
}

TEST(ToneBank, TheClickMeasureCatchesAHardEdge) {
  // Control for the test above: the same measure on a sine switched on abruptly.
  std::vector<float> hard(4800);
  for (std::size_t i = 0; i < hard.size(); ++i) {
    hard[i] = static_cast<float>(0.3 * std::cos(2 * std::numbers::pi * 440.0 * static_cast<double>(i) / kRate));
  }
  EXPECT_GT(high_band_fraction(hard, 0, kClickCutoffHz), kClickThreshold * 100);
}

TEST(ToneBank, LowSampleRatesDropPartialsAboveNyquist) {
  // At 8 kHz the bell's 5.4x partial of 660 Hz (3.6 kHz) would sit beyond 0.45 x rate.
  const ToneBank bank = make_tone_bank(SoundSet::kSoftBells, 8000);
  EXPECT_FALSE(bank.tone(ToneKind::kStepBell).empty());
}

TEST(SoundSetNames, ParseAndNameRoundTrip) {
  ASSERT_GE(sound_set_names().size(), 3U);
  for (auto name : sound_set_names()) EXPECT_EQ(name_of(*parse_sound_set(name)), name);
  EXPECT_FALSE(parse_sound_set("gong").has_value());
}

TEST(BreathGuide, RisesThroughTheInhaleAndMeetsTheExhaleWithoutAJump) {
  const GuidePoint start = guide_point(0, true);
  const GuidePoint top = guide_point(1, true);
  EXPECT_LT(start.frequency_hz, top.frequency_hz);
  EXPECT_LT(start.amplitude, top.amplitude);
  const GuidePoint exhale_start = guide_point(0, false);
  EXPECT_DOUBLE_EQ(exhale_start.frequency_hz, top.frequency_hz);
  EXPECT_DOUBLE_EQ(guide_point(1, false).frequency_hz, start.frequency_hz);
}

}  // namespace
}  // namespace velum::audio
