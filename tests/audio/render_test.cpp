#include "audio/render.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "audio/speech.hpp"
#include "audio_test_support.hpp"

namespace velum::audio {
namespace {

using namespace velum::audio::testing;
using practice::BellKind;
using practice::BreathPhase;
using practice::EventKind;
using practice::SampleIndex;

constexpr int kRate = 48000;
constexpr SampleIndex kSecond = kRate;

// Events far enough apart that every sound has died away before the next:
// each onset is then the first non-zero sample after silence.
practice::Timeline isolated_events() {
  practice::Timeline timeline;
  timeline.sample_rate_hz = kRate;
  timeline.total_samples = 40 * kSecond + 17;  // deliberately not a block multiple
  timeline.events = {
      bell_at(kSecond + 3, BellKind::kStepChange),
      phase_at(6 * kSecond + 101, BreathPhase::kInhale, 4 * kSecond),
      phase_at(10 * kSecond + 101, BreathPhase::kExhale, 6 * kSecond),
      event_at(EventKind::kRepetition, 17 * kSecond + 7),
      event_at(EventKind::kHoldStart, 19 * kSecond + 1),
      event_at(EventKind::kHoldEnd, 21 * kSecond + 999),
      bell_at(24 * kSecond + 5, BellKind::kMidway),
      bell_at(29 * kSecond + 11, BellKind::kClosing),
  };
  return timeline;
}

std::vector<float> render_all(SessionRenderer& renderer, std::size_t block_frames) {
  std::vector<float> out;
  std::vector<float> block(block_frames * static_cast<std::size_t>(renderer.channels()));
  while (!renderer.finished()) {
    const std::size_t frames = renderer.render(block);
    out.insert(out.end(), block.begin(),
               block.begin() + static_cast<std::ptrdiff_t>(frames) * renderer.channels());
  }
  return out;
}

RenderSettings tones_only(int channels = 2) {
  RenderSettings settings;
  settings.voice = false;
  settings.channels = channels;
  return settings;
}

TEST(SessionRenderer, PlacesEveryToneOnItsEventsExactSample) {
  const auto timeline = isolated_events();
  auto created = SessionRenderer::create(timeline, tones_only(), nullptr);
  ASSERT_TRUE(created.ok()) << created.error().message;
  const auto audio = render_all(**created, 333);
  const auto found = onsets(channel(audio, 2, 0), kRate / 10);
  // Exhale's second pulse follows its first after real silence, so it shows as
  // its own onset 0.34 s later; every other sound is one onset.
  const std::vector<SampleIndex> want = {
      kSecond + 3,      6 * kSecond + 101,  10 * kSecond + 101, 10 * kSecond + 101 + 16320, 17 * kSecond + 7,
      19 * kSecond + 1, 21 * kSecond + 999, 24 * kSecond + 5,   29 * kSecond + 11};
  EXPECT_EQ(found, want);  // 0 samples of error: onsets are placed, not searched for
}

TEST(SessionRenderer, RendersExactlyTheTimelinesLengthAndThenSilence) {
  const auto timeline = isolated_events();
  auto created = SessionRenderer::create(timeline, tones_only(1), nullptr);
  ASSERT_TRUE(created.ok());
  const auto audio = render_all(**created, 4096);
  EXPECT_EQ(static_cast<SampleIndex>(audio.size()), timeline.total_samples);
  std::vector<float> after(64, 1.0F);
  EXPECT_EQ((*created)->render(after), 0U);
  for (float v : after) EXPECT_EQ(v, 0.0F);
}

TEST(SessionRenderer, OutputDoesNotDependOnTheBlockSize) {
  const auto timeline = isolated_events();
  auto a = SessionRenderer::create(timeline, tones_only(), nullptr);
  auto b = SessionRenderer::create(timeline, tones_only(), nullptr);
  EXPECT_EQ(render_all(**a, 64), render_all(**b, 5000));
}

TEST(SessionRenderer, SkippingReportedSilenceLeavesTheRestUnchanged) {
  const auto timeline = isolated_events();
  auto full = SessionRenderer::create(timeline, tones_only(1), nullptr);
  auto skipping = SessionRenderer::create(timeline, tones_only(1), nullptr);
  const auto reference = render_all(**full, 1000);
  std::vector<float> stitched;
  std::vector<float> block(1000);
  while (!(*skipping)->finished()) {
    const SampleIndex quiet = (*skipping)->silent_frames_ahead();
    if (quiet > 0) {
      // Everything reported silent must be silent in the reference.
      const auto at = static_cast<std::size_t>((*skipping)->position());
      for (SampleIndex i = 0; i < quiet; ++i) ASSERT_EQ(reference[at + static_cast<std::size_t>(i)], 0.0F);
      (*skipping)->skip_silence(quiet);
      stitched.resize(stitched.size() + static_cast<std::size_t>(quiet), 0.0F);
      continue;
    }
    const auto frames = (*skipping)->render(block);
    stitched.insert(stitched.end(), block.begin(), block.begin() + static_cast<std::ptrdiff_t>(frames));
  }
  EXPECT_EQ(stitched, reference);
}

TEST(SessionRenderer, RewindReplaysTheSameSamplesScaledByTheNewGain) {
  const auto timeline = isolated_events();
  auto created = SessionRenderer::create(timeline, tones_only(1), nullptr);
  const auto first = render_all(**created, 1024);
  (*created)->rewind(-6.0);
  const auto second = render_all(**created, 1024);
  ASSERT_EQ(first.size(), second.size());
  const auto loudest = static_cast<std::size_t>(kSecond + 3 + 100);
  // -6 dB is a factor 0.501; float rounding allows 1e-6 relative.
  EXPECT_NEAR(second[loudest] / first[loudest], 0.501187, 1e-5);
}

TEST(SessionRenderer, SpeechDucksTheTonesItOverlaps) {
  struct FixedSpeech final : SpeechEngine {
    Result<SpeechAudio> synthesize(std::string_view) override {
      // A quiet 1 kHz "phrase" of 2 s, at half the session rate to exercise resampling.
      SpeechAudio audio;
      audio.sample_rate_hz = kRate / 2;
      audio.samples.assign(static_cast<std::size_t>(kRate), 0.0F);
      return audio;  // silent: so what is heard is the tones alone
    }
    std::string name() const override { return "fixed"; }
  };
  FixedSpeech engine;
  PhraseCache cache(engine, kRate);
  practice::Timeline timeline;
  timeline.sample_rate_hz = kRate;
  timeline.total_samples = 10 * kSecond;
  timeline.events = {bell_at(kSecond, BellKind::kStepChange), cue_at(kSecond, "breathe")};
  RenderSettings with_voice;
  with_voice.channels = 1;
  auto ducked = SessionRenderer::create(timeline, with_voice, &cache);
  ASSERT_TRUE(ducked.ok()) << ducked.error().message;
  auto plain = SessionRenderer::create(timeline, tones_only(1), nullptr);
  const auto a = render_all(**ducked, 512);
  const auto b = render_all(**plain, 512);
  const auto at = static_cast<std::size_t>(kSecond + kRate / 10);
  // -12 dB ducking is a factor 0.251; float rounding allows 1e-4.
  EXPECT_NEAR(a[at] / b[at], 0.251189, 1e-4);
  EXPECT_EQ(cache.size(), 1U);
}

TEST(SessionRenderer, BreathGuideRisesInPitchThroughTheInhaleWithoutJumps) {
  practice::Timeline timeline;
  timeline.sample_rate_hz = kRate;
  timeline.total_samples = 20 * kSecond;
  add_breaths(timeline, kSecond, 2, 4.0, 6.0);
  RenderSettings settings = tones_only(1);
  settings.sound_set = SoundSet::kSoftBells;
  settings.breath_guide = true;
  // The guide alone: render with and without it and take the difference.
  auto with_guide = SessionRenderer::create(timeline, settings, nullptr);
  auto without = SessionRenderer::create(timeline, tones_only(1), nullptr);
  const auto a = render_all(**with_guide, 1000);
  const auto b = render_all(**without, 1000);
  std::vector<float> guide(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) guide[i] = a[i] - b[i];
  auto crossings = [&guide](SampleIndex from, SampleIndex to) {
    int count = 0;
    for (SampleIndex i = from + 1; i < to; ++i) {
      if ((guide[static_cast<std::size_t>(i - 1)] < 0) != (guide[static_cast<std::size_t>(i)] < 0)) ++count;
    }
    return count;
  };
  const int early = crossings(kSecond + kSecond / 2, 2 * kSecond);  // first half second after the fade-in
  const int late = crossings(4 * kSecond + kSecond / 2, 5 * kSecond);
  EXPECT_GT(late, early + 20);  // ~175 Hz vs ~255 Hz over half a second: ~80 more crossings
  // No jumps: the largest sample-to-sample step stays near the steepest slope
  // of a 262 Hz sine at amplitude 0.07 (2 pi f A / rate = 0.0024); 0.005 allows
  // for float rounding but not a discontinuity.
  float largest_step = 0;
  for (std::size_t i = 1; i < guide.size(); ++i)
    largest_step = std::max(largest_step, std::abs(guide[i] - guide[i - 1]));
  EXPECT_LT(largest_step, 0.005F);
  EXPECT_GT(largest_step, 0.0005F);
}

TEST(SessionRenderer, RefusesSpokenCuesWithoutASpeechEngine) {
  practice::Timeline timeline;
  timeline.total_samples = kSecond;
  timeline.events = {cue_at(0, "hello")};
  const auto created = SessionRenderer::create(timeline, RenderSettings{}, nullptr);
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.error().message, "spoken cues are on but no speech engine was given");
}

TEST(SessionRenderer, RefusesThreeChannels) {
  practice::Timeline timeline;
  timeline.total_samples = kSecond;
  RenderSettings settings = tones_only(3);
  const auto created = SessionRenderer::create(timeline, settings, nullptr);
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.error().message, "3 channels is not supported");
}

}  // namespace
}  // namespace velum::audio

namespace velum::audio {
namespace {

TEST(SessionRenderer, OneChannelRenderingEqualsTheFirstChannelOfTheInterleavedMix) {
  auto timeline = isolated_events();
  RenderSettings settings = tones_only(2);
  settings.breath_guide = true;  // the guide and the final fade take their own paths
  auto created = SessionRenderer::create(timeline, settings, nullptr);
  ASSERT_TRUE(created.ok());
  const auto stereo = render_all(**created, 777);
  (*created)->rewind(0);
  std::vector<float> mono;
  std::vector<float> block(1000);
  while (!(*created)->finished()) {
    const std::size_t frames = (*created)->render_one_channel(block);
    mono.insert(mono.end(), block.begin(), block.begin() + static_cast<std::ptrdiff_t>(frames));
  }
  EXPECT_EQ(mono, channel(stereo, 2, 0));
}

}  // namespace
}  // namespace velum::audio
