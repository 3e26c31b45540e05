// The Timeline compiler: exact sample positions for hand-computed routines,
// diagnostics for bad input, and properties over generated routines.

#include "practice/timeline.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>

namespace velum::practice {
namespace {

constexpr int kCdRate = 44100;
constexpr int kStudioRate = 48000;

Step breathing_step(std::string id, double seconds, std::string pattern = {}) {
  Step step;
  step.id = std::move(id);
  step.title = "Step " + step.id;
  step.instruction = "Sit upright and breathe.";
  step.duration = Seconds{seconds};
  step.pattern = std::move(pattern);
  return step;
}

Routine one_step_routine(double preparation_seconds, Step step) {
  Routine routine;
  routine.id = "test-routine";
  routine.title = "Test";
  routine.preparation_countdown = Seconds{preparation_seconds};
  routine.steps.push_back(std::move(step));
  return routine;
}

std::vector<Event> of_kind(const Timeline& timeline, EventKind kind, int step = -2) {
  std::vector<Event> found;
  for (const auto& event : timeline.events) {
    if (event.kind == kind && (step == -2 || event.step == step)) found.push_back(event);
  }
  return found;
}

bool has_error_on(const TimelineResult& result, std::string_view field) {
  return std::any_of(result.diagnostics.begin(), result.diagnostics.end(),
                     [&](const Diagnostic& d) { return d.severity == Severity::kError && d.field == field; });
}

// A box step of 10 s after a 2 s countdown: inhale 4, hold 4, then the exhale
// is cut at the step end after 2 s. Positions worked out by hand.
struct HandExample {
  int rate;
  SampleIndex step_start, hold_in, exhale, step_end, midway, session_end;
};

class TimelineHandComputed : public ::testing::TestWithParam<HandExample> {};

TEST_P(TimelineHandComputed, PlacesEveryBoundaryOnTheExactSample) {
  const HandExample& expected = GetParam();
  TimelineSettings settings;
  settings.sample_rate_hz = expected.rate;
  settings.spoken_cues = false;
  auto result = compile_timeline(one_step_routine(2.0, breathing_step("settle", 10.0, "box")), settings);
  ASSERT_TRUE(result.timeline) << (result.diagnostics.empty() ? "" : result.diagnostics[0].message);
  const Timeline& timeline = *result.timeline;
  ASSERT_EQ(timeline.steps.size(), 1u);
  EXPECT_EQ(timeline.steps[0].start, expected.step_start);
  EXPECT_EQ(timeline.steps[0].end, expected.step_end);
  const auto phases = of_kind(timeline, EventKind::kPhase);
  ASSERT_EQ(phases.size(), 3u);
  EXPECT_EQ(phases[0].phase, BreathPhase::kInhale);
  EXPECT_EQ(phases[0].sample, expected.step_start);
  EXPECT_EQ(phases[1].phase, BreathPhase::kHoldIn);
  EXPECT_EQ(phases[1].sample, expected.hold_in);
  EXPECT_EQ(phases[2].phase, BreathPhase::kExhale);
  EXPECT_EQ(phases[2].sample, expected.exhale);
  EXPECT_EQ(phases[2].duration_samples, expected.step_end - expected.exhale);
  EXPECT_EQ(of_kind(timeline, EventKind::kStepMidway).at(0).sample, expected.midway);
  EXPECT_EQ(of_kind(timeline, EventKind::kPreparationStart).at(0).duration_samples, expected.step_start);
  EXPECT_EQ(timeline.total_samples, expected.session_end);
  EXPECT_EQ(of_kind(timeline, EventKind::kSessionEnd).at(0).sample, expected.session_end);
}

// 2 s, 6 s, 10 s, 12 s and 12 s + 5 s ring-out, times the rate; midway at 7 s.
INSTANTIATE_TEST_SUITE_P(
    AtCommonRates, TimelineHandComputed,
    ::testing::Values(HandExample{kCdRate, 88200, 264600, 441000, 529200, 308700, 749700},
                      HandExample{kStudioRate, 96000, 288000, 480000, 576000, 336000, 816000}));

TEST(Timeline, RoundsAFractionalStepLengthOnceAndTilesItExactly) {
  // 1/3 s does not fall on a sample at 44.1 kHz: 7.3333 s -> 323400 samples.
  TimelineSettings settings;
  settings.sample_rate_hz = kCdRate;
  settings.spoken_cues = false;
  auto result =
      compile_timeline(one_step_routine(0.0, breathing_step("odd", 22.0 / 3.0, "diaphragmatic")), settings);
  ASSERT_TRUE(result.timeline);
  const auto& span = result.timeline->steps[0];
  EXPECT_EQ(span.end - span.start, 323400);
  SampleIndex sum = 0;
  for (const auto& phase : of_kind(*result.timeline, EventKind::kPhase)) sum += phase.duration_samples;
  EXPECT_EQ(sum, 323400);
}

TEST(Timeline, LeavesAQuietTransitionBetweenSteps) {
  Routine routine = one_step_routine(0.0, breathing_step("a", 10.0));
  routine.steps.push_back(breathing_step("b", 10.0));
  TimelineSettings settings;
  settings.transition = Seconds{3.0};
  auto result = compile_timeline(routine, settings);
  ASSERT_TRUE(result.timeline);
  EXPECT_EQ(result.timeline->steps[1].start - result.timeline->steps[0].end, 3 * kStudioRate);
  for (const auto& phase : of_kind(*result.timeline, EventKind::kPhase)) {
    EXPECT_FALSE(phase.sample >= result.timeline->steps[0].end &&
                 phase.sample < result.timeline->steps[1].start)
        << "a breath phase sounds during the quiet transition at sample " << phase.sample;
  }
  const auto bells = of_kind(*result.timeline, EventKind::kBell);
  ASSERT_EQ(bells.size(), 5u);  // two step changes, two midways, one closing
  EXPECT_EQ(bells.back().bell, BellKind::kClosing);
  EXPECT_EQ(bells.back().sample, result.timeline->steps[1].end);
}

TEST(Timeline, IncludesOnlyStepsUpToTheChosenStage) {
  Routine routine = one_step_routine(0.0, breathing_step("first", 10.0));
  Step later = breathing_step("later", 10.0);
  later.stage = 2;
  routine.steps.push_back(later);
  TimelineSettings settings;
  settings.stage = 1;
  auto result = compile_timeline(routine, settings);
  ASSERT_TRUE(result.timeline);
  ASSERT_EQ(result.timeline->steps.size(), 1u);
  EXPECT_EQ(result.timeline->steps[0].id, "first");
  settings.stage = 0;
  EXPECT_EQ(compile_timeline(routine, settings).timeline->steps.size(), 2u);
}

TEST(Timeline, MarksEachRepetitionOfARepeatedStep) {
  Step swallow = breathing_step("swallow", 6.0);
  swallow.repetitions = 3;
  auto result = compile_timeline(one_step_routine(0.0, swallow), TimelineSettings{});
  ASSERT_TRUE(result.timeline);
  const auto repetitions = of_kind(*result.timeline, EventKind::kRepetition);
  ASSERT_EQ(repetitions.size(), 3u);
  for (int k = 0; k < 3; ++k) {
    EXPECT_EQ(repetitions[static_cast<std::size_t>(k)].repetition, k + 1);
    EXPECT_EQ(repetitions[static_cast<std::size_t>(k)].sample, k * 6 * kStudioRate);
    EXPECT_EQ(repetitions[static_cast<std::size_t>(k)].duration_samples, 6 * kStudioRate);
  }
  EXPECT_EQ(result.timeline->steps[0].end, 18 * kStudioRate);
}

TEST(Timeline, HoldsForTheChosenHoldStageWithRestsBetween) {
  Step squeeze = breathing_step("pinch", 20.0);
  squeeze.action = Action::kSqueeze;
  squeeze.hold_build_up = HoldBuildUp{{Seconds{0.5}, Seconds{2.0}}, 1, Seconds{5.0}};
  TimelineSettings settings;
  settings.hold_stage = 1;
  auto result = compile_timeline(one_step_routine(0.0, squeeze), settings);
  ASSERT_TRUE(result.timeline);
  const auto starts = of_kind(*result.timeline, EventKind::kHoldStart);
  const auto ends = of_kind(*result.timeline, EventKind::kHoldEnd);
  // Holds start at 0, 7 and 14 s; one at 21 s would pass the 20 s step end.
  ASSERT_EQ(starts.size(), 3u);
  ASSERT_EQ(ends.size(), 3u);
  EXPECT_EQ(starts[1].sample, 7 * kStudioRate);
  EXPECT_EQ(starts[1].duration_samples, 2 * kStudioRate);
  EXPECT_EQ(ends[1].sample, 9 * kStudioRate);
}

TEST(Timeline, WarnsAndUsesTheLastHoldWhenTheHoldStageIsPastTheEnd) {
  Step squeeze = breathing_step("pinch", 20.0);
  squeeze.hold_build_up = HoldBuildUp{{Seconds{0.5}, Seconds{2.0}}, 1, Seconds{5.0}};
  TimelineSettings settings;
  settings.hold_stage = 9;
  auto result = compile_timeline(one_step_routine(0.0, squeeze), settings);
  ASSERT_TRUE(result.timeline);
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].severity, Severity::kWarning);
  EXPECT_EQ(of_kind(*result.timeline, EventKind::kHoldStart).at(0).duration_samples, 2 * kStudioRate);
}

TEST(Timeline, AnnouncesTheInstructionAndStartCueJustBeforeTheStep) {
  Step step = breathing_step("settle", 30.0);
  step.instruction = "Sit upright and let the breath slow down.";  // 8 words: 3.2 s
  step.cues.start = "Breathe in through the nose.";                // 5 words: 2 s
  auto result = compile_timeline(one_step_routine(10.0, step), TimelineSettings{});
  ASSERT_TRUE(result.timeline);
  const auto cues = of_kind(*result.timeline, EventKind::kCue);
  ASSERT_EQ(cues.size(), 2u);
  EXPECT_EQ(cues[0].text, step.instruction);
  EXPECT_EQ(cues[0].sample, static_cast<SampleIndex>(9.5 * kStudioRate));
  EXPECT_EQ(cues[0].duration_samples, static_cast<SampleIndex>(3.2 * kStudioRate));
  // The start cue waits for the instruction to finish, plus the gap.
  EXPECT_EQ(cues[1].sample, static_cast<SampleIndex>((9.5 + 3.2 + 0.25) * kStudioRate));
}

TEST(Timeline, KeepsTheSessionOpenUntilALateCueIsSpoken) {
  Step step = breathing_step("short", 2.0);
  step.instruction =
      "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen";
  step.cues.end = "and a long closing sentence of many words spoken after the end";
  auto result = compile_timeline(one_step_routine(0.0, step), TimelineSettings{});
  ASSERT_TRUE(result.timeline);
  const auto cues = of_kind(*result.timeline, EventKind::kCue);
  ASSERT_EQ(cues.size(), 2u);
  EXPECT_EQ(result.timeline->total_samples, cues[1].sample + cues[1].duration_samples);
}

TEST(Timeline, LeavesCuesOutWhenSpokenCuesAreOff) {
  TimelineSettings settings;
  settings.spoken_cues = false;
  auto result = compile_timeline(one_step_routine(0.0, breathing_step("a", 10.0)), settings);
  ASSERT_TRUE(result.timeline);
  EXPECT_TRUE(of_kind(*result.timeline, EventKind::kCue).empty());
}

TEST(Timeline, RampsEachPhaseLinearlyOverTheGivenBreaths) {
  Step step = breathing_step("slow-down", 100.0, "diaphragmatic");  // 4-0-6-0
  step.ramp = BreathRamp{"pranayama", 4, std::nullopt};             // to 4-0-8-0
  TimelineSettings settings;
  settings.sample_rate_hz = kStudioRate;
  auto result = compile_timeline(one_step_routine(0.0, step), settings);
  ASSERT_TRUE(result.timeline);
  std::vector<SampleIndex> exhales;
  for (const auto& phase : of_kind(*result.timeline, EventKind::kPhase)) {
    if (phase.phase == BreathPhase::kExhale) exhales.push_back(phase.duration_samples);
  }
  ASSERT_GE(exhales.size(), 6u);
  // Breath i of 4 exhales for 6 + 2 * i/4 s; from breath 4 on, the target's 8 s.
  const double expected_seconds[] = {6.0, 6.5, 7.0, 7.5, 8.0, 8.0};
  for (std::size_t i = 0; i < 6; ++i) {
    EXPECT_EQ(exhales[i], static_cast<SampleIndex>(expected_seconds[i] * kStudioRate)) << "breath " << i;
  }
}

TEST(Timeline, ReportsAnUnknownPatternWithASuggestion) {
  auto result = compile_timeline(one_step_routine(0.0, breathing_step("a", 10.0, "bxo")), TimelineSettings{});
  EXPECT_FALSE(result.timeline);
  ASSERT_TRUE(has_error_on(result, "step[0].pattern"));
  EXPECT_NE(result.diagnostics[0].message.find("'bxo'"), std::string::npos);
  EXPECT_EQ(result.diagnostics[0].hint, "did you mean 'box'?");
}

TEST(Timeline, ReportsAnUnknownPatternOverride) {
  TimelineSettings settings;
  settings.pattern_override = "resonanse";
  auto result = compile_timeline(one_step_routine(0.0, breathing_step("a", 10.0)), settings);
  EXPECT_FALSE(result.timeline);
  ASSERT_TRUE(has_error_on(result, "pattern"));
  EXPECT_EQ(result.diagnostics[0].hint, "did you mean 'resonance'?");
}

TEST(Timeline, RejectsASampleRateOutsideTheSupportedRange) {
  for (int rate : {0, -48000, kMinSampleRateHz - 1, kMaxSampleRateHz + 1}) {
    TimelineSettings settings;
    settings.sample_rate_hz = rate;
    auto result = compile_timeline(one_step_routine(0.0, breathing_step("a", 10.0)), settings);
    EXPECT_FALSE(result.timeline) << rate;
    EXPECT_TRUE(has_error_on(result, "sample_rate_hz")) << rate;
  }
}

TEST(Timeline, RejectsZeroNegativeAndEndlessStepDurations) {
  for (double seconds : {0.0, -5.0, std::nan(""), 1e12}) {
    auto result = compile_timeline(one_step_routine(0.0, breathing_step("a", seconds)), TimelineSettings{});
    EXPECT_FALSE(result.timeline) << seconds;
    EXPECT_TRUE(has_error_on(result, "step[0].duration_seconds")) << seconds;
  }
}

TEST(Timeline, RejectsRepetitionsAndHoldsTooShortToFollow) {
  Step swallow = breathing_step("swallow", 0.001);
  swallow.repetitions = 1000;
  auto result = compile_timeline(one_step_routine(0.0, swallow), TimelineSettings{});
  EXPECT_FALSE(result.timeline);
  EXPECT_TRUE(has_error_on(result, "step[0].duration_seconds"));
  Step squeeze = breathing_step("pinch", 60.0);
  squeeze.hold_build_up = HoldBuildUp{{Seconds{0.001}}, 1, Seconds{0}};
  result = compile_timeline(one_step_routine(0.0, squeeze), TimelineSettings{});
  EXPECT_FALSE(result.timeline);
  EXPECT_TRUE(has_error_on(result, "step[0].hold_build_up.rest_seconds"));
}

TEST(Timeline, RejectsAPhaseLongerThanTheMaximum) {
  Routine routine = one_step_routine(0.0, breathing_step("a", 10.0, "mine"));
  routine.patterns.push_back(
      BreathPattern{"mine", "Mine", Seconds{4}, Seconds{0}, kMaxPhase + Seconds{1}, Seconds{0}});
  auto result = compile_timeline(routine, TimelineSettings{});
  EXPECT_FALSE(result.timeline);
  ASSERT_TRUE(has_error_on(result, "step[0].pattern"));
  EXPECT_NE(result.diagnostics[0].message.find("exhale"), std::string::npos);
}

TEST(Timeline, RejectsANegativeStageAndAStageWithoutSteps) {
  Step later = breathing_step("later", 10.0);
  later.stage = 3;
  TimelineSettings settings;
  settings.stage = -1;
  EXPECT_TRUE(has_error_on(compile_timeline(one_step_routine(0.0, later), settings), "stage"));
  settings.stage = 2;
  auto result = compile_timeline(one_step_routine(0.0, later), settings);
  EXPECT_FALSE(result.timeline);
  EXPECT_TRUE(has_error_on(result, "stage"));
}

TEST(Timeline, RejectsARampWithoutALength) {
  Step step = breathing_step("a", 60.0);
  step.ramp = BreathRamp{"resonance", std::nullopt, std::nullopt};
  auto result = compile_timeline(one_step_routine(0.0, step), TimelineSettings{});
  EXPECT_FALSE(result.timeline);
  EXPECT_TRUE(has_error_on(result, "step[0].ramp"));
}

TEST(Pacer, RepeatsThePatternForTheWholeLengthWithoutDrift) {
  const auto box = *find_preset("box");
  const Seconds thirty_minutes{30.0 * 60.0};
  auto result = compile_pacer(box, thirty_minutes, std::nullopt, std::nullopt, kCdRate);
  ASSERT_TRUE(result.timeline);
  const auto phases = of_kind(*result.timeline, EventKind::kPhase);
  // 1800 s / 4 s per phase: 450 phases, phase k exactly at k * 4 s.
  ASSERT_EQ(phases.size(), 450u);
  for (std::size_t k = 0; k < phases.size(); ++k) {
    ASSERT_EQ(phases[k].sample, static_cast<SampleIndex>(k) * 4 * kCdRate) << "phase " << k;
  }
  EXPECT_EQ(result.timeline->total_samples, 1800LL * kCdRate);
}

TEST(Pacer, KeepsAnIrrationalBreathOnTheGridAfterHalfAnHour) {
  // 5.5-0-5.5-0 at 44.1 kHz is exact, but 1/3-second phases are not: use a
  // pattern of 10/3 s phases and check the last breath against one rounding.
  BreathPattern thirds{"thirds", "Thirds", Seconds{10.0 / 3.0}, Seconds{0}, Seconds{10.0 / 3.0}, Seconds{0}};
  auto result = compile_pacer(thirds, Seconds{1800.0}, std::nullopt, std::nullopt, kCdRate);
  ASSERT_TRUE(result.timeline);
  const auto phases = of_kind(*result.timeline, EventKind::kPhase);
  ASSERT_EQ(phases.size(), 540u);
  EXPECT_EQ(phases.back().sample, std::llround(539 * (10.0 / 3.0) * kCdRate));
}

TEST(Pacer, RejectsAZeroLengthAndAMissingRampTarget) {
  const auto box = *find_preset("box");
  EXPECT_TRUE(
      has_error_on(compile_pacer(box, Seconds{0}, std::nullopt, std::nullopt, kStudioRate), "minutes"));
  auto result =
      compile_pacer(box, Seconds{60}, std::nullopt, BreathRamp{"nope", 3, std::nullopt}, kStudioRate);
  EXPECT_FALSE(result.timeline);
  EXPECT_TRUE(has_error_on(result, "ramp"));
}

TEST(Pacer, RejectsABreathTooShortToFollow) {
  BreathPattern frantic{"frantic", "Frantic", Seconds{0.2}, Seconds{0}, Seconds{0.2}, Seconds{0}};
  auto result = compile_pacer(frantic, Seconds{60}, std::nullopt, std::nullopt, kStudioRate);
  EXPECT_FALSE(result.timeline);
  EXPECT_NE(result.diagnostics.at(0).message.find("too short"), std::string::npos);
}

TEST(Pacer, NamesEachPhaseAHalfSecondBeforeItBegins) {
  auto result = compile_pacer(*find_preset("box"), Seconds{32}, std::nullopt, std::nullopt, kStudioRate);
  ASSERT_TRUE(result.timeline);
  add_phase_cues(*result.timeline);
  const auto cues = of_kind(*result.timeline, EventKind::kCue);
  ASSERT_EQ(cues.size(), 8u);  // two box breaths
  EXPECT_EQ(cues[0].text, "Breathe in");
  EXPECT_EQ(cues[0].sample, 0);  // nothing comes before the first phase
  EXPECT_EQ(cues[1].text, "Hold");
  EXPECT_EQ(cues[1].sample, static_cast<SampleIndex>(3.5 * kStudioRate));
  EXPECT_EQ(cues[1].duration_samples, static_cast<SampleIndex>(0.4 * kStudioRate));
  EXPECT_TRUE(std::is_sorted(result.timeline->events.begin(), result.timeline->events.end(),
                             [](const Event& a, const Event& b) {
                               return a.sample != b.sample ? a.sample < b.sample : a.kind < b.kind;
                             }));
}

TEST(Pacer, LeavesOutPhaseNamesThereIsNoTimeToSay) {
  // 0.5 s phases: "Breathe in" takes 0.8 s, so the first cue cannot fit, and
  // later ones only some of the time.
  BreathPattern quick{"quick", "Quick", Seconds{0.5}, Seconds{0.5}, Seconds{0.5}, Seconds{0.5}};
  auto result = compile_pacer(quick, Seconds{8}, std::nullopt, std::nullopt, kStudioRate);
  ASSERT_TRUE(result.timeline);
  add_phase_cues(*result.timeline);
  const auto phases = of_kind(*result.timeline, EventKind::kPhase);
  const auto cues = of_kind(*result.timeline, EventKind::kCue);
  ASSERT_FALSE(cues.empty());
  EXPECT_LT(cues.size(), phases.size());
  EXPECT_EQ(cues[0].text, "Hold");
  SampleIndex previous_end = 0;
  for (const auto& cue : cues) {
    EXPECT_GE(cue.sample, previous_end);
    previous_end = cue.sample + cue.duration_samples;
    // It ends inside the phase it names: the phase that starts within kCueLead after its onset.
    const auto named = std::find_if(phases.begin(), phases.end(), [&](const Event& p) {
      return p.sample >= cue.sample && label(p.phase) == cue.text;
    });
    ASSERT_NE(named, phases.end());
    EXPECT_LE(previous_end, named->sample + named->duration_samples) << cue.text << " at " << cue.sample;
  }
}

// ---- properties over generated routines ----

rc::Gen<BreathPattern> gen_pattern() {
  // Tenths of a second keep the values readable in counterexamples.
  return rc::gen::apply(
      [](int inhale, int hold_in, int exhale, int hold_out) {
        return BreathPattern{"generated",
                             "Generated",
                             Seconds{inhale / 10.0},
                             Seconds{hold_in / 10.0},
                             Seconds{exhale / 10.0},
                             Seconds{hold_out / 10.0}};
      },
      rc::gen::inRange(5, 120), rc::gen::inRange(0, 80), rc::gen::inRange(5, 120), rc::gen::inRange(0, 80));
}

rc::Gen<std::string> gen_phrase() {
  return rc::gen::map(rc::gen::inRange(0, 25), [](int words) {
    std::string text;
    for (int w = 0; w < words; ++w) text += (w ? " " : "") + std::string("word");
    return text;
  });
}

rc::Gen<int> gen_rate() {
  return rc::gen::oneOf(rc::gen::element(8000, 11025, 22050, 44100, 48000, 96000, 192000),
                        rc::gen::inRange(kMinSampleRateHz, kMaxSampleRateHz + 1));
}

struct Generated {
  Routine routine;
  TimelineSettings settings;
};

Generated generate_routine() {
  Generated g;
  g.routine.id = "generated";
  g.routine.preparation_countdown = Seconds{*rc::gen::inRange(0, 300) / 10.0};
  BreathPattern local = *gen_pattern();
  local.name = "local";
  g.routine.patterns.push_back(local);
  const int steps = *rc::gen::inRange(1, 5);
  for (int i = 0; i < steps; ++i) {
    Step step;
    step.id = "s" + std::to_string(i);
    step.duration = Seconds{*rc::gen::inRange(10, 3000) / 10.0};
    step.stage = i == 0 ? 1 : *rc::gen::inRange(1, 3);  // stages start at 1, as the loader requires
    step.pattern = *rc::gen::element<std::string>("", "local", "box", "4-7-8", "resonance-5.5");
    step.instruction = *gen_phrase();
    step.cues = StepCues{*gen_phrase(), *gen_phrase(), *gen_phrase()};
    if (*rc::gen::inRange(0, 4) == 0) step.repetitions = *rc::gen::inRange(1, 6);
    if (*rc::gen::inRange(0, 3) == 0) {
      const bool by_breaths = *rc::gen::arbitrary<bool>();
      step.ramp = BreathRamp{
          *rc::gen::element<std::string>("local", "pranayama", "box"),
          by_breaths ? std::optional<int>(*rc::gen::inRange(1, 12)) : std::nullopt,
          by_breaths ? std::nullopt : std::optional<Seconds>(Seconds{*rc::gen::inRange(1, 600) / 10.0})};
    }
    g.routine.steps.push_back(step);
  }
  g.settings.sample_rate_hz = *gen_rate();
  g.settings.stage = *rc::gen::inRange(0, 3);
  g.settings.spoken_cues = *rc::gen::arbitrary<bool>();
  g.settings.transition = Seconds{*rc::gen::inRange(0, 100) / 10.0};
  return g;
}

Timeline compile_generated(const Generated& g) {
  auto result = compile_timeline(g.routine, g.settings);
  if (!result.timeline) {
    RC_FAIL("a valid generated routine did not compile: " + result.diagnostics.at(0).message + " (" +
            result.diagnostics.at(0).field + ")");
  }
  return *result.timeline;
}

RC_GTEST_PROP(TimelineProperty, EventsAreSortedBySampleThenKind, ()) {
  const Timeline timeline = compile_generated(generate_routine());
  for (std::size_t i = 1; i < timeline.events.size(); ++i) {
    const auto& a = timeline.events[i - 1];
    const auto& b = timeline.events[i];
    RC_ASSERT(a.sample < b.sample || (a.sample == b.sample && a.kind <= b.kind));
  }
  RC_ASSERT(timeline.events.front().sample >= 0);
  RC_ASSERT(timeline.events.back().kind == EventKind::kSessionEnd);
  RC_ASSERT(timeline.events.back().sample == timeline.total_samples);
}

RC_GTEST_PROP(TimelineProperty, PhasesTileEachStepExactly, ()) {
  const Timeline timeline = compile_generated(generate_routine());
  for (std::size_t s = 0; s < timeline.steps.size(); ++s) {
    const auto& span = timeline.steps[s];
    SampleIndex expected_start = span.start;
    SampleIndex sum = 0;
    for (const auto& event : timeline.events) {
      if (event.kind != EventKind::kPhase || event.step != static_cast<int>(s)) continue;
      RC_ASSERT(event.sample == expected_start);  // contiguous: no gap, no overlap
      RC_ASSERT(event.duration_samples > 0);
      expected_start += event.duration_samples;
      sum += event.duration_samples;
    }
    RC_ASSERT(sum == span.end - span.start);
  }
}

RC_GTEST_PROP(TimelineProperty, TotalsEqualTheSumOfTheParts, ()) {
  Generated g = generate_routine();
  g.settings.spoken_cues = false;  // cues may lengthen the session; see KeepsTheSessionOpen...
  const Timeline timeline = compile_generated(g);
  Seconds expected = g.routine.preparation_countdown;
  int included = 0;
  for (const auto& step : g.routine.steps) {
    if (g.settings.stage > 0 && step.stage > g.settings.stage) continue;
    expected += step.total_duration();
    ++included;
  }
  RC_ASSERT(static_cast<int>(timeline.steps.size()) == included);
  expected += g.settings.transition * static_cast<double>(included - 1) + kClosingRingOut;
  // The compiler adds the same seconds in step order; adding them in another
  // order may differ in the last bit, which can move a rounding by one sample.
  constexpr SampleIndex kSumOrderSlack = 1;
  const SampleIndex independent = std::llround(expected.count() * g.settings.sample_rate_hz);
  RC_ASSERT(std::llabs(timeline.total_samples - independent) <= kSumOrderSlack);
  // Each part rounds once, so the parts add up to the whole within one sample per boundary.
  SampleIndex parts = timeline.steps.front().start + (timeline.total_samples - timeline.steps.back().end);
  for (std::size_t i = 0; i < timeline.steps.size(); ++i) {
    parts += timeline.steps[i].end - timeline.steps[i].start;
    if (i > 0) parts += timeline.steps[i].start - timeline.steps[i - 1].end;
  }
  RC_ASSERT(parts == timeline.total_samples);
}

RC_GTEST_PROP(TimelineProperty, CuesNeverOverlap, ()) {
  Generated g = generate_routine();
  g.settings.spoken_cues = true;
  const Timeline timeline = compile_generated(g);
  SampleIndex previous_end = -1;
  for (const auto& event : timeline.events) {
    if (event.kind != EventKind::kCue) continue;
    RC_ASSERT(event.sample >= previous_end);
    RC_ASSERT(event.duration_samples > 0);
    previous_end = event.sample + event.duration_samples;
    RC_ASSERT(previous_end <= timeline.total_samples);
  }
}

RC_GTEST_PROP(TimelineProperty, SameInputGivesAnIdenticalTimeline, ()) {
  const Generated g = generate_routine();
  const auto first = compile_timeline(g.routine, g.settings);
  const auto second = compile_timeline(g.routine, g.settings);
  RC_ASSERT(first.timeline.has_value());
  RC_ASSERT(first.timeline->events == second.timeline->events);
  RC_ASSERT(first.timeline->steps == second.timeline->steps);
  RC_ASSERT(first.timeline->total_samples == second.timeline->total_samples);
}

RC_GTEST_PROP(PacerProperty, ARampMovesEachPhaseMonotonicallyToTheTarget, ()) {
  const BreathPattern from = *gen_pattern();
  const BreathPattern to = *gen_pattern();
  const int breaths = *rc::gen::inRange(1, 20);
  const int rate = *gen_rate();
  const Seconds total = (from.breath_length() + to.breath_length()) * static_cast<double>(breaths + 2);
  auto result = compile_pacer(from, total, to, BreathRamp{"generated", breaths, std::nullopt}, rate);
  RC_ASSERT(result.timeline.has_value());
  // A phase's length is the difference of two boundaries each rounded to the
  // nearest sample, so it may be off by one sample either way; two neighbours
  // may therefore run up to two samples against the trend.
  constexpr SampleIndex kRoundingSlack = 2;
  std::map<BreathPhase, std::vector<SampleIndex>> lengths;
  const auto& events = result.timeline->events;
  for (const auto& event : events) {
    if (event.kind == EventKind::kPhase) lengths[event.phase].push_back(event.duration_samples);
  }
  for (auto& [phase, values] : lengths) {
    values.pop_back();  // the last one may be cut by the end
    const Seconds a = phase == BreathPhase::kInhale   ? from.inhale
                      : phase == BreathPhase::kHoldIn ? from.hold_in
                      : phase == BreathPhase::kExhale ? from.exhale
                                                      : from.hold_out;
    const Seconds b = phase == BreathPhase::kInhale   ? to.inhale
                      : phase == BreathPhase::kHoldIn ? to.hold_in
                      : phase == BreathPhase::kExhale ? to.exhale
                                                      : to.hold_out;
    for (std::size_t i = 1; i < values.size(); ++i) {
      if (b >= a) {
        RC_ASSERT(values[i] + kRoundingSlack >= values[i - 1]);
      } else {
        RC_ASSERT(values[i] <= values[i - 1] + kRoundingSlack);
      }
    }
  }
}

}  // namespace
}  // namespace velum::practice
