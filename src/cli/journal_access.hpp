#pragma once
// Shared by the journal commands: the --data option, opening the journal with
// one clear line on failure, and parsing the 0–10 ratings and dates people type.

#include <CLI/CLI.hpp>

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "cli/commands.hpp"
#include "journal/store.hpp"

namespace velum::cli {

// A command's `--data DIR` and `--init`, as typed after the command name.
struct DataOptions {
  std::string dir;    // empty: the folder given before the command, or the default
  bool init = false;  // start a new journal in a folder named with --data
};

// Adds `--data DIR` (overrides VELUM_DATA / XDG_DATA_HOME) and `--init` to a
// subcommand. The same two options are accepted before the command name too.
void add_data_option(CLI::App& command, DataOptions& data);
// Adds the same two options to the top-level app, writing into `context`, so
// `velum --data DIR checkin ...` works. Main thread only.
void add_global_data_options(CLI::App& app, Context& context);

// The journal folder a command uses: `data.dir`, else the context's folder.
std::filesystem::path data_folder(const Context& context, const DataOptions& data);

// Whether a journal may be opened in the chosen folder: the default folder
// ($VELUM_DATA or $XDG_DATA_HOME/velum) gets a journal on first use; a folder
// named with --data must already hold one unless --init was given. An empty
// string when it may; otherwise the message saying which path and what to do.
std::string refuse_new_journal(const Context& context, const DataOptions& data);

// Opens the journal in the chosen folder (creating it only where
// refuse_new_journal allows). On failure prints one line to context.err, sets
// the exit code (2: the file cannot be used) and returns nullptr. Main thread only.
std::unique_ptr<journal::Store> open_journal(const Context& context, const DataOptions& data,
                                             CommandResult& result);

// The records from local day `since` (YYYY-MM-DD; empty: all) on, as a query;
// on a malformed day prints one line, sets the exit code and returns nullopt.
std::optional<journal::Query> since_query(const Context& context, const std::string& since,
                                          const journal::Timestamp& now, CommandResult& result);

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

// How far before the journal's first entry a new entry may be dated without
// --force: older dates are almost always a typo (1900 for 2026), and one such
// entry skews every trend.
inline constexpr std::chrono::days kPlausibleLeadDays{365};

// Whether an entry may be dated `when`: "" when it may (or `force` is set),
// otherwise the message naming the date, the journal's first day, and --force.
// The first day is that of the earliest check-in or session, or today for an
// empty journal. `ignore_checkin_id` leaves out the check-in being edited.
// Reads the journal; main thread only.
std::string check_plausible_date(journal::Store& store, journal::Timestamp when, journal::Timestamp now,
                                 bool force, const std::string& ignore_checkin_id = {});

}  // namespace velum::cli
