#include "cli/screen_access.hpp"

#include "cli/journal_access.hpp"

namespace velum::cli {

std::optional<ScreenLookup> look_up_screen(journal::Store& store, std::chrono::sys_days today,
                                           const Context& context, CommandResult& result) {
  auto lookup = common::look_up_screen(store, today);
  if (!lookup) {
    fail(context, result, exit_code_for(lookup.error()), lookup.error().message);
    return std::nullopt;
  }
  return std::move(*lookup);
}

}  // namespace velum::cli
