// `velum render ROUTINE -o FILE`: a routine (by id, or a .toml file) compiled
// into its Timeline and written as a WAV, FLAC or Ogg Vorbis file.

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "audio/render.hpp"
#include "audio/speech.hpp"
#include "audio/tones.hpp"
#include "cli/commands.hpp"
#include "practice/loader.hpp"
#include "practice/timeline.hpp"

namespace velum::cli {
namespace {

namespace fs = std::filesystem;

constexpr int kSecondsPerMinute = 60;

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
};

void print_error(std::ostream& err, const velum::Error& error) {
  err << "velum: " << error.message << '\n';
  if (!error.hint.empty()) err << "  hint: " << error.hint << '\n';
}

// The routine named by id (bundled or the person's own), or read from a file.
std::optional<practice::Routine> find_routine(const Context& context, CommandResult& result,
                                              const std::string& name) {
  const fs::path as_path(name);
  if (as_path.extension() == ".toml" || as_path.has_parent_path()) {
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

void render_routine(const Context& context, CommandResult& result, const RenderOptions& options) {
  const auto routine = find_routine(context, result, options.routine);
  if (!routine) return;

  practice::TimelineSettings timeline_settings;
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
  const auto seconds = static_cast<long long>(std::llround(compiled.timeline->total_seconds()));
  *context.out << fmt::format("Wrote {} ({}:{:02d}, {} Hz, {:.1f} LUFS, true peak {:.1f} dBTP)\n",
                              options.output, seconds / kSecondsPerMinute, seconds % kSecondsPerMinute,
                              options.rate_hz, report.output_lufs, report.output_true_peak_dbtp);
  if (report.limited_by_peak) {
    *context.out << "The level was kept a little under the loudness target so that nothing clips.\n";
  }
}

}  // namespace

void add_render_command(CLI::App& app, const Context& context, CommandResult& result) {
  auto options = std::make_shared<RenderOptions>();
  auto* render = app.add_subcommand("render", "Write a routine's guided session to an audio file");
  render->add_option("routine", options->routine, "Routine id, or a routine file (.toml)")->required();
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
  render->callback([&context, &result, options] { render_routine(context, result, *options); });
}

}  // namespace velum::cli
