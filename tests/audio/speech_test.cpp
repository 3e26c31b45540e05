#include "audio/speech.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace velum::audio {
namespace {

constexpr std::string_view kPhrase = "Breathe in slowly, and let your shoulders drop.";
constexpr int kWordsInPhrase = 8;

double rms_dbfs(const std::vector<float>& samples) {
  double energy = 0;
  for (float v : samples) energy += static_cast<double>(v) * v;
  return 10 * std::log10(energy / static_cast<double>(samples.size()));
}

// Plausible speech: 80 to 250 words a minute covers slow, calm reading up to
// brisk speech, plus up to a second of leading and trailing silence.
void expect_plausible_speech(const SpeechAudio& audio) {
  ASSERT_GT(audio.sample_rate_hz, 0);
  const double seconds = static_cast<double>(audio.samples.size()) / audio.sample_rate_hz;
  EXPECT_GT(seconds, kWordsInPhrase * 60.0 / 250);
  EXPECT_LT(seconds, kWordsInPhrase * 60.0 / 80 + 1.0);
  // Speech averages -30 to -15 dBFS; -45 dBFS would be near silence.
  EXPECT_GT(rms_dbfs(audio.samples), -45);
}

TEST(FliteSpeech, SpeaksEnglishAsNonSilentAudioOfPlausibleLength) {
  for (const auto& voice : flite_voice_names()) {
    auto made = make_speech_engine({SpeechBackend::kAuto, "en", voice, kDefaultSpeechRate});
    ASSERT_TRUE(made.ok()) << made.error().message;
    EXPECT_EQ((*made)->name(), "flite:" + voice);
    const Result<SpeechAudio> spoken = (*made)->synthesize(kPhrase);
    ASSERT_TRUE(spoken.ok()) << spoken.error().message;
    expect_plausible_speech(*spoken);
  }
}

TEST(FliteSpeech, DefaultVoiceIsRms) {
  auto made = make_speech_engine({});
  ASSERT_TRUE(made.ok());
  EXPECT_EQ((*made)->name(), "flite:rms");
}

TEST(FliteSpeech, SlowerRateGivesLongerSpeech) {
  auto slow = make_speech_engine({SpeechBackend::kFlite, "en", "rms", 0.7});
  auto fast = make_speech_engine({SpeechBackend::kFlite, "en", "rms", 1.4});
  const auto slow_audio = (*slow)->synthesize(kPhrase);
  const auto fast_audio = (*fast)->synthesize(kPhrase);
  EXPECT_GT(slow_audio->samples.size(), fast_audio->samples.size() * 3 / 2);
}

TEST(FliteSpeech, UnknownVoiceIsAnErrorNamingTheChoices) {
  auto made = make_speech_engine({SpeechBackend::kFlite, "en", "kal", kDefaultSpeechRate});
  ASSERT_FALSE(made.ok());
  EXPECT_EQ(made.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(made.error().message, "no flite voice named 'kal'");
  EXPECT_EQ(made.error().hint, "choose one of: rms, slt");
}

TEST(EspeakSpeech, SpeaksOtherLanguages) {
  auto made = make_speech_engine({SpeechBackend::kAuto, "de", "", kDefaultSpeechRate});
  ASSERT_TRUE(made.ok()) << made.error().message;
  EXPECT_EQ((*made)->name(), "espeak-ng:de");
  const Result<SpeechAudio> spoken = (*made)->synthesize("Atme langsam ein und lass die Schultern sinken.");
  ASSERT_TRUE(spoken.ok()) << spoken.error().message;
  expect_plausible_speech(*spoken);
}

TEST(EspeakSpeech, UnknownLanguageIsAnError) {
  auto made = make_speech_engine({SpeechBackend::kAuto, "xx-nowhere", "", kDefaultSpeechRate});
  ASSERT_FALSE(made.ok());
  EXPECT_EQ(made.error().message, "espeak-ng has no voice for 'xx-nowhere'");
}

TEST(SpeechSettingsCheck, RateOutsideHalfToDoubleIsRefused) {
  auto made = make_speech_engine({SpeechBackend::kAuto, "en", "", 3.0});
  ASSERT_FALSE(made.ok());
  EXPECT_EQ(made.error().message, "speech rate 3 is out of range");
}

TEST(PhraseCache, SynthesizesEachPhraseOnceAtTheSessionRate) {
  auto made = make_speech_engine({});
  ASSERT_TRUE(made.ok());
  PhraseCache cache(**made, 48000);
  const auto first = cache.get(kPhrase);
  const auto again = cache.get(kPhrase);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->get(), again->get());  // the same buffer, not a second synthesis
  EXPECT_EQ(cache.size(), 1U);
  const auto native = (*made)->synthesize(kPhrase);
  // 16 kHz -> 48 kHz: exactly three times as many samples.
  EXPECT_EQ((*first)->size(), native->samples.size() * 3);
}

TEST(PhraseCache, EmptyPhraseIsAnError) {
  auto made = make_speech_engine({});
  PhraseCache cache(**made, 48000);
  const auto phrase = cache.get("");
  EXPECT_FALSE(phrase.ok());
  EXPECT_EQ(phrase.error().message, "nothing to say: the phrase is empty");
}

}  // namespace
}  // namespace velum::audio
