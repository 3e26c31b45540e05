#pragma once
// The safety screen as the journal holds it, for the commands that show or gate
// on it (`velum screen`, `velum plan`): the latest screening and its status today.

#include <chrono>
#include <optional>

#include "cli/commands.hpp"
#include "journal/records.hpp"
#include "journal/store.hpp"
#include "practice/safety.hpp"

namespace velum::cli {

// The person's local calendar day of a journal timestamp.
std::chrono::sys_days local_day(const journal::Timestamp& timestamp);

// A stored screening as the safety rules see it. A stored "clear" with a "yes"
// answer (which validation refuses anyway) is read as blocked, never as clear.
practice::ScreenRecord to_screen_record(const journal::SafetyScreening& screening);

struct ScreenLookup {
  std::optional<practice::ScreenRecord> last;  // the latest screening, if any
  practice::ScreenStatusReport report;
};

// The latest screening of the default user and its status on `today`. On a
// journal error prints one line, sets the exit code and returns nullopt. Main thread only.
std::optional<ScreenLookup> look_up_screen(journal::Store& store, std::chrono::sys_days today,
                                           const Context& context, CommandResult& result);

}  // namespace velum::cli
