#include "audio/recording.hpp"

#include <fmt/format.h>
#include <sndfile.h>

namespace velum::audio {

std::optional<Error> write_mono_wav(const std::filesystem::path& path, std::span<const float> mono,
                                    int sample_rate_hz) {
  SF_INFO info{};
  info.samplerate = sample_rate_hz;
  info.channels = 1;
  info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_24;
  SNDFILE* file = sf_open(path.c_str(), SFM_WRITE, &info);
  if (file == nullptr) {
    return Error{fmt::format("cannot write '{}': {}", path.string(), sf_strerror(nullptr)),
                 "check that the folder exists and is writable"};
  }
  const auto frames = static_cast<sf_count_t>(mono.size());
  const sf_count_t written = sf_writef_float(file, mono.data(), frames);
  std::optional<Error> error;
  if (written != frames) {
    error = Error{fmt::format("cannot write '{}': {}", path.string(), sf_strerror(file)),
                  "check the free space on that disk"};
  }
  if (sf_close(file) != 0 && !error) {
    error = Error{fmt::format("cannot finish '{}'", path.string()), "check the free space on that disk"};
  }
  return error;
}

}  // namespace velum::audio
