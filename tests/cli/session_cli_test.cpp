// `velum session` through the real binary with input from a file (read a line
// per answer): the screen gate, option errors, and a whole session at 120x that
// lands in the journal with its ratings.

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli_runner.hpp"

namespace velum::cli {
namespace {

namespace fs = std::filesystem;

constexpr const char* kAllNo =
    "recent-surgery-or-injury=no,bleeding-risk=no,active-infection=no,lump-sore-or-bleeding=no,"
    "weight-loss-or-hoarseness=no,swallowing-or-breathing=no,fainting-with-gagging=no,pregnancy-with-nausea="
    "no,"
    "seizure-disorder=no";

class SessionCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = fs::temp_directory_path() / fmt::format("velum-session-{}-{}", getpid(), std::rand());
    fs::create_directories(data_);
  }
  void TearDown() override { fs::remove_all(data_); }

  VelumRun velum(const std::vector<std::string>& args) {
    return run_velum(args, {{"VELUM_DATA", data_.string()}, {"TZ", "UTC"}});
  }

  VelumRun velum_with_input(const std::vector<std::string>& args, const std::string& input) {
    return run_velum(args, {{"VELUM_DATA", data_.string()}, {"TZ", "UTC"}}, input);
  }

  fs::path data_;
};

TEST_F(SessionCommand, IntraOralRoutineWaitsForTheSafetyScreen) {
  const auto run = velum_with_input({"session", "--audio", "none"}, "y\ny\ny\ny\ny\ny\n");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.out.find("Take it with 'velum screen'"), std::string::npos) << run.out;
  EXPECT_EQ(run.out.find("Are your nails clipped short?"), std::string::npos) << run.out;
}

TEST_F(SessionCommand, RejectsSpeedOutOfRangeAndUnknownAudio) {
  auto run = velum({"session", "--audio", "none", "--speed", "121"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("--speed 121 is out of range: use 1 to 120"), std::string::npos) << run.err;
  run = velum({"session", "--audio", "loud"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("--audio 'loud' is not known"), std::string::npos) << run.err;
  run = velum({"session", "--speed", "10"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("add --audio none"), std::string::npos) << run.err;
  run = velum({"session", "no-such-routine", "--audio", "none"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("no routine 'no-such-routine'"), std::string::npos) << run.err;
}

TEST_F(SessionCommand, NoOnHandsExplainsAndStoresNoSession) {
  ASSERT_EQ(velum({"screen", "--answers", kAllNo}).exit_code, 0);
  const auto run = velum_with_input({"session", "--audio", "none", "--speed", "120"}, "y\nn\n");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.out.find("wash your hands with soap"), std::string::npos) << run.out;
  const auto exported = nlohmann::json::parse(velum({"export", "--json", "-"}).out);
  EXPECT_TRUE(exported["sessions"].empty());
}

TEST_F(SessionCommand, AWholeSessionFromAScriptIsJournalledWithRatings) {
  ASSERT_EQ(velum({"screen", "--answers", kAllNo}).exit_code, 0);
  // Checklist, then pain per step (the second with its first sensation), then no aftercare.
  const auto run = velum_with_input({"session", "core-nasopharynx", "--audio", "none", "--speed", "120"},
                                    "y\ny\ny\ny\ny\ny\n1\n4\n1\n0\n\n0\n\n2\nn\n");
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("Step 1 of 5: Settle the breath"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("highest pain 4/10"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("velum session aftercare"), std::string::npos) << run.out;
  const auto exported = nlohmann::json::parse(velum({"export", "--json", "-"}).out);
  ASSERT_EQ(exported["sessions"].size(), 1U);
  EXPECT_EQ(exported["sessions"][0]["outcome"], "completed");
  std::vector<int> pains;
  for (const auto& step : exported["step_results"]) pains.push_back(step["pain"].get<int>());
  EXPECT_EQ(pains, (std::vector<int>{1, 4, 0, 0, 2}));
  EXPECT_EQ(exported["step_results"][1]["sensations"], nlohmann::json::array({"salivation"}));
}

TEST_F(SessionCommand, AStopFromAScriptRecordsTheReason) {
  ASSERT_EQ(velum({"screen", "--answers", kAllNo}).exit_code, 0);
  const auto run =
      velum_with_input({"session", "--audio", "none", "--speed", "1"}, "y\ny\ny\ny\ny\ny\ns\n3\n\n");
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("saved in your journal (dizziness)"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("Sit or lie down on your side"), std::string::npos) << run.out;
  const auto exported = nlohmann::json::parse(velum({"export", "--json", "-"}).out);
  ASSERT_EQ(exported["sessions"].size(), 1U);
  EXPECT_EQ(exported["sessions"][0]["outcome"], "stopped");
  EXPECT_EQ(exported["sessions"][0]["stop_reason"]["reason"], "dizziness");
}

}  // namespace
}  // namespace velum::cli
