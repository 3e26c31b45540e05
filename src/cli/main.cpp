// The `velum` command: builds the CLI from its subcommands and is the one place
// where unexpected exceptions are caught and turned into an exit code.

#include <cstddef>
#include <exception>
#include <iostream>
#include <span>

#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "cli/journal_access.hpp"
#include "cli/parse_errors.hpp"

namespace {

constexpr int kExitSoftware = 70;  // EX_SOFTWARE: a bug, not the person's input

int run(int argc, char** argv) {
  using namespace velum::cli;
  CLI::App app{"velum — guided, paced and measured soft-palate and nasopharynx release"};
  app.require_subcommand(0, 1);
  app.fallthrough(false);

  // Not const: `velum --data DIR` before the command writes into it, and the
  // commands read it only after parsing ends.
  Context context = context_from_environment(std::cout, std::cerr);
  CommandResult result;
  add_version_flag(app);
  add_global_data_options(app, context);
  add_commands_for(app, std::span<const char* const>(argv + 1, static_cast<std::size_t>(argc - 1)), context,
                   result);

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
    std::cerr << describe_parse_error(app, error);
    return kExitUnreadable;
  } catch (const std::exception& error) {
    std::cerr << "velum: unexpected error: " << error.what()
              << "\nNothing was changed. Please report this with the command you ran.\n";
    return kExitSoftware;
  }
  return result.exit_code;
}

}  // namespace

// Building the commands can throw too (out of memory, a CLI11 misuse): nothing
// escapes main unreported.
int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& error) {
    std::cerr << "velum: unexpected error: " << error.what() << '\n';
  } catch (...) {
    std::cerr << "velum: unexpected error\n";
  }
  return kExitSoftware;
}
