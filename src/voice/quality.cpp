// Harmonics-to-noise ratio, reimplemented from Praat's published definition
// (Boersma 1993; fon/Sound_to_Harmonicity.cpp, fon/Sound_to_Pitch.cpp with
// method FCC_ACCURATE, fon/Pitch.cpp's path finder, melder/NUMinterpol.cpp) so
// that the numbers agree with Praat 6.3 on the same file. Index conventions:
// Praat counts samples from 1 at time x1 = 0.5 / rate; here the helpers below
// take Praat's 1-based indices so the arithmetic can be compared line by line.

#include "voice/quality.hpp"

#include "voice/detail/fft.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <numbers>
#include <span>

namespace velum::voice {
namespace {

constexpr double kPi = std::numbers::pi;
constexpr int kFirstPassSincDepth = 30;    // strength of a raw maximum (Sound_to_Pitch)
constexpr int kRefineSincDepth = 700;      // NUM_PEAK_INTERPOLATE_SINC700 for FCC_ACCURATE
constexpr double kBrentTolerance = 1e-10;  // NUMimproveExtremum's
constexpr int kMinCandidates = 15;         // Sound_to_Harmonicity passes 15 (raised to ceiling / floor)
constexpr double kStrengthEpsilon = 1e-15;
constexpr double kClipDb = 150.0;

// Praat's NUM_interpolate_sinc on a 1-based array y[1..size] (y(k) = y[k - 1]):
// a Hann-tapered sinc of at most `max_depth` samples on each side, with the
// sines advanced by rotation as Praat does.
double interpolate_sinc(const std::vector<double>& y, double x, int max_depth) {
  const auto size = static_cast<std::int64_t>(y.size());
  auto at = [&](std::int64_t k) { return y[static_cast<std::size_t>(k - 1)]; };
  const auto midleft = static_cast<std::int64_t>(std::floor(x));
  const std::int64_t midright = midleft + 1;
  if (size < 1) return 0.0;
  if (x < 1) return at(1);
  if (x > static_cast<double>(size)) return at(size);
  if (x == static_cast<double>(midleft)) return at(midleft);
  std::int64_t depth = max_depth;
  depth = std::min(depth, midright - 1);
  depth = std::min(depth, size - midleft);
  if (depth <= 0) return at(static_cast<std::int64_t>(std::floor(x + 0.5)));
  if (depth == 1) return at(midleft) + (x - static_cast<double>(midleft)) * (at(midright) - at(midleft));
  if (depth == 2) {
    const double yl = at(midleft), yr = at(midright);
    const double dyl = 0.5 * (yr - at(midleft - 1)), dyr = 0.5 * (at(midright + 1) - yl);
    const double fil = x - static_cast<double>(midleft), fir = static_cast<double>(midright) - x;
    return yl * fir + yr * fil - fil * fir * (0.5 * (dyr - dyl) + (fil - 0.5) * (dyl + dyr - 2 * (yr - yl)));
  }
  const std::int64_t left = midright - depth;
  const std::int64_t right = midleft + depth;
  double result = 0.0;
  double a = kPi * (x - static_cast<double>(midleft));
  double halfsina = 0.5 * std::sin(a);
  double aa = a / (x - static_cast<double>(left) + 1.0);
  double daa = kPi / (x - static_cast<double>(left) + 1.0);
  double cosaa = std::cos(aa), sinaa = std::sin(aa), cosdaa = std::cos(daa), sindaa = std::sin(daa);
  for (std::int64_t ix = midleft; ix >= left; --ix) {
    result += at(ix) * (halfsina / a * (1.0 + cosaa));
    a += kPi;
    const double help = cosaa * cosdaa - sinaa * sindaa;
    sinaa = cosaa * sindaa + sinaa * cosdaa;
    cosaa = help;
    halfsina = -halfsina;
  }
  a = kPi * (static_cast<double>(midright) - x);
  halfsina = 0.5 * std::sin(a);
  aa = a / (static_cast<double>(right) - x + 1.0);
  daa = kPi / (static_cast<double>(right) - x + 1.0);
  cosaa = std::cos(aa);
  sinaa = std::sin(aa);
  cosdaa = std::cos(daa);
  sindaa = std::sin(daa);
  for (std::int64_t ix = midright; ix <= right; ++ix) {
    result += at(ix) * (halfsina / a * (1.0 + cosaa));
    a += kPi;
    const double help = cosaa * cosdaa - sinaa * sindaa;
    sinaa = cosaa * sindaa + sinaa * cosdaa;
    cosaa = help;
    halfsina = -halfsina;
  }
  return result;
}

// Brent's minimization without derivatives on [a, b] (golden section with
// parabolic steps), to absolute tolerance `tolerance` in x; returns x and f(x).
std::pair<double, double> minimize_brent(const std::function<double(double)>& f, double a, double b,
                                         double tolerance) {
  constexpr double kGolden = 0.3819660112501051;  // (3 - sqrt(5)) / 2
  constexpr int kMaxIterations = 60;
  double x = a + kGolden * (b - a);
  double w = x, v = x;
  double fx = f(x), fw = fx, fv = fx;
  double d = 0, e = 0;
  for (int iteration = 0; iteration < kMaxIterations; ++iteration) {
    const double middle = 0.5 * (a + b);
    const double tol1 = 1e-15 * std::abs(x) + tolerance / 3.0;
    const double tol2 = 2.0 * tol1;
    if (std::abs(x - middle) <= tol2 - 0.5 * (b - a)) break;
    bool golden = true;
    if (std::abs(e) > tol1) {
      double r = (x - w) * (fx - fv);
      double q = (x - v) * (fx - fw);
      double p = (x - v) * q - (x - w) * r;
      q = 2.0 * (q - r);
      if (q > 0) p = -p;
      q = std::abs(q);
      const double previous_e = e;
      if (std::abs(p) < std::abs(0.5 * q * previous_e) && p > q * (a - x) && p < q * (b - x)) {
        e = d;
        d = p / q;
        const double u = x + d;
        if (u - a < tol2 || b - u < tol2) d = x < middle ? tol1 : -tol1;
        golden = false;
      }
    }
    if (golden) {
      e = (x < middle ? b : a) - x;
      d = kGolden * e;
    }
    const double u = std::abs(d) >= tol1 ? x + d : x + (d > 0 ? tol1 : -tol1);
    const double fu = f(u);
    if (fu <= fx) {
      if (u < x)
        b = x;
      else
        a = x;
      v = w;
      fv = fw;
      w = x;
      fw = fx;
      x = u;
      fx = fu;
    } else {
      if (u < x)
        a = u;
      else
        b = u;
      if (fu <= fw || w == x) {
        v = w;
        fv = fw;
        w = u;
        fw = fu;
      } else if (fu <= fv || v == x || v == w) {
        v = u;
        fv = fu;
      }
    }
  }
  return {x, fx};
}

struct Candidate {
  double frequency_hz = 0;  // 0 = the unvoiced candidate
  double strength = 0;
  std::int64_t lag = 0;  // the sampled maximum it came from
};

std::optional<Error> validate(const HarmonicitySettings& s) {
  auto bad = [](const char* name, double value, const char* range) {
    return Error{fmt::format("harmonicity {} {} is out of range", name, value),
                 fmt::format("use a value in {}", range)};
  };
  if (!(s.time_step_seconds > 0 && s.time_step_seconds <= 1))
    return bad("time step", s.time_step_seconds, "(0, 1] s");
  if (!(s.min_pitch_hz >= 10 && s.min_pitch_hz <= 1000))
    return bad("minimum pitch", s.min_pitch_hz, "[10, 1000] Hz");
  if (!(s.silence_threshold >= 0 && s.silence_threshold <= 1))
    return bad("silence threshold", s.silence_threshold, "[0, 1]");
  if (!(s.periods_per_window >= 0.5 && s.periods_per_window <= 10))
    return bad("periods per window", s.periods_per_window, "[0.5, 10]");
  return std::nullopt;
}

}  // namespace

Result<HarmonicityTrack> harmonicity_cc(const MonoSignal& signal, const HarmonicitySettings& settings) {
  if (auto error = validate(settings)) return *error;
  if (signal.sample_rate_hz < kMinSampleRateHz || signal.sample_rate_hz > kMaxSampleRateHz) {
    return Error{fmt::format("sample rate {} Hz is out of range", signal.sample_rate_hz),
                 fmt::format("use a recording at {}–{} Hz", kMinSampleRateHz, kMaxSampleRateHz)};
  }
  const auto nx = static_cast<std::int64_t>(signal.samples.size());
  const double dx = 1.0 / signal.sample_rate_hz;
  const double x1 = 0.5 * dx;
  const double min_pitch = settings.min_pitch_hz;
  const double periods_per_window = settings.periods_per_window;
  const double duration = dx * static_cast<double>(nx);
  const double dt_window = periods_per_window / min_pitch;
  const double frame_span = 1.0 / min_pitch + dt_window;  // the forward cross-correlation reads this much
  auto too_short = [&] {
    return Error{fmt::format("the recording lasts {:.3f} s, shorter than the {:.3f} s harmonicity window",
                             duration, frame_span),
                 "record at least a second of a steady vowel"};
  };
  if (nx == 0 || min_pitch < periods_per_window / duration || frame_span > duration) return too_short();

  // Praat's z[1..nx]; the sample rate grid and sizes exactly as Sound_to_Pitch_any derives them.
  std::vector<double> z(signal.samples.begin(), signal.samples.end());
  auto zs = [&](std::int64_t i) { return z[static_cast<std::size_t>(i - 1)]; };
  const auto nsamp_period = static_cast<std::int64_t>(std::floor(1.0 / dx / min_pitch));
  const std::int64_t halfnsamp_period = nsamp_period / 2 + 1;
  const double ceiling = 0.5 / dx;
  std::int64_t nsamp_window = static_cast<std::int64_t>(std::floor(dt_window / dx));
  const std::int64_t halfnsamp_window = nsamp_window / 2 - 1;
  if (halfnsamp_window < 2) return too_short();
  nsamp_window = halfnsamp_window * 2;
  const std::int64_t maximum_lag = std::min(
      static_cast<std::int64_t>(std::floor(static_cast<double>(nsamp_window) / periods_per_window)) + 2,
      nsamp_window);
  std::int64_t max_candidates = kMinCandidates;
  if (static_cast<double>(max_candidates) < ceiling / min_pitch)
    max_candidates = static_cast<std::int64_t>(std::floor(ceiling / min_pitch));
  const std::int64_t brent_ixmax = nsamp_window;  // interpolation depth 1.0 for cross-correlation

  // Sampled_shortTermAnalysis: as many frames as fit, laid symmetrically.
  const auto frames =
      static_cast<std::int64_t>(std::floor((duration - frame_span) / settings.time_step_seconds)) + 1;
  const double mid_time = x1 - 0.5 * dx + 0.5 * duration;
  const double t1 = mid_time - 0.5 * static_cast<double>(frames) * settings.time_step_seconds +
                    0.5 * settings.time_step_seconds;
  HarmonicityTrack track;
  track.first_time_seconds = t1;
  track.time_step_seconds = settings.time_step_seconds;
  track.hnr_db.assign(static_cast<std::size_t>(frames), std::nullopt);

  double mean = 0;
  for (const double v : z) mean += v;
  mean /= static_cast<double>(nx);
  double global_peak = 0;
  for (const double v : z) global_peak = std::max(global_peak, std::abs(v - mean));
  if (global_peak == 0) return track;

  // r[-brent_ixmax .. brent_ixmax]; kept across frames as Praat keeps its
  // buffer (only the last frames, whose lags run past the end, read old values).
  std::vector<double> r_buffer(static_cast<std::size_t>(2 * brent_ixmax + 1), 0.0);
  auto r = [&](std::int64_t lag) -> double& { return r_buffer[static_cast<std::size_t>(lag + brent_ixmax)]; };
  // NUM_interpolate_sinc's 1-based view of r: y(k) = r(k + offset), k = 1 .. 2 * brent_ixmax + 1.
  const std::int64_t offset_r = -brent_ixmax - 1;
  std::vector<double> frame(static_cast<std::size_t>(nsamp_window), 0.0);
  std::vector<double> centred;
  std::vector<Candidate> candidates;

  for (std::int64_t iframe = 0; iframe < frames; ++iframe) {
    const double t = t1 + static_cast<double>(iframe) * settings.time_step_seconds;
    const auto left_sample = static_cast<std::int64_t>(std::floor((t - x1) / dx + 1.0));
    const std::int64_t right_sample = left_sample + 1;

    // The local mean, one longest period to both sides.
    double local_mean = 0.0;
    for (std::int64_t i = right_sample - nsamp_period; i <= left_sample + nsamp_period; ++i)
      local_mean += zs(i);
    local_mean /= static_cast<double>(2 * nsamp_period);

    // The local peak, half a longest period to both sides of the centre.
    const std::int64_t window_start = right_sample - halfnsamp_window;
    for (std::int64_t j = 1; j <= nsamp_window; ++j)
      frame[static_cast<std::size_t>(j - 1)] = zs(window_start + j - 1) - local_mean;
    const std::int64_t peak_first = std::max<std::int64_t>(1, halfnsamp_window + 1 - halfnsamp_period);
    const std::int64_t peak_last = std::min(nsamp_window, halfnsamp_window + halfnsamp_period);
    double local_peak = 0.0;
    for (std::int64_t j = peak_first; j <= peak_last; ++j)
      local_peak = std::max(local_peak, std::abs(frame[static_cast<std::size_t>(j - 1)]));
    const double intensity = local_peak > global_peak ? 1.0 : local_peak / global_peak;

    // Forward cross-correlation of one window with the windows that follow it.
    const double start_time = t - 0.5 * (1.0 / min_pitch + dt_window);
    std::int64_t start_sample = static_cast<std::int64_t>(std::floor((start_time - x1) / dx + 1.0));
    start_sample = std::max<std::int64_t>(start_sample, 1);
    std::int64_t local_span = maximum_lag + nsamp_window;
    local_span = std::min(local_span, nx + 1 - start_sample);
    const std::int64_t local_maximum_lag = local_span - nsamp_window;
    const std::int64_t offset = start_sample - 1;
    // amp(i), i = 1..local_span: the samples from start_sample on, less the local mean.
    centred.resize(static_cast<std::size_t>(local_span) + 1);
    for (std::int64_t i = 1; i <= local_span; ++i)
      centred[static_cast<std::size_t>(i)] = zs(offset + i) - local_mean;
    const double* amp = centred.data();
    long double sumx2 = 0.0L;
    for (std::int64_t i = 1; i <= nsamp_window; ++i) sumx2 += amp[i] * amp[i];
    long double sumy2 = sumx2;
    r(0) = 1.0;
    for (std::int64_t i = 1; i <= local_maximum_lag; ++i) {
      const double y0 = amp[i];
      const double yz = amp[i + nsamp_window];
      sumy2 += yz * yz - y0 * y0;
      // Praat sums these products in long double; four double partial sums
      // differ from that by about 1e-16 of r and run several times faster.
      double product[4] = {0.0, 0.0, 0.0, 0.0};
      const double* x = amp + 1;
      const double* y = amp + i + 1;
      std::int64_t j = 0;
      for (; j + 4 <= nsamp_window; j += 4) {
        product[0] += x[j] * y[j];
        product[1] += x[j + 1] * y[j + 1];
        product[2] += x[j + 2] * y[j + 2];
        product[3] += x[j + 3] * y[j + 3];
      }
      for (; j < nsamp_window; ++j) product[0] += x[j] * y[j];
      const double dot = (product[0] + product[1]) + (product[2] + product[3]);
      const double denominator = std::sqrt(static_cast<double>(sumx2) * static_cast<double>(sumy2));
      // Praat divides regardless; a silent window gives 0/0 there, which no maximum test passes.
      r(i) = r(-i) = denominator > 0 ? dot / denominator : 0.0;
    }

    candidates.assign(1, Candidate{});
    if (local_peak == 0.0) continue;  // absolute silence is unvoiced

    for (std::int64_t i = 2; i < maximum_lag && i < brent_ixmax; ++i) {
      if (!(r(i) > 0.0 && r(i) > r(i - 1) && r(i) >= r(i + 1))) continue;
      const double dr = 0.5 * (r(i + 1) - r(i - 1));
      const double d2r = 2.0 * r(i) - r(i - 1) - r(i + 1);
      const double frequency = 1.0 / dx / (static_cast<double>(i) + dr / d2r);
      double strength = interpolate_sinc(r_buffer, 1.0 / dx / frequency - static_cast<double>(offset_r),
                                         kFirstPassSincDepth);
      if (strength > 1.0) strength = 1.0 / strength;  // high values from short windows reflect around 1
      // With Harmonicity's octave cost of 0 a candidate's worth is its strength.
      if (static_cast<std::int64_t>(candidates.size()) < max_candidates) {
        candidates.push_back({frequency, strength, i});
      } else {
        double weakest = 2.0;
        std::size_t place = 0;
        for (std::size_t k = 1; k < candidates.size(); ++k) {
          if (candidates[k].strength < weakest) {
            weakest = candidates[k].strength;
            place = k;
          }
        }
        if (strength > weakest && place > 0) candidates[place] = {frequency, strength, i};
      }
    }

    // Refine each maximum: maximize the sinc interpolation of r around it.
    for (std::size_t k = 1; k < candidates.size(); ++k) {
      const double ixmid = static_cast<double>(candidates[k].lag - offset_r);
      const auto [x_best, minus_y] =
          minimize_brent([&](double x) { return -interpolate_sinc(r_buffer, x, kRefineSincDepth); },
                         ixmid - 1, ixmid + 1, kBrentTolerance);
      double ymid = -minus_y;
      candidates[k].frequency_hz = 1.0 / dx / (x_best + static_cast<double>(offset_r));
      if (ymid > 1.0) ymid = 1.0 / ymid;
      candidates[k].strength = ymid;
    }

    // Praat's path finder with every cost at zero (Harmonicity passes voicing
    // threshold, octave, octave-jump and voiced/unvoiced costs of 0): the path
    // decouples, so each frame keeps its best candidate, the first on a tie.
    const double unvoiced =
        settings.silence_threshold <= 0 ? 0.0 : std::max(0.0, 2.0 - intensity / settings.silence_threshold);
    std::size_t winner = 0;
    double best = unvoiced;
    for (std::size_t k = 1; k < candidates.size(); ++k) {
      const bool voiceless = !(candidates[k].frequency_hz > 0.0 && candidates[k].frequency_hz < ceiling);
      const double value = voiceless ? unvoiced : candidates[k].strength;
      if (value > best) {
        best = value;
        winner = k;
      }
    }
    if (winner == 0) continue;
    const double s = candidates[winner].strength;
    track.hnr_db[static_cast<std::size_t>(iframe)] = s <= kStrengthEpsilon ? -kClipDb
                                                     : s > 1.0 - kStrengthEpsilon
                                                         ? kClipDb
                                                         : 10.0 * std::log10(s / (1.0 - s));
  }
  return track;
}

std::optional<double> mean_hnr_db(const HarmonicityTrack& track) {
  double sum = 0;
  std::size_t count = 0;
  for (const auto& value : track.hnr_db) {
    if (!value) continue;
    sum += *value;
    ++count;
  }
  if (count == 0) return std::nullopt;
  return sum / static_cast<double>(count);
}

// ---------------------------------------------------------------------------
// CPPS, reimplemented from Praat's LPC/PowerCepstrogram.cpp, LPC/PowerCepstrum.cpp,
// LPC/Cepstrum_and_Spectrum.cpp, fon/Sound.cpp (Sound_resample), fon/Sampled.cpp
// (Sampled_getMean with interpolation), fon/Vector.cpp (Vector_getMaximumAndX)
// and dwsys/NUM2.cpp (NUMlineFit_theil, NUMlineFit_LS).

namespace {

constexpr int kResampleSincDepth = 50;            // Sound_to_PowerCepstrogram's precision
constexpr double kPeriodsPerAnalysisWidth = 3.0;  // analysis width = 3 periods of the floor...
constexpr double kGaussianWindowFactor = 2.0;     // ...and a Gaussian window twice that long
constexpr double kAntiTurnAroundSamples = 1000;
constexpr double kGaussianEdgeExponent = 12.0;
constexpr double kPowerFloor = 1e-30;  // Praat's TO10LOG offset
constexpr double kLogFloor = 1e-300;   // Spectrum_to_PowerCepstrum's offset

std::int64_t round_half_up(double x) { return static_cast<std::int64_t>(std::floor(x + 0.5)); }

// A regularly sampled function on [xmin, xmax]: sample i (1-based) at x1 + (i - 1) dx.
struct Axis {
  double xmin = 0, xmax = 0, x1 = 0, dx = 1;
  std::int64_t nx = 0;
};

// Sampled_getWindowSamples: the 1-based sample range whose centres lie in [xmin, xmax].
std::int64_t window_samples(const Axis& a, double xmin, double xmax, std::int64_t& imin, std::int64_t& imax) {
  const double first = 1.0 + std::ceil((xmin - a.x1) / a.dx);
  const double last = 1.0 + std::floor((xmax - a.x1) / a.dx);
  imin = first < 1.0 ? 1 : static_cast<std::int64_t>(first);
  imax = last > static_cast<double>(a.nx) ? a.nx : static_cast<std::int64_t>(last);
  return imin > imax ? 0 : imax - imin + 1;
}

// Sampled_getMean (interpolate = true) of the values value(i), i = 1..nx:
// the mean of the linearly interpolated curve over [xmin, xmax] ∩ domain.
template <typename Value>
double interpolated_mean(const Axis& a, double xmin, double xmax, const Value& value) {
  xmin = std::max(xmin, a.xmin);
  xmax = std::min(xmax, a.xmax);
  if (xmin >= xmax) return 0.0;
  auto at = [&](std::int64_t i) -> std::optional<double> {
    if (i < 1 || i > a.nx) return std::nullopt;
    return value(i);
  };
  long double sum = 0.0L, range = 0.0L;
  std::int64_t imin = 0, imax = 0;
  if (window_samples(a, xmin, xmax, imin, imax) > 0) {
    const double left_edge = a.x1 - 0.5 * a.dx;
    const double right_edge = left_edge + static_cast<double>(a.nx) * a.dx;
    for (std::int64_t i = imin; i <= imax; ++i) {
      range += 1.0L;
      sum += value(i);
    }
    if (xmin > left_edge) {
      double phase = (a.x1 + static_cast<double>(imin - 1) * a.dx - xmin) / a.dx;
      const auto right = at(imin), left = at(imin - 1);
      if (right) {
        range -= 0.5L;
        sum -= 0.5 * *right;
        if (left) {
          range += phase;
          sum += phase * (*right + 0.5 * phase * (*left - *right));
        } else {
          phase = std::min(phase, 0.5);
          range += phase;
          sum += phase * *right;
        }
      } else if (left && phase > 0.5) {
        range += phase - 0.5;
        sum += (phase - 0.5) * *left;
      }
    }
    if (xmax < right_edge) {
      double phase = (xmax - (a.x1 + static_cast<double>(imax - 1) * a.dx)) / a.dx;
      const auto left = at(imax), right = at(imax + 1);
      if (left) {
        range -= 0.5L;
        sum -= 0.5 * *left;
        if (right) {
          range += phase;
          sum += phase * (*left + 0.5 * phase * (*right - *left));
        } else {
          phase = std::min(phase, 0.5);
          range += phase;
          sum += phase * *left;
        }
      } else if (right && phase > 0.5) {
        range += phase - 0.5;
        sum += (phase - 0.5) * *right;
      }
    }
  } else {
    // No sample centre inside: the mean of the interpolated curve between the two points.
    const auto left = at(imax), right = at(imin);
    double phase1 = (xmin - (a.x1 + static_cast<double>(imax - 1) * a.dx)) / a.dx;
    double phase2 = (xmax - (a.x1 + static_cast<double>(imax - 1) * a.dx)) / a.dx;
    if (imin == imax + 1) {
      if (left) {
        if (right) {
          range += phase2 - phase1;
          sum += (phase2 - phase1) * (*left + 0.5 * (phase1 + phase2) * (*right - *left));
        } else if (phase1 < 0.5) {
          phase2 = std::min(phase2, 0.5);
          range += phase2 - phase1;
          sum += (phase2 - phase1) * *left;
        }
      } else if (right && phase2 > 0.5) {
        phase1 = std::max(phase1, 0.5);
        range += phase2 - phase1;
        sum += (phase2 - phase1) * *right;
      }
    }
  }
  return range <= 0.0L ? 0.0 : static_cast<double>(sum / range);
}

// interpolated_mean is linear in the values, so over a fixed window it is a
// weighted sum; the weights (found by feeding it one unit value at a time)
// serve every row of the cepstrogram at once. Equal to calling it directly up
// to rounding (~1e-16).
using MeanWeights = std::vector<std::pair<std::int64_t, double>>;
MeanWeights mean_weights(const Axis& a, double xmin, double xmax) {
  MeanWeights weights;
  if (std::max(xmin, a.xmin) >= std::min(xmax, a.xmax)) return weights;
  std::int64_t imin = 0, imax = 0;
  window_samples(a, std::max(xmin, a.xmin), std::min(xmax, a.xmax), imin, imax);
  const std::int64_t first = std::max<std::int64_t>(1, std::min(imin, imax) - 1);
  const std::int64_t last = std::min(a.nx, std::max(imin, imax) + 1);
  for (std::int64_t k = first; k <= last; ++k) {
    const double weight =
        interpolated_mean(a, xmin, xmax, [k](std::int64_t i) { return i == k ? 1.0 : 0.0; });
    if (weight != 0.0) weights.emplace_back(k, weight);
  }
  return weights;
}

// Sound_resample to `new_rate`: an FFT low-pass when going down (Praat zeroes
// the real FFT's coefficients from index floor(ratio · nfft) in its packed
// layout, and the Nyquist term), then sinc interpolation of depth 50.
std::vector<double> resample(const std::vector<double>& z, double rate, double new_rate, Axis& out) {
  const auto nx = static_cast<std::int64_t>(z.size());
  const double dx = 1.0 / rate;
  const double x1 = 0.5 * dx;
  const double xmax = static_cast<double>(nx) * dx;
  const double upfactor = new_rate * dx;
  out.xmin = 0;
  out.xmax = xmax;
  if (std::abs(upfactor - 1.0) < 1e-6) {
    out.nx = nx;
    out.dx = dx;
    out.x1 = x1;
    return z;
  }
  const std::int64_t count = round_half_up(xmax * new_rate);
  out.nx = count;
  out.dx = 1.0 / new_rate;
  out.x1 = 0.5 * (xmax - static_cast<double>(count - 1) / new_rate);
  std::vector<double> source = z;
  if (upfactor < 1.0) {
    const auto pad = static_cast<std::int64_t>(kAntiTurnAroundSamples);
    std::int64_t nfft = 1;
    while (nfft < nx + 2 * pad) nfft *= 2;
    detail::RealFftDouble fft(static_cast<std::size_t>(nfft));
    auto time = fft.real();
    std::fill(time.begin(), time.end(), 0.0);
    for (std::int64_t i = 0; i < nx; ++i)
      time[static_cast<std::size_t>(pad + i)] = z[static_cast<std::size_t>(i)];
    fft.forward();
    auto bins = fft.spectrum();
    // Packed layout (1-based): 1 = DC, 2 = Nyquist, 2k+1 / 2k+2 = real / imaginary part of bin k.
    const auto first_zeroed = static_cast<std::int64_t>(std::floor(upfactor * static_cast<double>(nfft)));
    for (std::int64_t k = 1; k < nfft / 2; ++k) {
      auto& bin = bins[static_cast<std::size_t>(k)];
      const double re = 2 * k + 1 >= first_zeroed ? 0.0 : bin.real();
      const double im = 2 * k + 2 >= first_zeroed ? 0.0 : bin.imag();
      bin = {re, im};
    }
    bins[static_cast<std::size_t>(nfft / 2)] = 0.0;
    fft.inverse();
    for (std::int64_t i = 0; i < nx; ++i)
      source[static_cast<std::size_t>(i)] =
          time[static_cast<std::size_t>(pad + i)] / static_cast<double>(nfft);
  }
  std::vector<double> result(static_cast<std::size_t>(count));
  for (std::int64_t i = 1; i <= count; ++i) {
    const double x = out.x1 + static_cast<double>(i - 1) * out.dx;
    const double index = (x - x1) / dx + 1.0;
    result[static_cast<std::size_t>(i - 1)] = interpolate_sinc(source, index, kResampleSincDepth);
  }
  return result;
}

// The median as Praat's NUMquantile (0.5) gives it, without a full sort.
double median(std::vector<double>& values) {
  const std::size_t n = values.size();
  if (n == 1) return values[0];
  const std::size_t upper = n / 2;
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(upper), values.end());
  const double high = values[upper];
  if (n % 2 == 1) return high;
  const double low = *std::max_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(upper));
  return low + 0.5 * (high - low);
}

// 1 / (x[j] - x[i]) for every pair i < j, row by row: every frame's fit uses
// the same quefrencies, and a multiplication is several times cheaper than the
// division (the slope may differ from Praat's by one rounding, ~1e-16).
struct PairGaps {
  std::vector<double> inverse;
  std::vector<double> x;  // the abscissae they were made for
  const std::vector<double>& for_x(const std::vector<double>& abscissae) {
    if (abscissae != x) {
      x = abscissae;
      inverse.clear();
      for (std::size_t i = 0; i + 1 < x.size(); ++i)
        for (std::size_t j = i + 1; j < x.size(); ++j) inverse.push_back(1.0 / (x[j] - x[i]));
    }
    return inverse;
  }
};

// The median of all n(n-1)/2 pairwise slopes (Theil's complete method), equal
// to sorting them all and taking NUMquantile (0.5), but found in one pass:
// a fixed sample of pairs brackets the median, the pass counts the slopes
// below the bracket and keeps those inside it, and only those are selected
// from. Falls back to selecting from every slope if the bracket misses.
double pairwise_slope_median(const std::vector<double>& x, const std::vector<double>& y,
                             std::vector<double>& work, PairGaps& gaps) {
  const std::size_t n = x.size();
  const std::size_t total = n * (n - 1) / 2;
  const std::size_t rank_low = (total - 1) / 2;  // 0-based; equal ranks when total is odd
  const std::size_t rank_high = total / 2;
  const std::vector<double>& inverse = gaps.for_x(x);
  auto row_start = [&](std::size_t i) { return i * (2 * n - i - 1) / 2; };  // first pair (i, i + 1)
  auto slope = [&](std::size_t i, std::size_t j) {
    return (y[j] - y[i]) * inverse[row_start(i) + (j - i - 1)];
  };
  constexpr std::size_t kSampleSize = 2048;
  constexpr double kBracketHalfWidth =
      0.045;  // quantiles around the median; ~4 standard errors of the sample
  std::vector<double> sample;
  sample.reserve(kSampleSize);
  std::uint64_t state = 0x9E3779B97F4A7C15ULL;  // fixed: the same pairs every time
  for (std::size_t k = 0; k < kSampleSize; ++k) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    const std::size_t i = static_cast<std::size_t>((state >> 33) % n);
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    std::size_t j = static_cast<std::size_t>((state >> 33) % (n - 1));
    if (j >= i) ++j;
    sample.push_back(i < j ? slope(i, j) : slope(j, i));
  }
  auto quantile = [&](double fraction) {
    const auto at = sample.begin() + static_cast<std::ptrdiff_t>(fraction * kSampleSize);
    std::nth_element(sample.begin(), at, sample.end());
    return *at;
  };
  const double low = quantile(0.5 - kBracketHalfWidth);
  const double high = quantile(0.5 + kBracketHalfWidth);
  std::size_t below = 0;
  std::size_t kept = 0;
  work.resize(total);
  for (std::size_t i = 0; i + 1 < n; ++i) {
    const double yi = y[i];
    const double* row = inverse.data() + row_start(i) - (i + 1);  // row[j] for j > i
    for (std::size_t j = i + 1; j < n; ++j) {
      const double s = (y[j] - yi) * row[j];
      below += s < low ? 1 : 0;
      work[kept] = s;  // kept only if inside the bracket (branch-free)
      kept += s >= low && s <= high ? 1 : 0;
    }
  }
  work.resize(kept);
  if (below > rank_low || below + work.size() <= rank_high) {  // the bracket missed: use every slope
    work.clear();
    for (std::size_t i = 0; i + 1 < n; ++i)
      for (std::size_t j = i + 1; j < n; ++j) work.push_back(slope(i, j));
    below = 0;
  }
  auto select = [&](std::size_t rank) {
    const auto at = work.begin() + static_cast<std::ptrdiff_t>(rank - below);
    std::nth_element(work.begin(), at, work.end());
    return *at;
  };
  const double upper = select(rank_high);
  if (rank_low == rank_high) return upper;
  const double lower =
      *std::max_element(work.begin(), work.begin() + static_cast<std::ptrdiff_t>(rank_high - below));
  return lower + 0.5 * (upper - lower);
}

struct Line {
  double slope = 0, intercept = 0;
};

Line fit_line(const std::vector<double>& x, const std::vector<double>& y, TrendFit fit,
              std::vector<double>& work, PairGaps& gaps) {
  const std::size_t n = x.size();
  if (fit == TrendFit::kLeastSquares) {
    double sx = 0, sy = 0;
    for (std::size_t i = 0; i < n; ++i) {
      sx += x[i];
      sy += y[i];
    }
    const double xmean = sx / static_cast<double>(n);
    long double st2 = 0.0L, m = 0.0L;
    for (std::size_t i = 0; i < n; ++i) {
      const double t = x[i] - xmean;
      st2 += t * t;
      m += t * y[i];
    }
    m /= st2;
    return {static_cast<double>(m), static_cast<double>((sy - m * sx) / static_cast<long double>(n))};
  }
  if (n == 1) return {0.0, y[0]};
  if (n == 2) {
    const double m = (y[1] - y[0]) / (x[1] - x[0]);
    return {m, y[0] - m * x[0]};
  }
  double m = 0;
  if (fit == TrendFit::kRobust) {  // Theil's incomplete method: pairs half the data apart
    work.clear();
    const std::size_t pairs = n / 2;
    const std::size_t half = n % 2 == 1 ? pairs + 1 : pairs;
    for (std::size_t i = 0; i < pairs; ++i) work.push_back((y[half + i] - y[i]) / (x[half + i] - x[i]));
    m = median(work);
  } else {  // Theil's complete method: every pair
    m = pairwise_slope_median(x, y, work, gaps);
  }
  work.resize(n);
  for (std::size_t i = 0; i < n; ++i) work[i] = y[i] - m * x[i];
  return {m, median(work)};
}

double to_db(double power) { return 10.0 / std::numbers::ln10 * std::log(power + kPowerFloor); }

// One frame's power cepstrum on the quefrency axis q (x1 = 0).
struct CepstrumFit {
  const Axis& q;
  CepstralTrend trend;
  TrendFit fit;
  double from_seconds, to_seconds;
  std::vector<double> xs, ys, work;
  PairGaps gaps;

  // PowerCepstrum_fitTrendLine over the dB values.
  Line line(std::span<const double> power) {
    double qmin = from_seconds, qmax = to_seconds;
    if (qmax <= qmin) {  // Praat: an empty range means the whole domain
      qmin = q.xmin;
      qmax = q.xmax;
    }
    std::int64_t imin = 0, imax = 0;
    if (window_samples(q, qmin, qmax, imin, imax) == 0) return {};
    // Praat 6.3 leaves quefrency 0 (the spectrum's mean level) out of every fit.
    if (imin == 1) imin = 2;
    xs.clear();
    ys.clear();
    for (std::int64_t i = imin; i <= imax; ++i) {
      const double x = q.x1 + static_cast<double>(i - 1) * q.dx;
      xs.push_back(trend == CepstralTrend::kExponentialDecay ? std::log(x) : x);
      ys.push_back(to_db(power[static_cast<std::size_t>(i - 1)]));
    }
    return fit_line(xs, ys, fit, work, gaps);
  }

  double background_db(const Line& l, double quefrency) const {
    const double x = trend == CepstralTrend::kExponentialDecay ? std::log(quefrency) : quefrency;
    return l.slope * x + l.intercept;
  }

  // PowerCepstrum_subtractTrendLine_inplace: dB above the line, negative clipped to 0.
  void subtract(std::span<double> power) {
    const Line l = line(power);
    for (std::size_t j = 0; j < power.size(); ++j) {
      double quefrency = q.x1 + static_cast<double>(j) * q.dx;
      if (j == 0) quefrency = 0.5 * q.dx;
      const double diff = std::max(0.0, to_db(power[j]) - background_db(l, quefrency));
      power[j] = std::exp(diff * std::numbers::ln10 / 10.0) - kPowerFloor;
    }
  }
};

std::optional<Error> validate(const CppsSettings& s) {
  auto bad = [](const char* name, double value, const char* range) {
    return Error{fmt::format("CPPS {} {} is out of range", name, value),
                 fmt::format("use a value in {}", range)};
  };
  if (!(s.pitch_floor_hz >= 20 && s.pitch_floor_hz <= 500))
    return bad("pitch floor", s.pitch_floor_hz, "[20, 500] Hz");
  if (!(s.time_step_seconds > 0 && s.time_step_seconds <= 0.1))
    return bad("time step", s.time_step_seconds, "(0, 0.1] s");
  if (!(s.max_frequency_hz >= 1000 && s.max_frequency_hz <= 48000))
    return bad("maximum frequency", s.max_frequency_hz, "[1000, 48000] Hz");
  if (!(s.pre_emphasis_from_hz >= 0 && s.pre_emphasis_from_hz < s.max_frequency_hz))
    return bad("pre-emphasis frequency", s.pre_emphasis_from_hz, "[0, maximum frequency) Hz");
  if (!(s.time_averaging_seconds >= 0 && s.time_averaging_seconds <= 1))
    return bad("time averaging window", s.time_averaging_seconds, "[0, 1] s");
  if (!(s.quefrency_averaging_seconds >= 0 && s.quefrency_averaging_seconds <= 0.01))
    return bad("quefrency averaging window", s.quefrency_averaging_seconds, "[0, 0.01] s");
  if (!(s.peak_floor_hz > 0 && s.peak_ceiling_hz > s.peak_floor_hz))
    return bad("peak search ceiling", s.peak_ceiling_hz, "(floor, ∞) Hz with a positive floor");
  if (!(s.trend_from_seconds >= 0 && s.trend_to_seconds >= 0))
    return bad("trend line start", s.trend_from_seconds, "[0, ∞) s");
  return std::nullopt;
}

}  // namespace

CppsSettings praat_default_cpps_settings() { return CppsSettings{}; }

CppsSettings avqi_cpps_settings() {
  CppsSettings settings;
  settings.subtract_trend_before_smoothing = false;
  settings.time_averaging_seconds = 0.01;
  settings.quefrency_averaging_seconds = 0.001;
  settings.trend = CepstralTrend::kStraight;
  settings.fit = TrendFit::kRobust;
  return settings;
}

Result<double> cpps_db(const MonoSignal& signal, const CppsSettings& settings) {
  if (auto error = validate(settings)) return *error;
  if (signal.sample_rate_hz < kMinSampleRateHz || signal.sample_rate_hz > kMaxSampleRateHz) {
    return Error{fmt::format("sample rate {} Hz is out of range", signal.sample_rate_hz),
                 fmt::format("use a recording at {}–{} Hz", kMinSampleRateHz, kMaxSampleRateHz)};
  }
  const bool silent =
      std::all_of(signal.samples.begin(), signal.samples.end(), [](float v) { return v == 0.0f; });
  if (signal.samples.empty() || silent) {
    return Error{"the recording is silent, so it has no cepstral peak to measure",
                 "record a steady vowel such as /a/ at a comfortable loudness"};
  }
  const double rate = signal.sample_rate_hz;
  const double dx = 1.0 / rate;
  const auto nx = static_cast<std::int64_t>(signal.samples.size());
  const double duration = dx * static_cast<double>(nx);
  double window_seconds = kGaussianWindowFactor * kPeriodsPerAnalysisWidth / settings.pitch_floor_hz;
  window_seconds = std::min(window_seconds, duration);  // Praat: the whole sound in one frame
  const double new_rate = 2.0 * settings.max_frequency_hz;
  if (round_half_up(duration * new_rate) < 2) {
    return Error{fmt::format("the recording lasts {:.4f} s, too short for a cepstrum", duration),
                 "record at least a second of a steady vowel"};
  }

  // Resample and pre-emphasize.
  std::vector<double> z(signal.samples.begin(), signal.samples.end());
  Axis sound;
  std::vector<double> resampled = resample(z, rate, new_rate, sound);
  if (settings.pre_emphasis_from_hz < 0.5 / sound.dx) {
    const double a = std::exp(-2.0 * kPi * settings.pre_emphasis_from_hz * sound.dx);
    for (std::size_t i = resampled.size() - 1; i >= 1; --i) resampled[i] -= a * resampled[i - 1];
  }

  // Frames laid out on the original sound (Sampled_shortTermAnalysis).
  const auto frames =
      static_cast<std::int64_t>(std::floor((duration - window_seconds) / settings.time_step_seconds)) + 1;
  const double x1 = 0.5 * dx;
  const double t1 = x1 - 0.5 * dx + 0.5 * duration -
                    0.5 * static_cast<double>(frames) * settings.time_step_seconds +
                    0.5 * settings.time_step_seconds;
  const std::int64_t window_samples_count =
      std::max<std::int64_t>(1, round_half_up(window_seconds * new_rate));
  std::int64_t nfft = 2;
  while (nfft < window_samples_count) nfft *= 2;
  const std::int64_t nq = nfft / 2 + 1;
  Axis q;
  q.xmin = 0;
  q.xmax = 0.5 * static_cast<double>(nfft) / new_rate;
  q.nx = nq;
  q.dx = q.xmax / static_cast<double>(nq - 1);
  q.x1 = 0;

  std::vector<double> window(static_cast<std::size_t>(window_samples_count));
  {
    const double mid = 0.5 * static_cast<double>(window_samples_count + 1);
    const double edge = std::exp(-kGaussianEdgeExponent);
    for (std::int64_t i = 1; i <= window_samples_count; ++i) {
      const double d = static_cast<double>(i) - mid;
      const double n1 = static_cast<double>(window_samples_count + 1);
      window[static_cast<std::size_t>(i - 1)] = (std::exp(-48.0 * d * d / n1 / n1) - edge) / (1.0 - edge);
    }
  }

  // The power cepstrogram, frame by frame: cepstrogram[frame * nq + iq].
  std::vector<double> cepstrogram(static_cast<std::size_t>(frames * nq));
  detail::RealFftDouble spectrum_fft(static_cast<std::size_t>(nfft));
  detail::RealFftDouble cepstrum_fft(static_cast<std::size_t>(nfft));
  const double spectrum_scale = sound.dx;                              // Sound_to_Spectrum
  const double cepstrum_scale = new_rate / static_cast<double>(nfft);  // Spectrum_to_Sound: df
  std::vector<double> frame(static_cast<std::size_t>(window_samples_count));
  for (std::int64_t iframe = 0; iframe < frames; ++iframe) {
    const double t = t1 + static_cast<double>(iframe) * settings.time_step_seconds;
    const std::int64_t index = round_half_up((t - window_seconds / 2 - sound.x1) / sound.dx + 1.0);
    double mean = 0;
    for (std::int64_t i = 1; i <= window_samples_count; ++i) {
      const std::int64_t j = index - 1 + i;
      const double v = j < 1 || j > sound.nx ? 0.0 : resampled[static_cast<std::size_t>(j - 1)];
      frame[static_cast<std::size_t>(i - 1)] = v;
      mean += v;
    }
    mean /= static_cast<double>(window_samples_count);
    auto time = spectrum_fft.real();
    std::fill(time.begin(), time.end(), 0.0);
    for (std::size_t i = 0; i < frame.size(); ++i) time[i] = (frame[i] - mean) * window[i];
    spectrum_fft.forward();
    auto bins = spectrum_fft.spectrum();
    auto log_spectrum = cepstrum_fft.spectrum();
    for (std::size_t k = 0; k < bins.size(); ++k) {
      const double re = bins[k].real() * spectrum_scale;
      const double im = bins[k].imag() * spectrum_scale;
      log_spectrum[k] = {std::log(re * re + im * im + kLogFloor) * cepstrum_scale, 0.0};
    }
    cepstrum_fft.inverse();
    auto cepstrum = cepstrum_fft.real();
    for (std::int64_t iq = 0; iq < nq; ++iq) {
      const double value = cepstrum[static_cast<std::size_t>(iq)];
      cepstrogram[static_cast<std::size_t>(iframe * nq + iq)] = value * value;
    }
  }

  CepstrumFit fitter{
      q, settings.trend, settings.fit, settings.trend_from_seconds, settings.trend_to_seconds, {}, {}, {},
      {}};
  auto column = [&](std::int64_t iframe) {
    return std::span<double>(cepstrogram.data() + iframe * nq, static_cast<std::size_t>(nq));
  };
  if (settings.subtract_trend_before_smoothing) {
    for (std::int64_t iframe = 0; iframe < frames; ++iframe) fitter.subtract(column(iframe));
  }

  // Average over time (each quefrency across frames), then over quefrency (within each frame).
  Axis time_axis;
  time_axis.xmin = 0;
  time_axis.xmax = duration;
  time_axis.x1 = t1;
  time_axis.dx = settings.time_step_seconds;
  time_axis.nx = frames;
  if (std::floor(settings.time_averaging_seconds / time_axis.dx) > 1) {
    const double half = 0.5 * settings.time_averaging_seconds;
    std::vector<double> smoothed(cepstrogram.size(), 0.0);
    for (std::int64_t iframe = 1; iframe <= frames; ++iframe) {
      const double mid = time_axis.x1 + static_cast<double>(iframe - 1) * time_axis.dx;
      double* out = smoothed.data() + (iframe - 1) * nq;
      for (const auto& [index, weight] : mean_weights(time_axis, mid - half, mid + half)) {
        const double* in = cepstrogram.data() + (index - 1) * nq;
        for (std::int64_t iq = 0; iq < nq; ++iq) out[iq] += weight * in[iq];
      }
    }
    cepstrogram.swap(smoothed);
  }
  if (settings.quefrency_averaging_seconds / q.dx > 1.0) {
    const double half = 0.5 * settings.quefrency_averaging_seconds;
    std::vector<MeanWeights> weights;
    for (std::int64_t i = 1; i <= nq; ++i) {
      const double mid = q.x1 + static_cast<double>(i - 1) * q.dx;
      weights.push_back(mean_weights(q, mid - half, mid + half));
    }
    std::vector<double> smoothed(static_cast<std::size_t>(nq));
    for (std::int64_t iframe = 0; iframe < frames; ++iframe) {
      auto power = column(iframe);
      for (std::size_t i = 0; i < weights.size(); ++i) {
        double sum = 0;
        for (const auto& [index, weight] : weights[i])
          sum += weight * power[static_cast<std::size_t>(index - 1)];
        smoothed[i] = sum;
      }
      std::copy(smoothed.begin(), smoothed.end(), power.begin());
    }
  }

  // Each frame's peak prominence: the highest (parabolically interpolated)
  // peak of the cepstrum's height above the trend line between the two
  // quefrencies. Praat 6.3.07 takes the maximum of the difference, so a peak
  // lower in dB but further above the line can win.
  const double q_low = 1.0 / settings.peak_ceiling_hz;
  const double q_high = 1.0 / settings.peak_floor_hz;
  std::vector<double> prominence(static_cast<std::size_t>(nq));
  double sum = 0;
  for (std::int64_t iframe = 0; iframe < frames; ++iframe) {
    auto power = column(iframe);
    const Line line = fitter.line(power);
    for (std::int64_t i = 0; i < nq; ++i) {
      const double quefrency = i == 0 ? 0.5 * q.dx : q.x1 + static_cast<double>(i) * q.dx;
      prominence[static_cast<std::size_t>(i)] =
          to_db(power[static_cast<std::size_t>(i)]) - fitter.background_db(line, quefrency);
    }
    auto y = [&](std::int64_t i) { return prominence[static_cast<std::size_t>(i - 1)]; };
    std::int64_t imin = 0, imax = 0;
    if (window_samples(q, q_low, q_high, imin, imax) == 0) {
      return Error{"the CPPS peak search range holds no quefrency sample",
                   "widen the peak search pitch range"};
    }
    double peak = std::max(y(imin), y(imax));
    if (imin == 1) ++imin;
    if (imax == nq) --imax;
    for (std::int64_t i = imin; i <= imax; ++i) {
      if (!(y(i) > y(i - 1) && y(i) >= y(i + 1))) continue;
      const double dy = 0.5 * (y(i + 1) - y(i - 1));
      const double d2y = 2.0 * y(i) - y(i - 1) - y(i + 1);
      const double local = y(i) + 0.5 * dy * dy / d2y;
      peak = std::max(peak, local);
    }
    sum += peak;
  }
  return sum / static_cast<double>(frames);
}

}  // namespace velum::voice
