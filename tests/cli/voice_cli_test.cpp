// `velum voice pitch` and `velum voice analyze` run as a person would, on
// synthetic voices and on bad input: every case ends in a clear result or a
// clear error, never a crash or a NaN.

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>

#include "../voice/synth_voice.hpp"
#include "../voice/voice_test_support.hpp"
#include "cli_runner.hpp"
#include "voice_files.hpp"

namespace velum::cli {
namespace {

namespace fs = std::filesystem;
using testing::VoiceFiles;

bool has_nan(const std::string& text) {
  return text.find("nan") != std::string::npos || text.find("NaN") != std::string::npos;
}

TEST(VoicePitchCommand, WritesJsonFramesEveryTenMillisecondsWithTheVoicedPitch) {
  VoiceFiles files;
  const auto run = run_velum({"voice", "pitch", files.vowel("a220", 220).string(), "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto json = nlohmann::json::parse(run.out);
  EXPECT_DOUBLE_EQ(json.at("hop_seconds").get<double>(), 0.01);
  const auto& frames = json.at("frames");
  ASSERT_EQ(frames.size(), 150U);
  EXPECT_TRUE(frames[0].at("f0_hz").is_null());
  // 10 cents (0.6 %) around 220 Hz in the middle of the vowel: see pitch_test.cpp.
  EXPECT_NEAR(frames[75].at("f0_hz").get<double>(), 220.0, 220.0 * 0.006);
  EXPECT_NEAR(frames[75].at("t").get<double>(), 0.75, 1e-9);
  for (const auto& frame : frames) {
    const double p = frame.at("p_voiced").get<double>();
    EXPECT_TRUE(p >= 0.0 && p <= 1.0);
  }
}

TEST(VoicePitchCommand, WritesCsvByDefault) {
  VoiceFiles files;
  const auto run = run_velum({"voice", "pitch", files.vowel("a150", 150).string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out.substr(0, 17), "t,f0_hz,p_voiced\n");
  EXPECT_NE(run.out.find("\n0.000,,"), std::string::npos);
}

TEST(VoicePitchCommand, SaysNoVoicedFramesWereFoundInSilence) {
  VoiceFiles files;
  const auto run =
      run_velum({"voice", "pitch", files.samples("silence", std::vector<float>(44100, 0.0F)).string()});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_NE(run.err.find("no voiced frames found"), std::string::npos) << run.err;
}

TEST(VoicePitchCommand, WritesNothingOnStandardOutputWhenTheFileCannotBeRead) {
  // `velum voice pitch missing.wav --csv > out.csv` must leave out.csv empty,
  // not holding a header that looks like an answer.
  VoiceFiles files;
  const auto corrupt = files.bytes("corrupt.wav", std::string("RIFF\x10\x00\x00\x00WAVEfmt ", 16) + "junk");
  for (const auto& file : {files.dir / "missing.wav", corrupt}) {
    for (const char* format : {"--csv", "--json"}) {
      const auto run = run_velum({"voice", "pitch", file.string(), format});
      EXPECT_EQ(run.exit_code, 2) << file << ' ' << format;
      EXPECT_EQ(run.out, "") << file << ' ' << format;
      EXPECT_FALSE(run.err.empty());
    }
  }
}

// A steady synthetic vowel (150 Hz, 0.5 % jitter, 3 % shimmer) voiced from
// the first sample to the last, `seconds` long at 44.1 kHz.
fs::path short_vowel(VoiceFiles& files, const std::string& name, double seconds) {
  voice::testing::SynthSettings settings;
  settings.duration_seconds = seconds;
  settings.jitter = 0.005;
  settings.shimmer = 0.03;
  const auto voice =
      voice::testing::synthesize_voice([](double) { return std::optional<double>(150.0); }, settings);
  return files.samples(name, voice.samples);
}

TEST(VoiceAnalyzeCommand, LeavesHnrAndCppsOutWithANoteWhenTheRecordingIsTooShort) {
  // 0.05 s gives three harmonicity frames (10 are needed) and is shorter than
  // the 0.12 s CPPS needs; once it reported an HNR of 103 dB.
  VoiceFiles files;
  const auto file = short_vowel(files, "short", 0.05);
  const auto run = run_velum({"voice", "analyze", file.string(), "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto json = nlohmann::json::parse(run.out);
  EXPECT_TRUE(json.at("hnr_db").is_null());
  EXPECT_TRUE(json.at("cpps_db").is_null());
  EXPECT_TRUE(json.at("cpps_avqi_db").is_null());
  const std::string notes = json.at("notes").dump();
  EXPECT_NE(notes.find("HNR needs at least 0.1 s of voice (10 frames of 10 ms)"), std::string::npos) << notes;
  EXPECT_NE(notes.find("CPPS needs at least 0.12 s"), std::string::npos) << notes;
  EXPECT_NE(notes.find("CPPS with the AVQI settings needs at least 0.11 s"), std::string::npos) << notes;

  const auto text = run_velum({"voice", "analyze", file.string()});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("HNR        - (harmonics-to-noise ratio)"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("Note: HNR needs at least 0.1 s of voice"), std::string::npos) << text.out;
  EXPECT_FALSE(has_nan(run.out + text.out));
}

TEST(VoiceAnalyzeCommand, SaysWhichPerturbationMeasuresHadTooFewPeriods) {
  // 0.03 s at 150 Hz holds about four periods: enough for jitter local and
  // rap as Praat counts them, not for ppq5 (5) or shimmer apq11 (11).
  VoiceFiles files;
  const auto run = run_velum({"voice", "analyze", short_vowel(files, "tiny", 0.03).string(), "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto json = nlohmann::json::parse(run.out);
  EXPECT_TRUE(json.at("shimmer_apq11").is_null());
  const std::string notes = json.at("notes").dump();
  EXPECT_NE(notes.find("Too few glottal periods for"), std::string::npos) << notes;
  EXPECT_NE(notes.find("apq11 (11)"), std::string::npos) << notes;
}

TEST(VoiceAnalyzeCommand, GivesHnrAndCppsWithoutNotesOnceTheRecordingIsLongEnough) {
  VoiceFiles files;
  const auto run = run_velum({"voice", "analyze", short_vowel(files, "enough", 0.3).string(), "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto json = nlohmann::json::parse(run.out);
  EXPECT_TRUE(json.at("hnr_db").is_number());
  EXPECT_TRUE(json.at("cpps_db").is_number());
  EXPECT_TRUE(json.at("notes").empty()) << json.at("notes").dump();
}

TEST(VoiceAnalyzeCommand, ReportsJitterAndShimmerAsFractionsInJson) {
  VoiceFiles files;
  const auto run = run_velum({"voice", "analyze", files.vowel("a", 140).string(), "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto json = nlohmann::json::parse(run.out);
  EXPECT_NEAR(json.at("f0_mean_hz").get<double>(), 140.0, 1.0);
  for (const char* key : {"jitter_local", "jitter_local_absolute", "jitter_rap", "jitter_ppq5",
                          "shimmer_local", "shimmer_local_db", "shimmer_apq3", "shimmer_apq5",
                          "shimmer_apq11", "hnr_db", "cpps_db", "cpps_avqi_db"}) {
    ASSERT_TRUE(json.at(key).is_number()) << key;
    EXPECT_TRUE(std::isfinite(json.at(key).get<double>())) << key;
  }
  // Fractions, not percent: the synthetic voice has 0.5 % period jitter.
  EXPECT_LT(json.at("jitter_local").get<double>(), 0.05);
  EXPECT_GT(json.at("jitter_local").get<double>(), 0.001);
}

TEST(VoiceAnalyzeCommand, SaysNoVoicedFramesFoundForSilenceNoiseAndASingleSample) {
  VoiceFiles files;
  std::mt19937 rng(3);
  std::normal_distribution<float> normal(0.0F, 0.2F);
  std::vector<float> noise(44100);
  for (auto& x : noise) x = normal(rng);
  for (const auto& file :
       {files.samples("silence", std::vector<float>(44100, 0.0F)), files.samples("noise", noise),
        files.samples("one", std::vector<float>(1, 0.3F))}) {
    const auto run = run_velum({"voice", "analyze", file.string()});
    EXPECT_EQ(run.exit_code, 1) << file;
    EXPECT_NE(run.err.find("no voiced frames found"), std::string::npos) << run.err;
    EXPECT_FALSE(has_nan(run.out + run.err));
  }
}

// Gain 2 clips the top of every glottal pulse. (At gain 8 the wave is nearly
// square and the tracker reports the octave above: a known limitation.)
TEST(VoiceAnalyzeCommand, GivesFiniteNumbersForAClippedVoice) {
  VoiceFiles files;
  const auto run = run_velum({"voice", "analyze", files.vowel("clipped", 180, 2.0).string(), "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_FALSE(has_nan(run.out));
  EXPECT_NEAR(nlohmann::json::parse(run.out).at("f0_mean_hz").get<double>(), 180.0, 2.0);
}

TEST(VoiceMatchCommand, ReportsCentsFromTheTargetForEachTrial) {
  VoiceFiles files;
  const auto run = run_velum({"voice", "match", "--target", "A3", files.vowel("t1", 220).string(),
                              files.vowel("t2", 220 * std::pow(2.0, 30.0 / 1200)).string(), "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto json = nlohmann::json::parse(run.out);
  // 5 cents: the tracker's error on a steady synthetic vowel (pitch_test.cpp) plus jitter.
  EXPECT_NEAR(json.at("trials")[0].at("deviation_cents").get<double>(), 0.0, 5.0);
  EXPECT_NEAR(json.at("trials")[1].at("deviation_cents").get<double>(), 30.0, 5.0);
  EXPECT_NEAR(json.at("accuracy_cents").get<double>(), 15.0, 5.0);
  EXPECT_NEAR(json.at("precision_cents").get<double>(), 21.2, 5.0);  // sd of {0, 30}
  const auto bad = run_velum({"voice", "match", "--target", "X9", files.vowel("t3", 220).string()});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("'X9' is not a note name"), std::string::npos) << bad.err;
}

TEST(VoiceMptCommand, TakesTheLongestSustainedVowelOfTheTrials) {
  VoiceFiles files;
  const auto run = run_velum({"voice", "mpt", files.vowel("m1", 180).string(), "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  // The vowel lasts 1.3 s (0.1 .. 1.4 s); a frame at either edge may go either
  // way and the formants ring on for a few ms after the last pulse: 50 ms.
  EXPECT_NEAR(nlohmann::json::parse(run.out).at("max_phonation_seconds").get<double>(), 1.3, 0.05);
}

TEST(VoiceRangeCommand, DrawsTheProfileAndStatesTheCalibration) {
  VoiceFiles files;
  const auto svg = files.dir / "range.svg";
  const auto run = run_velum({"voice", "range", files.vowel("r1", 220).string(),
                              files.vowel("r2", 330).string(), "--svg", svg.string(), "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto json = nlohmann::json::parse(run.out);
  EXPECT_EQ(json.at("range_semitones").get<int>(), 7);  // A3 to E4
  EXPECT_FALSE(json.at("calibrated").get<bool>());
  EXPECT_NE(json.at("levels").get<std::string>().find("uncalibrated"), std::string::npos);
  std::ifstream drawn(svg);
  const std::string text((std::istreambuf_iterator<char>(drawn)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("Range 7 semitones"), std::string::npos);
}

TEST(VoiceCommands, RejectCorruptNonAudioAndMissingFilesWithExitCodeTwo) {
  VoiceFiles files;
  const auto corrupt =
      files.bytes("corrupt.wav", std::string("RIFF\x10\x00\x00\x00WAVEfmt ", 16) + "garbage");
  const auto text = files.bytes("notes.txt", "this is not audio\n");
  for (const char* command : {"pitch", "analyze"}) {
    for (const auto& file : {corrupt, text}) {
      const auto run = run_velum({"voice", command, file.string()});
      EXPECT_EQ(run.exit_code, 2) << command << ' ' << file;
      EXPECT_NE(run.err.find("is not an audio file velum can read"), std::string::npos) << run.err;
    }
    const auto missing = run_velum({"voice", command, (files.dir / "missing.wav").string()});
    EXPECT_EQ(missing.exit_code, 2);
    EXPECT_NE(missing.err.find("no file at"), std::string::npos) << missing.err;
  }
}

}  // namespace
}  // namespace velum::cli
