#pragma once
// Reading routine files: parse TOML into a Routine and validate it, returning
// every problem at once. Pure apart from reading the named files; thread-safe.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "practice/diagnostic.hpp"
#include "practice/protocol.hpp"

namespace velum::practice {

// Files larger than this are refused unread (a routine is a few kilobytes).
inline constexpr std::size_t kMaxRoutineFileBytes = std::size_t{1024} * 1024;

struct LoadResult {
  std::optional<Routine> routine;  // set when the file parsed and has no errors
  std::vector<Diagnostic> diagnostics;
  bool unreadable = false;  // the file could not be opened or read at all
};

// Parses and validates one routine's text. `file_name` is used in diagnostics only.
// Checks everything knowable from one file: syntax, unknown keys, types, ranges,
// vocabulary, pattern references, and the safety invariants of PRACTICE.md.
LoadResult parse_routine(std::string_view text, std::string_view file_name);

// Reads and parses a file; unreadable, too large or not UTF-8 files yield a
// diagnostic (and `unreadable` for I/O failures).
LoadResult load_routine_file(const std::filesystem::path& path);

// A set of routines that refer to each other.
struct Catalog {
  std::vector<Routine> routines;
  std::vector<std::filesystem::path> sources;  // parallel to routines
  std::vector<Diagnostic> diagnostics;

  const Routine* find(std::string_view id) const;
};

// Cross-file checks over routines already loaded: duplicate ids, prerequisites
// that name no routine, prerequisite cycles. Appends to `catalog.diagnostics`.
void check_catalog(Catalog& catalog);

// Loads every *.toml in `bundled_dir`, then in `user_dir` (if it exists). A user
// routine whose id a bundled one already has is reported and skipped, never
// silently preferred. Runs check_catalog.
Catalog load_catalog(const std::filesystem::path& bundled_dir,
                     const std::optional<std::filesystem::path>& user_dir);

}  // namespace velum::practice
