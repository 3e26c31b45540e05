#pragma once
// Keeping a live take: a mono recording written as a WAV file (24-bit PCM,
// ample for a voice and for analysing it again later).

#include <filesystem>
#include <optional>
#include <span>

#include "base/result.hpp"

namespace velum::audio {

// Writes `mono` (full scale = 1.0; values beyond it are clipped by the
// format) at sample_rate_hz to `path`, replacing a file already there. Errors
// name the path and libsndfile's reason. Any thread; blocking I/O.
std::optional<Error> write_mono_wav(const std::filesystem::path& path, std::span<const float> mono,
                                    int sample_rate_hz);

}  // namespace velum::audio
