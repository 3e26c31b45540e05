#pragma once
// Intensity (dB, calibrated by a reference tone or Praat's stated default) and
// the voice range profile (phonetogram): softest and loudest level per semitone.

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "voice/input.hpp"
#include "voice/pitch.hpp"

namespace velum::voice {

inline constexpr double kReferencePressurePa = 2e-5;  // 0 dB SPL
inline constexpr int kMinFramesPerNote = 3;           // a semitone needs 30 ms of voice to count

// level_db = 20 log10(rms / 2e-5 Pa) + offset_db. Uncalibrated, the offset is 0:
// Praat's convention that a sample value of 1 is 1 Pa (a full-scale sine is 91 dB).
struct Calibration {
  double offset_db = 0;
  bool calibrated = false;
  std::string describe() const;  // one sentence for the output, naming the assumption
};

// From a recording of a steady reference tone whose level at the microphone
// is known (e.g. 94 dB from a calibrator, or a sound level meter reading).
// Errors: a silent or clipped tone, a level outside 40..130 dB.
Result<Calibration> calibrate_from_tone(const MonoSignal& tone, double known_level_db);

// Level of each pitch frame (RMS over 20 ms centred on the frame), in dB.
std::vector<double> frame_levels_db(const MonoSignal& signal, std::span<const PitchFrame> track,
                                    const Calibration& calibration);

struct RangeCell {
  int midi_note = 0;  // 69 = A4
  double min_db = 0;
  double max_db = 0;
  int frames = 0;
};

struct RangeProfile {
  std::vector<RangeCell> cells;  // ascending by note, only notes with kMinFramesPerNote frames
  double lowest_hz = 0;          // of the lowest and highest counted notes
  double highest_hz = 0;
  int range_semitones = 0;  // highest - lowest note
};

// Accumulates frames of one or more recordings. Not thread-safe.
class RangeProfileBuilder {
 public:
  void add(std::span<const PitchFrame> track, std::span<const double> levels_db);
  RangeProfile build() const;

 private:
  std::vector<RangeCell> cells_;  // indexed by MIDI note
};

std::string note_name(int midi_note);  // "A4", "C#3"

// The profile drawn as a standalone SVG: notes across, dB up, the min-max
// band per semitone; the calibration sentence in the caption.
std::string range_profile_svg(const RangeProfile& profile, const Calibration& calibration);

}  // namespace velum::voice
