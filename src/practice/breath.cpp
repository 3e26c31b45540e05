#include "practice/breath.hpp"

#include <array>

namespace velum::practice {
namespace {

BreathPattern make(std::string name, std::string title, double inhale, double hold_in, double exhale,
                   double hold_out) {
  return BreathPattern{std::move(name),  std::move(title), Seconds{inhale},
                       Seconds{hold_in}, Seconds{exhale},  Seconds{hold_out}};
}

}  // namespace

std::span<const BreathPattern> preset_patterns() {
  // Built once on first use; immutable afterwards, so safe to read from any thread.
  static const std::array presets{
      make("diaphragmatic", "Diaphragmatic, long exhale", 4, 0, 6, 0),
      make("resonance", "Resonance, six breaths a minute", 5, 0, 5, 0),
      make("resonance-5.5", "Resonance, five and a half seconds each way", 5.5, 0, 5.5, 0),
      make("box", "Box breathing", 4, 4, 4, 4),
      make("4-7-8", "Four, seven, eight", 4, 7, 8, 0),
      make("pranayama", "Slow pranayama, exhale twice the inhale", 4, 0, 8, 0),
      make("holdless-calm", "Calm, no holds (for the warm bath)", 4, 0, 6, 0),
  };
  return presets;
}

std::optional<BreathPattern> find_preset(std::string_view name) {
  for (const auto& pattern : preset_patterns()) {
    if (pattern.name == name) return pattern;
  }
  return std::nullopt;
}

}  // namespace velum::practice
