// `velum plan [ROUTINE] [--json] [--confirm-well]` (--routine ID works too): today's plan for a
// routine from the journal's sessions and plan state, and the rule behind it
// (computed in common/plan.hpp, shared with the web app).

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <ostream>

#include "cli/journal_access.hpp"
#include "cli/text.hpp"
#include "common/plan.hpp"
#include "common/session_start.hpp"

namespace velum::cli {
namespace {

using common::kDefaultRoutineId;

struct PlanOptions {
  std::string routine;
  bool json = false;
  bool confirm_well = false;
  DataOptions data_dir;
};

void print_plan(std::ostream& out, const practice::Routine& routine, const practice::Plan& plan,
                const practice::ScreenStatusReport& screen) {
  out << fmt::format("{} ({}): {}stage {} of {}, {}{}.\n", routine.title, routine.id,
                     plan.paused ? "paused at " : "", plan.stage, routine.stage_count(),
                     format_length(session_length(routine, plan.stage, plan.hold_stage)),
                     plan.maintenance ? ", maintenance" : "");
  out << plan.explanation << '\n';
  if (!plan.hold_explanation.empty()) out << plan.hold_explanation << '\n';
  out << plan.week_explanation << '\n';
  if (!plan.clinician_explanation.empty()) out << plan.clinician_explanation << '\n';
  if (!screen.allows_practice()) out << "Safety screen: " << screen.sentence << " Run 'velum screen'.\n";
  out << fmt::format("Rule: {}\n", practice::to_string(plan.rule));
}

void run_plan(const Context& context, const PlanOptions& options, CommandResult& result) {
  const auto now = journal::system_now();
  auto store = open_journal(context, options.data_dir, result);
  if (!store) return;
  const auto catalog = practice::load_catalog(context.bundled_protocols, context.user_protocols);
  auto decision = common::decide_start(*store, catalog, {options.routine, options.confirm_well}, now);
  if (!decision) {
    const bool unknown_routine = decision.error().code == velum::ErrorCode::kNotFound;
    return fail(context, result, exit_code_for(decision.error()),
                decision.error().message + (unknown_routine ? " (see 'velum protocols list')" : ""));
  }
  const common::TodayPlan* today = &decision->today;
  for (const auto& diagnostic : today->diagnostics) {
    *context.err << fmt::format("velum: {}: {} ({})\n", diagnostic.field, diagnostic.message,
                                diagnostic.hint);
  }
  switch (today->confirmation) {
    case common::WellConfirmation::kNotAsked:
      break;
    case common::WellConfirmation::kNotPaused:
      *context.out << "Progression is not paused, so there is nothing to confirm.\n";
      break;
    case common::WellConfirmation::kNoted:
      *context.out << fmt::format("Noted on {}: you feel well again.\n",
                                  journal::to_date_text(journal::local_date(now)));
      break;
  }
  if (options.json) {
    auto json = common::plan_to_json(*today);
    json["start"] = common::start_to_json(*decision);
    *context.out << json.dump(2) << '\n';
  } else {
    print_plan(*context.out, *today->routine, today->plan, today->screen.report);
  }
}

}  // namespace

void add_plan_command(CLI::App& app, const Context& context, CommandResult& result) {
  auto options = std::make_shared<PlanOptions>();
  auto* command = app.add_subcommand("plan", "Today's plan for a routine, and the rule that set it");
  command->add_option(
      "routine,--routine", options->routine,
      fmt::format("The routine's id (default: the one you practised last, else {})", kDefaultRoutineId));
  command->add_flag("--json", options->json, "Print JSON");
  command->add_flag("--confirm-well", options->confirm_well,
                    "After two stopped sessions: say that you feel well again, so progression can go on");
  add_data_option(*command, options->data_dir);
  command->callback([&context, &result, options] { run_plan(context, *options, result); });
}

}  // namespace velum::cli
