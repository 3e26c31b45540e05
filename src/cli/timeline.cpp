// `velum timeline ROUTINE`: the compiled schedule of a routine, as a readable
// list or as JSON (--json) for renderers, the browser and golden tests.

#include <fmt/format.h>

#include <cmath>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "common/timeline_json.hpp"
#include "practice/loader.hpp"
#include "practice/timeline.hpp"

namespace velum::cli {
namespace {

using practice::Event;
using practice::EventKind;
using practice::Timeline;

struct TimelineOptions {
  std::string routine_id;
  std::string pattern;
  int rate_hz = practice::TimelineSettings{}.sample_rate_hz;
  int stage = 0;
  int hold_stage = 0;
  bool no_cues = false;
  bool as_json = false;
};

std::string clock_text(double seconds) {
  const long long tenths = std::llround(seconds * 10.0);  // not (x + 0.5) cast: that rounds some x < .5 up
  return fmt::format("{}:{:02}.{}", tenths / 600, tenths / 10 % 60, tenths % 10);
}

// One line for each event a person would notice; breath phases are summarised
// per step instead, or a five-minute step would print sixty lines.
std::string describe(const Timeline& timeline, const Event& event) {
  const double seconds = static_cast<double>(event.duration_samples) / timeline.sample_rate_hz;
  const auto step_title = [&] {
    return event.step >= 0 ? timeline.steps[static_cast<std::size_t>(event.step)].title : std::string();
  };
  switch (event.kind) {
    case EventKind::kPreparationStart:
      return fmt::format("Get ready ({:g} s countdown)", seconds);
    case EventKind::kStepStart: {
      const auto& step = timeline.steps[static_cast<std::size_t>(event.step)];
      int breaths = 0;
      for (const auto& e : timeline.events) {
        if (e.kind == EventKind::kPhase && e.step == event.step &&
            e.phase == practice::BreathPhase::kInhale) {
          ++breaths;
        }
      }
      return fmt::format("Step {}: {} ({:g} s, {} breaths, pattern {})", event.step + 1, step.title,
                         static_cast<double>(step.end - step.start) / timeline.sample_rate_hz, breaths,
                         step.pattern);
    }
    case EventKind::kStepMidway:
      return fmt::format("Halfway through {}", step_title());
    case EventKind::kStepEnd:
      return fmt::format("End of {}", step_title());
    case EventKind::kCue:
      return fmt::format("Spoken: \"{}\" (about {:.1f} s)", event.text, seconds);
    case EventKind::kBell:
      return fmt::format("Bell ({})", practice::to_string(event.bell));
    case EventKind::kRepetition:
      return fmt::format("Repetition {}", event.repetition);
    case EventKind::kHoldStart:
      return fmt::format("Hold for {:g} s", seconds);
    case EventKind::kHoldEnd:
      return "Release";
    case EventKind::kSessionEnd:
      return "Session ends";
    case EventKind::kPhase:
      return std::string(practice::label(event.phase));
  }
  return {};
}

void print_schedule(std::ostream& out, const Timeline& timeline, const practice::Routine& routine) {
  out << fmt::format("{} ({}): {} at {} Hz, {} step(s)\n", routine.title, routine.id,
                     clock_text(timeline.total_seconds()), timeline.sample_rate_hz, timeline.steps.size());
  for (const auto& event : timeline.events) {
    if (event.kind == EventKind::kPhase) continue;
    out << fmt::format("{:>9}  {}\n", clock_text(timeline.seconds_at(event.sample)),
                       describe(timeline, event));
  }
}

void show_timeline(const Context& context, const TimelineOptions& options, CommandResult& result) {
  if (options.rate_hz < practice::kMinSampleRateHz || options.rate_hz > practice::kMaxSampleRateHz) {
    *context.err << fmt::format("velum timeline: --rate {} is out of range: use {} to {} Hz, such as 48000\n",
                                options.rate_hz, practice::kMinSampleRateHz, practice::kMaxSampleRateHz);
    result.exit_code = kExitUnreadable;
    return;
  }
  if (options.stage < 0 || options.hold_stage < 0) {
    *context.err << "velum timeline: --stage and --hold-stage count from 0 (0 means every stage)\n";
    result.exit_code = kExitUnreadable;
    return;
  }
  const auto catalog = practice::load_catalog(context.bundled_protocols, context.user_protocols);
  const practice::Routine* routine = catalog.find(options.routine_id);
  if (routine == nullptr) {
    std::vector<std::string_view> ids;
    for (const auto& known : catalog.routines) ids.push_back(known.id);
    const auto suggestion = practice::closest_match(options.routine_id, ids);
    *context.err << fmt::format("velum timeline: no routine has the id '{}'", options.routine_id)
                 << (suggestion.empty() ? std::string(" (run 'velum protocols list' to see them)")
                                        : fmt::format(" (did you mean '{}'?)", suggestion))
                 << '\n';
    result.exit_code = kExitInvalid;
    return;
  }
  practice::TimelineSettings settings;
  settings.sample_rate_hz = options.rate_hz;
  settings.pattern_override = options.pattern;
  settings.stage = options.stage;
  settings.hold_stage = options.hold_stage;
  settings.spoken_cues = !options.no_cues;
  const auto compiled = practice::compile_timeline(*routine, settings);
  const auto source = catalog.sources.at(static_cast<std::size_t>(routine - catalog.routines.data()));
  for (auto diagnostic : compiled.diagnostics) {
    // Problems inside the routine point at its file; problems with the options
    // name the option.
    const bool in_file = diagnostic.field.rfind("step", 0) == 0 || diagnostic.field == "preparation_seconds";
    if (in_file) {
      diagnostic.file = source.string();
      *context.err << practice::format(diagnostic) << '\n';
    } else {
      *context.err << "velum timeline: " << diagnostic.message
                   << (diagnostic.hint.empty() ? std::string() : " (" + diagnostic.hint + ")") << '\n';
    }
  }
  if (!compiled.timeline) {
    result.exit_code = kExitInvalid;
    return;
  }
  if (options.as_json) {
    *context.out << common::timeline_to_json(*compiled.timeline) << '\n';
  } else {
    print_schedule(*context.out, *compiled.timeline, *routine);
  }
}

}  // namespace

void add_timeline_command(CLI::App& app, const Context& context, CommandResult& result) {
  auto* command =
      app.add_subcommand("timeline", "Show the timed schedule of a routine (every cue, bell and breath)");
  auto options = std::make_shared<TimelineOptions>();
  command->add_option("routine,--routine", options->routine_id, "Routine id (see 'velum protocols list')")
      ->required();
  command->add_option("--pattern", options->pattern, "Use this breath pattern in every step");
  command->add_option("--rate", options->rate_hz, "Sample rate in Hz for the positions")
      ->default_str("48000");
  command->add_option("--stage", options->stage, "Include steps up to this stage (0: all)")->default_str("0");
  command->add_option("--hold-stage", options->hold_stage, "Hold build-up stage, from 0")->default_str("0");
  command->add_flag("--no-cues", options->no_cues, "Leave out the spoken cues");
  command->add_flag("--json", options->as_json, "Print JSON: positions in samples and seconds");
  command->callback([&context, &result, options] { show_timeline(context, *options, result); });
}

}  // namespace velum::cli
