#include "journal/time.hpp"

#include <fmt/format.h>

#include <charconv>
#include <ctime>

namespace velum::journal {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;
using std::chrono::sys_days;
using std::chrono::sys_seconds;

std::string date_time_text(sys_seconds when) {
  const auto day = std::chrono::floor<days>(when);
  const std::chrono::year_month_day date{day};
  const std::chrono::hh_mm_ss<seconds> clock{when - day};
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                     clock.hours().count(), clock.minutes().count(), clock.seconds().count());
}

// Reads exactly `width` decimal digits at `pos`.
std::optional<int> digits(std::string_view text, std::size_t pos, std::size_t width) {
  if (pos + width > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = pos; i < pos + width; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

std::optional<std::chrono::year_month_day> date_at(std::string_view text) {
  constexpr std::size_t kDateLength = 10;  // YYYY-MM-DD
  if (text.size() < kDateLength || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto year = digits(text, 0, 4);
  auto month = digits(text, 5, 2);
  auto day = digits(text, 8, 2);
  if (!year || !month || !day) return std::nullopt;
  std::chrono::year_month_day date{std::chrono::year{*year},
                                   std::chrono::month{static_cast<unsigned>(*month)},
                                   std::chrono::day{static_cast<unsigned>(*day)}};
  if (!date.ok()) return std::nullopt;
  return date;
}

// Parses "YYYY-MM-DDTHH:MM:SS" (19 characters) as a wall-clock time.
std::optional<sys_seconds> wall_time_at(std::string_view text) {
  constexpr std::size_t kLength = 19;
  if (text.size() < kLength || text[10] != 'T' || text[13] != ':' || text[16] != ':') return std::nullopt;
  auto date = date_at(text.substr(0, 10));
  auto hour = digits(text, 11, 2);
  auto minute = digits(text, 14, 2);
  auto second = digits(text, 17, 2);
  constexpr int kHoursPerDay = 24;
  constexpr int kMinutesPerHour = 60;
  if (!date || !hour || !minute || !second || *hour >= kHoursPerDay || *minute >= kMinutesPerHour ||
      *second >= kMinutesPerHour) {
    return std::nullopt;
  }
  return sys_days{*date} + hours{*hour} + minutes{*minute} + seconds{*second};
}

}  // namespace

std::string to_utc_text(sys_seconds utc) { return date_time_text(utc) + "Z"; }

std::string to_iso8601(const Timestamp& timestamp) {
  const auto local = timestamp.utc + timestamp.utc_offset;
  const auto offset = timestamp.utc_offset.count();
  if (offset == 0) return date_time_text(local) + "Z";
  const auto magnitude = offset < 0 ? -offset : offset;
  constexpr int kMinutesPerHour = 60;
  return fmt::format("{}{}{:02}:{:02}", date_time_text(local), offset < 0 ? '-' : '+',
                     magnitude / kMinutesPerHour, magnitude % kMinutesPerHour);
}

std::optional<Timestamp> parse_iso8601(std::string_view text) {
  auto wall = wall_time_at(text);
  if (!wall) return std::nullopt;
  const auto zone = text.substr(19);
  if (zone == "Z") return Timestamp{*wall, minutes{0}};
  if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') || zone[3] != ':') return std::nullopt;
  auto hour = digits(zone, 1, 2);
  auto minute = digits(zone, 4, 2);
  constexpr int kMinutesPerHour = 60;
  if (!hour || !minute || *minute >= kMinutesPerHour) return std::nullopt;
  minutes offset{*hour * kMinutesPerHour + *minute};
  if (offset > kMaxUtcOffset) return std::nullopt;
  if (zone[0] == '-') offset = -offset;
  return Timestamp{*wall - offset, offset};
}

std::optional<sys_seconds> parse_utc_text(std::string_view text) {
  if (text.size() != 20 || text.back() != 'Z') return std::nullopt;
  return wall_time_at(text.substr(0, 19));
}

std::chrono::year_month_day local_date(const Timestamp& timestamp) {
  return std::chrono::year_month_day{std::chrono::floor<days>(timestamp.utc + timestamp.utc_offset)};
}

std::string to_date_text(std::chrono::year_month_day date) {
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                     static_cast<unsigned>(date.day()));
}

std::optional<std::chrono::year_month_day> parse_date_text(std::string_view text) {
  if (text.size() != 10) return std::nullopt;
  return date_at(text);
}

Timestamp system_now() {
  const auto now = std::chrono::floor<seconds>(std::chrono::system_clock::now());
  const std::time_t raw = std::chrono::system_clock::to_time_t(now);
  std::tm local{};
  localtime_r(&raw, &local);
  return Timestamp{now, std::chrono::duration_cast<minutes>(seconds{local.tm_gmtoff})};
}

Clock system_clock() {
  return [] { return system_now(); };
}

Clock fixed_clock(Timestamp fixed) {
  return [fixed] { return fixed; };
}

}  // namespace velum::journal
