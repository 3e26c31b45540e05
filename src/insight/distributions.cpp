#include "insight/distributions.hpp"

#include <cmath>

namespace velum::insight {
namespace {

constexpr int kMaxContinuedFractionTerms = 300;
constexpr double kContinuedFractionEpsilon = 1e-15;
// Lentz's guard against division by zero in the continued fraction.
constexpr double kTiny = 1e-300;

// The continued fraction for I_x(a, b), convergent for x < (a + 1) / (a + b + 2).
double beta_continued_fraction(double a, double b, double x) {
  const double qab = a + b;
  const double qap = a + 1.0;
  const double qam = a - 1.0;
  double c = 1.0;
  double d = 1.0 - qab * x / qap;
  if (std::fabs(d) < kTiny) d = kTiny;
  d = 1.0 / d;
  double h = d;
  for (int m = 1; m <= kMaxContinuedFractionTerms; ++m) {
    const double md = m;
    const double m2 = 2.0 * md;
    double aa = md * (b - md) * x / ((qam + m2) * (a + m2));
    d = 1.0 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1.0 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1.0 / d;
    h *= d * c;
    aa = -(a + md) * (qab + md) * x / ((a + m2) * (qap + m2));
    d = 1.0 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1.0 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1.0 / d;
    const double delta = d * c;
    h *= delta;
    if (std::fabs(delta - 1.0) < kContinuedFractionEpsilon) break;
  }
  return h;
}

}  // namespace

double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

double normal_two_sided_p(double z) { return std::erfc(std::fabs(z) / std::sqrt(2.0)); }

double incomplete_beta(double a, double b, double x) {
  if (!(a > 0.0) || !(b > 0.0)) return 0.0;
  if (!(x > 0.0)) return 0.0;
  if (!(x < 1.0)) return 1.0;
  // lgamma from <cmath>: glibc's writes signgam, harmless here since a, b > 0.
  const double log_front =
      std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x);
  const double front = std::exp(log_front);
  // Use the symmetry I_x(a,b) = 1 − I_{1−x}(b,a) where the fraction converges fastest.
  if (x < (a + 1.0) / (a + b + 2.0)) return front * beta_continued_fraction(a, b, x) / a;
  return 1.0 - front * beta_continued_fraction(b, a, 1.0 - x) / b;
}

double student_t_two_sided_p(double t, double degrees_of_freedom) {
  if (!(degrees_of_freedom > 0.0)) return 1.0;
  if (std::isinf(t)) return 0.0;
  const double x = degrees_of_freedom / (degrees_of_freedom + t * t);
  return incomplete_beta(0.5 * degrees_of_freedom, 0.5, x);
}

}  // namespace velum::insight
