#pragma once
// What every subcommand needs from its surroundings: where routines and data
// live, and where to write. Built once in main() from flags and environment,
// so commands never read the environment themselves (tests pass their own).

#include <filesystem>
#include <iosfwd>
#include <optional>

namespace velum::cli {

struct Context {
  std::filesystem::path bundled_protocols;              // protocols/ shipped with velum
  std::optional<std::filesystem::path> user_protocols;  // $XDG_DATA_HOME/velum/protocols
  std::filesystem::path data_dir;                       // journal and settings
  // True when data_dir was named on the command line (`velum --data DIR cmd`)
  // rather than taken from the environment: such a folder must already hold a
  // journal unless `init` is set, so a typo never starts an empty journal.
  bool data_dir_named = false;
  bool init = false;  // `--init`: start a new journal in a named folder
  std::ostream* out = nullptr;
  std::ostream* err = nullptr;
  int terminal_columns = 80;
};

// Exit codes shared by every command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitInvalid = 1;     // input understood but wrong (invalid routine, bad value)
inline constexpr int kExitUnreadable = 2;  // usage error, or a file that cannot be read

// Builds the context from the process environment (XDG_DATA_HOME, HOME,
// VELUM_DATA, VELUM_PROTOCOLS, COLUMNS). Main thread only.
Context context_from_environment(std::ostream& out, std::ostream& err);

}  // namespace velum::cli
