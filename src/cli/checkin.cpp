// `velum checkin`: a quick entry of how things feel now: pain per region, calm,
// nasal breathing ease, hydration and a note. Nothing is stored unless every
// value is valid.

#include <fmt/format.h>

#include <ostream>

#include "cli/journal_access.hpp"
#include "journal/records.hpp"

namespace velum::cli {
namespace {

struct CheckinOptions {
  std::vector<std::string> pain;  // REGION=N
  std::string calm;
  std::string nasal;
  std::string hydration;
  std::string note;
  std::string date;
  std::string data_dir;
};

std::string region_list() {
  std::string list;
  for (auto spelling : journal::region_spellings()) {
    if (!list.empty()) list += ", ";
    list += spelling;
  }
  return list;
}

// Parses the options into a check-in or returns the first problem as one line.
std::optional<journal::CheckIn> build_checkin(const CheckinOptions& options, journal::Timestamp now,
                                              std::string& error) {
  journal::CheckIn checkin;
  checkin.id = journal::new_record_id();
  for (const auto& item : options.pain) {
    const auto equals = item.find('=');
    if (equals == std::string::npos) {
      error = fmt::format("--pain takes REGION=N (for example --pain throat=3), got '{}'", item);
      return std::nullopt;
    }
    const auto name = item.substr(0, equals);
    auto region = journal::parse_region(name);
    if (!region) {
      auto hint = journal::closest_spelling(name, journal::region_spellings());
      error = hint ? fmt::format("unknown region '{}' (did you mean '{}'?)", name, *hint)
                   : fmt::format("unknown region '{}'; regions are {}", name, region_list());
      return std::nullopt;
    }
    auto rating = parse_whole_number(item.substr(equals + 1), journal::kMinRating, journal::kMaxRating);
    if (!rating) {
      error = fmt::format("pain for {} must be a whole number from 0 to 10, got '{}'", name,
                          item.substr(equals + 1));
      return std::nullopt;
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
    return std::nullopt;
  }
  checkin.note = options.note;
  const bool anything =
      std::any_of(checkin.pain.begin(), checkin.pain.end(), [](auto& p) { return p.has_value(); }) ||
      checkin.calm || checkin.nasal_breathing_ease || checkin.hydration_glasses || !checkin.note.empty();
  if (!anything) {
    error = "a check-in needs at least one value, for example: velum checkin --pain throat=3 --calm 7";
    return std::nullopt;
  }
  checkin.taken_at = now;
  if (!options.date.empty()) {
    auto when = timestamp_for_date(options.date, now, error);
    if (!when) return std::nullopt;
    checkin.taken_at = *when;
  }
  return checkin;
}

void run_checkin(const Context& context, const CheckinOptions& options, CommandResult& result) {
  std::string error;
  auto checkin = build_checkin(options, journal::system_now(), error);
  if (!checkin) return fail(context, result, kExitInvalid, error);
  auto store = open_journal(context, options.data_dir, result);
  if (!store) return;
  if (auto saved = store->add_checkin(*checkin); !saved) {
    return fail(context, result, exit_code_for(saved.error()), saved.error().message);
  }
  *context.out << fmt::format("Check-in saved for {}.\n",
                              journal::to_date_text(journal::local_date(checkin->taken_at)));
}

}  // namespace

void add_checkin_command(CLI::App& app, const Context& context, CommandResult& result) {
  auto options = std::make_shared<CheckinOptions>();
  auto* command =
      app.add_subcommand("checkin", "Note how things feel now (pain 0–10 per region, calm, breathing)");
  command->add_option("--pain", options->pain, "REGION=N, pain 0–10; regions: " + region_list())->take_all();
  command->add_option("--calm", options->calm, "How calm you feel, 0–10 (10 = completely calm)");
  command->add_option("--nasal", options->nasal,
                      "How easily you breathe through the nose, 0–10 (10 = freely)");
  command->add_option("--hydration", options->hydration,
                      "Glasses of water (about 250 ml) so far today, 0–30");
  command->add_option("--note", options->note, "A few words, in your own terms");
  command->add_option("--date", options->date, "The day this is for, YYYY-MM-DD (default: now)");
  add_data_option(*command, options->data_dir);
  command->callback([&context, &result, options] { run_checkin(context, *options, result); });
}

}  // namespace velum::cli
