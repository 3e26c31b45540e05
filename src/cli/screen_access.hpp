#pragma once
// The safety screen lookup for the commands that show or gate on it (`velum
// screen`, `velum plan`), printing one line when the journal cannot be read.

#include <optional>

#include "cli/commands.hpp"
#include "common/screen_status.hpp"

namespace velum::cli {

using common::local_day;
using common::ScreenLookup;
using common::to_screen_record;

// The latest screening of the default user and its status on `today`. On a
// journal error prints one line, sets the exit code and returns nullopt. Main thread only.
std::optional<ScreenLookup> look_up_screen(journal::Store& store, std::chrono::sys_days today,
                                           const Context& context, CommandResult& result);

}  // namespace velum::cli
