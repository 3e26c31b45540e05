#pragma once
// Test helper: runs the built `velum` binary with arguments and an optional
// environment, capturing its exit code, standard output and standard error.

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace velum::cli {

struct VelumRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs VELUM_BINARY with `args`; `env` entries are added to the environment
// (an empty value unsets the variable). Standard input is `input` when given,
// else /dev/null.
VelumRun run_velum(const std::vector<std::string>& args, const std::map<std::string, std::string>& env = {},
                   const std::optional<std::string>& input = std::nullopt);

}  // namespace velum::cli
