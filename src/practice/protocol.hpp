#pragma once
// The routine model: what a protocol file (protocols/*.toml) describes once
// loaded and validated. Plain values, no I/O; see docs/protocol-format.md.

#include <optional>
#include <string>
#include <vector>

#include "practice/breath.hpp"
#include "practice/vocabulary.hpp"

namespace velum::practice {

inline constexpr int kMaxPainCeiling = 6;  // PRACTICE.md: stay at or below 6/10

struct Dosage {
  double minutes_per_day = 5;
  int days_per_week = 5;
  int maintenance_per_week = 3;  // once painless
  friend bool operator==(const Dosage&, const Dosage&) = default;
};

// Spoken at the step's start, halfway and end; empty means no cue.
struct StepCues {
  std::string start;
  std::string midway;
  std::string end;
  friend bool operator==(const StepCues&, const StepCues&) = default;
};

// Hold times for a squeeze that is built up over weeks (soft-palate pinch):
// stage k of the build-up holds for holds[k], each stage lasting `weeks_per_stage`.
struct HoldBuildUp {
  std::vector<Seconds> holds;
  int weeks_per_stage = 1;
  Seconds rest_between{5.0};
  friend bool operator==(const HoldBuildUp&, const HoldBuildUp&) = default;
};

struct Step {
  std::string id;
  std::string title;
  std::string instruction;  // one short sentence, spoken and shown large
  std::string detail;       // the full explanation shown in Learn
  int stage = 1;            // progression stage that unlocks this step (1-based)
  Landmark landmark = Landmark::kNone;
  Hand hand = Hand::kNone;
  Action action = Action::kBreathe;
  Seconds duration{0};             // total time of the step
  std::optional<int> repetitions;  // e.g. swallows; duration is then per repetition
  std::optional<HoldBuildUp> hold_build_up;
  std::string pattern;  // breath pattern name; empty = routine default
  std::optional<BreathRamp> ramp;
  StepCues cues;
  std::vector<Sensation> expect;
  std::vector<StopSignal> stop_signals;
  std::optional<int> pain_ceiling;  // 0-10; required for intra-oral steps, <= 6

  bool is_intra_oral() const { return is_finger(hand) && velum::practice::is_intra_oral(landmark); }
  // Wall-clock length of the step: duration x repetitions when repeated.
  Seconds total_duration() const { return repetitions ? duration * *repetitions : duration; }
  friend bool operator==(const Step&, const Step&) = default;
};

// Progression thresholds as data (PRACTICE.md and the session issue give defaults).
struct ProgressionRules {
  int advance_after_sessions = 3;  // consecutive sessions at or below advance_max_pain
  int advance_max_pain = 3;
  int regress_above_pain = 6;  // a session above this regresses one stage
  bool regress_on_stop = true;
  int pause_after_consecutive_stops = 2;
  int maintenance_after_sessions = 7;  // consecutive sessions at or below painless_max_pain
  int painless_max_pain = 1;
  int clinician_after_days = 14;  // without improvement, or with worsening pain
  friend bool operator==(const ProgressionRules&, const ProgressionRules&) = default;
};

struct Routine {
  std::string id;
  std::string title;
  std::string summary;
  int version = 1;
  Level level = Level::kBeginner;
  Setting setting = Setting::kSeated;
  std::vector<std::string> prerequisites;  // other routine ids
  Dosage dosage;
  std::string default_pattern = "diaphragmatic";
  Seconds preparation_countdown{10.0};
  std::vector<PrepItem> checklist;
  std::vector<BreathPattern> patterns;  // routine-local patterns, beside the presets
  std::vector<Step> steps;
  ProgressionRules progression;

  bool is_intra_oral() const;
  int stage_count() const;  // highest step stage
  friend bool operator==(const Routine&, const Routine&) = default;
};

// The pattern a name refers to inside `routine`: routine-local first, then presets.
std::optional<BreathPattern> resolve_pattern(const Routine& routine, std::string_view name);

}  // namespace velum::practice
