#pragma once
// The practice week as an iCalendar file (RFC 5545): one weekly recurring
// event (RRULE) at the person's chosen local time, for any calendar app.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "journal/time.hpp"

namespace velum::report {

// PRACTICE.md: about 5 minutes a day, 5 days a week; evenings before rest suit it.
inline constexpr int kDefaultReminderMinutes = 5;
inline constexpr std::chrono::minutes kDefaultReminderTime{21 * 60};  // 21:00 local

struct ReminderPlan {
  // Days of the week, Monday first; default Monday to Friday (5 evenings).
  std::vector<std::chrono::weekday> days{std::chrono::Monday, std::chrono::Tuesday, std::chrono::Wednesday,
                                         std::chrono::Thursday, std::chrono::Friday};
  std::chrono::minutes time_of_day = kDefaultReminderTime;  // local wall time, 0 ≤ t < 24 h
  int duration_minutes = kDefaultReminderMinutes;           // 1–120
  std::string routine_title;                                // shown in the event; empty: the generic title
};

// Parses "mon,tue,wed" (three-letter English day names, any case, no repeats);
// on failure returns nullopt and sets `error` to a sentence naming the bad part.
std::optional<std::vector<std::chrono::weekday>> parse_days(std::string_view text, std::string& error);
// Parses "HH:MM" (24-hour); nullopt when malformed or out of range.
std::optional<std::chrono::minutes> parse_time_of_day(std::string_view text);

// The calendar text (CRLF line ends, lines folded at 75 octets). The event's
// times are floating local times, so the reminder stays at the same wall-clock
// time across daylight-saving changes and travel. The first occurrence is the
// first chosen day on or after `from_day`. `now` stamps DTSTAMP. Thread-safe.
std::string reminder_calendar(const ReminderPlan& plan, std::chrono::sys_days from_day,
                              const journal::Timestamp& now);

}  // namespace velum::report
