// Day summaries and per-region trends for `velum history`.

#include <gtest/gtest.h>

#include "fixtures.hpp"
#include "journal/history.hpp"

namespace velum::journal {
namespace {

using namespace testing;

CheckIn throat_on_day(int day, int pain) {
  auto checkin = sample_checkin(fmt::format("day-{}-{}", day, pain), std::chrono::days{day});
  checkin.pain = {};
  checkin.pain_in(Region::kThroat) = pain;
  return checkin;
}

TEST(JournalHistory, AveragesSeveralCheckInsOnOneLocalDay) {
  std::vector<CheckIn> checkins{throat_on_day(0, 2), throat_on_day(0, 5)};
  std::vector<SessionRecord> sessions{sample_session("a"), sample_session("b", 1h)};
  const auto days = summarize_days(checkins, sessions);
  ASSERT_EQ(days.size(), 1u);
  EXPECT_DOUBLE_EQ(*days[0].pain[static_cast<std::size_t>(Region::kThroat)], 3.5);
  EXPECT_FALSE(days[0].pain[static_cast<std::size_t>(Region::kNose)].has_value());
  EXPECT_EQ(days[0].checkin_count, 2);
  EXPECT_EQ(days[0].session_count, 2);
}

TEST(JournalHistory, DaysComeOutOldestFirstWhateverTheInputOrder) {
  std::vector<CheckIn> checkins{throat_on_day(3, 1), throat_on_day(1, 4)};
  const auto days = summarize_days(checkins, {});
  ASSERT_EQ(days.size(), 2u);
  EXPECT_LT(std::chrono::sys_days{days[0].date}, std::chrono::sys_days{days[1].date});
}

TEST(JournalHistory, SparklineMapsZeroToTenOntoEightBlocks) {
  std::vector<std::optional<double>> values{0.0, 5.0, 10.0, std::nullopt};
  EXPECT_EQ(sparkline(values), "▁▅█ ");
}

TEST(JournalHistory, TrendComparesFirstAndLastWeek) {
  std::vector<CheckIn> checkins;
  for (int day = 0; day < 28; ++day)
    checkins.push_back(throat_on_day(day, day < 7 ? 8 : (day >= 21 ? 2 : 5)));
  const auto days = summarize_days(checkins, {});
  const auto trends = region_trends(days, 4);
  ASSERT_EQ(trends.size(), 1u);
  EXPECT_EQ(trends[0].region, Region::kThroat);
  EXPECT_DOUBLE_EQ(*trends[0].first_week_mean, 8.0);
  EXPECT_DOUBLE_EQ(*trends[0].last_week_mean, 2.0);
  EXPECT_EQ(trends[0].sparkline, "▇▅▅▂");
  EXPECT_EQ(trends[0].rated_days, 28);
}

TEST(JournalHistory, NoDaysMeansNoTrends) { EXPECT_TRUE(region_trends({}, 10).empty()); }

}  // namespace
}  // namespace velum::journal
