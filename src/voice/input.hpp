#pragma once
// Reading recorded voice: any file libsndfile reads (WAV, FLAC, Ogg; mono or
// stereo; 8–96 kHz), streamed block by block as mono so long files stay small in memory.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "base/result.hpp"

namespace velum::voice {

inline constexpr int kMinSampleRateHz = 8000;
inline constexpr int kMaxSampleRateHz = 96000;

// A whole mono recording in memory (for analyses that need random access).
struct MonoSignal {
  std::vector<float> samples;  // channel average, full scale = 1.0
  int sample_rate_hz = 0;
  double duration_seconds() const {
    return sample_rate_hz > 0 ? static_cast<double>(samples.size()) / sample_rate_hz : 0.0;
  }
};

// An open audio file read forward as mono blocks. Not copyable; one thread at a time.
class AudioFileReader {
 public:
  // Opens `path`. Errors: missing or unreadable file, not audio, no frames,
  // a sample rate outside [kMinSampleRateHz, kMaxSampleRateHz], more than 2 channels.
  static Result<std::unique_ptr<AudioFileReader>> open(const std::filesystem::path& path);
  ~AudioFileReader();
  AudioFileReader(const AudioFileReader&) = delete;
  AudioFileReader& operator=(const AudioFileReader&) = delete;

  int sample_rate_hz() const { return sample_rate_hz_; }
  int channels() const { return channels_; }
  std::int64_t frames() const { return frames_; }  // as the header states

  // Fills `mono` with the next frames (channel average); returns how many were
  // read, 0 at the end. Non-finite samples (a damaged float file) become 0 and
  // are counted in replaced_samples().
  std::size_t read(std::span<float> mono);
  std::int64_t replaced_samples() const { return replaced_samples_; }

 private:
  AudioFileReader() = default;
  struct Handle;
  std::unique_ptr<Handle> handle_;
  int sample_rate_hz_ = 0;
  int channels_ = 1;
  std::int64_t frames_ = 0;
  std::int64_t replaced_samples_ = 0;
  std::vector<float> interleaved_;
};

// Reads a whole file as mono. Refuses files longer than `max_seconds` (the
// error names the duration) so an analysis that needs the whole signal never
// exhausts memory. Any thread.
Result<MonoSignal> read_mono_file(const std::filesystem::path& path, double max_seconds);

// The same for a whole audio file held in memory (an upload): `bytes` are the
// file's bytes (WAV, FLAC, Ogg), `name` is used in messages ("the upload").
// Same errors and limits as read_mono_file. Any thread.
Result<MonoSignal> read_mono_bytes(std::string_view bytes, std::string_view name, double max_seconds);

}  // namespace velum::voice
