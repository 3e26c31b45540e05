#include "cli/analysis_access.hpp"

#include <fmt/format.h>

#include "cli/journal_access.hpp"

namespace velum::cli {
namespace {

std::optional<std::chrono::sys_days> parse_day(const std::string& text, std::string_view flag,
                                               std::string& error) {
  auto day = journal::parse_date_text(text);
  if (!day) {
    error = fmt::format("{} must be a calendar day written YYYY-MM-DD, got '{}'", flag, text);
    return std::nullopt;
  }
  return std::chrono::sys_days{*day};
}

std::optional<report::AnalysisOptions> options_from(const AnalysisFlags& flags, std::string& error) {
  report::AnalysisOptions options;
  if (!flags.from.empty()) {
    options.from = parse_day(flags.from, "--from", error);
    if (!options.from) return std::nullopt;
  }
  if (!flags.to.empty()) {
    options.to = parse_day(flags.to, "--to", error);
    if (!options.to) return std::nullopt;
  }
  if (options.from && options.to && *options.to < *options.from) {
    error = fmt::format("--to {} is before --from {}; give the earlier day first", flags.to, flags.from);
    return std::nullopt;
  }
  if (!flags.region.empty()) {
    options.region = journal::parse_region(flags.region);
    if (!options.region) {
      const auto near = journal::closest_spelling(flags.region, journal::region_spellings());
      error = fmt::format(
          "--region '{}' is not a region{}; the regions are soft-palate, nasopharynx, throat, nose, "
          "face-jaw, ears",
          flags.region, near ? fmt::format(" (did you mean '{}'?)", *near) : std::string());
      return std::nullopt;
    }
  }
  auto rule = report::parse_daily_rule(flags.rule);
  if (!rule) {
    error = fmt::format("--rule must be mean or max (or min, last), got '{}'", flags.rule);
    return std::nullopt;
  }
  options.rule = *rule;
  if (!flags.baseline_end.empty()) {
    options.baseline_end = parse_day(flags.baseline_end, "--baseline-end", error);
    if (!options.baseline_end) return std::nullopt;
  }
  for (const auto& phase : flags.phases) {
    const auto equals = phase.find('=');
    const auto kind = report::parse_phase_kind(phase.substr(0, std::min(equals, phase.size())));
    if (equals == std::string::npos || !kind) {
      error = fmt::format(
          "--phase must be maintenance=YYYY-MM-DD, pause=YYYY-MM-DD or practice=YYYY-MM-DD, got '{}'", phase);
      return std::nullopt;
    }
    auto start = parse_day(phase.substr(equals + 1), "--phase", error);
    if (!start) return std::nullopt;
    options.later_phases.push_back({*kind, *start});
  }
  return options;
}

}  // namespace

void add_analysis_options(CLI::App& command, AnalysisFlags& flags, bool with_region) {
  command.add_option("--from", flags.from, "First day to include, YYYY-MM-DD");
  command.add_option("--to", flags.to, "Last day to include, YYYY-MM-DD");
  if (with_region)
    command.add_option("--region", flags.region, "Only this region (e.g. throat, soft-palate)");
  command.add_option("--rule", flags.rule, "How several ratings on one day combine: mean (default) or max");
  command.add_option(
      "--baseline-end", flags.baseline_end,
      "Last day of your baseline, if you declared one (default: the day before your first session)");
  command.add_option("--phase", flags.phases, "A later phase: maintenance=DATE, pause=DATE or practice=DATE");
  add_data_option(command, flags.data_dir);
}

std::optional<LoadedAnalysis> load_analysis(const Context& context, const AnalysisFlags& flags,
                                            CommandResult& result) {
  std::string error;
  auto options = options_from(flags, error);
  if (!options) {
    fail(context, result, kExitInvalid, error);
    return std::nullopt;
  }
  auto store = open_journal(context, flags.data_dir, result);
  if (!store) return std::nullopt;
  auto data = store->export_all();
  if (!data) {
    fail(context, result, exit_code_for(data.error()), data.error().message);
    return std::nullopt;
  }
  LoadedAnalysis loaded;
  loaded.now = journal::system_now();
  loaded.data = std::move(*data);
  const std::chrono::sys_days today{journal::local_date(loaded.now)};
  loaded.analysis = report::analyze(loaded.data, *options, today);
  return loaded;
}

}  // namespace velum::cli
