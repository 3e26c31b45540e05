// The reminder calendar read back by libical (the library calendar programs
// use): RFC 5545 structure, the weekly RRULE, and the next occurrences.

#include <gtest/gtest.h>
#include <libical/ical.h>

#include <memory>

#include "report/calendar.hpp"

namespace velum::report {
namespace {

using std::chrono::sys_days;

const sys_days kWednesday{std::chrono::year{2026} / 11 / 25};
const journal::Timestamp kNow{std::chrono::sys_seconds{kWednesday} + std::chrono::hours{10},
                              std::chrono::minutes{60}};

struct ComponentDeleter {
  void operator()(icalcomponent* c) const { icalcomponent_free(c); }
};
using Component = std::unique_ptr<icalcomponent, ComponentDeleter>;

icalcomponent* first_event(icalcomponent* calendar) {
  return icalcomponent_get_first_component(calendar, ICAL_VEVENT_COMPONENT);
}

std::vector<std::string> next_starts(icalcomponent* event, int count) {
  const icalproperty* rrule = icalcomponent_get_first_property(event, ICAL_RRULE_PROPERTY);
  const icalrecurrencetype recurrence = icalproperty_get_rrule(rrule);
  icalrecur_iterator* it = icalrecur_iterator_new(recurrence, icalcomponent_get_dtstart(event));
  std::vector<std::string> starts;
  for (int i = 0; i < count; ++i) {
    const icaltimetype next = icalrecur_iterator_next(it);
    if (icaltime_is_null_time(next)) break;
    starts.emplace_back(icaltime_as_ical_string(next));
  }
  icalrecur_iterator_free(it);
  return starts;
}

TEST(ReminderCalendar, DefaultIsFiveEveningsAWeekThatLibicalReads) {
  const std::string text = reminder_calendar(ReminderPlan{}, kWednesday, kNow);
  Component calendar(icalparser_parse_string(text.c_str()));
  ASSERT_NE(calendar, nullptr);
  EXPECT_EQ(icalcomponent_isa(calendar.get()), ICAL_VCALENDAR_COMPONENT);
  icalcomponent* event = first_event(calendar.get());
  ASSERT_NE(event, nullptr);
  const icalproperty* rrule = icalcomponent_get_first_property(event, ICAL_RRULE_PROPERTY);
  ASSERT_NE(rrule, nullptr);
  icalrecurrencetype recurrence = icalproperty_get_rrule(rrule);
  EXPECT_EQ(recurrence.freq, ICAL_WEEKLY_RECURRENCE);
  EXPECT_STREQ(icalrecurrencetype_as_string(&recurrence), "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR");
  // Floating local time (no TZID, no Z): the reminder keeps its wall-clock time
  // across daylight-saving changes.
  const icaltimetype start = icalcomponent_get_dtstart(event);
  EXPECT_FALSE(icaltime_is_utc(start));
  EXPECT_EQ(start.zone, nullptr);
  EXPECT_EQ(next_starts(event, 4), (std::vector<std::string>{"20261125T210000", "20261126T210000",
                                                             "20261127T210000", "20261130T210000"}));
  EXPECT_EQ(icaldurationtype_as_int(icalcomponent_get_duration(event)), 5 * 60);
  EXPECT_NE(icalcomponent_get_first_component(event, ICAL_VALARM_COMPONENT), nullptr);
}

TEST(ReminderCalendar, ChosenDaysAndTimeStartOnTheFirstChosenDay) {
  std::string error;
  ReminderPlan plan;
  plan.days = *parse_days("sat,Mon,thu", error);
  plan.time_of_day = *parse_time_of_day("07:45");
  const std::string text = reminder_calendar(plan, kWednesday, kNow);
  Component calendar(icalparser_parse_string(text.c_str()));
  icalcomponent* event = first_event(calendar.get());
  ASSERT_NE(event, nullptr);
  EXPECT_EQ(next_starts(event, 4), (std::vector<std::string>{"20261126T074500", "20261128T074500",
                                                             "20261130T074500", "20261203T074500"}));
  EXPECT_NE(text.find("RRULE:FREQ=WEEKLY;BYDAY=MO,TH,SA\r\n"), std::string::npos);
}

TEST(ReminderCalendar, EveryLineEndsInCrlfAndFitsSeventyFiveOctets) {
  ReminderPlan plan;
  plan.routine_title =
      "a very long routine title, with commas; semicolons and ünïcödé to force folding of the line";
  const std::string text = reminder_calendar(plan, kWednesday, kNow);
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find("\r\n", start);
    ASSERT_NE(end, std::string::npos);
    EXPECT_LE(end - start, 75u) << text.substr(start, end - start);
    EXPECT_EQ(text.substr(start, end - start).find('\n'), std::string::npos);
    start = end + 2;
  }
  Component calendar(icalparser_parse_string(text.c_str()));
  icalcomponent* event = first_event(calendar.get());
  ASSERT_NE(event, nullptr);
  EXPECT_EQ(std::string(icalcomponent_get_summary(event)), "velum practice: " + plan.routine_title);
}

TEST(ReminderCalendar, RejectsUnknownAndRepeatedDays) {
  std::string error;
  EXPECT_FALSE(parse_days("mon,tues", error));
  EXPECT_EQ(error, "'tues' is not a day; write days as mon,tue,wed,thu,fri,sat,sun");
  EXPECT_FALSE(parse_days("mon,mon", error));
  EXPECT_EQ(error, "'mon' is listed twice; name each day once");
  EXPECT_FALSE(parse_days("", error));
}

TEST(ReminderCalendar, RejectsTimesThatAreNotOnAClock) {
  EXPECT_FALSE(parse_time_of_day("24:00"));
  EXPECT_FALSE(parse_time_of_day("21:60"));
  EXPECT_FALSE(parse_time_of_day("9:00"));
  EXPECT_EQ(*parse_time_of_day("00:00"), std::chrono::minutes{0});
  EXPECT_EQ(*parse_time_of_day("23:59"), std::chrono::minutes{23 * 60 + 59});
}

}  // namespace
}  // namespace velum::report
