#pragma once
// Band-limited sample-rate conversion for speech phrases (flite speaks at
// 16 kHz, espeak-ng at 22.05 kHz; sessions run at 44.1 or 48 kHz).

#include <span>
#include <vector>

namespace velum::audio::detail {

// Kaiser-windowed sinc with kResampleHalfTaps zero crossings each side, cut off
// just below the lower of the two Nyquist frequencies. Passband (up to 0.42 x
// the lower rate) error below -60 dB; stopband attenuation about 80 dB.
inline constexpr int kResampleHalfTaps = 32;

// Converts `input` sampled at from_hz to to_hz (both in [8000, 192000]). The
// output has round(size * to_hz / from_hz) samples; samples outside the input
// are taken as zero. Deterministic; thread-safe; allocates.
std::vector<float> resample(std::span<const float> input, int from_hz, int to_hz);

}  // namespace velum::audio::detail
