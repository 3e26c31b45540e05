#include "audio/live.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <iterator>

#include "audio_test_support.hpp"

namespace velum::audio {
namespace {

using namespace velum::audio::testing;

std::unique_ptr<SessionRenderer> short_session() {
  practice::Timeline timeline;
  timeline.sample_rate_hz = 48000;
  timeline.total_samples = 1000;
  timeline.events = {bell_at(0, practice::BellKind::kStepChange)};
  RenderSettings settings;
  settings.voice = false;
  return std::move(SessionRenderer::create(timeline, settings, nullptr).value());
}

TEST(LivePlayer, WithoutADeviceReportsOneClearErrorAndNothingOnStderr) {
  if (!find_output_device()) GTEST_SKIP() << "this machine has an audio device";
  auto renderer = short_session();
  // Capture fd 2 while PortAudio probes: ALSA and JACK would print ~65 lines.
  char path[] = "/tmp/velum-live-stderr-XXXXXX";
  const int capture = mkstemp(path);
  const int saved = dup(2);
  dup2(capture, 2);
  auto opened = LivePlayer::open(*renderer, {});
  dup2(saved, 2);
  close(saved);
  close(capture);
  std::ifstream in(path);
  const std::string captured{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  unlink(path);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(opened.error().message, "no audio output device found");
  EXPECT_EQ(captured, "");
}

TEST(LivePlayer, TheClockCountsTheFramesTheCallbackDeliveredAndStopsAtTheEnd) {
  auto renderer = short_session();
  auto player = LivePlayer::without_device(*renderer);
  std::vector<float> buffer(2 * 256);
  EXPECT_EQ(player->frames_delivered(), 0);
  EXPECT_TRUE(player->deliver(buffer.data(), 256));
  EXPECT_EQ(player->frames_delivered(), 256);
  EXPECT_NE(buffer[0], 0.0F);  // the bell's first sample
  EXPECT_TRUE(player->deliver(buffer.data(), 256));
  EXPECT_TRUE(player->deliver(buffer.data(), 256));
  EXPECT_FALSE(player->finished());
  EXPECT_FALSE(player->deliver(buffer.data(), 256));  // 1024 >= 1000 frames: done
  EXPECT_TRUE(player->finished());
  EXPECT_EQ(player->frames_delivered(), 1024);
  EXPECT_EQ(player->start()->message, "no audio output device found");
}

TEST(LivePlayer, RefusesAnAbsurdBufferSize) {
  auto renderer = short_session();
  auto opened = LivePlayer::open(*renderer, {4});
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().message, "buffer of 4 frames is out of range");
}

}  // namespace
}  // namespace velum::audio
