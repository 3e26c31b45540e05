// Study plans (randomized-start designs): stored once per person, never
// replaced, validated, and carried through export and import unchanged.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "fixtures.hpp"
#include "journal/exchange.hpp"

namespace velum::journal {
namespace {

using namespace testing;
using std::chrono::year;

StudyPlan sample_plan(std::string id = "study-1") {
  StudyPlan plan;
  plan.id = std::move(id);
  plan.earliest = year{2026} / 12 / 7;
  plan.latest = year{2026} / 12 / 27;
  plan.start = year{2026} / 12 / 15;
  plan.seed = "00000000000000ff";
  plan.drawn_at = sample_time();
  return plan;
}

TEST(StudyPlans, AreStoredAndReadBack) {
  TempDir dir;
  auto store = open_or_fail(dir.file());
  ASSERT_TRUE(store->add_study_plan(sample_plan()).ok());
  auto plans = store->study_plans(std::string(kDefaultUser));
  ASSERT_TRUE(plans.ok());
  ASSERT_EQ(plans->size(), 1u);
  EXPECT_EQ(plans->front(), sample_plan());
}

TEST(StudyPlans, ASecondPlanForTheSamePersonIsRefused) {
  TempDir dir;
  auto store = open_or_fail(dir.file());
  ASSERT_TRUE(store->add_study_plan(sample_plan()).ok());
  const auto second = store->add_study_plan(sample_plan("study-2"));
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, ErrorCode::kDuplicate) << second.error().message;
  EXPECT_EQ(store->study_plans(std::string(kDefaultUser))->size(), 1u);
}

TEST(StudyPlans, AStartOutsideTheWindowIsInvalid) {
  auto plan = sample_plan();
  plan.start = year{2027} / 1 / 3;
  const auto error = validate(plan);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->message, "study plan start 2027-01-03 is outside 2026-12-07 to 2026-12-27");
  plan = sample_plan();
  plan.latest = year{2026} / 12 / 1;
  plan.start = plan.latest;
  EXPECT_EQ(validate(plan)->message, "study plan latest 2026-12-01 is before earliest 2026-12-07");
}

TEST(StudyPlans, SurviveExportAndImport) {
  TempDir dir;
  auto store = open_or_fail(dir.file());
  ASSERT_TRUE(store->add_study_plan(sample_plan()).ok());
  const auto text = export_json(*store->export_all(), sample_time());
  const auto parsed = parse_export_json(text);
  ASSERT_TRUE(parsed.problems.empty()) << parsed.problems.front();
  ASSERT_EQ(parsed.data.study_plans.size(), 1u);
  EXPECT_EQ(parsed.data.study_plans.front(), sample_plan());
  TempDir other;
  auto copy = open_or_fail(other.file());
  auto report = copy->import_all(parsed.data);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->added, 1u);
  EXPECT_EQ(copy->study_plans(std::string(kDefaultUser))->front(), sample_plan());
}

TEST(StudyPlans, ExportFilesFromBeforeStudyPlansStillImport) {
  TempDir dir;
  auto store = open_or_fail(dir.file());
  auto root = nlohmann::json::parse(export_json(*store->export_all(), sample_time()));
  root.erase("study_plans");
  const auto parsed = parse_export_json(root.dump());
  EXPECT_TRUE(parsed.problems.empty());
  EXPECT_TRUE(parsed.data.study_plans.empty());
}

TEST(StudyPlans, AMalformedDayInAnExportIsNamed) {
  TempDir dir;
  auto store = open_or_fail(dir.file());
  ASSERT_TRUE(store->add_study_plan(sample_plan()).ok());
  auto root = nlohmann::json::parse(export_json(*store->export_all(), sample_time()));
  root["study_plans"][0]["start"] = "15.12.2026";
  const auto parsed = parse_export_json(root.dump());
  ASSERT_FALSE(parsed.problems.empty());
  EXPECT_EQ(parsed.problems.front(),
            "study_plans[0].start: expected a day written YYYY-MM-DD, got \"15.12.2026\"");
}

}  // namespace
}  // namespace velum::journal
