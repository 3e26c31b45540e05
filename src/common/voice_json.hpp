#pragma once
// The JSON form of a voice report and of a pitch track, as `velum voice analyze
// --json` prints it and `POST /api/v1/voice/analyze` serves it.

#include <span>

#include <nlohmann/json.hpp>

#include "voice/analysis.hpp"
#include "voice/pitch.hpp"
#include "voice/range.hpp"

namespace velum::common {

// duration_seconds, voiced_seconds, f0_mean/median/min/max_hz, pulses, and the
// jitter_* and shimmer_* measures as fractions (null when too few pulses).
// `hop_seconds` is the frame spacing the report's track used. Thread-safe.
nlohmann::json voice_report_json(const voice::VoiceReport& report, double hop_seconds);

// {"t", "f0_hz" (null when unvoiced), "p_voiced"}, rounded as the CLI prints
// them (ms, mHz, 1e-4). Thread-safe.
nlohmann::json pitch_frame_json(const voice::PitchFrame& frame);

// {"hop_seconds", "frames": [pitch_frame_json...]}. Thread-safe.
nlohmann::json pitch_track_json(std::span<const voice::PitchFrame> frames, double hop_seconds);

// A voice range profile as `velum voice range --json` prints it and
// `POST /api/v1/voice/range` serves it: range_semitones, lowest_hz,
// highest_hz, calibrated, levels (the calibration sentence) and notes
// [{note, midi, min_db, max_db, frames}]. Thread-safe.
nlohmann::json range_profile_json(const voice::RangeProfile& profile, const voice::Calibration& calibration);

}  // namespace velum::common
