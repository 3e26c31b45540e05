// `velum pace` as a person runs it: bad input gives one line and the right exit
// code; a short pacer without a terminal prints one line per phase.

#include <gtest/gtest.h>

#include <algorithm>

#include "cli_runner.hpp"

namespace velum::cli {
namespace {

int lines(const std::string& text) { return static_cast<int>(std::count(text.begin(), text.end(), '\n')); }

struct BadPace {
  std::vector<std::string> args;
  int exit_code;
  std::string mentions;
};

class PaceRejects : public ::testing::TestWithParam<BadPace> {};

TEST_P(PaceRejects, WithOneLineNamingTheProblem) {
  std::vector<std::string> args{"pace", "--audio", "none"};
  args.insert(args.end(), GetParam().args.begin(), GetParam().args.end());
  const auto run = run_velum(args);
  EXPECT_EQ(run.exit_code, GetParam().exit_code) << run.err;
  EXPECT_EQ(lines(run.err), 1) << run.err;
  EXPECT_NE(run.err.find(GetParam().mentions), std::string::npos) << run.err;
  EXPECT_TRUE(run.out.empty()) << run.out;
}

INSTANTIATE_TEST_SUITE_P(
    BadInput, PaceRejects,
    ::testing::Values(BadPace{{"--pattern", "bxo"}, 1, "unknown pattern 'bxo'"},
                      BadPace{{"--pattern", "resonanse"}, 1, "did you mean 'resonance'?"},
                      BadPace{{"--inhale", "abc", "--exhale", "4"}, 2, "'abc' is not a number"},
                      BadPace{{"--inhale", "0", "--exhale", "4"}, 1, "--inhale 0 is out of range"},
                      BadPace{{"--inhale", "-2", "--exhale", "4"}, 1, "--inhale -2 is out of range"},
                      BadPace{{"--inhale", "4", "--exhale", "601"}, 1, "--exhale 601 is out of range"},
                      BadPace{{"--inhale", "4", "--exhale", "4", "--hold-out", "1e9"}, 1, "--hold-out 1e9"},
                      BadPace{{"--inhale", "4"}, 2, "--exhale"},
                      BadPace{{"--pattern", "box", "--inhale", "4", "--exhale", "4"}, 2, "not both"},
                      BadPace{{"--minutes", "soon"}, 2, "--minutes 'soon'"},
                      BadPace{{"--minutes", "-1"}, 1, "--minutes -1 is out of range"},
                      BadPace{{"--ramp-to", "box"}, 2, "--ramp-breaths"},
                      BadPace{{"--ramp-breaths", "4"}, 2, "--ramp-to"},
                      BadPace{{"--ramp-to", "boks", "--ramp-breaths", "4"}, 1, "unknown pattern 'boks'"},
                      BadPace{{"--ramp-to", "box", "--ramp-breaths", "2.5"}, 2, "whole number"},
                      BadPace{{"--inhale", "0.2", "--exhale", "0.2"}, 1, "too short"},
                      BadPace{{"--voice"}, 2, "--voice"}));

TEST(Pace, UnknownAudioModeIsAUsageError) {
  const auto run = run_velum({"pace", "--audio", "loud"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("--audio 'loud'"), std::string::npos) << run.err;
}

TEST(Pace, WithoutASoundDeviceSaysSoInOneLineAndPointsAtAudioNone) {
  const auto run = run_velum({"pace", "--pattern", "box"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(lines(run.err), 1) << run.err;
  EXPECT_NE(run.err.find("no audio output device found"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("--audio none"), std::string::npos) << run.err;
}

TEST(Pace, PrintsOnePhasePerLineWhenNotInATerminal) {
  // 0.05 minutes = 3 s of diaphragmatic breathing: one inhale, then the end.
  const auto run =
      run_velum({"pace", "--audio", "none", "--minutes", "0.05", "--inhale", "1", "--exhale", "1"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "0:00  Breathe in\n0:01  Breathe out\n0:02  Breathe in\n0:03  Finished.\n");
}

}  // namespace
}  // namespace velum::cli
