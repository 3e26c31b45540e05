#include "practice/diagnostic.hpp"

#include <algorithm>
#include <cstddef>
#include <string_view>
#include <vector>

#include <fmt/format.h>

namespace velum::practice {
namespace {

// A typo is at most this many edits from the word meant; beyond that a
// suggestion is more confusing than helpful.
constexpr std::size_t kMaxSuggestionDistance = 3;

// Edit distance over bytes (vocabulary words are ASCII) where swapping two
// neighbouring letters counts as one edit, as in "titel" for "title"
// (optimal string alignment; three rows).
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> before(b.size() + 1);
  std::vector<std::size_t> previous(b.size() + 1);
  std::vector<std::size_t> current(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        current[j] = std::min(current[j], before[j - 2] + 1);
      }
    }
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return previous[b.size()];
}

}  // namespace

std::string format(const Diagnostic& diagnostic) {
  std::string out = diagnostic.file;
  if (diagnostic.line > 0) {
    out += fmt::format(":{}", diagnostic.line);
    if (diagnostic.column > 0) out += fmt::format(":{}", diagnostic.column);
  }
  out += diagnostic.severity == Severity::kError ? ": error: " : ": warning: ";
  out += diagnostic.message;
  if (!diagnostic.hint.empty()) out += "\n  hint: " + diagnostic.hint;
  return out;
}

bool has_errors(const std::vector<Diagnostic>& diagnostics) {
  return std::any_of(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::kError; });
}

std::string closest_match(std::string_view word, const std::vector<std::string_view>& choices) {
  // Long words tolerate more typos, but never so many that the word could be
  // anything: allow about a third of its length, at least one edit.
  const std::size_t allowed = std::clamp<std::size_t>(word.size() / 3, 1, kMaxSuggestionDistance);
  std::string_view best;
  std::size_t best_distance = allowed + 1;
  for (const auto choice : choices) {
    const std::size_t distance = edit_distance(word, choice);
    if (distance < best_distance) {
      best_distance = distance;
      best = choice;
    }
  }
  return std::string(best);
}

}  // namespace velum::practice
