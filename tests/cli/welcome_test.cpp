// The first-run screen `make run` shows: welcome, routines, today's routine.

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "cli_runner.hpp"

namespace velum::cli {
namespace {

std::string fresh_data_dir() {
  auto dir = std::filesystem::temp_directory_path() /
             ("velum-welcome-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

TEST(Welcome, FirstRunListsEveryBundledRoutine) {
  auto run = run_velum({"welcome"}, {{"VELUM_DATA", fresh_data_dir()}, {"COLUMNS", "100"}});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  for (const char* id : {"core-nasopharynx", "nasal-swab", "soft-palate-pinch", "hard-palate",
                         "tongue-suction", "warm-bath", "aftercare", "breathing-only"}) {
    EXPECT_NE(run.out.find(id), std::string::npos) << id;
  }
}

TEST(Welcome, FirstRunRecommendsTheCoreRoutineAtStageOneStepByStep) {
  auto run = run_velum({"welcome"}, {{"VELUM_DATA", fresh_data_dir()}, {"COLUMNS", "100"}});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("Today: Core nasopharynx release, stage 1 of 5"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("1. Settle the breath"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("Find the palate border"), std::string::npos) << run.out;
  EXPECT_EQ(run.out.find("Insert and hold"), std::string::npos) << "stage 2 steps wait for stage 2";
}

TEST(Welcome, FirstRunPointsToTheSafetyScreenBeforeAnySession) {
  auto run = run_velum({"welcome"}, {{"VELUM_DATA", fresh_data_dir()}, {"COLUMNS", "100"}});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("velum screen"), std::string::npos);
  EXPECT_NE(run.out.find("does not diagnose or treat"), std::string::npos);
}

TEST(Welcome, MissingRoutineFolderSaysWhereItLooked) {
  auto run =
      run_velum({"welcome"}, {{"VELUM_DATA", fresh_data_dir()}, {"VELUM_PROTOCOLS", "/nonexistent/velum"}});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.out.find("/nonexistent/velum"), std::string::npos) << run.out;
}

}  // namespace
}  // namespace velum::cli
