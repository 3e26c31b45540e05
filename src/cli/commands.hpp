#pragma once
// Each subcommand lives in its own file and adds itself to the app here.
// A command's callback sets `exit_code`; main() returns it.

#include <CLI/CLI.hpp>

#include <span>
#include <string_view>

#include "cli/context.hpp"

namespace velum::cli {

struct CommandResult {
  int exit_code = kExitOk;
};

void add_version_flag(CLI::App& app);
void add_welcome_command(CLI::App& app, const Context& context, CommandResult& result);
void add_protocols_command(CLI::App& app, const Context& context, CommandResult& result);
void add_patterns_command(CLI::App& app, const Context& context, CommandResult& result);
void add_pace_command(CLI::App& app, const Context& context, CommandResult& result);
void add_timeline_command(CLI::App& app, const Context& context, CommandResult& result);
void add_checkin_command(CLI::App& app, const Context& context, CommandResult& result);
void add_log_command(CLI::App& app, const Context& context, CommandResult& result);
void add_history_command(CLI::App& app, const Context& context, CommandResult& result);
void add_export_command(CLI::App& app, const Context& context, CommandResult& result);
void add_import_command(CLI::App& app, const Context& context, CommandResult& result);
void add_backup_command(CLI::App& app, const Context& context, CommandResult& result);
void add_render_command(CLI::App& app, const Context& context, CommandResult& result);
void add_screen_command(CLI::App& app, const Context& context, CommandResult& result);
void add_plan_command(CLI::App& app, const Context& context, CommandResult& result);
void add_session_command(CLI::App& app, const Context& context, CommandResult& result);
void add_serve_command(CLI::App& app, const Context& context, CommandResult& result);
void add_devices_command(CLI::App& app, const Context& context, CommandResult& result);
void add_stats_command(CLI::App& app, const Context& context, CommandResult& result);
void add_report_command(CLI::App& app, const Context& context, CommandResult& result);
void add_remind_command(CLI::App& app, const Context& context, CommandResult& result);
void add_study_command(CLI::App& app, const Context& context, CommandResult& result);
void add_voice_command(CLI::App& app, const Context& context, CommandResult& result);

// A top-level command: its name on the command line and the function that adds it.
struct CommandEntry {
  std::string_view name;
  void (*add)(CLI::App& app, const Context& context, CommandResult& result);
};

// Every top-level command, in the order `velum --help` lists them.
std::span<const CommandEntry> all_commands();

// Adds to `app` the commands that parsing `args` (argv without the program
// name) can reach. Building every command's options is most of velum's own
// start-up work, so: only the command the first word after the options taken
// before a command (--data DIR, --init) names, when it names one; none
// for a bare `--version`; all of them otherwise (no command, help, a typo),
// because those print the full list.
void add_commands_for(CLI::App& app, std::span<const char* const> args, const Context& context,
                      CommandResult& result);

}  // namespace velum::cli
