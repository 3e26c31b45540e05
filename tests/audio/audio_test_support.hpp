#pragma once
// Helpers for the audio tests: hand-built timelines (so the audio module is
// tested without the Timeline compiler) and reading audio files back.

#include <sndfile.h>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "practice/timeline.hpp"

namespace velum::audio::testing {

inline practice::Event event_at(practice::EventKind kind, practice::SampleIndex sample) {
  practice::Event event;
  event.kind = kind;
  event.sample = sample;
  return event;
}

inline practice::Event bell_at(practice::SampleIndex sample, practice::BellKind bell) {
  auto event = event_at(practice::EventKind::kBell, sample);
  event.bell = bell;
  return event;
}

inline practice::Event phase_at(practice::SampleIndex sample, practice::BreathPhase phase,
                                practice::SampleIndex duration) {
  auto event = event_at(practice::EventKind::kPhase, sample);
  event.phase = phase;
  event.duration_samples = duration;
  return event;
}

inline practice::Event cue_at(practice::SampleIndex sample, std::string text) {
  auto event = event_at(practice::EventKind::kCue, sample);
  event.text = std::move(text);
  return event;
}

// Breathing at `inhale_s`/`exhale_s` (no holds) for `breaths`, starting at `start`.
inline void add_breaths(practice::Timeline& timeline, practice::SampleIndex start, int breaths, double inhale_s,
                        double exhale_s) {
  const auto rate = timeline.sample_rate_hz;
  const auto inhale = static_cast<practice::SampleIndex>(inhale_s * rate);
  const auto exhale = static_cast<practice::SampleIndex>(exhale_s * rate);
  practice::SampleIndex at = start;
  for (int b = 0; b < breaths; ++b) {
    timeline.events.push_back(phase_at(at, practice::BreathPhase::kInhale, inhale));
    at += inhale;
    timeline.events.push_back(phase_at(at, practice::BreathPhase::kExhale, exhale));
    at += exhale;
  }
}

struct AudioFile {
  bool opened = false;
  SF_INFO info{};
  std::vector<float> samples;  // interleaved
  std::string title;
};

inline AudioFile read_audio(const std::filesystem::path& path) {
  AudioFile file;
  SNDFILE* handle = sf_open(path.c_str(), SFM_READ, &file.info);
  if (handle == nullptr) return file;
  file.opened = true;
  file.samples.resize(static_cast<std::size_t>(file.info.frames * file.info.channels));
  sf_readf_float(handle, file.samples.data(), file.info.frames);
  if (const char* title = sf_get_string(handle, SF_STR_TITLE)) file.title = title;
  sf_close(handle);
  return file;
}

// Onsets: the first non-zero sample after at least `min_silence` zero samples.
inline std::vector<practice::SampleIndex> onsets(const std::vector<float>& mono, practice::SampleIndex min_silence) {
  std::vector<practice::SampleIndex> found;
  practice::SampleIndex zeros = min_silence;  // the start counts as silence
  for (std::size_t i = 0; i < mono.size(); ++i) {
    if (mono[i] == 0.0F) {
      ++zeros;
      continue;
    }
    if (zeros >= min_silence) found.push_back(static_cast<practice::SampleIndex>(i));
    zeros = 0;
  }
  return found;
}

inline std::vector<float> channel(const std::vector<float>& interleaved, int channels, int which) {
  std::vector<float> out;
  out.reserve(interleaved.size() / static_cast<std::size_t>(channels));
  for (std::size_t i = static_cast<std::size_t>(which); i < interleaved.size(); i += static_cast<std::size_t>(channels)) {
    out.push_back(interleaved[i]);
  }
  return out;
}

// A temporary folder removed at the end of the test.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "velum-audio-test-XXXXXX").string();
    path = mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
};

}  // namespace velum::audio::testing
