#pragma once
// Live playback through PortAudio (loaded and initialized in detail/portaudio,
// shared with capture.hpp). The device's sample clock (frames delivered) is the pacer's clock.

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>

#include "audio/render.hpp"
#include "base/result.hpp"

namespace velum::audio {

inline constexpr unsigned long kDefaultFramesPerBuffer = 256;  // ~5 ms at 48 kHz

struct LiveSettings {
  unsigned long frames_per_buffer = kDefaultFramesPerBuffer;  // in [16, 8192]
};

class LivePlayer {
 public:
  // Loads and initializes PortAudio (with ALSA's probing messages silenced; an
  // error names the library and Debian package if it cannot be loaded) and opens the
  // default output at the renderer's rate and channel count. The renderer must
  // outlive the player. Errors: "no audio output device found", the device
  // refused the format, a buffer size out of range. Main thread only.
  static Result<std::unique_ptr<LivePlayer>> open(SessionRenderer& renderer, const LiveSettings& settings);

  // A player with no device behind it, for tests: deliver() drives it by hand;
  // start() reports that there is no stream. Main thread only.
  static std::unique_ptr<LivePlayer> without_device(SessionRenderer& renderer);

  ~LivePlayer();  // stops the stream and shuts PortAudio down
  LivePlayer(const LivePlayer&) = delete;
  LivePlayer& operator=(const LivePlayer&) = delete;

  // Starts or stops the stream. Main thread only.
  std::optional<Error> start();
  void stop();

  // Frames the callback has handed to the device since start: the session clock
  // in samples. Any thread (an atomic load).
  std::int64_t frames_delivered() const { return frames_delivered_.load(std::memory_order_acquire); }
  // True once the renderer has played the whole session. Any thread.
  bool finished() const { return finished_.load(std::memory_order_acquire); }

  // The body of the PortAudio callback, public so tests can drive it without a
  // device: renders `frames` into `out` and advances the clock. Real-time safe.
  // Returns true while the session continues.
  bool deliver(float* out, unsigned long frames) noexcept;

 private:
  struct Stream;
  explicit LivePlayer(SessionRenderer& renderer);

  SessionRenderer& renderer_;
  std::unique_ptr<Stream> stream_;
  std::atomic<std::int64_t> frames_delivered_{0};
  std::atomic<bool> finished_{false};
};

// Whether an output device exists, without opening it (same quiet
// initialization as open()): nullopt when one does, else the reason — PortAudio
// could not be loaded (naming the library and its Debian package), did not
// start, or found no output device. Main thread only.
std::optional<Error> find_output_device();

// Plays a mono clip once on the default output and returns when it has been
// heard (or at once with the reason there is no output, as find_output_device
// words it). sample_rate_hz in [8000, 96000]. Main thread only; blocks for the
// clip's length.
std::optional<Error> play_clip(std::span<const float> mono, int sample_rate_hz);

}  // namespace velum::audio
