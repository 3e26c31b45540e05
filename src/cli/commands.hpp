#pragma once
// Each subcommand lives in its own file and adds itself to the app here.
// A command's callback sets `exit_code`; main() returns it.

#include <CLI/CLI.hpp>

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
void add_voice_command(CLI::App& app, const Context& context, CommandResult& result);

}  // namespace velum::cli
