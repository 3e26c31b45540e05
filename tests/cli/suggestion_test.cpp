// A mistyped command or option gets the closest correct spelling and points to
// the help of the command that was reached, not only to `velum --help`.

#include <gtest/gtest.h>

#include "cli_runner.hpp"

namespace velum::cli {
namespace {

TEST(Suggestions, AMistypedCommandSuggestsTheClosestOne) {
  const auto run = run_velum({"sesion"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("'sesion' is not a command of 'velum' (did you mean 'session'?)"), std::string::npos)
      << run.err;
  EXPECT_NE(run.err.find("run 'velum --help'"), std::string::npos) << run.err;
}

TEST(Suggestions, AMistypedSubcommandSuggestsAndPointsToItsParentsHelp) {
  const auto run = run_velum({"protocols", "shwo", "core-nasopharynx"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("'shwo' is not a command of 'velum protocols' (did you mean 'show'?)"),
            std::string::npos)
      << run.err;
  EXPECT_NE(run.err.find("run 'velum protocols --help' to see its options"), std::string::npos) << run.err;
}

TEST(Suggestions, AMistypedOptionSuggestsTheClosestOptionOfThatCommand) {
  const auto run = run_velum({"checkin", "--pian", "throat=3"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("'velum checkin' has no option --pian (did you mean '--pain'?)"), std::string::npos)
      << run.err;
  EXPECT_NE(run.err.find("run 'velum checkin --help'"), std::string::npos) << run.err;
}

TEST(Suggestions, AnOptionWithAValueAfterAnEqualsSignIsNamedWithoutTheValue) {
  const auto run = run_velum({"history", "--snice=2026-01-01"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("has no option --snice (did you mean '--since'?)"), std::string::npos) << run.err;
}

TEST(Suggestions, SomethingFarFromAnyCommandGetsNoGuess) {
  const auto run = run_velum({"xyzzyplugh"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("'xyzzyplugh' is not a command of 'velum'\n"), std::string::npos) << run.err;
  EXPECT_EQ(run.err.find("did you mean"), std::string::npos) << run.err;
}

TEST(Suggestions, OtherUsageErrorsPointToTheCommandsOwnHelp) {
  const auto run = run_velum({"remind"});  // --ics is required
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("--ics"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("run 'velum remind --help'"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace velum::cli
