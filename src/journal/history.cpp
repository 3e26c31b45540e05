#include "journal/history.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace velum::journal {
namespace {

using std::chrono::sys_days;

constexpr std::array<std::string_view, 8> kBlocks{"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};

struct Accumulator {
  std::array<double, kRegionCount> sum{};
  std::array<int, kRegionCount> count{};
  int checkins = 0;
  int sessions = 0;
};

std::optional<double> mean_of(double sum, int count) {
  if (count == 0) return std::nullopt;
  return sum / count;
}

}  // namespace

std::vector<DaySummary> summarize_days(std::span<const CheckIn> checkins,
                                       std::span<const SessionRecord> sessions) {
  std::map<sys_days, Accumulator> by_day;
  for (const auto& checkin : checkins) {
    auto& day = by_day[sys_days{local_date(checkin.taken_at)}];
    ++day.checkins;
    for (std::size_t i = 0; i < kRegionCount; ++i) {
      if (checkin.pain[i]) {
        day.sum[i] += *checkin.pain[i];
        ++day.count[i];
      }
    }
  }
  for (const auto& session : sessions) ++by_day[sys_days{local_date(session.started_at)}].sessions;

  std::vector<DaySummary> days;
  days.reserve(by_day.size());
  for (const auto& [date, totals] : by_day) {
    DaySummary summary;
    summary.date = std::chrono::year_month_day{date};
    for (std::size_t i = 0; i < kRegionCount; ++i) summary.pain[i] = mean_of(totals.sum[i], totals.count[i]);
    summary.checkin_count = totals.checkins;
    summary.session_count = totals.sessions;
    days.push_back(summary);
  }
  return days;
}

std::vector<VoiceDaySummary> summarize_voice_days(std::span<const VoiceSession> sessions) {
  struct Totals {
    std::array<double, kVoiceMeasureCount> sum{};
    std::array<int, kVoiceMeasureCount> count{};
    int sessions = 0;
  };
  std::map<sys_days, Totals> by_day;
  for (const auto& session : sessions) {
    auto& day = by_day[sys_days{local_date(session.recorded_at)}];
    ++day.sessions;
    for (std::size_t i = 0; i < kVoiceMeasureCount; ++i) {
      if (session.measures[i]) {
        day.sum[i] += *session.measures[i];
        ++day.count[i];
      }
    }
  }
  std::vector<VoiceDaySummary> days;
  days.reserve(by_day.size());
  for (const auto& [date, totals] : by_day) {
    VoiceDaySummary summary;
    summary.date = std::chrono::year_month_day{date};
    for (std::size_t i = 0; i < kVoiceMeasureCount; ++i)
      summary.mean[i] = mean_of(totals.sum[i], totals.count[i]);
    summary.session_count = totals.sessions;
    days.push_back(summary);
  }
  return days;
}

std::string sparkline(std::span<const std::optional<double>> values) {
  std::string line;
  for (const auto& value : values) {
    if (!value) {
      line += ' ';
      continue;
    }
    const double clamped = std::clamp(*value, 0.0, static_cast<double>(kMaxRating));
    const auto level =
        static_cast<std::size_t>(std::lround(clamped / kMaxRating * static_cast<double>(kBlocks.size() - 1)));
    line += kBlocks[std::min(level, kBlocks.size() - 1)];
  }
  return line;
}

std::vector<RegionTrend> region_trends(std::span<const DaySummary> days, std::size_t width) {
  std::vector<RegionTrend> trends;
  if (days.empty() || width == 0) return trends;
  const sys_days first{days.front().date};
  const sys_days last{days.back().date};
  const auto span_days = static_cast<std::size_t>((last - first).count()) + 1;
  const std::size_t buckets = std::min(width, span_days);

  for (std::size_t region = 0; region < kRegionCount; ++region) {
    std::vector<double> sums(buckets, 0.0);
    std::vector<int> counts(buckets, 0);
    double first_sum = 0;
    double last_sum = 0;
    int first_count = 0;
    int last_count = 0;
    int rated = 0;
    for (const auto& day : days) {
      const auto& pain = day.pain[region];
      if (!pain) continue;
      ++rated;
      const sys_days date{day.date};
      const auto offset = static_cast<std::size_t>((date - first).count());
      const auto bucket = offset * buckets / span_days;
      sums[bucket] += *pain;
      ++counts[bucket];
      if (date - first < kTrendWindow) {
        first_sum += *pain;
        ++first_count;
      }
      if (last - date < kTrendWindow) {
        last_sum += *pain;
        ++last_count;
      }
    }
    if (rated == 0) continue;
    std::vector<std::optional<double>> means(buckets);
    for (std::size_t i = 0; i < buckets; ++i) means[i] = mean_of(sums[i], counts[i]);
    RegionTrend trend;
    trend.region = static_cast<Region>(region);
    trend.sparkline = sparkline(means);
    trend.first_week_mean = mean_of(first_sum, first_count);
    trend.last_week_mean = mean_of(last_sum, last_count);
    trend.rated_days = rated;
    trends.push_back(std::move(trend));
  }
  return trends;
}

}  // namespace velum::journal
