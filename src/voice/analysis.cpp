// The voice report: pitch track, pulses, perturbation.

#include "voice/analysis.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <span>
#include <string>
#include <vector>

#include "voice/pitch.hpp"
#include "voice/quality.hpp"

namespace velum::voice {
namespace {

// Praat leaves a measure undefined below its count of periods or amplitudes;
// say which ones that left out, and how many periods there were.
void note_perturbation_minimums(VoiceReport& report, std::span<const double> pulses) {
  std::vector<std::string> missing;
  const auto add = [&](const std::optional<double>& value, const char* name, int needed) {
    if (!value) missing.push_back(fmt::format("{} ({})", name, needed));
  };
  add(report.jitter.local, "jitter local", 2);
  add(report.jitter.rap, "rap", 3);
  add(report.jitter.ppq5, "ppq5", 5);
  add(report.shimmer.local, "shimmer local", 2);
  add(report.shimmer.apq3, "apq3", 3);
  add(report.shimmer.apq5, "apq5", 5);
  add(report.shimmer.apq11, "apq11", 11);
  if (missing.empty()) return;
  std::string list;
  for (const auto& item : missing) list += (list.empty() ? "" : ", ") + item;
  const std::size_t periods = pulses.size() > 1 ? pulses.size() - 1 : 0;
  report.notes.push_back(fmt::format(
      "Too few glottal periods for {} (in brackets: the periods in a row each needs, as Praat counts them); "
      "this recording has {} pulses and {} periods, so they are left out.",
      list, pulses.size(), periods));
}

}  // namespace

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
  const auto pulses = find_glottal_pulses(signal, settings.min_f0_hz, settings.max_f0_hz);
  report.pulses = pulses.size();
  report.jitter = measure_jitter(pulses);
  report.shimmer = measure_shimmer(pulses, signal);
  note_perturbation_minimums(report, pulses);
  // A recording too short or silent for these windows leaves them undefined
  // rather than failing the whole report.
  if (auto harmonicity = harmonicity_cc(signal)) {
    const auto frames = static_cast<std::size_t>(std::count_if(
        harmonicity->hnr_db.begin(), harmonicity->hnr_db.end(), [](const auto& v) { return v.has_value(); }));
    if (frames >= kMinHnrFrames) {
      report.hnr_db = mean_hnr_db(harmonicity.value());
    } else {
      report.notes.push_back(fmt::format(
          "HNR needs at least {:.1f} s of voice ({} frames of 10 ms); this recording gives {} such frames, "
          "so "
          "HNR is left out.",
          static_cast<double>(kMinHnrFrames) * kHarmonicityTimeStepSeconds, kMinHnrFrames, frames));
    }
  } else {
    report.notes.push_back(
        "HNR needs a recording longer than its analysis window: " + harmonicity.error().message + ".");
  }
  const auto cpps_with = [&](const CppsSettings& cpps_settings, std::optional<double>& out,
                             const char* name) {
    const double needed = kCppsWindowSeconds + cpps_settings.time_averaging_seconds;
    if (report.duration_seconds < needed) {
      report.notes.push_back(fmt::format(
          "{} needs at least {:.2f} s (a {:.2f} s analysis window and {:.2f} s of averaging); this "
          "recording lasts {:.3f} s, so it is left out.",
          name, needed, kCppsWindowSeconds, cpps_settings.time_averaging_seconds, report.duration_seconds));
      return;
    }
    if (auto cpps = cpps_db(signal, cpps_settings)) out = cpps.value();
  };
  cpps_with(praat_default_cpps_settings(), report.cpps_db, "CPPS");
  cpps_with(avqi_cpps_settings(), report.cpps_avqi_db, "CPPS with the AVQI settings");
  return report;
}

}  // namespace velum::voice
