#pragma once
// The Timeline: a routine (or a bare breath pattern) compiled into timed events
// at exact integer sample positions. Every renderer — live audio, audio files,
// the terminal, the browser — plays this one value, so they can never disagree.
// Deterministic: the same routine and settings give the same Timeline.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "practice/breath.hpp"
#include "practice/diagnostic.hpp"
#include "practice/protocol.hpp"

namespace velum::practice {

using SampleIndex = std::int64_t;  // position from the start of the session, in samples

enum class EventKind {
  kPreparationStart,  // countdown before the first step
  kStepStart,
  kStepMidway,
  kStepEnd,
  kPhase,       // a breath phase begins (see Event::phase)
  kCue,         // a spoken phrase begins (see Event::text)
  kBell,        // a bell sounds (see Event::bell)
  kRepetition,  // repetition k of a repeated step begins (e.g. a swallow)
  kHoldStart,   // a timed hold (hold build-up) begins
  kHoldEnd,
  kSessionEnd,
};

enum class BreathPhase { kInhale, kHoldIn, kExhale, kHoldOut };

enum class BellKind { kStepChange, kMidway, kClosing };

struct Event {
  EventKind kind = EventKind::kPhase;
  SampleIndex sample = 0;                    // onset
  SampleIndex duration_samples = 0;          // phases, holds, cues (estimated speech length); 0 otherwise
  int step = -1;                             // index into Timeline::steps; -1 outside steps
  BreathPhase phase = BreathPhase::kInhale;  // kPhase only
  BellKind bell = BellKind::kStepChange;     // kBell only
  int repetition = 0;                        // kRepetition only, 1-based
  std::string text;                          // kCue only: the words to speak
  friend bool operator==(const Event&, const Event&) = default;
};

// One step as placed on the timeline.
struct StepSpan {
  std::string id;
  std::string title;
  std::string instruction;
  SampleIndex start = 0;
  SampleIndex end = 0;  // exclusive
  std::string pattern;  // breath pattern name in use
  friend bool operator==(const StepSpan&, const StepSpan&) = default;
};

struct Timeline {
  int sample_rate_hz = 48000;
  SampleIndex total_samples = 0;
  std::string routine_id;  // empty for a bare pacer timeline
  std::vector<StepSpan> steps;
  std::vector<Event> events;  // sorted by sample, then by kind order above

  double seconds_at(SampleIndex sample) const { return static_cast<double>(sample) / sample_rate_hz; }
  double total_seconds() const { return seconds_at(total_samples); }
};

inline constexpr int kMinSampleRateHz = 8000;
inline constexpr int kMaxSampleRateHz = 192000;

// A breath shorter than this cannot be followed, and would flood the timeline.
inline constexpr Seconds kMinBreathLength{1.0};
// More repetitions than this in one step is a typo (routine files allow 100).
inline constexpr int kMaxRepetitions = 10000;
// A session (or a bare pacer) longer than this is a typo, not a practice.
inline constexpr Seconds kMaxSessionLength{24.0 * 60.0 * 60.0};

// How spoken cues are placed. The speech length is estimated from the word
// count at kSpeakingRate so cues never talk over one another; each cue starts
// kCueLead before the moment it names (so "breathe in" is heard as the inhale
// begins), later than the previous cue's end plus kCueGap when they would
// overlap.
inline constexpr double kSpeakingRateWordsPerSecond = 2.5;
inline constexpr Seconds kCueLead{0.5};
inline constexpr Seconds kCueGap{0.25};
// The closing bell rings out for this long before the session ends.
inline constexpr Seconds kClosingRingOut{5.0};

struct TimelineSettings {
  int sample_rate_hz = 48000;
  std::string pattern_override;  // replaces every step's pattern when set
  int stage = 0;                 // include steps up to this stage; 0 = all stages
  int hold_stage = 0;            // hold build-up stage (index into HoldBuildUp::holds)
  bool spoken_cues = true;
  Seconds transition{3.0};  // quiet gap between steps
};

struct TimelineResult {
  std::optional<Timeline> timeline;
  std::vector<Diagnostic> diagnostics;  // e.g. unknown pattern, absurd duration
};

// Stable spellings for JSON, logs and the terminal ("step-start", "hold-in", ...).
std::string_view to_string(EventKind kind);
std::string_view to_string(BreathPhase phase);
std::string_view to_string(BellKind bell);
// Plain-language phase name shown to people ("Breathe in", "Hold", ...).
std::string_view label(BreathPhase phase);

// Estimated speaking time of `text` at kSpeakingRateWordsPerSecond; zero for
// text without words. Thread-safe.
Seconds estimated_speech_length(std::string_view text);

// Compiles a validated routine. Thread-safe; no clocks, no I/O.
TimelineResult compile_timeline(const Routine& routine, const TimelineSettings& settings);

// A bare pacer: `pattern` repeated for `total`, optionally ramping to `ramp_to`
// over the ramp's breaths or time. Thread-safe; no clocks, no I/O.
TimelineResult compile_pacer(const BreathPattern& pattern, Seconds total,
                             const std::optional<BreathPattern>& ramp_to,
                             const std::optional<BreathRamp>& ramp, int sample_rate_hz);

// Adds a spoken cue naming each breath phase ("Breathe in", "Hold", ...) to a
// pacer timeline, for a voice-guided pacer. Each cue starts kCueLead before its
// phase, never before the previous cue has ended (plus kCueGap), and is left
// out when it could not finish before its phase ends. Keeps events sorted.
// Thread-safe for distinct timelines.
void add_phase_cues(Timeline& timeline);

}  // namespace velum::practice
