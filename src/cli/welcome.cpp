// `velum welcome`: the first-run screen — what velum is, the routines, and
// today's routine from the plan, shown step by step. `make run` starts here.

#include <fmt/format.h>

#include <algorithm>
#include <ostream>

#include "cli/commands.hpp"
#include "cli/journal_access.hpp"
#include "cli/text.hpp"
#include "common/plan.hpp"
#include "practice/loader.hpp"

namespace velum::cli {
namespace {

constexpr int kStepIndent = 5;  // "  1. " before a step's title

void print_introduction(std::ostream& out, int width) {
  out << "\nvelum\n\n";
  out << wrap(
             "A calm guide for releasing tension in the soft palate and the space behind the nose. "
             "It walks you through each step, paces your breathing, and keeps a journal so you can "
             "see for yourself whether the practice helps.",
             width, 0)
      << '\n';
  out << wrap(
             "velum is a guide and a notebook. It does not diagnose or treat anything. If pain "
             "persists or gets worse, or anything new appears, please see a clinician.",
             width, 0)
      << '\n';
}

void print_routines(std::ostream& out, const practice::Catalog& catalog) {
  out << "Routines\n";
  for (const auto& routine : catalog.routines) {
    out << fmt::format("  {:<20} {:<13} {:>9}  {}\n", routine.id, practice::to_string(routine.level),
                       format_length(session_length(routine)), routine.title);
  }
  out << '\n';
}

void print_today(std::ostream& out, const practice::Routine& routine, const practice::Plan& plan,
                 const practice::ScreenStatusReport& screen, int width) {
  out << fmt::format("Today: {}, stage {} of {}, {}\n", routine.title, plan.stage,
                     std::max(1, routine.stage_count()),
                     format_length(session_length(routine, plan.stage, plan.hold_stage)));
  out << wrap(plan.explanation, width, 2);
  out << wrap(plan.week_explanation, width, 2);
  if (!plan.clinician_explanation.empty()) out << wrap(plan.clinician_explanation, width, 2);
  if (!screen.allows_practice()) {
    out << wrap("Before the first session: " + screen.sentence + " Run 'velum screen' to answer it.", width,
                2);
  }
  out << '\n';
  if (!routine.checklist.empty()) {
    out << "  Before you start\n";
    for (auto item : routine.checklist) out << "    [ ] " << practice::label(item) << '\n';
    out << '\n';
  }
  int number = 0;
  for (const auto& step : routine.steps) {
    if (step.stage > plan.stage) continue;
    out << wrap(fmt::format("{}. {}  ({})", ++number, step.title, describe_duration(step)), width, 2);
    out << wrap(step.instruction, width, kStepIndent) << '\n';
  }
  out << "Next\n";
  const std::pair<std::string, std::string_view> commands[] = {
      {"velum protocols show " + routine.id, "every step of today's routine in full"},
      {"velum screen", "the safety questions, before the first session"},
      {"velum session", "a guided session, by sound"},
      {"velum checkin", "note how you feel today"},
  };
  for (const auto& [command, what] : commands) out << fmt::format("  {:<40} {}\n", command, what);
  out << '\n';
}

void run_welcome(const Context& context, const DataOptions& data_dir, CommandResult& result) {
  std::ostream& out = *context.out;
  const int width = std::min(context.terminal_columns, kMaxTextColumns);
  print_introduction(out, width);

  const auto catalog = practice::load_catalog(context.bundled_protocols, context.user_protocols);
  for (const auto& diagnostic : catalog.diagnostics) *context.err << practice::format(diagnostic) << '\n';
  if (catalog.routines.empty()) {
    out << "No routines were found in " << context.bundled_protocols.string()
        << ". Set VELUM_PROTOCOLS to the folder that holds the routine files.\n";
    result.exit_code = kExitInvalid;
    return;
  }
  print_routines(out, catalog);

  auto store = open_journal(context, data_dir, result);
  if (!store) return;
  const auto today = common::plan_today(*store, catalog, common::PlanRequest{}, journal::system_now());
  if (!today) return fail(context, result, exit_code_for(today.error()), today.error().message);
  print_today(out, *today->routine, today->plan, today->screen.report, width);
}

}  // namespace

void add_welcome_command(CLI::App& app, const Context& context, CommandResult& result) {
  auto data_dir = std::make_shared<DataOptions>();
  auto* welcome = app.add_subcommand("welcome", "The first-run screen: the routines and today's plan");
  add_data_option(*welcome, *data_dir);
  welcome->callback([&context, &result, data_dir] { run_welcome(context, *data_dir, result); });
}

}  // namespace velum::cli
