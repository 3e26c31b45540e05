#pragma once
// The seam in front of the pacer's clock: whatever plays the session (a sound
// device, the steady clock, a test) tells the scheduler how many samples in it is.

#include <chrono>
#include <cstdint>
#include <functional>
#include <utility>

#include "audio/live.hpp"
#include "practice/timeline.hpp"

namespace velum::cli {

// The position of a running session, in samples at the timeline's rate.
// now() never decreases. Implementations say which threads may call them.
class SampleClock {
 public:
  virtual ~SampleClock() = default;
  virtual practice::SampleIndex now() = 0;
};

// A clock a test moves by hand. Single-threaded.
class SimulatedClock final : public SampleClock {
 public:
  practice::SampleIndex now() override { return position_; }
  void advance(practice::SampleIndex samples) { position_ += samples; }

 private:
  practice::SampleIndex position_ = 0;
};

// Samples elapsed since construction by std::chrono::steady_clock (or an
// injected time source), converted in integer nanoseconds so no rounding
// accumulates: position = elapsed_ns * rate / 1e9, exact to one sample for
// years. Used when no sound device plays the session. Any single thread.
class SteadySampleClock final : public SampleClock {
 public:
  using TimeSource = std::function<std::chrono::nanoseconds()>;

  explicit SteadySampleClock(int sample_rate_hz, TimeSource source = steady_now)
      : sample_rate_hz_(sample_rate_hz), source_(std::move(source)), start_(source_()) {}

  practice::SampleIndex now() override {
    const std::int64_t elapsed_ns = (source_() - start_).count();
    constexpr std::int64_t kNanosPerSecond = 1'000'000'000;
    // Split to keep the product in range: whole seconds, then the remainder.
    return (elapsed_ns / kNanosPerSecond) * sample_rate_hz_ +
           (elapsed_ns % kNanosPerSecond) * sample_rate_hz_ / kNanosPerSecond;
  }

  static std::chrono::nanoseconds steady_now() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
        std::chrono::steady_clock::now().time_since_epoch());
  }

 private:
  std::int64_t sample_rate_hz_;
  TimeSource source_;
  std::chrono::nanoseconds start_;
};

// The sound device's clock: the frames handed to the device so far, which is
// exactly where the audio is in the session. Any thread (an atomic load).
class DeviceSampleClock final : public SampleClock {
 public:
  explicit DeviceSampleClock(const audio::LivePlayer& player) : player_(player) {}
  practice::SampleIndex now() override { return player_.frames_delivered(); }

 private:
  const audio::LivePlayer& player_;
};

// Wraps another clock and stops time while paused: the session resumes at the
// sample where it was paused. A clock that stands still by itself while paused
// (a stopped sound device) is passed through unchanged, so the picture never
// lags the sound. Same threading as the wrapped clock.
class PausableClock final : public SampleClock {
 public:
  enum class Inner { kKeepsRunning, kStopsWhenPaused };
  explicit PausableClock(SampleClock& inner, Inner behaviour = Inner::kKeepsRunning)
      : inner_(inner), passthrough_(behaviour == Inner::kStopsWhenPaused) {}

  practice::SampleIndex now() override {
    if (passthrough_) return inner_.now();
    return paused_ ? paused_at_ : inner_.now() - paused_total_;
  }
  bool paused() const { return paused_; }
  void pause() {
    if (paused_) return;
    paused_at_ = now();
    paused_ = true;
  }
  void resume() {
    if (!paused_) return;
    paused_total_ = inner_.now() - paused_at_;
    paused_ = false;
  }

 private:
  SampleClock& inner_;
  bool passthrough_;
  bool paused_ = false;
  practice::SampleIndex paused_at_ = 0;
  practice::SampleIndex paused_total_ = 0;
};

}  // namespace velum::cli
