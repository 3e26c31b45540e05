#pragma once
// Turns a command-line parse failure into one plain message: what was not
// understood, the closest correct spelling, and which command's --help to read.

#include <CLI/CLI.hpp>

#include <string>

namespace velum::cli {

// The message for `error`, raised while parsing into `app` (the top-level
// app). A mistyped command or option ("sesion", "--pian") gets the closest
// spelling the command accepts, within two edits; the hint names the help of
// the deepest command reached ("velum protocols --help"). Lines end in '\n';
// each starts "velum: " or "(". Main thread only.
std::string describe_parse_error(const CLI::App& app, const CLI::ParseError& error);

}  // namespace velum::cli
