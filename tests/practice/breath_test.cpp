#include "practice/breath.hpp"

#include <gtest/gtest.h>

namespace velum::practice {
namespace {

TEST(BreathPresets, DiaphragmaticIsFourInSixOut) {
  auto pattern = find_preset("diaphragmatic");
  ASSERT_TRUE(pattern.has_value());
  EXPECT_DOUBLE_EQ(pattern->inhale.count(), 4.0);
  EXPECT_DOUBLE_EQ(pattern->exhale.count(), 6.0);
  EXPECT_FALSE(pattern->has_holds());
}

TEST(BreathPresets, ResonanceIsSixBreathsAMinute) {
  EXPECT_DOUBLE_EQ(find_preset("resonance")->breaths_per_minute(), 6.0);
}

TEST(BreathPresets, WarmBathPresetHasNoHolds) { EXPECT_FALSE(find_preset("holdless-calm")->has_holds()); }

TEST(BreathPresets, EveryPresetHasPositiveInhaleAndExhale) {
  for (const auto& pattern : preset_patterns()) {
    EXPECT_GT(pattern.inhale.count(), 0) << pattern.name;
    EXPECT_GT(pattern.exhale.count(), 0) << pattern.name;
    EXPECT_FALSE(pattern.title.empty()) << pattern.name;
  }
}

TEST(BreathPresets, UnknownNameIsNotFound) { EXPECT_FALSE(find_preset("hold2").has_value()); }

}  // namespace
}  // namespace velum::practice
