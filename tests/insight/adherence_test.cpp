#include "insight/adherence.hpp"

#include <gtest/gtest.h>

namespace velum::insight {
namespace {
using namespace std::chrono;

TEST(IsoWeek, FollowsTheThursdayRuleAtYearEnds) {
  // 1 January 2021 was a Friday, so 3 January 2021 (Sunday) is in 2020-W53 and
  // 4 January 2021 starts 2021-W01; 30 December 2024 (Monday) is 2025-W01.
  EXPECT_EQ(iso_week_of(sys_days{2021y / January / 3}).year, 2020);
  EXPECT_EQ(iso_week_of(sys_days{2021y / January / 3}).week, 53);
  EXPECT_EQ(iso_week_of(sys_days{2021y / January / 4}).week, 1);
  EXPECT_EQ(iso_week_of(sys_days{2024y / December / 30}).year, 2025);
  EXPECT_EQ(iso_week_of(sys_days{2024y / December / 30}).week, 1);
  EXPECT_EQ(iso_week_of(sys_days{2026y / November / 25}).monday, sys_days{2026y / November / 23});
}

constexpr sys_days kMonday = sys_days{2026y / November / 2};

std::vector<SessionDay> weekdays_then_gap() {
  // Week 1: Monday–Friday, 5 min each (target met). Week 2: Monday, Tuesday, then a
  // maintenance session on Thursday, and two sessions on Saturday and Sunday.
  std::vector<SessionDay> s;
  for (int d = 0; d < 5; ++d) s.push_back({kMonday + days{d}, 5.0, false});
  s.push_back({kMonday + days{7}, 6.0, false});
  s.push_back({kMonday + days{8}, 4.0, false});
  s.push_back({kMonday + days{10}, 3.0, true});
  s.push_back({kMonday + days{12}, 5.0, false});
  s.push_back({kMonday + days{12}, 2.0, false});
  s.push_back({kMonday + days{13}, 5.0, false});
  return s;
}

TEST(Adherence, CountsSessionsPerIsoWeekAgainstTheTarget) {
  const auto r = summarize_adherence(weekdays_then_gap(), kMonday + days{13});
  ASSERT_TRUE(r.ok()) << r.reason;
  ASSERT_EQ(r.value->weeks.size(), 2U);
  EXPECT_EQ(r.value->weeks[0].sessions, 5);
  EXPECT_TRUE(r.value->weeks[0].target_met);
  EXPECT_EQ(r.value->weeks[1].sessions, 5);  // Mon, Tue, Sat ×2, Sun
  EXPECT_EQ(r.value->weeks[1].maintenance_sessions, 1);
  EXPECT_DOUBLE_EQ(r.value->weeks[1].minutes, 6 + 4 + 3 + 5 + 2 + 5);
  EXPECT_EQ(r.value->total_sessions, 10);
  EXPECT_EQ(r.value->total_maintenance_sessions, 1);
}

TEST(Adherence, NeverCountsMaintenanceTowardsTheTarget) {
  std::vector<SessionDay> s;
  for (int d = 0; d < 7; ++d) s.push_back({kMonday + days{d}, 5.0, true});
  const auto r = summarize_adherence(s, kMonday + days{6});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value->weeks[0].sessions, 0);
  EXPECT_EQ(r.value->weeks[0].maintenance_sessions, 7);
  EXPECT_FALSE(r.value->weeks[0].target_met);
  EXPECT_EQ(r.value->current_streak_days, 7);
}

TEST(Adherence, SumsMinutesPerDay) {
  const auto r = summarize_adherence(weekdays_then_gap(), kMonday + days{13});
  ASSERT_TRUE(r.ok());
  const DayMinutes& saturday = r.value->days[r.value->days.size() - 2];
  EXPECT_EQ(saturday.day, kMonday + days{12});
  EXPECT_DOUBLE_EQ(saturday.minutes, 7.0);
  EXPECT_EQ(saturday.sessions, 2);
}

TEST(Adherence, FindsTheLongestAndCurrentStreaks) {
  // Days 0–4 and 7–8 in a row, 10 alone, 12–13 in a row: longest 5, current 2.
  const auto r = summarize_adherence(weekdays_then_gap(), kMonday + days{13});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value->longest_streak_days, 5);
  EXPECT_EQ(r.value->current_streak_days, 2);
  // Today without a session yet still continues yesterday's streak ...
  EXPECT_EQ(summarize_adherence(weekdays_then_gap(), kMonday + days{14}).value->current_streak_days, 2);
  // ... but a whole day without one ends it.
  EXPECT_EQ(summarize_adherence(weekdays_then_gap(), kMonday + days{15}).value->current_streak_days, 0);
}

TEST(Adherence, LaysOutACalendarOfWholeWeeks) {
  // First session on a Wednesday, today the next Tuesday: two rows of 7 days.
  const std::vector<SessionDay> s{{kMonday + days{2}, 5.0, false}, {kMonday + days{8}, 5.0, true}};
  const auto r = summarize_adherence(s, kMonday + days{8});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r.value->calendar.size(), 2U);
  EXPECT_EQ(r.value->calendar[0].size(), 7U);
  EXPECT_EQ(r.value->calendar[0][0].day, kMonday);
  EXPECT_FALSE(r.value->calendar[0][0].in_range);  // before the first session
  EXPECT_TRUE(r.value->calendar[0][2].in_range);
  EXPECT_EQ(r.value->calendar[0][2].sessions, 1);
  EXPECT_FALSE(r.value->calendar[0][2].maintenance_only);
  EXPECT_TRUE(r.value->calendar[1][1].maintenance_only);
  EXPECT_FALSE(r.value->calendar[1][2].in_range);  // after today
  EXPECT_EQ(r.value->calendar[1][2].sessions, 0);
}

TEST(Adherence, ReportsNotEnoughDataWithoutSessions) {
  const auto r = summarize_adherence({}, kMonday);
  EXPECT_EQ(r.status, EstimateStatus::kNotEnoughData);
  EXPECT_FALSE(r.reason.empty());
}

TEST(Adherence, RejectsSessionsAfterTodayAndNegativeMinutes) {
  EXPECT_EQ(summarize_adherence({{kMonday + days{1}, 5.0, false}}, kMonday).status,
            EstimateStatus::kInvalidInput);
  const auto r = summarize_adherence({{kMonday, -2.0, false}}, kMonday);
  EXPECT_EQ(r.status, EstimateStatus::kInvalidInput);
  EXPECT_NE(r.reason.find("-2 minutes"), std::string::npos);
}

}  // namespace
}  // namespace velum::insight
