#pragma once
// Synthesized cue sounds: bells, inhale/exhale tones and ticks in a few quiet
// sound sets, each with raised-cosine attack and release so nothing clicks.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace velum::audio {

enum class SoundSet { kSoftBells, kWood, kSingingBowl };

// "soft-bells", "wood", "singing-bowl".
std::span<const std::string_view> sound_set_names();
std::string_view name_of(SoundSet set);
std::optional<SoundSet> parse_sound_set(std::string_view name);

// Every distinct cue sound. Inhale is one soft pulse and exhale two, so the
// breath can be counted with eyes closed.
enum class ToneKind {
  kStepBell,
  kMidwayBell,
  kClosingBell,
  kInhale,
  kExhale,
  kRepetition,
  kHoldStart,
  kHoldEnd,
};
inline constexpr int kToneKindCount = 8;

// Number of separate pulses a tone has (exhale 2, everything else 1).
int pulse_count(ToneKind kind);

// Mono buffers for every ToneKind of one sound set at one sample rate, peak
// amplitude below 1. Sample 0 of each buffer is the onset and is non-zero (the
// envelope starts one step into its raised-cosine rise), so an onset can be
// found to the sample; each buffer ends with a raised-cosine release.
struct ToneBank {
  int sample_rate_hz = 0;
  SoundSet set = SoundSet::kSoftBells;
  std::vector<std::vector<float>> tones;  // indexed by ToneKind

  std::span<const float> tone(ToneKind kind) const { return tones[static_cast<std::size_t>(kind)]; }
};

// Builds the bank. sample_rate_hz in [8000, 192000]. Deterministic; thread-safe;
// allocates (call outside real-time code).
ToneBank make_tone_bank(SoundSet set, int sample_rate_hz);

// Raised-cosine envelope gain for position `index` of a rise `length` samples
// long: 0.5 * (1 - cos(pi * (index + 1) / (length + 1))), strictly inside (0, 1)
// for index in [0, length). Used for every attack, release and fade.
double raised_cosine_rise(std::int64_t index, std::int64_t length);

// The breath guide: a continuous soft tone that rises in pitch and level through
// the inhale, stays through a hold, falls through the exhale. These give its
// pitch and level at a fraction of the way through a phase.
struct GuidePoint {
  double frequency_hz = 0;
  double amplitude = 0;  // linear, < 1
};
// progress in [0, 1]; rising = inhale (false = exhale). Continuous at the ends:
// the end of an inhale equals the start of an exhale.
GuidePoint guide_point(double progress, bool rising);

// A reference note to sing back (the voice lab's pitch match): a soft tone at
// `frequency_hz` with its first four harmonics falling 6 dB each, so it reads
// as a pitch rather than a test tone; peak kReferenceNotePeak, raised-cosine
// attack and release of kReferenceNoteRampSeconds. frequency_hz in (0,
// sample_rate_hz / 2); seconds > 0; sample_rate_hz in [8000, 192000].
// Deterministic; thread-safe; allocates.
inline constexpr double kReferenceNotePeak = 0.3;
inline constexpr double kReferenceNoteRampSeconds = 0.08;
std::vector<float> make_reference_note(double frequency_hz, double seconds, int sample_rate_hz);

}  // namespace velum::audio
