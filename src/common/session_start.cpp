#include "common/session_start.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace velum::common {
namespace {

std::optional<StartRefusal> screen_refusal(const practice::ScreenStatusReport& report) {
  if (report.allows_practice()) return std::nullopt;
  if (report.status == practice::ScreenStatus::kBlocked) {
    return StartRefusal{StartBlock::kScreenBlocked, report.sentence,
                        "This routine works inside your mouth, so it waits until a clinician has said it is "
                        "fine for you; then answer the safety questions again.",
                        Unblock::kClinicianAdvice};
  }
  return StartRefusal{StartBlock::kScreenNeeded, report.sentence,
                      "This routine works inside your mouth, so it waits for a clear safety screen: answer "
                      "the safety questions first.",
                      Unblock::kTakeScreen};
}

}  // namespace

std::string_view to_string(StartBlock value) {
  switch (value) {
    case StartBlock::kScreenNeeded:
      return "screen-needed";
    case StartBlock::kScreenBlocked:
      return "screen-blocked";
    case StartBlock::kPlanPaused:
      return "plan-paused";
  }
  return "unknown";
}

std::string_view to_string(Unblock value) {
  switch (value) {
    case Unblock::kTakeScreen:
      return "take-screen";
    case Unblock::kClinicianAdvice:
      return "clinician-advice";
    case Unblock::kConfirmWell:
      return "confirm-well";
  }
  return "unknown";
}

velum::Result<StartDecision> decide_start(journal::Store& store, const practice::Catalog& catalog,
                                          const PlanRequest& request, journal::Timestamp now) {
  auto today = plan_today(store, catalog, request, now);
  if (!today) return today.error();
  StartDecision decision;
  decision.today = std::move(*today);
  const practice::Routine& routine = *decision.today.routine;
  const practice::Plan& plan = decision.today.plan;

  if (plan.paused) {
    decision.refusal = StartRefusal{StartBlock::kPlanPaused, plan.explanation,
                                    "Rest today. On a later day, when you feel well again, say so, and the "
                                    "plan goes on; if anything worries you, see a clinician first.",
                                    Unblock::kConfirmWell};
  } else if (routine.is_intra_oral()) {
    decision.refusal = screen_refusal(decision.today.screen.report);
  }
  if (!plan.clinician_explanation.empty()) decision.warnings.push_back(plan.clinician_explanation);
  decision.reminders = practice::session_reminders(routine);
  decision.checklist = practice::hygiene_checklist(routine);
  return decision;
}

nlohmann::json start_to_json(const StartDecision& decision) {
  using nlohmann::json;
  json refusal = nullptr;
  if (decision.refusal) {
    refusal = {{"reason", to_string(decision.refusal->reason)},
               {"message", decision.refusal->message},
               {"advice", decision.refusal->advice},
               {"unblock", to_string(decision.refusal->unblock)}};
  }
  json checklist = json::array();
  for (const auto& question : decision.checklist) {
    checklist.push_back({{"item", std::string(practice::to_string(question.item))},
                         {"label", std::string(practice::label(question.item))},
                         {"question", std::string(question.question)},
                         {"if_no", std::string(question.if_no)},
                         {"blocks", question.blocks},
                         {"either_is_fine", question.either_is_fine}});
  }
  json reminders = json::array();
  for (const auto reminder : decision.reminders) reminders.push_back(std::string(reminder));
  return {{"allowed", decision.allowed()},
          {"refusal", refusal},
          {"warnings", decision.warnings},
          {"reminders", reminders},
          {"checklist", checklist}};
}

}  // namespace velum::common
