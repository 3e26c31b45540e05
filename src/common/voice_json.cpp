#include "common/voice_json.hpp"

#include <cmath>
#include <optional>

namespace velum::common {
namespace {

// The decimals `velum voice pitch` prints: time to 1 ms, F0 to 1 mHz,
// voicing probability to 1e-4; finer digits are noise to a reader.
constexpr double kTimeScale = 1e3;
constexpr double kF0Scale = 1e3;
constexpr double kProbabilityScale = 1e4;

double round_to(double value, double scale) { return std::round(value * scale) / scale; }

nlohmann::json number_or_null(const std::optional<double>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json voice_report_json(const voice::VoiceReport& r, double hop_seconds) {
  return {
      {"duration_seconds", r.duration_seconds},
      {"voiced_seconds", static_cast<double>(r.voiced_frames) * hop_seconds},
      {"f0_mean_hz", r.f0_mean_hz},
      {"f0_median_hz", r.f0_median_hz},
      {"f0_min_hz", r.f0_min_hz},
      {"f0_max_hz", r.f0_max_hz},
      {"pulses", r.pulses},
      {"jitter_local", number_or_null(r.jitter.local)},
      {"jitter_local_absolute", number_or_null(r.jitter.local_absolute_seconds)},
      {"jitter_rap", number_or_null(r.jitter.rap)},
      {"jitter_ppq5", number_or_null(r.jitter.ppq5)},
      {"shimmer_local", number_or_null(r.shimmer.local)},
      {"shimmer_local_db", number_or_null(r.shimmer.local_db)},
      {"shimmer_apq3", number_or_null(r.shimmer.apq3)},
      {"shimmer_apq5", number_or_null(r.shimmer.apq5)},
      {"shimmer_apq11", number_or_null(r.shimmer.apq11)},
      {"hnr_db", number_or_null(r.hnr_db)},
      {"cpps_db", number_or_null(r.cpps_db)},
      {"cpps_avqi_db", number_or_null(r.cpps_avqi_db)},
      // Why a measure is null when the recording was too short for it (empty otherwise).
      {"notes", r.notes},
  };
}

nlohmann::json pitch_frame_json(const voice::PitchFrame& frame) {
  return {{"t", round_to(frame.time_seconds, kTimeScale)},
          {"f0_hz", frame.f0_hz ? nlohmann::json(round_to(*frame.f0_hz, kF0Scale)) : nlohmann::json(nullptr)},
          {"p_voiced", round_to(frame.p_voiced, kProbabilityScale)}};
}

nlohmann::json pitch_track_json(std::span<const voice::PitchFrame> frames, double hop_seconds) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& frame : frames) list.push_back(pitch_frame_json(frame));
  return {{"hop_seconds", hop_seconds}, {"frames", list}};
}

nlohmann::json range_profile_json(const voice::RangeProfile& profile, const voice::Calibration& calibration) {
  nlohmann::json cells = nlohmann::json::array();
  for (const auto& cell : profile.cells) {
    cells.push_back({{"note", voice::note_name(cell.midi_note)},
                     {"midi", cell.midi_note},
                     {"min_db", cell.min_db},
                     {"max_db", cell.max_db},
                     {"frames", cell.frames}});
  }
  return {{"range_semitones", profile.range_semitones}, {"lowest_hz", profile.lowest_hz},
          {"highest_hz", profile.highest_hz},           {"calibrated", calibration.calibrated},
          {"levels", calibration.describe()},           {"notes", cells}};
}

}  // namespace velum::common
