#include "cli/context.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <string>

#ifndef VELUM_PROTOCOL_DIR
#error "VELUM_PROTOCOL_DIR must be defined by the build"
#endif

namespace velum::cli {
namespace {

std::optional<std::string> env(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

std::filesystem::path xdg_data_home() {
  if (auto xdg = env("XDG_DATA_HOME")) return *xdg;
  if (auto home = env("HOME")) return std::filesystem::path(*home) / ".local" / "share";
  return std::filesystem::current_path();
}

int detect_columns() {
  if (auto columns = env("COLUMNS")) {
    try {
      int value = std::stoi(*columns);
      if (value >= 20 && value <= 1000) return value;
    } catch (const std::exception&) {
      // Not a number: fall through to the terminal or the default.
    }
  }
  winsize size{};
  if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col >= 20) {
    return size.ws_col;
  }
  return 80;
}

}  // namespace

Context context_from_environment(std::ostream& out, std::ostream& err) {
  Context context;
  context.bundled_protocols = env("VELUM_PROTOCOLS").value_or(VELUM_PROTOCOL_DIR);
  const auto data_root = xdg_data_home() / "velum";
  context.user_protocols = data_root / "protocols";
  context.data_dir = env("VELUM_DATA").has_value() ? std::filesystem::path(*env("VELUM_DATA")) : data_root;
  context.out = &out;
  context.err = &err;
  context.terminal_columns = detect_columns();
  return context;
}

}  // namespace velum::cli
