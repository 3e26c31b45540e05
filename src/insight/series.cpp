#include "insight/series.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <map>

namespace velum::insight {

std::chrono::sys_days local_day(std::chrono::sys_seconds instant, std::chrono::minutes utc_offset) {
  return std::chrono::floor<std::chrono::days>(instant + utc_offset);
}

Estimate<DailySeries> aggregate_daily(const std::vector<Observation>& observations, DailyRule rule) {
  struct Accumulator {
    double sum = 0.0;
    double max = 0.0;
    double min = 0.0;
    double last = 0.0;
    int count = 0;
  };
  std::map<std::chrono::sys_days, Accumulator> by_day;
  for (std::size_t i = 0; i < observations.size(); ++i) {
    const Observation& o = observations[i];
    if (!std::isfinite(o.value)) {
      return Estimate<DailySeries>::failure(
          EstimateStatus::kInvalidInput,
          fmt::format("Entry {} has a value that is not a number; record a number such as 0 to 10.", i + 1));
    }
    Accumulator& a = by_day[o.day];
    if (a.count == 0) {
      a.max = o.value;
      a.min = o.value;
    }
    a.sum += o.value;
    a.max = std::max(a.max, o.value);
    a.min = std::min(a.min, o.value);
    a.last = o.value;
    ++a.count;
  }
  DailySeries series;
  series.days.reserve(by_day.size());
  for (const auto& [day, a] : by_day) {
    double v = 0.0;
    switch (rule) {
      case DailyRule::kMean:
        v = a.sum / a.count;
        break;
      case DailyRule::kMax:
        v = a.max;
        break;
      case DailyRule::kMin:
        v = a.min;
        break;
      case DailyRule::kLast:
        v = a.last;
        break;
    }
    series.days.push_back(DailyValue{day, v, a.count});
  }
  return Estimate<DailySeries>::success(std::move(series));
}

std::vector<std::chrono::sys_days> missing_days(const DailySeries& series) {
  std::vector<std::chrono::sys_days> missing;
  for (std::size_t i = 1; i < series.days.size(); ++i) {
    for (auto d = series.days[i - 1].day + std::chrono::days{1}; d < series.days[i].day;
         d += std::chrono::days{1}) {
      missing.push_back(d);
    }
  }
  return missing;
}

std::vector<double> day_offsets(const DailySeries& series) {
  std::vector<double> offsets;
  offsets.reserve(series.days.size());
  for (const DailyValue& d : series.days) {
    offsets.push_back(static_cast<double>((d.day - series.days.front().day).count()));
  }
  return offsets;
}

std::vector<double> values(const DailySeries& series) {
  std::vector<double> out;
  out.reserve(series.days.size());
  for (const DailyValue& d : series.days) out.push_back(d.value);
  return out;
}

}  // namespace velum::insight
