// Harmonics-to-noise ratio, reimplemented from Praat's published definition
// (Boersma 1993; fon/Sound_to_Harmonicity.cpp, fon/Sound_to_Pitch.cpp with
// method FCC_ACCURATE, fon/Pitch.cpp's path finder, melder/NUMinterpol.cpp) so
// that the numbers agree with Praat 6.3 on the same file. Index conventions:
// Praat counts samples from 1 at time x1 = 0.5 / rate; here the helpers below
// take Praat's 1-based indices so the arithmetic can be compared line by line.

#include "voice/quality.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <numbers>

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

std::optional<VoiceError> validate(const HarmonicitySettings& s) {
  auto bad = [](const char* name, double value, const char* range) {
    return VoiceError{fmt::format("harmonicity {} {} is out of range", name, value),
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
    return VoiceError{fmt::format("sample rate {} Hz is out of range", signal.sample_rate_hz),
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
    return VoiceError{
        fmt::format("the recording lasts {:.3f} s, shorter than the {:.3f} s harmonicity window", duration,
                    frame_span),
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
    auto amp = [&](std::int64_t i) { return zs(offset + i) - local_mean; };
    long double sumx2 = 0.0L;
    for (std::int64_t i = 1; i <= nsamp_window; ++i) {
      const double x = amp(i);
      sumx2 += x * x;
    }
    long double sumy2 = sumx2;
    r(0) = 1.0;
    for (std::int64_t i = 1; i <= local_maximum_lag; ++i) {
      const double y0 = amp(i);
      const double yz = amp(i + nsamp_window);
      sumy2 += yz * yz - y0 * y0;
      long double product = 0.0L;
      for (std::int64_t j = 1; j <= nsamp_window; ++j) product += amp(j) * amp(i + j);
      const double denominator = std::sqrt(static_cast<double>(sumx2) * static_cast<double>(sumy2));
      // Praat divides regardless; a silent window gives 0/0 there, which no maximum test passes.
      r(i) = r(-i) = denominator > 0 ? static_cast<double>(product) / denominator : 0.0;
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

}  // namespace velum::voice
