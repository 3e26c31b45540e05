#include "practice/protocol.hpp"

#include <algorithm>

namespace velum::practice {

bool Routine::is_intra_oral() const {
  return std::any_of(steps.begin(), steps.end(), [](const Step& s) { return s.is_intra_oral(); });
}

int Routine::stage_count() const {
  int highest = 0;
  for (const auto& step : steps) highest = std::max(highest, step.stage);
  return highest;
}

std::optional<BreathPattern> resolve_pattern(const Routine& routine, std::string_view name) {
  for (const auto& pattern : routine.patterns) {
    if (pattern.name == name) return pattern;
  }
  return find_preset(name);
}

}  // namespace velum::practice
