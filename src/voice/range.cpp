// Intensity, calibration and the voice range profile.

#include "voice/range.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

namespace velum::voice {
namespace {

constexpr double kLevelWindowSeconds = 0.02;
constexpr double kMinCalibrationDb = 40;
constexpr double kMaxCalibrationDb = 130;
constexpr double kClipLevel = 0.999;
constexpr double kCalibrationTrim = 0.1;  // ignore the first and last 10 % of the tone
constexpr int kMidiNotes = 128;
constexpr double kA4Hz = 440.0;
constexpr int kA4Midi = 69;
constexpr double kSilentDb = -1000;
// Only clearly voiced frames enter the profile: the tracker may carry the
// pitch a frame or two into a fading resonance after the voice stops, which
// would otherwise add a quiet phantom note.
constexpr double kMinRangeVoicing = 0.5;

double rms_db(std::span<const float> samples) {
  double sum = 0;
  for (const float x : samples) sum += static_cast<double>(x) * x;
  const double rms = samples.empty() ? 0.0 : std::sqrt(sum / static_cast<double>(samples.size()));
  return rms > 0 ? 20.0 * std::log10(rms / kReferencePressurePa) : kSilentDb;
}

double midi_to_hz(int midi) { return kA4Hz * std::pow(2.0, (midi - kA4Midi) / 12.0); }

}  // namespace

std::string Calibration::describe() const {
  if (calibrated)
    return fmt::format("Levels in dB SPL, calibrated with a reference tone (offset {:+.1f} dB).", offset_db);
  return "Levels in dB, uncalibrated: they assume Praat's convention that full scale is 1 Pa "
         "(a full-scale sine reads 91 dB); compare them only between recordings made with the same setup.";
}

Result<Calibration> calibrate_from_tone(const MonoSignal& tone, double known_level_db) {
  if (!(known_level_db >= kMinCalibrationDb && known_level_db <= kMaxCalibrationDb)) {
    return Error{fmt::format("a reference level of {} dB is outside 40..130 dB", known_level_db),
                 "give the level your calibrator or sound level meter showed, e.g. 94"};
  }
  const std::size_t n = tone.samples.size();
  const auto trim = static_cast<std::size_t>(kCalibrationTrim * static_cast<double>(n));
  const std::span<const float> middle(tone.samples.data() + trim, n - 2 * trim);
  float peak = 0;
  for (const float x : middle) peak = std::max(peak, std::abs(x));
  if (middle.empty() || peak == 0)
    return Error{"the reference tone is silent", "record the calibration tone again"};
  if (peak >= kClipLevel) {
    return Error{"the reference tone is clipped", "lower the input gain and record the tone again"};
  }
  Calibration calibration;
  calibration.offset_db = known_level_db - rms_db(middle);
  calibration.calibrated = true;
  return calibration;
}

std::vector<double> frame_levels_db(const MonoSignal& signal, std::span<const PitchFrame> track,
                                    const Calibration& calibration) {
  std::vector<double> levels;
  levels.reserve(track.size());
  const auto half = static_cast<std::int64_t>(0.5 * kLevelWindowSeconds * signal.sample_rate_hz);
  const auto n = static_cast<std::int64_t>(signal.samples.size());
  for (const auto& frame : track) {
    const auto centre = static_cast<std::int64_t>(std::llround(frame.time_seconds * signal.sample_rate_hz));
    const std::int64_t first = std::clamp<std::int64_t>(centre - half, 0, n);
    const std::int64_t last = std::clamp<std::int64_t>(centre + half, 0, n);
    const std::span<const float> window(signal.samples.data() + first,
                                        static_cast<std::size_t>(last - first));
    levels.push_back(rms_db(window) + calibration.offset_db);
  }
  return levels;
}

void RangeProfileBuilder::add(std::span<const PitchFrame> track, std::span<const double> levels_db) {
  if (cells_.empty()) {
    cells_.resize(kMidiNotes);
    for (int i = 0; i < kMidiNotes; ++i) cells_[static_cast<std::size_t>(i)].midi_note = i;
  }
  for (std::size_t i = 0; i < track.size() && i < levels_db.size(); ++i) {
    if (!track[i].f0_hz || track[i].p_voiced < kMinRangeVoicing) continue;
    const double midi = kA4Midi + 12.0 * std::log2(*track[i].f0_hz / kA4Hz);
    const auto note = static_cast<int>(std::lround(midi));
    if (note < 0 || note >= kMidiNotes) continue;
    RangeCell& cell = cells_[static_cast<std::size_t>(note)];
    if (cell.frames == 0) {
      cell.min_db = cell.max_db = levels_db[i];
    } else {
      cell.min_db = std::min(cell.min_db, levels_db[i]);
      cell.max_db = std::max(cell.max_db, levels_db[i]);
    }
    ++cell.frames;
  }
}

RangeProfile RangeProfileBuilder::build() const {
  RangeProfile profile;
  for (const auto& cell : cells_) {
    if (cell.frames >= kMinFramesPerNote) profile.cells.push_back(cell);
  }
  if (!profile.cells.empty()) {
    profile.lowest_hz = midi_to_hz(profile.cells.front().midi_note);
    profile.highest_hz = midi_to_hz(profile.cells.back().midi_note);
    profile.range_semitones = profile.cells.back().midi_note - profile.cells.front().midi_note;
  }
  return profile;
}

std::string note_name(int midi_note) {
  static constexpr std::array<const char*, 12> kNames = {"C",  "C#", "D",  "D#", "E",  "F",
                                                         "F#", "G",  "G#", "A",  "A#", "B"};
  const int octave = midi_note / 12 - 1;
  return fmt::format("{}{}", kNames[static_cast<std::size_t>(midi_note % 12)], octave);
}

std::string range_profile_svg(const RangeProfile& profile, const Calibration& calibration) {
  constexpr double kWidth = 720, kHeight = 400, kLeft = 50, kRight = 20, kTop = 20, kBottom = 70;
  constexpr double kMinDb = 30, kMaxDb = 130;
  const int first = profile.cells.empty() ? 48 : profile.cells.front().midi_note - 2;
  const int last = profile.cells.empty() ? 72 : profile.cells.back().midi_note + 2;
  const double column = (kWidth - kLeft - kRight) / std::max(1, last - first + 1);
  auto y_of = [&](double db) {
    const double clamped = std::clamp(db, kMinDb, kMaxDb);
    return kTop + (kMaxDb - clamped) / (kMaxDb - kMinDb) * (kHeight - kTop - kBottom);
  };
  std::string svg = fmt::format(
      R"(<svg xmlns="http://www.w3.org/2000/svg" width="{0}" height="{1}" viewBox="0 0 {0} {1}" font-family="sans-serif" font-size="11">)"
      "\n<title>Voice range profile</title>\n<rect width=\"{0}\" height=\"{1}\" fill=\"white\"/>\n",
      kWidth, kHeight);
  for (double db = kMinDb; db <= kMaxDb; db += 10) {
    svg += fmt::format(
        R"(<line x1="{}" y1="{:.1f}" x2="{}" y2="{:.1f}" stroke="#ddd"/><text x="{}" y="{:.1f}" text-anchor="end">{:.0f}</text>)"
        "\n",
        kLeft, y_of(db), kWidth - kRight, y_of(db), kLeft - 6, y_of(db) + 4, db);
  }
  for (int note = first; note <= last; ++note) {
    if (note % 12 != 0) continue;  // label the Cs
    const double x = kLeft + (note - first + 0.5) * column;
    svg += fmt::format(R"(<text x="{:.1f}" y="{}" text-anchor="middle">{}</text>)"
                       "\n",
                       x, kHeight - kBottom + 16, note_name(note));
  }
  for (const auto& cell : profile.cells) {
    const double x = kLeft + (cell.midi_note - first) * column + 1;
    const double top = y_of(cell.max_db);
    const double height = std::max(1.0, y_of(cell.min_db) - top);
    svg += fmt::format(
        R"(<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="#4a78a8"><title>{}: {:.0f}-{:.0f} dB</title></rect>)"
        "\n",
        x, top, column - 2, height, note_name(cell.midi_note), cell.min_db, cell.max_db);
  }
  svg += fmt::format(R"(<text x="{}" y="{}">dB</text>)"
                     "\n",
                     8, kTop + 10);
  svg += fmt::format(R"(<text x="{}" y="{}">Range {} semitones ({:.0f}-{:.0f} Hz)</text>)"
                     "\n",
                     kLeft, kHeight - kBottom + 36, profile.range_semitones, profile.lowest_hz,
                     profile.highest_hz);
  std::string caption = calibration.describe();
  for (const char c : {'&', '<', '>'}) {
    if (caption.find(c) != std::string::npos) caption.clear();
  }
  // The caption in lines of at most kCaptionChars characters.
  constexpr std::size_t kCaptionChars = 120;
  double y = kHeight - kBottom + 52;
  while (!caption.empty()) {
    std::size_t cut = caption.size();
    if (cut > kCaptionChars) {
      cut = caption.rfind(' ', kCaptionChars);
      if (cut == std::string::npos) cut = kCaptionChars;
    }
    svg += fmt::format(R"(<text x="{}" y="{}" font-size="9">{}</text>)"
                       "\n",
                       kLeft, y, caption.substr(0, cut));
    caption.erase(0, std::min(caption.size(), cut + 1));
    y += 11;
  }
  svg += "</svg>\n";
  return svg;
}

}  // namespace velum::voice
