#include "insight/series.hpp"

#include <gtest/gtest.h>
#include <cmath>
#include <limits>

namespace velum::insight {
namespace {
using namespace std::chrono;

constexpr sys_days kMonday = sys_days{2026y / November / 2};

TEST(AggregateDaily, AveragesSeveralEntriesOnADayByDefault) {
  const auto result = aggregate_daily({{kMonday, 4.0}, {kMonday, 6.0}, {kMonday + days{1}, 3.0}});
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(result.value->size(), 2U);
  EXPECT_EQ(result.value->days[0], (DailyValue{kMonday, 5.0, 2}));
  EXPECT_EQ(result.value->days[1], (DailyValue{kMonday + days{1}, 3.0, 1}));
}

TEST(AggregateDaily, KeepsTheWorstRatingWhenAskedForTheMaximum) {
  const std::vector<Observation> entries{{kMonday, 4.0}, {kMonday, 7.0}, {kMonday, 5.0}};
  EXPECT_EQ(aggregate_daily(entries, DailyRule::kMax).value->days[0].value, 7.0);
  EXPECT_EQ(aggregate_daily(entries, DailyRule::kMin).value->days[0].value, 4.0);
  EXPECT_EQ(aggregate_daily(entries, DailyRule::kLast).value->days[0].value, 5.0);
}

TEST(AggregateDaily, SortsDaysAndLeavesMissingDaysOut) {
  const auto result = aggregate_daily({{kMonday + days{3}, 2.0}, {kMonday, 5.0}});
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(result.value->size(), 2U);
  EXPECT_EQ(result.value->days[0].day, kMonday);
  EXPECT_EQ(missing_days(*result.value), (std::vector<sys_days>{kMonday + days{1}, kMonday + days{2}}));
  EXPECT_EQ(day_offsets(*result.value), (std::vector<double>{0.0, 3.0}));
  EXPECT_EQ(values(*result.value), (std::vector<double>{5.0, 2.0}));
}

TEST(AggregateDaily, GivesAnEmptySeriesForNoEntries) {
  const auto result = aggregate_daily({});
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result.value->empty());
  EXPECT_TRUE(missing_days(*result.value).empty());
}

TEST(AggregateDaily, RejectsANonNumberNamingTheEntry) {
  const auto result = aggregate_daily({{kMonday, 3.0}, {kMonday, std::numeric_limits<double>::quiet_NaN()}});
  EXPECT_EQ(result.status, EstimateStatus::kInvalidInput);
  EXPECT_NE(result.reason.find("Entry 2"), std::string::npos);
  EXPECT_FALSE(result.value.has_value());
}

TEST(LocalDay, PlacesALateEveningSessionOnThePersonsDayAcrossDst) {
  // 2026-03-28 23:30 CET (UTC+1) is 22:30 UTC; the next evening, after the switch to
  // CEST (UTC+2), 23:30 local is 21:30 UTC. Both land on their local dates.
  const sys_seconds before_switch = sys_days{2026y / March / 28} + hours{22} + minutes{30};
  const sys_seconds after_switch = sys_days{2026y / March / 29} + hours{21} + minutes{30};
  EXPECT_EQ(local_day(before_switch, minutes{60}), sys_days{2026y / March / 28});
  EXPECT_EQ(local_day(after_switch, minutes{120}), sys_days{2026y / March / 29});
  // 00:30 CEST on March 30 is still March 29 in UTC, but March 30 for the person.
  const sys_seconds after_midnight = sys_days{2026y / March / 29} + hours{22} + minutes{30};
  EXPECT_EQ(local_day(after_midnight, minutes{120}), sys_days{2026y / March / 30});
  // West of Greenwich: 20:00 on Nov 1 in New York (UTC−5) is 01:00 UTC on Nov 2.
  EXPECT_EQ(local_day(sys_days{2026y / November / 2} + hours{1}, minutes{-300}),
            sys_days{2026y / November / 1});
}

}  // namespace
}  // namespace velum::insight
