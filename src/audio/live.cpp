// PortAudio glue. On a machine without sound PortAudio's ALSA and JACK
// backends print ~65 lines of probing errors on stderr; both libraries' error
// handlers are replaced by silent ones before Pa_Initialize so people see one
// clear line instead.

#include "audio/live.hpp"

#include <alsa/asoundlib.h>
#include <fmt/format.h>
#include <jack/jack.h>
#include <portaudio.h>

#include <span>

namespace velum::audio {
namespace {

constexpr unsigned long kMinFramesPerBuffer = 16;
constexpr unsigned long kMaxFramesPerBuffer = 8192;

extern "C" void quiet_alsa_handler(const char* /*file*/, int /*line*/, const char* /*function*/, int /*err*/,
                                   const char* /*fmt*/, ...) {}

extern "C" void quiet_jack_handler(const char* /*message*/) {}

// Pa_Initialize/Pa_Terminate are reference counted by PortAudio itself.
PaError quiet_initialize() {
  snd_lib_error_set_handler(quiet_alsa_handler);
  jack_set_error_function(quiet_jack_handler);
  jack_set_info_function(quiet_jack_handler);
  return Pa_Initialize();
}

AudioError no_device_error() {
  return {"no audio output device found",
          "connect headphones or speakers, or use 'velum render' to write the session to a file"};
}

}  // namespace

struct LivePlayer::Stream {
  PaStream* stream = nullptr;
  bool initialized = false;
};

namespace {

int pa_callback(const void* /*input*/, void* output, unsigned long frames, const PaStreamCallbackTimeInfo* /*time*/,
                PaStreamCallbackFlags /*flags*/, void* user) {
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

LivePlayer::Result LivePlayer::open(SessionRenderer& renderer, const LiveSettings& settings) {
  if (settings.frames_per_buffer < kMinFramesPerBuffer || settings.frames_per_buffer > kMaxFramesPerBuffer) {
    return {nullptr, AudioError{fmt::format("buffer of {} frames is out of range", settings.frames_per_buffer),
                                fmt::format("use {} to {} frames", kMinFramesPerBuffer, kMaxFramesPerBuffer)}};
  }
  std::unique_ptr<LivePlayer> player(new LivePlayer(renderer));
  player->stream_ = std::make_unique<Stream>();
  const PaError init = quiet_initialize();
  if (init != paNoError) {
    return {nullptr, AudioError{fmt::format("the audio system did not start: {}", Pa_GetErrorText(init)), ""}};
  }
  player->stream_->initialized = true;
  const PaDeviceIndex device = Pa_GetDefaultOutputDevice();
  if (Pa_GetDeviceCount() <= 0 || device == paNoDevice) return {nullptr, no_device_error()};

  PaStreamParameters output{};
  output.device = device;
  output.channelCount = renderer.channels();
  output.sampleFormat = paFloat32;
  output.suggestedLatency = Pa_GetDeviceInfo(device)->defaultLowOutputLatency;
  const PaError opened = Pa_OpenStream(&player->stream_->stream, nullptr, &output, renderer.sample_rate_hz(),
                                       settings.frames_per_buffer, paClipOff, pa_callback, player.get());
  if (opened != paNoError) {
    return {nullptr, AudioError{fmt::format("the audio device refused {} Hz, {} channel(s): {}",
                                            renderer.sample_rate_hz(), renderer.channels(), Pa_GetErrorText(opened)),
                                "try --rate 44100 or 48000"}};
  }
  return {std::move(player), std::nullopt};
}

std::unique_ptr<LivePlayer> LivePlayer::without_device(SessionRenderer& renderer) {
  std::unique_ptr<LivePlayer> player(new LivePlayer(renderer));
  player->stream_ = std::make_unique<Stream>();
  return player;
}

LivePlayer::~LivePlayer() {
  if (!stream_) return;
  if (stream_->stream != nullptr) {
    Pa_StopStream(stream_->stream);
    Pa_CloseStream(stream_->stream);
  }
  if (stream_->initialized) Pa_Terminate();
}

std::optional<AudioError> LivePlayer::start() {
  if (stream_->stream == nullptr) return no_device_error();
  const PaError started = Pa_StartStream(stream_->stream);
  if (started != paNoError) {
    return AudioError{fmt::format("the audio stream did not start: {}", Pa_GetErrorText(started)), ""};
  }
  return std::nullopt;
}

void LivePlayer::stop() {
  if (stream_->stream != nullptr && Pa_IsStreamActive(stream_->stream) == 1) Pa_StopStream(stream_->stream);
}

bool has_output_device() {
  if (quiet_initialize() != paNoError) return false;
  const bool found = Pa_GetDeviceCount() > 0 && Pa_GetDefaultOutputDevice() != paNoDevice;
  Pa_Terminate();
  return found;
}

}  // namespace velum::audio
