// `velum patterns list [--json]`: the breath pattern presets.

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <ostream>

#include "cli/commands.hpp"
#include "practice/breath.hpp"

namespace velum::cli {
namespace {

nlohmann::json to_json(const practice::BreathPattern& pattern) {
  return {{"name", pattern.name},
          {"title", pattern.title},
          {"inhale_seconds", pattern.inhale.count()},
          {"hold_in_seconds", pattern.hold_in.count()},
          {"exhale_seconds", pattern.exhale.count()},
          {"hold_out_seconds", pattern.hold_out.count()},
          {"breaths_per_minute", pattern.breaths_per_minute()}};
}

void list_patterns(const Context& context, bool as_json) {
  std::ostream& out = *context.out;
  const auto presets = practice::preset_patterns();
  if (as_json) {
    auto array = nlohmann::json::array();
    for (const auto& pattern : presets) array.push_back(to_json(pattern));
    out << array.dump(2) << '\n';
    return;
  }
  out << fmt::format("{:<15} {:>22}  {:>9}  {}\n", "NAME", "IN-HOLD-OUT-HOLD (s)", "BREATHS", "DESCRIPTION");
  for (const auto& pattern : presets) {
    const auto phases = fmt::format("{:g}-{:g}-{:g}-{:g}", pattern.inhale.count(), pattern.hold_in.count(),
                                    pattern.exhale.count(), pattern.hold_out.count());
    out << fmt::format("{:<15} {:>22}  {:>6.1f}/m  {}\n", pattern.name, phases, pattern.breaths_per_minute(),
                       pattern.title);
  }
}

}  // namespace

void add_patterns_command(CLI::App& app, const Context& context, CommandResult& /*result*/) {
  auto* patterns = app.add_subcommand("patterns", "Breath patterns for the pacer and the routines");
  patterns->require_subcommand(1);
  auto* list = patterns->add_subcommand("list", "List the breath pattern presets");
  CLI::Option* as_json = list->add_flag("--json")->description("Print JSON instead of a table");
  list->callback([&context, as_json] { list_patterns(context, as_json->count() > 0); });
}

}  // namespace velum::cli
