// Pitch matching and maximum phonation time.

#include "voice/tasks.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

namespace velum::voice {
namespace {

constexpr double kA4Hz = 440.0;
constexpr int kA4Midi = 69;
constexpr int kSemitonesPerOctave = 12;
constexpr double kCentsPerOctave = 1200.0;
constexpr double kMinTargetHz = 20.0;
constexpr double kMaxTargetHz = 5000.0;

// Longest run of voiced frames, bridging gaps of up to max_gap frames: [first, last].
std::optional<std::pair<std::size_t, std::size_t>> longest_stretch(std::span<const PitchFrame> track,
                                                                   std::size_t max_gap) {
  std::optional<std::pair<std::size_t, std::size_t>> best;
  std::optional<std::size_t> start;
  std::size_t last_voiced = 0;
  auto close = [&]() {
    if (start && (!best || last_voiced - *start > best->second - best->first))
      best = std::pair{*start, last_voiced};
  };
  for (std::size_t i = 0; i < track.size(); ++i) {
    if (!track[i].f0_hz) continue;
    if (start && i - last_voiced - 1 > max_gap) {
      close();
      start.reset();
    }
    if (!start) start = i;
    last_voiced = i;
  }
  close();
  return best;
}

}  // namespace

Result<double> parse_target_hz(std::string_view text) {
  const std::string hint = "give a note such as C4, F#3 or Bb4, or a frequency in Hz such as 261.6";
  if (text.empty()) return Error{"the target is empty", hint};
  double hz = 0;
  const auto* end = text.data() + text.size();
  if (auto [ptr, ec] = std::from_chars(text.data(), end, hz); ec == std::errc() && ptr == end) {
    if (!(hz >= kMinTargetHz && hz <= kMaxTargetHz)) {
      return Error{"a target of " + std::string(text) + " Hz is outside 20..5000 Hz", hint};
    }
    return hz;
  }
  static constexpr std::array<int, 7> kLetterSemitone = {9, 11, 0, 2, 4, 5, 7};  // A B C D E F G
  const char letter = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  if (letter < 'A' || letter > 'G') return Error{"'" + std::string(text) + "' is not a note name", hint};
  int semitone = kLetterSemitone[static_cast<std::size_t>(letter - 'A')];
  std::size_t at = 1;
  if (at < text.size() && (text[at] == '#' || text[at] == 'b')) {
    semitone += text[at] == '#' ? 1 : -1;
    ++at;
  }
  int octave = 0;
  if (auto [ptr, ec] = std::from_chars(text.data() + at, end, octave);
      ec != std::errc() || ptr != end || at == text.size()) {
    return Error{"'" + std::string(text) + "' is not a note name", hint};
  }
  const int midi = (octave + 1) * kSemitonesPerOctave + semitone;
  hz = kA4Hz * std::pow(2.0, static_cast<double>(midi - kA4Midi) / kSemitonesPerOctave);
  if (!(hz >= kMinTargetHz && hz <= kMaxTargetHz)) {
    return Error{"the note " + std::string(text) + " is outside 20..5000 Hz", hint};
  }
  return hz;
}

Result<MatchTrial> measure_match(std::span<const PitchFrame> track, double hop_seconds, double target_hz) {
  const auto stretch =
      longest_stretch(track, static_cast<std::size_t>(std::lround(kMaxGapSeconds / hop_seconds)));
  if (!stretch) return Error{"no voiced frames found", "sing the note for a second or more"};
  const std::size_t length = stretch->second - stretch->first + 1;
  const auto onset =
      std::max(static_cast<std::size_t>(std::ceil(kOnsetFraction * static_cast<double>(length))),
               static_cast<std::size_t>(std::ceil(kMinOnsetSeconds / hop_seconds)));
  const auto release = static_cast<std::size_t>(std::floor(kReleaseFraction * static_cast<double>(length)));
  std::vector<double> steady;
  for (std::size_t i = stretch->first + onset; i + release <= stretch->second; ++i) {
    if (track[i].f0_hz) steady.push_back(*track[i].f0_hz);
  }
  if (steady.size() < 3) {
    return Error{"the note lasts " + std::to_string(static_cast<double>(length) * hop_seconds).substr(0, 4) +
                     " s, too short to find its steady middle",
                 "hold the note for at least half a second"};
  }
  std::sort(steady.begin(), steady.end());
  const std::size_t mid = steady.size() / 2;
  MatchTrial trial;
  trial.median_f0_hz = steady.size() % 2 == 1 ? steady[mid] : 0.5 * (steady[mid - 1] + steady[mid]);
  trial.deviation_cents = kCentsPerOctave * std::log2(trial.median_f0_hz / target_hz);
  trial.steady_seconds = static_cast<double>(steady.size()) * hop_seconds;
  return trial;
}

MatchSummary summarize_matches(std::span<const MatchTrial> trials) {
  MatchSummary summary;
  if (trials.empty()) return summary;
  double sum = 0, absolute = 0;
  for (const auto& t : trials) {
    sum += t.deviation_cents;
    absolute += std::abs(t.deviation_cents);
  }
  const auto n = static_cast<double>(trials.size());
  summary.accuracy_cents = sum / n;
  summary.mean_absolute_cents = absolute / n;
  if (trials.size() >= 2) {
    double squares = 0;
    for (const auto& t : trials)
      squares += (t.deviation_cents - summary.accuracy_cents) * (t.deviation_cents - summary.accuracy_cents);
    summary.precision_cents = std::sqrt(squares / (n - 1));
  }
  return summary;
}

double longest_phonation_seconds(std::span<const PitchFrame> track, double hop_seconds) {
  const auto stretch =
      longest_stretch(track, static_cast<std::size_t>(std::lround(kMaxGapSeconds / hop_seconds)));
  if (!stretch) return 0.0;
  return static_cast<double>(stretch->second - stretch->first + 1) * hop_seconds;
}

}  // namespace velum::voice
