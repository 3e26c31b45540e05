#pragma once
// The journal's records as plain values: safety screenings, sessions, per-step
// results, check-ins and plan state. Every row belongs to a user ("local" by default).

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "journal/time.hpp"
#include "practice/vocabulary.hpp"

namespace velum::journal {

// The single person using a local journal; a clinic server stores many.
inline constexpr std::string_view kDefaultUser = "local";

// Every 0–10 rating (pain, calm, nasal breathing ease) shares this range.
inline constexpr int kMinRating = 0;
inline constexpr int kMaxRating = 10;
// Hydration is counted in glasses of water (about 250 ml) drunk so far that day:
// a count people can answer without calibrating a scale. Above this is a typo.
inline constexpr int kMaxHydrationGlasses = 30;

// ---- Safety screen -------------------------------------------------------------

enum class ScreenResult { kClear, kBlocked };

struct ScreenAnswer {
  std::string question_id;  // stable id of the question in its question set
  bool yes = false;

  friend bool operator==(const ScreenAnswer&, const ScreenAnswer&) = default;
};

struct SafetyScreening {
  std::string id;
  std::string user_id{kDefaultUser};
  int question_set_version = 1;
  std::vector<ScreenAnswer> answers;  // in the order asked
  Timestamp taken_at;
  ScreenResult result = ScreenResult::kClear;

  friend bool operator==(const SafetyScreening&, const SafetyScreening&) = default;
};

// ---- Sessions ------------------------------------------------------------------

enum class SessionOutcome { kCompleted, kStopped, kInterrupted };
// kGuided: run by velum step by step; kLogged: done without the app, entered afterwards.
enum class SessionSource { kGuided, kLogged };

// Why a session was stopped: a stop signal from the vocabulary, "other" with
// text, or "interrupted" (the person stopped for a harmless reason, such as the
// phone ringing: no safety stop, so it neither regresses nor pauses the plan).
struct StopReason {
  std::optional<practice::StopSignal> signal;  // nullopt means "other" or "interrupted"
  std::string text;                            // free text (required for "other")
  bool interrupted = false;                    // "interrupted" (only without a signal)

  friend bool operator==(const StopReason&, const StopReason&) = default;
};

struct SessionRecord {
  std::string id;
  std::string user_id{kDefaultUser};
  std::string routine_id;
  int routine_version = 1;
  std::string pattern;  // breath pattern name
  int stage = 1;        // progression stage (1-based)
  Timestamp started_at;
  std::optional<Timestamp> ended_at;      // nullopt while the session runs
  std::optional<SessionOutcome> outcome;  // nullopt while the session runs
  std::optional<StopReason> stop_reason;  // only for kStopped
  SessionSource source = SessionSource::kGuided;
  std::optional<int> pain;  // overall pain 0–10 (logged sessions)

  friend bool operator==(const SessionRecord&, const SessionRecord&) = default;
};

struct StepResult {
  std::string session_id;
  std::string step_id;
  int index = 0;  // 0-based position in the session
  double planned_seconds = 0;
  double actual_seconds = 0;
  std::optional<int> pain;                      // 0–10
  std::vector<practice::Sensation> sensations;  // vocabulary, in the order reported
  std::string note;                             // free text
  int swallow_count = 0;
  int gag_count = 0;
  double hold_seconds = 0;

  friend bool operator==(const StepResult&, const StepResult&) = default;
};

// ---- Check-ins -----------------------------------------------------------------

enum class Region { kSoftPalate, kNasopharynx, kThroat, kNose, kFaceJaw, kEars };
inline constexpr std::size_t kRegionCount = 6;

struct CheckIn {
  std::string id;
  std::string user_id{kDefaultUser};
  Timestamp taken_at;                                   // any number per day
  std::array<std::optional<int>, kRegionCount> pain{};  // indexed by Region, 0–10 each, optional
  std::optional<int> calm;                              // 0–10, 10 = completely calm
  std::optional<int> nasal_breathing_ease;              // 0–10, 10 = completely free
  std::optional<int> hydration_glasses;                 // 0–kMaxHydrationGlasses
  std::string note;

  std::optional<int>& pain_in(Region region) { return pain[static_cast<std::size_t>(region)]; }
  const std::optional<int>& pain_in(Region region) const { return pain[static_cast<std::size_t>(region)]; }

  friend bool operator==(const CheckIn&, const CheckIn&) = default;
};

// ---- Plan state ----------------------------------------------------------------

struct PlanState {
  std::string user_id{kDefaultUser};
  std::string routine_id;
  int current_stage = 1;  // 1-based
  int hold_stage = 0;     // 0-based index into the routine's hold build-up
  // The local day the current hold began; nullopt while the build-up is not reached.
  std::optional<std::chrono::year_month_day> hold_stage_since;
  // How many finished sessions of the routine this state already reflects (≥ 0).
  int sessions_seen = 0;
  bool paused = false;
  std::string pause_reason;  // why progression is paused (empty when not)
  // When the person last said "I feel well again" after stopped sessions.
  std::optional<Timestamp> well_confirmed_at;
  Timestamp updated_at;

  friend bool operator==(const PlanState&, const PlanState&) = default;
};

// ---- Study plan ----------------------------------------------------------------

// A randomized-start AB design (single-case, N-of-1): the day practice (phase B)
// begins was drawn at random from [earliest, latest] before the baseline began,
// so a randomization test can later ask how unusual the observed change is.
// Drawn once and kept: a start is never redrawn after the data are seen.
struct StudyPlan {
  std::string id;
  std::string user_id{kDefaultUser};
  std::chrono::year_month_day earliest;  // first admissible start day (local)
  std::chrono::year_month_day latest;    // last admissible start day (local)
  std::chrono::year_month_day start;     // the drawn start, in [earliest, latest]
  std::string seed;                      // the draw's seed, 16 hex digits, kept for audit
  Timestamp drawn_at;

  friend bool operator==(const StudyPlan&, const StudyPlan&) = default;
};

// ---- Voice sessions ------------------------------------------------------------

// Which voice-lab task produced a result (`velum voice analyze|match|range|mpt`).
enum class VoiceTask { kAnalyze, kMatch, kRange, kMpt };

// The measures kept in their own columns so history can chart them without
// reading the JSON; each is the key of the same name in the task's JSON result
// (range low/high are its lowest_hz/highest_hz, mpt its max_phonation_seconds,
// match its accuracy_cents/precision_cents). The spellings are the column names.
enum class VoiceMeasure {
  kF0MeanHz,             // analyze: mean pitch, Hz (> 0)
  kJitterLocal,          // analyze: fraction (≥ 0), as Praat reports it
  kShimmerLocal,         // analyze: fraction (≥ 0)
  kHnrDb,                // analyze: harmonics-to-noise ratio, dB
  kCppsDb,               // analyze: smoothed cepstral peak prominence, dB
  kRangeSemitones,       // range: semitones between lowest and highest note (≥ 0)
  kRangeLowHz,           // range: lowest note, Hz (> 0)
  kRangeHighHz,          // range: highest note, Hz (> 0, ≥ low)
  kMptSeconds,           // mpt: longest sustained phonation, seconds (≥ 0)
  kMatchAccuracyCents,   // match: mean signed error from the target, cents
  kMatchPrecisionCents,  // match: spread of the trials, cents (≥ 0)
};
inline constexpr std::size_t kVoiceMeasureCount = 11;

// One stored voice-lab result. `measures` holds what the task measured (the
// rest nullopt); `result_json` is the task's whole JSON result (an object), so
// measures added to the analysis later are kept even before they get a column.
struct VoiceSession {
  std::string id;
  std::string user_id{kDefaultUser};
  Timestamp recorded_at;
  VoiceTask task = VoiceTask::kAnalyze;
  std::string source;  // what was measured: the file names, or "web recording"
  std::array<std::optional<double>, kVoiceMeasureCount> measures{};  // indexed by VoiceMeasure
  std::string result_json;                                           // a JSON object, as text

  std::optional<double>& measure(VoiceMeasure which) { return measures[static_cast<std::size_t>(which)]; }
  const std::optional<double>& measure(VoiceMeasure which) const {
    return measures[static_cast<std::size_t>(which)];
  }

  friend bool operator==(const VoiceSession&, const VoiceSession&) = default;
};

// An inclusive range of the person's local days; an open end is unbounded.
struct DayRange {
  std::optional<std::chrono::year_month_day> first;
  std::optional<std::chrono::year_month_day> last;
};

// ---- Spellings -----------------------------------------------------------------
// Stable kebab-case spellings stored in the database and in export files.

std::string_view to_string(ScreenResult value);
std::string_view to_string(SessionOutcome value);
std::string_view to_string(SessionSource value);
std::string_view to_string(Region value);
std::string_view to_string(VoiceTask value);
std::string_view to_string(VoiceMeasure value);
// "other" for a stop reason without a vocabulary signal; "interrupted" for a
// harmless interruption.
inline constexpr std::string_view kOtherStopReason = "other";
inline constexpr std::string_view kInterruptedStopReason = "interrupted";
std::string_view stop_reason_spelling(const StopReason& reason);

std::optional<ScreenResult> parse_screen_result(std::string_view spelling);
std::optional<SessionOutcome> parse_session_outcome(std::string_view spelling);
std::optional<SessionSource> parse_session_source(std::string_view spelling);
std::optional<Region> parse_region(std::string_view spelling);
std::optional<VoiceTask> parse_voice_task(std::string_view spelling);
std::optional<VoiceMeasure> parse_voice_measure(std::string_view spelling);
// Parses a spelling from the stop-signal vocabulary, "other" or "interrupted".
std::optional<StopReason> parse_stop_reason(std::string_view spelling, std::string text);

std::span<const std::string_view> region_spellings();
std::span<const std::string_view> session_outcome_spellings();
std::span<const std::string_view> voice_task_spellings();     // analyze, match, range, mpt
std::span<const std::string_view> voice_measure_spellings();  // f0_mean_hz, ... (column names)

// The closest spelling in `choices` within a small edit distance (for "did you
// mean" hints); nullopt when nothing is close.
std::optional<std::string_view> closest_spelling(std::string_view input,
                                                 std::span<const std::string_view> choices);

// A new random record id (128 bits, hex): unique across journals so imports can
// recognise records they already hold. Thread-safe.
std::string new_record_id();

}  // namespace velum::journal
