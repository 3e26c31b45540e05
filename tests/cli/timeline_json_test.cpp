// The JSON form of a Timeline, checked against a golden file (behaviour as
// data): a small hand-built routine in, the expected events out.

#include "common/timeline_json.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace velum::cli {
using common::timeline_to_json;
namespace {

using practice::Seconds;

// Two short steps with cues, a repetition and a transition: every event kind
// but holds appears, at a low rate so the numbers stay readable.
practice::Routine small_routine() {
  practice::Routine routine;
  routine.id = "golden-small";
  routine.title = "Golden, small";
  routine.preparation_countdown = Seconds{3.0};
  practice::Step settle;
  settle.id = "settle";
  settle.title = "Settle in";
  settle.instruction = "Sit upright.";
  settle.duration = Seconds{12.0};
  settle.pattern = "box";
  settle.cues = {"Breathe in.", "Halfway.", ""};
  practice::Step swallow;
  swallow.id = "swallow";
  swallow.title = "Swallow";
  swallow.instruction = "Swallow gently.";
  swallow.duration = Seconds{4.0};
  swallow.repetitions = 2;
  swallow.cues = {"", "", "Good. Rest now."};
  routine.steps = {settle, swallow};
  return routine;
}

practice::TimelineSettings small_settings() {
  practice::TimelineSettings settings;
  settings.sample_rate_hz = practice::kMinSampleRateHz;
  settings.transition = Seconds{2.0};
  return settings;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

TEST(TimelineJson, MatchesTheGoldenFileForASmallRoutine) {
  auto result = practice::compile_timeline(small_routine(), small_settings());
  ASSERT_TRUE(result.timeline);
  const std::string actual = timeline_to_json(*result.timeline) + "\n";
  const std::string path = std::string(VELUM_TEST_DATA) + "/timelines/golden-small.json";
  if (std::getenv("VELUM_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(path) << actual;
  }
  const std::string expected = read_file(path);
  ASSERT_FALSE(expected.empty()) << "missing " << path
                                 << " (set VELUM_UPDATE_GOLDEN=1 to write it, then review)";
  EXPECT_EQ(actual, expected)
      << "the timeline changed; if on purpose, rerun with VELUM_UPDATE_GOLDEN=1 and review the diff";
}

TEST(TimelineJson, GivesEveryEventItsKindSampleSecondsAndDetails) {
  auto result = practice::compile_timeline(small_routine(), small_settings());
  ASSERT_TRUE(result.timeline);
  const auto json = nlohmann::json::parse(timeline_to_json(*result.timeline, -1));
  EXPECT_EQ(json["sample_rate_hz"], 8000);
  EXPECT_EQ(json["routine_id"], "golden-small");
  EXPECT_EQ(json["total_samples"].get<long long>(), result.timeline->total_samples);
  EXPECT_DOUBLE_EQ(json["total_seconds"].get<double>(), result.timeline->total_seconds());
  ASSERT_EQ(json["steps"].size(), 2u);
  EXPECT_EQ(json["steps"][1]["id"], "swallow");
  bool saw_phase = false, saw_cue = false, saw_repetition = false, saw_bell = false;
  for (const auto& event : json["events"]) {
    ASSERT_TRUE(event.contains("kind") && event.contains("sample") && event.contains("seconds"))
        << event.dump();
    const std::string kind = event["kind"];
    if (kind == "phase") saw_phase = event.contains("phase") && event.contains("duration_samples");
    if (kind == "cue") saw_cue = event.contains("text") && event.contains("duration_samples");
    if (kind == "repetition") saw_repetition = event.contains("repetition");
    if (kind == "bell") saw_bell = event.contains("bell");
  }
  EXPECT_TRUE(saw_phase && saw_cue && saw_repetition && saw_bell);
}

}  // namespace
}  // namespace velum::cli
