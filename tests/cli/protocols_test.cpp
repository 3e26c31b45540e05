// `velum protocols list|show|check`, run as a person would run them.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "cli_runner.hpp"

namespace velum::cli {
namespace {

namespace fs = std::filesystem;

const fs::path kGood = fs::path(VELUM_TEST_DATA) / "protocols" / "good";
const fs::path kBad = fs::path(VELUM_TEST_DATA) / "protocols" / "bad";

// The good test routines stand in for the bundled ones; no user routines.
const std::map<std::string, std::string> kTestCatalog = {{"VELUM_PROTOCOLS", kGood.string()},
                                                         {"XDG_DATA_HOME", "/nonexistent-velum-test"}};

TEST(ProtocolsCommand, ListJsonDescribesEveryRoutine) {
  const auto run = run_velum({"protocols", "list", "--json"}, kTestCatalog);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto json = nlohmann::json::parse(run.out);
  ASSERT_TRUE(json.is_array());
  ASSERT_EQ(json.size(), 2u);
  const auto& first = json[0];
  EXPECT_EQ(first.at("id"), "breathing-only");
  EXPECT_EQ(first.at("title"), "Breathing only");
  EXPECT_EQ(first.at("level"), "beginner");
  EXPECT_EQ(first.at("setting"), "seated");
  EXPECT_EQ(first.at("version"), 1);
  EXPECT_EQ(first.at("stages"), 1);
  EXPECT_TRUE(first.at("summary").is_string());
  // The session as the Timeline plays it: 10 s countdown, 120 s + 300 s of
  // steps, one 3 s pause between them and the 5 s closing ring-out.
  EXPECT_DOUBLE_EQ(first.at("minutes").get<double>(), 438.0 / 60.0);
  EXPECT_EQ(json[1].at("id"), "thumb-hold");
  EXPECT_EQ(json[1].at("stages"), 3);
}

TEST(ProtocolsCommand, ListPrintsATable) {
  const auto run = run_velum({"protocols", "list"}, kTestCatalog);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("breathing-only"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("Thumb hold"), std::string::npos) << run.out;
}

TEST(ProtocolsCommand, ListReportsAUserRoutineThatReusesABundledIdAndKeepsTheBundledOne) {
  const fs::path home = fs::temp_directory_path() / ("velum-protocols-test-" + std::to_string(::getpid()));
  fs::create_directories(home / "velum" / "protocols");
  fs::copy_file(kGood / "thumb-hold.toml", home / "velum" / "protocols" / "mine.toml",
                fs::copy_options::overwrite_existing);
  const auto run = run_velum({"protocols", "list", "--json"},
                             {{"VELUM_PROTOCOLS", kGood.string()}, {"XDG_DATA_HOME", home.string()}});
  fs::remove_all(home);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(nlohmann::json::parse(run.out).size(), 2u);
  EXPECT_NE(
      run.err.find("mine.toml:3:6: error: routine id 'thumb-hold' is already used by the bundled routine"),
      std::string::npos)
      << run.err;
}

TEST(ProtocolsCommand, ShowRendersEveryPartOfEachStepWithinTheWidth) {
  auto env = kTestCatalog;
  env["COLUMNS"] = "60";
  const auto run = run_velum({"protocols", "show", "thumb-hold"}, env);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  for (const char* expected :
       {"Thumb hold (thumb-hold, version 2)", "Stage 3", "Rest the thumb just behind the uvula",
        "Where: Uvula. Hand: Thumb. Action: Insert and hold.", "Breath: slow-calm (4-0-7-0 s).",
        "Halfway you hear: \"Halfway. Keep breathing.\"",
        "Stop at once if you notice: Sharp or stabbing pain", "Stay at or below 5 out of 10 discomfort.",
        "Holds build up over the weeks: 0.3 s, 1 s, 2 s", "3. Gentle squeeze (5 × 30 s)",
        "What you may feel:"}) {
    EXPECT_NE(run.out.find(expected), std::string::npos) << expected << "\n" << run.out;
  }
  std::size_t start = 0;
  while (start < run.out.size()) {
    auto end = run.out.find('\n', start);
    if (end == std::string::npos) end = run.out.size();
    EXPECT_LE(end - start, 60u) << run.out.substr(start, end - start);
    start = end + 1;
  }
}

TEST(ProtocolsCommand, ShowJsonHasTheSteps) {
  const auto run = run_velum({"protocols", "show", "thumb-hold", "--json"}, kTestCatalog);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto json = nlohmann::json::parse(run.out);
  ASSERT_EQ(json.at("steps").size(), 3u);
  EXPECT_EQ(json.at("steps")[1].at("pain_ceiling"), 5);
  EXPECT_EQ(json.at("steps")[1].at("intra_oral"), true);
  EXPECT_EQ(json.at("steps")[0].at("pattern"), "holdless-calm");
}

TEST(ProtocolsCommand, ShowOfAnUnknownIdSuggestsTheClosestOne) {
  const auto run = run_velum({"protocols", "show", "thumb-hodl"}, kTestCatalog);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.err, "velum: no routine has the id 'thumb-hodl' (did you mean 'thumb-hold'?)\n");
}

TEST(ProtocolsCommand, CheckOfValidFilesSaysSoAndExitsZero) {
  const auto run = run_velum(
      {"protocols", "check", (kGood / "breathing-only.toml").string(), (kGood / "thumb-hold.toml").string()});
  EXPECT_EQ(run.exit_code, 0) << run.out;
  EXPECT_EQ(run.out, "2 files checked: no problems found.\n");
}

TEST(ProtocolsCommand, CheckPrintsEachProblemAndASummaryAndExitsOne) {
  const auto file = (kBad / "pain-ceiling-8.toml").string();
  const auto run = run_velum({"protocols", "check", file});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.out, file +
                         ":22:16: error: step[1].pain_ceiling is 8, above the safe limit of 6 out of 10\n"
                         "  hint: use a value from 0 to 6; work gently and build up over sessions\n" +
                         file +
                         ":24:1: error: step[2] works inside the mouth (thumb at the sphincter-inferior) but "
                         "has no pain_ceiling\n"
                         "  hint: add pain_ceiling = 6 or lower\n"
                         "1 file checked: 2 problems in 1 file.\n");
}

TEST(ProtocolsCommand, CheckResolvesPrerequisitesAmongTheGivenFiles) {
  // thumb-hold needs breathing-only: alone it dangles, together it resolves.
  const auto alone = run_velum({"protocols", "check", (kGood / "thumb-hold.toml").string()},
                               {{"VELUM_PROTOCOLS", "/nonexistent-velum-test"}});
  EXPECT_EQ(alone.exit_code, 1);
  EXPECT_NE(alone.out.find("'breathing-only' names no known routine"), std::string::npos) << alone.out;
}

TEST(ProtocolsCommand, CheckResolvesPrerequisitesAgainstTheBundledCatalog) {
  const auto run = run_velum({"protocols", "check", (kGood / "thumb-hold.toml").string()}, kTestCatalog);
  EXPECT_EQ(run.exit_code, 0) << run.out;
}

TEST(ProtocolsCommand, CheckReportsACycleAcrossFiles) {
  const auto run = run_velum({"protocols", "check", (kBad / "prerequisite-cycle/first.toml").string(),
                              (kBad / "prerequisite-cycle/second.toml").string()});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.out.find("prerequisites form a cycle: first \u2192 second \u2192 first"), std::string::npos)
      << run.out;
}

TEST(ProtocolsCommand, CheckOfAnUnreadableFileExitsTwo) {
  const auto run =
      run_velum({"protocols", "check", "/nonexistent/routine.toml", (kGood / "thumb-hold.toml").string()},
                kTestCatalog);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(
      run.out.find("/nonexistent/routine.toml: error: cannot read /nonexistent/routine.toml: no such file"),
      std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("2 files checked: 1 problem in 1 file."), std::string::npos) << run.out;
}

TEST(ProtocolsCommand, CheckWithoutFilesIsAUsageError) {
  const auto run = run_velum({"protocols", "check"});
  EXPECT_EQ(run.exit_code, 2);
}

}  // namespace
}  // namespace velum::cli
