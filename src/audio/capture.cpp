// PortAudio capture glue: a mono input stream whose callback only copies into
// the take's ring.

#include "audio/capture.hpp"

#include <fmt/format.h>

#include <cmath>

#include "audio/detail/portaudio.hpp"

namespace velum::audio {
namespace {

constexpr int kMinRateHz = 8000;
constexpr int kMaxRateHz = 96000;
constexpr unsigned long kMinFramesPerBuffer = 16;
constexpr unsigned long kMaxFramesPerBuffer = 8192;

Error no_input_error() {
  return {ErrorCode::kNotFound, "no audio input device found",
          "connect a microphone, or record with another program and pass the files instead of --live"};
}

std::optional<Error> check(const CaptureSettings& settings) {
  if (settings.sample_rate_hz < kMinRateHz || settings.sample_rate_hz > kMaxRateHz) {
    return Error{fmt::format("a capture rate of {} Hz is out of range", settings.sample_rate_hz),
                 fmt::format("use {} to {} Hz", kMinRateHz, kMaxRateHz)};
  }
  if (!(settings.max_seconds > 0) || settings.max_seconds > kMaxTakeSeconds) {
    return Error{fmt::format("a take of {} s is out of range", settings.max_seconds),
                 fmt::format("use more than 0 and at most {} s", kMaxTakeSeconds)};
  }
  if (settings.frames_per_buffer < kMinFramesPerBuffer || settings.frames_per_buffer > kMaxFramesPerBuffer) {
    return Error{fmt::format("buffer of {} frames is out of range", settings.frames_per_buffer),
                 fmt::format("use {} to {} frames", kMinFramesPerBuffer, kMaxFramesPerBuffer)};
  }
  return std::nullopt;
}

std::int64_t frames_for(const CaptureSettings& settings) {
  return static_cast<std::int64_t>(std::ceil(settings.max_seconds * settings.sample_rate_hz));
}

int pa_callback(const void* input, void* /*output*/, unsigned long frames,
                const PaStreamCallbackTimeInfo* /*time*/, PaStreamCallbackFlags /*flags*/, void* user) {
  auto* capture = static_cast<LiveCapture*>(user);
  return capture->capture(static_cast<const float*>(input), frames) ? paContinue : paComplete;
}

}  // namespace

struct LiveCapture::Stream {
  const detail::PortAudioApi* api = nullptr;  // set once PortAudio is loaded
  PaStream* stream = nullptr;
  bool initialized = false;
};

LiveCapture::LiveCapture(int sample_rate_hz, std::int64_t max_frames)
    : sample_rate_hz_(sample_rate_hz),
      max_frames_(max_frames),
      ring_(static_cast<std::size_t>(max_frames)),
      stream_(std::make_unique<Stream>()) {}

bool LiveCapture::capture(const float* input, unsigned long frames) noexcept {
  const std::int64_t captured = frames_captured_.load(std::memory_order_relaxed);
  const auto wanted = static_cast<std::size_t>(std::max<std::int64_t>(0, max_frames_ - captured));
  std::size_t written = 0;
  if (input != nullptr)
    written = ring_.write(std::span<const float>(input, std::min<std::size_t>(frames, wanted)));
  frames_lost_.fetch_add(static_cast<std::int64_t>(std::min<std::size_t>(frames, wanted) - written),
                         std::memory_order_release);
  frames_captured_.store(captured + static_cast<std::int64_t>(written), std::memory_order_release);
  return captured + static_cast<std::int64_t>(written) < max_frames_;
}

Result<std::unique_ptr<LiveCapture>> LiveCapture::without_device(const CaptureSettings& settings) {
  if (auto error = check(settings)) return *error;
  return std::unique_ptr<LiveCapture>(new LiveCapture(settings.sample_rate_hz, frames_for(settings)));
}

Result<std::unique_ptr<LiveCapture>> LiveCapture::open(const CaptureSettings& settings) {
  if (auto error = check(settings)) return *error;
  const detail::PortAudioState& state = detail::portaudio_state();
  if (state.error) return *state.error;
  const detail::PortAudioApi& pa = state.api;
  std::unique_ptr<LiveCapture> capture(new LiveCapture(settings.sample_rate_hz, frames_for(settings)));
  capture->stream_->api = &pa;
  if (auto error = detail::quiet_initialize(pa)) return *error;
  capture->stream_->initialized = true;
  const PaDeviceIndex device = pa.default_input_device();
  if (pa.device_count() <= 0 || device == paNoDevice) return no_input_error();

  PaStreamParameters input{};
  input.device = device;
  input.channelCount = 1;
  input.sampleFormat = paFloat32;
  input.suggestedLatency = pa.device_info(device)->defaultLowInputLatency;
  const PaError opened = pa.open_stream(&capture->stream_->stream, &input, nullptr, settings.sample_rate_hz,
                                        settings.frames_per_buffer, paClipOff, pa_callback, capture.get());
  if (opened != paNoError) {
    return Error{
        fmt::format("the audio input refused {} Hz mono: {}", settings.sample_rate_hz, pa.error_text(opened)),
        "check the microphone in the system's sound settings"};
  }
  return capture;
}

LiveCapture::~LiveCapture() {
  if (!stream_ || stream_->api == nullptr) return;
  const detail::PortAudioApi& pa = *stream_->api;
  if (stream_->stream != nullptr) {
    pa.abort_stream(stream_->stream);
    pa.close_stream(stream_->stream);
  }
  if (stream_->initialized) pa.terminate();
}

std::optional<Error> LiveCapture::start() {
  if (stream_->stream == nullptr) return no_input_error();
  const detail::PortAudioApi& pa = *stream_->api;
  const PaError started = pa.start_stream(stream_->stream);
  if (started != paNoError) {
    return Error{fmt::format("the audio input did not start: {}", pa.error_text(started)), ""};
  }
  return std::nullopt;
}

void LiveCapture::stop() {
  if (stream_->stream == nullptr) return;
  const detail::PortAudioApi& pa = *stream_->api;
  // Abort rather than stop: nothing is waiting to be played, and a stop would
  // wait for buffers that only hold audio the take does not want.
  if (pa.is_stream_active(stream_->stream) == 1) pa.abort_stream(stream_->stream);
}

std::optional<Error> find_input_device() {
  const detail::PortAudioState& state = detail::portaudio_state();
  if (state.error) return state.error;
  const detail::PortAudioApi& pa = state.api;
  if (auto error = detail::quiet_initialize(pa)) return error;
  const bool found = pa.device_count() > 0 && pa.default_input_device() != paNoDevice;
  pa.terminate();
  if (!found) return no_input_error();
  return std::nullopt;
}

}  // namespace velum::audio
