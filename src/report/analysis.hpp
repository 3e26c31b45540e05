#pragma once
// From journal records to the single-case analysis shown by `velum stats`, the
// report and the API: daily series per region and well-being measure, phases, statistics.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "insight/adherence.hpp"
#include "insight/estimate.hpp"
#include "insight/series.hpp"
#include "insight/single_case.hpp"
#include "journal/store.hpp"

namespace velum::report {

// A later phase the person declares: maintenance (a few sessions a week once
// painless), a pause, or practice resumed after a pause. Starts on `start`.
enum class PhaseKind { kMaintenance, kPause, kPractice };
struct PhaseStart {
  PhaseKind kind = PhaseKind::kMaintenance;
  std::chrono::sys_days start;
};
std::string_view to_string(PhaseKind kind);
std::optional<PhaseKind> parse_phase_kind(std::string_view spelling);

struct AnalysisOptions {
  // How several ratings on one day become that day's value (mean unless asked).
  insight::DailyRule rule = insight::DailyRule::kMean;
  // A declared baseline: its last day. Without it the baseline ends the day
  // before the start drawn by a study plan, else before the first session.
  std::optional<std::chrono::sys_days> baseline_end;
  std::vector<PhaseStart> later_phases;  // any order; sorted by start
  // Only ratings and sessions on these local days (inclusive) are analysed.
  std::optional<std::chrono::sys_days> from;
  std::optional<std::chrono::sys_days> to;
  // Only this region's pain (nullopt: every region that has a rating).
  std::optional<journal::Region> region;
  std::string user_id{journal::kDefaultUser};
};

// One phase as it falls on the data: its first and last calendar day (the last
// is the day before the next phase, or the last rated day) and its rated days.
struct PhaseSpan {
  std::string name;   // "A", "B", "C", ...
  std::string label;  // "baseline", "practice", "maintenance", "pause"
  std::chrono::sys_days start;
  std::chrono::sys_days end;
  int n = 0;  // days with a rating in this phase
};

// Tau-U as reported: "A vs. B", or "A vs. B - Trend A" when the baseline
// itself trends (Trend A p < kBaselineTrendAlpha), as Parker et al. advise.
struct TauUChoice {
  double value = 0.0;  // positive = improvement
  double p = 0.0;
  std::string variant;
};
inline constexpr double kBaselineTrendAlpha = 0.05;
// A result counts as "clear" in the plain sentence below this p.
inline constexpr double kClearP = 0.05;

struct OutcomeAnalysis {
  std::string key;    // "throat", "calm", "nasal-breathing"
  std::string label;  // "throat pain", "calm"
  insight::Direction direction = insight::Direction::kDecrease;
  insight::DailySeries daily;
  int missing_days = 0;  // days between the first and last rating without one
  std::vector<PhaseSpan> phases;
  insight::Estimate<insight::Nap> nap;
  insight::Estimate<insight::Pnd> pnd;
  insight::Estimate<TauUChoice> tau_u;
  insight::Estimate<insight::PiecewiseRegression> piecewise;
  // Only for a randomized-start study (velum study plan): the randomization
  // test of the drawn start against every admissible start.
  std::optional<insight::Estimate<insight::RandomizationTest>> randomization;
  std::optional<double> baseline_mean;  // mean of the baseline days
  std::optional<double> recent_mean;    // mean of the last kRecentDays days with ratings
  std::string sentence;                 // the result in one plain sentence
};
inline constexpr int kRecentDays = 7;

struct SessionLine {
  std::string id;
  std::chrono::sys_days day;  // local day it started
  std::string local_time;     // "21:04"
  std::string routine_id;
  int stage = 1;
  double minutes = 0.0;
  std::string outcome;             // completed, stopped, interrupted, open
  std::string stop;                // plain label of the stop reason, empty unless stopped
  std::optional<double> soreness;  // highest step pain, else the logged overall pain
};

struct StageSoreness {
  int stage = 1;
  int sessions = 0;   // sessions with a soreness rating at this stage
  double mean = 0.0;  // mean of their soreness, 0–10
};

struct Analysis {
  std::chrono::sys_days today;
  std::string user_id{journal::kDefaultUser};
  insight::DailyRule rule = insight::DailyRule::kMean;
  // "declared", "study-plan" (the drawn start of a randomized-start design),
  // "first-session" or "none" (no session yet).
  std::string baseline_source;
  std::optional<std::chrono::sys_days> practice_start;  // first day of phase B
  std::vector<OutcomeAnalysis> regions;                 // pain per region, Region order
  std::vector<OutcomeAnalysis> wellbeing;               // calm, nasal breathing ease
  std::vector<SessionLine> sessions;                    // in the window, oldest first
  std::vector<StageSoreness> soreness_by_stage;
  insight::Estimate<insight::Adherence> adherence;
  double minutes_practised = 0.0;  // in the window
  int checkins = 0;                // in the window
};

// Maps the journal to insight inputs and runs every statistic. Each record's
// local day comes from the UTC offset stored with it, so a change of time zone
// or daylight-saving time never splits or merges a day. `today` is the
// person's local day. Pure; thread-safe.
Analysis analyze(const journal::JournalData& data, const AnalysisOptions& options,
                 std::chrono::sys_days today);

// The same analysis as JSON text (`velum stats --json`, GET /api/v1/stats):
// every statistic is {"status": "ok", ...} or {"status": ..., "reason": ...},
// never NaN. Thread-safe.
std::string stats_json(const Analysis& analysis, int indent = 2);

// "mean", "max", "min", "last".
std::string_view to_string(insight::DailyRule rule);
std::optional<insight::DailyRule> parse_daily_rule(std::string_view spelling);

// "2026-11-25". Thread-safe.
std::string date_text(std::chrono::sys_days day);

}  // namespace velum::report
