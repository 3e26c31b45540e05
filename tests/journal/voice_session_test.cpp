// Voice sessions in the journal: a saved voice-lab result comes back exactly,
// is listed by local day, deleted by id, refused whole when a measure is out of
// range or the result is not a JSON object, and summarised per day for charts.

#include <gtest/gtest.h>

#include "fixtures.hpp"
#include "journal/history.hpp"

namespace velum::journal {
namespace {

using namespace testing;
using std::chrono::day;
using std::chrono::month;
using std::chrono::year;
using std::chrono::year_month_day;

TEST(VoiceSessions, SavedSessionRoundTripsWithItsMeasuresAndWholeResult) {
  TempDir dir;
  auto store = open_or_fail(dir.file());
  const auto session = sample_voice_session();
  ASSERT_TRUE(store->add_voice_session(session));
  auto read = store->voice_sessions(std::string(kDefaultUser), {});
  ASSERT_TRUE(read) << read.error().message;
  ASSERT_EQ(read->size(), 1u);
  EXPECT_EQ(read->front(), session);
  // A key with no column of its own is kept in the stored result.
  EXPECT_NE(read->front().result_json.find("spectral_tilt_db"), std::string::npos);
  EXPECT_FALSE(read->front().measure(VoiceMeasure::kCppsDb).has_value());
}

TEST(VoiceSessions, EveryTaskAndMeasureIsStored) {
  TempDir dir;
  auto store = open_or_fail(dir.file());
  auto range = sample_voice_session("range-1");
  range.task = VoiceTask::kRange;
  range.measures = {};
  range.measure(VoiceMeasure::kRangeSemitones) = 24;
  range.measure(VoiceMeasure::kRangeLowHz) = 98;
  range.measure(VoiceMeasure::kRangeHighHz) = 392;
  auto mpt = sample_voice_session("mpt-1", 1min);
  mpt.task = VoiceTask::kMpt;
  mpt.measures = {};
  mpt.measure(VoiceMeasure::kMptSeconds) = 17.5;
  auto match = sample_voice_session("match-1", 2min);
  match.task = VoiceTask::kMatch;
  match.measures = {};
  match.measure(VoiceMeasure::kMatchAccuracyCents) = -12.5;
  match.measure(VoiceMeasure::kMatchPrecisionCents) = 8.25;
  auto analysis = sample_voice_session("analyze-1", 3min);
  analysis.measure(VoiceMeasure::kCppsDb) = 9.5;
  for (const auto& session : {range, mpt, match, analysis}) {
    ASSERT_TRUE(store->add_voice_session(session)) << session.id;
  }
  auto read = store->voice_sessions(std::string(kDefaultUser), {});
  ASSERT_TRUE(read);
  EXPECT_EQ(*read, (std::vector<VoiceSession>{range, mpt, match, analysis}));
}

TEST(VoiceSessions, ListsOnlyTheLocalDaysAskedFor) {
  TempDir dir;
  auto store = open_or_fail(dir.file());
  // sample_time is 2026-03-14 09:26 UTC at +01:00; 23:30 UTC the same day is
  // already the 15th at +01:00, so the local day, not the UTC one, decides.
  const auto first = sample_voice_session("day-14");
  auto late = sample_voice_session("day-15-local", 14h + 4min);
  auto later = sample_voice_session("day-16", 48h);
  for (const auto& session : {first, late, later}) ASSERT_TRUE(store->add_voice_session(session));

  const year_month_day the_15th{year{2026}, month{3}, day{15}};
  auto only_15th = store->voice_sessions(std::string(kDefaultUser), DayRange{the_15th, the_15th});
  ASSERT_TRUE(only_15th);
  ASSERT_EQ(only_15th->size(), 1u);
  EXPECT_EQ(only_15th->front().id, "day-15-local");

  auto from_15th = store->voice_sessions(std::string(kDefaultUser), DayRange{the_15th, std::nullopt});
  ASSERT_TRUE(from_15th);
  EXPECT_EQ(from_15th->size(), 2u);
  auto until_15th = store->voice_sessions(std::string(kDefaultUser), DayRange{std::nullopt, the_15th});
  ASSERT_TRUE(until_15th);
  EXPECT_EQ(until_15th->size(), 2u);
  auto other_user = store->voice_sessions("someone-else", {});
  ASSERT_TRUE(other_user);
  EXPECT_TRUE(other_user->empty());
}

TEST(VoiceSessions, DeletedSessionIsGoneAndASecondDeleteIsNotFound) {
  TempDir dir;
  auto store = open_or_fail(dir.file());
  const auto session = sample_voice_session();
  ASSERT_TRUE(store->add_voice_session(session));
  auto wrong_user = store->delete_voice_session("someone-else", session.id);
  ASSERT_FALSE(wrong_user);
  EXPECT_EQ(wrong_user.error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(store->delete_voice_session(session.user_id, session.id));
  auto read = store->voice_sessions(session.user_id, {});
  ASSERT_TRUE(read);
  EXPECT_TRUE(read->empty());
  auto again = store->delete_voice_session(session.user_id, session.id);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kNotFound);
  EXPECT_NE(again.error().message.find(session.id), std::string::npos) << again.error().message;
}

TEST(VoiceSessions, DuplicateIdIsRefused) {
  TempDir dir;
  auto store = open_or_fail(dir.file());
  ASSERT_TRUE(store->add_voice_session(sample_voice_session()));
  auto again = store->add_voice_session(sample_voice_session());
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kDuplicate);
}

struct BadVoiceSession {
  const char* what;
  void (*spoil)(VoiceSession&);
  const char* message;
};

TEST(VoiceSessions, OutOfRangeMeasuresAndBadResultsAreRefusedAndNothingIsStored) {
  const BadVoiceSession cases[] = {
      {"zero pitch", [](VoiceSession& s) { s.measure(VoiceMeasure::kF0MeanHz) = 0.0; },
       "f0_mean_hz must be above 0, got 0"},
      {"negative jitter", [](VoiceSession& s) { s.measure(VoiceMeasure::kJitterLocal) = -0.1; },
       "jitter_local must be ≥ 0, got -0.1"},
      {"not a number", [](VoiceSession& s) { s.measure(VoiceMeasure::kHnrDb) = std::nan(""); },
       "hnr_db must be a finite number"},
      {"range upside down",
       [](VoiceSession& s) {
         s.measure(VoiceMeasure::kRangeLowHz) = 300.0;
         s.measure(VoiceMeasure::kRangeHighHz) = 200.0;
       },
       "range_high_hz 200 is below range_low_hz 300"},
      {"result not JSON", [](VoiceSession& s) { s.result_json = "{\"f0_mean_hz\": 212"; },
       "result_json must be a JSON object"},
      {"result a list", [](VoiceSession& s) { s.result_json = "[1, 2]"; },
       "result_json must be a JSON object"},
      {"no source", [](VoiceSession& s) { s.source.clear(); }, "voice session source must not be empty"},
  };
  TempDir dir;
  auto store = open_or_fail(dir.file());
  for (const auto& bad : cases) {
    SCOPED_TRACE(bad.what);
    auto session = sample_voice_session();
    bad.spoil(session);
    auto saved = store->add_voice_session(session);
    ASSERT_FALSE(saved);
    EXPECT_EQ(saved.error().code, ErrorCode::kInvalidInput);
    EXPECT_NE(saved.error().message.find(bad.message), std::string::npos) << saved.error().message;
  }
  auto read = store->voice_sessions(std::string(kDefaultUser), {});
  ASSERT_TRUE(read);
  EXPECT_TRUE(read->empty());
}

TEST(VoiceHistory, EachLocalDayHoldsTheMeanOfTheSessionsThatMeasuredIt) {
  auto morning = sample_voice_session("a");
  auto evening = sample_voice_session("b", 8h);
  evening.measure(VoiceMeasure::kF0MeanHz) = 207.5;
  evening.measure(VoiceMeasure::kHnrDb).reset();
  auto mpt = sample_voice_session("c", 9h);
  mpt.task = VoiceTask::kMpt;
  mpt.measures = {};
  mpt.measure(VoiceMeasure::kMptSeconds) = 15;
  const auto next_day = sample_voice_session("d", 24h);
  // Out of order on purpose: the summary sorts by day.
  const std::vector<VoiceSession> sessions{next_day, evening, mpt, morning};

  const auto days = summarize_voice_days(sessions);
  ASSERT_EQ(days.size(), 2u);
  EXPECT_EQ(days[0].date, (year_month_day{year{2026}, month{3}, day{14}}));
  EXPECT_EQ(days[0].session_count, 3);
  EXPECT_DOUBLE_EQ(*days[0].mean[static_cast<std::size_t>(VoiceMeasure::kF0MeanHz)], 210.0);
  // Only the morning measured HNR: its value alone, not diluted by the others.
  EXPECT_DOUBLE_EQ(*days[0].mean[static_cast<std::size_t>(VoiceMeasure::kHnrDb)], 18.25);
  EXPECT_DOUBLE_EQ(*days[0].mean[static_cast<std::size_t>(VoiceMeasure::kMptSeconds)], 15.0);
  EXPECT_FALSE(days[0].mean[static_cast<std::size_t>(VoiceMeasure::kRangeSemitones)].has_value());
  EXPECT_EQ(days[1].date, (year_month_day{year{2026}, month{3}, day{15}}));
  EXPECT_EQ(days[1].session_count, 1);
}

TEST(VoiceHistory, NoSessionsGiveNoDays) { EXPECT_TRUE(summarize_voice_days({}).empty()); }

}  // namespace
}  // namespace velum::journal
