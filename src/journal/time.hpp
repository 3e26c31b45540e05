#pragma once
// Time as a value for the journal: a UTC instant plus the local UTC offset in
// effect when it was recorded, ISO-8601 text forms, and the Clock seam tests inject.

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace velum::journal {

// An instant (whole seconds, UTC) and the offset of the person's local time from
// UTC at that instant, so "which day was this?" is answered as they lived it.
struct Timestamp {
  std::chrono::sys_seconds utc{};
  std::chrono::minutes utc_offset{0};  // local = utc + utc_offset; range ±18 h

  friend bool operator==(const Timestamp&, const Timestamp&) = default;
};

// Largest offset ISO-8601 / RFC 3339 allows in practice (±18:00).
inline constexpr std::chrono::minutes kMaxUtcOffset{18 * 60};

// "2026-11-25T11:54:08Z": the UTC instant, sortable as text (stored in the database).
std::string to_utc_text(std::chrono::sys_seconds utc);
// "2026-11-25T12:54:08+01:00": local wall time with its offset (export files).
std::string to_iso8601(const Timestamp& timestamp);
// Parses "YYYY-MM-DDTHH:MM:SS" followed by "Z" or "±HH:MM"; nullopt when malformed.
std::optional<Timestamp> parse_iso8601(std::string_view text);
// Parses a UTC text written by to_utc_text; nullopt when malformed.
std::optional<std::chrono::sys_seconds> parse_utc_text(std::string_view text);

// The local calendar day of a timestamp.
std::chrono::year_month_day local_date(const Timestamp& timestamp);
// "2026-11-25".
std::string to_date_text(std::chrono::year_month_day date);
// Parses "YYYY-MM-DD" (a real calendar day); nullopt otherwise.
std::optional<std::chrono::year_month_day> parse_date_text(std::string_view text);

// The clock seam: everything that stamps a record asks a Clock, so tests pass a
// fixed or stepping one. Must be callable from the thread that uses the store.
using Clock = std::function<Timestamp()>;

// The system clock with the process's current local offset (from the TZ database
// via localtime_r). Thread-safe.
Timestamp system_now();
Clock system_clock();
// A clock that always answers `fixed` (tests).
Clock fixed_clock(Timestamp fixed);

}  // namespace velum::journal
