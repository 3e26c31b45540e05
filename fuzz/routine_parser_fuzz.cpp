// libFuzzer target: any bytes given to the routine parser must come back as a
// routine or as diagnostics, never as a crash, hang, leak or undefined behaviour.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "practice/loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace velum::practice;
  // load_routine_file refuses larger files unread, so the parser never sees them.
  if (size > kMaxRoutineFileBytes) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  LoadResult result = parse_routine(text, "fuzz.toml");

  // The contract: a routine exactly when there are no errors, and every
  // diagnostic says something.
  if (result.routine.has_value() == has_errors(result.diagnostics)) __builtin_trap();
  for (const auto& diagnostic : result.diagnostics) {
    if (diagnostic.message.empty() || format(diagnostic).empty()) __builtin_trap();
  }
  if (result.routine) {
    Catalog catalog;
    catalog.routines.push_back(*result.routine);
    catalog.routines.push_back(std::move(*result.routine));  // a duplicate id, on purpose
    check_catalog(catalog);
    if (catalog.diagnostics.empty()) __builtin_trap();
  }
  return 0;
}
