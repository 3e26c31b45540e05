// `velum report [--from DATE] [--to DATE] [--sections ...] -o report.html [--pdf]`:
// the clinician-readable report as one self-contained HTML file, or printed to
// PDF through headless Chromium when it is installed.

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include <filesystem>
#include <ostream>

#include "cli/analysis_access.hpp"
#include "cli/journal_access.hpp"
#include "cli/output_file.hpp"
#include "report/html.hpp"

extern char** environ;  // NOLINT: POSIX hands the environment to posix_spawn this way

namespace velum::cli {
namespace {

// Debian's chromium; velum never downloads a browser.
constexpr const char* kChromium = "/usr/bin/chromium";
// Chromium gives up on a page that has not finished loading after this long.
constexpr int kPrintTimeoutMilliseconds = 20000;

struct ReportOptions {
  AnalysisFlags analysis;
  std::vector<std::string> sections;
  std::string output;
  bool pdf = false;
  bool force = false;
};

// Runs Chromium without a shell (no quoting of paths) with its own throwaway
// profile, its chatter sent to /dev/null; returns its exit status or -1.
int print_with_chromium(const std::filesystem::path& html, const std::filesystem::path& pdf,
                        const std::filesystem::path& profile) {
  std::vector<std::string> args{kChromium,
                                "--headless",
                                "--no-sandbox",
                                "--disable-gpu",
                                "--disable-background-networking",
                                "--disable-component-update",
                                "--no-first-run",
                                "--no-pdf-header-footer",
                                fmt::format("--timeout={}", kPrintTimeoutMilliseconds),
                                "--user-data-dir=" + profile.string(),
                                "--print-to-pdf=" + pdf.string(),
                                "file://" + std::filesystem::absolute(html).string()};
  std::vector<char*> argv;
  argv.reserve(args.size() + 1);
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, kChromium, &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) return -1;
  int status = 0;
  if (waitpid(pid, &status, 0) != pid) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void write_pdf(const Context& context, const std::string& html, const std::filesystem::path& output,
               CommandResult& result) {
  if (access(kChromium, X_OK) != 0) {
    return fail(
        context, result, kExitUnreadable,
        fmt::format("printing to PDF needs Chromium at {}, which is not installed; write the HTML report "
                    "instead and print it from any browser",
                    kChromium));
  }
  std::string pattern = (std::filesystem::temp_directory_path() / "velum-report-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    return fail(context, result, kExitUnreadable, "could not create a temporary folder to print the report");
  }
  const std::filesystem::path work = pattern;
  const auto html_file = work / "report.html";
  int status = -1;
  std::string ignored;
  if (write_output_file(html_file, html, ignored))
    status = print_with_chromium(html_file, std::filesystem::absolute(output), work / "profile");
  std::error_code ec;
  std::filesystem::remove_all(work, ec);
  if (status != 0 || !std::filesystem::exists(output) || std::filesystem::file_size(output, ec) == 0) {
    return fail(
        context, result, kExitUnreadable,
        fmt::format("Chromium could not print the report to {}; check the folder exists and is writable, "
                    "or write the HTML report instead",
                    output.string()));
  }
  *context.err << fmt::format("Wrote the report to {}.\n", output.string());
}

void run_report(const Context& context, const ReportOptions& options, CommandResult& result) {
  report::HtmlOptions html_options;
  if (!options.sections.empty()) {
    html_options.sections.clear();
    for (const auto& spelling : options.sections) {
      auto section = report::parse_section(spelling);
      if (!section) {
        return fail(
            context, result, kExitInvalid,
            fmt::format("--sections: '{}' is not a section; choose from summary, pain, wellbeing, safety, "
                        "sessions",
                        spelling));
      }
      html_options.sections.insert(*section);
    }
  }
  // A name ending in .pdf asks for a PDF as clearly as --pdf does.
  const bool pdf = options.pdf || has_extension_of(options.output, pdf_format());
  if (pdf && options.output == "-") {
    return fail(context, result, kExitUnreadable, "--pdf needs a file name with -o, such as -o report.pdf");
  }
  if (const auto refusal =
          check_output_file(options.output, pdf ? pdf_format() : html_format(), options.force);
      !refusal.empty()) {
    return fail(context, result, kExitInvalid, refusal);
  }
  auto loaded = load_analysis(context, options.analysis, result);
  if (!loaded) return;
  const std::string html = report::render_html(loaded->data, loaded->analysis, html_options, loaded->now);
  if (pdf) return write_pdf(context, html, options.output, result);
  if (options.output == "-") {
    *context.out << html;
    return;
  }
  if (std::string error; !write_output_file(options.output, html, error)) {
    return fail(context, result, kExitUnreadable, error);
  }
  *context.err << fmt::format(
      "Wrote the report to {}. It is one file: open it in any browser, or print it.\n", options.output);
}

}  // namespace

void add_report_command(CLI::App& app, const Context& context, CommandResult& result) {
  auto options = std::make_shared<ReportOptions>();
  auto* command =
      app.add_subcommand("report", "Write a one-file report of your journal to share with a clinician");
  add_analysis_options(*command, options->analysis, false);
  command
      ->add_option("--sections", options->sections,
                   "Sections to include: summary, pain, wellbeing, safety, sessions")
      ->delimiter(',');
  command->add_option("-o,--output", options->output, "File to write (report.html, or - for standard output)")
      ->required();
  command->add_flag("--pdf", options->pdf,
                    "Print to PDF with Chromium instead of writing HTML (implied by -o NAME.pdf)");
  command->add_flag("--force", options->force, "Replace the output file if it exists");
  command->callback([&context, &result, options] { run_report(context, *options, result); });
}

}  // namespace velum::cli
