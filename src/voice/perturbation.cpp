// Pulse marking, jitter and shimmer, reimplemented from Praat's published
// definitions (Boersma; fon/Pitch_to_PointProcess.cpp, fon/VoiceAnalysis.cpp,
// fon/PointProcess.cpp, fon/AmplitudeTier.cpp) so that the numbers agree with
// Praat 6.3 on the same file. Index conventions: Praat counts samples from 1 at
// time x1 = 0.5 / rate; here they count from 0 at the same times.
//
// The pitch that guides the pulse search is Praat's own To Pitch (ac),
// re-enacted (praat_pitch below), not velum's pYIN track: the pulses depend on
// it through the voiced stretches, the middle of each (where its pulses are
// anchored) and the search windows (0.8 to 1.25 periods), and on a strongly
// perturbed voice any other pitch moves them.

#include "voice/perturbation.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <memory>
#include <numbers>

#include "voice/detail/fft.hpp"

namespace velum::voice {
namespace {

constexpr double kPeriodsPerWindow = 3.0;         // Praat's To Pitch (ac) window: 3 periods of the floor
constexpr double kTimeStepPerFloorPeriod = 0.75;  // Praat's default time step: 0.75 / floor
constexpr double kStrongCorrelation = 0.7;        // a pulse past the voiced stretch needs this
constexpr double kWeakCorrelation = 0.3;          // a pulse inside it needs this
constexpr double kEdgePeakFraction = 0.023333;    // of the global peak, past the stretch
constexpr double kInnerPeakFraction = 0.01;       // of the global peak, inside it
constexpr double kSearchEarliest = 0.8;           // next pulse between 0.8 and 1.25 periods away
constexpr double kSearchLatest = 1.25;
constexpr double kAmplitudeWindowFraction = 0.2;  // Hann window of 0.2 period on each side

// Sample grid of a sound: sample i (0-based) at x1 + i * dx.
struct Grid {
  double x1 = 0;
  double dx = 1;
  std::int64_t n = 0;
  double position(double x) const { return (x - x1) / dx; }
  std::int64_t low(double x) const { return static_cast<std::int64_t>(std::floor(position(x))); }
  std::int64_t high(double x) const { return static_cast<std::int64_t>(std::ceil(position(x))); }
  std::int64_t nearest(double x) const { return static_cast<std::int64_t>(std::floor(position(x) + 0.5)); }
  double time(std::int64_t i) const { return x1 + static_cast<double>(i) * dx; }
};

// The guide pitch on Praat's frame grid; 0 = unvoiced.
struct GuidePitch {
  Grid grid;
  double xmin = 0;
  double xmax = 0;
  std::vector<double> f0_hz;

  bool voiced(std::int64_t i) const { return f0_hz[static_cast<std::size_t>(i)] > 0; }

  // Linear interpolation between frames, extrapolating from a voiced nearest
  // frame when the far one is unvoiced (Praat's Sampled_getValueAtX).
  std::optional<double> value_at(double x) const {
    if (x < xmin || x > xmax) return std::nullopt;
    const double real = grid.position(x);
    const auto left = static_cast<std::int64_t>(std::floor(real));
    double phase = real - static_cast<double>(left);
    std::int64_t near_index = left;
    std::int64_t far_index = left + 1;
    if (phase >= 0.5) {
      near_index = left + 1;
      far_index = left;
      phase = 1.0 - phase;
    }
    if (near_index < 0 || near_index >= grid.n || !voiced(near_index)) return std::nullopt;
    const double near_value = f0_hz[static_cast<std::size_t>(near_index)];
    if (far_index < 0 || far_index >= grid.n || !voiced(far_index)) return near_value;
    return near_value + phase * (f0_hz[static_cast<std::size_t>(far_index)] - near_value);
  }

  // The next voiced stretch starting at or after `after`, as [left, right] seconds.
  std::optional<std::pair<double, double>> voiced_interval_after(double after) const {
    std::int64_t left = grid.high(after);
    if (left >= grid.n) return std::nullopt;
    left = std::max<std::int64_t>(left, 0);
    while (left < grid.n && !voiced(left)) ++left;
    if (left >= grid.n) return std::nullopt;
    std::int64_t right = left;
    while (right + 1 < grid.n && voiced(right + 1)) ++right;
    double t_left = grid.time(left) - 0.5 * grid.dx;
    double t_right = grid.time(right) + 0.5 * grid.dx;
    if (t_left >= xmax - 0.5 * grid.dx) return std::nullopt;
    t_left = std::max(t_left, xmin);
    t_right = std::min(t_right, xmax);
    return std::pair{t_left, t_right};
  }
};

// The pitch that guides the pulses: Praat's To Pitch (ac) with the defaults
// To PointProcess (periodic, cc) uses, re-enacted on its own frame grid.
// Each frame is 3 periods of the floor (40 ms at 75 Hz), minus the local mean,
// under a Hann window; its candidates are the maxima of the normalised
// autocorrelation (divided by the window's) below one longest period that beat
// half the voicing threshold, the 14 strongest kept as Praat keeps them.
// Praat's path finder then chooses one candidate or "unvoiced" per frame: a
// candidate's score is its correlation minus the octave cost (0.01 per octave
// below the ceiling), the unvoiced score is the voicing threshold 0.45 plus a
// penalty for frames quieter than the silence threshold 0.03 of the global
// peak, a voiced/unvoiced transition costs 0.14 and a jump between voiced
// frames 0.35 per octave. Every choice matters for the pulses: a frame called
// unvoiced splits a voiced stretch, each stretch's pulses are anchored at its
// middle, and an octave error in Praat's pitch (a strongly perturbed voice
// makes some) marks every other period there; velum marks them the same way.
constexpr double kVoicingThreshold = 0.45;
constexpr double kSilenceThreshold = 0.03;
constexpr double kVoicedUnvoicedCost = 0.14;
constexpr double kOctaveCost = 0.01;
constexpr double kOctaveJumpCost = 0.35;
constexpr double kPraatCostTimeStep = 0.01;  // Praat states its transition costs per 10 ms
constexpr std::size_t kMaxCandidates = 15;   // Praat's default, the unvoiced one included
constexpr double kInterpolationDepth = 0.5;  // Praat's AC_HANNING: lags up to half the window

struct PitchCandidate {
  double f0_hz = 0;
  double correlation = 0;
};

// One frame analyser: the window, its autocorrelation and the FFT buffers
// shared by every frame of a sound (Praat's Sound_into_PitchFrame).
class PitchFrameAnalyser {
 public:
  PitchFrameAnalyser(const MonoSignal& signal, double min_f0_hz, double max_f0_hz)
      : signal_(signal), min_f0_hz_(min_f0_hz), max_f0_hz_(max_f0_hz) {
    const double rate = signal.sample_rate_hz;
    period_ = static_cast<std::int64_t>(std::floor(rate / min_f0_hz));
    half_period_ = period_ / 2 + 1;
    half_ = static_cast<std::int64_t>(std::floor(kPeriodsPerWindow / min_f0_hz * rate)) / 2 - 1;
    length_ = 2 * half_;
    longest_lag_ = std::min<std::int64_t>(
        static_cast<std::int64_t>(std::floor(static_cast<double>(length_) / kPeriodsPerWindow)) + 2, length_);
    interpolation_lag_ =
        static_cast<std::int64_t>(std::floor(static_cast<double>(length_) * kInterpolationDepth));
    std::int64_t size = 1;
    while (static_cast<double>(size) < static_cast<double>(length_) * (1 + kInterpolationDepth)) size *= 2;
    fft_ = std::make_unique<detail::RealFftDouble>(static_cast<std::size_t>(std::max<std::int64_t>(size, 2)));
    window_.resize(static_cast<std::size_t>(std::max<std::int64_t>(length_, 0)));
    for (std::int64_t i = 0; i < length_; ++i) {
      window_[static_cast<std::size_t>(i)] =
          0.5 - 0.5 * std::cos(2 * std::numbers::pi * static_cast<double>(i + 1) /
                               static_cast<double>(length_ + 1));
    }
    window_correlation_ = autocorrelation(window_);
  }

  bool usable() const { return half_ >= 2; }

  // Candidates at time t (seconds) and the frame's local peak (the largest
  // windowed value within half a longest period of the centre, not over the
  // whole window: a frame whose window only reaches into a voice is still
  // silent at its centre).
  std::vector<PitchCandidate> analyse(double t, double& local_peak) {
    const auto n = static_cast<std::int64_t>(signal_.samples.size());
    const auto sample = [&](std::int64_t at) {
      return at >= 0 && at < n ? static_cast<double>(signal_.samples[static_cast<std::size_t>(at)]) : 0.0;
    };
    const auto left = static_cast<std::int64_t>(std::floor(t * signal_.sample_rate_hz - 0.5));
    const std::int64_t right = left + 1;
    double mean = 0;
    for (std::int64_t at = right - period_; at <= left + period_; ++at) mean += sample(at);
    mean /= static_cast<double>(2 * period_);
    std::vector<double> frame(static_cast<std::size_t>(length_));
    for (std::int64_t i = 0; i < length_; ++i) {
      frame[static_cast<std::size_t>(i)] =
          (sample(right - half_ + i) - mean) * window_[static_cast<std::size_t>(i)];
    }
    local_peak = 0;
    for (std::int64_t i = std::max<std::int64_t>(half_ - half_period_, 0);
         i <= std::min(half_ + half_period_ - 1, length_ - 1); ++i)
      local_peak = std::max(local_peak, std::abs(frame[static_cast<std::size_t>(i)]));
    std::vector<PitchCandidate> candidates;
    if (local_peak == 0.0) return candidates;  // absolute silence is unvoiced
    const std::vector<double> ac = autocorrelation(frame);
    if (ac[0] <= 0) return candidates;
    std::vector<double> r(static_cast<std::size_t>(interpolation_lag_ + 1), 1.0);
    for (std::int64_t i = 1; i <= interpolation_lag_; ++i) {
      const auto at = static_cast<std::size_t>(i);
      r[at] = (ac[at] / ac[0]) / (window_correlation_[at] / window_correlation_[0]);
    }
    for (std::int64_t i = 2; i < longest_lag_ && i < interpolation_lag_; ++i) {
      const auto at = static_cast<std::size_t>(i);
      if (!(r[at] > 0.5 * kVoicingThreshold && r[at] > r[at - 1] && r[at] >= r[at + 1])) continue;
      // A parabola through the three lags places and values the peak (Praat
      // refines both by sinc interpolation; the difference is a small
      // fraction of a sample and of a percent of correlation).
      const double dr = 0.5 * (r[at + 1] - r[at - 1]);
      const double d2r = 2.0 * r[at] - r[at - 1] - r[at + 1];
      const PitchCandidate candidate{signal_.sample_rate_hz / (static_cast<double>(i) + dr / d2r),
                                     reflect(r[at] + 0.5 * dr * dr / d2r)};
      if (candidates.size() + 1 < kMaxCandidates) {
        candidates.push_back(candidate);
        continue;
      }
      // Full: replace the weakest, judged as Praat judges (higher
      // frequencies favoured), if this one is stronger.
      const auto judged = [&](const PitchCandidate& c) {
        return c.correlation - kOctaveCost * std::log2(min_f0_hz_ / c.f0_hz);
      };
      const auto weakest =
          std::min_element(candidates.begin(), candidates.end(),
                           [&](const auto& a, const auto& b) { return judged(a) < judged(b); });
      if (judged(candidate) > judged(*weakest)) *weakest = candidate;
    }
    // At or above the ceiling a candidate counts as unvoiced in Praat's path
    // finder, exactly as the unvoiced option does, so it can be left out.
    std::erase_if(candidates,
                  [&](const PitchCandidate& c) { return !(c.f0_hz > 0 && c.f0_hz < max_f0_hz_); });
    return candidates;
  }

 private:
  // High values due to short windows are reflected around 1, as Praat does.
  static double reflect(double r) { return r > 1.0 ? 1.0 / r : r; }

  // Autocorrelation of x (zero-padded, so not circular) at lags 0..interpolation_lag_.
  std::vector<double> autocorrelation(const std::vector<double>& x) {
    auto time = fft_->real();
    std::fill(time.begin(), time.end(), 0.0);
    std::copy(x.begin(), x.end(), time.begin());
    fft_->forward();
    for (auto& bin : fft_->spectrum()) bin = std::norm(bin);
    fft_->inverse();
    std::vector<double> result(static_cast<std::size_t>(interpolation_lag_ + 1));
    for (std::size_t i = 0; i < result.size(); ++i) result[i] = time[i];
    return result;
  }

  const MonoSignal& signal_;
  double min_f0_hz_;
  double max_f0_hz_;
  std::int64_t period_ = 0;
  std::int64_t half_period_ = 0;
  std::int64_t half_ = 0;
  std::int64_t length_ = 0;
  std::int64_t longest_lag_ = 0;
  std::int64_t interpolation_lag_ = 0;
  std::unique_ptr<detail::RealFftDouble> fft_;
  std::vector<double> window_;
  std::vector<double> window_correlation_;
};

GuidePitch praat_pitch(const MonoSignal& signal, double min_f0_hz, double max_f0_hz) {
  GuidePitch guide;
  const double duration = signal.duration_seconds();
  guide.xmin = 0;
  guide.xmax = duration;
  const double dt = kTimeStepPerFloorPeriod / min_f0_hz;
  const double window = kPeriodsPerWindow / min_f0_hz;
  const auto frames = static_cast<std::int64_t>(std::floor((duration - window) / dt)) + 1;
  guide.grid.dx = dt;
  guide.grid.n = std::max<std::int64_t>(frames, 0);
  guide.grid.x1 = 0.5 * duration - 0.5 * static_cast<double>(guide.grid.n - 1) * dt;
  const auto count = static_cast<std::size_t>(guide.grid.n);
  guide.f0_hz.assign(count, 0.0);
  if (count == 0) return guide;
  PitchFrameAnalyser analyser(signal, min_f0_hz, max_f0_hz);
  if (!analyser.usable()) return guide;
  // Praat's global peak: the largest deviation from the sound's mean.
  double mean = 0;
  for (const float x : signal.samples) mean += static_cast<double>(x);
  mean /= static_cast<double>(signal.samples.size());
  double global_peak = 0;
  for (const float x : signal.samples)
    global_peak = std::max(global_peak, std::abs(static_cast<double>(x) - mean));
  if (global_peak == 0) return guide;

  std::vector<std::vector<PitchCandidate>> candidates(count);
  std::vector<double> unvoiced_strength(count, 0.0);
  for (std::size_t k = 0; k < count; ++k) {
    double local_peak = 0;
    candidates[k] = analyser.analyse(guide.grid.time(static_cast<std::int64_t>(k)), local_peak);
    const double intensity = std::min(local_peak / global_peak, 1.0);
    unvoiced_strength[k] =
        kVoicingThreshold + std::max(0.0, 2.0 - intensity / (kSilenceThreshold / (1.0 + kVoicingThreshold)));
  }
  // Praat's path finder: state 0 is unvoiced, state c + 1 is candidate c.
  const double time_step_correction = kPraatCostTimeStep / dt;
  const double voiced_unvoiced_cost = kVoicedUnvoicedCost * time_step_correction;
  const double octave_jump_cost = kOctaveJumpCost * time_step_correction;
  const auto frequency = [&](std::size_t k, std::size_t state) {
    return state == 0 ? 0.0 : candidates[k][state - 1].f0_hz;
  };
  const auto local_score = [&](std::size_t k, std::size_t state) {
    if (state == 0) return unvoiced_strength[k];
    const PitchCandidate& c = candidates[k][state - 1];
    return c.correlation - kOctaveCost * std::log2(max_f0_hz / c.f0_hz);
  };
  std::vector<std::vector<std::size_t>> back(count);
  std::vector<double> score(candidates[0].size() + 1);
  for (std::size_t state = 0; state < score.size(); ++state) score[state] = local_score(0, state);
  for (std::size_t k = 1; k < count; ++k) {
    std::vector<double> next(candidates[k].size() + 1);
    back[k].assign(next.size(), 0);
    for (std::size_t to = 0; to < next.size(); ++to) {
      const double f_to = frequency(k, to);
      double best = -std::numeric_limits<double>::infinity();
      for (std::size_t from = 0; from < score.size(); ++from) {
        const double f_from = frequency(k - 1, from);
        double cost = 0;
        if ((f_from > 0) != (f_to > 0)) {
          cost = voiced_unvoiced_cost;
        } else if (f_to > 0) {
          cost = octave_jump_cost * std::abs(std::log2(f_from / f_to));
        }
        if (score[from] - cost > best) {
          best = score[from] - cost;
          back[k][to] = from;
        }
      }
      next[to] = best + local_score(k, to);
    }
    score = std::move(next);
  }
  auto state = static_cast<std::size_t>(std::max_element(score.begin(), score.end()) - score.begin());
  for (std::size_t k = count; k-- > 0;) {
    guide.f0_hz[k] = frequency(k, state);
    if (k > 0) state = back[k][state];
  }
  return guide;
}

// Index (1-based within the n values, fractional) of the largest absolute
// extremum, refined by a parabola (Praat's findExtremum_3 with maxima and minima).
double find_extremum(std::span<const float> values) {
  const auto n = static_cast<std::int64_t>(values.size());
  if (n <= 0) return 0.0;
  if (n == 1) return 1.0;
  if (n == 2) {
    const double a = std::abs(values[0]);
    const double b = std::abs(values[1]);
    return a > b ? 1.0 : a < b ? 2.0 : 1.5;
  }
  std::int64_t imin = 0;
  std::int64_t imax = 0;
  double minimum = values[0];
  double maximum = values[0];
  for (std::int64_t i = 1; i < n; ++i) {
    const double v = values[static_cast<std::size_t>(i)];
    if (v < minimum) {
      minimum = v;
      imin = i;
    }
    if (v > maximum) {
      maximum = v;
      imax = i;
    }
  }
  if (minimum == maximum) return 0.5 * (static_cast<double>(n) + 1.0);
  const std::int64_t extreme = std::abs(minimum) > std::abs(maximum) ? imin : imax;
  if (extreme == 0) return 1.0;
  if (extreme == n - 1) return static_cast<double>(n);
  const double mid = values[static_cast<std::size_t>(extreme)];
  const double left = values[static_cast<std::size_t>(extreme - 1)];
  const double right = values[static_cast<std::size_t>(extreme + 1)];
  return static_cast<double>(extreme + 1) + 0.5 * (right - left) / (2 * mid - left - right);
}

double sound_find_extremum(const MonoSignal& signal, const Grid& grid, double tmin, double tmax) {
  std::int64_t imin = std::max<std::int64_t>(grid.low(tmin), 0);
  std::int64_t imax = std::min<std::int64_t>(grid.high(tmax), grid.n - 1);
  const std::int64_t count = imax - imin + 1;
  const double index =
      count > 0 ? find_extremum(std::span<const float>(signal.samples)
                                    .subspan(static_cast<std::size_t>(imin), static_cast<std::size_t>(count)))
                : 0.0;
  if (index == 0.0) return 0.5 * (tmin + tmax);
  return grid.x1 + (static_cast<double>(imin) + index - 1.0) * grid.dx;
}

struct Correlation {
  double value = -1.0;
  double time = 0;
  double peak = 0;
};

// The best-correlating stretch one period long whose centre lies in
// [tmin2, tmax2] (give or take a sample), against the period centred at t1
// (Praat 6.3's Sound_findMaximumCorrelation, including its bookkeeping of the peak).
Correlation find_maximum_correlation(const MonoSignal& signal, const Grid& grid, double t1,
                                     double window_length, double tmin2, double tmax2, double time_if_none) {
  Correlation result;
  result.time = time_if_none;
  const double half = 0.5 * window_length;
  const std::int64_t left1 = grid.nearest(t1 - half);
  const std::int64_t right1 = grid.nearest(t1 + half);
  const std::int64_t left2_min = grid.low(tmin2 - half);
  const std::int64_t left2_max = grid.high(tmax2 - half);
  const float* x = signal.samples.data();
  double r1 = 0, r2 = 0, r3 = 0, r1_best = 0, r3_best = 0, best_index = 0;
  double maximum = -1.0;
  for (std::int64_t left2 = left2_min; left2 <= left2_max; ++left2) {
    long double norm1 = 0, norm2 = 0, product = 0;  // extended, as Praat sums them
    double local_peak = 0;
    for (std::int64_t i1 = left1, i2 = left2; i1 <= right1; ++i1, ++i2) {
      if (i1 < 0 || i1 >= grid.n || i2 < 0 || i2 >= grid.n) continue;
      const double a1 = x[i1];
      const double a2 = x[i2];
      norm1 += static_cast<long double>(a1 * a1);
      norm2 += static_cast<long double>(a2 * a2);
      product += static_cast<long double>(a1 * a2);
      local_peak = std::max(local_peak, std::abs(a2));
    }
    r1 = r2;
    r2 = r3;
    r3 = norm1 == 0.0L || norm2 == 0.0L
             ? 0.0
             : static_cast<double>(product) /
                   std::sqrt(static_cast<double>(norm1 * norm2));  // silence correlates 0
    if (r2 > maximum && r2 >= r1 && r2 >= r3) {
      r1_best = r1;
      maximum = r2;
      r3_best = r3;
      best_index = static_cast<double>(left2 - 1);
      result.peak = local_peak;
    }
  }
  if (maximum > -1.0) {
    const double d2r = (maximum - r1_best) + (maximum - r3_best);
    if (d2r != 0.0) {
      const double dr = 0.5 * (r3_best - r1_best);
      maximum += 0.5 * dr * dr / d2r;
      best_index += dr / d2r;
    }
    // Praat 6.3 keeps the interpolated peak even when it lies a fraction of a
    // sample outside [tmin2, tmax2] (the scan starts at the sample below
    // tmin2). That matters at the end of a voiced stretch: a pulse just inside
    // it is kept under the weak criterion, where falling back to the middle of
    // the range (as Praat 6.4 does) would push it past the stretch and drop it.
    result.time = t1 + (best_index - static_cast<double>(left1)) * grid.dx;
  }
  result.value = maximum;
  return result;
}

// Is the interval from pulse i to i + 1 a period (Praat's PointProcess_isPeriod)?
bool is_period(std::span<const double> t, std::size_t i, const PerturbationSettings& s) {
  if (i + 1 >= t.size()) return false;
  const double interval = t[i + 1] - t[i];
  if (interval <= 0 || interval < s.period_floor_seconds || interval > s.period_ceiling_seconds) return false;
  std::optional<double> previous_factor;
  std::optional<double> next_factor;
  if (i >= 1 && t[i] - t[i - 1] > 0) previous_factor = interval / (t[i] - t[i - 1]);
  if (i + 2 < t.size() && t[i + 2] - t[i + 1] > 0) next_factor = interval / (t[i + 2] - t[i + 1]);
  if (!previous_factor && !next_factor) return true;
  auto symmetric = [](double f) { return f < 1.0 ? 1.0 / f : f; };
  return !(previous_factor && symmetric(*previous_factor) > s.max_period_factor && next_factor &&
           symmetric(*next_factor) > s.max_period_factor);
}

std::optional<double> mean_period(std::span<const double> t, const PerturbationSettings& s) {
  double sum = 0;
  int count = 0;
  for (std::size_t i = 0; i + 1 < t.size(); ++i) {
    if (!is_period(t, i, s)) continue;
    sum += t[i + 1] - t[i];
    ++count;
  }
  if (count == 0) return std::nullopt;
  return sum / count;
}

bool in_range(double p, const PerturbationSettings& s) {
  return p >= s.period_floor_seconds && p <= s.period_ceiling_seconds;
}
double ratio(double a, double b) { return a > b ? a / b : b / a; }

// RMS of the signal under an asymmetric Hann window around tmid.
std::optional<double> hann_windowed_rms(const MonoSignal& signal, const Grid& grid, double tmid,
                                        double width_left, double width_right) {
  const std::int64_t imin = std::max<std::int64_t>(grid.high(tmid - width_left), 0);
  const std::int64_t imax = std::min<std::int64_t>(grid.low(tmid + width_right), grid.n - 1);
  if (imax - imin + 1 < 3) return std::nullopt;
  double sum_squares = 0, window_squares = 0;
  for (std::int64_t i = imin; i <= imax; ++i) {
    const double t = grid.time(i);
    const double width = t < tmid ? width_left : width_right;
    const double window = 0.5 + 0.5 * std::cos(std::numbers::pi * (t - tmid) / width);
    const double value = signal.samples[static_cast<std::size_t>(i)] * window;
    sum_squares += value * value;
    window_squares += window * window;
  }
  return std::sqrt(sum_squares / window_squares);
}

}  // namespace

std::vector<double> find_glottal_pulses(const MonoSignal& signal, double min_f0_hz, double max_f0_hz) {
  std::vector<double> pulses;
  if (signal.samples.empty() || signal.sample_rate_hz <= 0) return pulses;
  Grid grid;
  grid.dx = 1.0 / signal.sample_rate_hz;
  grid.x1 = 0.5 * grid.dx;
  grid.n = static_cast<std::int64_t>(signal.samples.size());
  const double duration = signal.duration_seconds();
  const GuidePitch pitch = praat_pitch(signal, min_f0_hz, max_f0_hz);
  if (pitch.grid.n <= 0) return pulses;
  double global_peak = 0;
  for (const float x : signal.samples) global_peak = std::max(global_peak, static_cast<double>(std::abs(x)));

  double t = pitch.xmin;
  double added_right = -1e308;
  for (;;) {
    const auto interval = pitch.voiced_interval_after(t);
    if (!interval) break;
    const auto [t_left, t_right] = *interval;
    const double t_middle = 0.5 * (t_left + t_right);
    const auto f0_middle = pitch.value_at(t_middle);
    if (!f0_middle) break;  // cannot happen for a voiced stretch; never loop on it
    double t_max =
        sound_find_extremum(signal, grid, t_middle - 0.5 / *f0_middle, t_middle + 0.5 / *f0_middle);
    pulses.push_back(t_max);
    const double t_save = t_max;
    // Backwards from the middle.
    for (;;) {
      const auto f0 = pitch.value_at(t_max);
      if (!f0) break;
      const Correlation c = find_maximum_correlation(
          signal, grid, t_max, 1.0 / *f0, t_max - kSearchLatest / *f0, t_max - kSearchEarliest / *f0, t_max);
      t_max = c.value == -1.0 ? t_max - 1.0 / *f0 : c.time;
      if (t_max < t_left) {
        if (c.value > kStrongCorrelation && c.peak > kEdgePeakFraction * global_peak &&
            t_max - added_right > kSearchEarliest / *f0) {
          pulses.push_back(t_max);
        }
        break;
      }
      if (c.value > kWeakCorrelation && (c.peak == 0.0 || c.peak > kInnerPeakFraction * global_peak) &&
          t_max - added_right > kSearchEarliest / *f0) {
        pulses.push_back(t_max);
      }
    }
    // Forwards from the middle.
    t_max = t_save;
    for (;;) {
      const auto f0 = pitch.value_at(t_max);
      if (!f0) break;
      const Correlation c = find_maximum_correlation(
          signal, grid, t_max, 1.0 / *f0, t_max + kSearchEarliest / *f0, t_max + kSearchLatest / *f0, t_max);
      t_max = c.value == -1.0 ? t_max + 1.0 / *f0 : c.time;
      if (t_max > t_right) {
        if (c.value > kStrongCorrelation && c.peak > kEdgePeakFraction * global_peak) {
          pulses.push_back(t_max);
          added_right = t_max;
        }
        break;
      }
      if (c.value > kWeakCorrelation && (c.peak == 0.0 || c.peak > kInnerPeakFraction * global_peak)) {
        pulses.push_back(t_max);
        added_right = t_max;
      }
    }
    t = t_right;
  }
  // A point process is a sorted set (Praat's addPoint keeps it sorted and drops exact duplicates).
  std::sort(pulses.begin(), pulses.end());
  pulses.erase(std::unique(pulses.begin(), pulses.end()), pulses.end());
  std::erase_if(pulses, [&](double p) { return p < 0 || p > duration; });
  return pulses;
}

Jitter measure_jitter(std::span<const double> t, const PerturbationSettings& s) {
  Jitter jitter;
  const auto periods = static_cast<std::int64_t>(t.size()) - 1;
  const auto mean = mean_period(t, s);
  if (periods >= 2) {
    double sum = 0;
    std::int64_t count = periods;
    for (std::size_t i = 1; i + 1 < t.size(); ++i) {
      const double p1 = t[i] - t[i - 1];
      const double p2 = t[i + 1] - t[i];
      if (in_range(p1, s) && in_range(p2, s) && ratio(p1, p2) <= s.max_period_factor) {
        sum += std::abs(p1 - p2);
      } else {
        --count;
      }
    }
    if (count >= 2) {
      jitter.local_absolute_seconds = sum / static_cast<double>(count - 1);
      if (mean) jitter.local = *jitter.local_absolute_seconds / *mean;
    }
  }
  if (periods >= 3) {
    double sum = 0;
    std::int64_t count = periods;
    for (std::size_t i = 2; i + 1 < t.size(); ++i) {
      const double p1 = t[i - 1] - t[i - 2], p2 = t[i] - t[i - 1], p3 = t[i + 1] - t[i];
      if (in_range(p1, s) && in_range(p2, s) && in_range(p3, s) && ratio(p1, p2) <= s.max_period_factor &&
          ratio(p2, p3) <= s.max_period_factor) {
        sum += std::abs(p2 - (p1 + p2 + p3) / 3.0);
      } else {
        --count;
      }
    }
    if (count >= 3 && mean) jitter.rap = sum / static_cast<double>(count - 2) / *mean;
  }
  if (periods >= 5) {
    double sum = 0;
    std::int64_t count = periods;
    for (std::size_t i = 5; i < t.size(); ++i) {
      const double p[5] = {t[i - 4] - t[i - 5], t[i - 3] - t[i - 4], t[i - 2] - t[i - 3], t[i - 1] - t[i - 2],
                           t[i] - t[i - 1]};
      bool ok = true;
      for (int k = 0; k < 5 && ok; ++k) ok = in_range(p[k], s);
      for (int k = 0; k < 4 && ok; ++k) ok = ratio(p[k], p[k + 1]) <= s.max_period_factor;
      if (ok) {
        sum += std::abs(p[2] - (p[0] + p[1] + p[2] + p[3] + p[4]) / 5.0);
      } else {
        --count;
      }
    }
    if (count >= 5 && mean) jitter.ppq5 = sum / static_cast<double>(count - 4) / *mean;
  }
  return jitter;
}

Shimmer measure_shimmer(std::span<const double> t, const MonoSignal& signal, const PerturbationSettings& s) {
  Shimmer shimmer;
  if (t.size() < 3 || signal.sample_rate_hz <= 0) return shimmer;
  Grid grid;
  grid.dx = 1.0 / signal.sample_rate_hz;
  grid.x1 = 0.5 * grid.dx;
  grid.n = static_cast<std::int64_t>(signal.samples.size());
  // One amplitude per pulse whose two periods qualify (Praat's AmplitudeTier "period").
  std::vector<double> time;
  std::vector<double> amp;
  for (std::size_t i = 1; i + 1 < t.size(); ++i) {
    const double p1 = t[i] - t[i - 1];
    const double p2 = t[i + 1] - t[i];
    if (!(in_range(p1, s) && in_range(p2, s) && ratio(p1, p2) <= s.max_period_factor)) continue;
    const auto rms =
        hann_windowed_rms(signal, grid, t[i], kAmplitudeWindowFraction * p1, kAmplitudeWindowFraction * p2);
    if (rms && *rms > 0) {
      time.push_back(t[i]);
      amp.push_back(*rms);
    }
  }
  const std::size_t n = amp.size();
  if (n < 2) return shimmer;
  double denominator = 0;
  for (std::size_t i = 0; i + 1 < n; ++i) denominator += amp[i];
  denominator /= static_cast<double>(n - 1);
  auto periods_ok = [&](std::size_t from, std::size_t to) {  // periods between points from..to
    for (std::size_t i = from; i < to; ++i) {
      if (!in_range(time[i + 1] - time[i], s)) return false;
    }
    return true;
  };
  auto amplitudes_ok = [&](std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to; ++i) {
      if (ratio(amp[i], amp[i + 1]) > s.max_amplitude_factor) return false;
    }
    return true;
  };
  {
    double numerator = 0, decibels = 0;
    int count = 0;
    for (std::size_t i = 1; i < n; ++i) {
      if (!periods_ok(i - 1, i) || !amplitudes_ok(i - 1, i)) continue;
      numerator += std::abs(amp[i - 1] - amp[i]);
      decibels += std::abs(std::log10(amp[i - 1] / amp[i]));
      ++count;
    }
    if (count > 0) {
      if (denominator > 0) shimmer.local = numerator / count / denominator;
      shimmer.local_db = 20.0 * decibels / count;
    }
  }
  auto apq = [&](std::size_t half) -> std::optional<double> {
    double numerator = 0;
    int count = 0;
    for (std::size_t i = half; i + half < n; ++i) {
      if (!periods_ok(i - half, i + half) || !amplitudes_ok(i - half, i + half)) continue;
      double sum = 0;
      for (std::size_t k = i - half; k <= i + half; ++k) sum += amp[k];
      numerator += std::abs(amp[i] - sum / static_cast<double>(2 * half + 1));
      ++count;
    }
    if (count == 0 || denominator <= 0) return std::nullopt;
    return numerator / count / denominator;
  };
  shimmer.apq3 = apq(1);
  shimmer.apq5 = apq(2);
  shimmer.apq11 = apq(5);
  return shimmer;
}

}  // namespace velum::voice
