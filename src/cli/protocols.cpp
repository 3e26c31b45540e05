// `velum protocols list|show|check`: the routines velum knows, one routine in
// full, and a checker for routine files that reports every problem at once.

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/text.hpp"
#include "practice/loader.hpp"

namespace velum::cli {
namespace {

constexpr double kSecondsPerMinute = 60.0;

namespace fs = std::filesystem;
using practice::Routine;
using practice::Step;

constexpr int kStepIndent = 5;  // "  1. " before a step's title

template <typename Enum>
std::string labels(const std::vector<Enum>& values) {
  std::string out;
  for (const auto value : values) {
    if (!out.empty()) out += ", ";
    out += practice::label(value);
  }
  return out;
}

template <typename Enum>
nlohmann::json spellings_json(const std::vector<Enum>& values) {
  auto array = nlohmann::json::array();
  for (const auto value : values) array.push_back(std::string(practice::to_string(value)));
  return array;
}

std::string seconds_text(practice::Seconds seconds) { return fmt::format("{:g} s", seconds.count()); }

std::string pattern_text(const Routine& routine, const std::string& name) {
  const auto pattern = practice::resolve_pattern(routine, name);
  if (!pattern) return name;
  return fmt::format("{} ({:g}-{:g}-{:g}-{:g} s)", name, pattern->inhale.count(), pattern->hold_in.count(),
                     pattern->exhale.count(), pattern->hold_out.count());
}

nlohmann::json summary_json(const Routine& routine) {
  return {{"id", routine.id},
          {"title", routine.title},
          {"level", std::string(practice::to_string(routine.level))},
          {"summary", routine.summary},
          {"setting", std::string(practice::to_string(routine.setting))},
          {"version", routine.version},
          {"stages", routine.stage_count()},
          {"minutes", static_cast<double>(session_length(routine).count()) / kSecondsPerMinute},
          {"prerequisites", routine.prerequisites}};
}

nlohmann::json step_json(const Routine& routine, const Step& step) {
  nlohmann::json json = {
      {"id", step.id},
      {"title", step.title},
      {"instruction", step.instruction},
      {"detail", step.detail},
      {"stage", step.stage},
      {"landmark", std::string(practice::to_string(step.landmark))},
      {"hand", std::string(practice::to_string(step.hand))},
      {"action", std::string(practice::to_string(step.action))},
      {"duration_seconds", step.duration.count()},
      {"pattern", step.pattern.empty() ? routine.default_pattern : step.pattern},
      {"intra_oral", step.is_intra_oral()},
      {"expect", spellings_json(step.expect)},
      {"stop_signals", spellings_json(step.stop_signals)},
      {"cues", {{"start", step.cues.start}, {"midway", step.cues.midway}, {"end", step.cues.end}}}};
  if (step.repetitions) json["repetitions"] = *step.repetitions;
  if (step.pain_ceiling) json["pain_ceiling"] = *step.pain_ceiling;
  if (step.ramp) {
    json["ramp"] = {{"to", step.ramp->target}};
    if (step.ramp->over_breaths) json["ramp"]["over_breaths"] = *step.ramp->over_breaths;
    if (step.ramp->over) json["ramp"]["over_seconds"] = step.ramp->over->count();
  }
  if (step.hold_build_up) {
    auto holds = nlohmann::json::array();
    for (const auto hold : step.hold_build_up->holds) holds.push_back(hold.count());
    json["hold_build_up"] = {{"holds_seconds", holds},
                             {"weeks_per_stage", step.hold_build_up->weeks_per_stage},
                             {"rest_seconds", step.hold_build_up->rest_between.count()}};
  }
  return json;
}

nlohmann::json routine_json(const Routine& routine) {
  auto json = summary_json(routine);
  json["default_pattern"] = routine.default_pattern;
  json["preparation_seconds"] = routine.preparation_countdown.count();
  json["dosage"] = {{"minutes_per_day", routine.dosage.minutes_per_day},
                    {"days_per_week", routine.dosage.days_per_week},
                    {"maintenance_per_week", routine.dosage.maintenance_per_week}};
  json["checklist"] = spellings_json(routine.checklist);
  auto steps = nlohmann::json::array();
  for (const auto& step : routine.steps) steps.push_back(step_json(routine, step));
  json["steps"] = steps;
  return json;
}

void print_diagnostics(std::ostream& out, const std::vector<practice::Diagnostic>& diagnostics) {
  for (const auto& diagnostic : diagnostics) out << practice::format(diagnostic) << '\n';
}

practice::Catalog load(const Context& context) {
  auto catalog = practice::load_catalog(context.bundled_protocols, context.user_protocols);
  // Problems in one routine file must not hide the others: report and go on.
  print_diagnostics(*context.err, catalog.diagnostics);
  return catalog;
}

void list_routines(const Context& context, bool as_json) {
  const auto catalog = load(context);
  std::ostream& out = *context.out;
  if (as_json) {
    auto array = nlohmann::json::array();
    for (const auto& routine : catalog.routines) array.push_back(summary_json(routine));
    out << array.dump(2) << '\n';
    return;
  }
  if (catalog.routines.empty()) {
    out << "No routines found. Bundled routines live in " << context.bundled_protocols.string() << ".\n";
    return;
  }
  // The length of the whole routine, every stage; the plan says today's.
  out << fmt::format("{:<24} {:<13} {:<10} {:>9}  {}\n", "ID", "LEVEL", "SETTING", "LENGTH", "TITLE");
  for (const auto& routine : catalog.routines) {
    out << fmt::format("{:<24} {:<13} {:<10} {:>9}  {}\n", routine.id, practice::to_string(routine.level),
                       practice::to_string(routine.setting), format_length(session_length(routine)),
                       routine.title);
  }
}

void render_step(std::ostream& out, const Routine& routine, const Step& step, std::size_t number, int width) {
  out << wrap(fmt::format("{}. {} ({})", number, step.title, describe_duration(step)), width, 2);
  out << wrap(step.instruction, width, kStepIndent);
  out << wrap(step.detail, width, kStepIndent);
  out << wrap(fmt::format("Where: {}. Hand: {}. Action: {}.", practice::label(step.landmark),
                          practice::label(step.hand), practice::label(step.action)),
              width, kStepIndent);
  std::string breath =
      "Breath: " + pattern_text(routine, step.pattern.empty() ? routine.default_pattern : step.pattern);
  if (step.ramp) {
    breath += ", moving to " + pattern_text(routine, step.ramp->target);
    if (step.ramp->over_breaths) breath += fmt::format(" over {} breaths", *step.ramp->over_breaths);
    if (step.ramp->over) breath += " over " + seconds_text(*step.ramp->over);
  }
  out << wrap(breath + ".", width, kStepIndent);
  const std::pair<const char*, const std::string*> cues[] = {
      {"At the start", &step.cues.start}, {"Halfway", &step.cues.midway}, {"At the end", &step.cues.end}};
  for (const auto& [when, words] : cues) {
    if (!words->empty()) out << wrap(fmt::format("{} you hear: \"{}\"", when, *words), width, kStepIndent);
  }
  if (!step.expect.empty())
    out << wrap("What you may feel: " + labels(step.expect) + ".", width, kStepIndent);
  if (!step.stop_signals.empty()) {
    out << wrap("Stop at once if you notice: " + labels(step.stop_signals) + ".", width, kStepIndent);
  }
  if (step.pain_ceiling) {
    out << wrap(fmt::format("Stay at or below {} out of 10 discomfort.", *step.pain_ceiling), width,
                kStepIndent);
  }
  if (step.hold_build_up) {
    std::string holds;
    for (const auto hold : step.hold_build_up->holds)
      holds += (holds.empty() ? "" : ", ") + seconds_text(hold);
    const int weeks = step.hold_build_up->weeks_per_stage;
    out << wrap(
        fmt::format("Holds build up over the weeks: {}; {} week{} at each length, {} rest between holds.",
                    holds, weeks, weeks == 1 ? "" : "s", seconds_text(step.hold_build_up->rest_between)),
        width, kStepIndent);
  }
}

void render_routine(std::ostream& out, const Routine& routine, int width) {
  out << wrap(fmt::format("{} ({}, version {})", routine.title, routine.id, routine.version), width, 0);
  out << wrap(fmt::format("Level: {}. Setting: {}. {} stage(s), {} with every stage.",
                          practice::to_string(routine.level), practice::to_string(routine.setting),
                          routine.stage_count(), format_length(session_length(routine))),
              width, 0);
  out << wrap(routine.summary, width, 0);
  if (!routine.prerequisites.empty()) {
    std::string names;
    for (const auto& id : routine.prerequisites) names += (names.empty() ? "" : ", ") + id;
    out << wrap("Be comfortable with these first: " + names + ".", width, 0);
  }
  std::string dosage = fmt::format("Dosage: {:g} minutes a day, {} days a week",
                                   routine.dosage.minutes_per_day, routine.dosage.days_per_week);
  if (routine.is_intra_oral()) {
    dosage += fmt::format("; {} a week once it is painless", routine.dosage.maintenance_per_week);
  }
  out << wrap(dosage + ".", width, 0);
  if (!routine.checklist.empty()) {
    out << "Before you start:\n";
    for (const auto item : routine.checklist) out << "  - " << practice::label(item) << '\n';
  }
  int stage = 0;
  std::size_t number = 0;
  for (const auto& step : routine.steps) {
    // Steps are in session order; a lower stage after a higher one closes every
    // session from that stage on (e.g. a final settling step).
    if (step.stage > stage) {
      stage = step.stage;
      out << fmt::format("\nStage {}\n", stage);
    } else if (step.stage < stage) {
      stage = step.stage;
      out << fmt::format("\nTo close (every stage from {} on)\n", stage);
    }
    render_step(out, routine, step, ++number, width);
  }
}

void show_routine(const Context& context, CommandResult& result, const std::string& id, bool as_json) {
  const auto catalog = load(context);
  const Routine* routine = catalog.find(id);
  if (routine == nullptr) {
    std::vector<std::string_view> ids;
    for (const auto& known : catalog.routines) ids.push_back(known.id);
    const auto suggestion = practice::closest_match(id, ids);
    *context.err << fmt::format("velum: no routine has the id '{}'", id)
                 << (suggestion.empty() ? std::string(" (run 'velum protocols list' to see them)")
                                        : fmt::format(" (did you mean '{}'?)", suggestion))
                 << '\n';
    result.exit_code = kExitInvalid;
    return;
  }
  if (as_json) {
    *context.out << routine_json(*routine).dump(2) << '\n';
    return;
  }
  render_routine(*context.out, *routine, context.terminal_columns);
}

void check_files(const Context& context, CommandResult& result, const std::vector<std::string>& files) {
  std::vector<practice::Diagnostic> diagnostics;
  practice::Catalog catalog;
  bool unreadable = false;
  std::set<std::string> given;
  for (const auto& file : files) {
    auto loaded = practice::load_routine_file(file);
    unreadable = unreadable || loaded.unreadable;
    std::move(loaded.diagnostics.begin(), loaded.diagnostics.end(), std::back_inserter(diagnostics));
    given.insert(fs::path(file).string());
    if (loaded.routine) {
      catalog.routines.push_back(std::move(*loaded.routine));
      catalog.sources.emplace_back(file);
    }
  }
  // Prerequisites may name bundled routines; load those only when needed, so
  // checking the bundled files themselves reads each file once.
  const bool needs_bundled =
      std::any_of(catalog.routines.begin(), catalog.routines.end(), [&](const Routine& r) {
        return std::any_of(r.prerequisites.begin(), r.prerequisites.end(),
                           [&](const std::string& id) { return catalog.find(id) == nullptr; });
      });
  if (needs_bundled) {
    auto bundled = practice::load_catalog(context.bundled_protocols, std::nullopt);
    for (std::size_t i = 0; i < bundled.routines.size(); ++i) {
      if (catalog.find(bundled.routines[i].id) != nullptr) continue;
      catalog.routines.push_back(std::move(bundled.routines[i]));
      catalog.sources.push_back(bundled.sources[i]);
    }
  }
  practice::check_catalog(catalog);
  for (auto& diagnostic : catalog.diagnostics) {
    if (given.count(diagnostic.file) > 0) diagnostics.push_back(std::move(diagnostic));
  }
  print_diagnostics(*context.out, diagnostics);

  std::set<std::string> files_with_errors;
  std::size_t errors = 0;
  for (const auto& diagnostic : diagnostics) {
    if (diagnostic.severity != practice::Severity::kError) continue;
    ++errors;
    files_with_errors.insert(diagnostic.file);
  }
  const std::size_t warnings = diagnostics.size() - errors;
  std::string summary = fmt::format("{} file{} checked: ", files.size(), files.size() == 1 ? "" : "s");
  if (errors == 0) {
    summary += "no problems found";
  } else {
    summary += fmt::format("{} problem{} in {} file{}", errors, errors == 1 ? "" : "s",
                           files_with_errors.size(), files_with_errors.size() == 1 ? "" : "s");
  }
  if (warnings > 0) summary += fmt::format(", {} warning{}", warnings, warnings == 1 ? "" : "s");
  *context.out << summary << ".\n";
  result.exit_code = unreadable ? kExitUnreadable : errors > 0 ? kExitInvalid : kExitOk;
}

}  // namespace

void add_protocols_command(CLI::App& app, const Context& context, CommandResult& result) {
  auto* protocols = app.add_subcommand("protocols", "The guided routines: list them, read one, check a file");
  protocols->require_subcommand(1);

  auto* list = protocols->add_subcommand("list", "List the routines velum knows");
  CLI::Option* list_json = list->add_flag("--json")->description("Print JSON instead of a table");
  list->callback([&context, list_json] { list_routines(context, list_json->count() > 0); });

  auto* show = protocols->add_subcommand("show", "Show every step of one routine");
  // The parsed values live as long as the callbacks that own them (CLI11 keeps
  // a pointer to each bound variable and a copy of each callback).
  auto id = std::make_shared<std::string>();
  show->add_option("id", *id, "The routine's id (see 'velum protocols list')")->required();
  CLI::Option* show_json = show->add_flag("--json")->description("Print JSON instead of text");
  show->callback(
      [&context, &result, id, show_json] { show_routine(context, result, *id, show_json->count() > 0); });

  auto* check = protocols->add_subcommand("check", "Check routine files and report every problem");
  auto files = std::make_shared<std::vector<std::string>>();
  check->add_option("files", *files, "Routine files (.toml) to check")->required();
  check->callback([&context, &result, files] { check_files(context, result, *files); });
}

}  // namespace velum::cli
