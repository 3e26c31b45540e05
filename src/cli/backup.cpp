// `velum backup FILE`: a consistent copy of the journal, safe while another
// velum writes (SQLite's online backup). Refuses to replace a file unless --force.

#include <fmt/format.h>

#include <ostream>

#include "cli/journal_access.hpp"
#include "cli/output_file.hpp"

namespace velum::cli {
namespace {

struct BackupOptions {
  std::string file;
  bool force = false;
  DataOptions data_dir;
};

void run_backup(const Context& context, const BackupOptions& options, CommandResult& result) {
  if (options.file == "-") {
    return fail(context, result, kExitUnreadable, "backup writes a database file; give a file name, not -");
  }
  if (const auto refusal = check_output_file(options.file, sqlite_format(), options.force);
      !refusal.empty()) {
    return fail(context, result, kExitInvalid, refusal);
  }
  auto store = open_journal(context, options.data_dir, result);
  if (!store) return;
  if (auto done = store->backup_to(options.file, options.force); !done) {
    return fail(context, result, exit_code_for(done.error()), done.error().message);
  }
  *context.out << fmt::format("Backed up the journal to {}.\n", options.file);
}

}  // namespace

void add_backup_command(CLI::App& app, const Context& context, CommandResult& result) {
  auto options = std::make_shared<BackupOptions>();
  auto* command = app.add_subcommand("backup", "Copy the journal to a file, safely, even while velum runs");
  command->add_option("FILE", options->file, "Where to write the copy")->required();
  command->add_flag("--force", options->force, "Replace FILE if it exists");
  add_data_option(*command, options->data_dir);
  command->callback([&context, &result, options] { run_backup(context, *options, result); });
}

}  // namespace velum::cli
