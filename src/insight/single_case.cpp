#include "insight/single_case.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <array>
#include <cmath>
#include <map>

#include "insight/detail/linear.hpp"
#include "insight/detail/random.hpp"
#include "insight/distributions.hpp"

namespace velum::insight {
namespace {

constexpr double kZ95 = 1.959963984540054;  // two-sided 95 % normal quantile

double orient(double v, Direction d) { return d == Direction::kDecrease ? -v : v; }

std::vector<double> oriented(std::span<const double> v, Direction d) {
  std::vector<double> out(v.begin(), v.end());
  for (double& x : out) x = orient(x, d);
  return out;
}

template <class T>
bool check_finite(std::span<const double> v, const char* what, Estimate<T>& failure) {
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (!std::isfinite(v[i])) {
      failure = Estimate<T>::failure(
          EstimateStatus::kInvalidInput,
          fmt::format("Value {} of {} is not a number; every rating must be a number.", i + 1, what));
      return false;
    }
  }
  return true;
}

template <class T>
bool check_two_phases(std::span<const double> a, std::span<const double> b, Estimate<T>& failure) {
  if (a.empty() || b.empty()) {
    failure = Estimate<T>::failure(
        EstimateStatus::kNotEnoughData,
        fmt::format("Needs at least one rating before and one during practice (have {} and {}).", a.size(),
                    b.size()));
    return false;
  }
  return check_finite(a, "phase A", failure) && check_finite(b, "phase B", failure);
}

int sign(double v) { return (v > 0.0) - (v < 0.0); }

// Sizes of the groups of equal values (only groups of 2 or more matter).
std::vector<double> tie_groups(std::span<const double> v) {
  std::vector<double> sorted(v.begin(), v.end());
  std::sort(sorted.begin(), sorted.end());
  std::vector<double> groups;
  std::size_t i = 0;
  while (i < sorted.size()) {
    std::size_t j = i;
    while (j < sorted.size() && sorted[j] == sorted[i]) ++j;
    groups.push_back(static_cast<double>(j - i));
    i = j;
  }
  return groups;
}

// Tie-corrected variance of Kendall's S (Kendall, Rank Correlation Methods; the
// formula scan uses) and the tau-b denominator.
struct SVariance {
  double variance = 0.0;
  double tau_b_denominator = 0.0;
};
SVariance s_variance(std::span<const double> x, std::span<const double> y) {
  const double n = static_cast<double>(x.size());
  const double n0 = n * (n - 1.0) / 2.0;
  double tx = 0, ty = 0, vt = 0, vu = 0, v1x = 0, v1y = 0, v2x = 0, v2y = 0;
  for (double t : tie_groups(x)) {
    tx += t * (t - 1.0) / 2.0;
    vt += t * (t - 1.0) * (2.0 * t + 5.0);
    v1x += t * (t - 1.0);
    v2x += t * (t - 1.0) * (t - 2.0);
  }
  for (double u : tie_groups(y)) {
    ty += u * (u - 1.0) / 2.0;
    vu += u * (u - 1.0) * (2.0 * u + 5.0);
    v1y += u * (u - 1.0);
    v2y += u * (u - 1.0) * (u - 2.0);
  }
  const double v0 = n * (n - 1.0) * (2.0 * n + 5.0);
  double variance = (v0 - vt - vu) / 18.0 + v1x * v1y / (2.0 * n * (n - 1.0));
  if (n > 2.0) variance += v2x * v2y / (9.0 * n * (n - 1.0) * (n - 2.0));
  return SVariance{variance, std::sqrt((n0 - tx) * (n0 - ty))};
}

double no_tie_sd_s(double n) { return std::sqrt(n * (n - 1.0) * (2.0 * n + 5.0) / 18.0); }

}  // namespace

CaseSeries make_case(const DailySeries& series, const std::vector<std::chrono::sys_days>& phase_starts) {
  CaseSeries c;
  const std::vector<double> offsets = day_offsets(series);
  for (std::size_t i = 0; i < series.days.size(); ++i) {
    int phase = 0;
    for (const auto& start : phase_starts) {
      if (series.days[i].day >= start) ++phase;
    }
    c.time_days.push_back(offsets[i]);
    c.value.push_back(series.days[i].value);
    c.phase.push_back(phase);
  }
  return c;
}

std::vector<double> phase_values(const CaseSeries& case_series, int phase) {
  std::vector<double> out;
  for (std::size_t i = 0; i < case_series.value.size() && i < case_series.phase.size(); ++i) {
    if (case_series.phase[i] == phase) out.push_back(case_series.value[i]);
  }
  return out;
}

Estimate<Nap> nap(std::span<const double> a, std::span<const double> b, Direction direction) {
  Estimate<Nap> failure;
  if (!check_two_phases(a, b, failure)) return failure;
  Nap r;
  for (double x : a) {
    for (double y : b) {
      const int s = sign(orient(y - x, direction));
      if (s > 0) ++r.improving_pairs;
      if (s == 0) ++r.tied_pairs;
    }
  }
  r.pairs = static_cast<int>(a.size() * b.size());
  r.non_overlap = r.improving_pairs + 0.5 * r.tied_pairs;
  const double theta = r.non_overlap / r.pairs;
  r.nap = theta;
  r.nap_rescaled = 2.0 * theta - 1.0;
  // Hanley & McNeil (1982): B plays the "abnormal" group whose values should rank higher.
  const double q1 = theta / (2.0 - theta);
  const double q2 = 2.0 * theta * theta / (1.0 + theta);
  const double na = static_cast<double>(a.size());
  const double nb = static_cast<double>(b.size());
  const double variance =
      (theta * (1.0 - theta) + (nb - 1.0) * (q1 - theta * theta) + (na - 1.0) * (q2 - theta * theta)) /
      (na * nb);
  r.standard_error = std::sqrt(std::max(0.0, variance));
  r.ci95_lower = std::clamp(theta - kZ95 * r.standard_error, 0.0, 1.0);
  r.ci95_upper = std::clamp(theta + kZ95 * r.standard_error, 0.0, 1.0);
  return Estimate<Nap>::success(r);
}

Estimate<Pnd> pnd(std::span<const double> a, std::span<const double> b, Direction direction) {
  Estimate<Pnd> failure;
  if (!check_two_phases(a, b, failure)) return failure;
  const std::vector<double> oa = oriented(a, direction);
  const double best = *std::max_element(oa.begin(), oa.end());
  Pnd r;
  r.b_count = static_cast<int>(b.size());
  for (double y : b) {
    if (orient(y, direction) > best) ++r.exceeding;
  }
  r.best_baseline = orient(best, direction);
  r.pnd_percent = 100.0 * r.exceeding / r.b_count;
  return Estimate<Pnd>::success(r);
}

Estimate<Kendall> kendall(std::span<const double> x, std::span<const double> y, TauMethod method) {
  constexpr std::size_t kMinPoints = 3;
  if (x.size() != y.size()) {
    return Estimate<Kendall>::failure(
        EstimateStatus::kInvalidInput,
        fmt::format("Kendall's tau needs paired values ({} and {} given).", x.size(), y.size()));
  }
  if (x.size() < kMinPoints) {
    return Estimate<Kendall>::failure(
        EstimateStatus::kNotEnoughData,
        fmt::format("Kendall's tau needs at least 3 points (have {}).", x.size()));
  }
  Estimate<Kendall> failure;
  if (!check_finite(x, "x", failure) || !check_finite(y, "y", failure)) return failure;
  Kendall k;
  k.n = static_cast<int>(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    for (std::size_t j = i + 1; j < x.size(); ++j) k.s += sign(x[j] - x[i]) * sign(y[j] - y[i]);
  }
  const SVariance v = s_variance(x, y);
  const double n = static_cast<double>(x.size());
  if (method == TauMethod::kA) {
    k.denominator = n * (n - 1.0) / 2.0;
    k.variance_s = n * (n - 1.0) * (2.0 * n + 5.0) / 18.0;
  } else {
    k.denominator = v.tau_b_denominator;
    k.variance_s = v.variance;
  }
  if (!(k.denominator > 0.0) || !(k.variance_s > 0.0)) {
    return Estimate<Kendall>::failure(
        EstimateStatus::kUndefinedIdentical,
        "Kendall's tau is undefined because all values (or all times) are identical.");
  }
  k.tau = k.s / k.denominator;
  k.sd_s = std::sqrt(k.variance_s);
  k.z = k.s / k.sd_s;
  k.p = normal_two_sided_p(k.z);
  return Estimate<Kendall>::success(k);
}

const TauURow& TauU::row(std::string_view name) const {
  for (const TauURow& r : rows) {
    if (r.name == name) return r;
  }
  return rows.front();
}

Estimate<TauU> tau_u(std::span<const double> a, std::span<const double> b, Direction direction,
                     TauMethod method) {
  Estimate<TauU> failure;
  if (!check_two_phases(a, b, failure)) return failure;
  const std::vector<double> oa = oriented(a, direction);
  const std::vector<double> ob = oriented(b, direction);
  const std::size_t na = oa.size();
  const std::size_t nb = ob.size();

  struct Counts {
    int pos = 0, neg = 0, ties = 0;
  };
  auto count = [](std::span<const double> first, std::span<const double> second, bool within) {
    Counts c;
    for (std::size_t i = 0; i < first.size(); ++i) {
      for (std::size_t j = within ? i + 1 : 0; j < second.size(); ++j) {
        const int s = sign(second[j] - first[i]);
        if (s > 0) ++c.pos;
        if (s < 0) ++c.neg;
        if (s == 0) ++c.ties;
      }
    }
    return c;
  };
  // Pairs within a phase in time order: ties from the tie groups, strict
  // decreases as inversions counted by merge sort, so a phase of years of daily
  // ratings costs n·log n instead of n²/2 comparisons.
  auto count_within = [](std::span<const double> v) {
    Counts c;
    for (double t : tie_groups(v)) c.ties += static_cast<int>(t * (t - 1.0) / 2.0);
    std::vector<double> work(v.begin(), v.end());
    std::vector<double> merged(work.size());
    long long inversions = 0;
    for (std::size_t width = 1; width < work.size(); width *= 2) {
      for (std::size_t lo = 0; lo < work.size(); lo += 2 * width) {
        const std::size_t mid = std::min(lo + width, work.size());
        const std::size_t hi = std::min(lo + 2 * width, work.size());
        std::size_t i = lo, j = mid, k = lo;
        while (i < mid && j < hi) {
          // An earlier value strictly above a later one is one decrease per remaining left value.
          if (work[j] < work[i]) {
            inversions += static_cast<long long>(mid - i);
            merged[k++] = work[j++];
          } else {
            merged[k++] = work[i++];
          }
        }
        while (i < mid) merged[k++] = work[i++];
        while (j < hi) merged[k++] = work[j++];
      }
      std::swap(work, merged);
    }
    const auto n = static_cast<long long>(v.size());
    const long long pairs = n * (n - 1) / 2;
    c.neg = static_cast<int>(inversions);
    c.pos = static_cast<int>(pairs - inversions - c.ties);
    return c;
  };
  const Counts ab = count(oa, ob, false);
  const Counts aa = count_within(oa);
  const Counts bb = count_within(ob);

  std::vector<double> all(oa);
  all.insert(all.end(), ob.begin(), ob.end());
  const double dna = static_cast<double>(na);
  const double dnb = static_cast<double>(nb);
  // The time codings whose Kendall S equals each combined row's S (scan's tau_u).
  std::vector<double> x_minus_trend_a, x_plus_trend_b, x_full;
  for (std::size_t i = 0; i < na; ++i) {
    const double reversed = dna - static_cast<double>(i);
    x_minus_trend_a.push_back(reversed);
    x_plus_trend_b.push_back(0.0);
    x_full.push_back(reversed);
  }
  for (std::size_t j = 0; j < nb; ++j) {
    const double later = dna + 1.0 + static_cast<double>(j);
    x_minus_trend_a.push_back(dna + 1.0);
    x_plus_trend_b.push_back(later);
    x_full.push_back(later);
  }

  const int pairs_ab = static_cast<int>(na * nb);
  const int pairs_aa = static_cast<int>(na * (na - 1) / 2);
  const int pairs_bb = static_cast<int>(nb * (nb - 1) / 2);

  auto make_row = [&](const char* name, int pairs, int pos, int neg, int ties, double d_tau_b, double sd_s) {
    TauURow row;
    row.name = name;
    row.pairs = pairs;
    row.positive = pos;
    row.negative = neg;
    row.ties = ties;
    row.s = pos - neg;
    const double d = method == TauMethod::kA ? static_cast<double>(pairs) : d_tau_b;
    if (!(d > 0.0) || !(sd_s > 0.0)) {
      row.statistic = Estimate<TauUStatistic>::failure(
          pairs == 0 ? EstimateStatus::kNotEnoughData : EstimateStatus::kUndefinedIdentical,
          pairs == 0 ? fmt::format("{} needs at least two points in the phase.", name)
                     : fmt::format("{} is undefined because all compared values are identical.", name));
      return row;
    }
    TauUStatistic st;
    st.denominator = d;
    st.tau = row.s / d;
    st.sd_s = sd_s;
    st.variance_s = sd_s * sd_s;
    st.z = row.s / sd_s;
    st.se_tau = row.s != 0 ? st.tau / st.z : sd_s / d;
    st.p = normal_two_sided_p(st.z);
    row.statistic = Estimate<TauUStatistic>::success(st);
    return row;
  };
  // SD(S) and tau-b denominator for a time coding against the values.
  auto coding = [&](const std::vector<double>& x) {
    if (method == TauMethod::kA) {
      const double n = static_cast<double>(x.size());
      return std::pair{n * (n - 1.0) / 2.0, no_tie_sd_s(n)};
    }
    const SVariance v = s_variance(x, all);
    return std::pair{v.tau_b_denominator, std::sqrt(std::max(0.0, v.variance))};
  };
  auto within_phase = [&](std::span<const double> v) {
    std::vector<double> t;
    for (std::size_t i = 0; i < v.size(); ++i) t.push_back(static_cast<double>(i + 1));
    const SVariance sv = s_variance(t, v);
    return std::pair{sv.tau_b_denominator, no_tie_sd_s(static_cast<double>(v.size()))};
  };

  TauU result;
  // A vs. B: the Mann–Whitney SD of S, 2·√(nA·nB·(nA + nB + 1)/12), and for tau-b
  // the denominator pairs − ties/2, both as scan's tau_u().
  result.rows.push_back(make_row(kTauUAvsB, pairs_ab, ab.pos, ab.neg, ab.ties, pairs_ab - ab.ties / 2.0,
                                 2.0 * std::sqrt(dna * dnb * (dna + dnb + 1.0) / 12.0)));
  const auto trend_a = within_phase(oa);
  result.rows.push_back(
      make_row(kTauUTrendA, pairs_aa, aa.pos, aa.neg, aa.ties, trend_a.first, trend_a.second));
  const auto trend_b = within_phase(ob);
  result.rows.push_back(
      make_row(kTauUTrendB, pairs_bb, bb.pos, bb.neg, bb.ties, trend_b.first, trend_b.second));
  const auto minus_a = coding(x_minus_trend_a);
  result.rows.push_back(make_row(kTauUAvsBMinusTrendA, pairs_ab + pairs_aa, ab.pos + aa.neg, ab.neg + aa.pos,
                                 ab.ties + aa.ties, minus_a.first, minus_a.second));
  const auto plus_b = coding(x_plus_trend_b);
  result.rows.push_back(make_row(kTauUAvsBPlusTrendB, pairs_ab + pairs_bb, ab.pos + bb.pos, ab.neg + bb.neg,
                                 ab.ties + bb.ties, plus_b.first, plus_b.second));
  const auto full = coding(x_full);
  result.rows.push_back(make_row(kTauUAvsBPlusTrendBMinusTrendA, pairs_ab + pairs_aa + pairs_bb,
                                 ab.pos + bb.pos + aa.neg, ab.neg + bb.neg + aa.pos,
                                 ab.ties + bb.ties + aa.ties, full.first, full.second));
  return Estimate<TauU>::success(std::move(result));
}

Estimate<CorrectedTau> baseline_corrected_tau(const CaseSeries& c, Direction direction, double trend_alpha) {
  std::vector<double> ta, ya, t_all, y_all, dummy;
  for (std::size_t i = 0; i < c.value.size() && i < c.phase.size() && i < c.time_days.size(); ++i) {
    if (c.phase[i] != 0 && c.phase[i] != 1) continue;
    if (!std::isfinite(c.value[i]) || !std::isfinite(c.time_days[i])) {
      return Estimate<CorrectedTau>::failure(
          EstimateStatus::kInvalidInput,
          fmt::format("Point {} has a time or value that is not a number.", i + 1));
    }
    const double y = orient(c.value[i], direction);
    t_all.push_back(c.time_days[i]);
    y_all.push_back(y);
    dummy.push_back(c.phase[i]);
    if (c.phase[i] == 0) {
      ta.push_back(c.time_days[i]);
      ya.push_back(y);
    }
  }
  const std::size_t nb = y_all.size() - ya.size();
  const bool distinct_times =
      ta.size() >= 2 && std::adjacent_find(ta.begin(), ta.end(), std::not_equal_to<>()) != ta.end();
  if (ta.size() < 2 || !distinct_times || nb < 1) {
    return Estimate<CorrectedTau>::failure(
        EstimateStatus::kNotEnoughData,
        fmt::format("Needs at least two baseline ratings on different days and one practice rating "
                    "(have {} and {}).",
                    ta.size(), nb));
  }
  CorrectedTau r;
  r.baseline_trend = kendall(ta, ya, TauMethod::kB);

  // Theil–Sen on the baseline: median pairwise slope, then median intercept.
  std::vector<double> slopes;
  for (std::size_t i = 0; i < ta.size(); ++i) {
    for (std::size_t j = i + 1; j < ta.size(); ++j) {
      if (ta[j] != ta[i]) slopes.push_back((ya[j] - ya[i]) / (ta[j] - ta[i]));
    }
  }
  auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t m = v.size() / 2;
    return v.size() % 2 == 1 ? v[m] : 0.5 * (v[m - 1] + v[m]);
  };
  r.theil_sen_slope = median(slopes);
  std::vector<double> intercepts;
  for (std::size_t i = 0; i < ta.size(); ++i) intercepts.push_back(ya[i] - r.theil_sen_slope * ta[i]);
  r.theil_sen_intercept = median(intercepts);

  std::vector<double> residual;
  for (std::size_t i = 0; i < y_all.size(); ++i) {
    residual.push_back(y_all[i] - (r.theil_sen_intercept + r.theil_sen_slope * t_all[i]));
  }
  Estimate<Kendall> uncorrected = kendall(dummy, y_all, TauMethod::kB);
  if (!uncorrected.ok()) {
    return Estimate<CorrectedTau>::failure(
        uncorrected.status, "Tau between phases is undefined because all ratings are identical.");
  }
  r.uncorrected = *uncorrected.value;
  r.corrected = kendall(dummy, residual, TauMethod::kB);
  r.correction_applied = r.baseline_trend.ok() && r.baseline_trend.value->p <= trend_alpha;
  if (r.correction_applied && !r.corrected.ok()) {
    return Estimate<CorrectedTau>::failure(
        EstimateStatus::kUndefinedIdentical,
        "Baseline-corrected tau is undefined: after removing the baseline trend every value is equal.");
  }
  const Kendall& chosen = r.correction_applied ? *r.corrected.value : r.uncorrected;
  r.tau = chosen.tau;
  r.p = chosen.p;
  return Estimate<CorrectedTau>::success(std::move(r));
}

Estimate<PiecewiseRegression> piecewise_regression(const CaseSeries& c, Direction direction) {
  const std::size_t n = c.value.size();
  if (c.time_days.size() != n || c.phase.size() != n) {
    return Estimate<PiecewiseRegression>::failure(EstimateStatus::kInvalidInput,
                                                  "Times, values and phases must have the same length.");
  }
  int phases = 0;
  std::map<int, std::size_t> count;
  std::map<int, double> start;
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(c.value[i]) || !std::isfinite(c.time_days[i])) {
      return Estimate<PiecewiseRegression>::failure(
          EstimateStatus::kInvalidInput,
          fmt::format("Point {} has a time or value that is not a number.", i + 1));
    }
    if (c.phase[i] < 0 || (i > 0 && c.phase[i] < c.phase[i - 1]) ||
        (i > 0 && c.phase[i] > c.phase[i - 1] + 1) || (i == 0 && c.phase[i] != 0)) {
      return Estimate<PiecewiseRegression>::failure(
          EstimateStatus::kInvalidInput,
          fmt::format("Phase of point {} is {}; phases must start at 0 and go up one at a time.", i + 1,
                      c.phase[i]));
    }
    if (count[c.phase[i]]++ == 0) start[c.phase[i]] = c.time_days[i];
    phases = std::max(phases, c.phase[i] + 1);
  }
  if (phases < 2) {
    return Estimate<PiecewiseRegression>::failure(
        EstimateStatus::kNotEnoughData,
        "Piecewise regression needs ratings from a baseline and from a practice phase.");
  }
  constexpr std::size_t kMinPerPhase = 2;
  for (int k = 0; k < phases; ++k) {
    if (count[k] < kMinPerPhase) {
      return Estimate<PiecewiseRegression>::failure(
          EstimateStatus::kNotEnoughData,
          fmt::format("Piecewise regression needs at least 2 ratings in every phase; phase {} has {}.", k + 1,
                      count[k]));
    }
  }
  const std::size_t p = 2 + 2 * static_cast<std::size_t>(phases - 1);
  if (n <= p) {
    return Estimate<PiecewiseRegression>::failure(
        EstimateStatus::kNotEnoughData,
        fmt::format("Piecewise regression needs more than {} ratings to estimate {} terms (have {}).", p, p,
                    n));
  }
  detail::Matrix x(n, p);
  std::vector<double> y(c.value);
  for (std::size_t i = 0; i < n; ++i) {
    x(i, 0) = 1.0;
    x(i, 1) = c.time_days[i];
    for (int k = 1; k < phases; ++k) {
      const std::size_t col = 2 + 2 * static_cast<std::size_t>(k - 1);
      const bool in = c.phase[i] == k;
      x(i, col) = in ? 1.0 : 0.0;
      x(i, col + 1) = in ? c.time_days[i] - start[k] : 0.0;
    }
  }
  const auto fit = detail::ordinary_least_squares(x, y);
  if (!fit) {
    return Estimate<PiecewiseRegression>::failure(
        EstimateStatus::kUndefinedIdentical,
        "Piecewise regression is undefined: ratings share identical days.");
  }
  const double df = static_cast<double>(n - p);
  double mean = 0.0;
  for (double v : y) mean += v;
  mean /= static_cast<double>(n);
  double sst = 0.0;
  for (double v : y) sst += (v - mean) * (v - mean);
  if (!(sst > 0.0)) {
    return Estimate<PiecewiseRegression>::failure(
        EstimateStatus::kUndefinedIdentical, "Piecewise regression is undefined: all ratings are identical.");
  }
  const double sigma2 = fit->residual_sum_of_squares / df;
  auto coefficient = [&](std::size_t j) {
    Coefficient co;
    co.estimate = fit->beta[j];
    co.standard_error = std::sqrt(std::max(0.0, sigma2 * fit->inverse_gram(j, j)));
    if (co.standard_error > 0.0) {
      co.t = co.estimate / co.standard_error;
      co.p = student_t_two_sided_p(co.t, df);
    } else {
      // A perfect fit: the estimate is exact; report t as 0 rather than infinity.
      co.t = 0.0;
      co.p = co.estimate == 0.0 ? 1.0 : 0.0;
    }
    co.favours_improvement = orient(co.estimate, direction) > 0.0;
    return co;
  };
  PiecewiseRegression r;
  r.intercept = coefficient(0);
  r.trend = coefficient(1);
  for (int k = 1; k < phases; ++k) {
    const std::size_t col = 2 + 2 * static_cast<std::size_t>(k - 1);
    r.changes.push_back(PhaseChange{k, coefficient(col), coefficient(col + 1)});
  }
  r.r_squared = 1.0 - fit->residual_sum_of_squares / sst;
  r.residual_df = static_cast<int>(n - p);
  return Estimate<PiecewiseRegression>::success(std::move(r));
}

namespace {

// Ranks the observed split among all admissible splits; `splits` holds, per
// admissible start, the number of leading values that form phase A.
Estimate<RandomizationTest> rank_splits(std::span<const double> values, std::size_t actual_split,
                                        const std::vector<std::size_t>& splits, Direction direction) {
  Estimate<RandomizationTest> failure;
  if (!check_finite(values, "the series", failure)) return failure;
  auto statistic = [&](std::size_t s) {
    double sum_a = 0.0, sum_b = 0.0;
    for (std::size_t i = 0; i < s; ++i) sum_a += values[i];
    for (std::size_t i = s; i < values.size(); ++i) sum_b += values[i];
    const double diff = sum_b / static_cast<double>(values.size() - s) - sum_a / static_cast<double>(s);
    return orient(diff, direction);
  };
  RandomizationTest r;
  r.observed = statistic(actual_split);
  double scale = 0.0;
  for (double v : values) scale = std::max(scale, std::fabs(v));
  // Sums of the same numbers in another order differ in the last bits; count those as ties.
  const double tolerance = 1e-12 * std::max(1.0, scale);
  for (std::size_t s : splits) {
    const double st = statistic(s);
    r.statistics.push_back(st);
    if (st >= r.observed - tolerance) ++r.as_extreme;
  }
  r.start_count = static_cast<int>(r.statistics.size());
  r.p = static_cast<double>(r.as_extreme) / r.start_count;
  return Estimate<RandomizationTest>::success(std::move(r));
}

}  // namespace

Estimate<RandomizationTest> randomization_test(std::span<const double> values, std::size_t actual_start,
                                               std::size_t earliest_start, std::size_t latest_start,
                                               Direction direction) {
  if (values.size() < 2) {
    return Estimate<RandomizationTest>::failure(
        EstimateStatus::kNotEnoughData,
        fmt::format("The randomization test needs ratings before and after the start (have {}).",
                    values.size()));
  }
  if (earliest_start < 1 || latest_start > values.size() - 1 || earliest_start > latest_start ||
      actual_start < earliest_start || actual_start > latest_start) {
    return Estimate<RandomizationTest>::failure(
        EstimateStatus::kInvalidInput,
        fmt::format(
            "Start {} with window [{}, {}] does not fit {} ratings; a start must leave at least one rating "
            "before it and lie inside the window.",
            actual_start, earliest_start, latest_start, values.size()));
  }
  std::vector<std::size_t> splits;
  for (std::size_t s = earliest_start; s <= latest_start; ++s) splits.push_back(s);
  return rank_splits(values, actual_start, splits, direction);
}

Estimate<RandomizationTest> randomization_test(const DailySeries& series, std::chrono::sys_days actual_start,
                                               std::chrono::sys_days earliest, std::chrono::sys_days latest,
                                               Direction direction) {
  if (latest < earliest || actual_start < earliest || actual_start > latest) {
    return Estimate<RandomizationTest>::failure(
        EstimateStatus::kInvalidInput,
        "The actual start day must lie inside the window of admissible start days.");
  }
  auto split_at = [&](std::chrono::sys_days start) {
    std::size_t n = 0;
    while (n < series.days.size() && series.days[n].day < start) ++n;
    return n;
  };
  std::vector<std::size_t> splits;
  for (auto day = earliest; day <= latest; day += std::chrono::days{1}) {
    const std::size_t s = split_at(day);
    if (s == 0 || s == series.days.size()) {
      return Estimate<RandomizationTest>::failure(
          EstimateStatus::kNotEnoughData,
          fmt::format(
              "A start on day {} of the window would leave no ratings {} it; record ratings on both sides "
              "of every admissible start.",
              (day - earliest).count() + 1, s == 0 ? "before" : "after"));
    }
    splits.push_back(s);
  }
  return rank_splits(values(series), split_at(actual_start), splits, direction);
}

Estimate<StartDraw> draw_start_day(std::chrono::sys_days earliest, std::chrono::sys_days latest,
                                   std::uint64_t seed) {
  if (latest < earliest) {
    return Estimate<StartDraw>::failure(
        EstimateStatus::kInvalidInput,
        "The latest start day is before the earliest; swap them or widen the window.");
  }
  const auto span_days = (latest - earliest).count() + 1;
  detail::SplitMix64 random(seed);
  const std::uint64_t offset = random.below(static_cast<std::uint64_t>(span_days));
  StartDraw d;
  d.start = earliest + std::chrono::days{static_cast<std::chrono::days::rep>(offset)};
  d.admissible_starts = static_cast<int>(span_days);
  d.smallest_possible_p = 1.0 / static_cast<double>(span_days);
  return Estimate<StartDraw>::success(d);
}

}  // namespace velum::insight
