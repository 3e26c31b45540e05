// `velum pace`: a breath pacer in the terminal. A bare pattern (or four phase
// lengths) is compiled into a Timeline and shown as a growing and shrinking bar,
// driven by a sample clock: the sound device's when it plays, else the steady clock.

#include <fmt/format.h>
#include <unistd.h>

#include <charconv>
#include <cmath>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <system_error>
#include <vector>

#include "audio/live.hpp"
#include "audio/render.hpp"
#include "audio/speech.hpp"
#include "cli/commands.hpp"
#include "cli/pacer_view.hpp"
#include "cli/sample_clock.hpp"
#include "cli/terminal.hpp"
#include "cli/text.hpp"
#include "practice/breath.hpp"
#include "practice/diagnostic.hpp"
#include "practice/timeline.hpp"

namespace velum::cli {
namespace {

using practice::Seconds;

// The pacer plays no sound without a device, but still counts in samples so the
// same Timeline (and the same tests) serve both modes.
constexpr int kPacerRateHz = 48000;
constexpr double kSecondsPerMinute = 60.0;
constexpr int kExitOnSignalBase = 128;  // shells report death by signal N as 128 + N

struct PaceOptions {
  std::string pattern;
  std::optional<std::string> inhale, hold_in, exhale, hold_out;
  std::string minutes = "5";
  std::string ramp_to;
  std::optional<std::string> ramp_breaths, ramp_minutes;
  bool voice = false;
  std::string audio = "auto";
};

struct Failure {
  int exit_code;
  std::string message;
};

std::optional<double> parse_number(const std::string& text) {
  double value = 0;
  const char* begin = text.data();
  const char* end = begin + text.size();
  const auto [ptr, ec] = std::from_chars(begin, end, value);
  if (ec != std::errc{} || ptr != end || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::string known_pattern_names() {
  std::string names;
  for (const auto& preset : practice::preset_patterns()) names += (names.empty() ? "" : ", ") + preset.name;
  return names;
}

// One phase length from its flag: a number of seconds in (0, 600] (or [0, 600] for holds).
std::optional<Failure> phase_seconds(const std::optional<std::string>& text, const char* flag,
                                     bool may_be_zero, Seconds& out) {
  if (!text) return std::nullopt;
  const auto value = parse_number(*text);
  if (!value) {
    return Failure{kExitUnreadable,
                   fmt::format("{} '{}' is not a number of seconds (for example {} 4)", flag, *text, flag)};
  }
  if (*value < 0 || (*value == 0 && !may_be_zero) || Seconds{*value} > practice::kMaxPhase) {
    return Failure{kExitInvalid, fmt::format("{} {} is out of range: use {} to {} seconds", flag, *text,
                                             may_be_zero ? "0" : "more than 0", practice::kMaxPhase.count())};
  }
  out = Seconds{*value};
  return std::nullopt;
}

std::optional<Failure> unknown_pattern(const std::string& name, const char* flag) {
  std::vector<std::string_view> names;
  for (const auto& preset : practice::preset_patterns()) names.emplace_back(preset.name);
  const auto suggestion = practice::closest_match(name, names);
  if (!suggestion.empty()) {
    return Failure{kExitInvalid,
                   fmt::format("{}: unknown pattern '{}' (did you mean '{}'?)", flag, name, suggestion)};
  }
  return Failure{kExitInvalid, fmt::format("{}: unknown pattern '{}' (known: {}; see 'velum patterns list')",
                                           flag, name, known_pattern_names())};
}

struct PacePlan {
  practice::BreathPattern pattern;
  Seconds total{0};
  std::optional<practice::BreathPattern> ramp_to;
  std::optional<practice::BreathRamp> ramp;
};

std::optional<Failure> plan_from(const PaceOptions& options, PacePlan& plan) {
  const bool custom = options.inhale || options.hold_in || options.exhale || options.hold_out;
  if (custom && !options.pattern.empty()) {
    return Failure{kExitUnreadable, "give either --pattern or the phase lengths (--inhale ...), not both"};
  }
  if (custom) {
    if (!options.inhale || !options.exhale) {
      return Failure{kExitUnreadable, "a pattern of your own needs at least --inhale and --exhale (seconds)"};
    }
    plan.pattern = practice::BreathPattern{"custom", "Your own pattern", {}, {}, {}, {}};
    if (auto f = phase_seconds(options.inhale, "--inhale", false, plan.pattern.inhale)) return f;
    if (auto f = phase_seconds(options.hold_in, "--hold", true, plan.pattern.hold_in)) return f;
    if (auto f = phase_seconds(options.exhale, "--exhale", false, plan.pattern.exhale)) return f;
    if (auto f = phase_seconds(options.hold_out, "--hold-out", true, plan.pattern.hold_out)) return f;
  } else {
    const std::string name = options.pattern.empty() ? "diaphragmatic" : options.pattern;
    auto preset = practice::find_preset(name);
    if (!preset) return unknown_pattern(name, "--pattern");
    plan.pattern = *preset;
  }
  const auto minutes = parse_number(options.minutes);
  if (!minutes) {
    return Failure{kExitUnreadable,
                   fmt::format("--minutes '{}' is not a number (for example --minutes 5)", options.minutes)};
  }
  if (*minutes <= 0 || Seconds{*minutes * kSecondsPerMinute} > practice::kMaxSessionLength) {
    return Failure{kExitInvalid,
                   fmt::format("--minutes {} is out of range: use more than 0 and up to {}", options.minutes,
                               practice::kMaxSessionLength.count() / kSecondsPerMinute)};
  }
  plan.total = Seconds{*minutes * kSecondsPerMinute};

  const bool ramp_length = options.ramp_breaths || options.ramp_minutes;
  if (options.ramp_to.empty()) {
    if (ramp_length)
      return Failure{kExitUnreadable, "--ramp-breaths and --ramp-minutes need --ramp-to PATTERN"};
    return std::nullopt;
  }
  if (options.ramp_breaths && options.ramp_minutes) {
    return Failure{kExitUnreadable, "give either --ramp-breaths or --ramp-minutes, not both"};
  }
  if (!ramp_length) {
    return Failure{kExitUnreadable, "--ramp-to needs --ramp-breaths N or --ramp-minutes M"};
  }
  plan.ramp_to = practice::find_preset(options.ramp_to);
  if (!plan.ramp_to) return unknown_pattern(options.ramp_to, "--ramp-to");
  practice::BreathRamp ramp{options.ramp_to, std::nullopt, std::nullopt};
  if (options.ramp_breaths) {
    const auto breaths = parse_number(*options.ramp_breaths);
    if (!breaths || *breaths != std::floor(*breaths)) {
      return Failure{kExitUnreadable, fmt::format("--ramp-breaths '{}' is not a whole number of breaths",
                                                  *options.ramp_breaths)};
    }
    if (*breaths < 1 || *breaths > 10000) {
      return Failure{kExitInvalid,
                     fmt::format("--ramp-breaths {} is out of range: use 1 to 10000", *options.ramp_breaths)};
    }
    ramp.over_breaths = static_cast<int>(*breaths);
  } else {
    const auto minutes_of_ramp = parse_number(*options.ramp_minutes);
    if (!minutes_of_ramp) {
      return Failure{kExitUnreadable,
                     fmt::format("--ramp-minutes '{}' is not a number", *options.ramp_minutes)};
    }
    if (*minutes_of_ramp <= 0) {
      return Failure{kExitInvalid, fmt::format("--ramp-minutes {} is out of range: use more than 0",
                                               *options.ramp_minutes)};
    }
    ramp.over = Seconds{*minutes_of_ramp * kSecondsPerMinute};
  }
  plan.ramp = ramp;
  return std::nullopt;
}

void fail(const Context& context, CommandResult& result, const Failure& failure) {
  *context.err << "velum pace: " << failure.message << '\n';
  result.exit_code = failure.exit_code;
}

// Raw keys, signal handling and the loop; the terminal is restored on every way out.
void run_in_terminal(const practice::Timeline& timeline, PausableClock& clock, const PacerLoopOptions& loop,
                     std::ostream& out, CommandResult& result) {
  StopSignals signals;
  g_stop_signal = 0;
  RawTerminal raw;
  TerminalKeys keys;
  const auto outcome = run_pacer(timeline, clock, keys, out, loop, &g_stop_signal);
  if (outcome == PacerOutcome::kInterrupted) result.exit_code = kExitOnSignalBase + g_stop_signal;
}

void pace(const Context& context, const PaceOptions& options, CommandResult& result) {
  if (options.audio != "auto" && options.audio != "none") {
    return fail(context, result,
                {kExitUnreadable, fmt::format("--audio '{}' is not known: use auto or none", options.audio)});
  }
  if (options.voice && options.audio == "none") {
    return fail(context, result,
                {kExitUnreadable, "--voice speaks through the sound device; leave out --audio none"});
  }
  PacePlan plan;
  if (auto failure = plan_from(options, plan)) return fail(context, result, *failure);
  auto compiled = practice::compile_pacer(plan.pattern, plan.total, plan.ramp_to, plan.ramp, kPacerRateHz);
  if (!compiled.timeline) {
    const auto& first = compiled.diagnostics.front();
    return fail(context, result,
                {kExitInvalid, first.message + (first.hint.empty() ? "" : " (" + first.hint + ")")});
  }
  practice::Timeline& timeline = *compiled.timeline;
  PacerLoopOptions loop;
  loop.columns = context.terminal_columns;
  loop.animate = isatty(STDOUT_FILENO) != 0;

  if (options.audio == "none") {
    SteadySampleClock steady(kPacerRateHz);
    PausableClock clock(steady);
    run_in_terminal(timeline, clock, loop, *context.out, result);
    return;
  }

  // The reason names what is missing: no device, or PortAudio itself not installed.
  if (const auto missing = audio::find_output_device()) {
    return fail(context, result,
                {kExitInvalid,
                 fmt::format("{}; 'velum pace --audio none' runs the animation alone", missing->message)});
  }
  // The sound device plays the same Timeline; its frame count drives the picture.
  if (options.voice) practice::add_phase_cues(timeline);
  std::unique_ptr<audio::SpeechEngine> engine;
  std::optional<audio::PhraseCache> phrases;
  if (options.voice) {
    auto made = audio::make_speech_engine({});
    if (!made) return fail(context, result, {kExitInvalid, one_line(made.error())});
    engine = std::move(*made);
    phrases.emplace(*engine, kPacerRateHz);
  }
  audio::RenderSettings sound;
  sound.voice = options.voice;
  sound.breath_guide = true;  // a tone that rises with the inhale and falls with the exhale
  auto renderer = audio::SessionRenderer::create(timeline, sound, phrases ? &*phrases : nullptr);
  if (!renderer) return fail(context, result, {kExitInvalid, one_line(renderer.error())});
  auto opened = audio::LivePlayer::open(**renderer, audio::LiveSettings{});
  if (!opened) {
    return fail(
        context, result,
        {kExitInvalid, one_line(opened.error()) + "; 'velum pace --audio none' runs the animation alone"});
  }
  audio::LivePlayer& player = **opened;
  if (auto error = player.start()) return fail(context, result, {kExitInvalid, one_line(*error)});
  DeviceSampleClock device(player);
  PausableClock clock(device, PausableClock::Inner::kStopsWhenPaused);
  loop.on_pause = [&player](bool paused) {
    if (paused) {
      player.stop();
    } else {
      player.start();  // a device that fails to restart leaves the picture paused on the device clock
    }
  };
  run_in_terminal(timeline, clock, loop, *context.out, result);
}

}  // namespace

void add_pace_command(CLI::App& app, const Context& context, CommandResult& result) {
  auto* command =
      app.add_subcommand("pace", "Pace your breathing in the terminal (p pauses, space or q stops)");
  auto options = std::make_shared<PaceOptions>();
  command->add_option("--pattern", options->pattern, "A breath pattern preset (see 'velum patterns list')");
  command->add_option("--inhale", options->inhale, "Seconds to breathe in (your own pattern)");
  command->add_option("--hold", options->hold_in, "Seconds to hold after breathing in");
  command->add_option("--exhale", options->exhale, "Seconds to breathe out");
  command->add_option("--hold-out", options->hold_out, "Seconds to rest after breathing out");
  command->add_option("--minutes", options->minutes, "How long to pace, in minutes")->default_str("5");
  command->add_option("--ramp-to", options->ramp_to, "Move gradually to this pattern");
  command->add_option("--ramp-breaths", options->ramp_breaths, "... over this many breaths");
  command->add_option("--ramp-minutes", options->ramp_minutes, "... or over this many minutes");
  command->add_flag("--voice", options->voice, "Speak the phases (needs a sound device)");
  command->add_option("--audio", options->audio, "auto: play through the sound device; none: animation only")
      ->default_str("auto");
  command->callback([&context, &result, options] { pace(context, *options, result); });
}

}  // namespace velum::cli
