// Intensity calibration and the voice range profile on synthesized tones.

#include "voice/range.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

namespace velum::voice {
namespace {

MonoSignal sine(double hz, double amplitude, double seconds, int rate = 44100) {
  MonoSignal s;
  s.sample_rate_hz = rate;
  s.samples.resize(static_cast<std::size_t>(seconds * rate));
  for (std::size_t i = 0; i < s.samples.size(); ++i) {
    s.samples[i] =
        static_cast<float>(amplitude * std::sin(2 * std::numbers::pi * hz * static_cast<double>(i) / rate));
  }
  return s;
}

TEST(Calibration, MapsTheReferenceToneToItsKnownLevel) {
  // A 1 kHz tone at amplitude 0.1 recorded while a calibrator reads 94 dB: a
  // tone twice as loud must then read 94 + 6.02 dB (0.05 dB: a 20 ms window
  // holds exactly 20 periods, so only float rounding remains).
  const auto calibration = calibrate_from_tone(sine(1000, 0.1, 2.0), 94.0);
  ASSERT_TRUE(calibration.ok());
  const auto louder = sine(1000, 0.2, 1.0);
  std::vector<PitchFrame> frames = {{0.5, 1000.0, 1.0}};
  const auto levels = frame_levels_db(louder, frames, *calibration);
  EXPECT_NEAR(levels[0], 94.0 + 20 * std::log10(2.0), 0.05);
}

TEST(Calibration, UsesPraatsConventionWhenUncalibrated) {
  // Full-scale sine: RMS 0.7071 "Pa" = 90.97 dB re 20 uPa.
  std::vector<PitchFrame> frames = {{0.5, 1000.0, 1.0}};
  const auto levels = frame_levels_db(sine(1000, 1.0, 1.0), frames, Calibration{});
  EXPECT_NEAR(levels[0], 90.97, 0.05);
  EXPECT_NE(Calibration{}.describe().find("uncalibrated"), std::string::npos);
}

TEST(Calibration, RefusesAClippedOrSilentTone) {
  EXPECT_EQ(calibrate_from_tone(sine(1000, 1.2, 1.0), 94).error().message, "the reference tone is clipped");
  EXPECT_EQ(calibrate_from_tone(sine(1000, 0.0, 1.0), 94).error().message, "the reference tone is silent");
  EXPECT_EQ(calibrate_from_tone(sine(1000, 0.1, 1.0), 300).error().message,
            "a reference level of 300 dB is outside 40..130 dB");
}

TEST(RangeProfile, KeepsTheSoftestAndLoudestLevelPerSemitone) {
  // A3 (220 Hz) at 60 and 80 dB, C4 at 70 dB, and a stray single frame at C6
  // that is too short to count.
  std::vector<PitchFrame> track;
  std::vector<double> levels;
  auto add = [&](double hz, double db, int frames) {
    for (int i = 0; i < frames; ++i) {
      track.push_back({0.01 * static_cast<double>(track.size()), hz, 1.0});
      levels.push_back(db);
    }
  };
  add(220.0, 60, 10);
  add(221.0, 80, 10);
  add(261.63, 70, 5);
  add(1046.5, 90, 1);
  track.push_back({0.0, std::nullopt, 0.0});
  levels.push_back(100);
  RangeProfileBuilder builder;
  builder.add(track, levels);
  const auto profile = builder.build();
  ASSERT_EQ(profile.cells.size(), 2U);
  EXPECT_EQ(note_name(profile.cells[0].midi_note), "A3");
  EXPECT_DOUBLE_EQ(profile.cells[0].min_db, 60);
  EXPECT_DOUBLE_EQ(profile.cells[0].max_db, 80);
  EXPECT_EQ(note_name(profile.cells[1].midi_note), "C4");
  EXPECT_EQ(profile.range_semitones, 3);
  EXPECT_NEAR(profile.lowest_hz, 220.0, 1e-9);
  const auto svg = range_profile_svg(profile, Calibration{});
  EXPECT_EQ(svg.rfind("<svg", 0), 0U);
  EXPECT_NE(svg.find("Range 3 semitones (220-262 Hz)"), std::string::npos);
  EXPECT_NE(svg.find("</svg>"), std::string::npos);
}

}  // namespace
}  // namespace velum::voice
