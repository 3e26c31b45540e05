// The routines shipped in protocols/: they must load cleanly and keep the
// promises the user guide makes about them (stages, holds, checklist).

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "practice/loader.hpp"

namespace velum::practice {
namespace {

// The ids docs/routines.md describes; a new bundled routine belongs there too.
const std::vector<std::string> kBundledIds = {
    "aftercare",  "breathing-only",    "core-nasopharynx", "hard-palate",
    "nasal-swab", "soft-palate-pinch", "tongue-suction",   "warm-bath",
};

constexpr int kCoreStageCount = 5;
// PRACTICE.md: about five minutes a day; a minute either way still reads as "about".
constexpr double kCoreMinSeconds = 4 * 60;
constexpr double kCoreMaxSeconds = 6 * 60;

const Catalog& bundled() {
  static const Catalog catalog = load_catalog(VELUM_PROTOCOL_DIR, std::nullopt);
  return catalog;
}

const Routine& bundled_routine(const std::string& id) {
  const Routine* routine = bundled().find(id);
  if (routine == nullptr) throw std::runtime_error("no bundled routine '" + id + "'");
  return *routine;
}

bool has_item(const Routine& routine, PrepItem item) {
  return std::find(routine.checklist.begin(), routine.checklist.end(), item) != routine.checklist.end();
}

TEST(BundledRoutines, EveryRoutineLoadsWithoutDiagnostics) {
  std::string report;
  for (const auto& diagnostic : bundled().diagnostics) report += format(diagnostic) + "\n";
  EXPECT_TRUE(bundled().diagnostics.empty()) << report;

  std::vector<std::string> ids;
  for (const auto& routine : bundled().routines) ids.push_back(routine.id);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, kBundledIds);
}

TEST(BundledRoutines, CoreRoutineHasFiveStages) {
  EXPECT_EQ(bundled_routine("core-nasopharynx").stage_count(), kCoreStageCount);
}

TEST(BundledRoutines, CoreRoutineLastsAboutFiveMinutesAtFullStage) {
  double total_seconds = 0;
  for (const auto& step : bundled_routine("core-nasopharynx").steps)
    total_seconds += step.total_duration().count();
  EXPECT_GE(total_seconds, kCoreMinSeconds);
  EXPECT_LE(total_seconds, kCoreMaxSeconds);
}

TEST(BundledRoutines, WarmBathRoutineUsesNoBreathHold) {
  const Routine& routine = bundled_routine("warm-bath");
  EXPECT_EQ(routine.setting, Setting::kWarmBath);
  std::vector<std::string> names = {routine.default_pattern};
  for (const auto& step : routine.steps) {
    if (!step.pattern.empty()) names.push_back(step.pattern);
    if (step.ramp) names.push_back(step.ramp->target);
  }
  for (const auto& name : names) {
    const auto pattern = resolve_pattern(routine, name);
    ASSERT_TRUE(pattern.has_value()) << name;
    EXPECT_FALSE(pattern->has_holds()) << name;
  }
}

TEST(BundledRoutines, PinchHoldBuildUpNeverDecreases) {
  int built_up_steps = 0;
  for (const auto& step : bundled_routine("soft-palate-pinch").steps) {
    if (!step.hold_build_up) continue;
    ++built_up_steps;
    const auto& holds = step.hold_build_up->holds;
    ASSERT_FALSE(holds.empty()) << step.id;
    EXPECT_TRUE(std::is_sorted(holds.begin(), holds.end())) << step.id;
    EXPECT_LT(holds.front(), holds.back()) << step.id << " never builds up";
  }
  EXPECT_GE(built_up_steps, 1);
}

TEST(BundledRoutines, EveryIntraOralRoutineAsksForTheHygieneChecklist) {
  int intra_oral_routines = 0;
  for (const auto& routine : bundled().routines) {
    if (!routine.is_intra_oral()) continue;
    ++intra_oral_routines;
    for (const PrepItem item :
         {PrepItem::kNailsShort, PrepItem::kHandsClean, PrepItem::kCloth, PrepItem::kWater}) {
      EXPECT_TRUE(has_item(routine, item)) << routine.id << " lacks " << to_string(item);
    }
  }
  // core, warm bath, pinch and hard palate put a finger in the mouth.
  EXPECT_EQ(intra_oral_routines, 4);
}

}  // namespace
}  // namespace velum::practice
