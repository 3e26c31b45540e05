// The guided session's core against a simulated clock and scripted keys: steps
// are reported as they end with planned and actual time, p pauses, s stops at
// once with the step in progress recorded, holds are timed exactly, and the
// prompts (checklist, stop reason, ratings) read one key each.

#include "cli/session_runner.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <deque>
#include <sstream>

#include "cli/text.hpp"
#include "practice/loader.hpp"
#include "practice/safety.hpp"

namespace velum::cli {
namespace {

using practice::SampleIndex;

constexpr int kRate = 48000;

const practice::Catalog& catalog() {
  static const practice::Catalog loaded = practice::load_catalog(VELUM_PROTOCOL_DIR, std::nullopt);
  return loaded;
}

const practice::Routine& routine(std::string_view id) {
  const auto* found = catalog().find(id);
  EXPECT_NE(found, nullptr) << id;
  return *found;
}

practice::Timeline timeline_of(std::string_view id, int stage, int hold_stage = 0) {
  practice::TimelineSettings settings;
  settings.sample_rate_hz = kRate;
  settings.stage = stage;
  settings.hold_stage = hold_stage;
  auto compiled = practice::compile_timeline(routine(id), settings);
  EXPECT_TRUE(compiled.timeline.has_value());
  return *compiled.timeline;
}

// Each wait moves the simulated clock on by the wait; a key is pressed once the
// clock reaches its time. Keys at time 0 after the run are prompt answers.
class ScriptedKeys final : public KeySource {
 public:
  ScriptedKeys(SimulatedClock& clock, std::deque<std::pair<SampleIndex, char>> script)
      : clock_(clock), script_(std::move(script)) {}

  std::optional<char> wait_for_key(std::chrono::milliseconds timeout) override {
    if (!script_.empty() && script_.front().first <= clock_.now()) {
      const char key = script_.front().second;
      script_.pop_front();
      return key;
    }
    clock_.advance(timeout.count() * kRate / 1000);
    return std::nullopt;
  }
  bool ended() const { return script_.empty(); }

 private:
  SimulatedClock& clock_;
  std::deque<std::pair<SampleIndex, char>> script_;
};

class RecordingListener final : public GuidedListener {
 public:
  void step_ended(const StepTiming& timing) override { steps.push_back(timing); }
  void pause_changed(bool paused) override { pauses.push_back(paused); }
  void stopped() override { ++stops; }
  std::vector<StepTiming> steps;
  std::vector<bool> pauses;
  int stops = 0;
};

struct Harness {
  SimulatedClock clock;
  ScriptedKeys keys;
  Prompter input;
  std::ostringstream out;
  RecordingListener listener;
  explicit Harness(std::deque<std::pair<SampleIndex, char>> script, bool line_mode = false)
      : keys(clock, std::move(script)),
        input(
            keys, line_mode, [this] { return keys.ended(); }, nullptr) {}
  GuidedResult run(const practice::Timeline& timeline, bool animate = false) {
    GuidedOptions options;
    options.animate = animate;
    return run_guided(timeline, clock, input, out, options, listener);
  }
};

TEST(GuidedSession, ReportsEveryStepAsItEndsWithPlannedTime) {
  const auto timeline = timeline_of("core-nasopharynx", 1);
  Harness harness({});
  const auto result = harness.run(timeline);
  EXPECT_EQ(result.end, GuidedEnd::kCompleted);
  ASSERT_EQ(harness.listener.steps.size(), timeline.steps.size());
  for (std::size_t i = 0; i < timeline.steps.size(); ++i) {
    const auto& step = timeline.steps[i];
    const auto& timing = harness.listener.steps[i];
    EXPECT_EQ(timing.index, static_cast<int>(i));
    EXPECT_EQ(timing.step_id, step.id);
    EXPECT_DOUBLE_EQ(timing.planned_seconds, static_cast<double>(step.end - step.start) / kRate);
    EXPECT_DOUBLE_EQ(timing.actual_seconds, timing.planned_seconds);
    EXPECT_TRUE(timing.finished);
  }
  EXPECT_EQ(harness.listener.stops, 0);
  EXPECT_NE(harness.out.str().find("Step 1 of 5: Settle the breath"), std::string::npos) << harness.out.str();
  EXPECT_NE(harness.out.str().find("Session complete."), std::string::npos);
}

TEST(GuidedSession, PauseStopsTheSessionClockAndLengthensTheStepItHappensIn) {
  const auto timeline = timeline_of("core-nasopharynx", 1);
  const auto& first = timeline.steps.front();
  const SampleIndex pause_at = first.start + kRate;     // one second into the first step
  const SampleIndex resume_at = pause_at + 10 * kRate;  // ten seconds later on the wall clock
  Harness harness({{pause_at, 'p'}, {resume_at, 'p'}});
  const auto result = harness.run(timeline);
  EXPECT_EQ(result.end, GuidedEnd::kCompleted);
  EXPECT_EQ(harness.listener.pauses, (std::vector<bool>{true, false}));
  ASSERT_FALSE(harness.listener.steps.empty());
  const auto& timing = harness.listener.steps.front();
  // The pause lasted from the first key the loop saw to the second: within one
  // 50 ms poll of the scripted ten seconds.
  EXPECT_NEAR(timing.actual_seconds - timing.planned_seconds, 10.0, 0.1);
  EXPECT_DOUBLE_EQ(harness.listener.steps[1].actual_seconds, harness.listener.steps[1].planned_seconds);
  EXPECT_NE(harness.out.str().find("Paused."), std::string::npos);
}

TEST(GuidedSession, StopEndsAtOnceAndRecordsTheStepInProgressAsShort) {
  const auto timeline = timeline_of("core-nasopharynx", 1);
  const auto& second = timeline.steps.at(1);
  const SampleIndex stop_at = second.start + 5 * kRate;
  Harness harness({{stop_at, 's'}});
  const auto result = harness.run(timeline);
  EXPECT_EQ(result.end, GuidedEnd::kStopped);
  EXPECT_EQ(harness.listener.stops, 1);
  ASSERT_EQ(harness.listener.steps.size(), 2U);  // the first, and the second cut short; nothing after
  EXPECT_TRUE(harness.listener.steps[0].finished);
  const auto& cut = harness.listener.steps[1];
  EXPECT_FALSE(cut.finished);
  EXPECT_NEAR(cut.actual_seconds, 5.0, 0.06);
  EXPECT_GT(cut.planned_seconds, cut.actual_seconds);
}

TEST(GuidedSession, SpaceStopsLikeS) {
  const auto timeline = timeline_of("breathing-only", 1);
  Harness harness({{timeline.steps.front().start + kRate, ' '}});
  EXPECT_EQ(harness.run(timeline).end, GuidedEnd::kStopped);
  EXPECT_EQ(harness.listener.stops, 1);
}

TEST(GuidedSession, HoldBuildUpStepsReportTheirExactHoldTime) {
  const auto& pinch = routine("soft-palate-pinch");
  const practice::Step* build_up = nullptr;
  for (const auto& step : pinch.steps) {
    if (step.hold_build_up) build_up = &step;
  }
  ASSERT_NE(build_up, nullptr);
  const int hold_stage = static_cast<int>(build_up->hold_build_up->holds.size()) - 1;
  const auto timeline = timeline_of("soft-palate-pinch", 0, hold_stage);
  Harness harness({});
  ASSERT_EQ(harness.run(timeline).end, GuidedEnd::kCompleted);
  const auto timing = std::find_if(harness.listener.steps.begin(), harness.listener.steps.end(),
                                   [&](const StepTiming& t) { return t.step_id == build_up->id; });
  ASSERT_NE(timing, harness.listener.steps.end());
  EXPECT_DOUBLE_EQ(timing->hold_seconds, build_up->hold_build_up->holds.back().count());
  EXPECT_NE(harness.out.str().find("Squeeze and hold for"), std::string::npos) << harness.out.str();
}

TEST(SessionView, LongLinesAreCutBetweenWordsNotInsideOne) {
  SessionFrame frame;
  frame.step = 0;
  frame.step_count = 5;
  frame.title = "Rest the thumb behind the soft palate edge and let the whole throat soften";
  frame.instruction =
      "Breathe out slowly through the nose while the thumb rests without pressing; let the palate, the "
      "tongue and the jaw grow heavy and warm, again and again, until the breath is slow.";
  const std::string text = render_session_frame(frame, 40, false);
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    EXPECT_LE(display_columns(text.substr(start, end - start)), 40u) << text.substr(start, end - start);
    start = end + 1;
  }
  // Cut after "BEHIND", not inside "THE"; the instruction's second line ends a word too.
  EXPECT_NE(text.find("  STEP 1 OF 5: REST THE THUMB BEHIND…\n"), std::string::npos) << text;
  EXPECT_NE(text.find("  Breathe out slowly through the nose\n"), std::string::npos) << text;
  EXPECT_NE(text.find("…\n"), std::string::npos) << text;
}

TEST(SessionView, ShowsStepHoldAndTimeLeft) {
  const auto timeline = timeline_of("core-nasopharynx", 1);
  const SessionView view(timeline);
  const auto& first = timeline.steps.front();
  const auto frame = view.frame_at(first.start + kRate);
  EXPECT_EQ(frame.step, 0);
  EXPECT_EQ(frame.title, first.title);
  EXPECT_NEAR(frame.step_seconds_left, static_cast<double>(first.end - first.start) / kRate - 1.0, 1e-9);
  const std::string text = render_session_frame(frame, 80, false);
  EXPECT_NE(text.find("STEP 1 OF 5: SETTLE THE BREATH"), std::string::npos) << text;
  EXPECT_NE(text.find("Session"), std::string::npos);
  EXPECT_NE(render_session_frame(frame, 80, true).find("PAUSED"), std::string::npos);
  EXPECT_TRUE(view.frame_at(timeline.total_samples).finished);
  EXPECT_EQ(view.frame_at(0).title, "Get ready");
}

TEST(SessionPrompts, ChecklistNoOnNailsExplainsAndDoesNotStart) {
  Harness harness({{0, 'n'}});
  const auto ready =
      run_checklist(practice::hygiene_checklist(routine("core-nasopharynx")), harness.input, harness.out);
  ASSERT_TRUE(ready.has_value());
  EXPECT_FALSE(*ready);
  EXPECT_NE(harness.out.str().find("sharp, stabbing pain"), std::string::npos) << harness.out.str();
  EXPECT_NE(harness.out.str().find("has not started"), std::string::npos);
}

TEST(SessionPrompts, ChecklistAllYesStartsAndOtherKeysAreIgnored) {
  Harness harness({{0, 'x'}, {0, 'y'}, {0, 'y'}, {0, 'y'}, {0, 'y'}, {0, 'y'}, {0, 'y'}});
  const auto ready =
      run_checklist(practice::hygiene_checklist(routine("core-nasopharynx")), harness.input, harness.out);
  ASSERT_TRUE(ready.has_value());
  EXPECT_TRUE(*ready);
}

TEST(SessionPrompts, ChecklistAsksThePracticeLayersQuestionsInTheRoutinesOrder) {
  Harness harness({{0, 'y'}, {0, 'y'}, {0, 'y'}, {0, 'y'}, {0, 'y'}, {0, 'y'}});
  const auto checklist = practice::hygiene_checklist(routine("core-nasopharynx"));
  ASSERT_TRUE(run_checklist(checklist, harness.input, harness.out).value_or(false));
  std::size_t at = 0;
  for (const auto& question : checklist) {
    at = harness.out.str().find(question.question, at);
    EXPECT_NE(at, std::string::npos) << question.question;
  }
}

TEST(SessionPrompts, ChecklistWithEndedInputHasNoAnswer) {
  Harness harness({{0, 'y'}});
  EXPECT_FALSE(
      run_checklist(practice::hygiene_checklist(routine("core-nasopharynx")), harness.input, harness.out)
          .has_value());
}

TEST(SessionPrompts, StopReasonIsOneKeyAndOtherTakesWords) {
  {
    Harness harness({{0, '2'}, {0, '\n'}});
    const auto reason = ask_stop_reason(harness.input, harness.out);
    ASSERT_TRUE(reason.has_value());
    EXPECT_EQ(reason->signal, practice::StopSignal::kBleeding);
  }
  {
    const char other = static_cast<char>('0' + practice::stop_choices().size() - 1);
    Harness harness({{0, other}, {0, 'c'}, {0, 'o'}, {0, 'l'}, {0, 'x'}, {0, '\x7f'}, {0, 'd'}, {0, '\n'}});
    const auto reason = ask_stop_reason(harness.input, harness.out);
    ASSERT_TRUE(reason.has_value());
    EXPECT_FALSE(reason->signal.has_value());
    EXPECT_FALSE(reason->interrupted);
    EXPECT_EQ(reason->text, "cold");
  }
}

TEST(SessionPrompts, TheStopMenuOffersAHarmlessInterruptionAsItsLastChoice) {
  const char last = static_cast<char>('0' + practice::stop_choices().size());
  Harness harness({{0, last}, {0, '\n'}});
  const auto reason = ask_stop_reason(harness.input, harness.out);
  ASSERT_TRUE(reason.has_value());
  EXPECT_TRUE(reason->interrupted);
  EXPECT_FALSE(reason->signal.has_value());
  EXPECT_EQ(reason->text, "") << "no words are needed: nothing went wrong";
  EXPECT_EQ(journal::stop_reason_spelling(*reason), "interrupted");
  EXPECT_NE(harness.out.str().find(fmt::format("  {}  Interrupted, nothing wrong", last)), std::string::npos)
      << harness.out.str();
}

TEST(SessionPrompts, RatingReadsPainAndTogglesSensationsFromTheExpectList) {
  const auto& step = routine("core-nasopharynx").steps.at(2);  // expects gagging, salivation, watering eyes
  ASSERT_GE(step.expect.size(), 3U);
  Harness harness({{0, '4'}, {0, '1'}, {0, '3'}, {0, '1'}, {0, '2'}, {0, '\n'}});
  const auto rating = ask_step_rating(step, harness.input, harness.out);
  ASSERT_TRUE(rating.has_value());
  EXPECT_EQ(rating->pain, 4);
  EXPECT_EQ(rating->sensations, (std::vector<practice::Sensation>{step.expect[2], step.expect[1]}));
}

TEST(SessionPrompts, RatingDefaultsToZeroAndTMeansTen) {
  const auto& step = routine("core-nasopharynx").steps.front();
  {
    Harness harness({{0, '\n'}, {0, '\n'}});
    EXPECT_EQ(ask_step_rating(step, harness.input, harness.out)->pain, 0);
  }
  {
    Harness harness({{0, 't'}, {0, '\n'}});
    EXPECT_EQ(ask_step_rating(step, harness.input, harness.out)->pain, 10);
  }
}

TEST(SessionPrompts, LineModeTakesOneLinePerAnswer) {
  const auto& step = routine("core-nasopharynx").steps.at(2);
  std::deque<std::pair<SampleIndex, char>> script;
  for (const char c : std::string("yes\n5\n12\n")) script.emplace_back(0, c);
  Harness harness(script, /*line_mode=*/true);
  EXPECT_EQ(ask_yes_no("Ready?", harness.input, harness.out), true);
  const auto rating = ask_step_rating(step, harness.input, harness.out);
  ASSERT_TRUE(rating.has_value());
  EXPECT_EQ(rating->pain, 5);
  EXPECT_EQ(rating->sensations, (std::vector<practice::Sensation>{step.expect[0], step.expect[1]}));
}

TEST(SessionPrompts, LineModeKeepsAnswersTypedDuringTheRunForLater) {
  const auto timeline = timeline_of("breathing-only", 1);
  std::deque<std::pair<SampleIndex, char>> script;
  for (const char c : std::string("n\n")) script.emplace_back(0, c);
  Harness harness(script, /*line_mode=*/true);
  EXPECT_EQ(harness.run(timeline).end, GuidedEnd::kCompleted);
  EXPECT_EQ(ask_yes_no("Aftercare?", harness.input, harness.out), false);
}

}  // namespace
}  // namespace velum::cli
