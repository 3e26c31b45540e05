// The safety screen: GET /api/v1/screen (today's status and the questions)
// and POST /screen (the answers; a blocking answer stops intra-oral practice).

#include <fmt/format.h>

#include "common/screen_status.hpp"
#include "practice/safety.hpp"
#include "server/routes/routes.hpp"

namespace velum::server::routes {
namespace {

ApiResponse show_screen(Journal& journal) {
  auto held = journal.hold();
  auto lookup = common::look_up_screen(held.store, common::local_day(held.now));
  if (!lookup) return reply(store_failure(lookup.error()));
  json questions = json::array();
  for (const auto& question : practice::screen_questions()) {
    questions.push_back({{"id", question.id}, {"question", question.question}, {"advice", question.advice}});
  }
  const auto& report = lookup->report;
  return reply(kOk, {{"status", practice::to_string(report.status)},
                     {"sentence", report.sentence},
                     {"allows_practice", report.allows_practice()},
                     {"valid_through",
                      report.valid_through
                          ? json(journal::to_date_text(std::chrono::year_month_day{*report.valid_through}))
                          : json(nullptr)},
                     {"blocking_ids", lookup->last ? json(lookup->last->blocking_ids) : json::array()},
                     {"question_set_version", practice::kScreenQuestionSetVersion},
                     {"questions", questions},
                     {"blocked_closing", practice::kScreenBlockedClosing}});
}

ApiResponse answer_screen(Journal& journal, const ApiRequest& request) {
  auto held = journal.hold();
  return with_object(request, [&](const json& body) {
    const auto it = body.find("answers");
    if (it == body.end() || !it->is_object()) {
      return reply(Failure{kBadRequest, "answers", "answers must be an object of question id: true or false",
                           "for example {\"answers\": {\"recent-surgery-or-injury\": false, ...}}"});
    }
    std::vector<practice::ScreenAnswer> answers;
    for (const auto& [id, value] : it->items()) {
      if (!value.is_boolean()) {
        return reply(
            Failure{kBadRequest, "answers." + shown(id),
                    fmt::format("answers.{} must be true or false, got {}", shown(id), shown_json(value)),
                    "true means yes, false means no"});
      }
      answers.push_back({id, value.get<bool>()});
    }
    const auto evaluation = practice::evaluate_screen(answers);
    if (!evaluation.diagnostics.empty() || !evaluation.result) {
      const auto first =
          evaluation.diagnostics.empty() ? practice::Diagnostic{} : evaluation.diagnostics.front();
      return reply(Failure{kUnprocessable, first.field, first.message, first.hint});
    }
    const auto screening = common::make_screening(answers, evaluation, held.now);
    if (auto saved = held.store.add_screening(screening); !saved) return reply(store_failure(saved.error()));
    const auto status =
        practice::screen_status(common::to_screen_record(screening), common::local_day(held.now));
    json advice = json::array();
    for (const auto& id : evaluation.blocking_ids) {
      const auto* question = practice::find_screen_question(id);
      advice.push_back({{"id", id}, {"question", question->question}, {"advice", question->advice}});
    }
    return reply(kCreated, {{"status", practice::to_string(status.status)},
                            {"sentence", status.sentence},
                            {"allows_practice", status.allows_practice()},
                            {"advice", advice}});
  });
}

}  // namespace

void add_screen_routes(RouteTable& table, const RouteContext& context) {
  auto& journal = context.journal;
  table.add("GET", "/api/v1/screen", [&journal](const RouteCall&) { return show_screen(journal); });
  table.add("POST", "/api/v1/screen",
            [&journal](const RouteCall& call) { return answer_screen(journal, call.request); });
}

}  // namespace velum::server::routes
