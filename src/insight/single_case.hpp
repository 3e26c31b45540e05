#pragma once
// Single-case (N-of-1) statistics for a baseline phase A against a practice
// phase B (and optional later phases): NAP, PND, Tau-U, baseline-corrected Tau,
// piecewise regression, the randomized-start randomization test and its draw.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "insight/estimate.hpp"
#include "insight/series.hpp"

namespace velum::insight {

// Which way is better. Pain ratings improve when they go down (kDecrease).
// Every statistic below is oriented so that a positive effect means improvement.
enum class Direction { kIncrease, kDecrease };

// One case in time order: a time (days since the first observation), a value and
// a phase index per observation (0 = A baseline, 1 = B practice, 2 = ...).
// Phases must be contiguous and non-decreasing.
struct CaseSeries {
  std::vector<double> time_days;
  std::vector<double> value;
  std::vector<int> phase;
};

// Builds a case from a daily series: days before phase_starts[0] are phase 0,
// from phase_starts[0] phase 1, from phase_starts[1] phase 2, ... (ascending).
// Thread-safe.
CaseSeries make_case(const DailySeries& series, const std::vector<std::chrono::sys_days>& phase_starts);

// The values of one phase, in time order. Thread-safe.
std::vector<double> phase_values(const CaseSeries& case_series, int phase);

// ---------------------------------------------------------------------------
// NAP, Nonoverlap of All Pairs (Parker & Vannest 2009): the share of all (A, B)
// pairs in which B is better, ties counting one half. Range [0, 1], 0.5 = no effect.
struct Nap {
  double nap = 0.0;           // [0, 1]
  double nap_rescaled = 0.0;  // 2·NAP − 1, in [−1, 1]
  int pairs = 0;              // nA·nB
  int improving_pairs = 0;    // B better than A
  int tied_pairs = 0;
  double non_overlap = 0.0;  // improving + ties / 2
  // Standard error of NAP read as an ROC area (Hanley & McNeil 1982),
  // and the 95 % normal interval NAP ± 1.96·SE clipped to [0, 1].
  double standard_error = 0.0;
  double ci95_lower = 0.0;
  double ci95_upper = 0.0;
};
// Needs ≥ 1 value in each phase; fails with kInvalidInput on a non-finite value.
// Thread-safe.
Estimate<Nap> nap(std::span<const double> a, std::span<const double> b, Direction direction);

// PND, Percentage of Non-overlapping Data (Scruggs, Mastropieri & Casto 1987):
// the share of B points better than the best A point.
struct Pnd {
  double pnd_percent = 0.0;  // [0, 100]
  int exceeding = 0;
  int b_count = 0;
  double best_baseline = 0.0;  // highest A value (increase) or lowest (decrease)
};
// Needs ≥ 1 value in each phase. Thread-safe.
Estimate<Pnd> pnd(std::span<const double> a, std::span<const double> b, Direction direction);

// ---------------------------------------------------------------------------
// Kendall's S and tau with the normal approximation of S (Kendall 1970: the
// tie-corrected variance of S), as R's scan package computes them.
enum class TauMethod { kA, kB };  // tau-a: S / pairs;  tau-b: S / √((n0 − tx)(n0 − ty))

struct Kendall {
  int n = 0;
  double s = 0.0;
  double denominator = 0.0;
  double tau = 0.0;
  double variance_s = 0.0;
  double sd_s = 0.0;
  double z = 0.0;  // S / SD(S), no continuity correction
  double p = 0.0;  // two-sided, normal approximation
};
// Needs ≥ 3 pairs of values (x.size() == y.size() ≥ 3). Undefined when every x
// or every y is identical. Thread-safe.
Estimate<Kendall> kendall(std::span<const double> x, std::span<const double> y,
                          TauMethod method = TauMethod::kB);

// Tau-U (Parker, Vannest, Davis & Sauber 2011) computed as scan's tau_u() with
// method = "complete": S from the pair matrix, tau = S / D, Z = S / SD(S),
// p two-sided normal. Rows are named exactly as scan names them.
inline constexpr const char* kTauUAvsB = "A vs. B";
inline constexpr const char* kTauUTrendA = "Trend A";
inline constexpr const char* kTauUTrendB = "Trend B";
inline constexpr const char* kTauUAvsBMinusTrendA = "A vs. B - Trend A";
inline constexpr const char* kTauUAvsBPlusTrendB = "A vs. B + Trend B";
inline constexpr const char* kTauUAvsBPlusTrendBMinusTrendA = "A vs. B + Trend B - Trend A";

struct TauUStatistic {
  double denominator = 0.0;  // D
  double tau = 0.0;
  double sd_s = 0.0;
  double variance_s = 0.0;
  double se_tau = 0.0;  // tau / Z
  double z = 0.0;
  double p = 0.0;
};
struct TauURow {
  std::string name;  // one of the kTauU* names
  int pairs = 0;
  int positive = 0;  // pairs in the improving direction
  int negative = 0;
  int ties = 0;
  int s = 0;                          // positive − negative
  Estimate<TauUStatistic> statistic;  // undefined when D or SD(S) is 0
};
struct TauU {
  std::vector<TauURow> rows;  // the six rows in the order of the names above
  // The row with this name; precondition: one of the kTauU* names (else the first
  // row). Thread-safe on a const TauU.
  const TauURow& row(std::string_view name) const;
};
// Needs ≥ 1 value in each phase; rows whose pairs are all tied (or empty, such
// as Trend A with one baseline point) carry their own failure. Thread-safe.
Estimate<TauU> tau_u(std::span<const double> a, std::span<const double> b, Direction direction,
                     TauMethod method = TauMethod::kB);

// Baseline-corrected Tau (Tarlow 2017), as scan's corrected_tau(): Kendall's tau
// of the baseline against time; if its p ≤ alpha, a Theil–Sen line fitted to the
// baseline is subtracted from every value; then Kendall's tau between the phase
// dummy (A = 0, B = 1) and the (corrected) values.
struct CorrectedTau {
  bool correction_applied = false;
  Estimate<Kendall> baseline_trend;  // undefined with < 3 baseline points or a flat baseline
  double theil_sen_slope = 0.0;      // per day, in the improving direction
  double theil_sen_intercept = 0.0;
  Kendall uncorrected;
  Estimate<Kendall> corrected;  // undefined if correction leaves every value equal
  double tau = 0.0;             // the reported tau: corrected if applied, else uncorrected
  double p = 0.0;
};
inline constexpr double kDefaultTrendAlpha = 0.05;
// Uses phases 0 (A) and 1 (B) of `case_series`; needs ≥ 2 A points at distinct
// times and ≥ 1 B point. Thread-safe.
Estimate<CorrectedTau> baseline_corrected_tau(const CaseSeries& case_series, Direction direction,
                                              double trend_alpha = kDefaultTrendAlpha);

// ---------------------------------------------------------------------------
// Piecewise regression (Huitema & McKean 2000; scan's plm(model = "H-M")):
// y = b0 + b1·t + Σ_k [b2k·D_k + b3k·(t − t_start,k)·D_k], D_k = 1 in phase k.
// Ordinary least squares, Student t tests with n − p degrees of freedom.
struct Coefficient {
  double estimate = 0.0;
  double standard_error = 0.0;
  double t = 0.0;
  double p = 0.0;                    // two-sided
  bool favours_improvement = false;  // sign agrees with the direction
};
struct PhaseChange {
  int phase = 1;
  Coefficient level;  // jump at the phase start (value units)
  Coefficient slope;  // change of slope (value units per day)
};
struct PiecewiseRegression {
  Coefficient intercept;
  Coefficient trend;                 // baseline slope per day
  std::vector<PhaseChange> changes;  // one per phase after the first
  double r_squared = 0.0;
  int residual_df = 0;
};
// Needs ≥ 2 phases, ≥ 2 points in every phase and more points than parameters. Undefined
// when all values are identical (no residual spread to test against). Thread-safe.
Estimate<PiecewiseRegression> piecewise_regression(const CaseSeries& case_series, Direction direction);

// ---------------------------------------------------------------------------
// Randomization test for an AB design whose B start was drawn at random from
// admissible start positions (Edgington; Edgington & Onghena, Randomization Tests, 4th ed. 2007).
// Statistic: mean(B) − mean(A), sign flipped for kDecrease so larger = better.
struct RandomizationTest {
  double observed = 0.0;
  std::vector<double> statistics;  // one per admissible start, in start order
  int as_extreme = 0;              // starts whose statistic ≥ the observed one
  int start_count = 0;
  double p = 0.0;  // as_extreme / start_count (one-sided)
};
// `values` in time order; a start s is the index of the first B value. Needs
// 1 ≤ earliest_start ≤ actual_start ≤ latest_start ≤ values.size() − 1. Thread-safe.
Estimate<RandomizationTest> randomization_test(std::span<const double> values, std::size_t actual_start,
                                               std::size_t earliest_start, std::size_t latest_start,
                                               Direction direction);

// The same test over calendar days, for a start drawn with draw_start_day():
// every day in [earliest, latest] is an admissible start; ratings on days before
// a start form A, the rest B. Missing days are fine as long as every admissible
// start leaves at least one rating on each side (else kInvalidInput). Thread-safe.
Estimate<RandomizationTest> randomization_test(const DailySeries& series, std::chrono::sys_days actual_start,
                                               std::chrono::sys_days earliest, std::chrono::sys_days latest,
                                               Direction direction);

// Study planning: draw the day phase B starts, uniformly from [earliest, latest],
// deterministically from `seed` (SplitMix64), before any data is seen.
struct StartDraw {
  std::chrono::sys_days start;
  int admissible_starts = 0;         // days in the window
  double smallest_possible_p = 0.0;  // 1 / admissible_starts
};
// Fails with kInvalidInput when latest < earliest. Thread-safe.
Estimate<StartDraw> draw_start_day(std::chrono::sys_days earliest, std::chrono::sys_days latest,
                                   std::uint64_t seed);

}  // namespace velum::insight
