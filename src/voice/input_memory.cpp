// Reading a whole audio file from memory (an HTTP upload) through libsndfile's
// virtual I/O, so the server never writes uploads to disk.

#include <sndfile.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "voice/input.hpp"

namespace velum::voice {
namespace {

constexpr int kMaxChannels = 2;

// A read-only cursor over the bytes, as libsndfile's callbacks see it.
struct MemoryFile {
  std::string_view bytes;
  sf_count_t position = 0;
};

sf_count_t memory_length(void* user) {
  return static_cast<sf_count_t>(static_cast<MemoryFile*>(user)->bytes.size());
}

sf_count_t memory_seek(sf_count_t offset, int whence, void* user) {
  auto* file = static_cast<MemoryFile*>(user);
  const auto size = static_cast<sf_count_t>(file->bytes.size());
  sf_count_t target = offset;
  if (whence == SEEK_CUR) target = file->position + offset;
  if (whence == SEEK_END) target = size + offset;
  file->position = std::clamp<sf_count_t>(target, 0, size);
  return file->position;
}

sf_count_t memory_read(void* destination, sf_count_t count, void* user) {
  auto* file = static_cast<MemoryFile*>(user);
  const auto size = static_cast<sf_count_t>(file->bytes.size());
  const sf_count_t n = std::clamp<sf_count_t>(size - file->position, 0, count);
  std::copy_n(file->bytes.data() + file->position, n, static_cast<char*>(destination));
  file->position += n;
  return n;
}

sf_count_t memory_write(const void*, sf_count_t, void*) { return 0; }  // read-only

sf_count_t memory_tell(void* user) { return static_cast<MemoryFile*>(user)->position; }

}  // namespace

Result<MonoSignal> read_mono_bytes(std::string_view bytes, std::string_view name, double max_seconds) {
  const std::string label(name);
  if (bytes.empty()) return Error{label + " is empty", "send a WAV, FLAC or Ogg recording"};
  MemoryFile memory{bytes, 0};
  SF_VIRTUAL_IO io{memory_length, memory_seek, memory_read, memory_write, memory_tell};
  SF_INFO info{};
  SNDFILE* file = sf_open_virtual(&io, SFM_READ, &info, &memory);
  if (file == nullptr) {
    return Error{label + " is not an audio file velum can read (" + sf_strerror(nullptr) + ")",
                 "send a WAV, FLAC or Ogg Vorbis recording"};
  }
  struct Closer {
    SNDFILE* file;
    ~Closer() { sf_close(file); }
  } closer{file};
  if (info.channels < 1 || info.channels > kMaxChannels) {
    return Error{label + " has " + std::to_string(info.channels) + " channels", "record in mono or stereo"};
  }
  if (info.samplerate < kMinSampleRateHz || info.samplerate > kMaxSampleRateHz) {
    return Error{label + " has a sample rate of " + std::to_string(info.samplerate) + " Hz",
                 "use a recording at 8000 to 96000 Hz"};
  }
  if (info.frames <= 0) return Error{label + " holds no audio", "record at least a second of voice"};
  const double seconds = static_cast<double>(info.frames) / info.samplerate;
  if (seconds > max_seconds) {
    return Error{label + " lasts " + std::to_string(static_cast<long long>(seconds)) +
                     " s; this analysis reads at most " +
                     std::to_string(static_cast<long long>(max_seconds)) + " s",
                 "send a shorter recording"};
  }
  const auto channels = static_cast<std::size_t>(info.channels);
  std::vector<float> interleaved(static_cast<std::size_t>(info.frames) * channels);
  const sf_count_t got = sf_readf_float(file, interleaved.data(), info.frames);
  if (got <= 0) return Error{label + " holds no readable audio", "record it again"};
  MonoSignal signal;
  signal.sample_rate_hz = info.samplerate;
  signal.samples.resize(static_cast<std::size_t>(got));
  for (std::size_t i = 0; i < signal.samples.size(); ++i) {
    float sum = 0;
    for (std::size_t c = 0; c < channels; ++c) sum += interleaved[i * channels + c];
    const float value = sum / static_cast<float>(channels);
    signal.samples[i] = std::isfinite(value) ? value : 0.0F;  // a damaged float file
  }
  return signal;
}

}  // namespace velum::voice
