// The `velum` command: builds the CLI from its subcommands and is the one place
// where unexpected exceptions are caught and turned into an exit code.

#include <exception>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/context.hpp"

int main(int argc, char** argv) {
  using namespace velum::cli;
  CLI::App app{"velum — guided, paced and measured soft-palate and nasopharynx release"};
  app.require_subcommand(0, 1);
  app.fallthrough(false);

  const Context context = context_from_environment(std::cout, std::cerr);
  CommandResult result;
  add_version_flag(app);
  add_welcome_command(app, context, result);
  add_patterns_command(app, context, result);
  add_protocols_command(app, context, result);
  add_pace_command(app, context, result);
  add_timeline_command(app, context, result);
  add_checkin_command(app, context, result);
  add_log_command(app, context, result);
  add_history_command(app, context, result);
  add_export_command(app, context, result);
  add_import_command(app, context, result);
  add_backup_command(app, context, result);
  add_render_command(app, context, result);
  add_screen_command(app, context, result);
  add_plan_command(app, context, result);
  add_session_command(app, context, result);
  add_serve_command(app, context, result);
  add_voice_command(app, context, result);

  try {
    app.parse(argc, argv);
    if (app.get_subcommands().empty()) {
      std::cout << app.help();
    }
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return kExitOk;
  } catch (const CLI::CallForAllHelp&) {
    std::cout << app.help("", CLI::AppFormatMode::All);
    return kExitOk;
  } catch (const CLI::CallForVersion& version) {
    std::cout << version.what() << '\n';
    return kExitOk;
  } catch (const CLI::ParseError& error) {
    std::cerr << "velum: " << error.what() << "\n(run 'velum --help' to see the commands and options)\n";
    return kExitUnreadable;
  } catch (const std::exception& error) {
    std::cerr << "velum: unexpected error: " << error.what()
              << "\nNothing was changed. Please report this with the command you ran.\n";
    return 70;  // EX_SOFTWARE
  }
  return result.exit_code;
}
