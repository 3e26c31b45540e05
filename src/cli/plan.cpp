// `velum plan [--routine ID] [--json] [--confirm-well]`: today's plan for a
// routine from the journal's sessions and plan state, and the rule behind it.
//
// The journal's plan state holds the stage, hold stage and pause; what the
// progression engine needs beyond that is derived here (see to_engine_state).

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <ostream>

#include "cli/journal_access.hpp"
#include "cli/plan_access.hpp"
#include "cli/screen_access.hpp"
#include "practice/loader.hpp"
#include "practice/progression.hpp"

namespace velum::cli {
namespace {

struct PlanOptions {
  std::string routine;
  bool json = false;
  bool confirm_well = false;
  std::string data_dir;
};

std::string date_text(std::chrono::sys_days day) {
  return journal::to_date_text(std::chrono::year_month_day{day});
}

nlohmann::json to_json(const practice::Routine& routine, const practice::Plan& plan,
                       const practice::ScreenStatusReport& screen) {
  auto optional_text = [](const std::string& text) {
    return text.empty() ? nlohmann::json(nullptr) : nlohmann::json(text);
  };
  return {{"routine_id", plan.routine_id},
          {"routine_title", routine.title},
          {"stage", plan.stage},
          {"stage_count", routine.stage_count()},
          {"rule", practice::to_string(plan.rule)},
          {"explanation", plan.explanation},
          {"hold_rule", practice::to_string(plan.hold_rule)},
          {"hold_stage", plan.hold_stage},
          {"hold_seconds", plan.hold ? nlohmann::json(plan.hold->count()) : nlohmann::json(nullptr)},
          {"hold_explanation", optional_text(plan.hold_explanation)},
          {"minutes", plan.minutes},
          {"sessions_per_week", plan.sessions_per_week},
          {"days_practised_this_week", plan.days_practised_this_week},
          {"practised_today", plan.practised_today},
          {"rest_day_suggested", plan.rest_day_suggested},
          {"week_explanation", plan.week_explanation},
          {"maintenance", plan.maintenance},
          {"evening_suggested", plan.evening_suggested},
          {"paused", plan.paused},
          {"clinician_advice", practice::to_string(plan.clinician)},
          {"clinician_explanation", optional_text(plan.clinician_explanation)},
          {"screen", {{"status", practice::to_string(screen.status)}, {"sentence", screen.sentence}}}};
}

void print_plan(std::ostream& out, const practice::Routine& routine, const practice::Plan& plan,
                const practice::ScreenStatusReport& screen) {
  out << fmt::format("{} ({}): {}stage {} of {}, {:g} minutes{}.\n", routine.title, routine.id,
                     plan.paused ? "paused at " : "", plan.stage, routine.stage_count(), plan.minutes,
                     plan.maintenance ? ", maintenance" : "");
  out << plan.explanation << '\n';
  if (!plan.hold_explanation.empty()) out << plan.hold_explanation << '\n';
  out << plan.week_explanation << '\n';
  if (!plan.clinician_explanation.empty()) out << plan.clinician_explanation << '\n';
  if (!screen.allows_practice()) out << "Before the next session: " << screen.sentence << " (velum screen)\n";
  out << fmt::format("Rule: {}\n", practice::to_string(plan.rule));
}

void run_plan(const Context& context, const PlanOptions& options, CommandResult& result) {
  const auto now = journal::system_now();
  const auto today = local_day(now);
  auto store = open_journal(context, options.data_dir, result);
  if (!store) return;

  const auto sessions = sessions_by_start(*store, context, result);
  if (!sessions) return;
  const auto catalog = practice::load_catalog(context.bundled_protocols, context.user_protocols);
  const practice::Routine* routine = find_routine(catalog, options.routine, *sessions, context, result);
  if (routine == nullptr) return;

  auto today_plan = plan_for_today(*store, *routine, now, false, context, result);
  if (!today_plan) return;

  if (options.confirm_well) {
    if (!today_plan->plan.paused) {
      *context.out << "Progression is not paused, so there is nothing to confirm.\n";
    } else {
      journal::CheckIn confirmation;
      confirmation.id = journal::new_record_id();
      confirmation.taken_at = now;
      confirmation.note = kConfirmedWellNote;
      if (auto saved = store->add_checkin(confirmation); !saved) {
        return fail(context, result, exit_code_for(saved.error()), saved.error().message);
      }
      *context.out << fmt::format("Noted on {}: you feel well again.\n", date_text(today));
      today_plan = plan_for_today(*store, *routine, now, true, context, result);
      if (!today_plan) return;
    }
  }
  const practice::Plan& plan = today_plan->plan;
  if (!save_plan_state(*store, *routine, plan, today_plan->stored, now, context, result)) return;

  const auto screen = look_up_screen(*store, today, context, result);
  if (!screen) return;
  if (options.json) {
    *context.out << to_json(*routine, plan, screen->report).dump(2) << '\n';
  } else {
    print_plan(*context.out, *routine, plan, screen->report);
  }
}

}  // namespace

void add_plan_command(CLI::App& app, const Context& context, CommandResult& result) {
  auto options = std::make_shared<PlanOptions>();
  auto* command = app.add_subcommand("plan", "Today's plan for a routine, and the rule that set it");
  command->add_option(
      "--routine", options->routine,
      fmt::format("The routine's id (default: the one you practised last, else {})", kDefaultRoutineId));
  command->add_flag("--json", options->json, "Print JSON");
  command->add_flag("--confirm-well", options->confirm_well,
                    "After two stopped sessions: say that you feel well again, so progression can go on");
  add_data_option(*command, options->data_dir);
  command->callback([&context, &result, options] { run_plan(context, *options, result); });
}

}  // namespace velum::cli
