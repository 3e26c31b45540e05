// `velum import FILE`: reads a JSON export back. Every record is checked first;
// any problem lists the line or field at fault and nothing is stored. Records
// already in the journal (same id) are reported and left as they are.

#include <fmt/format.h>

#include <fstream>
#include <ostream>
#include <sstream>

#include "cli/journal_access.hpp"
#include "journal/exchange.hpp"

namespace velum::cli {
namespace {

// An export of ten years of daily entries is a few megabytes; far beyond that
// is not an export file.
constexpr std::uintmax_t kMaxImportBytes = std::uintmax_t{256} * 1024 * 1024;

struct ImportOptions {
  std::string file;
  DataOptions data_dir;
};

void run_import(const Context& context, const ImportOptions& options, CommandResult& result) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(options.file, ec);
  if (ec)
    return fail(context, result, kExitUnreadable,
                fmt::format("cannot read {}: {}", options.file, ec.message()));
  if (size > kMaxImportBytes) {
    return fail(context, result, kExitInvalid,
                fmt::format("{} is {} bytes, too large for a velum export", options.file, size));
  }
  std::ifstream in(options.file, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  if (!in) return fail(context, result, kExitUnreadable, fmt::format("cannot read {}", options.file));

  const auto parsed = journal::parse_export_json(buffer.str());
  if (!parsed.problems.empty()) {
    *context.err << fmt::format("velum: {} cannot be imported; nothing was changed:\n", options.file);
    for (const auto& problem : parsed.problems)
      *context.err << "  " << options.file << ": " << problem << '\n';
    result.exit_code = kExitInvalid;
    return;
  }
  auto store = open_journal(context, options.data_dir, result);
  if (!store) return;
  auto report = store->import_all(parsed.data);
  if (!report)
    return fail(context, result, exit_code_for(report.error()),
                report.error().message + "; nothing was changed");
  *context.out << fmt::format("Imported {} records.", report->added);
  if (report->already_present > 0) {
    *context.out << fmt::format(
        " {} records were already in the journal (same id) and were left as they are.",
        report->already_present);
  }
  *context.out << '\n';
}

}  // namespace

void add_import_command(CLI::App& app, const Context& context, CommandResult& result) {
  auto options = std::make_shared<ImportOptions>();
  auto* command = app.add_subcommand("import", "Read a JSON file written by 'velum export --json'");
  command->add_option("FILE", options->file, "The export file")->required();
  add_data_option(*command, options->data_dir);
  command->callback([&context, &result, options] { run_import(context, *options, result); });
}

}  // namespace velum::cli
