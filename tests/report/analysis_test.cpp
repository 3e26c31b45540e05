// The mapping from journal records to the single-case analysis: local days
// across time-zone and daylight-saving changes, phases, the daily rule, and a
// clear "not enough data" instead of NaN for every thin or flat journal.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "insight/single_case.hpp"
#include "report/analysis.hpp"
#include "report/sample_journal.hpp"

namespace velum::report {
namespace {

using std::chrono::sys_days;
using namespace std::chrono_literals;

constexpr sys_days kToday{std::chrono::year{2026} / 6 / 1};

journal::Timestamp local(sys_days day, std::chrono::seconds time, std::chrono::minutes offset) {
  return journal::Timestamp{std::chrono::sys_seconds{day} + time - offset, offset};
}

journal::CheckIn throat(sys_days day, int pain, std::chrono::seconds time = 20h,
                        std::chrono::minutes offset = 60min) {
  journal::CheckIn c;
  c.id = journal::new_record_id();
  c.taken_at = local(day, time, offset);
  c.pain_in(journal::Region::kThroat) = pain;
  return c;
}

journal::SessionRecord session(sys_days day, int stage = 1) {
  journal::SessionRecord s;
  s.id = journal::new_record_id();
  s.routine_id = "core-nasopharynx";
  s.pattern = "resonance";
  s.stage = stage;
  s.started_at = local(day, 21h, 60min);
  s.ended_at = journal::Timestamp{s.started_at.utc + 6min, 60min};
  s.outcome = journal::SessionOutcome::kCompleted;
  return s;
}

sys_days day(int d) { return sys_days{std::chrono::year{2026} / 1 / 1} + std::chrono::days{d}; }

// A: 6, 7, 6 on days 0–2; first session on day 3; B: 4, 5, 3, 6 on days 3–6.
journal::JournalData small_ab() {
  journal::JournalData data;
  const int ratings[] = {6, 7, 6, 4, 5, 3, 6};
  for (int d = 0; d < 7; ++d) data.checkins.push_back(throat(day(d), ratings[d]));
  data.sessions.push_back(session(day(3)));
  return data;
}

const OutcomeAnalysis& only_region(const Analysis& analysis) {
  EXPECT_EQ(analysis.regions.size(), 1u);
  return analysis.regions.front();
}

TEST(Analysis, BaselineIsEveryDayBeforeTheFirstSession) {
  const auto analysis = analyze(small_ab(), {}, kToday);
  EXPECT_EQ(analysis.baseline_source, "first-session");
  const auto& o = only_region(analysis);
  ASSERT_EQ(o.phases.size(), 2u);
  EXPECT_EQ(o.phases[0].n, 3);
  EXPECT_EQ(o.phases[1].n, 4);
  EXPECT_EQ(o.phases[0].end, day(2));
  EXPECT_EQ(o.phases[1].start, day(3));
}

TEST(Analysis, NapAndPndMatchAHandCount) {
  // Pain goes down: of the 12 (A, B) pairs, B is lower in 11 and ties in 1 → (11 + 0.5)/12... see below.
  // a=6: b 4,5,3 lower, 6 tied → 3.5; a=7: all 4 lower → 4; a=6: 3.5. NAP = 11/12.
  const auto analysis = analyze(small_ab(), {}, kToday);
  const auto& o = only_region(analysis);
  ASSERT_TRUE(o.nap.ok()) << o.nap.reason;
  EXPECT_NEAR(o.nap.value->nap, 11.0 / 12.0, 1e-12);
  ASSERT_TRUE(o.pnd.ok());
  EXPECT_DOUBLE_EQ(o.pnd.value->pnd_percent, 75.0);  // 3 of 4 below the lowest baseline day (6)
}

TEST(Analysis, TauUIsTheInsightRowItReports) {
  const auto analysis = analyze(small_ab(), {}, kToday);
  const auto& o = only_region(analysis);
  ASSERT_TRUE(o.tau_u.ok()) << o.tau_u.reason;
  const std::vector<double> a{6, 7, 6};
  const std::vector<double> b{4, 5, 3, 6};
  const auto direct = insight::tau_u(a, b, insight::Direction::kDecrease);
  const auto& row = direct.value->row(o.tau_u.value->variant);
  EXPECT_DOUBLE_EQ(o.tau_u.value->value, row.statistic.value->tau);
  EXPECT_DOUBLE_EQ(o.tau_u.value->p, row.statistic.value->p);
  EXPECT_EQ(o.tau_u.value->variant, "A vs. B");
}

TEST(Analysis, DeclaredBaselineReplacesTheFirstSession) {
  AnalysisOptions options;
  options.baseline_end = day(4);
  const auto analysis = analyze(small_ab(), options, kToday);
  EXPECT_EQ(analysis.baseline_source, "declared");
  const auto& o = only_region(analysis);
  EXPECT_EQ(o.phases[0].n, 5);
  EXPECT_EQ(o.phases[1].n, 2);
}

TEST(Analysis, LaterPhasesFollowPracticeInDateOrder) {
  AnalysisOptions options;
  options.later_phases = {{PhaseKind::kPause, day(6)}, {PhaseKind::kMaintenance, day(5)}};
  const auto analysis = analyze(small_ab(), options, kToday);
  const auto& o = only_region(analysis);
  ASSERT_EQ(o.phases.size(), 4u);
  EXPECT_EQ(o.phases[2].label, "maintenance");
  EXPECT_EQ(o.phases[2].name, "C");
  EXPECT_EQ(o.phases[3].label, "pause");
  EXPECT_EQ(o.phases[1].n, 2);
  EXPECT_EQ(o.phases[1].end, day(4));
}

TEST(Analysis, MeanIsTheDefaultDailyRuleAndMaxCanBeChosen) {
  journal::JournalData data;
  data.checkins = {throat(day(0), 2, 8h), throat(day(0), 6, 20h)};
  const auto by_mean = analyze(data, {}, kToday);
  EXPECT_DOUBLE_EQ(only_region(by_mean).daily.days[0].value, 4.0);
  AnalysisOptions options;
  options.rule = insight::DailyRule::kMax;
  const auto by_max = analyze(data, options, kToday);
  EXPECT_DOUBLE_EQ(only_region(by_max).daily.days[0].value, 6.0);
}

TEST(Analysis, DaylightSavingChangeNeitherSplitsNorMergesDays) {
  // 2026-03-29 in Berlin: 01:30 CET (+01:00) and 23:30 CEST (+02:00) are the same
  // local day, though 22 hours apart; 00:30 CEST on the 30th is 22:30 UTC on
  // the 29th yet belongs to the 30th.
  const sys_days change{std::chrono::year{2026} / 3 / 29};
  journal::JournalData data;
  data.checkins = {throat(change, 2, 1h + 30min, 60min), throat(change, 4, 23h + 30min, 120min),
                   throat(change + std::chrono::days{1}, 8, 30min, 120min)};
  const auto analysis = analyze(data, {}, kToday);
  const auto& o = only_region(analysis);
  ASSERT_EQ(o.daily.size(), 2u);
  EXPECT_EQ(o.daily.days[0].day, change);
  EXPECT_EQ(o.daily.days[0].count, 2);
  EXPECT_DOUBLE_EQ(o.daily.days[0].value, 3.0);
  EXPECT_EQ(o.daily.days[1].day, change + std::chrono::days{1});
  EXPECT_DOUBLE_EQ(o.daily.days[1].value, 8.0);
}

TEST(Analysis, TravelKeepsEachEntryOnTheDayItWasLived) {
  // 23:00 in New York (−05:00) is 04:00 UTC the next day; 07:00 in Tokyo (+09:00)
  // is 22:00 UTC the day before.
  journal::JournalData data;
  data.checkins = {throat(day(10), 3, 23h, -300min), throat(day(11), 5, 7h, 540min)};
  const auto analysis = analyze(data, {}, kToday);
  const auto& o = only_region(analysis);
  ASSERT_EQ(o.daily.size(), 2u);
  EXPECT_EQ(o.daily.days[0].day, day(10));
  EXPECT_EQ(o.daily.days[1].day, day(11));
}

TEST(Analysis, FirstSessionAfterMidnightLocalStartsPracticeOnItsLocalDay) {
  journal::JournalData data = small_ab();
  data.sessions[0].started_at = local(day(3), 30min, 120min);  // 22:30 UTC on day 2
  const auto analysis = analyze(data, {}, kToday);
  EXPECT_EQ(*analysis.practice_start, day(3));
}

TEST(Analysis, MissingDaysAreCountedAndNeverFilledIn) {
  journal::JournalData data;
  data.checkins = {throat(day(0), 5), throat(day(3), 4)};
  const auto analysis = analyze(data, {}, kToday);
  const auto& o = only_region(analysis);
  EXPECT_EQ(o.daily.size(), 2u);
  EXPECT_EQ(o.missing_days, 2);
}

nlohmann::json region_json(const Analysis& analysis) {
  const auto parsed = nlohmann::json::parse(stats_json(analysis));
  EXPECT_EQ(parsed["regions"].size(), 1u);
  return parsed["regions"][0];
}

void expect_no_number_is_missing(const std::string& text) {
  EXPECT_EQ(text.find("nan"), std::string::npos) << text;
  EXPECT_EQ(text.find("NaN"), std::string::npos) << text;
  EXPECT_EQ(text.find("inf"), std::string::npos) << text;
}

TEST(Analysis, EmptyJournalSaysNotEnoughDataForTheAskedRegion) {
  AnalysisOptions options;
  options.region = journal::Region::kThroat;
  const auto analysis = analyze({}, options, kToday);
  const auto text = stats_json(analysis);
  expect_no_number_is_missing(text);
  const auto r = region_json(analysis);
  EXPECT_EQ(r["nap"]["status"], "not enough data");
  EXPECT_EQ(r["tau_u"]["status"], "not enough data");
  EXPECT_EQ(r["piecewise"]["status"], "not enough data");
  EXPECT_NE(r["nap"]["reason"].get<std::string>().find("session"), std::string::npos);
  EXPECT_EQ(r["phases"][0]["n"], 0);
}

TEST(Analysis, OneEntryGivesReasonsNotNumbers) {
  journal::JournalData data;
  data.checkins = {throat(day(0), 5)};
  data.sessions = {session(day(0))};
  const auto analysis = analyze(data, {}, kToday);
  expect_no_number_is_missing(stats_json(analysis));
  const auto r = region_json(analysis);
  EXPECT_EQ(r["nap"]["status"], "not enough data") << r["nap"];
  EXPECT_NE(r["nap"]["reason"].get<std::string>().find("at least one rating before"), std::string::npos);
  EXPECT_EQ(r["pnd"]["status"], "not enough data");
  EXPECT_EQ(r["piecewise"]["status"], "not enough data");
  EXPECT_EQ(r["phases"][0]["n"], 0);
  EXPECT_EQ(r["phases"][1]["n"], 1);
}

TEST(Analysis, IdenticalValuesAreUndefinedWithAReason) {
  journal::JournalData data;
  for (int d = 0; d < 8; ++d) data.checkins.push_back(throat(day(d), 4));
  data.sessions = {session(day(4))};
  const auto analysis = analyze(data, {}, kToday);
  expect_no_number_is_missing(stats_json(analysis));
  const auto r = region_json(analysis);
  EXPECT_EQ(r["nap"]["status"], "ok");
  EXPECT_DOUBLE_EQ(r["nap"]["value"].get<double>(), 0.5);  // every pair tied
  EXPECT_EQ(r["tau_u"]["status"], "ok") << r["tau_u"];     // S = 0 over tied pairs is defined: no change
  EXPECT_DOUBLE_EQ(r["tau_u"]["value"].get<double>(), 0.0);
  EXPECT_EQ(r["piecewise"]["status"], "undefined: all values identical") << r["piecewise"];
  EXPECT_FALSE(r["piecewise"]["reason"].get<std::string>().empty());
}

TEST(Analysis, BaselineOfOnePointStillGivesNapButNoRegression) {
  journal::JournalData data;
  const int ratings[] = {7, 5, 4, 4, 3};
  for (int d = 0; d < 5; ++d) data.checkins.push_back(throat(day(d), ratings[d]));
  data.sessions = {session(day(1))};
  const auto analysis = analyze(data, {}, kToday);
  expect_no_number_is_missing(stats_json(analysis));
  const auto r = region_json(analysis);
  EXPECT_EQ(r["nap"]["status"], "ok");
  EXPECT_DOUBLE_EQ(r["nap"]["value"].get<double>(), 1.0);
  EXPECT_EQ(r["piecewise"]["status"], "not enough data");
  EXPECT_EQ(r["tau_u"]["status"], "ok");
  EXPECT_EQ(r["tau_u"]["variant"], "A vs. B");
}

TEST(Analysis, JsonCarriesPhasesAndEveryStatisticTheApiPromises) {
  const auto analysis = analyze(make_sample_journal(), {}, kToday);
  const auto parsed = nlohmann::json::parse(stats_json(analysis));
  ASSERT_EQ(parsed["regions"].size(), 3u);
  for (const auto& r : parsed["regions"]) {
    EXPECT_EQ(r["phases"][0]["label"], "baseline");
    EXPECT_TRUE(r["phases"][0].contains("start") && r["phases"][0].contains("end") &&
                r["phases"][0].contains("n"));
    EXPECT_EQ(r["nap"]["status"], "ok");
    EXPECT_EQ(r["pnd"]["status"], "ok");
    EXPECT_TRUE(r["tau_u"].contains("value") && r["tau_u"].contains("p") && r["tau_u"].contains("variant"));
    for (const char* part : {"level_change", "slope_change"}) {
      const auto& c = r["piecewise"][part];
      EXPECT_TRUE(c.contains("estimate") && c.contains("se") && c.contains("p")) << r["piecewise"];
    }
  }
  EXPECT_EQ(parsed["wellbeing"].size(), 2u);
  EXPECT_EQ(parsed["wellbeing"][0]["direction"], "increase");
}

TEST(Analysis, SampleJournalReadsAsLowerPainDuringPractice) {
  const auto analysis = analyze(make_sample_journal(), {}, kToday);
  const auto& soft_palate = analysis.regions.front();
  EXPECT_EQ(soft_palate.key, "soft-palate");
  EXPECT_EQ(soft_palate.phases[0].end, sys_days{std::chrono::year{2026} / 2 / 15});
  EXPECT_NE(soft_palate.sentence.find("Soft-palate pain was lower during practice than in the baseline"),
            std::string::npos)
      << soft_palate.sentence;
  EXPECT_GT(soft_palate.nap.value->nap, 0.8);
  // Three stages with soreness from the step ratings; the stopped session counts as stopped.
  EXPECT_EQ(analysis.soreness_by_stage.size(), 3u);
  const auto stopped = std::count_if(analysis.sessions.begin(), analysis.sessions.end(),
                                     [](const SessionLine& s) { return s.outcome == "stopped"; });
  EXPECT_EQ(stopped, 1);
  EXPECT_EQ(analysis.sessions.size(), 50u);  // ten weeks, Monday to Friday
  EXPECT_NEAR(analysis.minutes_practised, 49 * 5.0 + 1 * (10.0 / 3.0), 1e-9);
}

TEST(Analysis, WindowKeepsThePhasesOfTheWholeJournal) {
  AnalysisOptions options;
  options.from = sys_days{std::chrono::year{2026} / 3 / 1};
  const auto analysis = analyze(make_sample_journal(), options, kToday);
  EXPECT_EQ(*analysis.practice_start, sys_days{std::chrono::year{2026} / 2 / 16});
  EXPECT_EQ(analysis.regions.front().phases[0].n, 0);
  EXPECT_EQ(analysis.regions.front().nap.status, insight::EstimateStatus::kNotEnoughData);
}

}  // namespace
}  // namespace velum::report

namespace velum::report {
namespace {

TEST(Analysis, StudyPlanStartsPracticeOnTheDrawnDayAndAddsTheRandomizationTest) {
  journal::JournalData data;
  // Baseline around 6, practice from day 10 around 2: the drawn start (day 10)
  // should be the most extreme of the 8 admissible starts (days 6–13).
  for (int d = 0; d < 20; ++d) {
    journal::CheckIn c;
    c.id = journal::new_record_id();
    c.taken_at = {std::chrono::sys_days{std::chrono::year{2026} / 1 / 1} + std::chrono::days{d} +
                      std::chrono::hours{20},
                  std::chrono::minutes{60}};
    c.pain_in(journal::Region::kThroat) = d < 10 ? 6 + d % 2 : 2 + d % 2;
    data.checkins.push_back(c);
  }
  journal::StudyPlan plan;
  plan.id = "study";
  plan.earliest = std::chrono::year{2026} / 1 / 7;
  plan.latest = std::chrono::year{2026} / 1 / 14;
  plan.start = std::chrono::year{2026} / 1 / 11;
  plan.seed = "1";
  data.study_plans.push_back(plan);
  const auto analysis = analyze(data, {}, std::chrono::sys_days{std::chrono::year{2026} / 6 / 1});
  EXPECT_EQ(analysis.baseline_source, "study-plan");
  EXPECT_EQ(*analysis.practice_start, std::chrono::sys_days{plan.start});
  const auto& o = analysis.regions.front();
  ASSERT_TRUE(o.randomization.has_value());
  ASSERT_TRUE(o.randomization->ok()) << o.randomization->reason;
  EXPECT_EQ(o.randomization->value->start_count, 8);
  EXPECT_DOUBLE_EQ(o.randomization->value->p, 1.0 / 8.0);
  const auto json = nlohmann::json::parse(stats_json(analysis));
  EXPECT_EQ(json["regions"][0]["randomization"]["starts"], 8);
  // A declared baseline replaces the drawn start, and with it the test.
  AnalysisOptions declared;
  declared.baseline_end = std::chrono::sys_days{std::chrono::year{2026} / 1 / 5};
  const auto other = analyze(data, declared, std::chrono::sys_days{std::chrono::year{2026} / 6 / 1});
  EXPECT_FALSE(other.regions.front().randomization.has_value());
}

}  // namespace
}  // namespace velum::report
