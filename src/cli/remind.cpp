// `velum remind --ics FILE [--days mon,tue,... --time HH:MM]`: the practice week
// as an iCalendar file with a weekly recurring reminder, for any calendar app.

#include <fmt/format.h>

#include <ostream>

#include "cli/journal_access.hpp"
#include "cli/output_file.hpp"
#include "report/calendar.hpp"

namespace velum::cli {
namespace {

struct RemindOptions {
  std::string ics_file;
  std::string days = "mon,tue,wed,thu,fri";
  std::string time = "21:00";
  int minutes = report::kDefaultReminderMinutes;
  bool force = false;
};

constexpr int kMaxMinutes = 120;

void run_remind(const Context& context, const RemindOptions& options, CommandResult& result) {
  std::string error;
  auto days = report::parse_days(options.days, error);
  if (!days) return fail(context, result, kExitInvalid, "--days: " + error);
  auto time = report::parse_time_of_day(options.time);
  if (!time) {
    return fail(
        context, result, kExitInvalid,
        fmt::format("--time must be a 24-hour time written HH:MM, such as 21:00, got '{}'", options.time));
  }
  if (options.minutes < 1 || options.minutes > kMaxMinutes) {
    return fail(context, result, kExitInvalid,
                fmt::format("--minutes must be from 1 to {}, got {}", kMaxMinutes, options.minutes));
  }
  if (const auto refusal = check_output_file(options.ics_file, ics_format(), options.force);
      !refusal.empty()) {
    return fail(context, result, kExitInvalid, refusal);
  }
  report::ReminderPlan plan;
  plan.days = *days;
  plan.time_of_day = *time;
  plan.duration_minutes = options.minutes;
  const auto now = journal::system_now();
  const std::string text =
      report::reminder_calendar(plan, std::chrono::sys_days{journal::local_date(now)}, now);
  if (options.ics_file == "-") {
    *context.out << text;
    return;
  }
  if (!write_output_file(options.ics_file, text, error)) return fail(context, result, kExitUnreadable, error);
  *context.err << fmt::format(
      "Wrote {} reminders a week at {} to {}. Open it with your calendar app to add them.\n", days->size(),
      options.time, options.ics_file);
}

}  // namespace

void add_remind_command(CLI::App& app, const Context& context, CommandResult& result) {
  auto options = std::make_shared<RemindOptions>();
  auto* command = app.add_subcommand("remind", "Write your practice days as a calendar file with reminders");
  command->add_option("--ics", options->ics_file, "Calendar file to write (.ics), or - for standard output")
      ->required();
  command->add_option("--days", options->days, "Days of the week, e.g. mon,tue,wed,thu,fri (the default)");
  command->add_option("--time", options->time, "Local time of the reminder, HH:MM (default 21:00)");
  command->add_option("--minutes", options->minutes, "Length of the calendar event in minutes (default 5)");
  command->add_flag("--force", options->force, "Replace the calendar file if it exists");
  command->callback([&context, &result, options] { run_remind(context, *options, result); });
}

}  // namespace velum::cli
