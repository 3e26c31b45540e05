// `velum screen` and `velum plan`, run as the real binary against a fresh
// journal in a temporary VELUM_DATA. Days are relative to today (in UTC: every
// run sets TZ=UTC so "today" is the same for the test and for velum).

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
#include <vector>

#include "cli_runner.hpp"

namespace velum::cli {
namespace {

namespace fs = std::filesystem;
using std::chrono::days;

constexpr int kQuestionCount = 9;

// "2026-11-23" for today minus `days_ago`, in UTC.
// The text with its line wrapping undone ("a\n  b" reads "a b"), so a test can
// look for a whole sentence however wide the terminal was.
std::string unwrapped(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\n') {
      out += text[i];
      continue;
    }
    while (i + 1 < text.size() && text[i + 1] == ' ') ++i;
    out += ' ';
  }
  return out;
}

std::string day_text(int days_ago) {
  const auto today = std::chrono::floor<days>(std::chrono::system_clock::now());
  const std::chrono::year_month_day date{today - days{days_ago}};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                     static_cast<unsigned>(date.day()));
}

class ScreenAndPlan : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = fs::temp_directory_path() / fmt::format("velum-screen-plan-{}-{}", getpid(), std::rand());
    fs::create_directories(data_);
  }
  void TearDown() override { fs::remove_all(data_); }

  VelumRun velum(const std::vector<std::string>& args) {
    return run_velum(args, {{"VELUM_DATA", data_.string()}, {"TZ", "UTC"}});
  }

  VelumRun velum_with_input(const std::vector<std::string>& args, const std::string& input) {
    return run_velum(args, {{"VELUM_DATA", data_.string()}, {"TZ", "UTC"}}, input);
  }

  // Imports screenings and sessions given as JSON arrays (the export format).
  void import(const nlohmann::json& screenings, const nlohmann::json& sessions,
              const nlohmann::json& step_results = nlohmann::json::array()) {
    const nlohmann::json file = {{"format", "velum-journal"},
                                 {"format_version", 1},
                                 {"exported_at", day_text(0) + "T00:00:00Z"},
                                 {"screenings", screenings},
                                 {"sessions", sessions},
                                 {"step_results", step_results},
                                 {"checkins", nlohmann::json::array()},
                                 {"plan_states", nlohmann::json::array()}};
    const fs::path path = data_ / "import.json";
    std::ofstream(path) << file.dump();
    const auto run = velum({"import", path.string()});
    ASSERT_EQ(run.exit_code, 0) << run.err;
  }

  static nlohmann::json screening(int days_ago, int version, const std::string& yes_id = "") {
    auto answers = nlohmann::json::array();
    for (const char* id : {"recent-surgery-or-injury", "bleeding-risk", "active-infection",
                           "lump-sore-or-bleeding", "weight-loss-or-hoarseness", "swallowing-or-breathing",
                           "fainting-with-gagging", "pregnancy-with-nausea", "seizure-disorder"}) {
      answers.push_back({{"question_id", id}, {"yes", id == yes_id}});
    }
    return {{"id", fmt::format("screen-{}", days_ago)},
            {"user_id", "local"},
            {"question_set_version", version},
            {"taken_at", day_text(days_ago) + "T09:00:00Z"},
            {"result", yes_id.empty() ? "clear" : "blocked"},
            {"answers", answers}};
  }

  static nlohmann::json session(const std::string& id, int days_ago, int stage, int pain,
                                const std::string& outcome, const std::string& routine = "core-nasopharynx") {
    nlohmann::json stop = nullptr;
    if (outcome == "stopped") stop = {{"reason", "bleeding"}, {"text", ""}};
    return {{"id", id},
            {"user_id", "local"},
            {"routine_id", routine},
            {"routine_version", 1},
            {"pattern", "diaphragmatic"},
            {"stage", stage},
            {"started_at", day_text(days_ago) + "T08:00:00Z"},
            {"ended_at", day_text(days_ago) + "T08:05:00Z"},
            {"outcome", outcome},
            {"stop_reason", stop},
            {"source", "logged"},
            {"pain", pain}};
  }

  nlohmann::json status_json() {
    const auto run = velum({"screen", "--status", "--json"});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return nlohmann::json::parse(run.out);
  }

  nlohmann::json plan_json(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args{"plan", "--json"};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto run = velum(args);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return nlohmann::json::parse(run.out);
  }

  static std::string lines(int count, const std::string& answer) {
    std::string text;
    for (int i = 0; i < count; ++i) text += answer + "\n";
    return text;
  }

  fs::path data_;
};

// ---- velum screen ----------------------------------------------------------------

TEST_F(ScreenAndPlan, StatusBeforeAnyScreenSaysItWasNeverTaken) {
  const auto run = velum({"screen", "--status"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("You have not taken the safety screen yet"), std::string::npos) << run.out;
  EXPECT_EQ(status_json()["status"], "never-taken");
}

TEST_F(ScreenAndPlan, AnsweringNoToEveryQuestionIsClearAndRecorded) {
  const auto run = velum_with_input({"screen"}, lines(kQuestionCount, "n"));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("1/9  In the past three months"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("9/9  Do you have epilepsy"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("None of your answers stands in the way"), std::string::npos) << run.out;
  const auto status = status_json();
  EXPECT_EQ(status["status"], "clear");
  EXPECT_EQ(status["valid_through"], day_text(-29));
}

TEST_F(ScreenAndPlan, AnUnclearAnswerIsAskedAgain) {
  const auto run = velum_with_input({"screen"}, "maybe\nYES\n" + lines(kQuestionCount - 1, "No"));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("Please answer y or n."), std::string::npos) << run.out;
  EXPECT_EQ(status_json()["blocking_ids"], nlohmann::json::array({"recent-surgery-or-injury"}));
}

TEST_F(ScreenAndPlan, AYesBlocksWithCalmAdviceAndIsRecorded) {
  const auto run = velum_with_input({"screen"}, "n\ny\n" + lines(kQuestionCount - 2, "n"));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto text = unwrapped(run.out);
  EXPECT_NE(text.find("The routine waits for now"), std::string::npos) << run.out;
  EXPECT_NE(text.find("Please ask your clinician whether this practice is safe for you."), std::string::npos)
      << run.out;
  EXPECT_NE(text.find("velum cannot examine you"), std::string::npos) << run.out;
  const auto status = status_json();
  EXPECT_EQ(status["status"], "blocked");
  EXPECT_EQ(status["allows_practice"], false);
  // The question as asked, not its id.
  EXPECT_NE(status["sentence"].get<std::string>().find("“Do you have a bleeding disorder"), std::string::npos)
      << status["sentence"];
}

TEST_F(ScreenAndPlan, InputEndingEarlySavesNothing) {
  const auto run = velum_with_input({"screen"}, lines(3, "n"));
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("the input ended at question 4 of 9"), std::string::npos) << run.err;
  EXPECT_EQ(status_json()["status"], "never-taken");
}

TEST_F(ScreenAndPlan, AnswersOptionNeedsEveryQuestion) {
  const auto run = velum({"screen", "--answers",
                          "recent-surgery-or-injury=no,active-infection=no,lump-sore-or-bleeding=no,"
                          "weight-loss-or-hoarseness=no,swallowing-or-breathing=no,fainting-with-gagging=no,"
                          "pregnancy-with-nausea=no,seizure-disorder=no"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("answers.bleeding-risk: question 'bleeding-risk' has no answer"), std::string::npos)
      << run.err;
  EXPECT_EQ(status_json()["status"], "never-taken");
}

TEST_F(ScreenAndPlan, AnswersOptionRefusesAMalformedItem) {
  const auto run = velum({"screen", "--answers", "bleeding-risk"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("'bleeding-risk' is not of that form"), std::string::npos) << run.err;
}

TEST_F(ScreenAndPlan, AnswersOptionWithEveryQuestionIsRecorded) {
  const auto run =
      velum({"screen", "--answers",
             "recent-surgery-or-injury=no,bleeding-risk=no,active-infection=no,lump-sore-or-bleeding=no,"
             "weight-loss-or-hoarseness=no,swallowing-or-breathing=no,fainting-with-gagging=no,"
             "pregnancy-with-nausea=no,seizure-disorder=yes"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("A seizure with a finger in the mouth"), std::string::npos) << run.out;
  EXPECT_EQ(status_json()["status"], "blocked");
}

TEST_F(ScreenAndPlan, AScreenTaken29DaysAgoStillCounts) {
  import(nlohmann::json::array({screening(29, 1)}), nlohmann::json::array());
  const auto status = status_json();
  EXPECT_EQ(status["status"], "clear");
  EXPECT_EQ(status["valid_through"], day_text(0));
}

TEST_F(ScreenAndPlan, AScreenTakenThirtyDaysAgoHasExpired) {
  import(nlohmann::json::array({screening(30, 1)}), nlohmann::json::array());
  const auto status = status_json();
  EXPECT_EQ(status["status"], "expired");
  EXPECT_EQ(status["allows_practice"], false);
}

TEST_F(ScreenAndPlan, AScreenFromAnotherQuestionSetIsOutdated) {
  import(nlohmann::json::array({screening(1, 2)}), nlohmann::json::array());
  EXPECT_EQ(status_json()["status"], "outdated");
}

TEST_F(ScreenAndPlan, JsonWithoutStatusIsAUsageError) { EXPECT_EQ(velum({"screen", "--json"}).exit_code, 2); }

// ---- velum plan ------------------------------------------------------------------

TEST_F(ScreenAndPlan, AFirstPlanIsStageOneAndAsksForTheScreen) {
  const auto run = velum({"plan"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("Core nasopharynx release (core-nasopharynx): stage 1 of 5"), std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("Safety screen: You have not taken the safety screen yet"), std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("Rule: first-session"), std::string::npos) << run.out;
}

TEST_F(ScreenAndPlan, ThreeEasyLoggedSessionsMoveOnAStage) {
  for (int days_ago : {3, 2, 1}) {
    const auto logged =
        velum({"log", "--routine", "core-nasopharynx", "--pain", "3", "--date", day_text(days_ago)});
    ASSERT_EQ(logged.exit_code, 0) << logged.err;
  }
  const auto plan = plan_json();
  EXPECT_EQ(plan["stage"], 2);
  EXPECT_EQ(plan["rule"], "advance");
  EXPECT_EQ(plan["explanation"],
            "Stage 2 today: your last 3 sessions stayed at 3/10 or below, so you move on from stage 1.");
  EXPECT_EQ(plan["practised_today"], false);
  // The stored plan state now says stage 2: the next logged session is at stage 2.
  ASSERT_EQ(velum({"log", "--routine", "core-nasopharynx", "--pain", "5"}).exit_code, 0);
  const auto after = plan_json();
  EXPECT_EQ(after["stage"], 2);
  EXPECT_EQ(after["rule"], "moderate-pain");
}

TEST_F(ScreenAndPlan, AskingTwiceGivesTheSamePlan) {
  for (int days_ago : {2, 1, 0}) {
    ASSERT_EQ(velum({"log", "--routine", "core-nasopharynx", "--pain", "1", "--date", day_text(days_ago)})
                  .exit_code,
              0);
  }
  EXPECT_EQ(plan_json(), plan_json());
}

TEST_F(ScreenAndPlan, TwoStopsPauseUntilThePersonConfirmsOnALaterDay) {
  import(nlohmann::json::array(),
         nlohmann::json::array({session("a", 3, 3, 4, "stopped"), session("b", 2, 2, 4, "stopped")}));
  const auto paused = plan_json();
  EXPECT_EQ(paused["rule"], "paused");
  EXPECT_EQ(paused["paused"], true);
  EXPECT_EQ(paused["stage"], 1);

  const auto confirm = velum({"plan", "--confirm-well"});
  ASSERT_EQ(confirm.exit_code, 0) << confirm.err;
  EXPECT_NE(confirm.out.find("you feel well again"), std::string::npos) << confirm.out;
  EXPECT_NE(confirm.out.find("Rule: resumed"), std::string::npos) << confirm.out;
  const auto resumed = plan_json();
  EXPECT_EQ(resumed["rule"], "resumed");
  EXPECT_EQ(resumed["paused"], false);
}

TEST_F(ScreenAndPlan, FeelingWellAgainIsStoredWithThePlanAndNeverAsACheckIn) {
  import(nlohmann::json::array(),
         nlohmann::json::array({session("a", 3, 3, 4, "stopped"), session("b", 2, 2, 4, "stopped")}));
  ASSERT_EQ(velum({"plan", "--confirm-well"}).exit_code, 0);
  const auto exported = nlohmann::json::parse(velum({"export", "--json", "-"}).out);
  EXPECT_TRUE(exported["checkins"].empty()) << exported["checkins"].dump();
  ASSERT_EQ(exported["plan_states"].size(), 1U);
  EXPECT_TRUE(exported["plan_states"][0]["well_confirmed_at"].is_string()) << exported["plan_states"].dump();
  // A check-in that types the old sentence changes nothing either way.
  ASSERT_EQ(velum({"checkin", "--note",
                   "I feel well again after the stopped sessions and want to go on with the plan."})
                .exit_code,
            0);
  EXPECT_EQ(plan_json()["paused"], false);
}

TEST_F(ScreenAndPlan, ConfirmingOnTheDayOfTheStopsKeepsThePause) {
  import(nlohmann::json::array(),
         nlohmann::json::array({session("a", 0, 2, 4, "stopped"), session("b", 0, 1, 4, "stopped")}));
  const auto confirm = velum({"plan", "--confirm-well"});
  ASSERT_EQ(confirm.exit_code, 0) << confirm.err;
  EXPECT_NE(confirm.out.find("a confirmation on the day of a stop does not count"), std::string::npos)
      << confirm.out;
  EXPECT_EQ(plan_json()["paused"], true);
}

TEST_F(ScreenAndPlan, ConfirmingWithoutAPauseChangesNothing) {
  const auto run = velum({"plan", "--confirm-well"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("Progression is not paused, so there is nothing to confirm."), std::string::npos)
      << run.out;
}

TEST_F(ScreenAndPlan, PlanFollowsTheRoutineLastPractisedAndNamesItsHold) {
  import(nlohmann::json::array({screening(0, 1)}),
         nlohmann::json::array({session("p", 1, 1, 2, "completed", "soft-palate-pinch")}));
  const auto plan = plan_json();
  EXPECT_EQ(plan["routine_id"], "soft-palate-pinch");
  EXPECT_EQ(plan["hold_rule"], "start");
  EXPECT_EQ(plan["hold_seconds"], 0.3);
  EXPECT_EQ(plan["sessions_per_week"], 3);
  EXPECT_EQ(plan["screen"]["status"], "clear");
}

TEST_F(ScreenAndPlan, APainfulSessionRegressesTheStage) {
  import(nlohmann::json::array(), nlohmann::json::array({session("a", 1, 3, 7, "completed")}));
  const auto plan = plan_json({"--routine", "core-nasopharynx"});
  EXPECT_EQ(plan["stage"], 2);
  EXPECT_EQ(plan["rule"], "regress-pain");
}

TEST_F(ScreenAndPlan, AnUnknownRoutineIsInvalidInputNamingTheKnownOnes) {
  const auto run = velum({"plan", "--routine", "core-nasopharinx"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("no routine 'core-nasopharinx'"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("core-nasopharynx"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace velum::cli
