#pragma once
// Dated series: raw observations (several a day allowed) and their aggregation
// into one value per local calendar day, with the days that have no entry.

#include <chrono>
#include <cstddef>
#include <vector>

#include "insight/estimate.hpp"

namespace velum::insight {

// One rating on a local calendar day. Contract: `day` is already the person's
// LOCAL calendar day (e.g. from local_day() below with the UTC offset in force
// at that instant), so a session at 23:30 during a DST change still lands on the
// day the person lived it. Nothing in insight/ looks at time zones.
struct Observation {
  std::chrono::sys_days day;
  double value = 0.0;
  friend bool operator==(const Observation&, const Observation&) = default;
};

// The local calendar day of an instant, given the UTC offset in force at that
// instant (positive east of Greenwich, e.g. +120 min for CEST). Thread-safe.
std::chrono::sys_days local_day(std::chrono::sys_seconds instant, std::chrono::minutes utc_offset);

// How several entries on the same day become one value.
enum class DailyRule { kMean, kMax, kMin, kLast };

// One aggregated day. `count` is how many entries it came from (≥ 1).
struct DailyValue {
  std::chrono::sys_days day;
  double value = 0.0;
  int count = 0;
  friend bool operator==(const DailyValue&, const DailyValue&) = default;
};

// A daily series: ascending days, at most one entry a day, only days that had
// entries (missing days are absent, never filled with an invented value).
struct DailySeries {
  std::vector<DailyValue> days;
  std::size_t size() const { return days.size(); }
  bool empty() const { return days.empty(); }
};

// Aggregates `observations` (any order) day by day with `rule` (mean by default;
// kLast keeps the last entry of the day in input order). Fails with
// kInvalidInput naming the first non-finite value. An empty input gives an
// empty series (ok). Thread-safe.
Estimate<DailySeries> aggregate_daily(const std::vector<Observation>& observations,
                                      DailyRule rule = DailyRule::kMean);

// The days between the series' first and last day that have no entry, ascending.
// Thread-safe.
std::vector<std::chrono::sys_days> missing_days(const DailySeries& series);

// Days since the series' first day for each entry (0 for the first), the time
// axis every trend statistic uses, so gaps keep their real length. Thread-safe.
std::vector<double> day_offsets(const DailySeries& series);

// The values alone, in day order. Thread-safe.
std::vector<double> values(const DailySeries& series);

}  // namespace velum::insight
