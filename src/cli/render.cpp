// `velum render ROUTINE -o FILE [--stage N|all]`: a routine (by id, or a .toml
// file) compiled into its Timeline and written as a WAV, FLAC or Ogg Vorbis
// file. By default only the steps unlocked at the person's current stage are
// rendered, as `velum session` would guide them today.

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "audio/render.hpp"
#include "audio/speech.hpp"
#include "audio/tones.hpp"
#include "cli/journal_access.hpp"
#include "cli/output_file.hpp"
#include "cli/text.hpp"
#include "common/plan.hpp"
#include "practice/loader.hpp"
#include "practice/timeline.hpp"

namespace velum::cli {
namespace {

namespace fs = std::filesystem;

struct RenderOptions {
  std::string routine;
  std::string output;
  std::string pattern;
  bool voice = true;
  bool breath_guide = false;
  int rate_hz = 48000;
  std::string sounds = "soft-bells";
  std::string language = "en";
  std::string speaker;
  bool force = false;
  std::string stage;  // "", a stage number, or "all"
  DataOptions data_dir;
};

// The stages a render covers, and why, for the line that says so.
struct StageChoice {
  int stage = 0;  // TimelineSettings::stage: 0 = every stage
  int hold_stage = 0;
  std::string said;  // "stage 2 of 5 (from your plan)"
};

bool is_routine_file(const std::string& name) {
  const fs::path as_path(name);
  return as_path.extension() == ".toml" || as_path.has_parent_path();
}

// The routine named by id (bundled or the person's own), or read from a file.
std::optional<practice::Routine> find_routine(const Context& context, CommandResult& result,
                                              const std::string& name) {
  const fs::path as_path(name);
  if (is_routine_file(name)) {
    auto loaded = practice::load_routine_file(as_path);
    for (const auto& diagnostic : loaded.diagnostics) *context.err << practice::format(diagnostic) << '\n';
    if (!loaded.routine) result.exit_code = loaded.unreadable ? kExitUnreadable : kExitInvalid;
    return loaded.routine;
  }
  auto catalog = practice::load_catalog(context.bundled_protocols, context.user_protocols);
  if (const practice::Routine* routine = catalog.find(name)) return *routine;
  std::vector<std::string_view> ids;
  for (const auto& known : catalog.routines) ids.push_back(known.id);
  const auto suggestion = practice::closest_match(name, ids);
  *context.err << fmt::format("velum: no routine has the id '{}'", name)
               << (suggestion.empty()
                       ? std::string(" (run 'velum protocols list' to see them, or give a .toml file)")
                       : fmt::format(" (did you mean '{}'?)", suggestion))
               << '\n';
  result.exit_code = kExitInvalid;
  return std::nullopt;
}

// --stage as given, else the plan's current stage for a routine of the
// catalog (the same plan `velum session` follows), else stage 1 for a file.
std::optional<StageChoice> choose_stage(const Context& context, CommandResult& result,
                                        const RenderOptions& options, const practice::Routine& routine,
                                        bool from_catalog) {
  const int count = routine.stage_count();
  if (options.stage == "all") return StageChoice{0, 0, fmt::format("all {} stages", count)};
  if (!options.stage.empty()) {
    const auto stage = parse_whole_number(options.stage, 1, count);
    if (!stage) {
      fail(context, result, kExitInvalid,
           fmt::format("--stage must be a stage from 1 to {} of '{}', or all, got '{}'", count, routine.id,
                       options.stage));
      return std::nullopt;
    }
    return StageChoice{*stage, 0, fmt::format("stage {} of {} (chosen with --stage)", *stage, count)};
  }
  if (!from_catalog) {
    return StageChoice{
        1, 0, fmt::format("stage 1 of {} (a routine file has no plan; --stage N or all for more)", count)};
  }
  auto store = open_journal(context, options.data_dir, result);
  if (!store) return std::nullopt;
  const auto catalog = practice::load_catalog(context.bundled_protocols, context.user_protocols);
  const auto today = common::plan_today(*store, catalog, {routine.id, false}, journal::system_now());
  if (!today) {
    fail(context, result, exit_code_for(today.error()), today.error().message);
    return std::nullopt;
  }
  return StageChoice{today->plan.stage, today->plan.hold_stage,
                     fmt::format("stage {} of {} (your plan's current stage; --stage N or all for others)",
                                 today->plan.stage, count)};
}

void render_routine(const Context& context, CommandResult& result, const RenderOptions& options) {
  // Checked before the (long) render, with the rule every command shares.
  if (const auto refusal = check_output_file(options.output, audio_format(), options.force);
      !refusal.empty()) {
    *context.err << "velum: " << refusal << '\n';
    result.exit_code = kExitInvalid;
    return;
  }
  const auto routine = find_routine(context, result, options.routine);
  if (!routine) return;
  const bool from_catalog = !is_routine_file(options.routine);
  const auto stage = choose_stage(context, result, options, *routine, from_catalog);
  if (!stage) return;

  practice::TimelineSettings timeline_settings;
  timeline_settings.stage = stage->stage;
  timeline_settings.hold_stage = stage->hold_stage;
  timeline_settings.sample_rate_hz = options.rate_hz;
  timeline_settings.pattern_override = options.pattern;
  timeline_settings.spoken_cues = options.voice;
  const auto compiled = practice::compile_timeline(*routine, timeline_settings);
  for (const auto& diagnostic : compiled.diagnostics) *context.err << practice::format(diagnostic) << '\n';
  if (!compiled.timeline) {
    result.exit_code = kExitInvalid;
    return;
  }

  audio::FileSettings settings;
  settings.render.sound_set = *audio::parse_sound_set(options.sounds);  // checked by CLI11
  settings.render.voice = options.voice;
  settings.render.breath_guide = options.breath_guide;
  settings.force = options.force;
  settings.title = routine->title;

  std::unique_ptr<audio::SpeechEngine> engine;
  std::optional<audio::PhraseCache> phrases;
  if (options.voice) {
    auto made = audio::make_speech_engine(
        {audio::SpeechBackend::kAuto, options.language, options.speaker, audio::kDefaultSpeechRate});
    if (!made) {
      print_error(*context.err, made.error());
      result.exit_code = kExitInvalid;
      return;
    }
    engine = std::move(*made);
    phrases.emplace(*engine, options.rate_hz);
  }

  const auto rendered =
      audio::render_to_file(*compiled.timeline, options.output, settings, phrases ? &*phrases : nullptr);
  if (!rendered) {
    print_error(*context.err, rendered.error());
    result.exit_code = kExitInvalid;
    return;
  }
  const audio::FileReport& report = *rendered;
  const std::chrono::seconds length{std::llround(compiled.timeline->total_seconds())};
  *context.out << fmt::format("Wrote {} ({}, {} Hz, {:.1f} LUFS, true peak {:.1f} dBTP)\n", options.output,
                              format_length(length), options.rate_hz, report.output_lufs,
                              report.output_true_peak_dbtp);
  *context.out << fmt::format("It guides {}.\n", stage->said);
  if (report.limited_by_peak) {
    *context.out << "The level was kept a little under the loudness target so that nothing clips.\n";
  }
}

}  // namespace

void add_render_command(CLI::App& app, const Context& context, CommandResult& result) {
  auto options = std::make_shared<RenderOptions>();
  auto* render = app.add_subcommand("render", "Write a routine's guided session to an audio file");
  render->add_option("routine,--routine", options->routine, "Routine id, or a routine file (.toml)")
      ->required();
  render->add_option("-o,--output", options->output, "Output file: .wav, .flac or .ogg")->required();
  render->add_option("--pattern", options->pattern,
                     "Breath pattern for every step (see 'velum patterns list')");
  render->add_flag("--voice,!--no-voice", options->voice, "Speak the cues (default) or use tones only");
  render->add_flag("--breath-guide", options->breath_guide,
                   "Add a soft tone that rises and falls with the breath");
  render->add_option("--rate", options->rate_hz, "Sample rate in Hz")
      ->check(CLI::IsMember({44100, 48000}))
      ->default_val(48000);
  std::vector<std::string> sets;
  for (auto name : audio::sound_set_names()) sets.emplace_back(name);
  render->add_option("--sounds", options->sounds, "Sound set")
      ->check(CLI::IsMember(sets))
      ->default_val("soft-bells");
  render
      ->add_option("--language", options->language,
                   "Language of the spoken cues (en uses flite; others espeak-ng)")
      ->default_val("en");
  render->add_option("--speaker", options->speaker, "Voice name (English: rms or slt)");
  render->add_flag("--force", options->force, "Replace the output file if it exists");
  render->add_option("--stage", options->stage,
                     "Render up to this stage, or all (default: your plan's current stage)");
  add_data_option(*render, options->data_dir);
  render->callback([&context, &result, options] { render_routine(context, result, *options); });
}

}  // namespace velum::cli
