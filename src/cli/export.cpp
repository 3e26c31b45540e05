// `velum export --json FILE|-`, `velum export --csv DIR` and `velum export --fhir FILE|-`:
// the whole journal as one JSON file (read back by `velum import`), one CSV table
// per record type, or a FHIR R4 Bundle for clinical systems.

#include <fmt/format.h>

#include <ostream>

#include "cli/journal_access.hpp"
#include "cli/output_file.hpp"
#include "journal/exchange.hpp"
#include "report/fhir.hpp"

namespace velum::cli {
namespace {

struct ExportOptions {
  std::string json_file;
  std::string csv_dir;
  std::string fhir_file;
  bool force = false;
  DataOptions data_dir;
};

// The rule every written file follows, checked before the journal is read:
// for --csv, each table the export would write into the folder.
std::string check_targets(const ExportOptions& options) {
  if (!options.json_file.empty()) return check_output_file(options.json_file, json_format(), options.force);
  if (!options.fhir_file.empty()) return check_output_file(options.fhir_file, json_format(), options.force);
  for (const auto& [name, content] : journal::export_csv({})) {
    if (auto refusal =
            check_output_file(std::filesystem::path(options.csv_dir) / name, csv_format(), options.force);
        !refusal.empty()) {
      return refusal;
    }
  }
  return {};
}

// Text stored by a version that did not check UTF-8 is exported with U+FFFD;
// the person hears which fields, so nothing changes silently.
void say_replaced_text(const Context& context, const journal::JournalData& data) {
  const auto fields = journal::invalid_text_fields(data);
  if (fields.empty()) return;
  std::string list;
  for (const auto& field : fields) list += (list.empty() ? "" : ", ") + field;
  *context.err << fmt::format(
      "velum: {} stored text field{} held bytes that are not UTF-8 ({}); the export shows them as the "
      "replacement character \uFFFD. Edit or delete those records to correct them.\n",
      fields.size(), fields.size() == 1 ? "" : "s", list);
}

void run_export(const Context& context, const ExportOptions& options, CommandResult& result) {
  const int chosen = static_cast<int>(!options.json_file.empty()) +
                     static_cast<int>(!options.csv_dir.empty()) +
                     static_cast<int>(!options.fhir_file.empty());
  if (chosen != 1) {
    return fail(context, result, kExitUnreadable,
                "export needs exactly one of --json FILE (or -), --csv DIR and --fhir FILE (or -)");
  }
  if (const auto refusal = check_targets(options); !refusal.empty()) {
    return fail(context, result, kExitInvalid, refusal);
  }
  auto store = open_journal(context, options.data_dir, result);
  if (!store) return;
  auto data = store->export_all();
  if (!data) return fail(context, result, exit_code_for(data.error()), data.error().message);
  if (options.csv_dir.empty()) say_replaced_text(context, *data);

  std::string error;
  if (!options.fhir_file.empty()) {
    // The journal's own pseudonym: every export of it names the same Patient,
    // as its Observation ids stay the same too.
    const auto pseudonym = store->pseudonym();
    if (!pseudonym) return fail(context, result, exit_code_for(pseudonym.error()), pseudonym.error().message);
    const auto text =
        report::export_fhir(*data, {*pseudonym, std::string(journal::kDefaultUser)}, journal::system_now());
    if (options.fhir_file == "-") {
      *context.out << text;
      return;
    }
    if (!write_output_file(options.fhir_file, text, error))
      return fail(context, result, kExitUnreadable, error);
    *context.err << fmt::format(
        "Exported {} sessions and the pain ratings of {} check-ins as a FHIR R4 Bundle to {}.\n",
        data->sessions.size(), data->checkins.size(), options.fhir_file);
    return;
  }
  if (!options.json_file.empty()) {
    const auto text = journal::export_json(*data, journal::system_now());
    if (options.json_file == "-") {
      *context.out << text;
      return;
    }
    if (!write_output_file(options.json_file, text, error))
      return fail(context, result, kExitUnreadable, error);
    *context.err << fmt::format("Exported {} sessions and {} check-ins to {}.\n", data->sessions.size(),
                                data->checkins.size(), options.json_file);
    return;
  }
  std::error_code ec;
  std::filesystem::create_directories(options.csv_dir, ec);
  if (ec) {
    return fail(context, result, kExitUnreadable,
                fmt::format("could not create the folder {}: {}", options.csv_dir, ec.message()));
  }
  for (const auto& [name, content] : journal::export_csv(*data)) {
    if (!write_output_file(std::filesystem::path(options.csv_dir) / name, content, error)) {
      return fail(context, result, kExitUnreadable, error);
    }
  }
  *context.err << fmt::format("Exported the journal as CSV tables into {}.\n", options.csv_dir);
}

}  // namespace

void add_export_command(CLI::App& app, const Context& context, CommandResult& result) {
  auto options = std::make_shared<ExportOptions>();
  auto* command = app.add_subcommand(
      "export", "Write the whole journal as JSON (for import), CSV tables or a FHIR R4 Bundle");
  auto* json =
      command->add_option("--json", options->json_file, "JSON file to write, or - for standard output");
  auto* csv = command->add_option("--csv", options->csv_dir, "Folder for one CSV table per record type");
  auto* fhir = command->add_option(
      "--fhir", options->fhir_file,
      "FHIR R4 Bundle (JSON) to write, or - for standard output; the person is a pseudonym");
  command->add_flag("--force", options->force, "Replace files that already exist");
  json->excludes(csv);
  fhir->excludes(json);
  fhir->excludes(csv);
  add_data_option(*command, options->data_dir);
  command->callback([&context, &result, options] { run_export(context, *options, result); });
}

}  // namespace velum::cli
