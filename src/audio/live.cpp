// PortAudio glue. On a machine without sound PortAudio's ALSA and JACK
// backends print ~65 lines of probing errors on stderr; both libraries' error
// handlers are replaced by silent ones before Pa_Initialize so people see one
// clear line instead. PortAudio, ALSA and JACK are loaded with dlopen on first
// use, not linked: only the live-audio commands need them, and linking them
// cost every velum command ~4 M instructions of dynamic linking.

#include "audio/live.hpp"

#include <alsa/asoundlib.h>
#include <fmt/format.h>
#include <jack/jack.h>
#include <portaudio.h>

#include <mutex>
#include <span>

#include "audio/detail/shared_library.hpp"

namespace velum::audio {
namespace {

constexpr unsigned long kMinFramesPerBuffer = 16;
constexpr unsigned long kMaxFramesPerBuffer = 8192;

extern "C" void quiet_alsa_handler(const char* /*file*/, int /*line*/, const char* /*function*/, int /*err*/,
                                   const char* /*fmt*/, ...) {}

extern "C" void quiet_jack_handler(const char* /*message*/) {}

// The PortAudio entry points velum calls, typed from portaudio.h, and the ALSA
// and JACK calls that silence their probing. Loaded once, kept for the process.
struct PortAudioApi {
  std::optional<detail::SharedLibrary> portaudio;
  std::optional<detail::SharedLibrary> alsa;
  std::optional<detail::SharedLibrary> jack;
  decltype(&::Pa_Initialize) initialize = nullptr;
  decltype(&::Pa_Terminate) terminate = nullptr;
  decltype(&::Pa_GetErrorText) error_text = nullptr;
  decltype(&::Pa_GetDeviceCount) device_count = nullptr;
  decltype(&::Pa_GetDefaultOutputDevice) default_output_device = nullptr;
  decltype(&::Pa_GetDeviceInfo) device_info = nullptr;
  decltype(&::Pa_OpenStream) open_stream = nullptr;
  decltype(&::Pa_StartStream) start_stream = nullptr;
  decltype(&::Pa_StopStream) stop_stream = nullptr;
  decltype(&::Pa_CloseStream) close_stream = nullptr;
  decltype(&::Pa_IsStreamActive) is_stream_active = nullptr;
  decltype(&::snd_lib_error_set_handler) alsa_set_error_handler = nullptr;
  decltype(&::jack_set_error_function) jack_set_error_function = nullptr;
  decltype(&::jack_set_info_function) jack_set_info_function = nullptr;
};

std::optional<AudioError> load_portaudio(PortAudioApi& api) {
  auto opened = detail::SharedLibrary::open("libportaudio.so.2", "libportaudio2");
  if (!opened.library) return opened.error;
  api.portaudio = std::move(opened.library);
  const auto& pa = *api.portaudio;
  for (auto error :
       {pa.bind("Pa_Initialize", api.initialize), pa.bind("Pa_Terminate", api.terminate),
        pa.bind("Pa_GetErrorText", api.error_text), pa.bind("Pa_GetDeviceCount", api.device_count),
        pa.bind("Pa_GetDefaultOutputDevice", api.default_output_device),
        pa.bind("Pa_GetDeviceInfo", api.device_info), pa.bind("Pa_OpenStream", api.open_stream),
        pa.bind("Pa_StartStream", api.start_stream), pa.bind("Pa_StopStream", api.stop_stream),
        pa.bind("Pa_CloseStream", api.close_stream), pa.bind("Pa_IsStreamActive", api.is_stream_active)}) {
    if (error) return error;
  }
  // PortAudio itself depends on both, so they are already mapped: opening them
  // by the same soname returns the very copies PortAudio's backends use.
  auto alsa = detail::SharedLibrary::open("libasound.so.2", "libasound2");
  if (!alsa.library) return alsa.error;
  api.alsa = std::move(alsa.library);
  auto jack = detail::SharedLibrary::open("libjack.so.0", "libjack-jackd2-0");
  if (!jack.library) return jack.error;
  api.jack = std::move(jack.library);
  for (auto error : {api.alsa->bind("snd_lib_error_set_handler", api.alsa_set_error_handler),
                     api.jack->bind("jack_set_error_function", api.jack_set_error_function),
                     api.jack->bind("jack_set_info_function", api.jack_set_info_function)}) {
    if (error) return error;
  }
  return std::nullopt;
}

struct PortAudioState {
  PortAudioApi api;
  std::optional<AudioError> error;  // set when the libraries could not be loaded
};

// Main thread only, like everything that calls it (see live.hpp).
const PortAudioState& portaudio_state() {
  static PortAudioState state;
  static std::once_flag once;
  std::call_once(once, [] { state.error = load_portaudio(state.api); });
  return state;
}

// Pa_Initialize/Pa_Terminate are reference counted by PortAudio itself.
PaError quiet_initialize(const PortAudioApi& api) {
  api.alsa_set_error_handler(quiet_alsa_handler);
  api.jack_set_error_function(quiet_jack_handler);
  api.jack_set_info_function(quiet_jack_handler);
  return api.initialize();
}

AudioError no_device_error() {
  return {"no audio output device found",
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

LivePlayer::Result LivePlayer::open(SessionRenderer& renderer, const LiveSettings& settings) {
  if (settings.frames_per_buffer < kMinFramesPerBuffer || settings.frames_per_buffer > kMaxFramesPerBuffer) {
    return {nullptr,
            AudioError{fmt::format("buffer of {} frames is out of range", settings.frames_per_buffer),
                       fmt::format("use {} to {} frames", kMinFramesPerBuffer, kMaxFramesPerBuffer)}};
  }
  std::unique_ptr<LivePlayer> player(new LivePlayer(renderer));
  player->stream_ = std::make_unique<Stream>();
  const PortAudioState& state = portaudio_state();
  if (state.error) return {nullptr, state.error};
  const PortAudioApi& pa = state.api;
  player->stream_->api = &pa;
  const PaError init = quiet_initialize(pa);
  if (init != paNoError) {
    return {nullptr, AudioError{fmt::format("the audio system did not start: {}", pa.error_text(init)), ""}};
  }
  player->stream_->initialized = true;
  const PaDeviceIndex device = pa.default_output_device();
  if (pa.device_count() <= 0 || device == paNoDevice) return {nullptr, no_device_error()};

  PaStreamParameters output{};
  output.device = device;
  output.channelCount = renderer.channels();
  output.sampleFormat = paFloat32;
  output.suggestedLatency = pa.device_info(device)->defaultLowOutputLatency;
  const PaError opened = pa.open_stream(&player->stream_->stream, nullptr, &output, renderer.sample_rate_hz(),
                                        settings.frames_per_buffer, paClipOff, pa_callback, player.get());
  if (opened != paNoError) {
    return {nullptr,
            AudioError{fmt::format("the audio device refused {} Hz, {} channel(s): {}",
                                   renderer.sample_rate_hz(), renderer.channels(), pa.error_text(opened)),
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
  if (!stream_ || stream_->api == nullptr) return;
  const PortAudioApi& pa = *stream_->api;
  if (stream_->stream != nullptr) {
    pa.stop_stream(stream_->stream);
    pa.close_stream(stream_->stream);
  }
  if (stream_->initialized) pa.terminate();
}

std::optional<AudioError> LivePlayer::start() {
  if (stream_->stream == nullptr) return no_device_error();
  const PortAudioApi& pa = *stream_->api;
  const PaError started = pa.start_stream(stream_->stream);
  if (started != paNoError) {
    return AudioError{fmt::format("the audio stream did not start: {}", pa.error_text(started)), ""};
  }
  return std::nullopt;
}

void LivePlayer::stop() {
  if (stream_->stream == nullptr) return;
  const PortAudioApi& pa = *stream_->api;
  if (pa.is_stream_active(stream_->stream) == 1) pa.stop_stream(stream_->stream);
}

std::optional<AudioError> find_output_device() {
  const PortAudioState& state = portaudio_state();
  if (state.error) return state.error;
  const PortAudioApi& pa = state.api;
  const PaError init = quiet_initialize(pa);
  if (init != paNoError) {
    return AudioError{fmt::format("the audio system did not start: {}", pa.error_text(init)), ""};
  }
  const bool found = pa.device_count() > 0 && pa.default_output_device() != paNoDevice;
  pa.terminate();
  if (!found) return no_device_error();
  return std::nullopt;
}

}  // namespace velum::audio
