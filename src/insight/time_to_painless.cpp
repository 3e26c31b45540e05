#include "insight/time_to_painless.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

#include "insight/detail/random.hpp"

namespace velum::insight {
namespace {

constexpr double kMinTauDays = 0.25;
constexpr double kMaxTauDays = 730.0;      // two years: slower than that is "no decay" for this purpose
constexpr int kTauGridPoints = 80;         // 10 % steps in tau
constexpr int kGoldenSectionSteps = 24;    // shrinks a bracket by 0.618^24 ≈ 1e-5
constexpr double kLocalSearchSteps = 2.0;  // grid steps either side after reweighting
constexpr double kWeightTolerance = 1e-3;  // reweighting stops once weights settle
constexpr int kReweightingRounds = 8;
constexpr double kBisquareTuning = 4.685;           // 95 % efficiency at the normal
constexpr double kMadToSigma = 0.6744897501960817;  // MAD of a standard normal
constexpr double kBandLowQuantile = 0.10;
constexpr double kBandHighQuantile = 0.90;

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t m = v.size() / 2;
  return v.size() % 2 == 1 ? v[m] : 0.5 * (v[m - 1] + v[m]);
}

struct LinearPart {
  double floor = 0.0;
  double amplitude = 0.0;
  double weighted_sse = 0.0;
};

// Weighted least squares of y = floor + amplitude·exp(−t/tau) for a fixed tau:
// a weighted straight line in e = exp(−t/tau), solved in closed form because
// the search calls it hundreds of times per fit. `e` is scratch space.
std::optional<LinearPart> fit_linear(const std::vector<double>& t, const std::vector<double>& y,
                                     const std::vector<double>& w, double tau, std::vector<double>& e) {
  const std::size_t n = t.size();
  e.resize(n);
  double sw = 0.0, se = 0.0, sy = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    e[i] = std::exp(-t[i] / tau);
    sw += w[i];
    se += w[i] * e[i];
    sy += w[i] * y[i];
  }
  if (!(sw > 0.0)) return std::nullopt;
  const double mean_e = se / sw;
  const double mean_y = sy / sw;
  double see = 0.0, sey = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double de = e[i] - mean_e;
    see += w[i] * de * de;
    sey += w[i] * de * (y[i] - mean_y);
  }
  // Relative to the total weight: sessions all on one day give no slope.
  constexpr double kMinSpread = 1e-12;
  if (!(see > kMinSpread * sw)) return std::nullopt;
  LinearPart part;
  part.amplitude = sey / see;
  part.floor = mean_y - part.amplitude * mean_e;
  if (part.floor < 0.0) {
    // Pain cannot settle below 0: refit through floor = 0, y = amplitude·e.
    double sey0 = 0.0, see0 = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      sey0 += w[i] * e[i] * y[i];
      see0 += w[i] * e[i] * e[i];
    }
    part.floor = 0.0;
    part.amplitude = sey0 / see0;
  }
  for (std::size_t i = 0; i < n; ++i) {
    const double r = y[i] - part.floor - part.amplitude * e[i];
    part.weighted_sse += w[i] * r * r;
  }
  return part;
}

// Tukey bisquare weights from residuals; all 1 when the residual scale is 0.
std::vector<double> bisquare_weights(const std::vector<double>& residuals) {
  std::vector<double> abs_res;
  abs_res.reserve(residuals.size());
  for (double r : residuals) abs_res.push_back(std::fabs(r));
  const double scale = median(abs_res) / kMadToSigma;
  std::vector<double> w(residuals.size(), 1.0);
  if (!(scale > 0.0)) return w;
  for (std::size_t i = 0; i < residuals.size(); ++i) {
    const double u = residuals[i] / (kBisquareTuning * scale);
    w[i] = std::fabs(u) < 1.0 ? (1.0 - u * u) * (1.0 - u * u) : 0.0;
  }
  return w;
}

const double kLogMinTau = std::log(kMinTauDays);
const double kLogTauStep = (std::log(kMaxTauDays) - kLogMinTau) / (kTauGridPoints - 1);

struct TauSearch {
  const std::vector<double>& t;
  const std::vector<double>& y;
  const std::vector<double>& w;
  std::vector<double> scratch;

  double sse(double log_tau) {
    const auto part = fit_linear(t, y, w, std::exp(log_tau), scratch);
    return part ? part->weighted_sse : std::numeric_limits<double>::infinity();
  }

  // Golden-section search for the smallest error on [lo, hi] (the error is
  // smooth and, this close to the grid minimum, unimodal).
  double refine(double lo, double hi) {
    const double inv_phi = (std::sqrt(5.0) - 1.0) / 2.0;
    double c = hi - inv_phi * (hi - lo);
    double d = lo + inv_phi * (hi - lo);
    double fc = sse(c);
    double fd = sse(d);
    for (int i = 0; i < kGoldenSectionSteps; ++i) {
      if (fc < fd) {
        hi = d;
        d = c;
        fd = fc;
        c = hi - inv_phi * (hi - lo);
        fc = sse(c);
      } else {
        lo = c;
        c = d;
        fc = fd;
        d = lo + inv_phi * (hi - lo);
        fd = sse(d);
      }
    }
    return 0.5 * (lo + hi);
  }

  // The whole log-spaced grid, then refinement between the best point's neighbours.
  std::optional<double> global() {
    int best = -1;
    double best_sse = std::numeric_limits<double>::infinity();
    for (int g = 0; g < kTauGridPoints; ++g) {
      const double value = sse(kLogMinTau + g * kLogTauStep);
      if (value < best_sse) {
        best_sse = value;
        best = g;
      }
    }
    if (best < 0) return std::nullopt;
    const double refined = refine(kLogMinTau + std::max(0, best - 1) * kLogTauStep,
                                  kLogMinTau + std::min(kTauGridPoints - 1, best + 1) * kLogTauStep);
    return sse(refined) <= best_sse ? refined : kLogMinTau + best * kLogTauStep;
  }

  // After reweighting the minimum moves little: refine around the previous one.
  double local(double log_tau) {
    const double lo = std::max(kLogMinTau, log_tau - kLocalSearchSteps * kLogTauStep);
    const double hi =
        std::min(kLogMinTau + (kTauGridPoints - 1) * kLogTauStep, log_tau + kLocalSearchSteps * kLogTauStep);
    const double refined = refine(lo, hi);
    return sse(refined) <= sse(log_tau) ? refined : log_tau;
  }
};

double decay_at(const DecayFit& f, double t) {
  return f.floor + (f.start - f.floor) * std::exp(-t / f.tau_days);
}

std::optional<DecayFit> robust_fit(const std::vector<double>& t, const std::vector<double>& y) {
  std::vector<double> w(y.size(), 1.0);
  TauSearch search{t, y, w, {}};
  auto log_tau = search.global();
  if (!log_tau) return std::nullopt;
  DecayFit best;
  for (int round = 0;; ++round) {
    const auto part = fit_linear(t, y, w, std::exp(*log_tau), search.scratch);
    if (!part) return std::nullopt;
    best = DecayFit{part->floor, part->floor + part->amplitude, std::exp(*log_tau), 0.0};
    if (round == kReweightingRounds) break;
    std::vector<double> residuals;
    for (std::size_t i = 0; i < y.size(); ++i) residuals.push_back(y[i] - decay_at(best, t[i]));
    std::vector<double> next = bisquare_weights(residuals);
    double change = 0.0;
    for (std::size_t i = 0; i < w.size(); ++i) change = std::max(change, std::fabs(next[i] - w[i]));
    if (change < kWeightTolerance) break;
    w = std::move(next);
    log_tau = search.local(*log_tau);
  }
  double mean = 0.0;
  for (double v : y) mean += v;
  mean /= static_cast<double>(y.size());
  double sst = 0.0, sse = 0.0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    const double r = y[i] - decay_at(best, t[i]);
    sst += (y[i] - mean) * (y[i] - mean);
    sse += r * r;
  }
  best.r_squared = sst > 0.0 ? 1.0 - sse / sst : 0.0;
  return best;
}

// Days until the fitted curve reaches `threshold`, or nullopt if it never does.
std::optional<double> days_to_reach(const DecayFit& f, double threshold) {
  if (f.start <= threshold) return 0.0;
  if (f.floor >= threshold) return std::nullopt;
  return -f.tau_days * std::log((threshold - f.floor) / (f.start - f.floor));
}

double quantile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  const double pos = q * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (pos - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

std::chrono::sys_days day_after(std::chrono::sys_days first, double days) {
  return first + std::chrono::days{static_cast<std::chrono::days::rep>(std::ceil(days))};
}

}  // namespace

Estimate<DecayFit> fit_decay(const std::vector<double>& t, const std::vector<double>& y) {
  if (t.size() != y.size()) {
    return Estimate<DecayFit>::failure(EstimateStatus::kInvalidInput,
                                       "Times and ratings must have the same length.");
  }
  if (y.size() < static_cast<std::size_t>(kMinSessionsForDecay)) {
    return Estimate<DecayFit>::failure(
        EstimateStatus::kNotEnoughData,
        fmt::format("An estimate needs ratings from at least {} sessions (have {}).", kMinSessionsForDecay,
                    y.size()));
  }
  for (std::size_t i = 0; i < y.size(); ++i) {
    if (!std::isfinite(y[i]) || !std::isfinite(t[i])) {
      return Estimate<DecayFit>::failure(EstimateStatus::kInvalidInput,
                                         fmt::format("Rating {} is not a number.", i + 1));
    }
  }
  if (std::adjacent_find(y.begin(), y.end(), std::not_equal_to<>()) == y.end()) {
    return Estimate<DecayFit>::failure(EstimateStatus::kUndefinedIdentical,
                                       "Every rating is the same, so there is no trend to fit.");
  }
  const auto fit = robust_fit(t, y);
  if (!fit) {
    return Estimate<DecayFit>::failure(EstimateStatus::kUndefinedIdentical,
                                       "The ratings all fall on the same day, so there is no trend to fit.");
  }
  return Estimate<DecayFit>::success(*fit);
}

Estimate<PainlessEstimate> estimate_time_to_painless(const DailySeries& pain,
                                                     const PainlessOptions& options) {
  const std::vector<double> t = day_offsets(pain);
  const std::vector<double> y = values(pain);
  const Estimate<DecayFit> fitted = fit_decay(t, y);
  if (!fitted.ok()) return Estimate<PainlessEstimate>::failure(fitted.status, fitted.reason);
  const DecayFit& fit = *fitted.value;
  if (fit.r_squared < options.min_r_squared) {
    return Estimate<PainlessEstimate>::failure(
        EstimateStatus::kPoorFit,
        fmt::format("The ratings do not follow a steady decline closely enough for an estimate "
                    "(the curve explains {:.0f}% of their variation; at least {:.0f}% is needed).",
                    100.0 * fit.r_squared, 100.0 * options.min_r_squared));
  }
  const auto days = days_to_reach(fit, options.threshold);
  if (!days) {
    return Estimate<PainlessEstimate>::failure(
        EstimateStatus::kNeverReaches,
        fmt::format("At the current pace the ratings level off near {:.1f}, above {:.0f}, so no day can be "
                    "estimated.",
                    fit.floor, options.threshold));
  }
  PainlessEstimate e;
  e.fit = fit;
  e.first_day = pain.days.front().day;
  e.days_to_painless = *days;
  e.painless_day = day_after(e.first_day, *days);

  // Residual bootstrap: refit to fitted + resampled residuals.
  std::vector<double> fitted_values, residuals;
  for (std::size_t i = 0; i < y.size(); ++i) {
    const double f = decay_at(fit, t[i]);
    fitted_values.push_back(f);
    residuals.push_back(y[i] - f);
  }
  detail::SplitMix64 random(options.seed);
  std::vector<double> reached;
  const int replicates = std::max(1, options.bootstrap_replicates);
  for (int b = 0; b < replicates; ++b) {
    std::vector<double> resampled(y.size());
    for (std::size_t i = 0; i < y.size(); ++i) {
      resampled[i] = fitted_values[i] + residuals[random.below(residuals.size())];
    }
    const auto refit = robust_fit(t, resampled);
    if (!refit) continue;
    const auto d = days_to_reach(*refit, options.threshold);
    if (d) reached.push_back(*d);
  }
  e.replicates_reaching = static_cast<double>(reached.size()) / replicates;
  if (reached.empty()) {
    e.band_earliest = e.painless_day;
    e.band_latest = e.painless_day;
  } else {
    e.band_earliest = day_after(e.first_day, quantile(reached, kBandLowQuantile));
    e.band_latest = day_after(e.first_day, quantile(reached, kBandHighQuantile));
  }
  return Estimate<PainlessEstimate>::success(e);
}

}  // namespace velum::insight
