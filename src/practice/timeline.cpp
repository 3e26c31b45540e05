#include "practice/timeline.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string_view>
#include <utility>

namespace velum::practice {
namespace {

std::vector<std::string_view> pattern_names(const Routine* routine) {
  std::vector<std::string_view> names;
  if (routine != nullptr) {
    for (const auto& pattern : routine->patterns) names.emplace_back(pattern.name);
  }
  for (const auto& pattern : preset_patterns()) names.emplace_back(pattern.name);
  return names;
}

std::string unknown_pattern_hint(std::string_view name, const Routine* routine) {
  const auto names = pattern_names(routine);
  const auto best = closest_match(name, names);
  if (!best.empty()) return fmt::format("did you mean '{}'?", best);
  std::string all;
  for (auto candidate : names) all += (all.empty() ? "" : ", ") + std::string(candidate);
  return "known patterns: " + all;
}

Diagnostic error(std::string field, std::string message, std::string hint = {}) {
  Diagnostic diagnostic;
  diagnostic.field = std::move(field);
  diagnostic.message = std::move(message);
  diagnostic.hint = std::move(hint);
  return diagnostic;
}

Diagnostic warning(std::string field, std::string message, std::string hint = {}) {
  Diagnostic diagnostic = error(std::move(field), std::move(message), std::move(hint));
  diagnostic.severity = Severity::kWarning;
  return diagnostic;
}

bool is_finite(Seconds value) { return std::isfinite(value.count()); }

void check_sample_rate(int sample_rate_hz, std::vector<Diagnostic>& out) {
  if (sample_rate_hz < kMinSampleRateHz || sample_rate_hz > kMaxSampleRateHz) {
    out.push_back(
        error("sample_rate_hz", fmt::format("sample rate {} Hz is out of range", sample_rate_hz),
              fmt::format("use a rate from {} to {} Hz, such as 48000", kMinSampleRateHz, kMaxSampleRateHz)));
  }
}

void check_pattern(const BreathPattern& pattern, const std::string& field, std::vector<Diagnostic>& out) {
  const std::pair<const char*, Seconds> phases[] = {{"inhale", pattern.inhale},
                                                    {"hold_in", pattern.hold_in},
                                                    {"exhale", pattern.exhale},
                                                    {"hold_out", pattern.hold_out}};
  bool phases_ok = true;
  for (const auto& [name, length] : phases) {
    const bool required = std::string_view(name) == "inhale" || std::string_view(name) == "exhale";
    if (!is_finite(length) || length.count() < 0 || length > kMaxPhase || (required && length.count() <= 0)) {
      phases_ok = false;
      out.push_back(error(
          field, fmt::format("pattern '{}': {} of {} s is not usable", pattern.name, name, length.count()),
          fmt::format("{} must be {} 0 and at most {} s", name, required ? "above" : "at least",
                      kMaxPhase.count())));
    }
  }
  if (phases_ok && pattern.breath_length() < kMinBreathLength) {
    out.push_back(error(field,
                        fmt::format("pattern '{}': a breath of {} s is too short to follow", pattern.name,
                                    pattern.breath_length().count()),
                        fmt::format("make one breath at least {} s long", kMinBreathLength.count())));
  }
}

void check_ramp(const BreathRamp& ramp, const std::string& field, std::vector<Diagnostic>& out) {
  if (ramp.over_breaths && ramp.over) {
    out.push_back(error(field, "the ramp gives both a number of breaths and a time",
                        "keep either over_breaths or over_seconds"));
  } else if (!ramp.over_breaths && !ramp.over) {
    out.push_back(
        error(field, fmt::format("the ramp to '{}' says neither how many breaths nor how long", ramp.target),
              "add over_breaths (such as 10) or over_seconds (such as 120)"));
  }
  if (ramp.over_breaths && *ramp.over_breaths <= 0) {
    out.push_back(error(field, fmt::format("the ramp over {} breaths is not possible", *ramp.over_breaths),
                        "use one breath or more"));
  }
  if (ramp.over && (!is_finite(*ramp.over) || ramp.over->count() <= 0 || *ramp.over > kMaxSessionLength)) {
    out.push_back(error(field, fmt::format("the ramp over {} s is not possible", ramp.over->count()),
                        "use a time above 0 s"));
  }
}

BreathPattern interpolate(const BreathPattern& from, const BreathPattern& to, double fraction) {
  auto mix = [fraction](Seconds a, Seconds b) { return a + (b - a) * fraction; };
  BreathPattern mixed = from;
  mixed.inhale = mix(from.inhale, to.inhale);
  mixed.hold_in = mix(from.hold_in, to.hold_in);
  mixed.exhale = mix(from.exhale, to.exhale);
  mixed.hold_out = mix(from.hold_out, to.hold_out);
  return mixed;
}

// Places events on the sample grid. Every position is one rounding of an
// absolute time in seconds, so errors never accumulate across a session.
class Placer {
 public:
  explicit Placer(int sample_rate_hz) : sample_rate_hz_(sample_rate_hz) {}

  SampleIndex at(Seconds time) const { return std::llround(time.count() * sample_rate_hz_); }

  void add(EventKind kind, SampleIndex sample, int step, SampleIndex duration_samples = 0) {
    Event event;
    event.kind = kind;
    event.sample = sample;
    event.step = step;
    event.duration_samples = duration_samples;
    events_.push_back(std::move(event));
  }

  Event& last() { return events_.back(); }
  std::vector<Event>& events() { return events_; }

  // Breath phases from `start` (seconds) tiling the samples [at(start), end)
  // exactly: each phase ends where the next begins, the last one at `end`.
  // With a ramp, breath i of the ramp uses the fraction of the ramp elapsed
  // at its start (i/N of the breaths, or elapsed time / ramp time).
  void add_breaths(Seconds start, SampleIndex end, int step, const BreathPattern& from,
                   const BreathPattern* ramp_to, const BreathRamp* ramp) {
    const SampleIndex first = at(start);
    std::optional<std::pair<BreathPhase, SampleIndex>> pending;
    auto boundary = [&](BreathPhase phase, SampleIndex sample) {
      sample = std::min(sample, end);
      if (pending && sample > pending->second) {
        add(EventKind::kPhase, pending->second, step, sample - pending->second);
        last().phase = pending->first;
      }
      if (pending && sample <= pending->second) {
        pending->first = phase;  // the previous phase rounded to nothing
      } else {
        pending = std::pair{phase, sample};
      }
    };

    const bool ramping = ramp_to != nullptr && ramp != nullptr;
    const BreathPattern& steady = ramping ? *ramp_to : from;
    Seconds elapsed{0};           // start of the current breath, relative to `start`
    Seconds steady_origin{0};     // where the steady (post-ramp) breaths begin
    long long steady_index = -1;  // breath index at steady_origin; -1 while ramping
    for (long long breath = 0;; ++breath) {
      BreathPattern pattern = steady;
      if (ramping && steady_index < 0) {
        double fraction = 1.0;
        if (ramp->over_breaths) {
          fraction = static_cast<double>(breath) / *ramp->over_breaths;
        } else if (ramp->over) {
          fraction = elapsed / *ramp->over;
        }
        if (fraction >= 1.0) {
          steady_origin = elapsed;
          steady_index = breath;
        } else {
          pattern = interpolate(from, *ramp_to, fraction);
        }
      } else if (steady_index < 0) {
        steady_index = 0;
      }
      if (steady_index >= 0) {
        // Multiplication, not a running sum: breath 10,000 lands where it should.
        elapsed = steady_origin + steady.breath_length() * static_cast<double>(breath - steady_index);
      }
      if (at(start + elapsed) >= end) break;
      Seconds offset = elapsed;
      const std::pair<BreathPhase, Seconds> phases[] = {{BreathPhase::kInhale, pattern.inhale},
                                                        {BreathPhase::kHoldIn, pattern.hold_in},
                                                        {BreathPhase::kExhale, pattern.exhale},
                                                        {BreathPhase::kHoldOut, pattern.hold_out}};
      for (const auto& [phase, length] : phases) {
        if (length.count() <= 0) continue;
        boundary(phase, std::max(first, at(start + offset)));
        offset += length;
      }
      if (steady_index < 0) elapsed = offset;
    }
    if (pending && end > pending->second) {
      add(EventKind::kPhase, pending->second, step, end - pending->second);
      last().phase = pending->first;
    }
  }

 private:
  int sample_rate_hz_;
  std::vector<Event> events_;
};

void sort_events(std::vector<Event>& events) {
  std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
    if (a.sample != b.sample) return a.sample < b.sample;
    return static_cast<int>(a.kind) < static_cast<int>(b.kind);
  });
}

struct PendingCue {
  SampleIndex target = 0;  // the moment the cue names
  int step = 0;
  std::string text;
};

}  // namespace

std::string_view to_string(EventKind kind) {
  switch (kind) {
    case EventKind::kPreparationStart:
      return "preparation-start";
    case EventKind::kStepStart:
      return "step-start";
    case EventKind::kStepMidway:
      return "step-midway";
    case EventKind::kStepEnd:
      return "step-end";
    case EventKind::kPhase:
      return "phase";
    case EventKind::kCue:
      return "cue";
    case EventKind::kBell:
      return "bell";
    case EventKind::kRepetition:
      return "repetition";
    case EventKind::kHoldStart:
      return "hold-start";
    case EventKind::kHoldEnd:
      return "hold-end";
    case EventKind::kSessionEnd:
      return "session-end";
  }
  return "unknown";
}

std::string_view to_string(BreathPhase phase) {
  switch (phase) {
    case BreathPhase::kInhale:
      return "inhale";
    case BreathPhase::kHoldIn:
      return "hold-in";
    case BreathPhase::kExhale:
      return "exhale";
    case BreathPhase::kHoldOut:
      return "hold-out";
  }
  return "unknown";
}

std::string_view to_string(BellKind bell) {
  switch (bell) {
    case BellKind::kStepChange:
      return "step-change";
    case BellKind::kMidway:
      return "midway";
    case BellKind::kClosing:
      return "closing";
  }
  return "unknown";
}

std::string_view label(BreathPhase phase) {
  switch (phase) {
    case BreathPhase::kInhale:
      return "Breathe in";
    case BreathPhase::kHoldIn:
      return "Hold";
    case BreathPhase::kExhale:
      return "Breathe out";
    case BreathPhase::kHoldOut:
      return "Rest";
  }
  return "";
}

Seconds estimated_speech_length(std::string_view text) {
  std::size_t words = 0;
  bool in_word = false;
  for (char c : text) {
    const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return Seconds{static_cast<double>(words) / kSpeakingRateWordsPerSecond};
}

TimelineResult compile_timeline(const Routine& routine, const TimelineSettings& settings) {
  TimelineResult result;
  auto& diagnostics = result.diagnostics;
  check_sample_rate(settings.sample_rate_hz, diagnostics);
  if (settings.stage < 0) {
    diagnostics.push_back(error("stage", fmt::format("stage {} does not exist", settings.stage),
                                "use 0 for every step, or a stage from 1 upwards"));
  }
  if (settings.hold_stage < 0) {
    diagnostics.push_back(error("hold_stage",
                                fmt::format("hold stage {} does not exist", settings.hold_stage),
                                "hold stages count from 0"));
  }
  if (!is_finite(settings.transition) || settings.transition.count() < 0 || settings.transition > kMaxPhase) {
    diagnostics.push_back(error(
        "transition", fmt::format("a pause of {} s between steps is not usable", settings.transition.count()),
        fmt::format("use 0 to {} s", kMaxPhase.count())));
  }
  const Seconds preparation = routine.preparation_countdown;
  if (!is_finite(preparation) || preparation.count() < 0 || preparation > kMaxPhase) {
    diagnostics.push_back(error("preparation_seconds",
                                fmt::format("a countdown of {} s is not usable", preparation.count()),
                                "use 0 to 120 s"));
  }
  std::optional<BreathPattern> override_pattern;
  if (!settings.pattern_override.empty()) {
    override_pattern = resolve_pattern(routine, settings.pattern_override);
    if (!override_pattern) {
      diagnostics.push_back(error("pattern", fmt::format("unknown pattern '{}'", settings.pattern_override),
                                  unknown_pattern_hint(settings.pattern_override, &routine)));
    } else {
      check_pattern(*override_pattern, "pattern", diagnostics);
    }
  }

  // Resolve every included step before placing anything, so all problems are reported at once.
  struct Planned {
    const Step* step;
    BreathPattern pattern;
    std::optional<BreathPattern> ramp_to;
    Seconds hold{0};
  };
  std::vector<Planned> planned;
  Seconds session_length = preparation;
  for (std::size_t index = 0; index < routine.steps.size(); ++index) {
    const Step& step = routine.steps[index];
    if (settings.stage > 0 && step.stage > settings.stage) continue;
    const std::string field = fmt::format("step[{}]", index);
    Planned plan{&step, {}, {}, Seconds{0}};
    if (!is_finite(step.duration) || step.duration.count() <= 0 || step.duration > kMaxSessionLength) {
      diagnostics.push_back(error(field + ".duration_seconds",
                                  fmt::format("step '{}' lasts {} s", step.id, step.duration.count()),
                                  "give the step a duration above 0 s"));
    }
    if (step.repetitions && (*step.repetitions <= 0 || *step.repetitions > kMaxRepetitions)) {
      diagnostics.push_back(error(field + ".repetitions",
                                  fmt::format("step '{}' has {} repetitions", step.id, *step.repetitions),
                                  fmt::format("use 1 to {}, or leave repetitions out", kMaxRepetitions)));
    }
    if (step.repetitions && is_finite(step.duration) && step.duration.count() > 0 &&
        step.duration < kMinBreathLength) {
      diagnostics.push_back(
          error(field + ".duration_seconds",
                fmt::format("step '{}': a repetition of {} s is too short to follow", step.id,
                            step.duration.count()),
                fmt::format("give each repetition at least {} s", kMinBreathLength.count())));
    }
    const std::string name = override_pattern
                                 ? override_pattern->name
                                 : (step.pattern.empty() ? routine.default_pattern : step.pattern);
    if (override_pattern) {
      plan.pattern = *override_pattern;
    } else if (auto found = resolve_pattern(routine, name)) {
      plan.pattern = *found;
      check_pattern(plan.pattern, field + ".pattern", diagnostics);
    } else {
      diagnostics.push_back(error(field + ".pattern",
                                  fmt::format("step '{}': unknown pattern '{}'", step.id, name),
                                  unknown_pattern_hint(name, &routine)));
    }
    if (step.ramp && !override_pattern) {
      check_ramp(*step.ramp, field + ".ramp", diagnostics);
      plan.ramp_to = resolve_pattern(routine, step.ramp->target);
      if (!plan.ramp_to) {
        diagnostics.push_back(error(
            field + ".ramp.to", fmt::format("step '{}': unknown pattern '{}'", step.id, step.ramp->target),
            unknown_pattern_hint(step.ramp->target, &routine)));
      } else {
        check_pattern(*plan.ramp_to, field + ".ramp.to", diagnostics);
      }
    }
    if (step.hold_build_up) {
      const auto& holds = step.hold_build_up->holds;
      if (holds.empty()) {
        diagnostics.push_back(error(field + ".hold_build_up.holds_seconds",
                                    fmt::format("step '{}' has a hold build-up without holds", step.id),
                                    "list the hold of each stage, such as [0.3, 1.0, 2.0]"));
      } else {
        std::size_t stage = static_cast<std::size_t>(std::max(settings.hold_stage, 0));
        if (stage >= holds.size()) {
          diagnostics.push_back(warning(
              field + ".hold_build_up",
              fmt::format("hold stage {} is past the last stage of step '{}'", settings.hold_stage, step.id),
              fmt::format("holding for the last stage, {} s", holds.back().count())));
          stage = holds.size() - 1;
        }
        plan.hold = holds[stage];
        if (!is_finite(plan.hold) || plan.hold.count() <= 0 || plan.hold > kMaxPhase) {
          diagnostics.push_back(
              error(field + ".hold_build_up.holds_seconds",
                    fmt::format("step '{}': a hold of {} s is not usable", step.id, plan.hold.count()),
                    "use holds above 0 s"));
        }
        const Seconds rest = step.hold_build_up->rest_between;
        if (!is_finite(rest) || rest.count() < 0 || rest > kMaxPhase) {
          diagnostics.push_back(
              error(field + ".hold_build_up.rest_seconds",
                    fmt::format("step '{}': a rest of {} s is not usable", step.id, rest.count()),
                    "use 1 to 60 s"));
        } else if (plan.hold + rest < kMinBreathLength) {
          // Hold-and-rest cycles this short could not be followed, and would flood the timeline.
          diagnostics.push_back(error(field + ".hold_build_up.rest_seconds",
                                      fmt::format("step '{}': a hold and rest of {} s together is too short",
                                                  step.id, (plan.hold + rest).count()),
                                      "rest at least 1 s between holds"));
        }
      }
    }
    if (is_finite(step.duration)) session_length += step.total_duration();
    planned.push_back(std::move(plan));
  }
  if (planned.empty()) {
    diagnostics.push_back(
        error("stage", fmt::format("routine '{}' has no steps at stage {}", routine.id, settings.stage),
              "use stage 0 to include every step"));
  } else {
    session_length += settings.transition * static_cast<double>(planned.size() - 1) + kClosingRingOut;
    if (!is_finite(session_length) || session_length > kMaxSessionLength) {
      diagnostics.push_back(error("steps", fmt::format("the session would last {} s", session_length.count()),
                                  "keep a session under a day"));
    }
  }
  if (has_errors(diagnostics)) return result;

  const int rate = settings.sample_rate_hz;
  Placer placer(rate);
  Timeline timeline;
  timeline.sample_rate_hz = rate;
  timeline.routine_id = routine.id;
  if (preparation.count() > 0) placer.add(EventKind::kPreparationStart, 0, -1, placer.at(preparation));

  std::vector<PendingCue> cues;
  Seconds cursor = preparation;
  SampleIndex last_end = 0;
  for (std::size_t index = 0; index < planned.size(); ++index) {
    const Planned& plan = planned[index];
    const Step& step = *plan.step;
    const int step_index = static_cast<int>(index);
    if (index > 0) cursor += settings.transition;
    const Seconds step_start = cursor;
    const Seconds step_end = cursor + step.total_duration();
    const SampleIndex start = placer.at(step_start);
    const SampleIndex end = placer.at(step_end);
    const SampleIndex midway = start + (end - start) / 2;
    timeline.steps.push_back(StepSpan{step.id, step.title, step.instruction, start, end, plan.pattern.name});

    placer.add(EventKind::kStepStart, start, step_index);
    placer.add(EventKind::kBell, start, step_index);
    placer.last().bell = BellKind::kStepChange;
    placer.add(EventKind::kStepMidway, midway, step_index);
    placer.add(EventKind::kBell, midway, step_index);
    placer.last().bell = BellKind::kMidway;
    placer.add(EventKind::kStepEnd, end, step_index);
    placer.add_breaths(step_start, end, step_index, plan.pattern, plan.ramp_to ? &*plan.ramp_to : nullptr,
                       plan.ramp_to ? &*step.ramp : nullptr);

    if (step.repetitions) {
      for (int k = 0; k < *step.repetitions; ++k) {
        const SampleIndex at = placer.at(step_start + step.duration * static_cast<double>(k));
        const SampleIndex next = placer.at(step_start + step.duration * static_cast<double>(k + 1));
        placer.add(EventKind::kRepetition, at, step_index, std::min(next, end) - at);
        placer.last().repetition = k + 1;
      }
    }
    if (step.hold_build_up) {
      const Seconds cycle = plan.hold + step.hold_build_up->rest_between;
      for (long long k = 0;; ++k) {
        const Seconds hold_start = step_start + cycle * static_cast<double>(k);
        const SampleIndex from = placer.at(hold_start);
        const SampleIndex to = placer.at(hold_start + plan.hold);
        if (to > end) break;  // never begin a hold there is no time to finish
        placer.add(EventKind::kHoldStart, from, step_index, to - from);
        placer.add(EventKind::kHoldEnd, to, step_index);
      }
    }
    if (settings.spoken_cues) {
      for (const auto& [target, text] :
           {std::pair{start, &step.instruction}, std::pair{start, &step.cues.start},
            std::pair{midway, &step.cues.midway}, std::pair{end, &step.cues.end}}) {
        if (estimated_speech_length(*text).count() > 0) cues.push_back(PendingCue{target, step_index, *text});
      }
    }
    cursor = step_end;
    last_end = end;
  }
  placer.add(EventKind::kBell, last_end, static_cast<int>(planned.size()) - 1);
  placer.last().bell = BellKind::kClosing;

  SampleIndex session_end = placer.at(cursor + kClosingRingOut);
  SampleIndex previous_cue_end = 0;
  bool first_cue = true;
  const SampleIndex lead = placer.at(kCueLead);
  const SampleIndex gap = placer.at(kCueGap);
  for (const auto& cue : cues) {
    SampleIndex onset = std::max<SampleIndex>(cue.target - lead, 0);
    if (!first_cue) onset = std::max(onset, previous_cue_end + gap);
    const SampleIndex length = placer.at(estimated_speech_length(cue.text));
    placer.add(EventKind::kCue, onset, cue.step, length);
    placer.last().text = cue.text;
    previous_cue_end = onset + length;
    first_cue = false;
    // A cue pushed past the closing bell keeps the session open until it is spoken.
    session_end = std::max(session_end, previous_cue_end);
  }
  placer.add(EventKind::kSessionEnd, session_end, -1);
  timeline.total_samples = session_end;
  timeline.events = std::move(placer.events());
  sort_events(timeline.events);
  result.timeline = std::move(timeline);
  return result;
}

void add_phase_cues(Timeline& timeline) {
  Placer placer(timeline.sample_rate_hz);
  const SampleIndex lead = placer.at(kCueLead);
  const SampleIndex gap = placer.at(kCueGap);
  std::optional<SampleIndex> previous_end;
  for (const auto& event : timeline.events) {
    if (event.kind != EventKind::kPhase) continue;
    const std::string_view text = label(event.phase);
    const SampleIndex length = placer.at(estimated_speech_length(text));
    SampleIndex onset = std::max<SampleIndex>(event.sample - lead, 0);
    if (previous_end) onset = std::max(onset, *previous_end + gap);
    if (onset + length > event.sample + event.duration_samples) continue;  // no time to say it
    placer.add(EventKind::kCue, onset, event.step, length);
    placer.last().text = std::string(text);
    previous_end = onset + length;
  }
  auto& events = timeline.events;
  events.insert(events.end(), placer.events().begin(), placer.events().end());
  sort_events(events);
}

TimelineResult compile_pacer(const BreathPattern& pattern, Seconds total,
                             const std::optional<BreathPattern>& ramp_to,
                             const std::optional<BreathRamp>& ramp, int sample_rate_hz) {
  TimelineResult result;
  auto& diagnostics = result.diagnostics;
  check_sample_rate(sample_rate_hz, diagnostics);
  check_pattern(pattern, "pattern", diagnostics);
  if (!is_finite(total) || total.count() <= 0 || total > kMaxSessionLength) {
    diagnostics.push_back(
        error("minutes", fmt::format("a pacer of {} s is not possible", total.count()),
              fmt::format("use a length above 0 and up to {} minutes", kMaxSessionLength.count() / 60.0)));
  }
  if (ramp) {
    check_ramp(*ramp, "ramp", diagnostics);
    if (!ramp_to) {
      diagnostics.push_back(error("ramp",
                                  fmt::format("the ramp target '{}' is not a known pattern", ramp->target),
                                  unknown_pattern_hint(ramp->target, nullptr)));
    } else {
      check_pattern(*ramp_to, "ramp", diagnostics);
    }
  } else if (ramp_to) {
    diagnostics.push_back(error("ramp", fmt::format("the ramp to '{}' has no length", ramp_to->name),
                                "say over how many breaths or minutes"));
  }
  if (has_errors(diagnostics)) return result;

  Placer placer(sample_rate_hz);
  const SampleIndex end = placer.at(total);
  Timeline timeline;
  timeline.sample_rate_hz = sample_rate_hz;
  timeline.total_samples = end;
  timeline.steps.push_back(StepSpan{"pace", pattern.title, {}, 0, end, pattern.name});
  placer.add(EventKind::kStepStart, 0, 0);
  placer.add(EventKind::kStepEnd, end, 0);
  placer.add_breaths(Seconds{0}, end, 0, pattern, ramp ? &*ramp_to : nullptr, ramp ? &*ramp : nullptr);
  placer.add(EventKind::kSessionEnd, end, -1);
  timeline.events = std::move(placer.events());
  sort_events(timeline.events);
  result.timeline = std::move(timeline);
  return result;
}

}  // namespace velum::practice
