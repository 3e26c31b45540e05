#include "insight/distributions.hpp"

#include <gtest/gtest.h>
#include <cmath>
#include <numbers>

namespace velum::insight {
namespace {

// Closed forms and printed table values: these tolerances are far looser than the
// continued fraction's accuracy (~1e-14) but tight enough to catch a wrong formula.
constexpr double kClosedFormTolerance = 1e-10;
constexpr double kTableTolerance = 5e-4;  // tables print t to 3 decimals

TEST(NormalDistribution, MatchesTheStandardTable) {
  EXPECT_DOUBLE_EQ(normal_cdf(0.0), 0.5);
  // z = 1.959964 is the two-sided 5 % point of every normal table.
  EXPECT_NEAR(normal_cdf(1.959964), 0.975, 1e-7);
  EXPECT_NEAR(normal_two_sided_p(1.959964), 0.05, 1e-7);
  EXPECT_NEAR(normal_two_sided_p(-2.575829), 0.01, 1e-7);
}

TEST(IncompleteBeta, MatchesItsClosedForms) {
  // I_x(1, 1) = x;  I_x(a, 1) = x^a;  I_x(1, b) = 1 − (1 − x)^b;  I_½(a, a) = ½.
  for (double x : {0.01, 0.2, 0.5, 0.77, 0.999}) {
    EXPECT_NEAR(incomplete_beta(1.0, 1.0, x), x, kClosedFormTolerance);
    EXPECT_NEAR(incomplete_beta(3.5, 1.0, x), std::pow(x, 3.5), kClosedFormTolerance);
    EXPECT_NEAR(incomplete_beta(1.0, 4.0, x), 1.0 - std::pow(1.0 - x, 4.0), kClosedFormTolerance);
  }
  EXPECT_NEAR(incomplete_beta(7.3, 7.3, 0.5), 0.5, kClosedFormTolerance);
  EXPECT_EQ(incomplete_beta(2.0, 3.0, 0.0), 0.0);
  EXPECT_EQ(incomplete_beta(2.0, 3.0, 1.0), 1.0);
}

TEST(StudentT, MatchesTheCauchyAndTwoDegreeClosedForms) {
  // df = 1 is the Cauchy distribution: p = 1 − (2/π)·atan|t|.
  for (double t : {0.1, 1.0, 3.0, 12.706}) {
    EXPECT_NEAR(student_t_two_sided_p(t, 1.0), 1.0 - 2.0 / std::numbers::pi * std::atan(t),
                kClosedFormTolerance);
  }
  // df = 2: p = 1 − |t| / √(2 + t²).
  for (double t : {0.2, 1.0, 2.0, 4.303}) {
    EXPECT_NEAR(student_t_two_sided_p(-t, 2.0), 1.0 - t / std::sqrt(2.0 + t * t), kClosedFormTolerance);
  }
}

TEST(StudentT, MatchesTheThreeDegreeClosedFormAndTheNormalLimit) {
  // df = 3: F(t) = ½ + (1/π)·[u/(1 + u²) + atan u], u = t/√3, so p = 2·(1 − F(|t|)).
  for (double t : {0.5, 1.5, 3.182}) {
    const double u = t / std::sqrt(3.0);
    const double cdf = 0.5 + (u / (1.0 + u * u) + std::atan(u)) / std::numbers::pi;
    EXPECT_NEAR(student_t_two_sided_p(t, 3.0), 2.0 * (1.0 - cdf), kClosedFormTolerance);
  }
  // With a million degrees of freedom t is normal to about 1e-6.
  EXPECT_NEAR(student_t_two_sided_p(1.959964, 1e6), 0.05, 1e-5);
}

TEST(StudentT, MatchesPrintedCriticalValues) {
  // Two-sided 5 % critical values from the standard t table (e.g. any statistics
  // textbook appendix): t(1) = 12.706, t(10) = 2.228, t(30) = 2.042.
  EXPECT_NEAR(student_t_two_sided_p(12.706, 1.0), 0.05, kTableTolerance);
  EXPECT_NEAR(student_t_two_sided_p(2.228, 10.0), 0.05, kTableTolerance);
  EXPECT_NEAR(student_t_two_sided_p(2.042, 30.0), 0.05, kTableTolerance);
  // Two-sided 1 %: t(5) = 4.032.
  EXPECT_NEAR(student_t_two_sided_p(4.032, 5.0), 0.01, kTableTolerance / 5.0);
  EXPECT_DOUBLE_EQ(student_t_two_sided_p(0.0, 7.0), 1.0);
}

}  // namespace
}  // namespace velum::insight
