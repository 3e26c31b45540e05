#pragma once
// A small dense least-squares solver for the few-parameter models in insight/
// (piecewise regression, the decay fit): normal equations, Gauss–Jordan inverse.

#include <cstddef>
#include <optional>
#include <vector>

namespace velum::insight::detail {

class Matrix {
 public:
  Matrix(std::size_t rows, std::size_t cols) : rows_(rows), cols_(cols), data_(rows * cols, 0.0) {}
  double& operator()(std::size_t r, std::size_t c) { return data_[r * cols_ + c]; }
  double operator()(std::size_t r, std::size_t c) const { return data_[r * cols_ + c]; }
  std::size_t rows() const { return rows_; }
  std::size_t cols() const { return cols_; }

 private:
  std::size_t rows_;
  std::size_t cols_;
  std::vector<double> data_;
};

// The inverse of a symmetric positive-definite (or at least non-singular) square
// matrix by Gauss–Jordan elimination with partial pivoting; nullopt if singular
// relative to its scale.
std::optional<Matrix> invert(const Matrix& m);

struct LeastSquares {
  std::vector<double> beta;
  Matrix inverse_gram{0, 0};             // (XᵀWX)⁻¹
  double residual_sum_of_squares = 0.0;  // Σ wᵢ·(yᵢ − ŷᵢ)²
};

// Weighted least squares (weights all 1 when `weights` is empty); nullopt when
// the design is singular. x has one row per observation.
std::optional<LeastSquares> ordinary_least_squares(const Matrix& x, const std::vector<double>& y,
                                                   const std::vector<double>& weights = {});

}  // namespace velum::insight::detail
