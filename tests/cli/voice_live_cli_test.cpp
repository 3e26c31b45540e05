// `velum voice match|mpt --live` recording for real through PortAudio and
// ALSA, with no microphone: ALSA's `file` plugin feeds the capture stream from
// a raw file holding a synthesized sung note, and its playback (the target
// note) goes to /dev/null. The infile is raw FLOAT_LE with no `plug` in
// between: PortAudio asks for float, and a plug converting S16 over the
// untimed `null` slave skips samples (measured: 191232 of 192000 wrong).
// Each take opens the device anew, so each reads the infile from its start.

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "../voice/synth_voice.hpp"
#include "../voice/voice_test_support.hpp"
#include "audio/capture.hpp"
#include "cli_runner.hpp"

namespace velum::cli {
namespace {

namespace fs = std::filesystem;

constexpr int kRateHz = 48000;

struct FakeMicrophone {
  fs::path dir = voice::testing::temp_dir("live");
  fs::path config = dir / "alsa.conf";
  fs::path infile = dir / "voice.f32";
  ~FakeMicrophone() {
    std::error_code ignored;
    fs::remove_all(dir, ignored);
  }
  // A sung /a/ at f0_hz from voice_from to voice_to seconds, silence around it.
  void sing(double f0_hz, double voice_from, double voice_to, double total_seconds) {
    sing_contour(
        [=](double t) -> std::optional<double> {
          if (t < voice_from || t >= voice_to) return std::nullopt;
          return f0_hz;
        },
        total_seconds);
  }
  void sing_contour(const voice::testing::F0Contour& contour, double total_seconds) {
    voice::testing::SynthSettings settings;
    settings.sample_rate_hz = kRateHz;
    settings.duration_seconds = total_seconds;
    settings.jitter = 0.003;
    settings.shimmer = 0.02;
    const auto voice = voice::testing::synthesize_voice(contour, settings);
    std::ofstream(infile, std::ios::binary)
        .write(reinterpret_cast<const char*>(voice.samples.data()),
               static_cast<std::streamsize>(voice.samples.size() * sizeof(float)));
    std::ofstream(config) << "</usr/share/alsa/alsa.conf>\n"
                          << "pcm.!default {\n  type file\n  slave.pcm \"null\"\n  file \"/dev/null\"\n"
                          << "  infile \"" << infile.string() << "\"\n  format \"raw\"\n}\n";
  }
  std::map<std::string, std::string> env() const { return {{"ALSA_CONFIG_PATH", config.string()}}; }
};

TEST(VoiceMatchLive, MeasuresASungNoteFedThroughTheCaptureDeviceAgainstItsTarget) {
  FakeMicrophone microphone;
  // 25 cents sharp of A3; the note lasts past the 4 s take.
  const double sung_hz = 220.0 * std::pow(2.0, 25.0 / 1200);
  microphone.sing(sung_hz, 0.2, 4.4, 4.5);
  const fs::path keep = microphone.dir / "kept";
  const auto run = run_velum(
      {"voice", "match", "--live", "--target", "A3", "--json", "--keep", keep.string()}, microphone.env());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto json = nlohmann::json::parse(run.out);
  const auto& trials = json.at("trials");
  ASSERT_EQ(trials.size(), 3U);
  for (const auto& trial : trials) {
    // The file analysis measures this synthetic voice within 10 cents (see
    // voice_cli_test.cpp); the capture path must add nothing to that.
    EXPECT_NEAR(trial.at("deviation_cents").get<double>(), 25.0, 10.0) << trial.dump();
    EXPECT_TRUE(fs::exists(trial.at("file").get<std::string>()));
  }
  EXPECT_NEAR(json.at("accuracy_cents").get<double>(), 25.0, 10.0);
  EXPECT_TRUE(fs::exists(keep / "match-3.wav"));
  EXPECT_NE(run.err.find("Trial 3 of 3: sing A3 now"), std::string::npos) << run.err;
}

TEST(VoiceMatchLive, WithoutKeepNamesTrialsAndLeavesNoFilesBehind) {
  FakeMicrophone microphone;
  microphone.sing(196.0, 0.2, 4.4, 4.5);
  const auto run =
      run_velum({"voice", "match", "--live", "--target", "G3", "--trials", "1"}, microphone.env());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("  trial 1: 196."), std::string::npos) << run.out;
  EXPECT_EQ(run.out.find("velum-voice-"), std::string::npos) << run.out;
}

TEST(VoiceMptLive, EachTakeEndsWhenTheVoiceStopsAndMeasuresItsLength) {
  FakeMicrophone microphone;
  microphone.sing(150.0, 0.3, 3.3, 6.0);  // 3 s of voice, then silence
  const auto run = run_velum({"voice", "mpt", "--live", "--json"}, microphone.env());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto json = nlohmann::json::parse(run.out);
  ASSERT_EQ(json.at("trials").size(), 3U);
  // Voicing onset and offset are decided within a few 10 ms frames.
  EXPECT_NEAR(json.at("max_phonation_seconds").get<double>(), 3.0, 0.1);
}

TEST(VoiceRangeLive, GuidesFourTakesAndProfilesTheGlideTheyHeard) {
  FakeMicrophone microphone;
  // Every take opens the device anew and hears this from its start: a glide
  // from A2 up two octaves over the 8 s of a glide take.
  microphone.sing_contour([](double t) -> std::optional<double> { return 110.0 * std::pow(4.0, t / 8.0); },
                          8.0);
  const fs::path keep = microphone.dir / "kept";
  const auto run =
      run_velum({"voice", "range", "--live", "--json", "--keep", keep.string()}, microphone.env());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto json = nlohmann::json::parse(run.out);
  // 24 semitones sung; a note at either end may fall short of the 30 ms it needs to count.
  EXPECT_GE(json.at("range_semitones").get<int>(), 22) << run.out;
  EXPECT_LE(json.at("range_semitones").get<int>(), 24) << run.out;
  EXPECT_NEAR(json.at("lowest_hz").get<double>(), 110.0, 110.0 * 0.06);
  for (const char* take : {"range-glide-up", "range-glide-down", "range-softest", "range-loudest"}) {
    EXPECT_TRUE(fs::exists(keep / (std::string(take) + ".wav"))) << take;
  }
  EXPECT_NE(run.err.find("Glide up on 'ah'"), std::string::npos) << run.err;
}

TEST(VoiceLive, RefusesFilesTogetherWithLiveAndNoSourceAtAll) {
  const auto both = run_velum({"voice", "match", "--live", "--target", "A3", "a.wav"});
  EXPECT_EQ(both.exit_code, 2);
  EXPECT_NE(both.err.find("give either --live or recordings, not both"), std::string::npos) << both.err;
  const auto neither = run_velum({"voice", "mpt"});
  EXPECT_EQ(neither.exit_code, 2);
  EXPECT_NE(neither.err.find("no recordings given"), std::string::npos) << neither.err;
  const auto trials = run_velum({"voice", "match", "--live", "--target", "A3", "--trials", "0"});
  EXPECT_EQ(trials.exit_code, 2);
  EXPECT_NE(trials.err.find("--trials 0 is out of range"), std::string::npos) << trials.err;
}

TEST(VoiceLive, WithoutAnInputDeviceSaysSoInOneSentenceAndExitsWithTwo) {
  if (!audio::find_input_device()) GTEST_SKIP() << "this machine has an audio input";
  const auto run = run_velum({"voice", "range", "--live"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err.substr(0, run.err.find('\n')), "velum: no audio input device found") << run.err;
  EXPECT_EQ(run.out, "");
}

}  // namespace
}  // namespace velum::cli
