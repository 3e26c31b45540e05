// `velum voice ...`: the voice lab on recorded files (match, mpt and range
// also record live takes with --live, see voice_live.hpp). `pitch` streams a file of
// any length into per-frame F0 (CSV or JSON); `analyze` reports F0 statistics
// and the perturbation (jitter, shimmer) and quality (HNR, CPPS) measures as Praat defines them.
// analyze, match, range and mpt keep their result in the journal with --save;
// `history` lists what was kept.

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <tuple>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/journal_access.hpp"
#include "cli/text.hpp"
#include "cli/voice_live.hpp"
#include "common/voice_json.hpp"
#include "common/voice_session.hpp"
#include "journal/history.hpp"
#include "voice/analysis.hpp"
#include "voice/input.hpp"
#include "voice/pitch.hpp"
#include "voice/range.hpp"
#include "voice/tasks.hpp"

namespace velum::cli {
namespace {

struct PitchOptions {
  std::string file;
  bool csv = false;
  bool json = false;
  double min_f0_hz = voice::kDefaultMinF0Hz;
  double max_f0_hz = voice::kDefaultMaxF0Hz;
};

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
  bool header_written = false;
  // The header goes out with the first frame (or at the end of a file that
  // gave none), never before the file is known to be readable: a failed run
  // writes nothing on standard output, so `> out.csv` holds no half answer.
  auto write_header = [&] {
    if (header_written) return;
    header_written = true;
    if (options.json) {
      out << fmt::format(R"({{"hop_seconds": {}, "frames": [)", settings.hop_seconds);
    } else {
      out << "t,f0_hz,p_voiced\n";
    }
  };
  // Frames are written as they are decided, so a three-hour file never sits in memory.
  const voice::FrameSink sink = [&](const voice::PitchFrame& frame) {
    write_header();
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
  if (auto error = voice::validate(settings)) {
    print_error(*context.err, *error);
    result.exit_code = kExitInvalid;
    return;
  }
  auto summary = voice::track_pitch_file(options.file, settings, sink);
  if (!summary) {
    // A file that fails part-way has written frames already; close the JSON
    // so what was written still parses, and say on stderr why it stopped.
    if (header_written && options.json) out << "\n]}\n";
    print_error(*context.err, summary.error());
    result.exit_code = kExitUnreadable;
    return;
  }
  write_header();
  if (options.json) out << (first ? "]}\n" : "\n]}\n");
  if (summary->voiced_frames == 0) {
    *context.err << fmt::format("velum: no voiced frames found in '{}' ({:.2f} s analysed)\n", options.file,
                                summary->duration_seconds);
  }
}

// --save and --data, shared by the tasks whose result can be kept.
struct SaveOptions {
  bool save = false;
  DataOptions data_dir;
};

void add_save_options(CLI::App& command, SaveOptions& options) {
  auto* save = command.add_flag("--save", options.save,
                                "Keep the result in the journal (velum voice history lists it)");
  add_data_option(command, options.data_dir);
  // A journal folder without --save would be silently ignored; say so instead.
  command.get_option("--data")->needs(save);
}

// The journal a --save will write to, opened before any analysis so an
// unwritable folder is reported at once and nothing is printed or written.
// nullptr without --save, or (error printed, exit code set) when it cannot be opened.
std::unique_ptr<journal::Store> journal_for_save(const Context& context, CommandResult& result,
                                                 const SaveOptions& options) {
  if (!options.save) return nullptr;
  return open_journal(context, options.data_dir, result);
}

// What was measured, for the list: the files as named on the command line.
std::string source_label(const std::vector<std::string>& files) {
  std::string label;
  for (const auto& file : files) label += (label.empty() ? "" : ", ") + file;
  return label;
}

// Stores `json_result` when `store` is set. In JSON output the answer gains
// "stored" and "id"; in text the caller prints saved_line(). False (error
// printed, exit code set) when the journal refused it; nothing was stored then.
bool save_result(const Context& context, CommandResult& result, journal::Store* store,
                 journal::VoiceTask task, const std::string& source, nlohmann::json& json_result,
                 std::string& saved_id) {
  if (store == nullptr) return true;
  const auto session = common::voice_session_from_result(task, source, json_result, journal::system_now());
  if (auto saved = store->add_voice_session(session); !saved) {
    fail(context, result, exit_code_for(saved.error()), saved.error().message);
    return false;
  }
  saved_id = session.id;
  return true;
}

void print_result(const Context& context, bool as_json, nlohmann::json json_result,
                  const std::string& saved_id) {
  if (!as_json) return;
  if (!saved_id.empty()) {
    json_result["stored"] = true;
    json_result["id"] = saved_id;
  }
  *context.out << json_result.dump(2) << '\n';
}

void print_saved_line(const Context& context, const std::string& saved_id) {
  if (saved_id.empty()) return;
  *context.out << fmt::format("Saved in the journal as voice session {}; velum voice history lists it.\n",
                              saved_id);
}

struct AnalyzeOptions {
  std::string file;
  bool json = false;
  SaveOptions save;
};

nlohmann::json number_or_null(const std::optional<double>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

std::string percent_or_dash(const std::optional<double>& value) {
  return value ? fmt::format("{:.3f} %", *value * 100) : std::string("-");
}

void run_analyze(const Context& context, CommandResult& result, const AnalyzeOptions& options) {
  auto store = journal_for_save(context, result, options.save);
  if (options.save.save && store == nullptr) return;
  auto signal = voice::read_mono_file(options.file, voice::kMaxAnalysisSeconds);
  if (!signal) {
    print_error(*context.err, signal.error());
    result.exit_code = kExitUnreadable;
    return;
  }
  auto report = voice::analyze_voice(signal.value());
  if (!report) {
    *context.err << "velum: " << report.error().message << " in '" << options.file << "'\n";
    if (!report.error().hint.empty()) *context.err << "  hint: " << report.error().hint << '\n';
    result.exit_code = kExitInvalid;
    return;
  }
  const voice::VoiceReport& r = report.value();
  nlohmann::json json_result = {{"file", options.file}};
  json_result.update(common::voice_report_json(r, voice::kDefaultHopSeconds));
  std::string saved_id;
  if (!save_result(context, result, store.get(), journal::VoiceTask::kAnalyze, options.file, json_result,
                   saved_id)) {
    return;
  }
  if (options.json) return print_result(context, true, json_result, saved_id);
  std::ostream& out = *context.out;
  out << fmt::format("{}: {:.2f} s, voiced {:.2f} s\n", options.file, r.duration_seconds,
                     static_cast<double>(r.voiced_frames) * voice::kDefaultHopSeconds);
  out << fmt::format("Pitch      mean {:.1f} Hz, median {:.1f} Hz, range {:.1f}-{:.1f} Hz\n", r.f0_mean_hz,
                     r.f0_median_hz, r.f0_min_hz, r.f0_max_hz);
  out << fmt::format("Pulses     {}\n", r.pulses);
  out << fmt::format(
      "Jitter     local {}, rap {}, ppq5 {}; local absolute {}\n", percent_or_dash(r.jitter.local),
      percent_or_dash(r.jitter.rap), percent_or_dash(r.jitter.ppq5),
      r.jitter.local_absolute_seconds ? fmt::format("{:.1f} us", *r.jitter.local_absolute_seconds * 1e6)
                                      : std::string("-"));
  out << fmt::format(
      "Shimmer    local {} ({}), apq3 {}, apq5 {}, apq11 {}\n", percent_or_dash(r.shimmer.local),
      r.shimmer.local_db ? fmt::format("{:.3f} dB", *r.shimmer.local_db) : std::string("-"),
      percent_or_dash(r.shimmer.apq3), percent_or_dash(r.shimmer.apq5), percent_or_dash(r.shimmer.apq11));
  auto db_or_dash = [](const std::optional<double>& value) {
    return value ? fmt::format("{:.2f} dB", *value) : std::string("-");
  };
  out << fmt::format("HNR        {} (harmonics-to-noise ratio)\n", db_or_dash(r.hnr_db));
  out << fmt::format("CPPS       {} (Praat defaults), {} (AVQI settings)\n", db_or_dash(r.cpps_db),
                     db_or_dash(r.cpps_avqi_db));
  for (const auto& note : r.notes) out << "Note: " << note << '\n';
  out << "These are measurements of this recording, for tracking change over time; they are not a "
         "diagnosis.\n";
  print_saved_line(context, saved_id);
}

constexpr int kDefaultLiveTrials = 3;
constexpr int kMaxLiveTrials = 20;

struct TaskOptions {
  std::vector<std::string> files;
  std::vector<std::string> labels;  // shown instead of the file names (live takes); empty: the names
  std::string target;
  bool json = false;
  SaveOptions save;
  bool live = false;
  int trials = kDefaultLiveTrials;
  std::string keep;
};

const std::string& shown_name(const TaskOptions& options, std::size_t index) {
  return index < options.labels.size() ? options.labels[index] : options.files[index];
}

// What a kept result names as its source: the labels of live takes, else the files.
template <typename Options>
const std::vector<std::string>& shown_names(const Options& options) {
  return options.labels.empty() ? options.files : options.labels;
}

// The pitch track of a whole file, streamed; false (and an error printed) when unreadable.
bool track_file(const Context& context, CommandResult& result, const std::string& file,
                std::vector<voice::PitchFrame>& frames) {
  frames.clear();
  auto summary = voice::track_pitch_file(file, voice::PitchSettings{},
                                         [&](const voice::PitchFrame& frame) { frames.push_back(frame); });
  if (!summary) {
    print_error(*context.err, summary.error());
    result.exit_code = kExitUnreadable;
    return false;
  }
  return true;
}

void run_match(const Context& context, CommandResult& result, const TaskOptions& options) {
  const auto target = voice::parse_target_hz(options.target);
  if (!target) {
    print_error(*context.err, target.error());
    result.exit_code = kExitUnreadable;
    return;
  }
  auto store = journal_for_save(context, result, options.save);
  if (options.save.save && store == nullptr) return;
  std::vector<voice::MatchTrial> trials;
  nlohmann::json json_trials = nlohmann::json::array();
  std::vector<voice::PitchFrame> frames;
  for (const auto& file : options.files) {
    if (!track_file(context, result, file, frames)) return;
    const auto trial = voice::measure_match(frames, voice::kDefaultHopSeconds, *target);
    if (!trial) {
      *context.err << "velum: " << trial.error().message << " in '" << file
                   << "'\n  hint: " << trial.error().hint << '\n';
      result.exit_code = kExitInvalid;
      return;
    }
    trials.push_back(*trial);
    json_trials.push_back({{"file", shown_name(options, trials.size() - 1)},
                           {"median_f0_hz", trial->median_f0_hz},
                           {"deviation_cents", trial->deviation_cents},
                           {"steady_seconds", trial->steady_seconds}});
  }
  const auto summary = voice::summarize_matches(trials);
  nlohmann::json json_result{{"target", options.target},
                             {"target_hz", *target},
                             {"trials", json_trials},
                             {"accuracy_cents", summary.accuracy_cents},
                             {"mean_absolute_cents", summary.mean_absolute_cents},
                             {"precision_cents", number_or_null(summary.precision_cents)}};
  std::string saved_id;
  if (!save_result(context, result, store.get(), journal::VoiceTask::kMatch,
                   source_label(shown_names(options)), json_result, saved_id)) {
    return;
  }
  if (options.json) return print_result(context, true, json_result, saved_id);
  std::ostream& out = *context.out;
  out << fmt::format("Target {} ({:.1f} Hz)\n", options.target, *target);
  for (std::size_t i = 0; i < trials.size(); ++i) {
    out << fmt::format("  {}: {:.1f} Hz, {:+.0f} cents\n", shown_name(options, i), trials[i].median_f0_hz,
                       trials[i].deviation_cents);
  }
  out << fmt::format("Accuracy (mean error) {:+.1f} cents", summary.accuracy_cents);
  if (summary.precision_cents)
    out << fmt::format(", precision (spread) {:.1f} cents", *summary.precision_cents);
  out << '\n';
  print_saved_line(context, saved_id);
}

void run_mpt(const Context& context, CommandResult& result, const TaskOptions& options) {
  auto store = journal_for_save(context, result, options.save);
  if (options.save.save && store == nullptr) return;
  std::vector<voice::PitchFrame> frames;
  std::vector<std::string> lines;  // printed once every trial is measured (and the result kept)
  nlohmann::json json_trials = nlohmann::json::array();
  double best = 0;
  for (const auto& file : options.files) {
    if (!track_file(context, result, file, frames)) return;
    const std::string& name = shown_name(options, static_cast<std::size_t>(json_trials.size()));
    const double seconds = voice::longest_phonation_seconds(frames, voice::kDefaultHopSeconds);
    if (seconds <= 0) {
      *context.err << "velum: no voiced frames found in '" << file << "'\n";
      result.exit_code = kExitInvalid;
      return;
    }
    best = std::max(best, seconds);
    json_trials.push_back({{"file", name}, {"phonation_seconds", seconds}});
    lines.push_back(fmt::format("  {}: {:.2f} s\n", name, seconds));
  }
  nlohmann::json json_result{{"trials", json_trials}, {"max_phonation_seconds", best}};
  std::string saved_id;
  if (!save_result(context, result, store.get(), journal::VoiceTask::kMpt, source_label(shown_names(options)),
                   json_result, saved_id)) {
    return;
  }
  if (options.json) return print_result(context, true, json_result, saved_id);
  for (const auto& line : lines) *context.out << line;
  *context.out << fmt::format("Maximum phonation time: {:.2f} s (best of {})\n", best, options.files.size());
  print_saved_line(context, saved_id);
}

struct RangeOptions {
  std::vector<std::string> files;
  std::string svg;
  std::string calibration_tone;
  double calibration_db = 0;
  bool json = false;
  SaveOptions save;
  bool live = false;
  std::string keep;
  std::vector<std::string> labels;  // as in TaskOptions
};

void run_range(const Context& context, CommandResult& result, const RangeOptions& options) {
  auto store = journal_for_save(context, result, options.save);
  if (options.save.save && store == nullptr) return;
  voice::Calibration calibration;
  if (!options.calibration_tone.empty()) {
    auto tone = voice::read_mono_file(options.calibration_tone, voice::kMaxAnalysisSeconds);
    if (!tone) {
      print_error(*context.err, tone.error());
      result.exit_code = kExitUnreadable;
      return;
    }
    auto calibrated = voice::calibrate_from_tone(*tone, options.calibration_db);
    if (!calibrated) {
      print_error(*context.err, calibrated.error());
      result.exit_code = kExitInvalid;
      return;
    }
    calibration = *calibrated;
  }
  voice::RangeProfileBuilder builder;
  for (const auto& file : options.files) {
    auto signal = voice::read_mono_file(file, voice::kMaxAnalysisSeconds);
    if (!signal) {
      print_error(*context.err, signal.error());
      result.exit_code = kExitUnreadable;
      return;
    }
    auto track = voice::track_pitch(signal->samples, signal->sample_rate_hz, voice::PitchSettings{});
    if (!track) {
      print_error(*context.err, track.error());
      result.exit_code = kExitInvalid;
      return;
    }
    builder.add(*track, voice::frame_levels_db(*signal, *track, calibration));
  }
  const auto profile = builder.build();
  if (profile.cells.empty()) {
    *context.err << "velum: no voiced frames found (a note needs at least 30 ms of voice to count)\n";
    result.exit_code = kExitInvalid;
    return;
  }
  if (!options.svg.empty()) {
    std::ofstream svg(options.svg);
    svg << voice::range_profile_svg(profile, calibration);
    if (!svg) {
      *context.err << "velum: cannot write '" << options.svg << "'\n";
      result.exit_code = kExitUnreadable;
      return;
    }
  }
  nlohmann::json json_result = common::range_profile_json(profile, calibration);
  std::string saved_id;
  if (!save_result(context, result, store.get(), journal::VoiceTask::kRange,
                   source_label(shown_names(options)), json_result, saved_id)) {
    return;
  }
  if (options.json) return print_result(context, true, json_result, saved_id);
  std::ostream& out = *context.out;
  out << fmt::format("Range {} semitones: {} ({:.0f} Hz) to {} ({:.0f} Hz)\n", profile.range_semitones,
                     voice::note_name(profile.cells.front().midi_note), profile.lowest_hz,
                     voice::note_name(profile.cells.back().midi_note), profile.highest_hz);
  for (const auto& cell : profile.cells) {
    out << fmt::format("  {:<4} {:5.1f} - {:5.1f} dB\n", voice::note_name(cell.midi_note), cell.min_db,
                       cell.max_db);
  }
  out << calibration.describe() << '\n';
  print_saved_line(context, saved_id);
}

struct HistoryOptions {
  std::string from;
  std::string to;
  bool json = false;
  DataOptions data_dir;
};

// The measures a task's line shows, in its own units and words.
std::string measures_text(const journal::VoiceSession& session) {
  using journal::VoiceMeasure;
  std::vector<std::string> parts;
  const auto add = [&](VoiceMeasure measure, const char* format) {
    if (const auto& value = session.measure(measure))
      parts.push_back(fmt::format(fmt::runtime(format), *value));
  };
  const auto add_percent = [&](VoiceMeasure measure, const char* name) {
    if (const auto& value = session.measure(measure))
      parts.push_back(fmt::format("{} {:.3f} %", name, *value * 100));
  };
  add(VoiceMeasure::kF0MeanHz, "F0 {:.1f} Hz");
  add_percent(VoiceMeasure::kJitterLocal, "jitter");
  add_percent(VoiceMeasure::kShimmerLocal, "shimmer");
  add(VoiceMeasure::kHnrDb, "HNR {:.1f} dB");
  add(VoiceMeasure::kCppsDb, "CPPS {:.1f} dB");
  add(VoiceMeasure::kRangeSemitones, "range {:.0f} semitones");
  if (session.measure(VoiceMeasure::kRangeLowHz) && session.measure(VoiceMeasure::kRangeHighHz)) {
    parts.push_back(fmt::format("{:.0f}-{:.0f} Hz", *session.measure(VoiceMeasure::kRangeLowHz),
                                *session.measure(VoiceMeasure::kRangeHighHz)));
  }
  add(VoiceMeasure::kMptSeconds, "{:.2f} s");
  add(VoiceMeasure::kMatchAccuracyCents, "accuracy {:+.1f} cents");
  add(VoiceMeasure::kMatchPrecisionCents, "precision {:.1f} cents");
  std::string text;
  for (const auto& part : parts) text += (text.empty() ? "" : ", ") + part;
  return text.empty() ? std::string("-") : text;
}

void run_history(const Context& context, CommandResult& result, const HistoryOptions& options) {
  journal::DayRange days;
  for (const auto& [flag, text, into] :
       {std::tuple{"--from", &options.from, &days.first}, std::tuple{"--to", &options.to, &days.last}}) {
    if (text->empty()) continue;
    const auto day = journal::parse_date_text(*text);
    if (!day) {
      return fail(context, result, kExitUnreadable,
                  fmt::format("{} must be a calendar day written YYYY-MM-DD, got '{}'", flag, *text));
    }
    *into = *day;
  }
  auto store = open_journal(context, options.data_dir, result);
  if (!store) return;
  auto sessions = store->voice_sessions(std::string(journal::kDefaultUser), days);
  if (!sessions) return fail(context, result, exit_code_for(sessions.error()), sessions.error().message);
  if (options.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& session : *sessions) list.push_back(common::voice_session_json(session));
    *context.out << nlohmann::json{{"voice_sessions", list}}.dump(2) << '\n';
    return;
  }
  if (sessions->empty()) {
    *context.out << "No voice sessions saved" << (days.first || days.last ? " in those days" : " yet")
                 << ". Add --save to velum voice analyze, match, range or mpt to keep a result.\n";
    return;
  }
  std::ostream& out = *context.out;
  for (const auto& session : *sessions) {
    // Local wall time as recorded: "2026-03-14T10:26:53+01:00" → "2026-03-14 10:26".
    const auto local = journal::to_iso8601(session.recorded_at);
    constexpr std::size_t kDateLength = 10;
    constexpr std::size_t kMinutesEnd = 16;
    out << fmt::format("{} {}  {:<7}  {}  ({})  {}\n", local.substr(0, kDateLength),
                       local.substr(kDateLength + 1, kMinutesEnd - kDateLength - 1),
                       journal::to_string(session.task), measures_text(session), session.source, session.id);
  }
}

// Recordings come either as files or, with --live, from the microphone; never both.
bool sources_are_clear(const Context& context, CommandResult& result, bool live, bool has_files) {
  if (live && has_files) {
    *context.err << "velum: --live records new takes; give either --live or recordings, not both\n";
  } else if (!live && !has_files) {
    *context.err << "velum: no recordings given\n  hint: pass one or more files, or --live to record now\n";
  } else {
    return true;
  }
  result.exit_code = kExitUnreadable;
  return false;
}

void report_live_failure(const Context& context, CommandResult& result, const LiveFailure& failure) {
  *context.err << "velum: " << failure.message << '\n';
  result.exit_code = failure.exit_code;
}

// The takes land in a folder and go through run_match, so live and recorded
// trials are measured by the same code.
void run_match_live(const Context& context, CommandResult& result, const TaskOptions& options) {
  const auto target = voice::parse_target_hz(options.target);
  if (!target) {
    print_error(*context.err, target.error());
    result.exit_code = kExitUnreadable;
    return;
  }
  if (options.trials < 1 || options.trials > kMaxLiveTrials) {
    *context.err << fmt::format("velum: --trials {} is out of range\n  hint: use 1 to {}\n", options.trials,
                                kMaxLiveTrials);
    result.exit_code = kExitUnreadable;
    return;
  }
  std::string error;
  auto folder = TakeFolder::create(options.keep, error);
  if (!folder) return report_live_failure(context, result, {error, kExitUnreadable});
  LiveTakes takes;
  if (auto failed = record_match_takes(context, *folder, *target, options.target, options.trials, takes)) {
    return report_live_failure(context, result, *failed);
  }
  TaskOptions recorded = options;
  recorded.files = takes.files;
  recorded.labels = takes.labels;
  run_match(context, result, recorded);
}

void run_mpt_live(const Context& context, CommandResult& result, const TaskOptions& options) {
  std::string error;
  auto folder = TakeFolder::create(options.keep, error);
  if (!folder) return report_live_failure(context, result, {error, kExitUnreadable});
  LiveTakes takes;
  if (auto failed = record_mpt_takes(context, *folder, takes))
    return report_live_failure(context, result, *failed);
  TaskOptions recorded = options;
  recorded.files = takes.files;
  recorded.labels = takes.labels;
  run_mpt(context, result, recorded);
}

void run_range_live(const Context& context, CommandResult& result, const RangeOptions& options) {
  std::string error;
  auto folder = TakeFolder::create(options.keep, error);
  if (!folder) return report_live_failure(context, result, {error, kExitUnreadable});
  LiveTakes takes;
  if (auto failed = record_range_takes(context, *folder, takes)) {
    return report_live_failure(context, result, *failed);
  }
  RangeOptions recorded = options;
  recorded.files = takes.files;
  recorded.labels = takes.labels;
  run_range(context, result, recorded);
}

}  // namespace

void add_voice_command(CLI::App& app, const Context& context, CommandResult& result) {
  auto* voice_cmd =
      app.add_subcommand("voice", "Measure your voice from recordings: pitch and voice quality");
  voice_cmd->require_subcommand(1);

  auto pitch_options = std::make_shared<PitchOptions>();
  auto* pitch =
      voice_cmd->add_subcommand("pitch", "Pitch (F0) every 10 ms of a recording, as CSV (default) or JSON");
  pitch->add_option("file", pitch_options->file, "Recording: WAV, FLAC or Ogg, mono or stereo, 8-96 kHz")
      ->required();
  pitch->add_flag("--csv", pitch_options->csv, "Write CSV: t,f0_hz,p_voiced (the default)");
  pitch->add_flag("--json", pitch_options->json, "Write JSON: {hop_seconds, frames: [{t, f0_hz, p_voiced}]}");
  pitch->add_option("--floor", pitch_options->min_f0_hz, "Lowest pitch searched, Hz")
      ->default_val(voice::kDefaultMinF0Hz);
  pitch->add_option("--ceiling", pitch_options->max_f0_hz, "Highest pitch searched, Hz")
      ->default_val(voice::kDefaultMaxF0Hz);
  pitch->callback([&context, &result, pitch_options] { run_pitch(context, result, *pitch_options); });

  auto analyze_options = std::make_shared<AnalyzeOptions>();
  auto* analyze = voice_cmd->add_subcommand(
      "analyze",
      "Pitch statistics, jitter, shimmer, HNR and CPPS of a recording (a sustained /a/ works best)");
  analyze->add_option("file", analyze_options->file, "Recording: WAV, FLAC or Ogg, mono or stereo, 8-96 kHz")
      ->required();
  analyze->add_flag("--json", analyze_options->json,
                    "Write JSON (fractions, not percent, as Praat reports them)");
  add_save_options(*analyze, analyze_options->save);
  analyze->callback([&context, &result, analyze_options] { run_analyze(context, result, *analyze_options); });

  auto match_options = std::make_shared<TaskOptions>();
  auto* match = voice_cmd->add_subcommand(
      "match", "How close sung notes land to a target: one file per trial, the steady middle of each note");
  match->add_option("--target", match_options->target, "Target note (C4, F#3, Bb4) or frequency in Hz")
      ->required();
  match->add_option("files", match_options->files, "One recording per trial");
  match->add_flag("--json", match_options->json, "Write JSON");
  add_save_options(*match, match_options->save);
  match->add_flag("--live", match_options->live,
                  "Record the trials now from the microphone, each after hearing the target note");
  match->add_option("--trials", match_options->trials, "With --live: how many trials to record (1-20)")
      ->default_val(kDefaultLiveTrials);
  match->add_option("--keep", match_options->keep,
                    "With --live: also keep each trial as a WAV file in this folder");
  match->callback([&context, &result, match_options] {
    if (!sources_are_clear(context, result, match_options->live, !match_options->files.empty())) return;
    if (match_options->live) return run_match_live(context, result, *match_options);
    run_match(context, result, *match_options);
  });

  auto range_options = std::make_shared<RangeOptions>();
  auto* range = voice_cmd->add_subcommand("range",
                                          "Voice range profile: softest and loudest level per semitone over "
                                          "glides and notes (one or more files)");
  range->add_option("files", range_options->files, "Recordings: glides, softest and loudest notes");
  range->add_option("--svg", range_options->svg, "Also draw the profile to this SVG file");
  auto* tone =
      range->add_option("--calibration-tone", range_options->calibration_tone,
                        "A recording of a reference tone at a known level, same microphone and gain");
  range->add_option("--calibration-db", range_options->calibration_db, "The reference tone's level, dB SPL")
      ->needs(tone);
  tone->needs(range->get_option("--calibration-db"));
  range->add_flag("--json", range_options->json, "Write JSON");
  add_save_options(*range, range_options->save);
  range->add_flag("--live", range_options->live,
                  "Record now from the microphone, guided: two glides, the softest and the loudest note");
  range->add_option("--keep", range_options->keep,
                    "With --live: also keep each take as a WAV file in this folder");
  range->callback([&context, &result, range_options] {
    if (!sources_are_clear(context, result, range_options->live, !range_options->files.empty())) return;
    if (range_options->live) return run_range_live(context, result, *range_options);
    run_range(context, result, *range_options);
  });

  auto mpt_options = std::make_shared<TaskOptions>();
  auto* mpt = voice_cmd->add_subcommand(
      "mpt", "Maximum phonation time: the longest sustained /a/, best of the trials (record three)");
  mpt->add_option("files", mpt_options->files, "One recording per trial");
  mpt->add_flag("--json", mpt_options->json, "Write JSON");
  add_save_options(*mpt, mpt_options->save);
  mpt->add_flag(
      "--live", mpt_options->live,
      "Record three trials now from the microphone; each ends when your voice stops (60 s at most)");
  mpt->add_option("--keep", mpt_options->keep,
                  "With --live: also keep each trial as a WAV file in this folder");
  mpt->callback([&context, &result, mpt_options] {
    if (!sources_are_clear(context, result, mpt_options->live, !mpt_options->files.empty())) return;
    if (mpt_options->live) return run_mpt_live(context, result, *mpt_options);
    run_mpt(context, result, *mpt_options);
  });

  auto history_options = std::make_shared<HistoryOptions>();
  auto* history = voice_cmd->add_subcommand("history", "The voice results kept with --save, oldest first");
  history->add_option("--from", history_options->from, "First day to list, YYYY-MM-DD (local)");
  history->add_option("--to", history_options->to, "Last day to list, YYYY-MM-DD (local)");
  history->add_flag("--json", history_options->json, "Write JSON: {voice_sessions: [...]}");
  add_data_option(*history, history_options->data_dir);
  history->callback([&context, &result, history_options] { run_history(context, result, *history_options); });
}

}  // namespace velum::cli
