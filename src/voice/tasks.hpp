#pragma once
// Voice-lab tasks on recorded files: pitch matching (how far a sung note lands
// from its target, in cents) and maximum phonation time (a sustained /a/).

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "voice/pitch.hpp"

namespace velum::voice {

// A note name ("C4", "F#3", "Bb4"; A4 = 440 Hz, equal temperament) or a
// frequency in Hz ("196", "261.6"). Errors name the text and the accepted forms.
Result<double> parse_target_hz(std::string_view text);

// Of the longest voiced stretch, the part after its onset (the first 30 %, at
// least 0.15 s) and before its last 10 %: where a singer has settled on the note.
inline constexpr double kOnsetFraction = 0.30;
inline constexpr double kMinOnsetSeconds = 0.15;
inline constexpr double kReleaseFraction = 0.10;
inline constexpr double kMaxGapSeconds = 0.05;  // voicing dropouts up to this long do not end a stretch

struct MatchTrial {
  double median_f0_hz = 0;
  double deviation_cents = 0;  // + sharp, - flat
  double steady_seconds = 0;   // length of the part measured
};
// Errors: no voiced frames, or a stretch too short to have a steady middle.
Result<MatchTrial> measure_match(std::span<const PitchFrame> track, double hop_seconds, double target_hz);

struct MatchSummary {
  double accuracy_cents = 0;  // mean signed deviation
  double mean_absolute_cents = 0;
  std::optional<double> precision_cents;  // standard deviation of the deviations (2+ trials)
};
MatchSummary summarize_matches(std::span<const MatchTrial> trials);

// The longest voiced stretch (gaps up to kMaxGapSeconds bridged), in seconds;
// 0 when nothing is voiced.
double longest_phonation_seconds(std::span<const PitchFrame> track, double hop_seconds);

}  // namespace velum::voice
