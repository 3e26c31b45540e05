// PortAudio playback glue; loading and quiet initialization live in
// detail/portaudio.cpp, shared with capture.

#include "audio/live.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <span>

#include "audio/detail/portaudio.hpp"

namespace velum::audio {
namespace {

constexpr unsigned long kMinFramesPerBuffer = 16;
constexpr unsigned long kMaxFramesPerBuffer = 8192;

using detail::portaudio_state;
using detail::PortAudioApi;
using detail::PortAudioState;
using detail::quiet_initialize;

Error no_device_error() {
  return {ErrorCode::kNotFound, "no audio output device found",
          "connect headphones or speakers, or use 'velum render' to write the session to a file"};
}

}  // namespace

struct LivePlayer::Stream {
  const PortAudioApi* api = nullptr;  // set once PortAudio is loaded
  PaStream* stream = nullptr;
  bool initialized = false;
};

namespace {

int pa_callback(const void* /*input*/, void* output, unsigned long frames,
                const PaStreamCallbackTimeInfo* /*time*/, PaStreamCallbackFlags /*flags*/, void* user) {
  auto* player = static_cast<LivePlayer*>(user);
  return player->deliver(static_cast<float*>(output), frames) ? paContinue : paComplete;
}

}  // namespace

LivePlayer::LivePlayer(SessionRenderer& renderer) : renderer_(renderer) {}

bool LivePlayer::deliver(float* out, unsigned long frames) noexcept {
  const auto channels = static_cast<std::size_t>(renderer_.channels());
  renderer_.render(std::span<float>(out, frames * channels));
  frames_delivered_.fetch_add(static_cast<std::int64_t>(frames), std::memory_order_release);
  const bool done = renderer_.finished();
  if (done) finished_.store(true, std::memory_order_release);
  return !done;
}

Result<std::unique_ptr<LivePlayer>> LivePlayer::open(SessionRenderer& renderer,
                                                     const LiveSettings& settings) {
  if (settings.frames_per_buffer < kMinFramesPerBuffer || settings.frames_per_buffer > kMaxFramesPerBuffer) {
    return Error{fmt::format("buffer of {} frames is out of range", settings.frames_per_buffer),
                 fmt::format("use {} to {} frames", kMinFramesPerBuffer, kMaxFramesPerBuffer)};
  }
  std::unique_ptr<LivePlayer> player(new LivePlayer(renderer));
  player->stream_ = std::make_unique<Stream>();
  const PortAudioState& state = portaudio_state();
  if (state.error) return *state.error;
  const PortAudioApi& pa = state.api;
  player->stream_->api = &pa;
  if (auto error = quiet_initialize(pa)) return *error;
  player->stream_->initialized = true;
  const PaDeviceIndex device = pa.default_output_device();
  if (pa.device_count() <= 0 || device == paNoDevice) return no_device_error();

  PaStreamParameters output{};
  output.device = device;
  output.channelCount = renderer.channels();
  output.sampleFormat = paFloat32;
  output.suggestedLatency = pa.device_info(device)->defaultLowOutputLatency;
  const PaError opened = pa.open_stream(&player->stream_->stream, nullptr, &output, renderer.sample_rate_hz(),
                                        settings.frames_per_buffer, paClipOff, pa_callback, player.get());
  if (opened != paNoError) {
    return Error{fmt::format("the audio device refused {} Hz, {} channel(s): {}", renderer.sample_rate_hz(),
                             renderer.channels(), pa.error_text(opened)),
                 "try --rate 44100 or 48000"};
  }
  return player;
}

std::unique_ptr<LivePlayer> LivePlayer::without_device(SessionRenderer& renderer) {
  std::unique_ptr<LivePlayer> player(new LivePlayer(renderer));
  player->stream_ = std::make_unique<Stream>();
  return player;
}

LivePlayer::~LivePlayer() {
  if (!stream_ || stream_->api == nullptr) return;
  const PortAudioApi& pa = *stream_->api;
  if (stream_->stream != nullptr) {
    pa.stop_stream(stream_->stream);
    pa.close_stream(stream_->stream);
  }
  if (stream_->initialized) pa.terminate();
}

std::optional<Error> LivePlayer::start() {
  if (stream_->stream == nullptr) return no_device_error();
  const PortAudioApi& pa = *stream_->api;
  const PaError started = pa.start_stream(stream_->stream);
  if (started != paNoError) {
    return Error{fmt::format("the audio stream did not start: {}", pa.error_text(started)), ""};
  }
  return std::nullopt;
}

void LivePlayer::stop() {
  if (stream_->stream == nullptr) return;
  const PortAudioApi& pa = *stream_->api;
  if (pa.is_stream_active(stream_->stream) == 1) pa.stop_stream(stream_->stream);
}

namespace {

// The clip and how far the callback has played it; the callback is the only writer.
struct ClipPlayback {
  std::span<const float> clip;
  std::atomic<std::size_t> position{0};
};

int clip_callback(const void* /*input*/, void* output, unsigned long frames,
                  const PaStreamCallbackTimeInfo* /*time*/, PaStreamCallbackFlags /*flags*/, void* user) {
  auto* playback = static_cast<ClipPlayback*>(user);
  auto* out = static_cast<float*>(output);
  const std::size_t position = playback->position.load(std::memory_order_relaxed);
  const std::size_t count = std::min<std::size_t>(frames, playback->clip.size() - position);
  std::copy_n(playback->clip.begin() + static_cast<std::ptrdiff_t>(position), count, out);
  std::fill(out + count, out + frames, 0.0F);
  playback->position.store(position + count, std::memory_order_release);
  return position + count < playback->clip.size() ? paContinue : paComplete;
}

constexpr int kClipPollMilliseconds = 10;
constexpr double kClipDrainSeconds = 1.0;  // device latency after the last sample, generously

}  // namespace

std::optional<Error> play_clip(std::span<const float> mono, int sample_rate_hz) {
  const PortAudioState& state = portaudio_state();
  if (state.error) return state.error;
  const PortAudioApi& pa = state.api;
  if (auto error = quiet_initialize(pa)) return error;
  // Terminates PortAudio on every path out, after the stream is closed.
  struct Session {
    const PortAudioApi& pa;
    PaStream* stream = nullptr;
    ~Session() {
      if (stream != nullptr) {
        pa.stop_stream(stream);
        pa.close_stream(stream);
      }
      pa.terminate();
    }
  } session{pa};
  const PaDeviceIndex device = pa.default_output_device();
  if (pa.device_count() <= 0 || device == paNoDevice) return no_device_error();
  ClipPlayback playback{mono};
  PaStreamParameters output{};
  output.device = device;
  output.channelCount = 1;
  output.sampleFormat = paFloat32;
  output.suggestedLatency = pa.device_info(device)->defaultLowOutputLatency;
  const PaError opened = pa.open_stream(&session.stream, nullptr, &output, sample_rate_hz,
                                        kDefaultFramesPerBuffer, paClipOff, clip_callback, &playback);
  if (opened != paNoError) {
    session.stream = nullptr;
    return Error{
        fmt::format("the audio device refused {} Hz mono: {}", sample_rate_hz, pa.error_text(opened)), ""};
  }
  if (const PaError started = pa.start_stream(session.stream); started != paNoError) {
    return Error{fmt::format("the audio stream did not start: {}", pa.error_text(started)), ""};
  }
  // Polls rather than waits on a condition: the callback must not signal (a
  // lock), and 10 ms is far below what a listener notices.
  const double limit_ms = (static_cast<double>(mono.size()) / sample_rate_hz + kClipDrainSeconds) * 1000;
  for (double waited_ms = 0; pa.is_stream_active(session.stream) == 1 && waited_ms < limit_ms;
       waited_ms += kClipPollMilliseconds) {
    pa.sleep(kClipPollMilliseconds);
  }
  return std::nullopt;
}

std::optional<Error> find_output_device() {
  const PortAudioState& state = portaudio_state();
  if (state.error) return state.error;
  const PortAudioApi& pa = state.api;
  if (auto error = quiet_initialize(pa)) return error;
  const bool found = pa.device_count() > 0 && pa.default_output_device() != paNoDevice;
  pa.terminate();
  if (!found) return no_device_error();
  return std::nullopt;
}

}  // namespace velum::audio
