#include "insight/single_case.hpp"

#include <gtest/gtest.h>
#include <cmath>
#include <limits>
#include <set>

namespace velum::insight {
namespace {
using namespace std::chrono;

// Hand-derived values below are printed to 6 decimals in the comments.
constexpr double kTol = 1e-6;

// --- NAP --------------------------------------------------------------------
// Data: the "gretchen" example of scan's nap() documentation (aggressive
// behaviour, lower is better): A = 12, 14, 9, 10; B = 10, 6, 4, 5, 3, 4.
const std::vector<double> kGretchenA{12, 14, 9, 10};
const std::vector<double> kGretchenB{10, 6, 4, 5, 3, 4};

TEST(Nap, ScoresTheGretchenExampleByHand) {
  // Pairs 4·6 = 24. B below A: vs 12 → 6, vs 14 → 6, vs 9 → 5, vs 10 → 5 (+1 tie).
  // Non-overlap = 22 + 0.5·1 = 22.5; NAP = 22.5 / 24 = 0.9375.
  const auto r = nap(kGretchenA, kGretchenB, Direction::kDecrease);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value->pairs, 24);
  EXPECT_EQ(r.value->improving_pairs, 22);
  EXPECT_EQ(r.value->tied_pairs, 1);
  EXPECT_DOUBLE_EQ(r.value->nap, 0.9375);
  EXPECT_DOUBLE_EQ(r.value->nap_rescaled, 0.875);
  // Hanley & McNeil (1982) SE with θ = 0.9375, nA = 4, nB = 6:
  // Q1 = θ/(2−θ) = 0.882353, Q2 = 2θ²/(1+θ) = 0.907258, θ² = 0.878906;
  // var = [θ(1−θ) + 5(Q1−θ²) + 3(Q2−θ²)] / 24 = (0.058594 + 0.017234 + 0.085056) / 24
  //     = 0.006704 → SE = 0.081875; CI = 0.9375 ∓ 1.96·SE = [0.777029, 1 (clipped)].
  EXPECT_NEAR(r.value->standard_error, 0.081875, 1e-6);
  EXPECT_NEAR(r.value->ci95_lower, 0.777029, 1e-6);
  EXPECT_DOUBLE_EQ(r.value->ci95_upper, 1.0);
}

TEST(Nap, IsOneHalfWhenEveryValueIsIdentical) {
  const std::vector<double> same{3, 3, 3};
  const auto r = nap(same, same, Direction::kDecrease);
  ASSERT_TRUE(r.ok());
  EXPECT_DOUBLE_EQ(r.value->nap, 0.5);
  EXPECT_TRUE(std::isfinite(r.value->standard_error));
}

TEST(Nap, ReportsNotEnoughDataForAnEmptyPhase) {
  const auto r = nap({}, kGretchenB, Direction::kDecrease);
  EXPECT_EQ(r.status, EstimateStatus::kNotEnoughData);
  EXPECT_NE(r.reason.find("have 0 and 6"), std::string::npos);
}

TEST(Nap, RejectsANonNumber) {
  const std::vector<double> bad{1.0, std::numeric_limits<double>::infinity()};
  EXPECT_EQ(nap(kGretchenA, bad, Direction::kIncrease).status, EstimateStatus::kInvalidInput);
}

// Parker, Vannest & Davis (2011), "Effect size in single-case research: a review of
// nine nonoverlap techniques", worked example 1 (values as encoded in the
// SingleCaseES package's tests): A = 20, 20, 26, 25, 22, 23; B = 28, 25, 24, 27,
// 30, 30, 29; higher is better. Published: NAP = 38.5/42, Tau = (38 − 3)/42, PND = 5/7.
const std::vector<double> kParkerA{20, 20, 26, 25, 22, 23};
const std::vector<double> kParkerB{28, 25, 24, 27, 30, 30, 29};

TEST(Nap, MatchesParkerVannestDavisExampleOne) {
  const auto r = nap(kParkerA, kParkerB, Direction::kIncrease);
  ASSERT_TRUE(r.ok());
  EXPECT_DOUBLE_EQ(r.value->nap, 38.5 / 42.0);
}

TEST(Pnd, MatchesParkerVannestDavisExampleOne) {
  const auto r = pnd(kParkerA, kParkerB, Direction::kIncrease);
  ASSERT_TRUE(r.ok());
  EXPECT_DOUBLE_EQ(r.value->pnd_percent, 100.0 * 5.0 / 7.0);
}

TEST(TauU, MatchesParkerVannestDavisExampleOneTau) {
  const auto r = tau_u(kParkerA, kParkerB, Direction::kIncrease, TauMethod::kA);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value->row(kTauUAvsB).positive, 38);
  EXPECT_EQ(r.value->row(kTauUAvsB).negative, 3);
  EXPECT_DOUBLE_EQ(r.value->row(kTauUAvsB).statistic.value->tau, 35.0 / 42.0);
}

TEST(TauU, MatchesParkerVannestDavisExampleTwoCounts) {
  // Example 2: A = 3, 3, 4, 5; B = 4, 5, 6, 7, 7. Published Tau = 16/20 and Tau-U
  // (A vs. B − Trend A over the A·B pairs, as SingleCaseES's Tau_U) = 11/20, so S = 11;
  // scan's "complete" method divides the same S by 20 + 6 pairs.
  const auto r = tau_u(std::vector<double>{3, 3, 4, 5}, std::vector<double>{4, 5, 6, 7, 7},
                       Direction::kIncrease, TauMethod::kA);
  ASSERT_TRUE(r.ok());
  EXPECT_DOUBLE_EQ(r.value->row(kTauUAvsB).statistic.value->tau, 16.0 / 20.0);
  EXPECT_EQ(r.value->row(kTauUAvsBMinusTrendA).s, 11);
  EXPECT_DOUBLE_EQ(r.value->row(kTauUAvsBMinusTrendA).statistic.value->tau, 11.0 / 26.0);
}

// --- PND --------------------------------------------------------------------
TEST(Pnd, CountsPracticePointsBeyondTheBestBaselinePoint) {
  // Lowest A = 9 (lower is better). B below 9: 6, 4, 5, 3, 4 → 5 of 6 = 83.33 %.
  const auto r = pnd(kGretchenA, kGretchenB, Direction::kDecrease);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value->exceeding, 5);
  EXPECT_DOUBLE_EQ(r.value->best_baseline, 9.0);
  EXPECT_NEAR(r.value->pnd_percent, 500.0 / 6.0, kTol);
}

TEST(Pnd, WorksWithABaselineOfOnePoint) {
  // Increase expected, A = {5}: B = 4, 6, 7 → 2 of 3 exceed 5.
  const auto r = pnd(std::vector<double>{5}, std::vector<double>{4, 6, 7}, Direction::kIncrease);
  ASSERT_TRUE(r.ok());
  EXPECT_NEAR(r.value->pnd_percent, 200.0 / 3.0, kTol);
}

// --- Tau-U ------------------------------------------------------------------
// Data: "Bob" from Parker, Vannest, Davis & Sauber (2011), as reproduced in the
// example of scan's tau_u(): A = 2, 3, 5, 3; B = 4, 5, 5, 7, 6 (higher is better).
// Every expected number is derived by hand here; the p-values use Φ.
const std::vector<double> kBobA{2, 3, 5, 3};
const std::vector<double> kBobB{4, 5, 5, 7, 6};

TEST(TauU, CountsBobsPairsByHand) {
  const auto r = tau_u(kBobA, kBobB, Direction::kIncrease, TauMethod::kA);
  ASSERT_TRUE(r.ok());
  // A vs. B: vs 2 → 5+, vs 3 → 5+, vs 5 → 2+ 1− 2T, vs 3 → 5+  ⇒ 17+, 1−, 2T, S = 16.
  const TauURow& ab = r.value->row(kTauUAvsB);
  EXPECT_EQ(ab.pairs, 20);
  EXPECT_EQ(ab.positive, 17);
  EXPECT_EQ(ab.negative, 1);
  EXPECT_EQ(ab.ties, 2);
  EXPECT_EQ(ab.s, 16);
  // Trend A: (2,3)+ (2,5)+ (2,3)+ (3,5)+ (3,3)T (5,3)−  ⇒ S = 3 of 6 pairs.
  EXPECT_EQ(r.value->row(kTauUTrendA).s, 3);
  EXPECT_EQ(r.value->row(kTauUTrendA).pairs, 6);
  // Trend B: 4→ four +; 5→ T,+,+; 5→ +,+; 7→ −  ⇒ 8+, 1−, 1T, S = 7 of 10 pairs.
  EXPECT_EQ(r.value->row(kTauUTrendB).s, 7);
  // Combined rows: 16 − 3 = 13 (26 pairs), 16 + 7 = 23 (30), 16 + 7 − 3 = 20 (36).
  EXPECT_EQ(r.value->row(kTauUAvsBMinusTrendA).s, 13);
  EXPECT_EQ(r.value->row(kTauUAvsBMinusTrendA).pairs, 26);
  EXPECT_EQ(r.value->row(kTauUAvsBPlusTrendB).s, 23);
  EXPECT_EQ(r.value->row(kTauUAvsBPlusTrendB).pairs, 30);
  EXPECT_EQ(r.value->row(kTauUAvsBPlusTrendBMinusTrendA).s, 20);
  EXPECT_EQ(r.value->row(kTauUAvsBPlusTrendBMinusTrendA).pairs, 36);
}

TEST(TauU, GivesBobsTauAZAndPByHand) {
  const auto r = tau_u(kBobA, kBobB, Direction::kIncrease, TauMethod::kA);
  ASSERT_TRUE(r.ok());
  struct Expected {
    const char* name;
    double tau, sd_s, z, p;
  };
  // A vs. B: SD(S) = 2·√(4·5·10/12) = 8.164966, Z = 16/8.164966 = 1.959592.
  // Trend A: SD = √(4·3·13/18) = 2.943920; Trend B: √(5·4·15/18) = 4.082483.
  // Combined rows, N = 9: SD = √(9·8·23/18) = √92 = 9.591663.
  const Expected rows[] = {
      {kTauUAvsB, 0.8, 8.164966, 1.959592, 0.050044},
      {kTauUTrendA, 0.5, 2.943920, 1.019049, 0.308180},
      {kTauUTrendB, 0.7, 4.082483, 1.714643, 0.086411},
      {kTauUAvsBMinusTrendA, 0.5, 9.591663, 1.355344, 0.175308},
      {kTauUAvsBPlusTrendB, 23.0 / 30.0, 9.591663, 2.397916, 0.016489},
      {kTauUAvsBPlusTrendBMinusTrendA, 20.0 / 36.0, 9.591663, 2.085144, 0.037056},
  };
  for (const Expected& e : rows) {
    SCOPED_TRACE(e.name);
    const auto& st = r.value->row(e.name).statistic;
    ASSERT_TRUE(st.ok()) << st.reason;
    EXPECT_NEAR(st.value->tau, e.tau, kTol);
    EXPECT_NEAR(st.value->sd_s, e.sd_s, kTol);
    EXPECT_NEAR(st.value->z, e.z, kTol);
    EXPECT_NEAR(st.value->p, e.p, kTol);
  }
}

TEST(TauU, UsesTauBDenominatorsLikeScan) {
  const auto r = tau_u(kBobA, kBobB, Direction::kIncrease, TauMethod::kB);
  ASSERT_TRUE(r.ok());
  // A vs. B: D = pairs − ties/2 = 20 − 1 = 19 → 16/19.
  EXPECT_NEAR(r.value->row(kTauUAvsB).statistic.value->tau, 16.0 / 19.0, kTol);
  // Trend A: values 2,3,5,3 have one tied pair → D = √(6·5) = 5.477226 → 3/D = 0.547723.
  EXPECT_NEAR(r.value->row(kTauUTrendA).statistic.value->tau, 0.547723, kTol);
  // Trend B: 4,5,5,7,6 has one tied pair → D = √(10·9) = 9.486833 → 7/D = 0.737865.
  EXPECT_NEAR(r.value->row(kTauUTrendB).statistic.value->tau, 0.737865, kTol);
  // A vs. B + Trend B − Trend A: Kendall of the values 2,3,5,3,4,5,5,7,6 against
  // the coding 4,3,2,1,5,6,7,8,9 (no ties). Value ties: one pair of 3s, three 5s →
  // Σu(u−1)/2 = 1 + 3 = 4, D = √(36·(36 − 4)) = 33.941125 → tau = 20/D = 0.589256;
  // var S = (9·8·23 − [2·1·9 + 3·2·11])/18 = (1656 − 84)/18 = 87.333333 →
  // SD = 9.345231, Z = 2.140129, p = 0.032344.
  const auto& full = r.value->row(kTauUAvsBPlusTrendBMinusTrendA).statistic;
  ASSERT_TRUE(full.ok());
  EXPECT_NEAR(full.value->tau, 0.589256, kTol);
  EXPECT_NEAR(full.value->sd_s, 9.345231, kTol);
  EXPECT_NEAR(full.value->z, 2.140129, kTol);
  EXPECT_NEAR(full.value->p, 0.032344, kTol);
}

TEST(TauU, TreatsLowerAsBetterWhenTheDirectionIsDecrease) {
  std::vector<double> a, b;
  for (double v : kBobA) a.push_back(10.0 - v);
  for (double v : kBobB) b.push_back(10.0 - v);
  const auto up = tau_u(kBobA, kBobB, Direction::kIncrease);
  const auto down = tau_u(a, b, Direction::kDecrease);
  ASSERT_TRUE(up.ok() && down.ok());
  for (std::size_t i = 0; i < up.value->rows.size(); ++i) {
    EXPECT_EQ(up.value->rows[i].s, down.value->rows[i].s);
    EXPECT_NEAR(up.value->rows[i].statistic.value->tau, down.value->rows[i].statistic.value->tau, kTol);
  }
}

TEST(TauU, LeavesTrendAUndefinedWithABaselineOfOnePoint) {
  const auto r = tau_u(std::vector<double>{6}, std::vector<double>{5, 4, 3}, Direction::kDecrease);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value->row(kTauUTrendA).statistic.status, EstimateStatus::kNotEnoughData);
  EXPECT_NE(r.value->row(kTauUTrendA).statistic.reason.find("Trend A"), std::string::npos);
  EXPECT_TRUE(r.value->row(kTauUAvsB).statistic.ok());
  EXPECT_DOUBLE_EQ(r.value->row(kTauUAvsB).statistic.value->tau, 1.0);
}

TEST(TauU, IsUndefinedNotNanWhenEveryValueIsIdentical) {
  const std::vector<double> same{4, 4, 4};
  const auto r = tau_u(same, same, Direction::kDecrease, TauMethod::kB);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value->row(kTauUTrendB).statistic.status, EstimateStatus::kUndefinedIdentical);
  EXPECT_EQ(r.value->row(kTauUAvsBPlusTrendBMinusTrendA).statistic.status,
            EstimateStatus::kUndefinedIdentical);
  for (const TauURow& row : r.value->rows) {
    if (row.statistic.ok()) {
      EXPECT_TRUE(std::isfinite(row.statistic.value->tau)) << row.name;
    }
  }
}

TEST(TauU, AvsBTauAIsTwiceNapMinusOneOnRandomData) {
  // Parker et al. (2011): Tau (A vs. B, tau-a) = 2·NAP − 1, since both count the
  // same A–B pairs. Checked on seeded random ratings with ties (whole numbers 0–10).
  std::uint64_t state = 7;
  auto next = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>((state >> 33U) % 11U);
  };
  for (int trial = 0; trial < 50; ++trial) {
    std::vector<double> a(static_cast<std::size_t>(1 + trial % 7)),
        b(static_cast<std::size_t>(2 + trial % 5));
    for (double& v : a) v = next();
    for (double& v : b) v = next();
    for (Direction d : {Direction::kIncrease, Direction::kDecrease}) {
      const auto t = tau_u(a, b, d, TauMethod::kA);
      const auto n = nap(a, b, d);
      ASSERT_TRUE(t.ok() && n.ok());
      EXPECT_NEAR(t.value->row(kTauUAvsB).statistic.value->tau, 2.0 * n.value->nap - 1.0, 1e-12);
    }
    EXPECT_NEAR(nap(a, b, Direction::kIncrease).value->nap + nap(a, b, Direction::kDecrease).value->nap, 1.0,
                1e-12);
  }
}

// --- Kendall ------------------------------------------------------------------
TEST(Kendall, MatchesKendallsBookExampleWithTies) {
  // Kendall (1970), Rank Correlation Methods, Example 3.1 (p. 35), tied ranks:
  // S = 33, D = √(41·36), tau-b = .859.
  const std::vector<double> x{1, 2.5, 2.5, 4.5, 4.5, 6.5, 6.5, 8, 9.5, 9.5};
  const std::vector<double> y{1, 2, 4.5, 4.5, 4.5, 4.5, 8, 8, 8, 10};
  const auto r = kendall(x, y, TauMethod::kB);
  ASSERT_TRUE(r.ok());
  EXPECT_DOUBLE_EQ(r.value->s, 33.0);
  EXPECT_NEAR(r.value->denominator, std::sqrt(41.0 * 36.0), 1e-12);
  EXPECT_NEAR(r.value->tau, 0.859, 5e-4);
}

TEST(Kendall, NeedsThreePoints) {
  EXPECT_EQ(kendall(std::vector<double>{1, 2}, std::vector<double>{2, 1}).status,
            EstimateStatus::kNotEnoughData);
}

// --- Baseline-corrected Tau ---------------------------------------------------
CaseSeries rising_case() {
  // A: days 0–3, values 1, 2, 3, 4 (a clean rising baseline);
  // B: days 4–7, values 4, 5, 6, 7 (the same rise, one point lower).
  return CaseSeries{{0, 1, 2, 3, 4, 5, 6, 7}, {1, 2, 3, 4, 4, 5, 6, 7}, {0, 0, 0, 0, 1, 1, 1, 1}};
}

TEST(CorrectedTau, RemovesASignificantBaselineTrendByHand) {
  const auto r = baseline_corrected_tau(rising_case(), Direction::kIncrease);
  ASSERT_TRUE(r.ok()) << r.reason;
  // Baseline trend: S = 6 of 6 pairs, var S = 4·3·13/18 = 8.666667, Z = 2.038099,
  // p = 0.041540 ≤ 0.05 → correction applied.
  ASSERT_TRUE(r.value->baseline_trend.ok());
  EXPECT_NEAR(r.value->baseline_trend.value->z, 2.038099, kTol);
  EXPECT_NEAR(r.value->baseline_trend.value->p, 0.041540, kTol);
  EXPECT_TRUE(r.value->correction_applied);
  // Theil–Sen: all pairwise slopes are 1; intercept = median(y − t) = 1.
  EXPECT_DOUBLE_EQ(r.value->theil_sen_slope, 1.0);
  EXPECT_DOUBLE_EQ(r.value->theil_sen_intercept, 1.0);
  // Residuals: A 0,0,0,0; B −1,−1,−1,−1 → every A–B pair discordant, S = −16,
  // D = √((28 − 12)(28 − 12)) = 16 → tau = −1. var S = (1176 − 312 − 312)/18
  // + 24·24/(2·8·7) + 48·48/(9·8·7·6) = 256/7 → Z = −16/√(256/7) = −√7, p = 0.008151.
  EXPECT_DOUBLE_EQ(r.value->tau, -1.0);
  EXPECT_NEAR(r.value->corrected.value->z, -std::sqrt(7.0), kTol);
  EXPECT_NEAR(r.value->p, 0.008151, kTol);
  // Uncorrected: 15 of 16 A–B pairs rise, 1 tie (4 vs 4): S = 15,
  // D = √((28 − 12)(28 − 1)) = 20.784610 → tau = 0.721688; var S = (1176 − 312 − 18)/18
  // + 24·2/(2·8·7) = 47.428571 → Z = 2.178067, p = 0.029401.
  EXPECT_NEAR(r.value->uncorrected.tau, 0.721688, kTol);
  EXPECT_NEAR(r.value->uncorrected.p, 0.029401, kTol);
}

TEST(CorrectedTau, KeepsTheUncorrectedTauWithoutASignificantTrend) {
  // Baseline 5, 3, 5, 3 against time: (5,3)− (5,5)T (5,3)− (3,5)+ (3,3)T (5,3)−, so
  // S = −2 (+2 once lower counts as better); var S with two tied pairs of values is
  // (4·3·13 − 2·2·1·9)/18 = 6.666667 → Z = 0.774597, p = 0.44 > 0.05: no correction.
  const CaseSeries c{{0, 1, 2, 3, 4, 5, 6}, {5, 3, 5, 3, 2, 1, 1}, {0, 0, 0, 0, 1, 1, 1}};
  const auto r = baseline_corrected_tau(c, Direction::kDecrease);
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(r.value->baseline_trend.ok());
  EXPECT_NEAR(r.value->baseline_trend.value->z, 0.774597, kTol);
  EXPECT_FALSE(r.value->correction_applied);
  EXPECT_DOUBLE_EQ(r.value->tau, r.value->uncorrected.tau);
  EXPECT_GT(r.value->tau, 0.0);  // pain went down: an improvement
}

TEST(CorrectedTau, NeedsTwoBaselinePointsOnDifferentDays) {
  const CaseSeries c{{0, 1, 2}, {5, 4, 3}, {0, 1, 1}};
  const auto r = baseline_corrected_tau(c, Direction::kDecrease);
  EXPECT_EQ(r.status, EstimateStatus::kNotEnoughData);
  EXPECT_NE(r.reason.find("have 1 and 2"), std::string::npos);
}

TEST(CorrectedTau, IsUndefinedWhenEveryRatingIsIdentical) {
  const CaseSeries c{{0, 1, 2, 3, 4}, {2, 2, 2, 2, 2}, {0, 0, 0, 1, 1}};
  EXPECT_EQ(baseline_corrected_tau(c, Direction::kDecrease).status, EstimateStatus::kUndefinedIdentical);
}

// --- Piecewise regression ---------------------------------------------------
// Constructed so the answer is known exactly: y = 2 + 0.5·t + 3·D − 0.25·(t − 3)·D
// plus residuals (0.5, −1, 0.5, −0.5, 1, −0.5), which are orthogonal to every
// column of the design (within each phase they are ∝ (1, −2, 1)). So OLS returns
// the coefficients exactly, SSE = 3, df = 6 − 4 = 2, σ² = 1.5. The model equals
// one line per phase, so with x̄ = 1, Sxx = 2 in each phase of 3 points:
//   Var(level) = Var(B line at t=3) + Var(A line extrapolated to t=3)
//              = σ²(1/3 + 1/2) + σ²(1/3 + 2²/2) = 19σ²/6 = 4.75 → SE 2.179449;
//   Var(slope change) = σ²/2 + σ²/2 = 1.5 → SE 1.224745.
// t(level) = 3/2.179449 = 1.376494 → p = 1 − t/√(2 + t²) = 0.302514 (df = 2);
// t(slope) = −0.25/1.224745 = −√(1/24) → p = 1 − (1/7) = 6/7.
const CaseSeries kPiecewise{{0, 1, 2, 3, 4, 5}, {2.5, 1.5, 3.5, 6.0, 7.75, 6.5}, {0, 0, 0, 1, 1, 1}};

TEST(PiecewiseRegression, RecoversAConstructedExampleExactly) {
  const auto r = piecewise_regression(kPiecewise, Direction::kIncrease);
  ASSERT_TRUE(r.ok()) << r.reason;
  EXPECT_NEAR(r.value->intercept.estimate, 2.0, 1e-9);
  EXPECT_NEAR(r.value->intercept.standard_error, std::sqrt(1.25), 1e-9);
  EXPECT_NEAR(r.value->trend.estimate, 0.5, 1e-9);
  EXPECT_NEAR(r.value->trend.standard_error, std::sqrt(0.75), 1e-9);
  ASSERT_EQ(r.value->changes.size(), 1U);
  const PhaseChange& b = r.value->changes[0];
  EXPECT_NEAR(b.level.estimate, 3.0, 1e-9);
  EXPECT_NEAR(b.level.standard_error, 2.179449, kTol);
  EXPECT_NEAR(b.level.t, 1.376494, kTol);
  EXPECT_NEAR(b.level.p, 0.302514, kTol);
  EXPECT_TRUE(b.level.favours_improvement);
  EXPECT_NEAR(b.slope.estimate, -0.25, 1e-9);
  EXPECT_NEAR(b.slope.standard_error, std::sqrt(1.5), 1e-9);
  EXPECT_NEAR(b.slope.t, -std::sqrt(1.0 / 24.0), 1e-9);
  EXPECT_NEAR(b.slope.p, 6.0 / 7.0, 1e-9);
  EXPECT_FALSE(b.slope.favours_improvement);
  EXPECT_EQ(r.value->residual_df, 2);
  // R² = 1 − 3/SST, SST = 30.71875 (mean 4.625) → 0.902340.
  EXPECT_NEAR(r.value->r_squared, 0.902340, kTol);
}

TEST(PiecewiseRegression, ReadsADropInPainAsImprovement) {
  const auto r = piecewise_regression(kPiecewise, Direction::kDecrease);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r.value->changes[0].level.favours_improvement);
  EXPECT_TRUE(r.value->changes[0].slope.favours_improvement);
}

TEST(PiecewiseRegression, EstimatesEachFurtherPhase) {
  // A, B, then maintenance C: 3 points each, 6 terms, 9 points → df 3.
  const CaseSeries c{
      {0, 1, 2, 3, 4, 5, 6, 7, 8}, {7, 7.5, 6.8, 5, 4.2, 3.9, 2, 2.1, 1.7}, {0, 0, 0, 1, 1, 1, 2, 2, 2}};
  const auto r = piecewise_regression(c, Direction::kDecrease);
  ASSERT_TRUE(r.ok()) << r.reason;
  ASSERT_EQ(r.value->changes.size(), 2U);
  EXPECT_EQ(r.value->changes[1].phase, 2);
  EXPECT_EQ(r.value->residual_df, 3);
}

TEST(PiecewiseRegression, HandlesMissingDaysThroughRealTimes) {
  // The same constructed example spread over every other day: slopes halve,
  // levels and t statistics stay (time is rescaled by 2).
  CaseSeries c = kPiecewise;
  for (double& t : c.time_days) t *= 2.0;
  const auto r = piecewise_regression(c, Direction::kIncrease);
  ASSERT_TRUE(r.ok());
  EXPECT_NEAR(r.value->trend.estimate, 0.25, 1e-9);
  EXPECT_NEAR(r.value->changes[0].level.estimate, 3.0, 1e-9);
  EXPECT_NEAR(r.value->changes[0].slope.p, 6.0 / 7.0, 1e-9);
}

TEST(PiecewiseRegression, NeedsTwoPointsInEveryPhase) {
  const CaseSeries c{{0, 1, 2, 3, 4}, {5, 4, 6, 5, 2}, {0, 0, 0, 0, 1}};
  const auto r = piecewise_regression(c, Direction::kDecrease);
  EXPECT_EQ(r.status, EstimateStatus::kNotEnoughData);
  EXPECT_NE(r.reason.find("phase 2 has 1"), std::string::npos);
}

TEST(PiecewiseRegression, NeedsAPracticePhase) {
  const CaseSeries c{{0, 1, 2, 3}, {5, 4, 6, 5}, {0, 0, 0, 0}};
  EXPECT_EQ(piecewise_regression(c, Direction::kDecrease).status, EstimateStatus::kNotEnoughData);
}

TEST(PiecewiseRegression, IsUndefinedWhenEveryRatingIsIdentical) {
  const CaseSeries c{{0, 1, 2, 3, 4, 5}, {3, 3, 3, 3, 3, 3}, {0, 0, 0, 1, 1, 1}};
  EXPECT_EQ(piecewise_regression(c, Direction::kDecrease).status, EstimateStatus::kUndefinedIdentical);
}

TEST(PiecewiseRegression, RejectsPhasesThatGoBackwards) {
  const CaseSeries c{{0, 1, 2, 3, 4, 5}, {3, 4, 3, 2, 3, 1}, {0, 0, 1, 0, 1, 1}};
  EXPECT_EQ(piecewise_regression(c, Direction::kDecrease).status, EstimateStatus::kInvalidInput);
}

// --- Randomization test -------------------------------------------------------
TEST(RandomizationTest, RanksTheObservedStartAmongAllAdmissibleStarts) {
  // Pain 6, 7, 6, 5 | 3, 2, 3, 2 with B starting at index 4, admissible 2..6.
  // Statistic mean(A) − mean(B) (lower is better), by hand:
  //   s=2: 6.5 − 21/6 = 3.0;  s=3: 19/3 − 3 = 3.333333;  s=4: 6 − 2.5 = 3.5;
  //   s=5: 5.4 − 7/3 = 3.066667;  s=6: 29/6 − 2.5 = 2.333333.
  // The observed 3.5 is the largest: rank 1 of 5 → p = 0.2.
  const std::vector<double> pain{6, 7, 6, 5, 3, 2, 3, 2};
  const auto r = randomization_test(pain, 4, 2, 6, Direction::kDecrease);
  ASSERT_TRUE(r.ok()) << r.reason;
  EXPECT_DOUBLE_EQ(r.value->observed, 3.5);
  ASSERT_EQ(r.value->statistics.size(), 5U);
  EXPECT_NEAR(r.value->statistics[1], 10.0 / 3.0, 1e-12);
  EXPECT_NEAR(r.value->statistics[3], 3.0 + 1.0 / 15.0, 1e-12);
  EXPECT_EQ(r.value->as_extreme, 1);
  EXPECT_DOUBLE_EQ(r.value->p, 0.2);
}

TEST(RandomizationTest, CountsTiesWithTheObservedStatistic) {
  // Constant series: every start gives 0, all tie → p = 1.
  const std::vector<double> flat{3, 3, 3, 3, 3};
  const auto r = randomization_test(flat, 2, 1, 4, Direction::kDecrease);
  ASSERT_TRUE(r.ok());
  EXPECT_DOUBLE_EQ(r.value->p, 1.0);
}

TEST(RandomizationTest, RejectsAStartOutsideTheWindow) {
  const std::vector<double> pain{6, 7, 6, 5, 3};
  const auto r = randomization_test(pain, 1, 2, 4, Direction::kDecrease);
  EXPECT_EQ(r.status, EstimateStatus::kInvalidInput);
  EXPECT_NE(r.reason.find("Start 1"), std::string::npos);
  EXPECT_EQ(randomization_test(pain, 2, 0, 4, Direction::kDecrease).status, EstimateStatus::kInvalidInput);
  EXPECT_EQ(randomization_test(std::vector<double>{1}, 1, 1, 1, Direction::kDecrease).status,
            EstimateStatus::kNotEnoughData);
}

TEST(RandomizationTest, WorksOverCalendarDaysWithAMissingDay) {
  // Days 0..8 with day 5 missing: pain 6, 7, 6, 5, 3, –, 2, 3, 2. Window: days 2..6,
  // actual start day 4. Start days 5 and 6 give the same split (day 5 has no
  // rating), so by hand, statistic mean(A) − mean(B):
  //   day 2: A = 6,7 (6.5), B = 6,5,3,2,3,2 (3.5) → 3.0
  //   day 3: A = 6,7,6 (19/3), B = 5,3,2,3,2 (3) → 3.333333
  //   day 4: A = 6,7,6,5 (6), B = 3,2,3,2 (2.5) → 3.5   (observed)
  //   day 5 and day 6: A = 6,7,6,5,3 (5.4), B = 2,3,2 (7/3) → 3.066667 each
  // The observed 3.5 is the largest of 5 → p = 1/5.
  const sys_days d0{2026y / November / 2};
  std::vector<Observation> entries;
  const double pain[] = {6, 7, 6, 5, 3, -1, 2, 3, 2};
  for (int i = 0; i < 9; ++i) {
    if (pain[i] >= 0) entries.push_back({d0 + days{i}, pain[i]});
  }
  const auto series = aggregate_daily(entries);
  ASSERT_TRUE(series.ok());
  const auto r =
      randomization_test(*series.value, d0 + days{4}, d0 + days{2}, d0 + days{6}, Direction::kDecrease);
  ASSERT_TRUE(r.ok()) << r.reason;
  ASSERT_EQ(r.value->start_count, 5);
  EXPECT_DOUBLE_EQ(r.value->observed, 3.5);
  EXPECT_NEAR(r.value->statistics[3], r.value->statistics[4], 1e-15);
  EXPECT_DOUBLE_EQ(r.value->p, 0.2);
}

TEST(RandomizationTest, NeedsRatingsOnBothSidesOfEveryAdmissibleDay) {
  const sys_days d0{2026y / November / 2};
  const auto series = aggregate_daily({{d0 + days{1}, 5}, {d0 + days{2}, 4}, {d0 + days{3}, 3}});
  const auto r = randomization_test(*series.value, d0 + days{2}, d0, d0 + days{3}, Direction::kDecrease);
  EXPECT_EQ(r.status, EstimateStatus::kNotEnoughData);
  EXPECT_NE(r.reason.find("no ratings before"), std::string::npos);
}

// --- Property: nothing undefined ever escapes as a number ---------------------------
bool all_finite(std::initializer_list<double> values) {
  for (double v : values) {
    if (!std::isfinite(v)) return false;
  }
  return true;
}

TEST(SingleCaseProperty, NeverReturnsANonFiniteNumberOnTinyOrTiedData) {
  // Short phases of whole numbers from a tiny range force empty phases, single
  // points, all-tied phases and identical series; every ok result must be finite.
  std::uint64_t state = 99;
  auto next = [&state](std::uint64_t bound) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (state >> 33U) % bound;
  };
  for (int trial = 0; trial < 400; ++trial) {
    const std::size_t na = next(5);
    const std::size_t nb = next(5);
    const std::uint64_t range = 1 + next(3);
    CaseSeries c;
    for (std::size_t i = 0; i < na + nb; ++i) {
      c.time_days.push_back(static_cast<double>(i));
      c.value.push_back(static_cast<double>(next(range)));
      c.phase.push_back(i < na ? 0 : 1);
    }
    const std::vector<double> a = phase_values(c, 0);
    const std::vector<double> b = phase_values(c, 1);
    for (Direction d : {Direction::kIncrease, Direction::kDecrease}) {
      if (const auto r = nap(a, b, d); r.ok()) {
        EXPECT_TRUE(
            all_finite({r.value->nap, r.value->standard_error, r.value->ci95_lower, r.value->ci95_upper}));
      }
      if (const auto r = pnd(a, b, d); r.ok()) {
        EXPECT_TRUE(all_finite({r.value->pnd_percent}));
      }
      for (TauMethod m : {TauMethod::kA, TauMethod::kB}) {
        if (const auto r = tau_u(a, b, d, m); r.ok()) {
          for (const TauURow& row : r.value->rows) {
            if (row.statistic.ok()) {
              const TauUStatistic& st = *row.statistic.value;
              EXPECT_TRUE(all_finite({st.tau, st.sd_s, st.se_tau, st.z, st.p})) << row.name;
            } else {
              EXPECT_FALSE(row.statistic.reason.empty());
            }
          }
        }
      }
      if (const auto r = baseline_corrected_tau(c, d); r.ok()) {
        EXPECT_TRUE(all_finite({r.value->tau, r.value->p, r.value->theil_sen_slope}));
      } else {
        EXPECT_FALSE(r.reason.empty());
      }
      if (const auto r = piecewise_regression(c, d); r.ok()) {
        for (const Coefficient& co :
             {r.value->intercept, r.value->trend, r.value->changes[0].level, r.value->changes[0].slope}) {
          EXPECT_TRUE(all_finite({co.estimate, co.standard_error, co.t, co.p}));
        }
      } else {
        EXPECT_FALSE(r.reason.empty());
      }
      if (na > 0 && nb > 0) {
        std::vector<double> all(a);
        all.insert(all.end(), b.begin(), b.end());
        const auto r = randomization_test(all, na, 1, all.size() - 1, d);
        ASSERT_TRUE(r.ok()) << r.reason;
        EXPECT_TRUE(all_finite({r.value->observed, r.value->p}));
        EXPECT_GT(r.value->p, 0.0);
        EXPECT_LE(r.value->p, 1.0);
      }
    }
  }
}

// --- Planning -----------------------------------------------------------------
constexpr sys_days kEarliest = sys_days{2026y / December / 7};

TEST(DrawStartDay, IsTheSameForTheSameSeed) {
  const auto a = draw_start_day(kEarliest, kEarliest + days{20}, 42);
  const auto b = draw_start_day(kEarliest, kEarliest + days{20}, 42);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a.value->start, b.value->start);
  EXPECT_EQ(a.value->admissible_starts, 21);
  EXPECT_NEAR(a.value->smallest_possible_p, 1.0 / 21.0, 1e-15);
}

TEST(DrawStartDay, StaysInsideTheWindowAndReachesEveryDay) {
  std::set<sys_days> seen;
  for (std::uint64_t seed = 0; seed < 500; ++seed) {
    const auto d = draw_start_day(kEarliest, kEarliest + days{9}, seed);
    ASSERT_TRUE(d.ok());
    EXPECT_GE(d.value->start, kEarliest);
    EXPECT_LE(d.value->start, kEarliest + days{9});
    seen.insert(d.value->start);
  }
  EXPECT_EQ(seen.size(), 10U);
}

TEST(DrawStartDay, RejectsAnInvertedWindow) {
  const auto r = draw_start_day(kEarliest, kEarliest - days{1}, 1);
  EXPECT_EQ(r.status, EstimateStatus::kInvalidInput);
  EXPECT_NE(r.reason.find("before the earliest"), std::string::npos);
}

// --- From a daily series ---------------------------------------------------------
TEST(MakeCase, SplitsADailySeriesAtThePhaseStartsKeepingGaps) {
  const sys_days d0{2026y / November / 2};
  const auto series =
      aggregate_daily({{d0, 6}, {d0 + days{1}, 7}, {d0 + days{4}, 4}, {d0 + days{5}, 3}, {d0 + days{9}, 1}});
  ASSERT_TRUE(series.ok());
  const CaseSeries c = make_case(*series.value, {d0 + days{4}, d0 + days{9}});
  EXPECT_EQ(c.time_days, (std::vector<double>{0, 1, 4, 5, 9}));
  EXPECT_EQ(c.phase, (std::vector<int>{0, 0, 1, 1, 2}));
  EXPECT_EQ(phase_values(c, 1), (std::vector<double>{4, 3}));
}

}  // namespace
}  // namespace velum::insight

namespace velum::insight {
namespace {

// The within-phase pair counts (Trend A, Trend B) use merge-sort inversion
// counting; a direct count over every pair must agree, ties and fractions included.
TEST(TauU, TrendCountsAgreeWithCountingEveryPair) {
  std::uint64_t state = 12345;
  auto next = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>((state >> 33U) % 21U) / 2.0;  // 0, 0.5, ..., 10: many ties
  };
  for (std::size_t n : {1U, 2U, 3U, 7U, 64U, 333U}) {
    std::vector<double> a{5.0, 6.0, 5.5};
    std::vector<double> b;
    for (std::size_t i = 0; i < n; ++i) b.push_back(next());
    const auto result = tau_u(a, b, Direction::kIncrease);
    ASSERT_TRUE(result.ok());
    const auto& row = result.value->row(kTauUTrendB);
    int pos = 0, neg = 0, ties = 0;
    for (std::size_t i = 0; i < b.size(); ++i) {
      for (std::size_t j = i + 1; j < b.size(); ++j) {
        pos += b[j] > b[i];
        neg += b[j] < b[i];
        ties += b[j] == b[i];
      }
    }
    EXPECT_EQ(row.positive, pos) << n;
    EXPECT_EQ(row.negative, neg) << n;
    EXPECT_EQ(row.ties, ties) << n;
  }
}

}  // namespace
}  // namespace velum::insight
