#pragma once
// The safety screen as the journal holds it, for every front end (terminal and
// web): the latest screening, its status today, and saving a new one.

#include <chrono>
#include <optional>
#include <span>

#include "journal/records.hpp"
#include "journal/store.hpp"
#include "practice/safety.hpp"

namespace velum::common {

// The person's local calendar day of a journal timestamp. Thread-safe.
std::chrono::sys_days local_day(const journal::Timestamp& timestamp);

// A stored screening as the safety rules see it. A stored "clear" with a "yes"
// answer (which validation refuses anyway) is read as blocked, never as clear.
practice::ScreenRecord to_screen_record(const journal::SafetyScreening& screening);

struct ScreenLookup {
  std::optional<practice::ScreenRecord> last;  // the latest screening, if any
  practice::ScreenStatusReport report;
};

// The latest screening of the default user and its status on local day `today`.
// Uses `store` from the calling thread only.
velum::Result<ScreenLookup> look_up_screen(journal::Store& store, std::chrono::sys_days today);

// The screening to store for complete, valid answers (evaluation.result set),
// taken at `now`.
journal::SafetyScreening make_screening(std::span<const practice::ScreenAnswer> answers,
                                        const practice::ScreenEvaluation& evaluation, journal::Timestamp now);

}  // namespace velum::common
