#pragma once
// Recordings for the voice command tests, written to a private folder that is
// removed with the fixture: synthetic vowels, raw samples, arbitrary bytes.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include "../voice/synth_voice.hpp"
#include "../voice/voice_test_support.hpp"

namespace velum::cli::testing {

namespace fs = std::filesystem;

struct VoiceFiles {
  explicit VoiceFiles(const std::string& prefix = "cli") : dir(voice::testing::temp_dir(prefix)) {}
  VoiceFiles(const VoiceFiles&) = delete;
  VoiceFiles& operator=(const VoiceFiles&) = delete;

  fs::path dir;
  ~VoiceFiles() {
    std::error_code ignored;
    fs::remove_all(dir, ignored);
  }
  // A 1.3 s synthetic vowel at f0_hz between 0.1 s and 1.4 s (jitter 0.5 %,
  // shimmer 3 %), scaled by `gain` and clipped to full scale.
  fs::path vowel(const std::string& name, double f0_hz, double gain = 1.0) {
    const voice::testing::F0Contour contour = [=](double t) -> std::optional<double> {
      if (t < 0.1 || t >= 1.4) return std::nullopt;
      return f0_hz;
    };
    voice::testing::SynthSettings settings;
    settings.duration_seconds = 1.5;
    settings.jitter = 0.005;
    settings.shimmer = 0.03;
    auto voice = voice::testing::synthesize_voice(contour, settings);
    for (auto& x : voice.samples) x = std::clamp(x * static_cast<float>(gain), -1.0F, 1.0F);
    const auto path = dir / (name + ".wav");
    voice::testing::write_wav(path, voice.samples, settings.sample_rate_hz);
    return path;
  }
  fs::path samples(const std::string& name, const std::vector<float>& samples) {
    const auto path = dir / (name + ".wav");
    voice::testing::write_wav(path, samples, 44100);
    return path;
  }
  fs::path bytes(const std::string& name, const std::string& content) {
    const auto path = dir / name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }
};

}  // namespace velum::cli::testing
