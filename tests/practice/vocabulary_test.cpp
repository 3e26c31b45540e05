#include "practice/vocabulary.hpp"

#include <gtest/gtest.h>

namespace velum::practice {
namespace {

TEST(Vocabulary, SpellingsRoundTripThroughParse) {
  for (auto spelling : spellings<Landmark>()) {
    auto landmark = parse<Landmark>(spelling);
    ASSERT_TRUE(landmark.has_value()) << spelling;
    EXPECT_EQ(to_string(*landmark), spelling);
  }
  for (auto spelling : spellings<Sensation>()) {
    auto sensation = parse<Sensation>(spelling);
    ASSERT_TRUE(sensation.has_value()) << spelling;
    EXPECT_EQ(to_string(*sensation), spelling);
  }
}

TEST(Vocabulary, UnknownSpellingIsNotParsed) {
  EXPECT_FALSE(parse<Hand>("pinky").has_value());
  EXPECT_FALSE(parse<Hand>("").has_value());
  EXPECT_FALSE(parse<Hand>("Thumb").has_value()) << "spellings are case-sensitive";
}

TEST(Vocabulary, IndexAndThumbIsSpelledWithAPlus) {
  EXPECT_EQ(parse<Hand>("index+thumb"), Hand::kIndexAndThumb);
}

TEST(Vocabulary, OnlyMouthLandmarksAreIntraOral) {
  EXPECT_TRUE(is_intra_oral(Landmark::kUvula));
  EXPECT_TRUE(is_intra_oral(Landmark::kSphincterSuperior));
  EXPECT_TRUE(is_intra_oral(Landmark::kTonsilPillars));
  EXPECT_FALSE(is_intra_oral(Landmark::kNostril));
  EXPECT_FALSE(is_intra_oral(Landmark::kTongueToPalate));
  EXPECT_FALSE(is_intra_oral(Landmark::kNone));
}

TEST(Vocabulary, OnlyFingersCountAsIntraOralHands) {
  EXPECT_TRUE(is_finger(Hand::kThumb));
  EXPECT_TRUE(is_finger(Hand::kIndexAndThumb));
  EXPECT_FALSE(is_finger(Hand::kTongue));
  EXPECT_FALSE(is_finger(Hand::kCottonSwab));
}

}  // namespace
}  // namespace velum::practice
