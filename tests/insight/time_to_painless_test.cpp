#include "insight/time_to_painless.hpp"

#include <gtest/gtest.h>
#include <cmath>

namespace velum::insight {
namespace {
using namespace std::chrono;

constexpr sys_days kFirst = sys_days{2026y / November / 2};

DailySeries series_of(const std::vector<double>& pain, int every_days = 1) {
  DailySeries s;
  for (std::size_t i = 0; i < pain.size(); ++i) {
    s.days.push_back(DailyValue{kFirst + days{static_cast<int>(i) * every_days}, pain[i], 1});
  }
  return s;
}

std::vector<double> decay(double floor, double start, double tau, int n, int every_days = 1) {
  std::vector<double> v;
  for (int i = 0; i < n; ++i) v.push_back(floor + (start - floor) * std::exp(-i * every_days / tau));
  return v;
}

TEST(DecayFit, RecoversAnExactCurve) {
  // pain = 0.5 + 7.5·exp(−t/10), t = 0..20 days: the fit must return these parameters.
  std::vector<double> t;
  for (int i = 0; i <= 20; ++i) t.push_back(i);
  const auto r = fit_decay(t, decay(0.5, 8.0, 10.0, 21));
  ASSERT_TRUE(r.ok()) << r.reason;
  EXPECT_NEAR(r.value->floor, 0.5, 1e-4);
  EXPECT_NEAR(r.value->start, 8.0, 1e-4);
  EXPECT_NEAR(r.value->tau_days, 10.0, 1e-3);
  EXPECT_NEAR(r.value->r_squared, 1.0, 1e-8);
}

TEST(DecayFit, IsNotPulledAwayByOneBadDay) {
  // The same curve with day 5 reported as 10 instead of 5.05: the bisquare weights
  // give that day no say, so tau stays within 2 % of 10.
  std::vector<double> t, y = decay(0.5, 8.0, 10.0, 21);
  for (int i = 0; i <= 20; ++i) t.push_back(i);
  y[5] = 10.0;
  const auto r = fit_decay(t, y);
  ASSERT_TRUE(r.ok());
  EXPECT_NEAR(r.value->tau_days, 10.0, 0.2);
  EXPECT_NEAR(r.value->floor, 0.5, 0.05);
}

TEST(TimeToPainless, PredictsTheDayTheCurveReachesOne) {
  // 0.5 + 7.5·exp(−t/10) = 1 ⇔ t = 10·ln 15 = 27.08 days → the 28th day after the first.
  const auto r = estimate_time_to_painless(series_of(decay(0.5, 8.0, 10.0, 21)));
  ASSERT_TRUE(r.ok()) << r.reason;
  EXPECT_NEAR(r.value->days_to_painless, 10.0 * std::log(15.0), 0.01);
  EXPECT_EQ(r.value->painless_day, kFirst + days{28});
  // No residuals at all: every bootstrap replicate is the same curve.
  EXPECT_EQ(r.value->band_earliest, kFirst + days{28});
  EXPECT_EQ(r.value->band_latest, kFirst + days{28});
  EXPECT_DOUBLE_EQ(r.value->replicates_reaching, 1.0);
}

TEST(TimeToPainless, GivesADeterministicBandAroundNoisyRatings) {
  std::vector<double> y = decay(0.3, 7.0, 8.0, 24);
  const double noise[] = {0.4, -0.3, 0.2, -0.5, 0.1, 0.3, -0.2, 0.0};
  for (std::size_t i = 0; i < y.size(); ++i) y[i] += noise[i % 8];
  PainlessOptions options;
  options.seed = 2026;
  const auto a = estimate_time_to_painless(series_of(y), options);
  const auto b = estimate_time_to_painless(series_of(y), options);
  ASSERT_TRUE(a.ok()) << a.reason;
  EXPECT_EQ(a.value->band_earliest, b.value->band_earliest);
  EXPECT_EQ(a.value->band_latest, b.value->band_latest);
  EXPECT_LE(a.value->band_earliest, a.value->painless_day);
  EXPECT_GE(a.value->band_latest, a.value->painless_day);
  EXPECT_LT(a.value->band_earliest, a.value->band_latest);  // noise gives a real band
  // The true curve reaches 1 at t = 8·ln(6.7/0.7) = 18.07 days; the estimate is near it.
  EXPECT_NEAR(a.value->days_to_painless, 8.0 * std::log(6.7 / 0.7), 2.0);
}

TEST(TimeToPainless, UsesRealDayGapsWhenSessionsAreSkipped) {
  // Sessions every other day from the same curve: the same answer in days.
  const auto r = estimate_time_to_painless(series_of(decay(0.5, 8.0, 10.0, 11, 2), 2));
  ASSERT_TRUE(r.ok());
  EXPECT_NEAR(r.value->days_to_painless, 10.0 * std::log(15.0), 0.01);
}

TEST(TimeToPainless, AbstainsWithFewerThanFiveSessions) {
  const auto r = estimate_time_to_painless(series_of({6, 5, 4, 3}));
  EXPECT_EQ(r.status, EstimateStatus::kNotEnoughData);
  EXPECT_NE(r.reason.find("at least 5 sessions (have 4)"), std::string::npos);
  EXPECT_EQ(estimate_time_to_painless(DailySeries{}).status, EstimateStatus::kNotEnoughData);
}

TEST(TimeToPainless, AbstainsWhenEveryRatingIsTheSame) {
  const auto r = estimate_time_to_painless(series_of({4, 4, 4, 4, 4, 4}));
  EXPECT_EQ(r.status, EstimateStatus::kUndefinedIdentical);
}

TEST(TimeToPainless, AbstainsWhenTheCurveFitsPoorly) {
  // Ratings that swing up and down with no decline: R² far below 0.5.
  const auto r = estimate_time_to_painless(series_of({3, 7, 3, 7, 3, 7, 3, 7, 3, 7}));
  EXPECT_EQ(r.status, EstimateStatus::kPoorFit);
  EXPECT_NE(r.reason.find("at least 50%"), std::string::npos);
}

TEST(TimeToPainless, AbstainsWhenThePainLevelsOffAboveOne) {
  const auto r = estimate_time_to_painless(series_of(decay(3.0, 8.0, 5.0, 20)));
  EXPECT_EQ(r.status, EstimateStatus::kNeverReaches);
  EXPECT_NE(r.reason.find("level off near 3.0"), std::string::npos);
}

TEST(TimeToPainless, AbstainsWhenPainRises) {
  // 6 − 4·exp(−t/5): pain climbing from 2 towards 6 never comes down to 1.
  const auto r = estimate_time_to_painless(series_of(decay(6.0, 2.0, 5.0, 15)));
  EXPECT_EQ(r.status, EstimateStatus::kNeverReaches);
  EXPECT_FALSE(r.value.has_value());
}

TEST(TimeToPainless, SaysZeroDaysWhenAlreadyPainless) {
  const auto r = estimate_time_to_painless(series_of(decay(0.0, 0.9, 4.0, 8)));
  ASSERT_TRUE(r.ok()) << r.reason;
  EXPECT_DOUBLE_EQ(r.value->days_to_painless, 0.0);
  EXPECT_EQ(r.value->painless_day, kFirst);
}

}  // namespace
}  // namespace velum::insight
