// `velum voice analyze|match|range|mpt --save` keeps the result in the journal
// and says so in one line; `velum voice history` lists what was kept; a
// journal that cannot be written is refused before anything is analysed or stored.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "../voice/synth_voice.hpp"
#include "../voice/voice_test_support.hpp"
#include "cli_runner.hpp"
#include "voice_files.hpp"

namespace velum::cli {
namespace {

namespace fs = std::filesystem;

struct SaveFixture {
  testing::VoiceFiles files{"cli-save"};
  fs::path& dir = files.dir;
  fs::path data = dir / "data";
  std::string vowel(const std::string& name, double f0_hz) { return files.vowel(name, f0_hz).string(); }
  nlohmann::json history() {
    const auto run = run_velum({"voice", "history", "--json", "--data", data.string()});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return nlohmann::json::parse(run.out).at("voice_sessions");
  }
};

TEST(VoiceSave, AnalyzeSavesTheResultAndSaysSoInOneLine) {
  SaveFixture fixture;
  const auto file = fixture.vowel("a", 200);
  const auto run = run_velum({"voice", "analyze", file, "--save", "--init", "--data", fixture.data.string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("Saved in the journal as voice session "), std::string::npos) << run.out;
  EXPECT_TRUE(run.err.empty()) << run.err;

  const auto sessions = fixture.history();
  ASSERT_EQ(sessions.size(), 1u);
  const auto& saved = sessions[0];
  EXPECT_NE(run.out.find(saved.at("id").get<std::string>()), std::string::npos);
  EXPECT_EQ(saved.at("task"), "analyze");
  EXPECT_EQ(saved.at("source"), file);
  // 2 Hz: the synthetic vowel carries 0.5 % jitter around 200 Hz (voice_cli_test.cpp uses the same voice).
  EXPECT_NEAR(saved.at("measures").at("f0_mean_hz").get<double>(), 200.0, 2.0);
  EXPECT_TRUE(saved.at("measures").contains("jitter_local"));
  // The whole result is kept, not only the columns.
  EXPECT_EQ(saved.at("result").at("file"), file);
  EXPECT_TRUE(saved.at("result").contains("shimmer_apq11"));
}

TEST(VoiceSave, JsonOutputGainsTheStoredIdAndStaysPureJson) {
  SaveFixture fixture;
  const auto run = run_velum({"voice", "analyze", fixture.vowel("a", 180), "--json", "--save", "--init",
                              "--data", fixture.data.string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto json = nlohmann::json::parse(run.out);
  EXPECT_EQ(json.at("stored"), true);
  EXPECT_EQ(json.at("id"), fixture.history()[0].at("id"));
}

TEST(VoiceSave, DataWithoutSaveIsAUsageErrorRatherThanIgnored) {
  SaveFixture fixture;
  const auto run = run_velum({"voice", "analyze", fixture.vowel("a", 200), "--data", fixture.data.string()});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("--data requires --save"), std::string::npos) << run.err;
  EXPECT_FALSE(fs::exists(fixture.data));
}

TEST(VoiceSave, WithoutSaveNothingIsStored) {
  SaveFixture fixture;
  const auto run = run_velum({"voice", "analyze", fixture.vowel("a", 200), "--json"},
                             {{"VELUM_DATA", fixture.data.string()}});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_FALSE(nlohmann::json::parse(run.out).contains("stored"));
  EXPECT_FALSE(fs::exists(fixture.data));
}

TEST(VoiceSave, MatchRangeAndMptKeepTheirOwnMeasures) {
  SaveFixture fixture;
  const auto data = fixture.data.string();
  const auto a3 = fixture.vowel("a3", 220);
  const auto e4 = fixture.vowel("e4", 329.63);
  std::map<std::string, nlohmann::json> printed;  // by task: what the command printed
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"voice", "match", "--target", "A3", a3, "--json", "--save", "--init", "--data", data},
           {"voice", "range", a3, e4, "--json", "--save", "--init", "--data", data},
           {"voice", "mpt", a3, "--json", "--save", "--init", "--data", data}}) {
    const auto run = run_velum(args);
    ASSERT_EQ(run.exit_code, 0) << args[1] << ": " << run.err;
    printed[args[1]] = nlohmann::json::parse(run.out);
    EXPECT_EQ(printed[args[1]].at("stored"), true);
  }
  std::map<std::string, nlohmann::json> stored;  // by task: the saved session
  for (const auto& session : fixture.history()) stored[session.at("task").get<std::string>()] = session;
  ASSERT_EQ(stored.size(), 3u);
  // Each column holds exactly the number the command printed.
  EXPECT_EQ(stored["match"].at("measures").at("match_accuracy_cents"), printed["match"].at("accuracy_cents"));
  EXPECT_EQ(stored["match"].at("measures").size(), 1u);  // one trial: no spread
  EXPECT_EQ(stored["range"].at("measures").at("range_semitones"), printed["range"].at("range_semitones"));
  EXPECT_EQ(stored["range"].at("measures").at("range_low_hz"), printed["range"].at("lowest_hz"));
  EXPECT_EQ(stored["range"].at("measures").at("range_high_hz"), printed["range"].at("highest_hz"));
  EXPECT_EQ(stored["range"].at("source"), a3 + ", " + e4);
  EXPECT_EQ(stored["range"].at("result").at("notes"), printed["range"].at("notes"));
  EXPECT_EQ(stored["mpt"].at("measures").at("mpt_seconds"), printed["mpt"].at("max_phonation_seconds"));
  EXPECT_EQ(stored["mpt"].at("id"), printed["mpt"].at("id"));

  const auto text = run_velum({"voice", "history", "--data", data});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(
      text.out.find(fmt::format("range {} semitones", printed["range"].at("range_semitones").get<int>())),
      std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("  mpt  "), std::string::npos) << text.out;
}

TEST(VoiceSave, TextOutputEndsWithTheSavedLine) {
  SaveFixture fixture;
  const auto run = run_velum(
      {"voice", "mpt", fixture.vowel("a", 200), "--save", "--init", "--data", fixture.data.string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto id = fixture.history()[0].at("id").get<std::string>();
  EXPECT_TRUE(run.out.ends_with(
      fmt::format("Saved in the journal as voice session {}; velum voice history lists it.\n", id)))
      << run.out;
  EXPECT_NE(run.out.find("Maximum phonation time"), std::string::npos) << run.out;
}

TEST(VoiceSave, AnUnwritableJournalFolderIsAClearErrorAndNothingIsWritten) {
  SaveFixture fixture;
  const auto file = fixture.vowel("a", 200);
  // A folder whose parent is a plain file can never be created, even by root
  // (the tests may run as root, who ignores permission bits).
  const auto blocker = fixture.dir / "not-a-folder";
  std::ofstream(blocker) << "a file where the data folder should be\n";
  const auto data = (blocker / "velum").string();
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"voice", "analyze", file, "--save", "--init", "--data", data},
           {"voice", "analyze", file, "--json", "--save", "--init", "--data", data},
           {"voice", "mpt", file, "--save", "--init", "--data", data}}) {
    const auto run = run_velum(args);
    EXPECT_EQ(run.exit_code, 2) << args[1];
    EXPECT_TRUE(run.out.empty()) << run.out;
    EXPECT_NE(run.err.find("could not create the folder " + data + " for the journal"), std::string::npos)
        << run.err;
  }
  EXPECT_FALSE(fs::exists(blocker / "velum"));
}

TEST(VoiceHistory, SaysHowToKeepAResultWhenThereIsNone) {
  SaveFixture fixture;
  const auto run = run_velum({"voice", "history", "--init", "--data", fixture.data.string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out,
            "No voice sessions saved yet. Add --save to velum voice analyze, match, range or mpt to keep a "
            "result.\n");
}

TEST(VoiceHistory, ListsOnlyTheDaysAskedForAndRefusesAMalformedDay) {
  SaveFixture fixture;
  const auto data = fixture.data.string();
  ASSERT_EQ(
      run_velum({"voice", "mpt", fixture.vowel("a", 200), "--save", "--init", "--data", data}).exit_code, 0);
  const auto none = run_velum({"voice", "history", "--to", "2000-01-01", "--data", data});
  ASSERT_EQ(none.exit_code, 0) << none.err;
  EXPECT_NE(none.out.find("No voice sessions saved in those days"), std::string::npos) << none.out;
  const auto all = run_velum({"voice", "history", "--from", "2000-01-01", "--json", "--data", data});
  ASSERT_EQ(all.exit_code, 0) << all.err;
  EXPECT_EQ(nlohmann::json::parse(all.out).at("voice_sessions").size(), 1u);
  const auto bad = run_velum({"voice", "history", "--from", "14/03/2026", "--data", data});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--from must be a calendar day written YYYY-MM-DD, got '14/03/2026'"),
            std::string::npos)
      << bad.err;
}

}  // namespace
}  // namespace velum::cli
