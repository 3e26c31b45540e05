#pragma once
// Breath patterns: the four phase lengths of one breath, named presets, and a
// ramp that moves from one pattern to another over a number of breaths.

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace velum::practice {

using Seconds = std::chrono::duration<double>;

// One breath: inhale, hold after inhaling, exhale, hold after exhaling.
// Each phase is in [0, kMaxPhase]; inhale and exhale must be > 0.
struct BreathPattern {
  std::string name;
  std::string title;  // plain-language name shown to people
  Seconds inhale{0};
  Seconds hold_in{0};
  Seconds exhale{0};
  Seconds hold_out{0};

  Seconds breath_length() const { return inhale + hold_in + exhale + hold_out; }
  double breaths_per_minute() const { return 60.0 / breath_length().count(); }
  bool has_holds() const { return hold_in.count() > 0 || hold_out.count() > 0; }
  friend bool operator==(const BreathPattern&, const BreathPattern&) = default;
};

inline constexpr Seconds kMaxPhase{600.0};  // ten minutes: longer is a typo

// A gradual change from the step's pattern to `target`, interpolating each
// phase linearly over `over_breaths` breaths (or until `over` has elapsed).
struct BreathRamp {
  std::string target;  // pattern name
  std::optional<int> over_breaths;
  std::optional<Seconds> over;
  friend bool operator==(const BreathRamp&, const BreathRamp&) = default;
};

// The presets every routine and the pacer may refer to by name:
// diaphragmatic, resonance, resonance-5.5, box, 4-7-8, pranayama, holdless-calm.
std::span<const BreathPattern> preset_patterns();

// The preset with this name, or nullopt.
std::optional<BreathPattern> find_preset(std::string_view name);

}  // namespace velum::practice
