#pragma once
// Live recording through PortAudio: one take from the default input device,
// mono float samples at a chosen rate, handed from the audio callback to the
// main thread through a lock-free ring.

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>

#include "audio/detail/sample_ring.hpp"
#include "base/result.hpp"

namespace velum::audio {

inline constexpr int kCaptureSampleRateHz = 48000;
inline constexpr double kMaxTakeSeconds = 600.0;

struct CaptureSettings {
  int sample_rate_hz = kCaptureSampleRateHz;  // in [8000, 96000]
  double max_seconds = 10.0;                  // longest take, in (0, kMaxTakeSeconds]
  unsigned long frames_per_buffer = 256;      // in [16, 8192]
};

// One take: the ring is sized for the whole take (max_seconds; 60 s at 48 kHz
// is 11 MB), allocated before the stream starts, so a main thread that stalls
// (a slow terminal, a swapped-out page) never loses audio, and a device that
// delivers faster than real time (a file-backed test device) loses none either.
// The callback stops the stream once max_seconds have been captured.
class LiveCapture {
 public:
  // Loads and initializes PortAudio quietly (see live.hpp) and opens the
  // default input, mono, at settings.sample_rate_hz. Does not start. Errors:
  // "no audio input device found", PortAudio missing, bad settings. Main thread only.
  static Result<std::unique_ptr<LiveCapture>> open(const CaptureSettings& settings);

  // A capture with no device behind it, for tests: capture() drives it by
  // hand; start() reports that there is no input device. Main thread only.
  static Result<std::unique_ptr<LiveCapture>> without_device(const CaptureSettings& settings);

  ~LiveCapture();  // stops and closes the stream, shuts PortAudio down
  LiveCapture(const LiveCapture&) = delete;
  LiveCapture& operator=(const LiveCapture&) = delete;

  // Starts or stops the stream. Main thread only.
  std::optional<Error> start();
  void stop();

  int sample_rate_hz() const { return sample_rate_hz_; }
  std::int64_t max_frames() const { return max_frames_; }

  // The body of the PortAudio callback, public so tests can drive it without
  // a device: copies `frames` mono samples (null `input`, PortAudio's way of
  // saying the input underflowed, counts as lost) into the ring. Returns
  // false once the take is full. Real-time safe: only atomics and a copy.
  bool capture(const float* input, unsigned long frames) noexcept;

  // Moves captured samples into `out`, oldest first; returns how many.
  // Main thread (the single consumer).
  std::size_t read(std::span<float> out) noexcept { return ring_.read(out); }

  // Frames accepted into the take since start: the take's clock, in samples
  // at sample_rate_hz(). Any thread (an atomic load).
  std::int64_t frames_captured() const { return frames_captured_.load(std::memory_order_acquire); }
  // Frames the device delivered that did not fit or came as an underflow. Any thread.
  std::int64_t frames_lost() const { return frames_lost_.load(std::memory_order_acquire); }
  // True once max_seconds have been captured. Any thread.
  bool full() const { return frames_captured() >= max_frames_; }

 private:
  struct Stream;
  LiveCapture(int sample_rate_hz, std::int64_t max_frames);

  int sample_rate_hz_;
  std::int64_t max_frames_;
  detail::SampleRing ring_;
  std::unique_ptr<Stream> stream_;
  std::atomic<std::int64_t> frames_captured_{0};
  std::atomic<std::int64_t> frames_lost_{0};
};

// Whether an input device exists, without opening it: nullopt when one does,
// else the reason (PortAudio missing, naming its Debian package; no input
// device). Main thread only.
std::optional<Error> find_input_device();

}  // namespace velum::audio
