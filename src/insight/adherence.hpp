#pragma once
// Adherence: sessions per ISO week against the target, minutes per day, the
// current and longest streak of practice days, and a weeks × 7 calendar.

#include <chrono>
#include <vector>

#include "insight/estimate.hpp"

namespace velum::insight {

// One session on the person's local calendar day (same contract as Observation).
// Maintenance sessions (the few-a-week phase after the practice is painless) are
// counted apart and never towards the weekly target.
struct SessionDay {
  std::chrono::sys_days day;
  double minutes = 0.0;  // ≥ 0
  bool maintenance = false;
};

inline constexpr int kWeeklySessionTarget = 5;  // PRACTICE.md: 5 days a week

struct IsoWeek {
  int year = 0;  // ISO week-numbering year
  int week = 0;  // 1..53
  std::chrono::sys_days monday;
  int sessions = 0;  // regular sessions
  int maintenance_sessions = 0;
  double minutes = 0.0;     // both kinds
  bool target_met = false;  // sessions ≥ target
  friend bool operator==(const IsoWeek&, const IsoWeek&) = default;
};

struct DayMinutes {
  std::chrono::sys_days day;
  double minutes = 0.0;
  int sessions = 0;
  int maintenance_sessions = 0;
};

struct CalendarCell {
  std::chrono::sys_days day;
  bool in_range = false;  // between the first session's day and `today`
  int sessions = 0;       // both kinds
  bool maintenance_only = false;
  double minutes = 0.0;
};

struct Adherence {
  std::vector<IsoWeek> weeks;    // every ISO week from the first session to today
  std::vector<DayMinutes> days;  // days with at least one session, ascending
  int current_streak_days = 0;   // consecutive practice days ending today (or yesterday)
  int longest_streak_days = 0;
  int total_sessions = 0;
  int total_maintenance_sessions = 0;
  std::vector<std::vector<CalendarCell>> calendar;  // one row per week, Monday..Sunday
};

// ISO 8601 week of a day: the week (Monday–Sunday) belongs to the year of its
// Thursday. Thread-safe.
IsoWeek iso_week_of(std::chrono::sys_days day);

// Summarizes `sessions` (any order) up to and including `today`; sessions after
// today are rejected as kInvalidInput, as are negative or non-finite minutes.
// A streak counts days with any session (regular or maintenance); a streak
// still counts as current when today has no session yet but yesterday did.
// No sessions give kNotEnoughData. `target` is sessions per week (default 5).
// Thread-safe.
Estimate<Adherence> summarize_adherence(const std::vector<SessionDay>& sessions, std::chrono::sys_days today,
                                        int target = kWeeklySessionTarget);

}  // namespace velum::insight
