// Rating a step after the session: the guided session commits each step as it
// ends and the person rates it once the hands are free.

#include <gtest/gtest.h>

#include "fixtures.hpp"

namespace velum::journal {
namespace {

using namespace testing;

TEST(RateStep, ReplacesPainAndSensationsOfACommittedStep) {
  TempDir dir;
  auto store = open_or_fail(dir.file());
  auto session = sample_session();
  ASSERT_TRUE(store->record_session(session, {sample_step(session.id, 0), sample_step(session.id, 1)}));
  const std::vector<practice::Sensation> noticed{practice::Sensation::kGagging,
                                                 practice::Sensation::kSalivation};
  ASSERT_TRUE(store->rate_step(session.id, 1, 7, noticed));
  auto steps = store->step_results(session.id);
  ASSERT_TRUE(steps);
  ASSERT_EQ(steps->size(), 2u);
  EXPECT_EQ((*steps)[1].pain, 7);
  EXPECT_EQ((*steps)[1].sensations, noticed);
  EXPECT_EQ((*steps)[0], sample_step(session.id, 0));  // the other step is untouched
}

TEST(RateStep, RefusesPainOutsideTheScaleAndChangesNothing) {
  TempDir dir;
  auto store = open_or_fail(dir.file());
  auto session = sample_session();
  ASSERT_TRUE(store->record_session(session, {sample_step(session.id, 0)}));
  const auto rated = store->rate_step(session.id, 0, 11, {});
  ASSERT_FALSE(rated);
  EXPECT_EQ(rated.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(store->step_results(session.id)->front(), sample_step(session.id, 0));
}

TEST(RateStep, SaysWhenTheStepDoesNotExist) {
  TempDir dir;
  auto store = open_or_fail(dir.file());
  auto session = sample_session();
  ASSERT_TRUE(store->record_session(session, {sample_step(session.id, 0)}));
  const auto rated = store->rate_step(session.id, 3, 2, {});
  ASSERT_FALSE(rated);
  EXPECT_EQ(rated.error().code, ErrorCode::kNotFound);
  EXPECT_NE(rated.error().message.find("no step 3"), std::string::npos) << rated.error().message;
}

}  // namespace
}  // namespace velum::journal
