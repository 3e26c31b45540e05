// flite and espeak-ng behind SpeechEngine. Both libraries keep global state, so
// each is initialized once (std::call_once) and synthesis is serialized.

#include "audio/speech.hpp"

#include <espeak-ng/speak_lib.h>
#include <espeak-ng/espeak_ng.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "audio/detail/resample.hpp"

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

std::mutex& flite_mutex() {
  static std::mutex mutex;
  return mutex;
}

class FliteEngine final : public SpeechEngine {
 public:
  FliteEngine(cst_voice* voice, std::string voice_name, double rate)
      : voice_(voice), voice_name_(std::move(voice_name)), rate_(rate) {}

  SpeechResult synthesize(std::string_view text) override {
    if (text.empty()) return {std::nullopt, AudioError{"nothing to say: the phrase is empty", ""}};
    const std::string owned(text);
    std::lock_guard lock(flite_mutex());
    // duration_stretch > 1 slows speech; the rate is its inverse.
    feat_set_float(voice_->features, "duration_stretch", static_cast<float>(1.0 / rate_));
    cst_wave* wave = flite_text_to_wave(owned.c_str(), voice_);
    if (wave == nullptr) {
      return {std::nullopt, AudioError{fmt::format("flite could not speak \"{}\"", owned), ""}};
    }
    SpeechAudio audio;
    audio.sample_rate_hz = wave->sample_rate;
    audio.samples.resize(static_cast<std::size_t>(std::max(0, wave->num_samples)));
    for (std::size_t i = 0; i < audio.samples.size(); ++i) {
      audio.samples[i] = static_cast<float>(wave->samples[i]) * kPcm16Scale;
    }
    delete_wave(wave);
    return {std::move(audio), std::nullopt};
  }

  std::string name() const override { return "flite:" + voice_name_; }

 private:
  cst_voice* voice_;  // owned by flite for the life of the process
  std::string voice_name_;
  double rate_;
};

// Voices are registered once per process and shared: flite never frees them cheaply.
cst_voice* flite_voice(std::string_view name) {
  static std::once_flag once;
  static cst_voice* slt = nullptr;
  static cst_voice* rms = nullptr;
  std::call_once(once, [] {
    std::lock_guard lock(flite_mutex());
    flite_init();
    slt = register_cmu_us_slt(nullptr);
    rms = register_cmu_us_rms(nullptr);
  });
  if (name == "slt") return slt;
  if (name == "rms") return rms;
  return nullptr;
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

// espeak-ng's status for initialization, once per process.
espeak_ng_STATUS espeak_init_status() {
  static std::once_flag once;
  static espeak_ng_STATUS status = ENS_OK;
  std::call_once(once, [] {
    std::lock_guard lock(espeak_mutex());
    espeak_ng_InitializePath(nullptr);
    status = espeak_ng_Initialize(nullptr);
    if (status == ENS_OK) status = espeak_ng_InitializeOutput(ENOUTPUT_MODE_SYNCHRONOUS, 0, nullptr);
    if (status == ENS_OK) espeak_SetSynthCallback(espeak_callback);
  });
  return status;
}

std::string espeak_message(espeak_ng_STATUS status) {
  std::array<char, 512> buffer{};
  espeak_ng_GetStatusCodeMessage(status, buffer.data(), buffer.size());
  return buffer.data();
}

constexpr double kEspeakNormalWordsPerMinute = espeakRATE_NORMAL;

class EspeakEngine final : public SpeechEngine {
 public:
  EspeakEngine(std::string language, double rate) : language_(std::move(language)), rate_(rate) {}

  SpeechResult synthesize(std::string_view text) override {
    if (text.empty()) return {std::nullopt, AudioError{"nothing to say: the phrase is empty", ""}};
    const std::string owned(text);
    EspeakCollector collector;
    std::lock_guard lock(espeak_mutex());
    // espeak-ng keeps one current voice for the process: set it every time.
    espeak_ng_STATUS status = espeak_ng_SetVoiceByName(language_.c_str());
    if (status == ENS_OK) {
      status = espeak_ng_SetParameter(espeakRATE, static_cast<int>(std::lround(kEspeakNormalWordsPerMinute * rate_)), 0);
    }
    if (status == ENS_OK) {
      status = espeak_ng_Synthesize(owned.c_str(), owned.size() + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, nullptr,
                                    &collector);
    }
    if (status == ENS_OK) status = espeak_ng_Synchronize();
    if (status != ENS_OK) {
      return {std::nullopt, AudioError{fmt::format("espeak-ng could not speak \"{}\": {}", owned, espeak_message(status)),
                                       ""}};
    }
    SpeechAudio audio;
    audio.sample_rate_hz = espeak_ng_GetSampleRate();
    audio.samples.resize(collector.samples.size());
    for (std::size_t i = 0; i < audio.samples.size(); ++i) {
      audio.samples[i] = static_cast<float>(collector.samples[i]) * kPcm16Scale;
    }
    return {std::move(audio), std::nullopt};
  }

  std::string name() const override { return "espeak-ng:" + language_; }

 private:
  std::string language_;
  double rate_;
};

bool espeak_has_voice(const std::string& language) {
  std::lock_guard lock(espeak_mutex());
  return espeak_ng_SetVoiceByName(language.c_str()) == ENS_OK;
}

}  // namespace

std::vector<std::string> flite_voice_names() { return {kFliteVoices.begin(), kFliteVoices.end()}; }

EngineResult make_speech_engine(const SpeechSettings& settings) {
  if (!(settings.rate >= kMinSpeechRate && settings.rate <= kMaxSpeechRate)) {
    return {nullptr, AudioError{fmt::format("speech rate {} is out of range", settings.rate),
                                fmt::format("use a rate between {} and {} (1 = the voice's natural pace)",
                                            kMinSpeechRate, kMaxSpeechRate)}};
  }
  const bool english = settings.language == "en" || settings.language.starts_with("en-") ||
                       settings.language.starts_with("en_");
  SpeechBackend backend = settings.backend;
  if (backend == SpeechBackend::kAuto) backend = english ? SpeechBackend::kFlite : SpeechBackend::kEspeak;

  if (backend == SpeechBackend::kFlite) {
    if (!english) {
      return {nullptr, AudioError{fmt::format("flite speaks English only, not '{}'", settings.language),
                                  "leave the engine on auto to use espeak-ng for other languages"}};
    }
    const std::string voice = settings.voice.empty() ? std::string(kFliteVoices.front()) : settings.voice;
    cst_voice* handle = flite_voice(voice);
    if (handle == nullptr) {
      return {nullptr, AudioError{fmt::format("no flite voice named '{}'", voice),
                                  fmt::format("choose one of: {}", fmt::join(kFliteVoices, ", "))}};
    }
    return {std::make_unique<FliteEngine>(handle, voice, settings.rate), std::nullopt};
  }

  const espeak_ng_STATUS status = espeak_init_status();
  if (status != ENS_OK) {
    return {nullptr, AudioError{fmt::format("espeak-ng could not start: {}", espeak_message(status)),
                                "install the espeak-ng-data package (scripts/install-deps)"}};
  }
  const std::string language = settings.voice.empty() ? settings.language : settings.voice;
  if (!espeak_has_voice(language)) {
    return {nullptr, AudioError{fmt::format("espeak-ng has no voice for '{}'", language),
                                "run 'espeak-ng --voices' to see the languages it knows"}};
  }
  return {std::make_unique<EspeakEngine>(language, settings.rate), std::nullopt};
}

PhraseCache::PhraseCache(SpeechEngine& engine, int sample_rate_hz) : engine_(engine), sample_rate_hz_(sample_rate_hz) {}

PhraseCache::Phrase PhraseCache::get(std::string_view text) {
  const std::string key(text);
  {
    std::lock_guard lock(mutex_);
    if (auto it = phrases_.find(key); it != phrases_.end()) return {it->second, std::nullopt};
  }
  SpeechResult spoken = engine_.synthesize(text);
  if (!spoken.audio) return {nullptr, std::move(spoken.error)};
  auto samples = std::make_shared<const std::vector<float>>(
      detail::resample(spoken.audio->samples, spoken.audio->sample_rate_hz, sample_rate_hz_));
  std::lock_guard lock(mutex_);
  auto [it, inserted] = phrases_.emplace(key, std::move(samples));
  return {it->second, std::nullopt};
}

std::size_t PhraseCache::size() const {
  std::lock_guard lock(mutex_);
  return phrases_.size();
}

}  // namespace velum::audio
