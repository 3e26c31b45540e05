// SelectiveTruePeak: the reasoning is in the header. The running maximum is
// updated before a segment is judged, so the loudest segment is always kept.

#include "audio/detail/true_peak.hpp"

#include <algorithm>
#include <cmath>

namespace velum::audio::detail {
namespace {

// libebur128 oversamples 4x below 96 kHz, 2x below 192 kHz, and not at all
// from there (ebur128.c, ebur128_init_resampler).
constexpr int kFourTimesBelowHz = 96000;
constexpr int kTwiceBelowHz = 192000;
constexpr double kFourTimesGain = 1.865;  // 1.86418... rounded up
constexpr double kTwiceGain = 2.307;      // 2.30683... rounded up

}  // namespace

double true_peak_gain_bound(int sample_rate_hz) {
  if (sample_rate_hz < kFourTimesBelowHz) return kFourTimesGain;
  if (sample_rate_hz < kTwiceBelowHz) return kTwiceGain;
  return 1;
}

std::unique_ptr<SelectiveTruePeak> SelectiveTruePeak::create(int sample_rate_hz) {
  ebur128_state* meter = ebur128_init(1, static_cast<unsigned long>(sample_rate_hz), EBUR128_MODE_TRUE_PEAK);
  if (meter == nullptr) return nullptr;
  return std::unique_ptr<SelectiveTruePeak>(
      new SelectiveTruePeak(meter, true_peak_gain_bound(sample_rate_hz)));
}

SelectiveTruePeak::SelectiveTruePeak(ebur128_state* meter, double gain_bound)
    : meter_(meter), gain_bound_(gain_bound) {}

SelectiveTruePeak::~SelectiveTruePeak() { ebur128_destroy(&meter_); }

void SelectiveTruePeak::add(std::span<const float> samples) {
  const auto total = static_cast<std::int64_t>(samples.size());
  for (std::int64_t start = 0; start < total; start += kSegmentFrames) {
    add_segment(samples.data() + start, std::min(kSegmentFrames, total - start));
  }
}

void SelectiveTruePeak::add_silence(std::int64_t frames) {
  if (frames <= 0) return;
  static constexpr std::array<float, kTruePeakReachFrames> kZeros{};
  // Context still owed after a kept segment is real signal: these zeros.
  const std::int64_t tail = std::min(tail_needed_, frames);
  if (tail > 0 && fed_until_ == position_) {
    feed(kZeros.data(), tail);
    tail_needed_ -= tail;
  }
  position_ += frames;
  history_.fill(0.0F);
}

void SelectiveTruePeak::add_segment(const float* samples, std::int64_t frames) {
  float peak = 0;
  for (std::int64_t i = 0; i < frames; ++i) peak = std::max(peak, std::fabs(samples[i]));
  sample_peak_ = std::max(sample_peak_, static_cast<double>(peak));
  const bool kept = peak > 0 && static_cast<double>(peak) * gain_bound_ >= sample_peak_;
  if (kept) {
    if (fed_until_ != position_) {
      // Lead-in: the real samples before the segment, so its first
      // interpolated values come from a correct window.
      const std::int64_t from = std::max(fed_until_, position_ - kTruePeakReachFrames);
      const std::int64_t count = position_ - from;
      fed_until_ = from;
      if (count > 0) feed(history_.data() + (kTruePeakReachFrames - count), count);
    }
    feed(samples, frames);
    tail_needed_ = kTruePeakReachFrames;
  } else if (tail_needed_ > 0 && fed_until_ == position_) {
    const std::int64_t tail = std::min(tail_needed_, frames);
    feed(samples, tail);
    tail_needed_ -= tail;
  }
  position_ += frames;
  remember(samples, frames);
}

void SelectiveTruePeak::feed(const float* samples, std::int64_t frames) {
  ebur128_add_frames_float(meter_, samples, static_cast<std::size_t>(frames));
  fed_until_ += frames;
  frames_metered_ += frames;
}

void SelectiveTruePeak::remember(const float* samples, std::int64_t frames) {
  if (frames >= kTruePeakReachFrames) {
    std::copy_n(samples + (frames - kTruePeakReachFrames), kTruePeakReachFrames, history_.begin());
    return;
  }
  std::copy(history_.begin() + frames, history_.end(), history_.begin());
  std::copy_n(samples, frames, history_.end() - frames);
}

double SelectiveTruePeak::true_peak() const {
  double peak = 0;
  if (ebur128_true_peak(meter_, 0, &peak) != EBUR128_SUCCESS) peak = 0;
  return std::max(peak, sample_peak_);
}

}  // namespace velum::audio::detail
