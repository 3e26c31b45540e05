#include "cli/journal_access.hpp"

#include <fmt/format.h>

#include <charconv>
#include <ostream>

#include "journal/sqlite_store.hpp"

namespace velum::cli {

void add_data_option(CLI::App& command, std::string& data_dir) {
  command.add_option("--data", data_dir,
                     "Folder holding the journal (default: $VELUM_DATA, else $XDG_DATA_HOME/velum)");
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

std::unique_ptr<journal::Store> open_journal(const Context& context, const std::string& data_override,
                                             CommandResult& result) {
  const std::filesystem::path folder =
      data_override.empty() ? context.data_dir : std::filesystem::path(data_override);
  auto store = journal::open_sqlite_store(journal::journal_file(folder));
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

}  // namespace velum::cli
