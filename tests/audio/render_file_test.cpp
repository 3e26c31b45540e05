#include <ebur128.h>
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <iterator>

#include "audio/render.hpp"
#include "audio_test_support.hpp"

namespace velum::audio {
namespace {

using namespace velum::audio::testing;
using practice::BellKind;
using practice::BreathPhase;
using practice::SampleIndex;

constexpr int kRate = 48000;
constexpr SampleIndex kSecond = kRate;

// A minute of breathing with step bells: dense enough to have a stable
// integrated loudness, built by hand so the test needs no Timeline compiler.
practice::Timeline breathing_session() {
  practice::Timeline timeline;
  timeline.sample_rate_hz = kRate;
  timeline.routine_id = "test-breathing";
  timeline.total_samples = 60 * kSecond + 5;
  timeline.events.push_back(bell_at(0, BellKind::kStepChange));
  add_breaths(timeline, 2 * kSecond, 5, 4.0, 6.0);
  timeline.events.push_back(bell_at(30 * kSecond, BellKind::kMidway));
  timeline.events.push_back(bell_at(54 * kSecond, BellKind::kClosing));
  std::stable_sort(timeline.events.begin(), timeline.events.end(),
                   [](const auto& a, const auto& b) { return a.sample < b.sample; });
  return timeline;
}

FileSettings tones_only() {
  FileSettings settings;
  settings.render.voice = false;
  return settings;
}

std::string bytes_of(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct Measured {
  double lufs = 0;
  double true_peak_dbtp = 0;
};

// Loudness of the file as written, measured independently of the renderer.
Measured measure_file(const std::filesystem::path& path) {
  const AudioFile file = read_audio(path);
  const auto channels = static_cast<unsigned>(file.info.channels);
  ebur128_state* state = ebur128_init(channels, static_cast<unsigned long>(file.info.samplerate),
                                      EBUR128_MODE_I | EBUR128_MODE_TRUE_PEAK);
  ebur128_add_frames_float(state, file.samples.data(), static_cast<std::size_t>(file.info.frames));
  Measured measured;
  ebur128_loudness_global(state, &measured.lufs);
  double peak = 0;
  for (unsigned c = 0; c < channels; ++c) {
    double channel_peak = 0;
    ebur128_true_peak(state, c, &channel_peak);
    peak = std::max(peak, channel_peak);
  }
  measured.true_peak_dbtp = 20 * std::log10(peak);
  ebur128_destroy(&state);
  return measured;
}

TEST(RenderToFile, WritesAWavAtTheTargetLoudnessWithoutExceedingTheTruePeakCeiling) {
  TempDir dir;
  const auto path = dir.path / "session.wav";
  const auto report = render_to_file(breathing_session(), path, tones_only(), nullptr);
  ASSERT_TRUE(report.ok()) << report.error().message;
  const Measured measured = measure_file(path);
  // ±0.5 LU: gain is exact in float; 16-bit rounding and the meter's 100 ms
  // block grid move the result by hundredths of a LU at most.
  EXPECT_NEAR(measured.lufs, kDefaultTargetLufs, 0.5);
  EXPECT_LE(measured.true_peak_dbtp, kDefaultMaxTruePeakDbtp);
  EXPECT_FALSE(report->limited_by_peak);
}

TEST(RenderToFile, SkippingSilenceInTheLoudnessPassDoesNotChangeTheMeasurement) {
  // The reference: every sample of the mix through libebur128, silence included.
  const auto timeline = breathing_session();
  RenderSettings render;
  render.voice = false;
  auto created = SessionRenderer::create(timeline, render, nullptr);
  ebur128_state* state = ebur128_init(2, kRate, EBUR128_MODE_I | EBUR128_MODE_TRUE_PEAK);
  std::vector<float> block(2 * 4096);
  while (!(*created)->finished()) {
    const auto frames = (*created)->render(block);
    ebur128_add_frames_float(state, block.data(), frames);
  }
  double full_lufs = 0;
  double full_peak = 0;
  ebur128_loudness_global(state, &full_lufs);
  ebur128_true_peak(state, 0, &full_peak);
  ebur128_destroy(&state);

  TempDir dir;
  const auto report = render_to_file(timeline, dir.path / "m.wav", tones_only(), nullptr);
  ASSERT_TRUE(report.ok());
  // 0.001 LU / dB: what differs is only the K-filter's tail after 0.6 s of
  // silence (below 1e-20) and float summation order; a shifted block grid or a
  // dropped sound would move the result by 0.05 LU or more.
  EXPECT_NEAR(report->measured_lufs, full_lufs, 0.001);
  EXPECT_NEAR(report->output_true_peak_dbtp - report->gain_db, 20 * std::log10(full_peak), 0.001);
}

TEST(RenderToFile, LowersTheGainRatherThanLetTheTruePeakPassTheCeiling) {
  TempDir dir;
  const auto path = dir.path / "loud.flac";
  FileSettings settings = tones_only();
  settings.target_lufs = -6;  // unreachable for bells without clipping
  const auto report = render_to_file(breathing_session(), path, settings, nullptr);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_TRUE(report->limited_by_peak);
  EXPECT_LE(measure_file(path).true_peak_dbtp, kDefaultMaxTruePeakDbtp);
}

TEST(RenderToFile, FileHasTheExactLengthRateChannelsAndTitle) {
  TempDir dir;
  const auto timeline = breathing_session();
  for (const char* name : {"s.wav", "s.flac", "s.ogg"}) {
    const auto report = render_to_file(timeline, dir.path / name, tones_only(), nullptr);
    ASSERT_TRUE(report.ok()) << name << ": " << report.error().message;
    const AudioFile file = read_audio(dir.path / name);
    ASSERT_TRUE(file.opened) << name;
    EXPECT_EQ(file.info.frames, timeline.total_samples) << name;
    EXPECT_EQ(file.info.samplerate, kRate) << name;
    EXPECT_EQ(file.info.channels, 2) << name;
    EXPECT_EQ(file.title, "test-breathing") << name;
  }
}

TEST(RenderToFile, OnsetsInTheWrittenFileAreExactToTheSample) {
  practice::Timeline timeline;
  timeline.sample_rate_hz = kRate;
  timeline.total_samples = 30 * kSecond;
  timeline.events = {bell_at(kSecond + 7, BellKind::kStepChange),
                     phase_at(8 * kSecond + 13, BreathPhase::kInhale, 4 * kSecond),
                     bell_at(20 * kSecond + 1, BellKind::kMidway)};
  TempDir dir;
  FileSettings settings = tones_only();
  settings.format = SampleFormat::kFloat;  // keeps the near-silent first sample of each attack
  ASSERT_TRUE(render_to_file(timeline, dir.path / "onsets.wav", settings, nullptr).ok());
  const AudioFile file = read_audio(dir.path / "onsets.wav");
  const std::vector<SampleIndex> want = {kSecond + 7, 8 * kSecond + 13, 20 * kSecond + 1};
  EXPECT_EQ(onsets(channel(file.samples, 2, 0), kRate / 10), want);
  EXPECT_EQ(onsets(channel(file.samples, 2, 1), kRate / 10), want);
}

TEST(RenderToFile, SameInputGivesByteIdenticalWavAndFlac) {
  TempDir dir;
  const auto timeline = breathing_session();
  for (const char* ext : {".wav", ".flac"}) {
    const auto a = dir.path / (std::string("a") + ext);
    const auto b = dir.path / (std::string("b") + ext);
    ASSERT_TRUE(render_to_file(timeline, a, tones_only(), nullptr).ok());
    ASSERT_TRUE(render_to_file(timeline, b, tones_only(), nullptr).ok());
    const std::string first = bytes_of(a);
    EXPECT_GT(first.size(), 1000U);
    EXPECT_TRUE(first == bytes_of(b)) << ext;
  }
}

TEST(RenderToFile, RefusesAnUnsupportedExtension) {
  TempDir dir;
  const auto report = render_to_file(breathing_session(), dir.path / "session.mp3", tones_only(), nullptr);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error().message, "unsupported output format '.mp3'");
  EXPECT_EQ(report.error().hint, "end the file name with .wav, .flac or .ogg");
  EXPECT_TRUE(std::filesystem::is_empty(dir.path));
}

TEST(RenderToFile, RefusesToReplaceAnExistingFileUnlessForced) {
  TempDir dir;
  const auto path = dir.path / "session.wav";
  std::ofstream(path) << "keep me";
  const auto refused = render_to_file(breathing_session(), path, tones_only(), nullptr);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().message, "'" + path.string() + "' already exists");
  EXPECT_EQ(bytes_of(path), "keep me");

  FileSettings forced = tones_only();
  forced.force = true;
  ASSERT_TRUE(render_to_file(breathing_session(), path, forced, nullptr).ok());
  EXPECT_TRUE(read_audio(path).opened);
}

TEST(RenderToFile, ReportsAMissingFolder) {
  TempDir dir;
  const auto path = dir.path / "no-such-folder" / "session.wav";
  const auto report = render_to_file(breathing_session(), path, tones_only(), nullptr);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error().message,
            "the folder '" + (dir.path / "no-such-folder").string() + "' does not exist");
}

TEST(RenderToFile, ReportsAFolderItCannotWriteInAndLeavesNothingBehind) {
  // /proc refuses new files even to root, unlike a chmod'ed folder.
  const auto report = render_to_file(breathing_session(), "/proc/velum-session.wav", tones_only(), nullptr);
  ASSERT_FALSE(report.ok());
  EXPECT_TRUE(report.error().message.starts_with("cannot write in the folder '/proc'"))
      << report.error().message;
  EXPECT_FALSE(std::filesystem::exists("/proc/velum-session.wav"));
}

TEST(RenderToFile, LeavesNoTemporaryFileAfterSuccess) {
  TempDir dir;
  ASSERT_TRUE(render_to_file(breathing_session(), dir.path / "only.wav", tones_only(), nullptr).ok());
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path))
    names.push_back(entry.path().filename());
  EXPECT_EQ(names, std::vector<std::string>{"only.wav"});
}

}  // namespace
}  // namespace velum::audio
