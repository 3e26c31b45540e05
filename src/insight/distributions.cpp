#include "insight/distributions.hpp"

#include <array>
#include <cmath>
#include <cstddef>
#include <numbers>

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

// log Γ(x) for x > 0 by the Lanczos approximation (g = 7, nine terms; relative
// error well below 1e-12). Used instead of std::lgamma, which on glibc writes the
// global `signgam` and so is not safe to call from several threads.
double log_gamma(double x) {
  static constexpr double kLanczosG = 7.0;
  static constexpr std::array<double, 9> kLanczos{
      0.99999999999980993,  676.5203681218851,     -1259.1392167224028,
      771.32342877765313,   -176.61502916214059,   12.507343278686905,
      -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7};
  if (x < 0.5) {
    // Reflection: Γ(x)·Γ(1 − x) = π / sin(πx), for 0 < x < 0.5.
    return std::log(std::numbers::pi / std::sin(std::numbers::pi * x)) - log_gamma(1.0 - x);
  }
  const double z = x - 1.0;
  double sum = kLanczos[0];
  for (std::size_t i = 1; i < kLanczos.size(); ++i) sum += kLanczos[i] / (z + static_cast<double>(i));
  const double t = z + kLanczosG + 0.5;
  return 0.5 * std::log(2.0 * std::numbers::pi) + (z + 0.5) * std::log(t) - t + std::log(sum);
}

}  // namespace

double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

double normal_two_sided_p(double z) { return std::erfc(std::fabs(z) / std::sqrt(2.0)); }

double incomplete_beta(double a, double b, double x) {
  if (!(a > 0.0) || !(b > 0.0)) return 0.0;
  if (!(x > 0.0)) return 0.0;
  if (!(x < 1.0)) return 1.0;
  const double log_front =
      log_gamma(a + b) - log_gamma(a) - log_gamma(b) + a * std::log(x) + b * std::log1p(-x);
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
