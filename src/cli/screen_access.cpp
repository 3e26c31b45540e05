#include "cli/screen_access.hpp"

#include <algorithm>

#include "cli/journal_access.hpp"

namespace velum::cli {

std::chrono::sys_days local_day(const journal::Timestamp& timestamp) {
  return std::chrono::sys_days{journal::local_date(timestamp)};
}

practice::ScreenRecord to_screen_record(const journal::SafetyScreening& screening) {
  practice::ScreenRecord record;
  record.question_set_version = screening.question_set_version;
  record.taken_on = local_day(screening.taken_at);
  record.result = screening.result == journal::ScreenResult::kBlocked ? practice::ScreenResult::kBlocked
                                                                      : practice::ScreenResult::kClear;
  for (const auto& answer : screening.answers) {
    if (answer.yes) record.blocking_ids.push_back(answer.question_id);
  }
  if (!record.blocking_ids.empty()) record.result = practice::ScreenResult::kBlocked;
  return record;
}

std::optional<ScreenLookup> look_up_screen(journal::Store& store, std::chrono::sys_days today,
                                           const Context& context, CommandResult& result) {
  auto screenings = store.screenings(journal::Query{});
  if (!screenings) {
    fail(context, result, exit_code_for(screenings.error()), screenings.error().message);
    return std::nullopt;
  }
  ScreenLookup lookup;
  const auto latest =
      std::max_element(screenings->begin(), screenings->end(),
                       [](const journal::SafetyScreening& a, const journal::SafetyScreening& b) {
                         return a.taken_at.utc < b.taken_at.utc;
                       });
  if (latest != screenings->end()) lookup.last = to_screen_record(*latest);
  lookup.report = practice::screen_status(lookup.last, today);
  return lookup;
}

}  // namespace velum::cli
