// The voice report: pitch track, pulses, perturbation.

#include "voice/analysis.hpp"

#include <algorithm>
#include <vector>

#include "voice/pitch.hpp"
#include "voice/quality.hpp"

namespace velum::voice {

Result<VoiceReport> analyze_voice(const MonoSignal& signal) {
  PitchSettings settings;
  settings.min_f0_hz = kPulseMinF0Hz;
  settings.max_f0_hz = kPulseMaxF0Hz;
  auto track = track_pitch(signal.samples, signal.sample_rate_hz, settings);
  if (!track) return track.error();
  VoiceReport report;
  report.duration_seconds = signal.duration_seconds();
  report.frames = track->size();
  std::vector<double> voiced;
  for (const auto& frame : track.value()) {
    if (frame.f0_hz) voiced.push_back(*frame.f0_hz);
  }
  report.voiced_frames = voiced.size();
  if (voiced.empty()) {
    return Error{"no voiced frames found", "record a steady vowel such as /a/ at a comfortable loudness"};
  }
  double sum = 0;
  for (const double f : voiced) sum += f;
  report.f0_mean_hz = sum / static_cast<double>(voiced.size());
  std::sort(voiced.begin(), voiced.end());
  const std::size_t mid = voiced.size() / 2;
  report.f0_median_hz = voiced.size() % 2 == 1 ? voiced[mid] : 0.5 * (voiced[mid - 1] + voiced[mid]);
  report.f0_min_hz = voiced.front();
  report.f0_max_hz = voiced.back();
  const auto pulses = find_glottal_pulses(signal, track.value(), settings.hop_seconds, settings.min_f0_hz,
                                          settings.max_f0_hz);
  report.pulses = pulses.size();
  report.jitter = measure_jitter(pulses);
  report.shimmer = measure_shimmer(pulses, signal);
  // A recording too short or silent for these windows leaves them undefined
  // rather than failing the whole report.
  if (auto harmonicity = harmonicity_cc(signal)) report.hnr_db = mean_hnr_db(harmonicity.value());
  if (auto cpps = cpps_db(signal, praat_default_cpps_settings())) report.cpps_db = cpps.value();
  if (auto cpps = cpps_db(signal, avqi_cpps_settings())) report.cpps_avqi_db = cpps.value();
  return report;
}

}  // namespace velum::voice
