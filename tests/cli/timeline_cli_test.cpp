// `velum timeline` as a person runs it, on the loader's small test routines.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli_runner.hpp"

namespace velum::cli {
namespace {

const std::map<std::string, std::string> kTestCatalog{
    {"VELUM_PROTOCOLS", std::string(VELUM_TEST_DATA) + "/protocols/good"},
    {"XDG_DATA_HOME", "/nonexistent-velum-test"}};

TEST(TimelineCommand, PrintsJsonWithExactSamplePositions) {
  const auto run = run_velum({"timeline", "breathing-only", "--rate", "44100", "--json"}, kTestCatalog);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto json = nlohmann::json::parse(run.out);
  EXPECT_EQ(json["sample_rate_hz"], 44100);
  EXPECT_EQ(json["routine_id"], "breathing-only");
  // 10 s countdown + 120 s + 3 s pause + 300 s + 5 s ring-out = 438 s.
  EXPECT_EQ(json["total_samples"], 438LL * 44100);
  EXPECT_DOUBLE_EQ(json["total_seconds"].get<double>(), 438.0);
  ASSERT_EQ(json["steps"].size(), 2u);
  EXPECT_EQ(json["steps"][1]["start_sample"], 133LL * 44100);
  const auto& first = json["events"][0];
  EXPECT_EQ(first["kind"], "preparation-start");
  EXPECT_EQ(first["duration_samples"], 10 * 44100);
  std::size_t phases = 0;
  for (const auto& event : json["events"]) phases += event["kind"] == "phase" ? 1u : 0u;
  EXPECT_GT(phases, 40u);
}

TEST(TimelineCommand, PrintsAReadableScheduleWithoutJson) {
  const auto run = run_velum({"timeline", "breathing-only"}, kTestCatalog);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out.rfind("Breathing only (breathing-only): 7:18.0 at 48000 Hz, 2 step(s)\n", 0), 0u)
      << run.out;
  EXPECT_NE(run.out.find("   0:10.0  Step 1: Settle in (120 s, 12 breaths, pattern diaphragmatic)\n"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("Spoken: \"Breathe in through the nose.\""), std::string::npos);
  EXPECT_NE(run.out.find("   7:18.0  Session ends\n"), std::string::npos);
}

TEST(TimelineCommand, UsesThePatternOverrideInEveryStep) {
  const auto run = run_velum({"timeline", "breathing-only", "--pattern", "box", "--json"}, kTestCatalog);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto json = nlohmann::json::parse(run.out);
  for (const auto& step : json["steps"]) EXPECT_EQ(step["pattern"], "box");
}

TEST(TimelineCommand, UnknownRoutineIsInvalidWithASuggestion) {
  const auto run = run_velum({"timeline", "breathing-onyl"}, kTestCatalog);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("no routine has the id 'breathing-onyl' (did you mean 'breathing-only'?)"),
            std::string::npos)
      << run.err;
}

TEST(TimelineCommand, UnknownPatternIsInvalidWithASuggestion) {
  const auto run = run_velum({"timeline", "breathing-only", "--pattern", "resonanse"}, kTestCatalog);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.err, "velum timeline: unknown pattern 'resonanse' (did you mean 'resonance'?)\n");
  EXPECT_TRUE(run.out.empty());
}

TEST(TimelineCommand, RateOutOfRangeIsAUsageError) {
  for (const char* rate : {"5", "0", "-44100", "1000000"}) {
    const auto run = run_velum({"timeline", "breathing-only", "--rate", rate}, kTestCatalog);
    EXPECT_EQ(run.exit_code, 2) << rate;
    EXPECT_NE(run.err.find("--rate"), std::string::npos) << run.err;
  }
  const auto run = run_velum({"timeline", "breathing-only", "--rate", "fast"}, kTestCatalog);
  EXPECT_EQ(run.exit_code, 2);
}

TEST(TimelineCommand, IncludesOnlyStepsUpToTheChosenStage) {
  const auto first = run_velum({"timeline", "thumb-hold", "--stage", "1", "--json"}, kTestCatalog);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(nlohmann::json::parse(first.out)["steps"].size(), 1u);
  const auto all = run_velum({"timeline", "thumb-hold", "--json"}, kTestCatalog);
  ASSERT_EQ(all.exit_code, 0) << all.err;
  EXPECT_EQ(nlohmann::json::parse(all.out)["steps"].size(), 3u);
}

}  // namespace
}  // namespace velum::cli
