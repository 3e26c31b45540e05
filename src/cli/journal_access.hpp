#pragma once
// Shared by the journal commands: the --data option, opening the journal with
// one clear line on failure, and parsing the 0–10 ratings and dates people type.

#include <CLI/CLI.hpp>

#include <memory>
#include <optional>
#include <string>

#include "cli/commands.hpp"
#include "journal/store.hpp"

namespace velum::cli {

// Adds `--data DIR` (overrides VELUM_DATA / XDG_DATA_HOME) to a subcommand.
void add_data_option(CLI::App& command, std::string& data_dir);

// Opens (creating when needed) the journal in `data_override` or the context's
// data folder. On failure prints one line to context.err, sets the exit code
// (2: the file cannot be used) and returns nullptr. Main thread only.
std::unique_ptr<journal::Store> open_journal(const Context& context, const std::string& data_override,
                                             CommandResult& result);

// Prints "velum: <message>" and sets `exit_code`.
void fail(const Context& context, CommandResult& result, int exit_code, const std::string& message);

// Exit code for a store error: bad records are invalid input (1), everything
// about the file itself is 2.
int exit_code_for(const velum::Error& error);

// Parses a whole number in [min, max]; nullopt on anything else (" 3", "3.5", "x").
std::optional<int> parse_whole_number(const std::string& text, int min, int max);

// A local timestamp for "on this day": now when `date` is today, otherwise noon
// that day at the current local offset. Future days and malformed text → an
// error message. `date` is "YYYY-MM-DD".
std::optional<journal::Timestamp> timestamp_for_date(const std::string& date, journal::Timestamp now,
                                                     std::string& error);

}  // namespace velum::cli
