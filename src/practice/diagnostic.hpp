#pragma once
// Diagnostics: every problem a loader or validator finds, as a value that names
// where it is (file:line:column and field path), what is wrong, and how to fix it.

#include <string>
#include <vector>

namespace velum::practice {

enum class Severity { kError, kWarning };

struct Diagnostic {
  std::string file;
  int line = 0;    // 1-based; 0 when the problem has no single place in the file
  int column = 0;  // 1-based; 0 when unknown
  Severity severity = Severity::kError;
  std::string field;    // dotted path such as "step[2].pain_ceiling"; may be empty
  std::string message;  // names the bad value: "unknown phase 'hold2'"
  std::string hint;     // how to fix it: "did you mean 'hold'?"; may be empty
  friend bool operator==(const Diagnostic&, const Diagnostic&) = default;
};

// "file:line:column: error: message" and, when there is a hint, a second line
// "  hint: ...". Line and column are left out when unknown.
std::string format(const Diagnostic& diagnostic);

bool has_errors(const std::vector<Diagnostic>& diagnostics);

// The closest spelling among `choices` within a small edit distance, for
// "did you mean" hints; empty when nothing is close.
std::string closest_match(std::string_view word, const std::vector<std::string_view>& choices);

}  // namespace velum::practice
