#pragma once
// Time to painless: a robust fit of pain decaying exponentially towards a floor,
// and the first day the fitted curve reaches a pain of 1 or less, with a band.

#include <chrono>
#include <cstdint>

#include "insight/estimate.hpp"
#include "insight/series.hpp"

namespace velum::insight {

// Model: pain(t) = floor + (start − floor)·exp(−t / tau), t in days since the
// first session. For each tau on a log-spaced grid the linear parts (floor,
// start − floor) are fitted by least squares reweighted with Tukey's bisquare
// (c = 4.685·MAD/0.6745), so a few bad days do not steer the curve. The floor
// is kept ≥ 0 because a pain rating cannot settle below 0.
struct DecayFit {
  double floor = 0.0;      // pain the curve levels off at
  double start = 0.0;      // fitted pain on day 0
  double tau_days = 0.0;   // time constant: the gap to the floor shrinks by e each tau
  double r_squared = 0.0;  // unweighted, on the original ratings
};

struct PainlessEstimate {
  DecayFit fit;
  std::chrono::sys_days first_day;     // day of the first session
  double days_to_painless = 0.0;       // from first_day; 0 when already ≤ 1
  std::chrono::sys_days painless_day;  // first whole day with fitted pain ≤ threshold
  // Residual bootstrap band (seeded, deterministic): the 10th and 90th percentile
  // of the predicted day over replicates that reach the threshold, and the share
  // of replicates that did.
  std::chrono::sys_days band_earliest;
  std::chrono::sys_days band_latest;
  double replicates_reaching = 0.0;  // [0, 1]
};

inline constexpr int kMinSessionsForDecay = 5;
inline constexpr double kMinDecayRSquared = 0.5;   // below this the curve explains too little
inline constexpr double kPainlessThreshold = 1.0;  // on the 0–10 pain scale
inline constexpr int kBootstrapReplicates = 200;

struct PainlessOptions {
  double threshold = kPainlessThreshold;
  double min_r_squared = kMinDecayRSquared;
  int bootstrap_replicates = kBootstrapReplicates;
  std::uint64_t seed = 1;
};

// Abstains (a failure status with a plain reason) when the series has fewer than
// 5 days with ratings (kNotEnoughData), all ratings are equal (kUndefinedIdentical),
// R² < min_r_squared (kPoorFit), or the fitted floor stays above the threshold
// (kNeverReaches). Deterministic for a given seed. Thread-safe.
Estimate<PainlessEstimate> estimate_time_to_painless(const DailySeries& pain,
                                                     const PainlessOptions& options = {});

// The fit alone (no threshold, no bootstrap), same requirements on the data
// except the R² threshold. `time_days` and `values` have equal length. Thread-safe.
Estimate<DecayFit> fit_decay(const std::vector<double>& time_days, const std::vector<double>& values);

}  // namespace velum::insight
