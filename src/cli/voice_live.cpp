// Recording the voice lab's takes live. The loop that drains the capture ring
// runs on the main thread every kPollMilliseconds; the take's clock is the
// number of samples captured (the device's clock), never the wall clock, so a
// device that runs fast or slow still yields takes of the stated length.

#include "cli/voice_live.hpp"
#include "cli/text.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <ostream>
#include <span>
#include <system_error>
#include <thread>

#include "audio/capture.hpp"
#include "audio/live.hpp"
#include "audio/recording.hpp"
#include "audio/tones.hpp"

namespace velum::cli {
namespace {

namespace fs = std::filesystem;

constexpr int kPollMilliseconds = 20;
// A device that delivers nothing for this long has stopped (unplugged, taken
// by another program): the take ends with an error instead of waiting forever.
constexpr auto kStalledAfter = std::chrono::seconds(3);
constexpr double kLevelBlockSeconds = 0.05;
constexpr double kVoiceOnsetDbfs = -45.0;      // a block this loud counts as voice having started
constexpr double kVoiceEndBelowPeakDb = 25.0;  // this far below the loudest block counts as the voice ended
constexpr double kMptNoVoiceSeconds = 15.0;    // give up a take nobody sang into
constexpr double kPauseBetweenTakesSeconds = 1.5;

// Decides, from the samples so far, that the take can end early.
using StopRule = std::function<bool(std::span<const float> samples, int sample_rate_hz)>;

// One prompt line, then a countdown of whole seconds on the same line when
// stderr is a terminal (a log file gets the prompt alone).
class Countdown {
 public:
  Countdown(std::ostream& err, std::string prompt) : err_(err), prompt_(std::move(prompt)) {
    err_ << prompt_ << (terminal_ ? "" : "\n") << std::flush;
  }
  void show(double seconds_left) {
    if (!terminal_) return;
    const auto whole = static_cast<int>(std::ceil(seconds_left));
    if (whole == shown_) return;
    shown_ = whole;
    err_ << fmt::format("\r{}  {:>2} s ", prompt_, whole) << std::flush;
  }
  void done() {
    if (terminal_) err_ << fmt::format("\r{}  done\n", prompt_) << std::flush;
  }
  void abandon() {
    if (terminal_) err_ << '\n';
  }

 private:
  std::ostream& err_;
  std::string prompt_;
  bool terminal_ = isatty(STDERR_FILENO) != 0;
  int shown_ = -1;
};

void pause_seconds(double seconds) {
  std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<int>(seconds * 1000)));
}

// Records one take of at most max_seconds into `samples` (mono, kCaptureSampleRateHz).
std::optional<LiveFailure> record_take(std::ostream& err, const std::string& prompt, double max_seconds,
                                       const StopRule& stop_early, std::vector<float>& samples) {
  audio::CaptureSettings settings;
  settings.max_seconds = max_seconds;
  auto opened = audio::LiveCapture::open(settings);
  if (!opened) return LiveFailure{message_and_hint(opened.error()), kExitUnreadable};
  audio::LiveCapture& capture = **opened;
  samples.clear();
  samples.reserve(static_cast<std::size_t>(capture.max_frames()));
  std::vector<float> block(static_cast<std::size_t>(capture.sample_rate_hz()));
  Countdown countdown(err, prompt);
  if (auto error = capture.start()) return LiveFailure{message_and_hint(*error), kExitUnreadable};
  const auto drain = [&] {
    for (std::size_t n = capture.read(block); n > 0; n = capture.read(block)) {
      samples.insert(samples.end(), block.begin(), block.begin() + static_cast<std::ptrdiff_t>(n));
    }
  };
  auto last_progress = std::chrono::steady_clock::now();
  for (;;) {
    const std::size_t before = samples.size();
    drain();
    const auto now = std::chrono::steady_clock::now();
    if (samples.size() > before) last_progress = now;
    if (now - last_progress > kStalledAfter) {
      capture.stop();
      countdown.abandon();
      return LiveFailure{
          "the microphone stopped delivering sound during the recording\n  hint: check that it is "
          "connected and not in use by another program, then try again",
          kExitUnreadable};
    }
    const double seconds = static_cast<double>(samples.size()) / capture.sample_rate_hz();
    countdown.show(max_seconds - seconds);
    if (capture.full() && capture.frames_captured() == static_cast<std::int64_t>(samples.size())) break;
    if (stop_early && stop_early(samples, capture.sample_rate_hz())) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(kPollMilliseconds));
  }
  capture.stop();
  drain();
  countdown.done();
  if (capture.frames_lost() > 0) {
    err << fmt::format("  ({:.0f} ms of audio did not arrive from the device)\n",
                       1000.0 * static_cast<double>(capture.frames_lost()) / capture.sample_rate_hz());
  }
  return std::nullopt;
}

std::optional<LiveFailure> keep_take(const TakeFolder& folder, const std::string& name,
                                     const std::string& label, const std::vector<float>& samples,
                                     LiveTakes& takes) {
  const fs::path path = folder.path() / (name + ".wav");
  if (auto error = audio::write_mono_wav(path, samples, audio::kCaptureSampleRateHz)) {
    return LiveFailure{message_and_hint(*error), kExitUnreadable};
  }
  takes.files.push_back(path.string());
  takes.labels.push_back(folder.kept() ? path.string() : label);
  return std::nullopt;
}

// Checks for an input device before any prompt, so a machine without one gets
// the single clear sentence and nothing else.
std::optional<LiveFailure> require_input() {
  if (auto error = audio::find_input_device()) return LiveFailure{message_and_hint(*error), kExitUnreadable};
  return std::nullopt;
}

// Ends a sustained-vowel take once the voice has started and then stayed far
// below its loudest level for kMptSilenceToStopSeconds; or when nobody has
// sung for kMptNoVoiceSeconds. Works on the samples so far, block by block.
class VoiceEndDetector {
 public:
  bool operator()(std::span<const float> samples, int sample_rate_hz) {
    const auto block = static_cast<std::size_t>(kLevelBlockSeconds * sample_rate_hz);
    for (; next_ + block <= samples.size(); next_ += block) {
      double sum = 0;
      for (std::size_t i = next_; i < next_ + block; ++i) sum += static_cast<double>(samples[i]) * samples[i];
      const double level_db = 10 * std::log10(sum / static_cast<double>(block) + 1e-20);
      loudest_db_ = std::max(loudest_db_, level_db);
      if (level_db > kVoiceOnsetDbfs) started_ = true;
      quiet_blocks_ = (started_ && level_db < loudest_db_ - kVoiceEndBelowPeakDb) ? quiet_blocks_ + 1 : 0;
    }
    const double seconds = static_cast<double>(next_) / sample_rate_hz;
    if (!started_) return seconds >= kMptNoVoiceSeconds;
    return static_cast<double>(quiet_blocks_) * kLevelBlockSeconds >= kMptSilenceToStopSeconds;
  }

 private:
  std::size_t next_ = 0;
  double loudest_db_ = -400;
  bool started_ = false;
  int quiet_blocks_ = 0;
};

}  // namespace

std::optional<TakeFolder> TakeFolder::create(const std::string& keep, std::string& error) {
  std::error_code ec;
  if (!keep.empty()) {
    fs::create_directories(keep, ec);
    if (ec || !fs::is_directory(keep)) {
      error = fmt::format("cannot create the folder '{}' for --keep: {}", keep,
                          ec ? ec.message() : "a file of that name is in the way");
      return std::nullopt;
    }
    return TakeFolder(fs::path(keep), true);
  }
  std::string pattern = (fs::temp_directory_path(ec) / "velum-voice-XXXXXX").string();
  if (ec || mkdtemp(pattern.data()) == nullptr) {
    error = fmt::format("cannot create a temporary folder for the recordings in '{}'",
                        fs::temp_directory_path(ec).string());
    return std::nullopt;
  }
  return TakeFolder(fs::path(pattern), false);
}

TakeFolder::TakeFolder(TakeFolder&& other) noexcept : path_(std::move(other.path_)), kept_(other.kept_) {
  other.path_.clear();
}

TakeFolder::~TakeFolder() {
  if (kept_ || path_.empty()) return;
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

std::optional<LiveFailure> record_match_takes(const Context& context, const TakeFolder& folder,
                                              double target_hz, const std::string& target, int trials,
                                              LiveTakes& takes) {
  if (auto missing = require_input()) return missing;
  std::ostream& err = *context.err;
  const auto note = audio::make_reference_note(target_hz, kMatchNoteSeconds, audio::kCaptureSampleRateHz);
  err << fmt::format(
      "Pitch match: {} trials. Each time, listen to {} ({:.1f} Hz), then sing it back on 'ah'.\n", trials,
      target, target_hz);
  std::vector<float> samples;
  for (int trial = 1; trial <= trials; ++trial) {
    err << fmt::format("Trial {} of {}: listen.\n", trial, trials) << std::flush;
    if (auto error = audio::play_clip(note, audio::kCaptureSampleRateHz)) {
      err << fmt::format("  (the note could not be played: {}; sing {} from your own reference)\n",
                         error->message, target);
    }
    const std::string prompt =
        fmt::format("Trial {} of {}: sing {} now, steady, until the countdown ends.", trial, trials, target);
    if (auto failed = record_take(err, prompt, kMatchTrialSeconds, nullptr, samples)) return failed;
    if (auto failed = keep_take(folder, fmt::format("match-{}", trial), fmt::format("trial {}", trial),
                                samples, takes)) {
      return failed;
    }
  }
  return std::nullopt;
}

std::optional<LiveFailure> record_mpt_takes(const Context& context, const TakeFolder& folder,
                                            LiveTakes& takes) {
  if (auto missing = require_input()) return missing;
  std::ostream& err = *context.err;
  constexpr int kTrials = 3;
  err << "Maximum phonation time: three trials. Take a comfortable deep breath, then hold 'ah' at an easy\n"
         "pitch and level for as long as is comfortable. Recording stops when your voice does.\n";
  std::vector<float> samples;
  for (int trial = 1; trial <= kTrials; ++trial) {
    if (trial > 1) pause_seconds(kPauseBetweenTakesSeconds);
    VoiceEndDetector voice_ended;
    const std::string prompt = fmt::format("Trial {} of {}: breathe in, then 'ah'.", trial, kTrials);
    if (auto failed = record_take(err, prompt, kMptMaxSeconds, std::ref(voice_ended), samples)) return failed;
    if (auto failed =
            keep_take(folder, fmt::format("mpt-{}", trial), fmt::format("trial {}", trial), samples, takes)) {
      return failed;
    }
  }
  return std::nullopt;
}

std::optional<LiveFailure> record_range_takes(const Context& context, const TakeFolder& folder,
                                              LiveTakes& takes) {
  if (auto missing = require_input()) return missing;
  std::ostream& err = *context.err;
  struct Task {
    const char* name;
    const char* prompt;
    double seconds;
  };
  static constexpr Task kTasks[] = {
      {"range-glide-up", "Glide up on 'ah' from your lowest comfortable note to your highest.",
       kGlideSeconds},
      {"range-glide-down", "Now glide down, from your highest comfortable note to your lowest.",
       kGlideSeconds},
      {"range-softest", "Sing a comfortable note as softly as you can, and hold it.", kSustainedNoteSeconds},
      {"range-loudest", "The same note as loudly as is comfortable (no straining), and hold it.",
       kSustainedNoteSeconds},
  };
  err << "Voice range profile: four short recordings. Stay within what is comfortable.\n";
  std::vector<float> samples;
  for (const Task& task : kTasks) {
    pause_seconds(kPauseBetweenTakesSeconds);
    if (auto failed = record_take(err, task.prompt, task.seconds, nullptr, samples)) return failed;
    if (auto failed = keep_take(folder, task.name, task.name, samples, takes)) return failed;
  }
  return std::nullopt;
}

}  // namespace velum::cli
