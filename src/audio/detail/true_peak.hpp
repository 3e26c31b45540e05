#pragma once
// True peak (libebur128's oversampled peak) measured only on the stretches of a
// signal that can hold it: the same value as metering every sample, for less work.

#include <ebur128.h>

#include <array>
#include <cstdint>
#include <memory>
#include <span>

namespace velum::audio::detail {

// An upper bound on |libebur128's interpolated value| / |largest input sample
// in its filter window|: the largest L1 norm of one polyphase branch of its
// 49-tap Hann-windowed sinc. 4x oversampling below 96 kHz: 1.8642 (the
// half-sample branch); 2x up to 192 kHz: 2.3068; none above: 1. Rounded up so
// float rounding inside the filter cannot exceed it. tests/audio/true_peak_test
// checks it against libebur128 itself with worst-case input.
double true_peak_gain_bound(int sample_rate_hz);

// Input samples an interpolated value depends on (libebur128's delay line:
// (49 + factor - 1) / factor, at most 25), rounded up.
inline constexpr std::int64_t kTruePeakReachFrames = 32;

// Feeds libebur128's true-peak meter only the segments whose sample peak p
// satisfies p * bound >= the running maximum sample peak M, each with
// kTruePeakReachFrames of real signal on both sides. Why the result equals
// metering every sample: an interpolated value whose window lies wholly in
// skipped segments is below bound * (M / bound) <= final M <= true peak, so it
// cannot be the maximum (M only grows, so a segment skipped early stays
// skippable); every value whose window touches a kept segment is computed from
// a contiguous, correct window; and the values computed across a gap mix only
// skipped samples, so they stay below M too. One channel; not thread-safe.
class SelectiveTruePeak {
 public:
  // Null if libebur128 cannot start. sample_rate_hz in [8000, 192000].
  static std::unique_ptr<SelectiveTruePeak> create(int sample_rate_hz);
  ~SelectiveTruePeak();
  SelectiveTruePeak(const SelectiveTruePeak&) = delete;
  SelectiveTruePeak& operator=(const SelectiveTruePeak&) = delete;

  // The next samples of the signal, in order. Allocates nothing.
  void add(std::span<const float> samples);
  // The next `frames` samples are digital silence (not passed in).
  void add_silence(std::int64_t frames);

  // Largest |sample| and the true peak of everything added so far (linear;
  // the true peak is never below the sample peak, as in libebur128).
  double sample_peak() const { return sample_peak_; }
  double true_peak() const;
  // Samples the meter was actually fed (kept segments and their context).
  std::int64_t frames_metered() const { return frames_metered_; }

 private:
  SelectiveTruePeak(ebur128_state* meter, double gain_bound);
  void add_segment(const float* samples, std::int64_t frames);
  void feed(const float* samples, std::int64_t frames);
  void remember(const float* samples, std::int64_t frames);

  static constexpr std::int64_t kSegmentFrames = 256;

  ebur128_state* meter_;
  double gain_bound_;
  double sample_peak_ = 0;
  std::int64_t position_ = 0;     // samples added so far
  std::int64_t fed_until_ = 0;    // the meter has seen samples up to here, contiguously
  std::int64_t tail_needed_ = 0;  // context still owed after the last kept segment
  std::int64_t frames_metered_ = 0;
  std::array<float, kTruePeakReachFrames> history_{};  // the samples just before position_, oldest first
};

}  // namespace velum::audio::detail
