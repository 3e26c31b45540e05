#include "insight/detail/linear.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace velum::insight::detail {
namespace {
// A pivot this small relative to the matrix's largest entry means the columns
// are linearly dependent (for example a phase whose days are all the same).
constexpr double kRelativePivotTolerance = 1e-12;
}  // namespace

std::optional<Matrix> invert(const Matrix& m) {
  const std::size_t n = m.rows();
  Matrix a = m;
  Matrix inv(n, n);
  double scale = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    inv(i, i) = 1.0;
    for (std::size_t j = 0; j < n; ++j) scale = std::max(scale, std::fabs(a(i, j)));
  }
  if (!(scale > 0.0)) return std::nullopt;
  for (std::size_t col = 0; col < n; ++col) {
    std::size_t pivot = col;
    for (std::size_t r = col + 1; r < n; ++r) {
      if (std::fabs(a(r, col)) > std::fabs(a(pivot, col))) pivot = r;
    }
    if (std::fabs(a(pivot, col)) <= kRelativePivotTolerance * scale) return std::nullopt;
    if (pivot != col) {
      for (std::size_t j = 0; j < n; ++j) {
        std::swap(a(pivot, j), a(col, j));
        std::swap(inv(pivot, j), inv(col, j));
      }
    }
    const double d = a(col, col);
    for (std::size_t j = 0; j < n; ++j) {
      a(col, j) /= d;
      inv(col, j) /= d;
    }
    for (std::size_t r = 0; r < n; ++r) {
      if (r == col) continue;
      const double f = a(r, col);
      if (f == 0.0) continue;
      for (std::size_t j = 0; j < n; ++j) {
        a(r, j) -= f * a(col, j);
        inv(r, j) -= f * inv(col, j);
      }
    }
  }
  return inv;
}

std::optional<LeastSquares> ordinary_least_squares(const Matrix& x, const std::vector<double>& y,
                                                   const std::vector<double>& weights) {
  const std::size_t n = x.rows();
  const std::size_t p = x.cols();
  auto w = [&](std::size_t i) { return weights.empty() ? 1.0 : weights[i]; };
  Matrix gram(p, p);
  std::vector<double> xty(p, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t a = 0; a < p; ++a) {
      xty[a] += w(i) * x(i, a) * y[i];
      for (std::size_t b = 0; b < p; ++b) gram(a, b) += w(i) * x(i, a) * x(i, b);
    }
  }
  auto inverse = invert(gram);
  if (!inverse) return std::nullopt;
  LeastSquares fit;
  fit.beta.assign(p, 0.0);
  for (std::size_t a = 0; a < p; ++a) {
    for (std::size_t b = 0; b < p; ++b) fit.beta[a] += (*inverse)(a, b) * xty[b];
  }
  for (std::size_t i = 0; i < n; ++i) {
    double predicted = 0.0;
    for (std::size_t a = 0; a < p; ++a) predicted += x(i, a) * fit.beta[a];
    fit.residual_sum_of_squares += w(i) * (y[i] - predicted) * (y[i] - predicted);
  }
  fit.inverse_gram = std::move(*inverse);
  return fit;
}

}  // namespace velum::insight::detail
