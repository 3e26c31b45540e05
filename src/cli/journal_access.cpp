#include "cli/journal_access.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <ostream>

#include "journal/sqlite_store.hpp"

namespace velum::cli {

namespace {

constexpr std::string_view kDataHelp =
    "Folder holding the journal (default: $VELUM_DATA, else $XDG_DATA_HOME/velum)";
constexpr std::string_view kInitHelp = "Start a new, empty journal in the folder named with --data";

}  // namespace

void add_data_option(CLI::App& command, DataOptions& data) {
  command.add_option("--data", data.dir, std::string(kDataHelp));
  command.add_flag("--init", data.init, std::string(kInitHelp));
}

void add_global_data_options(CLI::App& app, Context& context) {
  app.add_option_function<std::string>(
         "--data",
         [&context](const std::string& folder) {
           context.data_dir = folder;
           context.data_dir_named = true;
         },
         std::string(kDataHelp))
      ->type_name("DIR");
  app.add_flag("--init", context.init, std::string(kInitHelp));
}

std::filesystem::path data_folder(const Context& context, const DataOptions& data) {
  return data.dir.empty() ? context.data_dir : std::filesystem::path(data.dir);
}

std::string refuse_new_journal(const Context& context, const DataOptions& data) {
  const bool named = !data.dir.empty() || context.data_dir_named;
  if (!named || data.init || context.init) return {};
  const auto folder = data_folder(context, data);
  std::error_code ec;
  if (std::filesystem::exists(journal::journal_file(folder), ec)) return {};
  const bool folder_exists = std::filesystem::is_directory(folder, ec);
  return fmt::format(
      "no journal in {}{}. Check --data for a typo, or add --init to start a new journal there",
      folder.string(), folder_exists ? "" : " (no such folder)");
}

void fail(const Context& context, CommandResult& result, int exit_code, const std::string& message) {
  *context.err << "velum: " << message << '\n';
  result.exit_code = exit_code;
}

int exit_code_for(const velum::Error& error) {
  switch (error.code) {
    case velum::ErrorCode::kInvalidInput:
    case velum::ErrorCode::kDuplicate:
    case velum::ErrorCode::kNotFound:
      return kExitInvalid;
    default:
      return kExitUnreadable;
  }
}

std::unique_ptr<journal::Store> open_journal(const Context& context, const DataOptions& data,
                                             CommandResult& result) {
  if (const auto refusal = refuse_new_journal(context, data); !refusal.empty()) {
    fail(context, result, kExitUnreadable, refusal);
    return nullptr;
  }
  auto store = journal::open_sqlite_store(journal::journal_file(data_folder(context, data)));
  if (!store) {
    fail(context, result, kExitUnreadable, store.error().message);
    return nullptr;
  }
  return std::move(*store);
}

std::optional<int> parse_whole_number(const std::string& text, int min, int max) {
  int value = 0;
  const auto* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc{} || ptr != end || value < min || value > max) return std::nullopt;
  return value;
}

std::optional<journal::Timestamp> timestamp_for_date(const std::string& date, journal::Timestamp now,
                                                     std::string& error) {
  auto day = journal::parse_date_text(date);
  if (!day) {
    error = fmt::format("--date must be a calendar day written YYYY-MM-DD, got '{}'", date);
    return std::nullopt;
  }
  const auto today = journal::local_date(now);
  const std::chrono::sys_days wanted{*day};
  if (wanted > std::chrono::sys_days{today}) {
    error = fmt::format("--date {} is in the future (today is {}); entries are for today or earlier", date,
                        journal::to_date_text(today));
    return std::nullopt;
  }
  if (wanted == std::chrono::sys_days{today}) return now;
  // Noon keeps the entry on the intended day whatever the offset.
  constexpr std::chrono::hours kNoon{12};
  const auto local_noon = std::chrono::sys_seconds{wanted + kNoon};
  return journal::Timestamp{local_noon - now.utc_offset, now.utc_offset};
}

std::string check_plausible_date(journal::Store& store, journal::Timestamp when, journal::Timestamp now,
                                 bool force, const std::string& ignore_checkin_id) {
  if (force) return {};
  auto first = now.utc;
  if (auto checkins = store.checkins({})) {
    for (const auto& checkin : *checkins) {
      if (checkin.id != ignore_checkin_id) first = std::min(first, checkin.taken_at.utc);
    }
  }
  if (auto sessions = store.sessions({})) {
    for (const auto& session : *sessions) first = std::min(first, session.started_at.utc);
  }
  const auto first_day = journal::local_date(journal::Timestamp{first, now.utc_offset});
  const auto earliest = std::chrono::sys_days{first_day} - kPlausibleLeadDays;
  const auto day = journal::local_date(when);
  if (std::chrono::sys_days{day} >= earliest) return {};
  const bool empty = first == now.utc;
  return fmt::format(
      "the date {} is more than a year before {} ({}); check the year, or add --force if it is right",
      journal::to_date_text(day), empty ? "today" : "the journal's first entry",
      journal::to_date_text(first_day));
}

std::optional<journal::Query> since_query(const Context& context, const std::string& since,
                                          const journal::Timestamp& now, CommandResult& result) {
  journal::Query query;
  if (since.empty()) return query;
  const auto day = journal::parse_date_text(since);
  if (!day) {
    fail(context, result, kExitInvalid,
         fmt::format("--since must be a calendar day written YYYY-MM-DD, got '{}'", since));
    return std::nullopt;
  }
  query.since_utc = std::chrono::sys_seconds{std::chrono::sys_days{*day}} - now.utc_offset;
  return query;
}

}  // namespace velum::cli
