// Tone synthesis: each sound is a few decaying partials under a raised-cosine
// attack and release. Partials above 0.45 x the sample rate are dropped so low
// sample rates never alias.

#include "audio/tones.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

namespace velum::audio {
namespace {

constexpr std::array<std::string_view, 3> kSoundSetNames = {"soft-bells", "wood", "singing-bowl"};
constexpr double kMaxPartialFraction = 0.45;  // of the sample rate: keep clear of Nyquist

struct Partial {
  double ratio = 1;          // of the tone's base frequency
  double amplitude = 1;      // relative
  double decay_seconds = 1;  // exponential time constant
};

// One struct describes every sound: `pulses` copies of the same shape, spaced
// `pulse_spacing_seconds` apart onset to onset.
struct ToneSpec {
  double base_hz = 440;
  std::array<Partial, 3> partials;
  double attack_seconds = 0.01;
  double length_seconds = 0.5;  // one pulse, attack to end of release
  double release_seconds = 0.1;
  int pulses = 1;
  double pulse_spacing_seconds = 0;
  double peak = 0.5;  // linear peak the buffer is scaled to
};

// Bell-like inharmonic partials (a struck bar's 1 : 2.76 : 5.40).
constexpr std::array<Partial, 3> kBellPartials = {{{1.0, 1.0, 1.2}, {2.76, 0.35, 0.5}, {5.40, 0.12, 0.25}}};
// Wood: a soft mallet on a wooden bar; the fundamental rings ~0.2 s, the
// upper partials die within tens of milliseconds. (A shorter, drier knock has
// too high a peak-to-loudness ratio to reach -18 LUFS under a -1 dBTP ceiling.)
constexpr std::array<Partial, 3> kWoodPartials = {{{1.0, 1.0, 0.2}, {2.30, 0.3, 0.04}, {3.90, 0.12, 0.02}}};
// Singing bowl: two close partials beat slowly, long ringing.
constexpr std::array<Partial, 3> kBowlPartials = {{{1.0, 1.0, 3.0}, {1.004, 0.8, 3.0}, {2.71, 0.3, 1.5}}};
// Breath tones: nearly pure, so they read as "breath" rather than "bell".
constexpr std::array<Partial, 3> kSoftPartials = {{{1.0, 1.0, 2.0}, {2.0, 0.15, 0.6}, {3.0, 0.05, 0.3}}};

// Levels: bells are the loudest cue, breath tones softer, ticks softest.
constexpr double kBellPeak = 0.5;
constexpr double kBreathPeak = 0.3;
constexpr double kTickPeak = 0.2;
constexpr double kWoodBellPeak = 0.38;
constexpr double kMidwayBellLevel = 0.7;  // of the set's bell peak: the midway bell is the quieter one

// Each set's character: a base pitch multiplier, a decay stretch ("ring") and
// the bells' attack. The bowl is lower and rings longer; wood is higher, dry
// and struck hard.
struct SetCharacter {
  double pitch;
  double ring;
  double attack_seconds;
};
constexpr SetCharacter kSoftBellsCharacter{1.0, 1.0, 0.008};
constexpr SetCharacter kWoodCharacter{1.3, 0.6, 0.004};
constexpr SetCharacter kBowlCharacter{0.5, 2.0, 0.03};

// One pulse's envelope, in seconds, before the set's ring stretches it (bells
// only; breath tones and ticks keep their timing in every set).
struct Envelope {
  double attack_seconds;
  double length_seconds;
  double release_seconds;
};

// Base frequencies at pitch 1, in Hz: the bells on E5, A5 and A4, the breath
// tones on G4 and D4, the repetition tick on D6, holds on C5 and F4.
constexpr double kStepBellHz = 660;
constexpr double kMidwayBellHz = 880;
constexpr double kClosingBellHz = 440;
constexpr double kInhaleHz = 392;
constexpr double kExhaleHz = 294;
constexpr double kRepetitionHz = 1175;
constexpr double kHoldStartHz = 523;
constexpr double kHoldEndHz = 349;

// Bells: length and release, multiplied by the set's ring.
constexpr double kStepBellLength = 1.6;
constexpr double kStepBellRelease = 0.4;
constexpr double kMidwayBellLength = 0.8;
constexpr double kMidwayBellRelease = 0.25;
constexpr double kClosingBellLength = 2.5;
constexpr double kClosingBellRelease = 0.8;
// Three slow strokes of a low bell, 1.6 s apart at least (more for a bowl).
constexpr int kClosingBellStrokes = 3;
constexpr double kClosingBellSpacing = 1.6;

// Breath tones; wood's are its own knock (the set's attack), a little shorter.
constexpr Envelope kInhaleEnvelope{0.02, 0.45, 0.2};
constexpr double kWoodInhaleLength = 0.4;
constexpr double kWoodInhaleRelease = 0.15;
constexpr Envelope kExhaleEnvelope{0.015, 0.22, 0.1};
constexpr double kWoodExhaleLength = 0.26;
// Two shorter, lower pulses: counted apart from the inhale's one.
constexpr int kExhalePulses = 2;
constexpr double kExhaleSpacing = 0.34;

constexpr Envelope kRepetitionEnvelope{0.003, 0.08, 0.04};
constexpr Envelope kHoldStartEnvelope{0.01, 0.3, 0.12};
constexpr Envelope kHoldEndEnvelope{0.01, 0.4, 0.2};

const SetCharacter& character_of(SoundSet set) {
  switch (set) {
    case SoundSet::kWood:
      return kWoodCharacter;
    case SoundSet::kSingingBowl:
      return kBowlCharacter;
    case SoundSet::kSoftBells:
      break;
  }
  return kSoftBellsCharacter;
}

ToneSpec spec_for(SoundSet set, ToneKind kind) {
  const bool wood = set == SoundSet::kWood;
  const bool bowl = set == SoundSet::kSingingBowl;
  const auto bell_partials = wood ? kWoodPartials : bowl ? kBowlPartials : kBellPartials;
  const auto breath_partials = wood ? kWoodPartials : kSoftPartials;
  const SetCharacter& c = character_of(set);
  const double pitch = c.pitch;
  const double ring = c.ring;
  const double attack = c.attack_seconds;
  // A wooden knock's peak is high for its loudness: lower it so a session can
  // reach -18 LUFS without passing the -1 dBTP ceiling.
  const double bell_peak = wood ? kWoodBellPeak : kBellPeak;
  switch (kind) {
    case ToneKind::kStepBell:
      return {kStepBellHz * pitch,
              bell_partials,
              attack,
              kStepBellLength * ring,
              kStepBellRelease * ring,
              1,
              0,
              bell_peak};
    case ToneKind::kMidwayBell:
      return {kMidwayBellHz * pitch,
              bell_partials,
              attack,
              kMidwayBellLength * ring,
              kMidwayBellRelease * ring,
              1,
              0,
              bell_peak * kMidwayBellLevel};
    case ToneKind::kClosingBell:
      return {kClosingBellHz * pitch,
              bell_partials,
              attack,
              kClosingBellLength * ring,
              kClosingBellRelease * ring,
              kClosingBellStrokes,
              kClosingBellSpacing * std::max(ring, 1.0),
              bell_peak};
    case ToneKind::kInhale:
      return {kInhaleHz * pitch,
              breath_partials,
              wood ? attack : kInhaleEnvelope.attack_seconds,
              wood ? kWoodInhaleLength : kInhaleEnvelope.length_seconds,
              wood ? kWoodInhaleRelease : kInhaleEnvelope.release_seconds,
              1,
              0,
              kBreathPeak};
    case ToneKind::kExhale:
      return {kExhaleHz * pitch,
              breath_partials,
              wood ? attack : kExhaleEnvelope.attack_seconds,
              wood ? kWoodExhaleLength : kExhaleEnvelope.length_seconds,
              kExhaleEnvelope.release_seconds,
              kExhalePulses,
              kExhaleSpacing,
              kBreathPeak};
    case ToneKind::kRepetition:
      return {kRepetitionHz * pitch,
              kWoodPartials,
              kRepetitionEnvelope.attack_seconds,
              kRepetitionEnvelope.length_seconds,
              kRepetitionEnvelope.release_seconds,
              1,
              0,
              kTickPeak};
    case ToneKind::kHoldStart:
      return {kHoldStartHz * pitch,
              breath_partials,
              kHoldStartEnvelope.attack_seconds,
              kHoldStartEnvelope.length_seconds,
              kHoldStartEnvelope.release_seconds,
              1,
              0,
              kBreathPeak};
    case ToneKind::kHoldEnd:
      return {kHoldEndHz * pitch,
              breath_partials,
              kHoldEndEnvelope.attack_seconds,
              kHoldEndEnvelope.length_seconds,
              kHoldEndEnvelope.release_seconds,
              1,
              0,
              kBreathPeak};
  }
  return {};
}

// Each partial is a decaying cosine, advanced by one complex multiplication a
// sample (a rotation and a decay factor) instead of calling cos and exp for
// every sample, which was a fifth of a whole five-minute render. The phasor is
// re-anchored from cos/exp every kAnchorSamples, so rounding cannot build up:
// between anchors it drifts by about kAnchorSamples x 1e-16, far below the
// float samples' 6e-8.
constexpr std::int64_t kAnchorSamples = 1024;

void add_partial(std::vector<double>& shape, double hz, double amplitude, double decay_seconds, double rate) {
  const double step = 2 * std::numbers::pi * hz / rate;
  const double rotate_cos = std::cos(step);
  const double rotate_sin = std::sin(step);
  const double decay = std::exp(-1 / (decay_seconds * rate));
  const auto length = static_cast<std::int64_t>(shape.size());
  for (std::int64_t anchor = 0; anchor < length; anchor += kAnchorSamples) {
    const double t = static_cast<double>(anchor) / rate;
    // Cosine phase so the first sample is non-zero: the onset is exact.
    double level = amplitude * std::exp(-t / decay_seconds);
    double re = std::cos(2 * std::numbers::pi * hz * t);
    double im = std::sin(2 * std::numbers::pi * hz * t);
    const std::int64_t end = std::min(length, anchor + kAnchorSamples);
    for (std::int64_t n = anchor; n < end; ++n) {
      shape[static_cast<std::size_t>(n)] += level * re;
      const double next_re = re * rotate_cos - im * rotate_sin;
      im = re * rotate_sin + im * rotate_cos;
      re = next_re;
      level *= decay;
    }
  }
}

std::vector<float> synthesize(const ToneSpec& spec, int sample_rate_hz) {
  const double rate = sample_rate_hz;
  const auto pulse_samples = static_cast<std::int64_t>(std::llround(spec.length_seconds * rate));
  const auto spacing_samples = static_cast<std::int64_t>(std::llround(spec.pulse_spacing_seconds * rate));
  const auto attack_samples = std::max<std::int64_t>(1, std::llround(spec.attack_seconds * rate));
  const auto release_samples = std::max<std::int64_t>(1, std::llround(spec.release_seconds * rate));
  const std::int64_t total = pulse_samples + spacing_samples * (spec.pulses - 1);
  // One pulse, computed once: every pulse is the same shape.
  std::vector<double> shape(static_cast<std::size_t>(std::max<std::int64_t>(0, pulse_samples)), 0.0);
  for (const auto& partial : spec.partials) {
    const double hz = spec.base_hz * partial.ratio;
    if (hz > kMaxPartialFraction * rate) continue;
    add_partial(shape, hz, partial.amplitude, partial.decay_seconds, rate);
  }
  for (std::int64_t n = 0; n < pulse_samples; ++n) {
    double envelope = 1;
    if (n < attack_samples) envelope *= raised_cosine_rise(n, attack_samples);
    const std::int64_t from_end = pulse_samples - 1 - n;
    if (from_end < release_samples) envelope *= raised_cosine_rise(from_end, release_samples);
    shape[static_cast<std::size_t>(n)] *= envelope;
  }
  std::vector<double> mix(static_cast<std::size_t>(total), 0.0);
  for (int pulse = 0; pulse < spec.pulses; ++pulse) {
    const auto offset = static_cast<std::size_t>(spacing_samples * pulse);
    for (std::size_t n = 0; n < shape.size(); ++n) mix[offset + n] += shape[n];
  }
  double peak = 0;
  for (double v : mix) peak = std::max(peak, std::abs(v));
  const double scale = peak > 0 ? spec.peak / peak : 0;
  std::vector<float> out(mix.size());
  std::transform(mix.begin(), mix.end(), out.begin(),
                 [scale](double v) { return static_cast<float>(v * scale); });
  return out;
}

// Breath guide range: low and quiet at empty lungs, higher and a little louder full.
constexpr double kGuideLowHz = 174.6;   // F3
constexpr double kGuideHighHz = 261.6;  // C4
constexpr double kGuideLowAmplitude = 0.035;
constexpr double kGuideHighAmplitude = 0.07;

}  // namespace

std::span<const std::string_view> sound_set_names() { return kSoundSetNames; }

std::string_view name_of(SoundSet set) { return kSoundSetNames[static_cast<std::size_t>(set)]; }

std::optional<SoundSet> parse_sound_set(std::string_view name) {
  for (std::size_t i = 0; i < kSoundSetNames.size(); ++i) {
    if (kSoundSetNames[i] == name) return static_cast<SoundSet>(i);
  }
  return std::nullopt;
}

int pulse_count(ToneKind kind) { return spec_for(SoundSet::kSoftBells, kind).pulses; }

double raised_cosine_rise(std::int64_t index, std::int64_t length) {
  return 0.5 *
         (1 - std::cos(std::numbers::pi * static_cast<double>(index + 1) / static_cast<double>(length + 1)));
}

ToneBank make_tone_bank(SoundSet set, int sample_rate_hz) {
  ToneBank bank;
  bank.sample_rate_hz = sample_rate_hz;
  bank.set = set;
  bank.tones.reserve(kToneKindCount);
  for (int k = 0; k < kToneKindCount; ++k) {
    bank.tones.push_back(synthesize(spec_for(set, static_cast<ToneKind>(k)), sample_rate_hz));
  }
  return bank;
}

GuidePoint guide_point(double progress, bool rising) {
  const double p = std::clamp(progress, 0.0, 1.0);
  // Raised-cosine shape: gentle at both ends, like the breath itself.
  const double shape = 0.5 * (1 - std::cos(std::numbers::pi * (rising ? p : 1 - p)));
  return {kGuideLowHz * std::pow(kGuideHighHz / kGuideLowHz, shape),
          kGuideLowAmplitude + (kGuideHighAmplitude - kGuideLowAmplitude) * shape};
}

std::vector<float> make_reference_note(double frequency_hz, double seconds, int sample_rate_hz) {
  constexpr int kHarmonics = 4;
  const auto total = static_cast<std::int64_t>(std::round(seconds * sample_rate_hz));
  const auto ramp =
      std::min(static_cast<std::int64_t>(std::round(kReferenceNoteRampSeconds * sample_rate_hz)), total / 2);
  std::vector<double> mix(static_cast<std::size_t>(std::max<std::int64_t>(total, 0)), 0.0);
  double peak = 0;
  for (std::int64_t n = 0; n < total; ++n) {
    const double t = static_cast<double>(n) / sample_rate_hz;
    double value = 0;
    for (int k = 1; k <= kHarmonics; ++k) {
      if (frequency_hz * k >= sample_rate_hz / 2.0) break;
      value += std::sin(2 * std::numbers::pi * frequency_hz * k * t) / std::pow(2.0, k - 1);
    }
    if (n < ramp) value *= raised_cosine_rise(n, ramp);
    if (total - 1 - n < ramp) value *= raised_cosine_rise(total - 1 - n, ramp);
    mix[static_cast<std::size_t>(n)] = value;
    peak = std::max(peak, std::abs(value));
  }
  std::vector<float> note(mix.size());
  const double scale = peak > 0 ? kReferenceNotePeak / peak : 0.0;
  for (std::size_t i = 0; i < mix.size(); ++i) note[i] = static_cast<float>(mix[i] * scale);
  return note;
}

}  // namespace velum::audio
