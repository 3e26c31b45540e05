#pragma once
// Spoken cues: one SpeechEngine interface with flite (English, default) and
// espeak-ng (other languages) behind it, and a cache of phrases at session rate.

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/result.hpp"

namespace velum::audio {

// Mono speech samples in [-1, 1] at the engine's own rate.
struct SpeechAudio {
  std::vector<float> samples;
  int sample_rate_hz = 0;
};

class SpeechEngine {
 public:
  virtual ~SpeechEngine() = default;
  // Speaks `text` (UTF-8, non-empty). Thread-safe (engines serialize
  // internally); allocates and may take tens of milliseconds: never call it
  // from the audio callback. An empty text is an error.
  virtual Result<SpeechAudio> synthesize(std::string_view text) = 0;
  // "flite:rms", "espeak-ng:de": for messages and cache keys.
  virtual std::string name() const = 0;
};

enum class SpeechBackend { kAuto, kFlite, kEspeak };

inline constexpr double kMinSpeechRate = 0.5;
inline constexpr double kMaxSpeechRate = 2.0;
inline constexpr double kDefaultSpeechRate = 0.9;  // a little slower than the voice's habit: calmer

struct SpeechSettings {
  SpeechBackend backend = SpeechBackend::kAuto;  // auto: flite for English, espeak-ng otherwise
  std::string language = "en";       // espeak-ng voice/language name for other languages ("de", "fr")
  std::string voice;                 // flite voice ("rms", "slt"); empty = the default
  double rate = kDefaultSpeechRate;  // speed relative to the voice's natural pace, in [0.5, 2]
};

// The flite voices compiled in, default first.
std::vector<std::string> flite_voice_names();

// Builds an engine, or says why not: unknown voice or language, bad rate,
// engine library or data missing. Thread-safe.
Result<std::unique_ptr<SpeechEngine>> make_speech_engine(const SpeechSettings& settings);

// Phrases synthesized once and kept at one session sample rate. Buffers are
// shared and immutable, so renderers keep them alive independently of the cache.
class PhraseCache {
 public:
  // sample_rate_hz in [8000, 192000]; the engine must outlive the cache.
  PhraseCache(SpeechEngine& engine, int sample_rate_hz);

  using Samples = std::shared_ptr<const std::vector<float>>;  // at sample_rate(), never null
  // The phrase, synthesizing and resampling it on first use, or the engine's
  // error. Thread-safe; allocates: never from the audio callback.
  Result<Samples> get(std::string_view text);
  int sample_rate() const { return sample_rate_hz_; }
  std::size_t size() const;

 private:
  SpeechEngine& engine_;
  int sample_rate_hz_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const std::vector<float>>> phrases_;
};

}  // namespace velum::audio
