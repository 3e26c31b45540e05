// A minimal streaming renderer: precompute one decaying sine, then for every
// block copy the part of it that falls in the block (one per second) into an
// interleaved stereo buffer and hand the block to libsndfile.

#include "minimal_renderer.hpp"

#include <sndfile.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

namespace velum::bench {
namespace {
constexpr std::size_t kBlockFrames = 4096;  // the same block size velum uses
constexpr double kToneHz = 440;
constexpr double kToneSeconds = 0.5;
constexpr double kDecaySeconds = 0.1;
constexpr double kAmplitude = 0.3;
}  // namespace

bool write_minimal_session(const std::string& path, int seconds, int sample_rate_hz) {
  const auto rate = static_cast<std::size_t>(sample_rate_hz);
  std::vector<float> tone(static_cast<std::size_t>(kToneSeconds * sample_rate_hz));
  for (std::size_t i = 0; i < tone.size(); ++i) {
    const double t = static_cast<double>(i) / sample_rate_hz;
    tone[i] = static_cast<float>(kAmplitude * std::exp(-t / kDecaySeconds) *
                                 std::sin(2 * std::numbers::pi * kToneHz * t));
  }
  SF_INFO info{};
  info.samplerate = sample_rate_hz;
  info.channels = 2;
  info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
  SNDFILE* file = sf_open(path.c_str(), SFM_WRITE, &info);
  if (file == nullptr) return false;
  const std::size_t total = rate * static_cast<std::size_t>(seconds);
  std::vector<float> block(kBlockFrames * 2);
  for (std::size_t start = 0; start < total; start += kBlockFrames) {
    const std::size_t frames = std::min(kBlockFrames, total - start);
    for (std::size_t i = 0; i < frames; ++i) {
      const std::size_t in_second = (start + i) % rate;
      const float v = in_second < tone.size() ? tone[in_second] : 0.0F;
      block[2 * i] = v;
      block[2 * i + 1] = v;
    }
    sf_writef_float(file, block.data(), static_cast<sf_count_t>(frames));
  }
  return sf_close(file) == 0;
}

}  // namespace velum::bench
