// The terminal pacer against a simulated clock: what it shows at each sample,
// pause and quit, and that nothing drifts over half an hour.

#include "cli/pacer_view.hpp"

#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "audio/live.hpp"
#include "audio/render.hpp"
#include "practice/breath.hpp"

namespace velum::cli {
namespace {

using practice::BreathPhase;
using practice::SampleIndex;
using practice::Seconds;

constexpr int kRate = 48000;
constexpr SampleIndex kBoxPhaseSamples = 4 * kRate;

practice::Timeline box_pacer(double seconds) {
  auto result = practice::compile_pacer(*practice::find_preset("box"), Seconds{seconds}, std::nullopt,
                                        std::nullopt, kRate);
  return *result.timeline;
}

// Each wait moves the simulated clock on by the wait; keys are pressed at
// given simulated times.
class ScriptedKeys final : public KeySource {
 public:
  ScriptedKeys(SimulatedClock& clock, std::map<SampleIndex, char> script)
      : clock_(clock), script_(std::move(script)) {}

  std::optional<char> wait_for_key(std::chrono::milliseconds timeout) override {
    const SampleIndex from = clock_.now();
    clock_.advance(timeout.count() * kRate / 1000);
    auto key = script_.lower_bound(from);
    if (key != script_.end() && key->first < clock_.now()) {
      const char pressed = key->second;
      script_.erase(key);
      return pressed;
    }
    return std::nullopt;
  }

 private:
  SimulatedClock& clock_;
  std::map<SampleIndex, char> script_;
};

TEST(PacerView, ShowsTheBoxPhasesAtTheirExactSamples) {
  const auto timeline = box_pacer(60.0);
  const PacerView view(timeline);
  EXPECT_EQ(view.frame_at(0).phase, BreathPhase::kInhale);
  EXPECT_EQ(view.frame_at(kBoxPhaseSamples - 1).phase, BreathPhase::kInhale);
  EXPECT_EQ(view.frame_at(kBoxPhaseSamples).phase, BreathPhase::kHoldIn);
  EXPECT_EQ(view.frame_at(2 * kBoxPhaseSamples).phase, BreathPhase::kExhale);
  EXPECT_EQ(view.frame_at(3 * kBoxPhaseSamples + 5).phase, BreathPhase::kHoldOut);
  EXPECT_EQ(view.frame_at(4 * kBoxPhaseSamples).phase, BreathPhase::kInhale);
  EXPECT_TRUE(view.frame_at(60 * kRate).finished);
}

TEST(PacerView, GrowsTheBarOnTheInhaleAndEmptiesItOnTheExhale) {
  const auto timeline = box_pacer(60.0);
  const PacerView view(timeline);
  EXPECT_DOUBLE_EQ(view.frame_at(kBoxPhaseSamples / 2).bar_level, 0.5);
  EXPECT_DOUBLE_EQ(view.frame_at(kBoxPhaseSamples + 10).bar_level, 1.0);
  EXPECT_DOUBLE_EQ(view.frame_at(2 * kBoxPhaseSamples + kBoxPhaseSamples / 4).bar_level, 0.75);
  EXPECT_DOUBLE_EQ(view.frame_at(3 * kBoxPhaseSamples + 10).bar_level, 0.0);
  EXPECT_DOUBLE_EQ(view.frame_at(kBoxPhaseSamples / 4).seconds_left_in_phase, 3.0);
  EXPECT_DOUBLE_EQ(view.frame_at(0).breaths_per_minute, 3.75);  // one 16 s breath
}

TEST(PacerView, ShowsTheRateOfTheBreathInProgressDuringARamp) {
  auto result = practice::compile_pacer(*practice::find_preset("resonance"), Seconds{300},
                                        practice::find_preset("pranayama"),
                                        practice::BreathRamp{"pranayama", 2, std::nullopt}, kRate);
  ASSERT_TRUE(result.timeline);
  const PacerView view(*result.timeline);
  EXPECT_DOUBLE_EQ(view.frame_at(0).breaths_per_minute, 6.0);                   // 5 + 5 s
  EXPECT_DOUBLE_EQ(view.frame_at(11 * kRate).breaths_per_minute, 60.0 / 11.0);  // 4.5 + 6.5 s
  EXPECT_DOUBLE_EQ(view.frame_at(30 * kRate).breaths_per_minute, 5.0);          // 4 + 8 s
}

TEST(PacerView, RendersFourLinesWithinTheTerminalWidth) {
  const auto timeline = box_pacer(60.0);
  const auto frame = PacerView(timeline).frame_at(kRate);
  for (int columns : {20, 40, 80, 200}) {
    std::istringstream lines(render_frame(frame, columns, false));
    std::string line;
    int count = 0;
    while (std::getline(lines, line)) {
      EXPECT_LE(static_cast<int>(line.size()), columns) << line;
      ++count;
    }
    EXPECT_EQ(count, kFrameLines);
  }
  EXPECT_NE(render_frame(frame, 80, false).find("Breathe in"), std::string::npos);
  EXPECT_NE(render_frame(frame, 80, true).find("Paused"), std::string::npos);
}

TEST(PacerLoop, ShowsTheRightPhaseAtEveryFrameForThirtySimulatedMinutes) {
  const double thirty_minutes = 30.0 * 60.0;
  const auto timeline = box_pacer(thirty_minutes);
  SimulatedClock simulated;
  PausableClock clock(simulated);
  ScriptedKeys keys(simulated, {});
  std::ostringstream out;
  PacerLoopOptions options;
  options.animate = false;
  SampleIndex worst_drift = 0;
  long long frames = 0;
  options.on_frame = [&](SampleIndex sample, const PacerFrame& frame) {
    ++frames;
    if (frame.finished) return;
    // Independent arithmetic: box phases are 4 s each, in order.
    const SampleIndex expected_start = sample / kBoxPhaseSamples * kBoxPhaseSamples;
    const auto expected_phase = static_cast<BreathPhase>(sample / kBoxPhaseSamples % 4);
    EXPECT_EQ(frame.phase, expected_phase) << "at sample " << sample;
    worst_drift = std::max<SampleIndex>(worst_drift, std::llabs(frame.phase_start - expected_start));
  };
  EXPECT_EQ(run_pacer(timeline, clock, keys, out, options), PacerOutcome::kFinished);
  EXPECT_EQ(worst_drift, 0) << "samples of drift over 30 simulated minutes";
  EXPECT_EQ(frames, 36001);  // one frame per 50 ms, and the finished one
  EXPECT_EQ(simulated.now(), 1800LL * kRate);
  // One line per phase (450) and the closing line; the last phase (the 450th: a hold) begins at 29:56.
  const std::string text = out.str();
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 451);
  EXPECT_NE(text.find("29:56  Hold\n30:00  Finished.\n"), std::string::npos) << text.substr(text.size() - 60);
}

TEST(PacerLoop, PPausesAndResumesWhereItStopped) {
  const auto timeline = box_pacer(30.0);
  SimulatedClock simulated;
  PausableClock clock(simulated);
  ScriptedKeys keys(simulated, {{10 * kRate, 'p'}, {20 * kRate, 'p'}});
  std::ostringstream out;
  PacerLoopOptions options;
  options.animate = false;
  SampleIndex shown_while_paused = -1;
  options.on_frame = [&](SampleIndex sample, const PacerFrame&) {
    if (clock.paused()) {
      if (shown_while_paused < 0) shown_while_paused = sample;
      EXPECT_EQ(sample, shown_while_paused) << "time moved while paused";
    }
  };
  EXPECT_EQ(run_pacer(timeline, clock, keys, out, options), PacerOutcome::kFinished);
  // Ten seconds paused: the 30 s pacer took 40 s of (simulated) wall time.
  EXPECT_EQ(simulated.now(), 40LL * kRate);
  EXPECT_NE(out.str().find("Paused.\n"), std::string::npos);
  EXPECT_NE(out.str().find("Going on.\n"), std::string::npos);
}

TEST(PacerLoop, QQuitsAtOnce) {
  const auto timeline = box_pacer(60.0);
  SimulatedClock simulated;
  PausableClock clock(simulated);
  ScriptedKeys keys(simulated, {{5 * kRate, 'q'}});
  std::ostringstream out;
  EXPECT_EQ(run_pacer(timeline, clock, keys, out, PacerLoopOptions{}), PacerOutcome::kQuit);
  EXPECT_LT(simulated.now(), 6LL * kRate);
  // The animation hides the cursor while it runs and always shows it again.
  EXPECT_NE(out.str().find("\x1b[?25h"), std::string::npos);
}

TEST(PacerLoop, SpaceStopsAtOnceAsInTheGuidedSession) {
  const auto timeline = box_pacer(60.0);
  SimulatedClock simulated;
  PausableClock clock(simulated);
  ScriptedKeys keys(simulated, {{5 * kRate, ' '}});
  std::ostringstream out;
  EXPECT_EQ(run_pacer(timeline, clock, keys, out, PacerLoopOptions{}), PacerOutcome::kQuit);
  EXPECT_LT(simulated.now(), 6LL * kRate);
  EXPECT_FALSE(clock.paused());
}

TEST(PacerView, TheKeyHelpSaysPPausesAndSpaceStops) {
  const auto timeline = box_pacer(30.0);
  const PacerView view(timeline);
  const auto frame = view.frame_at(kRate);
  EXPECT_NE(render_frame(frame, 80, false).find("p pause, space or q stop"), std::string::npos);
  EXPECT_NE(render_frame(frame, 80, true).find("press p to go on, space or q to stop"), std::string::npos);
}

TEST(PacerLoop, StopsWhenASignalArrives) {
  const auto timeline = box_pacer(60.0);
  SimulatedClock simulated;
  PausableClock clock(simulated);
  ScriptedKeys keys(simulated, {});
  std::ostringstream out;
  volatile std::sig_atomic_t stop = 0;
  PacerLoopOptions options;
  options.on_frame = [&](SampleIndex sample, const PacerFrame&) {
    if (sample >= 3 * kRate) stop = 1;
  };
  EXPECT_EQ(run_pacer(timeline, clock, keys, out, options, &stop), PacerOutcome::kInterrupted);
  EXPECT_NE(out.str().find("\x1b[?25h"), std::string::npos);
}

// Stands in for the sound device's callback: while the loop waits, the device
// takes buffers of 256 frames (about 5 ms each), unless the stream is stopped.
class DeviceKeys final : public KeySource {
 public:
  DeviceKeys(audio::LivePlayer& player, int channels, std::map<SampleIndex, char> script)
      : player_(player),
        buffer_(kFramesPerBuffer * static_cast<std::size_t>(channels)),
        script_(std::move(script)) {}

  bool running = true;
  SampleIndex paused_frames = 0;  // simulated time spent paused, in samples

  std::optional<char> wait_for_key(std::chrono::milliseconds timeout) override {
    const SampleIndex from = player_.frames_delivered() + paused_frames;
    const SampleIndex wait = timeout.count() * kRate / 1000;
    for (SampleIndex waited = 0; waited < wait; waited += static_cast<SampleIndex>(kFramesPerBuffer)) {
      if (running) {
        player_.deliver(buffer_.data(), kFramesPerBuffer);
      } else {
        paused_frames += static_cast<SampleIndex>(kFramesPerBuffer);
      }
    }
    auto key = script_.lower_bound(from);
    if (key != script_.end() && key->first < player_.frames_delivered() + paused_frames) {
      const char pressed = key->second;
      script_.erase(key);
      return pressed;
    }
    return std::nullopt;
  }

 private:
  static constexpr unsigned long kFramesPerBuffer = 256;
  audio::LivePlayer& player_;
  std::vector<float> buffer_;
  std::map<SampleIndex, char> script_;
};

TEST(PacerLoop, FollowsTheSoundDevicesClockAndStopsItWhilePaused) {
  const auto timeline = box_pacer(120.0);
  audio::RenderSettings sound;
  sound.voice = false;
  auto renderer = audio::SessionRenderer::create(timeline, sound, nullptr);
  ASSERT_TRUE(renderer.ok()) << renderer.error().message;
  auto player = audio::LivePlayer::without_device(**renderer);
  DeviceKeys keys(*player, (*renderer)->channels(), {{30 * kRate, 'p'}, {40 * kRate, 'p'}});
  DeviceSampleClock device(*player);
  PausableClock clock(device, PausableClock::Inner::kStopsWhenPaused);
  std::ostringstream out;
  PacerLoopOptions options;
  options.animate = false;
  options.on_pause = [&keys](bool paused) { keys.running = !paused; };
  SampleIndex worst_lag = 0;
  options.on_frame = [&](SampleIndex sample, const PacerFrame& frame) {
    // What is shown is what the device has played: the same sample, so the same phase.
    EXPECT_EQ(sample, player->frames_delivered());
    EXPECT_EQ(sample, (*renderer)->position());
    if (frame.finished) return;
    EXPECT_EQ(frame.phase, static_cast<BreathPhase>(sample / kBoxPhaseSamples % 4)) << "at sample " << sample;
    worst_lag = std::max<SampleIndex>(worst_lag, sample - frame.phase_start - (sample % kBoxPhaseSamples));
  };
  EXPECT_EQ(run_pacer(timeline, clock, keys, out, options), PacerOutcome::kFinished);
  EXPECT_EQ(worst_lag, 0);
  EXPECT_GE(player->frames_delivered(), 120LL * kRate);
  EXPECT_GE(keys.paused_frames, 9LL * kRate);  // the stream stood still for about ten seconds
  EXPECT_NE(out.str().find("Paused.\n"), std::string::npos);
}

TEST(SampleClock, SteadyClockConvertsHalfAnHourExactly) {
  std::chrono::nanoseconds now{123'456'789};
  SteadySampleClock clock(44100, [&now] { return now; });
  now += std::chrono::minutes(30);
  EXPECT_EQ(clock.now(), 1800LL * 44100);
  now += std::chrono::nanoseconds(22'676);  // just short of one sample at 44.1 kHz (22,675.7 ns)
  EXPECT_EQ(clock.now(), 1800LL * 44100 + 1);
  now += std::chrono::hours(24 * 365);
  EXPECT_EQ(clock.now(), (1800LL + 365LL * 24 * 3600) * 44100 + 1);
}

TEST(SampleClock, PausableClockFreezesAndResumesWithoutAJump) {
  SimulatedClock inner;
  PausableClock clock(inner);
  inner.advance(100);
  clock.pause();
  inner.advance(1000);
  EXPECT_EQ(clock.now(), 100);
  clock.resume();
  EXPECT_EQ(clock.now(), 100);
  inner.advance(5);
  EXPECT_EQ(clock.now(), 105);
  clock.pause();
  inner.advance(7);
  clock.resume();
  inner.advance(1);
  EXPECT_EQ(clock.now(), 106);
}

}  // namespace
}  // namespace velum::cli
