// read_mono_bytes: an upload held in memory reads exactly as the same file on
// disk does, and bytes that are not audio, empty or too long are refused with
// a message naming the upload.

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <iterator>
#include <numbers>
#include <string>
#include <vector>

#include "voice/input.hpp"
#include "voice_test_support.hpp"

namespace velum::voice {
namespace {

constexpr int kRateHz = 16000;
constexpr double kMaxAnalysisSecondsForTest = 60.0;

std::vector<float> tone(std::size_t frames, int channels) {
  std::vector<float> samples(frames * static_cast<std::size_t>(channels));
  for (std::size_t i = 0; i < samples.size(); ++i) {
    samples[i] =
        0.4F * static_cast<float>(std::sin(2 * std::numbers::pi * 200.0 * static_cast<double>(i) / kRateHz));
  }
  return samples;
}

std::string file_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void expect_same_as_file(const std::filesystem::path& path) {
  const auto from_file = read_mono_file(path, kMaxAnalysisSecondsForTest);
  const auto from_bytes = read_mono_bytes(file_bytes(path), "the upload", kMaxAnalysisSecondsForTest);
  ASSERT_TRUE(from_file.ok()) << from_file.error().message;
  ASSERT_TRUE(from_bytes.ok()) << from_bytes.error().message;
  EXPECT_EQ(from_bytes->sample_rate_hz, from_file->sample_rate_hz);
  // Both go through libsndfile's float conversion: identical, not merely close.
  EXPECT_EQ(from_bytes->samples, from_file->samples);
}

TEST(ReadMonoBytes, ReadsA16BitWavExactlyAsTheFileReaderDoes) {
  const auto dir = testing::temp_dir("bytes-wav");
  testing::write_wav(dir / "a.wav", tone(kRateHz, 1), kRateHz);
  expect_same_as_file(dir / "a.wav");
  std::filesystem::remove_all(dir);
}

TEST(ReadMonoBytes, ReadsStereoFlacAsTheChannelAverage) {
  const auto dir = testing::temp_dir("bytes-flac");
  testing::write_wav(dir / "a.flac", tone(kRateHz, 2), kRateHz, SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 2);
  expect_same_as_file(dir / "a.flac");
  std::filesystem::remove_all(dir);
}

TEST(ReadMonoBytes, RefusesTextNamingTheUploadAndSuggestingAFormat) {
  const auto read = read_mono_bytes("not a recording", "the upload", kMaxAnalysisSecondsForTest);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().message.rfind("the upload is not an audio file velum can read", 0), 0U)
      << read.error().message;
  EXPECT_EQ(read.error().hint, "send a WAV, FLAC or Ogg Vorbis recording");
}

TEST(ReadMonoBytes, RefusesEmptyBytes) {
  const auto read = read_mono_bytes("", "the upload", kMaxAnalysisSecondsForTest);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().message, "the upload is empty");
}

TEST(ReadMonoBytes, RefusesARecordingLongerThanTheLimitNamingBothDurations) {
  const auto dir = testing::temp_dir("bytes-long");
  testing::write_wav(dir / "long.wav", tone(3 * kRateHz, 1), kRateHz);
  const auto read = read_mono_bytes(file_bytes(dir / "long.wav"), "the upload", 2.0);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().message, "the upload lasts 3 s; this analysis reads at most 2 s");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace velum::voice
