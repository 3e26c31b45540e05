// Pitch matching and maximum phonation time on tracks whose answer is known.

#include "voice/tasks.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace velum::voice {
namespace {

std::vector<PitchFrame> track_of(const std::vector<std::optional<double>>& f0) {
  std::vector<PitchFrame> frames;
  for (std::size_t i = 0; i < f0.size(); ++i)
    frames.push_back(PitchFrame{0.01 * static_cast<double>(i), f0[i], f0[i] ? 1.0 : 0.0});
  return frames;
}

TEST(ParseTarget, ReadsNoteNamesAndFrequencies) {
  EXPECT_NEAR(*parse_target_hz("A4"), 440.0, 1e-9);
  EXPECT_NEAR(*parse_target_hz("C4"), 261.6256, 1e-3);
  EXPECT_NEAR(*parse_target_hz("F#3"), 184.9972, 1e-3);
  EXPECT_NEAR(*parse_target_hz("Bb2"), 116.5409, 1e-3);
  EXPECT_NEAR(*parse_target_hz("196"), 196.0, 1e-12);
}

TEST(ParseTarget, RejectsWhatIsNeitherANoteNorAFrequency) {
  const auto bad = parse_target_hz("H4");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message, "'H4' is not a note name");
  EXPECT_EQ(parse_target_hz("9000").error().message, "a target of 9000 Hz is outside 20..5000 Hz");
}

TEST(PitchMatch, MeasuresTheSteadyMiddleAndSkipsAScoopedOnset) {
  // 0.2 s scooping up from 200 Hz, then 1 s at 10 cents sharp of 220 Hz.
  std::vector<std::optional<double>> f0(10, std::nullopt);
  for (int i = 0; i < 20; ++i) f0.emplace_back(200.0 + i);
  const double sharp = 220.0 * std::pow(2.0, 10.0 / 1200);
  for (int i = 0; i < 100; ++i) f0.emplace_back(sharp);
  const auto trial = measure_match(track_of(f0), 0.01, 220.0);
  ASSERT_TRUE(trial.ok()) << trial.error().message;
  EXPECT_NEAR(trial->deviation_cents, 10.0, 1e-6);
}

TEST(PitchMatch, SummarisesAccuracyAndPrecisionOverTrials) {
  const std::vector<MatchTrial> trials = {{0, 10, 1}, {0, -10, 1}, {0, 30, 1}};
  const auto summary = summarize_matches(trials);
  EXPECT_NEAR(summary.accuracy_cents, 10.0, 1e-9);
  EXPECT_NEAR(summary.mean_absolute_cents, 50.0 / 3, 1e-9);
  ASSERT_TRUE(summary.precision_cents);
  EXPECT_NEAR(*summary.precision_cents, 20.0, 1e-9);
}

TEST(PitchMatch, SaysWhenNothingWasSung) {
  const auto trial = measure_match(track_of(std::vector<std::optional<double>>(50)), 0.01, 220.0);
  ASSERT_FALSE(trial.ok());
  EXPECT_EQ(trial.error().message, "no voiced frames found");
}

TEST(PhonationTime, BridgesBriefDropoutsButNotPauses) {
  std::vector<std::optional<double>> f0;
  for (int i = 0; i < 300; ++i)
    f0.emplace_back(i % 100 == 50 ? std::nullopt : std::optional<double>(180.0));  // 10 ms dropouts
  for (int i = 0; i < 20; ++i) f0.emplace_back(std::nullopt);                      // a 0.2 s pause
  for (int i = 0; i < 100; ++i) f0.emplace_back(180.0);
  EXPECT_NEAR(longest_phonation_seconds(track_of(f0), 0.01), 3.0, 1e-9);
  EXPECT_EQ(longest_phonation_seconds(track_of(std::vector<std::optional<double>>(10)), 0.01), 0.0);
}

}  // namespace
}  // namespace velum::voice
