// Voices made by other programs on this machine, never downloaded: espeak-ng
// speech and General MIDI flute notes rendered by fluidsynth with Debian's
// FluidR3 soundfont, checked against Praat on the same files.

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <string>

#include "voice/analysis.hpp"
#include "voice/pitch.hpp"
#include "voice/tasks.hpp"
#include "voice_test_support.hpp"

namespace velum::voice {
namespace {

namespace fs = std::filesystem;

constexpr const char* kSoundfont = "/usr/share/sounds/sf2/FluidR3_GM.sf2";

bool have(const std::string& tool) {
  return !testing::run_command("command -v " + tool + " 2>/dev/null").empty();
}

// Praat's median F0 (To Pitch, ac, 75..1000 Hz) of a file.
double praat_median_hz(const fs::path& dir, const fs::path& wav) {
  const auto script = dir / "median.praat";
  std::ofstream(script) << "form P\n  sentence file\nendform\nRead from file: file$\nTo Pitch: 0, 75, 1000\n"
                           "m = Get quantile: 0, 0, 0.5, \"Hertz\"\nwriteInfoLine: \"median \", m\n";
  return testing::run_praat(script, wav).at("median");
}

// A one-track MIDI file: General MIDI flute (program 74) playing `note` for 2 s at 120 bpm.
void write_flute_midi(const fs::path& path, int note) {
  const auto n = static_cast<char>(note);
  const std::string track = {0x00,
                             static_cast<char>(0xC0),
                             0x49,
                             0x00,
                             static_cast<char>(0x90),
                             n,
                             0x64,
                             static_cast<char>(0x83),
                             0x00,
                             static_cast<char>(0x80),
                             n,
                             0x40,
                             0x00,
                             static_cast<char>(0xFF),
                             0x2F,
                             0x00};
  std::ofstream out(path, std::ios::binary);
  out << std::string("MThd\0\0\0\x06\0\0\0\x01\0\x60", 14) << std::string("MTrk\0\0\0", 7)
      << static_cast<char>(track.size()) << track;
}

TEST(ExternalVoices, SoundfontFluteNotesLandWhereVelumAndPraatAgree) {
  if (!have("fluidsynth") || !have("praat") || !fs::exists(kSoundfont)) {
    GTEST_SKIP() << "needs fluidsynth, fluid-soundfont-gm and praat (scripts/install-deps)";
  }
  const auto dir = testing::temp_dir("flute");
  for (const int note : {60, 69, 76}) {  // C4, A4, E5
    const auto midi = dir / ("n" + std::to_string(note) + ".mid");
    const auto wav = dir / ("n" + std::to_string(note) + ".wav");
    write_flute_midi(midi, note);
    testing::run_command("fluidsynth -ni -F '" + wav.string() + "' -r 44100 " + kSoundfont + " '" +
                         midi.string() + "' >/dev/null 2>&1");
    const auto signal = read_mono_file(wav, kMaxAnalysisSeconds);
    ASSERT_TRUE(signal.ok()) << signal.error().message;
    const auto track = track_pitch(signal->samples, signal->sample_rate_hz, PitchSettings{});
    ASSERT_TRUE(track.ok());
    const double equal_tempered = 440.0 * std::pow(2.0, (note - 69) / 12.0);
    const auto match = measure_match(*track, kDefaultHopSeconds, equal_tempered);
    ASSERT_TRUE(match.ok()) << match.error().message;
    // The soundfont's samples are tuned within about 10 cents of equal
    // temperament; velum's steady-middle median and Praat's whole-note median
    // agree within 10 cents (the note's attack and release differ slightly).
    EXPECT_LT(std::abs(match->deviation_cents), 15.0) << note;
    const double praat = praat_median_hz(dir, wav);
    EXPECT_LT(std::abs(1200 * std::log2(match->median_f0_hz / praat)), 10.0) << note << ": Praat " << praat;
  }
  fs::remove_all(dir);
}

TEST(ExternalVoices, EspeakSpeechHasTheMeanPitchPraatFinds) {
  if (!have("espeak-ng") || !have("praat"))
    GTEST_SKIP() << "needs espeak-ng and praat (scripts/install-deps)";
  const auto dir = testing::temp_dir("espeak");
  const auto wav = dir / "speech.wav";
  testing::run_command("espeak-ng -w '" + wav.string() +
                       "' 'The north wind and the sun were disputing which was the stronger.' 2>/dev/null");
  const auto signal = read_mono_file(wav, kMaxAnalysisSeconds);
  ASSERT_TRUE(signal.ok()) << signal.error().message;
  const auto report = analyze_voice(*signal);
  ASSERT_TRUE(report.ok()) << report.error().message;
  const auto script = dir / "mean.praat";
  std::ofstream(script) << "form P\n  sentence file\nendform\nRead from file: file$\nTo Pitch: 0, 75, 600\n"
                           "m = Get mean: 0, 0, \"Hertz\"\nwriteInfoLine: \"mean \", m\n";
  const double praat = testing::run_praat(script, wav).at("mean");
  // 3 %: speech switches voicing at every consonant, and the two trackers
  // draw those boundaries a frame apart now and then.
  EXPECT_NEAR(report->f0_mean_hz, praat, 0.03 * praat);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace velum::voice
