// Streaming mono reader over libsndfile.

#include "voice/input.hpp"

#include <sndfile.h>

#include <cmath>
#include <fstream>
#include <string>
#include <system_error>

namespace velum::voice {
namespace {

constexpr std::size_t kBlockFrames = 4096;
constexpr int kMaxChannels = 2;

}  // namespace

struct AudioFileReader::Handle {
  SNDFILE* file = nullptr;
  ~Handle() {
    if (file != nullptr) sf_close(file);
  }
};

AudioFileReader::~AudioFileReader() = default;

Result<std::unique_ptr<AudioFileReader>> AudioFileReader::open(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return Error{"no file at '" + path.string() + "'", "check the path"};
  }
  if (std::filesystem::is_directory(path, ec)) {
    return Error{"'" + path.string() + "' is a directory, not an audio file", "give a WAV, FLAC or Ogg file"};
  }
  SF_INFO info{};
  SNDFILE* file = sf_open(path.c_str(), SFM_READ, &info);
  if (file == nullptr) {
    return Error{"'" + path.string() + "' is not an audio file velum can read (" + sf_strerror(nullptr) + ")",
                 "give a WAV, FLAC or Ogg Vorbis recording"};
  }
  auto reader = std::unique_ptr<AudioFileReader>(new AudioFileReader());
  reader->handle_ = std::make_unique<Handle>();
  reader->handle_->file = file;
  if (info.channels < 1 || info.channels > kMaxChannels) {
    return Error{"'" + path.string() + "' has " + std::to_string(info.channels) + " channels",
                 "record in mono or stereo"};
  }
  if (info.samplerate < kMinSampleRateHz || info.samplerate > kMaxSampleRateHz) {
    return Error{"'" + path.string() + "' has a sample rate of " + std::to_string(info.samplerate) + " Hz",
                 "use a recording at 8000 to 96000 Hz"};
  }
  if (info.frames <= 0) {
    return Error{"'" + path.string() + "' holds no audio", "record at least a second of voice"};
  }
  reader->sample_rate_hz_ = info.samplerate;
  reader->channels_ = info.channels;
  reader->frames_ = info.frames;
  reader->interleaved_.resize(kBlockFrames * static_cast<std::size_t>(info.channels));
  return reader;
}

std::size_t AudioFileReader::read(std::span<float> mono) {
  const auto channels = static_cast<std::size_t>(channels_);
  std::size_t done = 0;
  while (done < mono.size()) {
    const std::size_t want = std::min(kBlockFrames, mono.size() - done);
    const sf_count_t got = sf_readf_float(handle_->file, interleaved_.data(), static_cast<sf_count_t>(want));
    if (got <= 0) break;
    const auto frames = static_cast<std::size_t>(got);
    for (std::size_t i = 0; i < frames; ++i) {
      float sum = 0;
      for (std::size_t c = 0; c < channels; ++c) sum += interleaved_[i * channels + c];
      float value = sum / static_cast<float>(channels);
      if (!std::isfinite(value)) {
        value = 0;
        ++replaced_samples_;
      }
      mono[done + i] = value;
    }
    done += frames;
    if (frames < want) break;
  }
  return done;
}

Result<MonoSignal> read_mono_file(const std::filesystem::path& path, double max_seconds) {
  auto opened = AudioFileReader::open(path);
  if (!opened) return opened.error();
  AudioFileReader& reader = *opened.value();
  const double seconds = static_cast<double>(reader.frames()) / reader.sample_rate_hz();
  if (seconds > max_seconds) {
    return Error{"'" + path.string() + "' lasts " + std::to_string(static_cast<long long>(seconds)) +
                     " s; this analysis reads at most " +
                     std::to_string(static_cast<long long>(max_seconds)) + " s",
                 "cut the recording to the sustained vowel or phrase you want measured"};
  }
  MonoSignal signal;
  signal.sample_rate_hz = reader.sample_rate_hz();
  signal.samples.resize(static_cast<std::size_t>(reader.frames()));
  const std::size_t got = reader.read(signal.samples);
  signal.samples.resize(got);
  if (got == 0) return Error{"'" + path.string() + "' holds no readable audio", "record the file again"};
  return signal;
}

}  // namespace velum::voice
