// Runs the real `velum` binary as a person would and checks what it prints.

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <string>

#include "cli_runner.hpp"

namespace velum::cli {
namespace {

TEST(Cli, VersionPrintsTheProjectVersion) {
  auto run = run_velum({"--version"});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.out.rfind("velum ", 0), 0u) << run.out;
}

TEST(Cli, UnknownCommandIsAUsageErrorWithAHint) {
  auto run = run_velum({"frobnicate"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("frobnicate"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("velum --help"), std::string::npos) << run.err;
}

TEST(Cli, UnknownOptionIsAUsageError) {
  auto run = run_velum({"patterns", "list", "--jsn"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("--jsn"), std::string::npos) << run.err;
}

TEST(Cli, PatternsListJsonHasEveryPreset) {
  auto run = run_velum({"patterns", "list", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("\"diaphragmatic\""), std::string::npos);
  EXPECT_NE(run.out.find("\"holdless-calm\""), std::string::npos);
}

}  // namespace
}  // namespace velum::cli
