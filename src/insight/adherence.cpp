#include "insight/adherence.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <map>

namespace velum::insight {
namespace {
using std::chrono::days;
using std::chrono::sys_days;

constexpr unsigned kThursdayIso = 4;
constexpr int kDaysPerWeek = 7;

sys_days monday_of(sys_days day) {
  const unsigned iso = std::chrono::weekday{day}.iso_encoding();  // Monday = 1 .. Sunday = 7
  return day - days{static_cast<int>(iso) - 1};
}
}  // namespace

IsoWeek iso_week_of(sys_days day) {
  const sys_days monday = monday_of(day);
  const sys_days thursday = monday + days{kThursdayIso - 1};
  const std::chrono::year year = std::chrono::year_month_day{thursday}.year();
  const sys_days january_first{year / std::chrono::January / 1};
  IsoWeek w;
  w.year = static_cast<int>(year);
  w.week = static_cast<int>((thursday - january_first).count() / kDaysPerWeek + 1);
  w.monday = monday;
  return w;
}

Estimate<Adherence> summarize_adherence(const std::vector<SessionDay>& sessions, sys_days today, int target) {
  if (sessions.empty()) {
    return Estimate<Adherence>::failure(EstimateStatus::kNotEnoughData,
                                        "No sessions yet; adherence starts with the first one.");
  }
  std::map<sys_days, DayMinutes> by_day;
  for (std::size_t i = 0; i < sessions.size(); ++i) {
    const SessionDay& s = sessions[i];
    if (!std::isfinite(s.minutes) || s.minutes < 0.0) {
      return Estimate<Adherence>::failure(
          EstimateStatus::kInvalidInput,
          fmt::format("Session {} lasted {} minutes; a length must be zero or more minutes.", i + 1,
                      s.minutes));
    }
    if (s.day > today) {
      return Estimate<Adherence>::failure(
          EstimateStatus::kInvalidInput,
          fmt::format("Session {} is dated after today; check the device's date or the session's day.",
                      i + 1));
    }
    DayMinutes& d = by_day[s.day];
    d.day = s.day;
    d.minutes += s.minutes;
    if (s.maintenance) {
      ++d.maintenance_sessions;
    } else {
      ++d.sessions;
    }
  }
  Adherence a;
  for (const auto& [day, d] : by_day) {
    a.days.push_back(d);
    a.total_sessions += d.sessions;
    a.total_maintenance_sessions += d.maintenance_sessions;
  }

  // Weeks from the first session's week through today's.
  const sys_days first = a.days.front().day;
  const sys_days first_monday = monday_of(first);
  const sys_days last_monday = monday_of(today);
  for (sys_days monday = first_monday; monday <= last_monday; monday += days{kDaysPerWeek}) {
    IsoWeek w = iso_week_of(monday);
    std::vector<CalendarCell> row;
    for (int i = 0; i < kDaysPerWeek; ++i) {
      CalendarCell cell;
      cell.day = monday + days{i};
      cell.in_range = cell.day >= first && cell.day <= today;
      if (const auto it = by_day.find(cell.day); it != by_day.end()) {
        const DayMinutes& d = it->second;
        w.sessions += d.sessions;
        w.maintenance_sessions += d.maintenance_sessions;
        w.minutes += d.minutes;
        cell.sessions = d.sessions + d.maintenance_sessions;
        cell.maintenance_only = d.sessions == 0;
        cell.minutes = d.minutes;
      }
      row.push_back(cell);
    }
    w.target_met = w.sessions >= target;
    a.weeks.push_back(w);
    a.calendar.push_back(std::move(row));
  }

  // Streaks over days with any session.
  int run = 0;
  sys_days previous{};
  for (const DayMinutes& d : a.days) {
    run = (run > 0 && d.day - previous == days{1}) ? run + 1 : 1;
    a.longest_streak_days = std::max(a.longest_streak_days, run);
    previous = d.day;
  }
  const sys_days last = a.days.back().day;
  a.current_streak_days = (last == today || last == today - days{1}) ? run : 0;
  return Estimate<Adherence>::success(std::move(a));
}

}  // namespace velum::insight
