// flite and espeak-ng behind SpeechEngine. Both libraries keep global state, so
// each is initialized once (std::call_once) and synthesis is serialized. They
// are loaded with dlopen on first use, not linked: their dependencies (pulse,
// X11, dbus, ALSA...) cost every velum command ~9 M instructions of dynamic
// linking otherwise, and most commands never speak.

#include "audio/speech.hpp"

#include <espeak-ng/espeak_ng.h>
#include <espeak-ng/speak_lib.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "audio/detail/resample.hpp"
#include "audio/detail/shared_library.hpp"

extern "C" {
#include <flite/flite.h>
cst_voice* register_cmu_us_slt(const char* voxdir);
cst_voice* register_cmu_us_rms(const char* voxdir);
}

namespace velum::audio {
namespace {

constexpr float kPcm16Scale = 1.0F / 32768.0F;

// Default voice: rms. Measured with the flite CLI on the same two sentences
// ("Breathe in slowly. Now let the breath go, and rest the thumb where it is."):
// rms took 5.07 s with peaks at -5.7 dBFS; slt 4.30 s (18% faster) with peaks
// at -1.75 dBFS, close to clipping. The slower, quieter-peaked voice is calmer.
constexpr std::array<std::string_view, 2> kFliteVoices = {"rms", "slt"};

// The flite entry points velum calls, typed from flite's own headers. The
// libraries stay open for the process: registered voices live inside them.
struct FliteApi {
  std::vector<detail::SharedLibrary> libraries;
  decltype(&::flite_init) init = nullptr;
  decltype(&::feat_set_float) feat_set_float = nullptr;
  decltype(&::flite_text_to_wave) text_to_wave = nullptr;
  decltype(&::delete_wave) delete_wave = nullptr;
  decltype(&::register_cmu_us_slt) register_slt = nullptr;
  decltype(&::register_cmu_us_rms) register_rms = nullptr;
};

constexpr std::string_view kFlitePackage = "libflite1";

std::optional<Error> load_flite(FliteApi& api) {
  // Dependency order, so a missing file is named rather than reported as a
  // dependency of the voice that needs it.
  constexpr std::array<std::string_view, 5> kLibraries = {"libflite.so.1", "libflite_usenglish.so.1",
                                                          "libflite_cmulex.so.1", "libflite_cmu_us_slt.so.1",
                                                          "libflite_cmu_us_rms.so.1"};
  constexpr std::size_t kSltLibrary = 3;
  constexpr std::size_t kRmsLibrary = 4;
  for (const auto soname : kLibraries) {
    auto opened = detail::SharedLibrary::open(soname, kFlitePackage);
    if (!opened) return opened.error();
    api.libraries.push_back(std::move(*opened));
  }
  const auto& flite = api.libraries.front();
  for (auto error :
       {flite.bind("flite_init", api.init), flite.bind("feat_set_float", api.feat_set_float),
        flite.bind("flite_text_to_wave", api.text_to_wave), flite.bind("delete_wave", api.delete_wave),
        api.libraries[kSltLibrary].bind("register_cmu_us_slt", api.register_slt),
        api.libraries[kRmsLibrary].bind("register_cmu_us_rms", api.register_rms)}) {
    if (error) return error;
  }
  return std::nullopt;
}

std::mutex& flite_mutex() {
  static std::mutex mutex;
  return mutex;
}

class FliteEngine final : public SpeechEngine {
 public:
  FliteEngine(const FliteApi& api, cst_voice* voice, std::string voice_name, double rate)
      : api_(api), voice_(voice), voice_name_(std::move(voice_name)), rate_(rate) {}

  Result<SpeechAudio> synthesize(std::string_view text) override {
    if (text.empty()) return Error{"nothing to say: the phrase is empty"};
    const std::string owned(text);
    std::lock_guard lock(flite_mutex());
    // duration_stretch > 1 slows speech; the rate is its inverse.
    api_.feat_set_float(voice_->features, "duration_stretch", static_cast<float>(1.0 / rate_));
    cst_wave* wave = api_.text_to_wave(owned.c_str(), voice_);
    if (wave == nullptr) {
      return Error{ErrorCode::kInternal, fmt::format("flite could not speak \"{}\"", owned)};
    }
    SpeechAudio audio;
    audio.sample_rate_hz = wave->sample_rate;
    audio.samples.resize(static_cast<std::size_t>(std::max(0, wave->num_samples)));
    for (std::size_t i = 0; i < audio.samples.size(); ++i) {
      audio.samples[i] = static_cast<float>(wave->samples[i]) * kPcm16Scale;
    }
    api_.delete_wave(wave);
    return audio;
  }

  std::string name() const override { return "flite:" + voice_name_; }

 private:
  const FliteApi& api_;  // process-wide, never unloaded
  cst_voice* voice_;     // owned by flite for the life of the process
  std::string voice_name_;
  double rate_;
};

// flite, loaded and its voices registered once per process and shared: flite
// never frees them cheaply.
struct FliteState {
  FliteApi api;
  std::optional<Error> error;  // set when the libraries could not be loaded
  cst_voice* slt = nullptr;
  cst_voice* rms = nullptr;
};

const FliteState& flite_state() {
  static FliteState state;
  static std::once_flag once;
  std::call_once(once, [] {
    state.error = load_flite(state.api);
    if (state.error) return;
    std::lock_guard lock(flite_mutex());
    state.api.init();
    state.slt = state.api.register_slt(nullptr);
    state.rms = state.api.register_rms(nullptr);
  });
  return state;
}

cst_voice* flite_voice(const FliteState& state, std::string_view name) {
  if (name == "slt") return state.slt;
  if (name == "rms") return state.rms;
  return nullptr;
}

// The espeak-ng entry points velum calls, typed from espeak-ng's own headers.
struct EspeakApi {
  std::optional<detail::SharedLibrary> library;
  decltype(&::espeak_ng_InitializePath) initialize_path = nullptr;
  decltype(&::espeak_ng_Initialize) initialize = nullptr;
  decltype(&::espeak_ng_InitializeOutput) initialize_output = nullptr;
  decltype(&::espeak_SetSynthCallback) set_synth_callback = nullptr;
  decltype(&::espeak_ng_GetStatusCodeMessage) status_code_message = nullptr;
  decltype(&::espeak_ng_SetVoiceByName) set_voice_by_name = nullptr;
  decltype(&::espeak_ng_SetParameter) set_parameter = nullptr;
  decltype(&::espeak_ng_Synthesize) synthesize = nullptr;
  decltype(&::espeak_ng_Synchronize) synchronize = nullptr;
  decltype(&::espeak_ng_GetSampleRate) sample_rate = nullptr;
};

std::optional<Error> load_espeak(EspeakApi& api) {
  auto opened = detail::SharedLibrary::open("libespeak-ng.so.1", "libespeak-ng1");
  if (!opened) return opened.error();
  api.library = std::move(*opened);
  const auto& lib = *api.library;
  for (auto error :
       {lib.bind("espeak_ng_InitializePath", api.initialize_path),
        lib.bind("espeak_ng_Initialize", api.initialize),
        lib.bind("espeak_ng_InitializeOutput", api.initialize_output),
        lib.bind("espeak_SetSynthCallback", api.set_synth_callback),
        lib.bind("espeak_ng_GetStatusCodeMessage", api.status_code_message),
        lib.bind("espeak_ng_SetVoiceByName", api.set_voice_by_name),
        lib.bind("espeak_ng_SetParameter", api.set_parameter),
        lib.bind("espeak_ng_Synthesize", api.synthesize), lib.bind("espeak_ng_Synchronize", api.synchronize),
        lib.bind("espeak_ng_GetSampleRate", api.sample_rate)}) {
    if (error) return error;
  }
  return std::nullopt;
}

std::mutex& espeak_mutex() {
  static std::mutex mutex;
  return mutex;
}

struct EspeakCollector {
  std::vector<short> samples;
};

int espeak_callback(short* samples, int count, espeak_EVENT* events) {
  if (samples != nullptr && count > 0 && events != nullptr && events->user_data != nullptr) {
    auto* collector = static_cast<EspeakCollector*>(events->user_data);
    collector->samples.insert(collector->samples.end(), samples, samples + count);
  }
  return 0;  // continue
}

std::string espeak_message(const EspeakApi& api, espeak_ng_STATUS status) {
  std::array<char, 512> buffer{};
  api.status_code_message(status, buffer.data(), buffer.size());
  return buffer.data();
}

// espeak-ng, loaded and initialized once per process.
struct EspeakState {
  EspeakApi api;
  std::optional<Error> error;  // could not be loaded or could not start
};

const EspeakState& espeak_state() {
  static EspeakState state;
  static std::once_flag once;
  std::call_once(once, [] {
    state.error = load_espeak(state.api);
    if (state.error) return;
    std::lock_guard lock(espeak_mutex());
    state.api.initialize_path(nullptr);
    espeak_ng_STATUS status = state.api.initialize(nullptr);
    if (status == ENS_OK) status = state.api.initialize_output(ENOUTPUT_MODE_SYNCHRONOUS, 0, nullptr);
    if (status == ENS_OK) state.api.set_synth_callback(espeak_callback);
    if (status != ENS_OK) {
      state.error = Error{ErrorCode::kUnavailable,
                          fmt::format("espeak-ng could not start: {}", espeak_message(state.api, status)),
                          "install the espeak-ng-data package (scripts/install-deps)"};
    }
  });
  return state;
}

constexpr double kEspeakNormalWordsPerMinute = espeakRATE_NORMAL;

class EspeakEngine final : public SpeechEngine {
 public:
  EspeakEngine(const EspeakApi& api, std::string language, double rate)
      : api_(api), language_(std::move(language)), rate_(rate) {}

  Result<SpeechAudio> synthesize(std::string_view text) override {
    if (text.empty()) return Error{"nothing to say: the phrase is empty"};
    const std::string owned(text);
    EspeakCollector collector;
    std::lock_guard lock(espeak_mutex());
    // espeak-ng keeps one current voice for the process: set it every time.
    espeak_ng_STATUS status = api_.set_voice_by_name(language_.c_str());
    if (status == ENS_OK) {
      status = api_.set_parameter(espeakRATE,
                                  static_cast<int>(std::lround(kEspeakNormalWordsPerMinute * rate_)), 0);
    }
    if (status == ENS_OK) {
      status = api_.synthesize(owned.c_str(), owned.size() + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8,
                               nullptr, &collector);
    }
    if (status == ENS_OK) status = api_.synchronize();
    if (status != ENS_OK) {
      return Error{ErrorCode::kInternal,
                   fmt::format("espeak-ng could not speak \"{}\": {}", owned, espeak_message(api_, status))};
    }
    SpeechAudio audio;
    audio.sample_rate_hz = api_.sample_rate();
    audio.samples.resize(collector.samples.size());
    for (std::size_t i = 0; i < audio.samples.size(); ++i) {
      audio.samples[i] = static_cast<float>(collector.samples[i]) * kPcm16Scale;
    }
    return audio;
  }

  std::string name() const override { return "espeak-ng:" + language_; }

 private:
  const EspeakApi& api_;  // process-wide, never unloaded
  std::string language_;
  double rate_;
};

bool espeak_has_voice(const EspeakApi& api, const std::string& language) {
  std::lock_guard lock(espeak_mutex());
  return api.set_voice_by_name(language.c_str()) == ENS_OK;
}

}  // namespace

std::vector<std::string> flite_voice_names() { return {kFliteVoices.begin(), kFliteVoices.end()}; }

Result<std::unique_ptr<SpeechEngine>> make_speech_engine(const SpeechSettings& settings) {
  if (!(settings.rate >= kMinSpeechRate && settings.rate <= kMaxSpeechRate)) {
    return Error{fmt::format("speech rate {} is out of range", settings.rate),
                 fmt::format("use a rate between {} and {} (1 = the voice's natural pace)", kMinSpeechRate,
                             kMaxSpeechRate)};
  }
  const bool english = settings.language == "en" || settings.language.starts_with("en-") ||
                       settings.language.starts_with("en_");
  SpeechBackend backend = settings.backend;
  if (backend == SpeechBackend::kAuto) backend = english ? SpeechBackend::kFlite : SpeechBackend::kEspeak;

  if (backend == SpeechBackend::kFlite) {
    if (!english) {
      return Error{fmt::format("flite speaks English only, not '{}'", settings.language),
                   "leave the engine on auto to use espeak-ng for other languages"};
    }
    const std::string voice = settings.voice.empty() ? std::string(kFliteVoices.front()) : settings.voice;
    if (std::find(kFliteVoices.begin(), kFliteVoices.end(), voice) == kFliteVoices.end()) {
      return Error{ErrorCode::kNotFound, fmt::format("no flite voice named '{}'", voice),
                   fmt::format("choose one of: {}", fmt::join(kFliteVoices, ", "))};
    }
    const FliteState& flite = flite_state();
    if (flite.error) return *flite.error;
    cst_voice* handle = flite_voice(flite, voice);
    if (handle == nullptr) {
      return Error{ErrorCode::kUnavailable, fmt::format("flite could not register its '{}' voice", voice),
                   "reinstall the libflite1 package (scripts/install-deps)"};
    }
    return std::unique_ptr<SpeechEngine>(
        std::make_unique<FliteEngine>(flite.api, handle, voice, settings.rate));
  }

  const EspeakState& espeak = espeak_state();
  if (espeak.error) return *espeak.error;
  const std::string language = settings.voice.empty() ? settings.language : settings.voice;
  if (!espeak_has_voice(espeak.api, language)) {
    return Error{ErrorCode::kNotFound, fmt::format("espeak-ng has no voice for '{}'", language),
                 "run 'espeak-ng --voices' to see the languages it knows"};
  }
  return std::unique_ptr<SpeechEngine>(std::make_unique<EspeakEngine>(espeak.api, language, settings.rate));
}

PhraseCache::PhraseCache(SpeechEngine& engine, int sample_rate_hz)
    : engine_(engine), sample_rate_hz_(sample_rate_hz) {}

Result<PhraseCache::Samples> PhraseCache::get(std::string_view text) {
  const std::string key(text);
  {
    std::lock_guard lock(mutex_);
    if (auto it = phrases_.find(key); it != phrases_.end()) return it->second;
  }
  Result<SpeechAudio> spoken = engine_.synthesize(text);
  if (!spoken) return spoken.error();
  auto samples = std::make_shared<const std::vector<float>>(
      detail::resample(spoken->samples, spoken->sample_rate_hz, sample_rate_hz_));
  std::lock_guard lock(mutex_);
  auto [it, inserted] = phrases_.emplace(key, std::move(samples));
  return it->second;
}

std::size_t PhraseCache::size() const {
  std::lock_guard lock(mutex_);
  return phrases_.size();
}

}  // namespace velum::audio
