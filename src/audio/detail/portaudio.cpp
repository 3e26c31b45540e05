// PortAudio, ALSA and JACK loaded with dlopen on first use, not linked: only
// the live-audio commands need them, and linking them cost every velum command
// ~4 M instructions of dynamic linking. On a machine without sound PortAudio's
// ALSA and JACK backends print ~65 lines of probing errors on stderr; both
// libraries' error handlers are replaced by silent ones before Pa_Initialize.

#include "audio/detail/portaudio.hpp"

#include <fmt/format.h>

#include <mutex>

namespace velum::audio::detail {
namespace {

extern "C" void quiet_alsa_handler(const char* /*file*/, int /*line*/, const char* /*function*/, int /*err*/,
                                   const char* /*fmt*/, ...) {}

extern "C" void quiet_jack_handler(const char* /*message*/) {}

std::optional<Error> load_portaudio(PortAudioApi& api) {
  auto opened = SharedLibrary::open("libportaudio.so.2", "libportaudio2");
  if (!opened) return opened.error();
  api.portaudio = std::move(*opened);
  const auto& pa = *api.portaudio;
  for (auto error :
       {pa.bind("Pa_Initialize", api.initialize), pa.bind("Pa_Terminate", api.terminate),
        pa.bind("Pa_GetErrorText", api.error_text), pa.bind("Pa_GetDeviceCount", api.device_count),
        pa.bind("Pa_GetDefaultOutputDevice", api.default_output_device),
        pa.bind("Pa_GetDefaultInputDevice", api.default_input_device),
        pa.bind("Pa_GetDeviceInfo", api.device_info), pa.bind("Pa_OpenStream", api.open_stream),
        pa.bind("Pa_StartStream", api.start_stream), pa.bind("Pa_StopStream", api.stop_stream),
        pa.bind("Pa_AbortStream", api.abort_stream), pa.bind("Pa_CloseStream", api.close_stream),
        pa.bind("Pa_IsStreamActive", api.is_stream_active), pa.bind("Pa_Sleep", api.sleep)}) {
    if (error) return error;
  }
  // PortAudio itself depends on both, so they are already mapped: opening them
  // by the same soname returns the very copies PortAudio's backends use.
  auto alsa = SharedLibrary::open("libasound.so.2", "libasound2");
  if (!alsa) return alsa.error();
  api.alsa = std::move(*alsa);
  auto jack = SharedLibrary::open("libjack.so.0", "libjack-jackd2-0");
  if (!jack) return jack.error();
  api.jack = std::move(*jack);
  for (auto error : {api.alsa->bind("snd_lib_error_set_handler", api.alsa_set_error_handler),
                     api.jack->bind("jack_set_error_function", api.jack_set_error_function),
                     api.jack->bind("jack_set_info_function", api.jack_set_info_function)}) {
    if (error) return error;
  }
  return std::nullopt;
}

}  // namespace

const PortAudioState& portaudio_state() {
  static PortAudioState state;
  static std::once_flag once;
  std::call_once(once, [] { state.error = load_portaudio(state.api); });
  return state;
}

std::optional<Error> quiet_initialize(const PortAudioApi& api) {
  api.alsa_set_error_handler(quiet_alsa_handler);
  api.jack_set_error_function(quiet_jack_handler);
  api.jack_set_info_function(quiet_jack_handler);
  const PaError init = api.initialize();
  if (init == paNoError) return std::nullopt;
  return Error{fmt::format("the audio system did not start: {}", api.error_text(init)), ""};
}

}  // namespace velum::audio::detail
