// The table of top-level commands and the choice of which to build for a run.

#include <array>
#include <string_view>

#include "cli/commands.hpp"

namespace velum::cli {
namespace {

constexpr std::array kCommands{
    CommandEntry{"welcome", add_welcome_command},
    CommandEntry{"patterns", add_patterns_command},
    CommandEntry{"protocols", add_protocols_command},
    CommandEntry{"pace", add_pace_command},
    CommandEntry{"timeline", add_timeline_command},
    CommandEntry{"checkin", add_checkin_command},
    CommandEntry{"log", add_log_command},
    CommandEntry{"history", add_history_command},
    CommandEntry{"export", add_export_command},
    CommandEntry{"import", add_import_command},
    CommandEntry{"backup", add_backup_command},
    CommandEntry{"render", add_render_command},
    CommandEntry{"screen", add_screen_command},
    CommandEntry{"plan", add_plan_command},
    CommandEntry{"session", add_session_command},
    CommandEntry{"serve", add_serve_command},
    CommandEntry{"devices", add_devices_command},
    CommandEntry{"stats", add_stats_command},
    CommandEntry{"report", add_report_command},
    CommandEntry{"remind", add_remind_command},
    CommandEntry{"study", add_study_command},
    CommandEntry{"voice", add_voice_command},
};

}  // namespace

std::span<const CommandEntry> all_commands() { return kCommands; }

void add_commands_for(CLI::App& app, std::span<const char* const> args, const Context& context,
                      CommandResult& result) {
  if (args.size() == 1 && std::string_view(args[0]) == "--version") return;
  // Options accepted before the command name (`velum --data DIR checkin`).
  std::size_t first = 0;
  while (first < args.size()) {
    const std::string_view arg = args[first];
    if (arg == "--data") {
      first += 2;
    } else if (arg == "--init" || arg.starts_with("--data=")) {
      first += 1;
    } else {
      break;
    }
  }
  if (first < args.size()) {
    for (const CommandEntry& command : kCommands) {
      if (command.name == args[first]) {
        command.add(app, context, result);
        return;
      }
    }
  }
  for (const CommandEntry& command : kCommands) command.add(app, context, result);
}

}  // namespace velum::cli
