#pragma once
// Probability functions the insight statistics need: the standard normal, the
// regularized incomplete beta (Lentz continued fraction) and Student's t.

namespace velum::insight {

// Standard normal cumulative distribution Φ(z); any finite z. Thread-safe.
double normal_cdf(double z);

// Two-sided p-value of a standard normal statistic: 2·(1 − Φ(|z|)). Thread-safe.
double normal_two_sided_p(double z);

// Regularized incomplete beta I_x(a, b) for a > 0, b > 0, x in [0, 1]; computed
// with the continued fraction of Numerical Recipes (2nd ed., "betacf") evaluated by the
// modified Lentz method. Returns 0 or 1 outside the valid range of x. Thread-safe.
double incomplete_beta(double a, double b, double x);

// Two-sided p-value of Student's t with `degrees_of_freedom` > 0:
// P(|T| ≥ |t|) = I_{df/(df+t²)}(df/2, 1/2). Thread-safe.
double student_t_two_sided_p(double t, double degrees_of_freedom);

}  // namespace velum::insight
