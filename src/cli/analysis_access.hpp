#pragma once
// Shared by `velum stats` and `velum report`: the options that choose what is
// analysed (window, region, daily rule, baseline, later phases) and loading it.

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/journal_access.hpp"
#include "journal/store.hpp"
#include "report/analysis.hpp"

namespace velum::cli {

struct AnalysisFlags {
  std::string from;    // YYYY-MM-DD
  std::string to;      // YYYY-MM-DD
  std::string region;  // a region spelling
  std::string rule = "mean";
  std::string baseline_end;         // YYYY-MM-DD, last baseline day
  std::vector<std::string> phases;  // "maintenance=YYYY-MM-DD"
  DataOptions data_dir;
};

// Adds --from, --to, --rule, --baseline-end, --phase and --data; --region when `with_region`.
void add_analysis_options(CLI::App& command, AnalysisFlags& flags, bool with_region);

struct LoadedAnalysis {
  journal::JournalData data;
  report::Analysis analysis;
  journal::Timestamp now;
};

// Parses the flags, opens the journal and runs the analysis. On a bad flag or
// an unreadable journal prints one line, sets the exit code and returns nullopt.
std::optional<LoadedAnalysis> load_analysis(const Context& context, const AnalysisFlags& flags,
                                            CommandResult& result);

}  // namespace velum::cli
