#pragma once
// PortAudio, loaded once with dlopen and shared by playback (live.cpp) and
// capture (capture.cpp): the typed entry points and the quiet initialization.

#include <alsa/asoundlib.h>
#include <jack/jack.h>
#include <portaudio.h>

#include <optional>

#include "audio/detail/shared_library.hpp"
#include "base/result.hpp"

namespace velum::audio::detail {

// The PortAudio entry points velum calls, typed from portaudio.h, and the ALSA
// and JACK calls that silence their probing. Loaded once, kept for the process.
struct PortAudioApi {
  std::optional<SharedLibrary> portaudio;
  std::optional<SharedLibrary> alsa;
  std::optional<SharedLibrary> jack;
  decltype(&::Pa_Initialize) initialize = nullptr;
  decltype(&::Pa_Terminate) terminate = nullptr;
  decltype(&::Pa_GetErrorText) error_text = nullptr;
  decltype(&::Pa_GetDeviceCount) device_count = nullptr;
  decltype(&::Pa_GetDefaultOutputDevice) default_output_device = nullptr;
  decltype(&::Pa_GetDefaultInputDevice) default_input_device = nullptr;
  decltype(&::Pa_GetDeviceInfo) device_info = nullptr;
  decltype(&::Pa_OpenStream) open_stream = nullptr;
  decltype(&::Pa_StartStream) start_stream = nullptr;
  decltype(&::Pa_StopStream) stop_stream = nullptr;
  decltype(&::Pa_AbortStream) abort_stream = nullptr;
  decltype(&::Pa_CloseStream) close_stream = nullptr;
  decltype(&::Pa_IsStreamActive) is_stream_active = nullptr;
  decltype(&::Pa_Sleep) sleep = nullptr;
  decltype(&::snd_lib_error_set_handler) alsa_set_error_handler = nullptr;
  decltype(&::jack_set_error_function) jack_set_error_function = nullptr;
  decltype(&::jack_set_info_function) jack_set_info_function = nullptr;
};

struct PortAudioState {
  PortAudioApi api;
  std::optional<Error> error;  // set when the libraries could not be loaded
};

// Loads the libraries on first call; later calls return the same state.
// Main thread only, like every live-audio entry point.
const PortAudioState& portaudio_state();

// Silences ALSA's and JACK's probing messages, then Pa_Initialize. PortAudio
// reference-counts Pa_Initialize/Pa_Terminate itself; the caller terminates
// only after a success. Errors: "the audio system did not start: <reason>".
// Main thread only.
std::optional<Error> quiet_initialize(const PortAudioApi& api);

}  // namespace velum::audio::detail
