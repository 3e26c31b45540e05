#include "common/screen_status.hpp"

#include <algorithm>

namespace velum::common {

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

velum::Result<ScreenLookup> look_up_screen(journal::Store& store, std::chrono::sys_days today) {
  auto screenings = store.screenings(journal::Query{});
  if (!screenings) return screenings.error();
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

journal::SafetyScreening make_screening(std::span<const practice::ScreenAnswer> answers,
                                        const practice::ScreenEvaluation& evaluation,
                                        journal::Timestamp now) {
  journal::SafetyScreening screening;
  screening.id = journal::new_record_id();
  screening.question_set_version = practice::kScreenQuestionSetVersion;
  for (const auto& answer : answers) screening.answers.push_back({answer.question_id, answer.yes});
  screening.taken_at = now;
  screening.result = evaluation.result == practice::ScreenResult::kBlocked ? journal::ScreenResult::kBlocked
                                                                           : journal::ScreenResult::kClear;
  return screening;
}

}  // namespace velum::common
