// The capture path without a device: the ring hands samples from the callback
// to the reader in order, the take stops at its length, underflows are
// counted, and a kept take reads back as written.

#include "audio/capture.hpp"

#include <gtest/gtest.h>
#include <sndfile.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <numbers>
#include <numeric>
#include <vector>

#include "audio/detail/sample_ring.hpp"
#include "audio/recording.hpp"
#include "audio/tones.hpp"

namespace velum::audio {
namespace {

std::vector<float> ramp(std::size_t count, float start) {
  std::vector<float> values(count);
  std::iota(values.begin(), values.end(), start);
  return values;
}

TEST(SampleRing, RoundsItsCapacityUpToAPowerOfTwo) {
  EXPECT_EQ(detail::SampleRing(1000).capacity(), 1024U);
  EXPECT_EQ(detail::SampleRing(1024).capacity(), 1024U);
}

TEST(SampleRing, HandsSamplesOverInOrderAcrossTheWrap) {
  detail::SampleRing ring(8);
  std::vector<float> out(8);
  float next = 0;
  // Writes of 5 and reads of 3 wrap the 8-sample buffer many times.
  std::vector<float> seen;
  for (int round = 0; round < 20; ++round) {
    const auto chunk = ramp(5, next);
    const std::size_t written = ring.write(chunk);
    next += static_cast<float>(written);
    const std::size_t got = ring.read(std::span<float>(out).first(3));
    seen.insert(seen.end(), out.begin(), out.begin() + static_cast<std::ptrdiff_t>(got));
  }
  for (std::size_t got = ring.read(out); got > 0; got = ring.read(out)) {
    seen.insert(seen.end(), out.begin(), out.begin() + static_cast<std::ptrdiff_t>(got));
  }
  EXPECT_EQ(seen, ramp(static_cast<std::size_t>(next), 0));
}

TEST(SampleRing, AcceptsOnlyWhatFitsWhenFull) {
  detail::SampleRing ring(4);
  EXPECT_EQ(ring.write(ramp(3, 0)), 3U);
  EXPECT_EQ(ring.write(ramp(3, 3)), 1U);
  EXPECT_EQ(ring.available(), 4U);
  std::vector<float> out(8);
  ASSERT_EQ(ring.read(out), 4U);
  EXPECT_EQ(std::vector<float>(out.begin(), out.begin() + 4), ramp(4, 0));
}

TEST(LiveCapture, TheCallbackFillsTheTakeAndStopsAtItsLength) {
  CaptureSettings settings;
  settings.sample_rate_hz = 8000;
  settings.max_seconds = 0.1;  // 800 frames
  auto opened = LiveCapture::without_device(settings);
  ASSERT_TRUE(opened.ok());
  LiveCapture& capture = **opened;
  EXPECT_EQ(capture.max_frames(), 800);
  const auto input = ramp(256, 0);
  EXPECT_TRUE(capture.capture(input.data(), 256));
  EXPECT_TRUE(capture.capture(input.data(), 256));
  EXPECT_TRUE(capture.capture(input.data(), 256));
  EXPECT_FALSE(capture.capture(input.data(), 256));  // 768 + 32 = 800: the take is full
  EXPECT_TRUE(capture.full());
  EXPECT_EQ(capture.frames_captured(), 800);
  EXPECT_EQ(capture.frames_lost(), 0);
  std::vector<float> out(1000);
  ASSERT_EQ(capture.read(out), 800U);
  EXPECT_EQ(out[256], 0.0F);   // the second buffer starts again at 0
  EXPECT_EQ(out[799], 31.0F);  // the last buffer was cut after 32 frames
  EXPECT_EQ(capture.start()->message, "no audio input device found");
}

TEST(LiveCapture, AnUnderflowCountsAsLostAndAddsNothingToTheTake) {
  auto opened = LiveCapture::without_device({});
  ASSERT_TRUE(opened.ok());
  EXPECT_TRUE((*opened)->capture(nullptr, 128));
  EXPECT_EQ((*opened)->frames_lost(), 128);
  EXPECT_EQ((*opened)->frames_captured(), 0);
}

TEST(LiveCapture, RefusesSettingsOutOfRangeNamingTheValue) {
  CaptureSettings rate;
  rate.sample_rate_hz = 4000;
  EXPECT_EQ(LiveCapture::without_device(rate).error().message, "a capture rate of 4000 Hz is out of range");
  CaptureSettings length;
  length.max_seconds = 0;
  EXPECT_EQ(LiveCapture::without_device(length).error().message, "a take of 0 s is out of range");
  CaptureSettings buffer;
  buffer.frames_per_buffer = 4;
  EXPECT_EQ(LiveCapture::open(buffer).error().message, "buffer of 4 frames is out of range");
}

TEST(WriteMonoWav, AKeptTakeReadsBackAsWrittenWithin24BitPrecision) {
  const auto path =
      std::filesystem::temp_directory_path() / ("velum-take-" + std::to_string(getpid()) + ".wav");
  std::vector<float> take(4800);
  for (std::size_t i = 0; i < take.size(); ++i)
    take[i] = 0.5F * static_cast<float>(std::sin(0.01 * double(i)));
  ASSERT_FALSE(write_mono_wav(path, take, 48000));
  SF_INFO info{};
  SNDFILE* file = sf_open(path.c_str(), SFM_READ, &info);
  ASSERT_NE(file, nullptr);
  std::vector<float> back(take.size());
  EXPECT_EQ(sf_readf_float(file, back.data(), static_cast<sf_count_t>(back.size())), 4800);
  sf_close(file);
  std::filesystem::remove(path);
  EXPECT_EQ(info.samplerate, 48000);
  EXPECT_EQ(info.channels, 1);
  for (std::size_t i = 0; i < take.size(); ++i) ASSERT_NEAR(back[i], take[i], 1.0 / (1 << 23)) << i;
}

TEST(WriteMonoWav, NamesTheFileItCannotWrite) {
  const std::vector<float> take(10, 0.0F);
  const auto error = write_mono_wav("/nonexistent-folder/take.wav", take, 48000);
  ASSERT_TRUE(error);
  EXPECT_NE(error->message.find("cannot write '/nonexistent-folder/take.wav'"), std::string::npos);
}

// Power at one frequency (Goertzel), to find the note's fundamental.
double power_at(const std::vector<float>& x, double frequency_hz, int rate) {
  const double w = 2 * std::numbers::pi * frequency_hz / rate;
  double s1 = 0, s2 = 0;
  for (float v : x) {
    const double s = v + 2 * std::cos(w) * s1 - s2;
    s2 = s1;
    s1 = s;
  }
  return s1 * s1 + s2 * s2 - 2 * std::cos(w) * s1 * s2;
}

TEST(ReferenceNote, HasItsFundamentalAtTheTargetAndSoftEnds) {
  const auto note = make_reference_note(220.0, 1.0, 48000);
  ASSERT_EQ(note.size(), 48000U);
  float peak = 0;
  for (float v : note) peak = std::max(peak, std::abs(v));
  EXPECT_NEAR(peak, kReferenceNotePeak, 1e-6);
  // The first and last samples sit at the bottom of the raised-cosine ramps.
  EXPECT_LT(std::abs(note.front()), 1e-3);
  EXPECT_LT(std::abs(note.back()), 1e-3);
  // The fundamental carries more power than a quarter tone either side and
  // than the octave (harmonics fall 6 dB each).
  EXPECT_GT(power_at(note, 220.0, 48000), 100 * power_at(note, 226.5, 48000));
  EXPECT_GT(power_at(note, 220.0, 48000), 2 * power_at(note, 440.0, 48000));
}

}  // namespace
}  // namespace velum::audio
