#pragma once
// Fundamental frequency (F0) tracking: a probabilistic-YIN tracker (candidate
// periods with probabilities, HMM/Viterbi smoothing, voicing decision), streamed.

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "base/result.hpp"

namespace velum::voice {

inline constexpr double kDefaultHopSeconds = 0.01;
inline constexpr double kDefaultMinF0Hz = 50.0;
inline constexpr double kDefaultMaxF0Hz = 1000.0;

struct PitchSettings {
  double hop_seconds = kDefaultHopSeconds;  // frame spacing, in [0.001, 0.1]
  double min_f0_hz = kDefaultMinF0Hz;       // lowest F0 searched, in [30, max_f0_hz / 2]
  double max_f0_hz = kDefaultMaxF0Hz;  // highest F0 searched, at most 2000 and below a quarter of the rate
};

// The settings' own ranges (the rate-dependent limit is checked by
// PitchTracker::create). Empty when valid. Any thread.
std::optional<Error> validate(const PitchSettings& settings);

// One analysis frame: centred at `time_seconds` (frame i at i * hop_seconds).
struct PitchFrame {
  double time_seconds = 0;
  std::optional<double> f0_hz;  // empty when the frame is judged unvoiced
  double p_voiced = 0;          // probability of voicing from the YIN thresholds, in [0, 1]
};

using FrameSink = std::function<void(const PitchFrame&)>;

// Streaming tracker: push mono samples as they come, frames arrive in order
// through the sink at most kDecisionLagSeconds behind the input (the Viterbi
// decision is made with that much look-ahead), finish() flushes the rest.
// Memory is bounded by the look-ahead, not by the input length.
// One thread at a time; the sink is called on the pushing thread.
class PitchTracker {
 public:
  static constexpr double kDecisionLagSeconds = 1.0;

  // Errors: a sample rate outside [8000, 96000] Hz or settings out of range.
  static Result<std::unique_ptr<PitchTracker>> create(int sample_rate_hz, const PitchSettings& settings);
  ~PitchTracker();
  PitchTracker(const PitchTracker&) = delete;
  PitchTracker& operator=(const PitchTracker&) = delete;

  void push(std::span<const float> samples, const FrameSink& sink);
  // Emits every remaining frame; the tracker cannot be used afterwards.
  void finish(const FrameSink& sink);

 private:
  struct Impl;
  explicit PitchTracker(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Whole-signal convenience over PitchTracker. Any thread.
Result<std::vector<PitchFrame>> track_pitch(std::span<const float> samples, int sample_rate_hz,
                                            const PitchSettings& settings);

struct PitchFileSummary {
  int sample_rate_hz = 0;
  double duration_seconds = 0;
  std::size_t frames = 0;
  std::size_t voiced_frames = 0;
};

// Streams a file (any length, bounded memory) through the tracker. Any thread.
Result<PitchFileSummary> track_pitch_file(const std::filesystem::path& path, const PitchSettings& settings,
                                          const FrameSink& sink);

}  // namespace velum::voice
