#include "cli/commands.hpp"

#ifndef VELUM_VERSION
#error "VELUM_VERSION must be defined by the build"
#endif

namespace velum::cli {

void add_version_flag(CLI::App& app) {
  app.set_version_flag("--version", "velum " VELUM_VERSION, "Print the version and exit");
}

}  // namespace velum::cli
