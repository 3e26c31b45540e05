// `velum log`: records a session done without the app (from memory, after the
// fact), with its overall pain, so the journal and the trends stay complete.

#include <fmt/format.h>

#include <algorithm>
#include <ostream>

#include "cli/journal_access.hpp"
#include "journal/records.hpp"
#include "practice/diagnostic.hpp"
#include "practice/loader.hpp"

namespace velum::cli {
namespace {

// docs/protocol-format.md: routine ids are [a-z0-9-], 2–64 characters.
constexpr std::size_t kMinRoutineIdLength = 2;
constexpr std::size_t kMaxRoutineIdLength = 64;
// A logged session longer than this is almost surely a typo (the core routine is ~5 minutes).
constexpr int kMaxLoggedMinutes = 240;

struct LogOptions {
  std::string routine;
  std::string pain;
  std::string date;
  std::string minutes;
  bool force = false;  // accept a date long before the journal's first entry
  DataOptions data_dir;
};

bool well_formed_routine_id(const std::string& id) {
  return id.size() >= kMinRoutineIdLength && id.size() <= kMaxRoutineIdLength &&
         std::all_of(id.begin(), id.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

void run_log(const Context& context, const LogOptions& options, CommandResult& result) {
  if (!well_formed_routine_id(options.routine)) {
    return fail(
        context, result, kExitInvalid,
        fmt::format("--routine must be a routine id of 2–64 lowercase letters, digits or '-', got '{}'",
                    options.routine));
  }
  // The id must name an installed routine; with none installed at all (a bare
  // build), a well-formed id is accepted so past sessions can still be noted.
  const auto catalog = practice::load_catalog(context.bundled_protocols, context.user_protocols);
  const practice::Routine* routine = catalog.find(options.routine);
  if (routine == nullptr && !catalog.routines.empty()) {
    std::vector<std::string_view> ids;
    for (const auto& known : catalog.routines) ids.push_back(known.id);
    const auto suggestion = practice::closest_match(options.routine, ids);
    return fail(context, result, kExitInvalid,
                fmt::format("no routine has the id '{}'{}", options.routine,
                            suggestion.empty() ? std::string(" (run 'velum protocols list' to see them)")
                                               : fmt::format(" (did you mean '{}'?)", suggestion)));
  }
  auto pain = parse_whole_number(options.pain, journal::kMinRating, journal::kMaxRating);
  if (!pain) {
    return fail(context, result, kExitInvalid,
                fmt::format("--pain must be a whole number from 0 to 10, got '{}'", options.pain));
  }
  std::optional<int> minutes;
  if (!options.minutes.empty()) {
    minutes = parse_whole_number(options.minutes, 1, kMaxLoggedMinutes);
    if (!minutes) {
      return fail(context, result, kExitInvalid,
                  fmt::format("--minutes must be a whole number from 1 to {}, got '{}'", kMaxLoggedMinutes,
                              options.minutes));
    }
  }
  const auto now = journal::system_now();
  auto started = now;
  if (!options.date.empty()) {
    std::string error;
    auto when = timestamp_for_date(options.date, now, error);
    if (!when) return fail(context, result, kExitInvalid, error);
    started = *when;
  }
  auto store = open_journal(context, options.data_dir, result);
  if (!store) return;
  if (const auto refusal = check_plausible_date(*store, started, now, options.force); !refusal.empty()) {
    return fail(context, result, kExitInvalid, refusal);
  }

  journal::SessionRecord session;
  session.id = journal::new_record_id();
  session.routine_id = options.routine;
  if (routine != nullptr) {
    session.routine_version = routine->version;
    session.pattern = routine->default_pattern;
  }
  session.source = journal::SessionSource::kLogged;
  session.pain = pain;
  session.started_at = started;
  session.ended_at = started;
  if (minutes) session.ended_at->utc += std::chrono::minutes{*minutes};
  session.outcome = journal::SessionOutcome::kCompleted;
  // The plan knows which stage this person is at for the routine.
  if (auto plans = store->plan_states(session.user_id)) {
    for (const auto& plan : *plans) {
      if (plan.routine_id == session.routine_id) session.stage = plan.current_stage;
    }
  }
  if (auto saved = store->record_session(session, {}); !saved) {
    return fail(context, result, exit_code_for(saved.error()), saved.error().message);
  }
  *context.out << fmt::format("Logged {} on {} with pain {}/10.\n", session.routine_id,
                              journal::to_date_text(journal::local_date(started)), *pain);
}

}  // namespace

void add_log_command(CLI::App& app, const Context& context, CommandResult& result) {
  auto options = std::make_shared<LogOptions>();
  auto* command = app.add_subcommand("log", "Record a session you did without the app");
  command->add_option("routine,--routine", options->routine, "The routine's id (see 'velum protocols list')")
      ->required();
  command->add_option("--pain", options->pain, "Pain during the session, 0–10")->required();
  command->add_option("--date", options->date, "The day it was done, YYYY-MM-DD (default: now)");
  command->add_option("--minutes", options->minutes, "How long it took, in minutes");
  command->add_flag("--force", options->force,
                    "Accept a date more than a year before the journal's first entry");
  add_data_option(*command, options->data_dir);
  command->callback([&context, &result, options] { run_log(context, *options, result); });
}

}  // namespace velum::cli
