// `velum session` through the real binary with input from a file (read a line
// per answer): the screen gate, option errors, and a whole session at 120x that
// lands in the journal with its ratings.

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <tuple>
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

  // Imports finished sessions (id, days ago, stage, pain, outcome) into the journal.
  void import_sessions(const std::vector<std::tuple<std::string, int, int, int, std::string>>& rows) {
    auto sessions = nlohmann::json::array();
    for (const auto& [id, days_ago, stage, pain, outcome] : rows) {
      const auto day = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()) -
                       std::chrono::days{days_ago};
      const std::chrono::year_month_day ymd{std::chrono::sys_days{day}};
      const std::string date =
          fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                      static_cast<unsigned>(ymd.day()));
      sessions.push_back(
          {{"id", id},
           {"user_id", "local"},
           {"routine_id", "core-nasopharynx"},
           {"routine_version", 1},
           {"pattern", "diaphragmatic"},
           {"stage", stage},
           {"started_at", date + "T08:00:00Z"},
           {"ended_at", date + "T08:05:00Z"},
           {"outcome", outcome},
           {"stop_reason", outcome == "stopped" ? nlohmann::json{{"reason", "dizziness"}, {"text", ""}}
                                                : nlohmann::json(nullptr)},
           {"source", "logged"},
           {"pain", pain}});
    }
    const nlohmann::json file{{"format", "velum-journal"},
                              {"format_version", 1},
                              {"exported_at", "2026-01-01T00:00:00Z"},
                              {"screenings", nlohmann::json::array()},
                              {"sessions", sessions},
                              {"step_results", nlohmann::json::array()},
                              {"checkins", nlohmann::json::array()},
                              {"plan_states", nlohmann::json::array()}};
    const fs::path path = data_ / "import.json";
    std::ofstream(path) << file.dump();
    const auto run = velum({"import", path.string()});
    ASSERT_EQ(run.exit_code, 0) << run.err;
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

TEST_F(SessionCommand, APausedPlanRefusesTheSessionAndSaysHowToGoOn) {
  ASSERT_EQ(velum({"screen", "--answers", kAllNo}).exit_code, 0);
  import_sessions({{"a", 3, 2, 4, "stopped"}, {"b", 2, 1, 4, "stopped"}});
  const auto run = velum_with_input({"session", "--audio", "none", "--speed", "120"}, "y\ny\ny\ny\ny\ny\n");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.out.find("Progression is paused at stage 1"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("velum plan --routine core-nasopharynx --confirm-well"), std::string::npos)
      << run.out;
  EXPECT_EQ(run.out.find("Are your nails clipped short?"), std::string::npos) << run.out;
}

TEST_F(SessionCommand, ShowsTheClinicianAdviceThatThePlanGives) {
  ASSERT_EQ(velum({"screen", "--answers", kAllNo}).exit_code, 0);
  import_sessions({{"a", 20, 1, 5, "completed"},
                   {"b", 19, 1, 5, "completed"},
                   {"c", 18, 1, 5, "completed"},
                   {"d", 3, 1, 5, "completed"},
                   {"e", 2, 1, 5, "completed"},
                   {"f", 1, 1, 5, "completed"}});
  const auto plan = velum({"plan"});
  ASSERT_NE(plan.out.find("please see a clinician"), std::string::npos) << plan.out;
  EXPECT_NE(plan.out.find("Rule: see-clinician"), std::string::npos) << plan.out;
  EXPECT_EQ(plan.out.find("Rule: moderate-pain"), std::string::npos) << plan.out;
  // The session shows it too, before anything is asked (a "no" on nails ends it there).
  const auto run = velum_with_input({"session", "--audio", "none", "--speed", "120"}, "n\n");
  EXPECT_NE(run.out.find("please see a clinician"), std::string::npos) << run.out;
  EXPECT_LT(run.out.find("please see a clinician"), run.out.find("Are your nails clipped short?")) << run.out;
}

TEST_F(SessionCommand, SayingYesToAftercareKeepsTheRoutineAsTheDefault) {
  ASSERT_EQ(velum({"screen", "--answers", kAllNo}).exit_code, 0);
  const auto run = velum_with_input({"session", "core-nasopharynx", "--audio", "none", "--speed", "120"},
                                    "y\ny\ny\ny\ny\ny\n1\n4\n1\n0\n\n0\n\n2\ny\n0\n\n0\n0\n\n");
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  const auto exported = nlohmann::json::parse(velum({"export", "--json", "-"}).out);
  ASSERT_EQ(exported["sessions"].size(), 2U) << run.out;
  EXPECT_EQ(exported["sessions"][1]["routine_id"], "aftercare");
  const auto plan = nlohmann::json::parse(velum({"plan", "--json"}).out);
  EXPECT_EQ(plan["routine_id"], "core-nasopharynx");
  const auto welcome = velum({"welcome"});
  EXPECT_NE(welcome.out.find("Today: Core nasopharynx release"), std::string::npos) << welcome.out;
  const auto next = velum_with_input({"session", "--audio", "none", "--speed", "120"}, "n\n");
  EXPECT_NE(next.out.find("Core nasopharynx release: stage"), std::string::npos) << next.out;
}

TEST_F(SessionCommand, AHarmlessInterruptionIsSavedAsSuchAndPausesNothing) {
  ASSERT_EQ(velum({"screen", "--answers", kAllNo}).exit_code, 0);
  for (int i = 0; i < 2; ++i) {
    const auto run =
        velum_with_input({"session", "--audio", "none", "--speed", "1"}, "y\ny\ny\ny\ny\ny\n \n8\n\n");
    EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
    EXPECT_NE(run.out.find("saved in your journal (interrupted)"), std::string::npos) << run.out;
    EXPECT_EQ(run.out.find("Progression is paused"), std::string::npos) << run.out;
  }
  const auto plan = nlohmann::json::parse(velum({"plan", "--json"}).out);
  EXPECT_EQ(plan["paused"], false);
  EXPECT_EQ(plan["stage"], 1);
  const auto exported = nlohmann::json::parse(velum({"export", "--json", "-"}).out);
  ASSERT_EQ(exported["sessions"].size(), 2U);
  EXPECT_EQ(exported["sessions"][0]["stop_reason"]["reason"], "interrupted");
}

}  // namespace
}  // namespace velum::cli
