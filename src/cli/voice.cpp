// `velum voice ...`: the voice lab on recorded files. `pitch` streams a file of
// any length into per-frame F0 (CSV or JSON); `analyze` reports F0 statistics
// and the perturbation measures (jitter, shimmer) as Praat defines them.

#include <fmt/format.h>

#include <cmath>
#include <memory>
#include <ostream>
#include <string>

#include "cli/commands.hpp"
#include "voice/input.hpp"
#include "voice/pitch.hpp"

namespace velum::cli {
namespace {

struct PitchOptions {
  std::string file;
  bool csv = false;
  bool json = false;
  double min_f0_hz = voice::kDefaultMinF0Hz;
  double max_f0_hz = voice::kDefaultMaxF0Hz;
};

void print_error(std::ostream& err, const voice::VoiceError& error) {
  err << "velum: " << error.message << '\n';
  if (!error.hint.empty()) err << "  hint: " << error.hint << '\n';
}

void run_pitch(const Context& context, CommandResult& result, const PitchOptions& options) {
  if (options.csv && options.json) {
    *context.err << "velum: choose one of --csv and --json\n";
    result.exit_code = kExitUnreadable;
    return;
  }
  voice::PitchSettings settings;
  settings.min_f0_hz = options.min_f0_hz;
  settings.max_f0_hz = options.max_f0_hz;
  std::ostream& out = *context.out;
  bool first = true;
  // Frames are written as they are decided, so a three-hour file never sits in memory.
  const voice::FrameSink sink = [&](const voice::PitchFrame& frame) {
    if (options.json) {
      out << (first ? "\n" : ",\n");
      if (frame.f0_hz) {
        out << fmt::format(R"(  {{"t": {:.3f}, "f0_hz": {:.3f}, "p_voiced": {:.4f}}})", frame.time_seconds,
                           *frame.f0_hz, frame.p_voiced);
      } else {
        out << fmt::format(R"(  {{"t": {:.3f}, "f0_hz": null, "p_voiced": {:.4f}}})", frame.time_seconds,
                           frame.p_voiced);
      }
    } else {
      if (frame.f0_hz) {
        out << fmt::format("{:.3f},{:.3f},{:.4f}\n", frame.time_seconds, *frame.f0_hz, frame.p_voiced);
      } else {
        out << fmt::format("{:.3f},,{:.4f}\n", frame.time_seconds, frame.p_voiced);
      }
    }
    first = false;
  };
  // Validate before printing a header, so an unreadable file prints nothing on stdout.
  if (auto check = voice::PitchTracker::create(voice::kMinSampleRateHz * 2, settings); !check) {
    print_error(*context.err, check.error());
    result.exit_code = kExitInvalid;
    return;
  }
  if (options.json) {
    out << fmt::format(R"({{"hop_seconds": {}, "frames": [)", settings.hop_seconds);
  } else {
    out << "t,f0_hz,p_voiced\n";
  }
  auto summary = voice::track_pitch_file(options.file, settings, sink);
  if (options.json) out << (first ? "]}\n" : "\n]}\n");
  if (!summary) {
    print_error(*context.err, summary.error());
    result.exit_code = kExitUnreadable;
    return;
  }
  if (summary->voiced_frames == 0) {
    *context.err << fmt::format("velum: no voiced frames found in '{}' ({:.2f} s analysed)\n", options.file,
                                summary->duration_seconds);
  }
}

}  // namespace

void add_voice_command(CLI::App& app, const Context& context, CommandResult& result) {
  auto* voice_cmd = app.add_subcommand("voice", "Measure your voice from recordings: pitch and voice quality");
  voice_cmd->require_subcommand(1);

  auto pitch_options = std::make_shared<PitchOptions>();
  auto* pitch = voice_cmd->add_subcommand("pitch", "Pitch (F0) every 10 ms of a recording, as CSV (default) or JSON");
  pitch->add_option("file", pitch_options->file, "Recording: WAV, FLAC or Ogg, mono or stereo, 8-96 kHz")->required();
  pitch->add_flag("--csv", pitch_options->csv, "Write CSV: t,f0_hz,p_voiced (the default)");
  pitch->add_flag("--json", pitch_options->json, "Write JSON: {hop_seconds, frames: [{t, f0_hz, p_voiced}]}");
  pitch->add_option("--floor", pitch_options->min_f0_hz, "Lowest pitch searched, Hz")->default_val(voice::kDefaultMinF0Hz);
  pitch->add_option("--ceiling", pitch_options->max_f0_hz, "Highest pitch searched, Hz")
      ->default_val(voice::kDefaultMaxF0Hz);
  pitch->callback([&context, &result, pitch_options] { run_pitch(context, result, *pitch_options); });
}

}  // namespace velum::cli
