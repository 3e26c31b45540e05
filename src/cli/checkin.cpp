// `velum checkin`: a quick entry of how things feel now: pain per region, calm,
// nasal breathing ease, hydration and a note. Nothing is stored unless every
// value is valid. `checkin list` shows entries with their ids, `checkin edit ID`
// changes one and `checkin delete ID` removes one, so a mistake can be undone.

#include <fmt/format.h>

#include <algorithm>
#include <ostream>

#include "base/utf8.hpp"
#include "cli/journal_access.hpp"
#include "journal/records.hpp"

namespace velum::cli {
namespace {

// A list shows this many leading hex digits of each id; any unique prefix of
// at least kMinIdPrefix digits names a check-in.
constexpr std::size_t kShownIdDigits = 8;
constexpr std::size_t kMinIdPrefix = 4;

struct CheckinOptions {
  std::vector<std::string> pain;  // REGION=N
  std::string calm;
  std::string nasal;
  std::string hydration;
  std::optional<std::string> note;
  std::string date;
  bool force = false;  // accept a date long before the journal's first entry
  DataOptions data_dir;
};

struct ListOptions {
  std::string since;
  DataOptions data_dir;
};

struct DeleteOptions {
  std::string id;
  DataOptions data_dir;
};

std::string region_list() {
  std::string list;
  for (auto spelling : journal::region_spellings()) {
    if (!list.empty()) list += ", ";
    list += spelling;
  }
  return list;
}

bool any_value_given(const CheckinOptions& options) {
  return !options.pain.empty() || !options.calm.empty() || !options.nasal.empty() ||
         !options.hydration.empty() || options.note.has_value() || !options.date.empty();
}

// Applies the options given to `checkin` (the others leave it as it is), or
// returns false with the first problem as one line.
bool apply_options(const CheckinOptions& options, journal::Timestamp now, journal::CheckIn& checkin,
                   std::string& error) {
  for (const auto& item : options.pain) {
    const auto equals = item.find('=');
    if (equals == std::string::npos) {
      error = fmt::format("--pain takes REGION=N (for example --pain throat=3), got '{}'", item);
      return false;
    }
    const auto name = item.substr(0, equals);
    auto region = journal::parse_region(name);
    if (!region) {
      auto hint = journal::closest_spelling(name, journal::region_spellings());
      error = hint ? fmt::format("unknown region '{}' (did you mean '{}'?)", name, *hint)
                   : fmt::format("unknown region '{}'; regions are {}", name, region_list());
      return false;
    }
    auto rating = parse_whole_number(item.substr(equals + 1), journal::kMinRating, journal::kMaxRating);
    if (!rating) {
      error = fmt::format("pain for {} must be a whole number from 0 to 10, got '{}'", name,
                          item.substr(equals + 1));
      return false;
    }
    checkin.pain_in(*region) = rating;
  }
  auto rating_option = [&error](const std::string& text, std::string_view flag, int max,
                                std::optional<int>& into) -> bool {
    if (text.empty()) return true;
    into = parse_whole_number(text, 0, max);
    if (!into) error = fmt::format("{} must be a whole number from 0 to {}, got '{}'", flag, max, text);
    return into.has_value();
  };
  if (!rating_option(options.calm, "--calm", journal::kMaxRating, checkin.calm) ||
      !rating_option(options.nasal, "--nasal", journal::kMaxRating, checkin.nasal_breathing_ease) ||
      !rating_option(options.hydration, "--hydration", journal::kMaxHydrationGlasses,
                     checkin.hydration_glasses)) {
    return false;
  }
  if (options.note) {
    // Said here, in the terms of the command line; the journal refuses it too.
    if (const auto bad = velum::first_invalid_utf8(*options.note)) {
      error = fmt::format(
          "--note is not valid UTF-8 text (byte {} is not part of a character); set the terminal to UTF-8 "
          "and type it again",
          *bad + 1);
      return false;
    }
    checkin.note = *options.note;
  }
  if (!options.date.empty()) {
    auto when = timestamp_for_date(options.date, now, error);
    if (!when) return false;
    checkin.taken_at = *when;
  }
  return true;
}

// The check-in `id` names: a whole id or a unique prefix of one.
std::optional<journal::CheckIn> find_checkin(journal::Store& store, const std::string& id, std::string& error,
                                             int& exit_code) {
  auto checkins = store.checkins({});
  if (!checkins) {
    error = checkins.error().message;
    exit_code = exit_code_for(checkins.error());
    return std::nullopt;
  }
  exit_code = kExitInvalid;
  if (id.size() < kMinIdPrefix) {
    error = fmt::format(
        "'{}' is too short to name a check-in; give at least {} characters of the id shown by "
        "'velum checkin list'",
        id, kMinIdPrefix);
    return std::nullopt;
  }
  std::vector<const journal::CheckIn*> matches;
  for (const auto& checkin : *checkins) {
    if (checkin.id == id) return checkin;
    if (checkin.id.starts_with(id)) matches.push_back(&checkin);
  }
  if (matches.size() == 1) return *matches.front();
  error = matches.empty()
              ? fmt::format("there is no check-in with the id '{}' (see 'velum checkin list')", id)
              : fmt::format("'{}' starts {} check-in ids; give more of the id (see 'velum checkin list')", id,
                            matches.size());
  return std::nullopt;
}

std::string describe(const journal::CheckIn& checkin) {
  std::string text;
  auto add = [&text](const std::string& part) { text += (text.empty() ? "" : ", ") + part; };
  for (std::size_t i = 0; i < journal::kRegionCount; ++i) {
    if (checkin.pain[i]) {
      add(fmt::format("{} {}", journal::to_string(static_cast<journal::Region>(i)), *checkin.pain[i]));
    }
  }
  if (checkin.calm) add(fmt::format("calm {}", *checkin.calm));
  if (checkin.nasal_breathing_ease) add(fmt::format("nasal {}", *checkin.nasal_breathing_ease));
  if (checkin.hydration_glasses) add(fmt::format("hydration {}", *checkin.hydration_glasses));
  if (!checkin.note.empty()) add(fmt::format("\"{}\"", checkin.note));
  return text;
}

bool holds_a_value(const journal::CheckIn& checkin) {
  return std::ranges::any_of(checkin.pain, [](const auto& pain) { return pain.has_value(); }) ||
         checkin.calm || checkin.nasal_breathing_ease || checkin.hydration_glasses || !checkin.note.empty();
}

void run_checkin(const Context& context, const CheckinOptions& options, CommandResult& result) {
  const auto now = journal::system_now();
  journal::CheckIn checkin;
  checkin.id = journal::new_record_id();
  checkin.taken_at = now;
  std::string error;
  if (!apply_options(options, now, checkin, error)) return fail(context, result, kExitInvalid, error);
  if (!holds_a_value(checkin)) {
    return fail(context, result, kExitInvalid,
                "a check-in needs at least one value, for example: velum checkin --pain throat=3 --calm 7");
  }
  auto store = open_journal(context, options.data_dir, result);
  if (!store) return;
  if (const auto refusal = check_plausible_date(*store, checkin.taken_at, now, options.force);
      !refusal.empty()) {
    return fail(context, result, kExitInvalid, refusal);
  }
  if (auto saved = store->add_checkin(checkin); !saved) {
    return fail(context, result, exit_code_for(saved.error()), saved.error().message);
  }
  *context.out << fmt::format("Check-in saved for {} (id {}).\n",
                              journal::to_date_text(journal::local_date(checkin.taken_at)),
                              checkin.id.substr(0, kShownIdDigits));
}

void run_edit(const Context& context, const std::string& id, const CheckinOptions& options,
              CommandResult& result) {
  if (!any_value_given(options)) {
    return fail(context, result, kExitInvalid,
                "say what to change, for example: velum checkin edit " + id + " --date 2026-11-02");
  }
  auto store = open_journal(context, options.data_dir, result);
  if (!store) return;
  std::string error;
  int exit_code = kExitInvalid;
  auto checkin = find_checkin(*store, id, error, exit_code);
  if (!checkin) return fail(context, result, exit_code, error);
  const auto now = journal::system_now();
  if (!apply_options(options, now, *checkin, error)) return fail(context, result, kExitInvalid, error);
  if (!options.date.empty()) {
    if (const auto refusal = check_plausible_date(*store, checkin->taken_at, now, options.force, checkin->id);
        !refusal.empty()) {
      return fail(context, result, kExitInvalid, refusal);
    }
  }
  if (auto saved = store->update_checkin(*checkin); !saved) {
    return fail(context, result, exit_code_for(saved.error()), saved.error().message);
  }
  *context.out << fmt::format("Check-in {} changed: {}, {}.\n", checkin->id.substr(0, kShownIdDigits),
                              journal::to_date_text(journal::local_date(checkin->taken_at)),
                              describe(*checkin));
}

void run_delete(const Context& context, const DeleteOptions& options, CommandResult& result) {
  auto store = open_journal(context, options.data_dir, result);
  if (!store) return;
  std::string error;
  int exit_code = kExitInvalid;
  const auto checkin = find_checkin(*store, options.id, error, exit_code);
  if (!checkin) return fail(context, result, exit_code, error);
  if (auto removed = store->delete_checkin(checkin->user_id, checkin->id); !removed) {
    return fail(context, result, exit_code_for(removed.error()), removed.error().message);
  }
  *context.out << fmt::format("Deleted the check-in {} of {} ({}).\n", checkin->id.substr(0, kShownIdDigits),
                              journal::to_date_text(journal::local_date(checkin->taken_at)),
                              describe(*checkin));
}

void run_list(const Context& context, const ListOptions& options, CommandResult& result) {
  const auto now = journal::system_now();
  const auto query = since_query(context, options.since, now, result);
  if (!query) return;
  auto store = open_journal(context, options.data_dir, result);
  if (!store) return;
  auto checkins = store->checkins(*query);
  if (!checkins) return fail(context, result, exit_code_for(checkins.error()), checkins.error().message);
  if (checkins->empty()) {
    *context.out << "No check-ins yet. Add one with: velum checkin --pain throat=3\n";
    return;
  }
  for (const auto& checkin : *checkins) {
    *context.out << fmt::format("{}  {}  {}\n", checkin.id.substr(0, kShownIdDigits),
                                journal::to_date_text(journal::local_date(checkin.taken_at)),
                                describe(checkin));
  }
  *context.out << "Change one with 'velum checkin edit ID ...', remove one with 'velum checkin delete ID'.\n";
}

void add_value_options(CLI::App& command, CheckinOptions& options) {
  command.add_option("--pain", options.pain, "REGION=N, pain 0–10; regions: " + region_list())->take_all();
  command.add_option("--calm", options.calm, "How calm you feel, 0–10 (10 = completely calm)");
  command.add_option("--nasal", options.nasal, "How easily you breathe through the nose, 0–10 (10 = freely)");
  command.add_option("--hydration", options.hydration, "Glasses of water (about 250 ml) so far today, 0–30");
  command.add_option("--note", options.note, "A few words, in your own terms");
  command.add_option("--date", options.date, "The day this is for, YYYY-MM-DD (default: now)");
  command.add_flag("--force", options.force,
                   "Accept a date more than a year before the journal's first entry");
  add_data_option(command, options.data_dir);
}

}  // namespace

void add_checkin_command(CLI::App& app, const Context& context, CommandResult& result) {
  auto options = std::make_shared<CheckinOptions>();
  auto* command =
      app.add_subcommand("checkin", "Note how things feel now (pain 0–10 per region, calm, breathing)");
  add_value_options(*command, *options);
  command->require_subcommand(0, 1);

  auto list_options = std::make_shared<ListOptions>();
  auto* list = command->add_subcommand("list", "List check-ins with their ids, oldest first");
  list->add_option("--since", list_options->since, "Start from this day, YYYY-MM-DD");
  add_data_option(*list, list_options->data_dir);
  list->callback([&context, &result, list_options] { run_list(context, *list_options, result); });

  auto edit_id = std::make_shared<std::string>();
  auto edit_options = std::make_shared<CheckinOptions>();
  auto* edit = command->add_subcommand("edit", "Change a check-in: only the values given are changed");
  edit->add_option("id", *edit_id, "The check-in's id, or its first characters (see 'velum checkin list')")
      ->required();
  add_value_options(*edit, *edit_options);
  edit->callback(
      [&context, &result, edit_id, edit_options] { run_edit(context, *edit_id, *edit_options, result); });

  auto delete_options = std::make_shared<DeleteOptions>();
  auto* remove = command->add_subcommand("delete", "Remove a check-in for good");
  remove->add_option("id", delete_options->id, "The check-in's id, or its first characters")->required();
  add_data_option(*remove, delete_options->data_dir);
  remove->callback([&context, &result, delete_options] { run_delete(context, *delete_options, result); });

  command->callback([&context, &result, options, command] {
    if (command->get_subcommands().empty()) run_checkin(context, *options, result);
  });
}

}  // namespace velum::cli
