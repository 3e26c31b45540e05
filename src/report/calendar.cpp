#include "report/calendar.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace velum::report {
namespace {

using std::chrono::sys_days;

// RFC 5545 3.1: content lines longer than 75 octets are folded.
constexpr std::size_t kMaxLineOctets = 75;
constexpr int kMaxDurationMinutes = 120;
constexpr int kMinutesPerHour = 60;
constexpr int kHoursPerDay = 24;

struct DayName {
  std::chrono::weekday day;
  std::string_view short_name;  // as people type it
  std::string_view ical;        // RFC 5545 BYDAY
};
constexpr std::array kDayNames{
    DayName{std::chrono::Monday, "mon", "MO"},    DayName{std::chrono::Tuesday, "tue", "TU"},
    DayName{std::chrono::Wednesday, "wed", "WE"}, DayName{std::chrono::Thursday, "thu", "TH"},
    DayName{std::chrono::Friday, "fri", "FR"},    DayName{std::chrono::Saturday, "sat", "SA"},
    DayName{std::chrono::Sunday, "sun", "SU"}};

std::string_view ical_day(std::chrono::weekday day) {
  for (const auto& d : kDayNames) {
    if (d.day == day) return d.ical;
  }
  return "MO";
}

// RFC 5545 3.3.11: backslash, semicolon, comma and newline are escaped in TEXT.
std::string escape_text(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\\' || c == ';' || c == ',') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

// Folds at 75 octets without splitting a UTF-8 sequence; CRLF after every line.
void add_line(std::string& out, std::string_view line) {
  std::size_t limit = kMaxLineOctets;
  while (line.size() > limit) {
    std::size_t cut = limit;
    while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0U) == 0x80U) --cut;  // continuation byte
    out.append(line.substr(0, cut));
    out += "\r\n ";
    line.remove_prefix(cut);
    limit = kMaxLineOctets - 1;  // the leading space counts
  }
  out.append(line);
  out += "\r\n";
}

std::string local_date_time(sys_days day, std::chrono::minutes time) {
  const std::chrono::year_month_day ymd{day};
  return fmt::format("{:04}{:02}{:02}T{:02}{:02}00", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                     time.count() / kMinutesPerHour, time.count() % kMinutesPerHour);
}

std::string utc_stamp(std::chrono::sys_seconds t) {
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss hms{t - day};
  return fmt::format("{:04}{:02}{:02}T{:02}{:02}{:02}Z", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                     hms.hours().count(), hms.minutes().count(), hms.seconds().count());
}

}  // namespace

std::optional<std::vector<std::chrono::weekday>> parse_days(std::string_view text, std::string& error) {
  std::vector<std::chrono::weekday> days;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    std::string part(text.substr(start, comma - start));
    for (char& c : part) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto found = std::find_if(kDayNames.begin(), kDayNames.end(),
                                    [&](const DayName& d) { return d.short_name == part; });
    if (found == kDayNames.end()) {
      error = fmt::format("'{}' is not a day; write days as mon,tue,wed,thu,fri,sat,sun", part);
      return std::nullopt;
    }
    if (std::find(days.begin(), days.end(), found->day) != days.end()) {
      error = fmt::format("'{}' is listed twice; name each day once", part);
      return std::nullopt;
    }
    days.push_back(found->day);
    start = comma + 1;
  }
  // Monday-first order, so the RRULE reads as a week.
  std::sort(days.begin(), days.end(), [](std::chrono::weekday x, std::chrono::weekday y) {
    return x.iso_encoding() < y.iso_encoding();
  });
  return days;
}

std::optional<std::chrono::minutes> parse_time_of_day(std::string_view text) {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  for (std::size_t i : {0U, 1U, 3U, 4U}) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return std::nullopt;
  }
  const int hours = (text[0] - '0') * 10 + (text[1] - '0');
  const int minutes = (text[3] - '0') * 10 + (text[4] - '0');
  if (hours >= kHoursPerDay || minutes >= kMinutesPerHour) return std::nullopt;
  return std::chrono::minutes{hours * kMinutesPerHour + minutes};
}

std::string reminder_calendar(const ReminderPlan& plan, sys_days from_day, const journal::Timestamp& now) {
  std::vector<std::chrono::weekday> days = plan.days;
  if (days.empty()) days = ReminderPlan{}.days;
  sys_days first = from_day;
  while (std::find(days.begin(), days.end(), std::chrono::weekday{first}) == days.end())
    first += std::chrono::days{1};
  std::string byday;
  for (const auto& d : days) {
    if (!byday.empty()) byday += ',';
    byday += ical_day(d);
  }
  const int duration = std::clamp(plan.duration_minutes, 1, kMaxDurationMinutes);
  const std::string title = plan.routine_title.empty()
                                ? std::string("velum practice")
                                : fmt::format("velum practice: {}", plan.routine_title);
  const std::string time_text = fmt::format("{:02}{:02}", plan.time_of_day.count() / kMinutesPerHour,
                                            plan.time_of_day.count() % kMinutesPerHour);
  std::string out;
  add_line(out, "BEGIN:VCALENDAR");
  add_line(out, "VERSION:2.0");
  add_line(out, "PRODID:-//velum//practice reminders//EN");
  add_line(out, "CALSCALE:GREGORIAN");
  add_line(out, "METHOD:PUBLISH");
  add_line(out, "BEGIN:VEVENT");
  // The same days and time give the same UID, so importing again updates the event.
  add_line(out, fmt::format("UID:velum-practice-{}-{}@velum.local", byday, time_text));
  add_line(out, "DTSTAMP:" + utc_stamp(now.utc));
  add_line(out, "DTSTART:" + local_date_time(first, plan.time_of_day));
  add_line(out, fmt::format("DURATION:PT{}M", duration));
  add_line(out, "RRULE:FREQ=WEEKLY;BYDAY=" + byday);
  add_line(out, "SUMMARY:" + escape_text(title));
  add_line(out,
           "DESCRIPTION:" +
               escape_text(fmt::format(
                   "About {} minutes, sitting upright, with clean hands and short nails. Breathe slowly "
                   "throughout. If you feel unwell today, skip it; stop at once on sharp pain, bleeding or "
                   "dizziness.",
                   duration)));
  add_line(out, "TRANSP:TRANSPARENT");
  add_line(out, "BEGIN:VALARM");
  add_line(out, "ACTION:DISPLAY");
  add_line(out, "TRIGGER:PT0M");
  add_line(out, "DESCRIPTION:" + escape_text(title));
  add_line(out, "END:VALARM");
  add_line(out, "END:VEVENT");
  add_line(out, "END:VCALENDAR");
  return out;
}

}  // namespace velum::report
