#include "cli/text.hpp"

#include <gtest/gtest.h>

namespace velum::cli {
namespace {

TEST(Wrap, BreaksBetweenWordsWithinTheWidth) {
  EXPECT_EQ(wrap("one two three four", 20 + 9, 0), "one two three four\n");
  EXPECT_EQ(wrap("aaaa bbbb cccc dddd eeee ffff", 20, 0), "aaaa bbbb cccc dddd\neeee ffff\n");
}

TEST(Wrap, IndentsEveryLine) {
  EXPECT_EQ(wrap("aaaa bbbb cccc dddd eeee", 22, 2), "  aaaa bbbb cccc dddd\n  eeee\n");
}

TEST(Wrap, KeepsParagraphsApart) {
  EXPECT_EQ(wrap("First paragraph.\n\nSecond one.", 40, 0), "First paragraph.\n\nSecond one.\n");
}

TEST(Wrap, CountsUtf8CharactersNotBytes) {
  // Twenty "é" are 40 bytes but 20 columns: they fit a 20-column line alone.
  std::string word;
  for (int i = 0; i < 20; ++i) word += "é";
  EXPECT_EQ(wrap(word + " x", 21, 0), word + "\nx\n");
}

TEST(Wrap, LongWordStandsAlone) {
  const std::string word(30, 'a');
  EXPECT_EQ(wrap("x " + word + " y", 20, 0), "x\n" + word + "\ny\n");
}

TEST(FitLine, LeavesAShortLineAlone) { EXPECT_EQ(fit_line("  rest here", 20), "  rest here"); }

TEST(FitLine, CutsALongLineAtAWordBoundaryWithAnEllipsis) {
  EXPECT_EQ(fit_line("  Rest the thumb behind the uvula", 20), "  Rest the thumb…");
  EXPECT_LE(display_columns(fit_line("  Rest the thumb behind the uvula", 20)), 20u);
}

TEST(FitLine, NeverCutsInsideAUtf8Character) {
  std::string word;
  for (int i = 0; i < 30; ++i) word += "é";
  const auto fitted = fit_line(word, 10);
  EXPECT_EQ(display_columns(fitted), 10u);
  EXPECT_EQ(fitted, word.substr(0, 18) + "…");  // nine "é" of two bytes, then the ellipsis
}

TEST(SessionLength, IsOneFormatEverywhere) {
  EXPECT_EQ(format_length(std::chrono::seconds{122}), "2:02 min");
  EXPECT_EQ(format_length(std::chrono::seconds{59}), "0:59 min");
  EXPECT_EQ(format_length(std::chrono::seconds{3600}), "60:00 min");
}

TEST(DescribeDuration, ShowsRepetitions) {
  practice::Step step;
  step.duration = practice::Seconds{20};
  EXPECT_EQ(describe_duration(step), "20 s");
  step.repetitions = 3;
  EXPECT_EQ(describe_duration(step), "3 × 20 s");
}

}  // namespace
}  // namespace velum::cli
