// Probabilistic YIN (after Mauch & Dixon 2014) with a sparse Viterbi decoder.
//
// Pipeline per input block: low-pass + decimate to an analysis rate of at least
// kMinAnalysisRateHz (F0 lives far below it; this is what makes the tracker
// fast), then per 10 ms frame the YIN difference function through FFTW, its
// cumulative-mean-normalised form, and every trough turned into a candidate
// period whose probability is the prior mass of the YIN thresholds that would
// have picked it. A hidden Markov model over {candidates of each frame} plus
// one unvoiced state is decoded by Viterbi with a fixed look-ahead, so frames
// stream out and memory stays bounded. Only candidate states carry
// observation probability (as in pYIN, where pitch bins without a candidate
// have probability zero), so the decoder touches a handful of states per frame.

#include "voice/pitch.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numbers>

#include "voice/detail/fft.hpp"
#include "voice/input.hpp"

namespace velum::voice {
namespace {

constexpr double kMinAnalysisRateHz = 11025.0;  // >= 5x the highest F0 searched (1000 Hz) plus margin
constexpr int kDecimatorTapsPerFactor = 12;     // anti-alias FIR length per decimation step
constexpr int kThresholdCount = 100;            // YIN thresholds 0.01 .. 1.00
constexpr double kThresholdStep = 0.01;
constexpr double kPriorBetaA = 2.0;   // threshold prior Beta(2, 12)
constexpr double kPriorBetaB = 12.0;  // mean 0.14: pYIN's 0.10 lost voices in noise
constexpr std::size_t kMaxCandidates = 8;
constexpr double kSilenceRms = 3.1623e-4;    // -70 dBFS: below this a frame is silence, not voice
constexpr double kSwitchProbability = 0.01;  // voiced <-> unvoiced per frame
// The unvoiced state's observation is (1 - p_voiced) scaled down by this: a
// voice under noise rarely gets a deep trough, so a voiced candidate with
// modest probability should still win over "unvoiced". Tuned on the synthetic
// set (bench/voice-compare): 0.05 keeps white noise unvoiced and a voice at
// 0 dB SNR voiced.
constexpr double kUnvoicedWeight = 0.05;
constexpr double kMaxJumpCentsPerFrame = 1000;  // triangular pitch transition width at a 10 ms hop
constexpr double kMinLogProbability = -1e9;
constexpr double kCentsPerOctave = 1200.0;
constexpr double kMinSettingF0Hz = 30.0;
constexpr double kMaxSettingF0Hz = 2000.0;
constexpr double kMinHopSeconds = 0.001;
constexpr double kMaxHopSeconds = 0.1;
constexpr double kReferenceHopSeconds = 0.01;

// Half-band-style windowed-sinc FIR decimator, streaming, linear phase with
// its delay compensated so decimated sample m sits at input sample m * factor.
class Decimator {
 public:
  explicit Decimator(int factor) : factor_(factor) {
    half_ = factor_ == 1 ? 0 : kDecimatorTapsPerFactor * factor_ / 2;
    const int length = 2 * half_ + 1;
    taps_.resize(static_cast<std::size_t>(length));
    const double cutoff = 0.45 / factor_;  // of the input rate: 90 % of the new Nyquist
    double sum = 0;
    for (int k = -half_; k <= half_; ++k) {
      const double x = 2.0 * cutoff * k;
      const double sinc = k == 0 ? 1.0 : std::sin(std::numbers::pi * x) / (std::numbers::pi * x);
      const double window = half_ == 0 ? 1.0 : 0.5 + 0.5 * std::cos(std::numbers::pi * k / (half_ + 1));
      const int tap = k + half_;  // 0 .. 2 * half_
      taps_[static_cast<std::size_t>(tap)] = static_cast<float>(sinc * window);
      sum += sinc * window;
    }
    for (auto& tap : taps_) tap = static_cast<float>(tap / sum);
    buffer_.assign(static_cast<std::size_t>(half_), 0.0F);
    buffer_start_ = -half_;
  }

  // Appends input; writes every decimated sample that can be computed to `out`.
  void push(std::span<const float> input, std::vector<float>& out) {
    buffer_.insert(buffer_.end(), input.begin(), input.end());
    input_end_ += static_cast<std::int64_t>(input.size());
    produce(out);
  }
  // Pads the end with zeros so the last samples get their outputs.
  void finish(std::vector<float>& out) {
    const std::int64_t end = input_end_;
    buffer_.insert(buffer_.end(), static_cast<std::size_t>(half_), 0.0F);
    input_end_ += half_;
    produce(out, end);
  }

 private:
  // Output m needs input m * factor - half_ .. m * factor + half_; the buffer
  // starts half_ zeros before the input, so no index check is needed.
  void produce(std::vector<float>& out, std::int64_t last_centre = std::numeric_limits<std::int64_t>::max()) {
    const auto length = 2 * static_cast<std::size_t>(half_) + 1;
    const float* taps = taps_.data();
    for (;;) {
      const std::int64_t centre = next_output_ * factor_;
      if (centre + half_ >= input_end_ || centre >= last_centre) break;
      const float* x = buffer_.data() + (centre - half_ - buffer_start_);
      // Four partial sums let the compiler vectorise without reassociating floats itself.
      std::array<float, 4> acc{};
      std::size_t k = 0;
      for (; k + 4 <= length; k += 4) {
        acc[0] += taps[k] * x[k];
        acc[1] += taps[k + 1] * x[k + 1];
        acc[2] += taps[k + 2] * x[k + 2];
        acc[3] += taps[k + 3] * x[k + 3];
      }
      for (; k < length; ++k) acc[0] += taps[k] * x[k];
      out.push_back((acc[0] + acc[1]) + (acc[2] + acc[3]));
      ++next_output_;
    }
    const std::int64_t keep_from = next_output_ * factor_ - half_;
    if (keep_from > buffer_start_) {
      const auto drop = static_cast<std::size_t>(
          std::min<std::int64_t>(keep_from - buffer_start_, static_cast<std::int64_t>(buffer_.size())));
      buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(drop));
      buffer_start_ += static_cast<std::int64_t>(drop);
    }
  }

  int factor_;
  int half_ = 0;
  std::vector<float> taps_;
  std::vector<float> buffer_;
  std::int64_t buffer_start_ = 0;  // input index of buffer_[0] (negative: leading zeros)
  std::int64_t input_end_ = 0;
  std::int64_t next_output_ = 0;
};

struct Candidate {
  double f0_hz = 0;
  double probability = 0;
};

struct State {
  double f0_hz = 0;       // 0 for the unvoiced state (index 0)
  double score = 0;       // Viterbi log probability
  std::uint8_t back = 0;  // index of the best predecessor in the previous frame
};

struct FrameRecord {
  double time_seconds = 0;
  double p_voiced = 0;
  std::uint8_t count = 1;  // states used; state 0 is unvoiced
  std::array<State, kMaxCandidates + 1> states{};
};

// Prior mass of each threshold s_i = (i + 1) * 0.01 under Beta(a, b), normalised.
std::array<double, kThresholdCount> threshold_prior() {
  std::array<double, kThresholdCount> prior{};
  double sum = 0;
  for (int i = 0; i < kThresholdCount; ++i) {
    const double s = (i + 1) * kThresholdStep;
    const double density = s >= 1.0 ? 0.0 : std::pow(s, kPriorBetaA - 1) * std::pow(1 - s, kPriorBetaB - 1);
    prior[static_cast<std::size_t>(i)] = density;
    sum += density;
  }
  for (auto& p : prior) p /= sum;
  return prior;
}

std::optional<Error> check_settings(int sample_rate_hz, const PitchSettings& settings) {
  if (sample_rate_hz < kMinSampleRateHz || sample_rate_hz > kMaxSampleRateHz) {
    return Error{fmt::format("a sample rate of {} Hz is outside 8000..96000 Hz", sample_rate_hz),
                 "resample the recording"};
  }
  if (auto error = validate(settings)) return error;
  if (settings.max_f0_hz * 4 > sample_rate_hz) {
    return Error{fmt::format("an F0 ceiling of {:g} Hz needs a sample rate of at least {:g} Hz",
                             settings.max_f0_hz, settings.max_f0_hz * 4),
                 "lower the ceiling"};
  }
  return std::nullopt;
}

}  // namespace

std::optional<Error> validate(const PitchSettings& settings) {
  if (!(settings.hop_seconds >= kMinHopSeconds && settings.hop_seconds <= kMaxHopSeconds)) {
    return Error{fmt::format("a hop of {:g} s is outside 0.001..0.1 s", settings.hop_seconds), ""};
  }
  if (!(settings.min_f0_hz >= kMinSettingF0Hz && settings.max_f0_hz <= kMaxSettingF0Hz &&
        settings.min_f0_hz * 2 <= settings.max_f0_hz)) {
    return Error{fmt::format("the F0 range {:g}..{:g} Hz is invalid", settings.min_f0_hz, settings.max_f0_hz),
                 "use a floor of at least 30 Hz, a ceiling of at most 2000 Hz, at least an octave apart"};
  }
  return std::nullopt;
}

struct PitchTracker::Impl {
  PitchSettings settings;
  int input_rate_hz = 0;
  int factor = 1;
  double rate_hz = 0;  // analysis rate after decimation
  Decimator decimator{1};
  std::size_t max_lag = 0;  // tau_max
  std::size_t min_lag = 2;  // tau_min
  std::size_t frame_length = 0;
  detail::RealFft frame_fft;
  std::vector<float> difference;  // d'(tau)
  std::vector<double> energy_prefix;
  std::array<double, kThresholdCount> prior = threshold_prior();
  std::array<double, kThresholdCount + 1> prior_cumulative{};  // [i] = mass of thresholds < i

  std::vector<float> analysis;      // decimated samples not yet consumed
  std::int64_t analysis_start = 0;  // absolute index of analysis[0]
  std::int64_t analysis_end = 0;
  std::int64_t input_samples = 0;
  std::int64_t next_frame = 0;

  std::vector<FrameRecord> ring;  // frames awaiting their decision
  std::size_t ring_head = 0;      // oldest
  std::size_t ring_size = 0;
  std::size_t lag_frames = 0;
  double log_stay = std::log(1 - kSwitchProbability);
  double log_switch = std::log(kSwitchProbability);

  Impl(int input_rate, const PitchSettings& s, int decimation, std::size_t fft_size)
      : settings(s),
        input_rate_hz(input_rate),
        factor(decimation),
        rate_hz(static_cast<double>(input_rate) / decimation),
        decimator(decimation),
        frame_fft(fft_size) {}

  std::int64_t frame_centre(std::int64_t frame) const {
    return std::llround(static_cast<double>(frame) * settings.hop_seconds * rate_hz);
  }
  // Frames whose centre lies inside the input (frame 0 always exists).
  std::int64_t total_frames() const {
    const double duration = static_cast<double>(input_samples) / input_rate_hz;
    return std::max<std::int64_t>(
        1, static_cast<std::int64_t>(std::ceil(duration / settings.hop_seconds - 1e-9)));
  }

  float sample_at(std::int64_t index) const {
    if (index < analysis_start || index >= analysis_end) return 0.0F;
    return analysis[static_cast<std::size_t>(index - analysis_start)];
  }

  std::size_t candidates_for(std::int64_t frame, std::array<Candidate, kMaxCandidates>& out,
                             double& p_voiced);
  void decode(std::int64_t frame, const FrameSink& sink);
  void emit_oldest(const FrameSink& sink);
  void analyse_ready(bool final, const FrameSink& sink);
};

std::size_t PitchTracker::Impl::candidates_for(std::int64_t frame, std::array<Candidate, kMaxCandidates>& out,
                                               double& p_voiced) {
  p_voiced = 0;
  const std::int64_t start = frame_centre(frame) - static_cast<std::int64_t>(frame_length / 2);
  auto real = frame_fft.real();
  double energy = 0;
  for (std::size_t j = 0; j < frame_length; ++j) {
    const float value = sample_at(start + static_cast<std::int64_t>(j));
    real[j] = value;
  }
  std::fill(real.begin() + static_cast<std::ptrdiff_t>(frame_length), real.end(), 0.0F);
  energy_prefix[0] = 0;
  for (std::size_t j = 0; j < frame_length; ++j) {
    energy_prefix[j + 1] = energy_prefix[j] + static_cast<double>(real[j]) * real[j];
  }
  energy = energy_prefix[frame_length];
  if (std::sqrt(energy / static_cast<double>(frame_length)) < kSilenceRms) return 0;

  // Autocorrelation r(tau) = sum_j x_j x_{j+tau} over the frame, through |X|^2.
  frame_fft.forward();
  for (auto& bin : frame_fft.spectrum()) bin = std::norm(bin);
  frame_fft.inverse();  // real()[tau] = size * r(tau); size >= frame + max lag, so no wrap-around
  const double scale = 1.0 / static_cast<double>(frame_fft.size());

  // d(tau) = sum over the pairs inside the frame of (x_j - x_{j+tau})^2: every
  // lag compares stretches placed symmetrically about the frame centre, so the
  // estimate belongs to the frame's time whatever the period.
  // d'(tau) = d(tau) * tau / sum_{1..tau} d.
  difference[0] = 1.0F;
  double running = 0;
  for (std::size_t tau = 1; tau <= max_lag; ++tau) {
    const double head = energy_prefix[frame_length - tau];
    const double tail = energy - energy_prefix[tau];
    const double d = std::max(0.0, head + tail - 2.0 * real[tau] * scale);
    running += d;
    difference[tau] = running > 0 ? static_cast<float>(d * static_cast<double>(tau) / running) : 1.0F;
  }

  // Troughs in order of lag; trough k takes the thresholds above its value and
  // not above any earlier trough (YIN picks the first dip below the threshold).
  std::size_t count = 0;
  double earlier_min = 1.0 + kThresholdStep;
  for (std::size_t tau = std::max<std::size_t>(min_lag, 1); tau + 1 <= max_lag && earlier_min > 0; ++tau) {
    const float value = difference[tau];
    if (!(value < difference[tau - 1] && value <= difference[tau + 1])) continue;
    if (value >= earlier_min) continue;
    const auto first = static_cast<std::size_t>(
        std::clamp(std::floor(value / kThresholdStep), 0.0, static_cast<double>(kThresholdCount)));
    const auto last = static_cast<std::size_t>(std::clamp(std::floor(earlier_min / kThresholdStep - 1e-9),
                                                          0.0, static_cast<double>(kThresholdCount)));
    earlier_min = value;
    const double probability = prior_cumulative[last] - prior_cumulative[first];
    if (probability <= 0) continue;
    // Parabolic refinement of the trough's lag.
    const double left = difference[tau - 1];
    const double right = difference[tau + 1];
    const double curvature = left + right - 2.0 * value;
    const double offset = curvature > 0 ? 0.5 * (left - right) / curvature : 0.0;
    const double f0 = rate_hz / (static_cast<double>(tau) + offset);
    if (f0 < settings.min_f0_hz || f0 > settings.max_f0_hz) continue;
    Candidate candidate{f0, probability};
    if (count < kMaxCandidates) {
      out[count++] = candidate;
    } else {
      auto weakest = std::min_element(out.begin(), out.end(), [](const Candidate& a, const Candidate& b) {
        return a.probability < b.probability;
      });
      if (weakest->probability < probability) *weakest = candidate;
    }
    p_voiced += probability;
  }
  p_voiced = std::clamp(p_voiced, 0.0, 1.0);
  return count;
}

void PitchTracker::Impl::decode(std::int64_t frame, const FrameSink& sink) {
  std::array<Candidate, kMaxCandidates> candidates{};
  double p_voiced = 0;
  const std::size_t count = candidates_for(frame, candidates, p_voiced);

  if (ring_size == ring.size()) emit_oldest(sink);
  const bool first = ring_size == 0;
  const FrameRecord* previous = first ? nullptr : &ring[(ring_head + ring_size - 1) % ring.size()];
  FrameRecord& record = ring[(ring_head + ring_size) % ring.size()];
  ++ring_size;
  record.time_seconds = static_cast<double>(frame) * settings.hop_seconds;
  record.p_voiced = p_voiced;
  record.count = static_cast<std::uint8_t>(count + 1);

  const double unvoiced_log_obs = std::log(std::max(kUnvoicedWeight * (1.0 - p_voiced), 1e-12));
  // The triangle is specified at a 10 ms hop; other hops scale it.
  const double max_jump = kMaxJumpCentsPerFrame * settings.hop_seconds / kReferenceHopSeconds;
  auto best_into = [&](double f0_hz, bool voiced) {
    if (previous == nullptr) return std::pair<double, std::uint8_t>{voiced ? log_switch : log_stay, 0};
    double best = kMinLogProbability * 2;
    std::uint8_t back = 0;
    for (std::uint8_t j = 0; j < previous->count; ++j) {
      const State& from = previous->states[j];
      double transition = 0;
      if (j == 0) {
        transition = voiced ? log_switch : log_stay;
      } else if (!voiced) {
        transition = log_switch;
      } else {
        const double cents = std::abs(kCentsPerOctave * std::log2(f0_hz / from.f0_hz));
        if (cents >= max_jump) continue;
        transition = log_stay + std::log(1.0 - cents / max_jump);
      }
      const double score = from.score + transition;
      if (score > best) {
        best = score;
        back = j;
      }
    }
    return std::pair<double, std::uint8_t>{best, back};
  };

  auto [unvoiced_score, unvoiced_back] = best_into(0, false);
  record.states[0] = State{0, unvoiced_score + unvoiced_log_obs, unvoiced_back};
  double top = record.states[0].score;
  for (std::size_t c = 0; c < count; ++c) {
    auto [score, back] = best_into(candidates[c].f0_hz, true);
    State& state = record.states[c + 1];
    state = State{candidates[c].f0_hz, score + std::log(candidates[c].probability), back};
    top = std::max(top, state.score);
  }
  for (std::uint8_t s = 0; s < record.count; ++s) record.states[s].score -= top;  // keep scores near 0
}

void PitchTracker::Impl::emit_oldest(const FrameSink& sink) {
  // Backtrack from the best state of the newest frame to the oldest one.
  const std::size_t n = ring.size();
  const FrameRecord& newest = ring[(ring_head + ring_size - 1) % n];
  std::uint8_t state = 0;
  for (std::uint8_t s = 1; s < newest.count; ++s) {
    if (newest.states[s].score > newest.states[state].score) state = s;
  }
  for (std::size_t k = ring_size - 1; k > 0; --k) state = ring[(ring_head + k) % n].states[state].back;
  const FrameRecord& oldest = ring[ring_head];
  PitchFrame out;
  out.time_seconds = oldest.time_seconds;
  out.p_voiced = oldest.p_voiced;
  if (state != 0) out.f0_hz = oldest.states[state].f0_hz;
  sink(out);
  ring_head = (ring_head + 1) % n;
  --ring_size;
}

void PitchTracker::Impl::analyse_ready(bool final, const FrameSink& sink) {
  const auto half = static_cast<std::int64_t>(frame_length / 2);
  for (;;) {
    if (final && next_frame >= total_frames()) break;
    const std::int64_t end = frame_centre(next_frame) - half + static_cast<std::int64_t>(frame_length);
    if (!final && end > analysis_end) break;
    decode(next_frame, sink);
    ++next_frame;
  }
  // Drop analysis samples no future frame needs.
  const std::int64_t keep_from = frame_centre(next_frame) - half;
  if (keep_from > analysis_start) {
    const auto drop = static_cast<std::size_t>(
        std::min<std::int64_t>(keep_from - analysis_start, static_cast<std::int64_t>(analysis.size())));
    analysis.erase(analysis.begin(), analysis.begin() + static_cast<std::ptrdiff_t>(drop));
    analysis_start += static_cast<std::int64_t>(drop);
  }
}

PitchTracker::PitchTracker(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PitchTracker::~PitchTracker() = default;

Result<std::unique_ptr<PitchTracker>> PitchTracker::create(int sample_rate_hz,
                                                           const PitchSettings& settings) {
  if (auto error = check_settings(sample_rate_hz, settings)) return *error;
  const int factor = std::max(1, static_cast<int>(std::floor(sample_rate_hz / kMinAnalysisRateHz)));
  const double rate = static_cast<double>(sample_rate_hz) / factor;
  const auto max_lag = static_cast<std::size_t>(std::ceil(rate / settings.min_f0_hz)) + 1;
  const auto min_lag =
      std::max<std::size_t>(2, static_cast<std::size_t>(std::floor(rate / settings.max_f0_hz)) - 1);
  // Two longest periods: the longest lag still compares one full period.
  const std::size_t frame_length = 2 * max_lag + 1;
  std::size_t fft_size = 2;
  while (fft_size < frame_length + max_lag) fft_size *= 2;
  auto impl = std::make_unique<Impl>(sample_rate_hz, settings, factor, fft_size);
  impl->max_lag = max_lag;
  impl->min_lag = min_lag;
  impl->frame_length = frame_length;
  impl->difference.assign(max_lag + 2, 1.0F);
  impl->energy_prefix.assign(frame_length + 1, 0.0);
  for (std::size_t i = 0; i < kThresholdCount; ++i) {
    impl->prior_cumulative[i + 1] = impl->prior_cumulative[i] + impl->prior[i];
  }
  impl->lag_frames = static_cast<std::size_t>(std::ceil(kDecisionLagSeconds / settings.hop_seconds));
  impl->ring.resize(impl->lag_frames + 1);
  return std::unique_ptr<PitchTracker>(new PitchTracker(std::move(impl)));
}

void PitchTracker::push(std::span<const float> samples, const FrameSink& sink) {
  Impl& s = *impl_;
  // In chunks, so the buffers stay small (and in cache) however much is pushed.
  constexpr std::size_t kChunk = 8192;
  for (std::size_t at = 0; at < samples.size(); at += kChunk) {
    const auto chunk = samples.subspan(at, std::min(kChunk, samples.size() - at));
    s.input_samples += static_cast<std::int64_t>(chunk.size());
    const std::size_t before = s.analysis.size();
    s.decimator.push(chunk, s.analysis);
    s.analysis_end += static_cast<std::int64_t>(s.analysis.size() - before);
    s.analyse_ready(false, sink);
  }
}

void PitchTracker::finish(const FrameSink& sink) {
  Impl& s = *impl_;
  const std::size_t before = s.analysis.size();
  s.decimator.finish(s.analysis);
  s.analysis_end += static_cast<std::int64_t>(s.analysis.size() - before);
  s.analyse_ready(true, sink);
  while (s.ring_size > 0) s.emit_oldest(sink);
}

Result<std::vector<PitchFrame>> track_pitch(std::span<const float> samples, int sample_rate_hz,
                                            const PitchSettings& settings) {
  auto tracker = PitchTracker::create(sample_rate_hz, settings);
  if (!tracker) return tracker.error();
  std::vector<PitchFrame> frames;
  const FrameSink sink = [&](const PitchFrame& frame) { frames.push_back(frame); };
  tracker.value()->push(samples, sink);
  tracker.value()->finish(sink);
  return frames;
}

Result<PitchFileSummary> track_pitch_file(const std::filesystem::path& path, const PitchSettings& settings,
                                          const FrameSink& sink) {
  auto reader = AudioFileReader::open(path);
  if (!reader) return reader.error();
  auto tracker = PitchTracker::create(reader.value()->sample_rate_hz(), settings);
  if (!tracker) return tracker.error();
  constexpr std::size_t kBlock = 16384;
  std::vector<float> block(kBlock);
  PitchFileSummary summary;
  summary.sample_rate_hz = reader.value()->sample_rate_hz();
  std::int64_t samples = 0;
  const FrameSink counting = [&](const PitchFrame& frame) {
    ++summary.frames;
    if (frame.f0_hz) ++summary.voiced_frames;
    sink(frame);
  };
  for (;;) {
    const std::size_t got = reader.value()->read(block);
    if (got == 0) break;
    samples += static_cast<std::int64_t>(got);
    tracker.value()->push(std::span<const float>(block.data(), got), counting);
  }
  if (samples == 0) return Error{"'" + path.string() + "' holds no readable audio", "record the file again"};
  tracker.value()->finish(counting);
  summary.duration_seconds = static_cast<double>(samples) / summary.sample_rate_hz;
  return summary;
}

}  // namespace velum::voice
