// Timestamps: ISO-8601 text forms, offsets and local days.

#include <gtest/gtest.h>

#include "fixtures.hpp"
#include "journal/time.hpp"

namespace velum::journal {
namespace {

using testing::sample_time;

TEST(JournalTime, WritesLocalTimeWithItsOffset) {
  EXPECT_EQ(to_iso8601(sample_time()), "2026-03-14T10:26:53+01:00");
  EXPECT_EQ(to_utc_text(sample_time().utc), "2026-03-14T09:26:53Z");
}

TEST(JournalTime, ParsesWhatItWritesForEveryOffsetSign) {
  for (int offset_minutes : {0, 60, -300, 330, -570, 840}) {
    Timestamp original{sample_time().utc, std::chrono::minutes{offset_minutes}};
    auto parsed = parse_iso8601(to_iso8601(original));
    ASSERT_TRUE(parsed.has_value()) << to_iso8601(original);
    EXPECT_EQ(*parsed, original) << to_iso8601(original);
  }
}

TEST(JournalTime, RejectsMalformedTimes) {
  for (const char* text :
       {"", "2026-03-14", "2026-03-14T10:26:53", "2026-02-30T10:00:00Z", "2026-03-14T24:00:00Z",
        "2026-03-14T10:26:53+1:00", "2026-03-14T10:26:53+19:00", "2026-03-14 10:26:53Z"}) {
    EXPECT_FALSE(parse_iso8601(text).has_value()) << text;
  }
}

TEST(JournalTime, LocalDateFollowsTheOffsetAcrossMidnight) {
  // 23:30 UTC on the 14th is already the 15th at UTC+01:00.
  Timestamp late{std::chrono::sys_days{std::chrono::year{2026} / 3 / 14} + std::chrono::hours{23} +
                     std::chrono::minutes{30},
                 std::chrono::minutes{60}};
  EXPECT_EQ(to_date_text(local_date(late)), "2026-03-15");
}

TEST(JournalTime, FixedClockAnswersTheInjectedTime) {
  Clock clock = fixed_clock(sample_time());
  EXPECT_EQ(clock(), sample_time());
}

TEST(JournalTime, DateTextRejectsImpossibleDays) {
  EXPECT_TRUE(parse_date_text("2024-02-29").has_value());
  EXPECT_FALSE(parse_date_text("2026-02-29").has_value());
  EXPECT_FALSE(parse_date_text("2026-3-1").has_value());
}

}  // namespace
}  // namespace velum::journal
