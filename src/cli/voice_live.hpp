#pragma once
// Guided live takes for `velum voice match|mpt|range --live`: prompts and a
// calm countdown on stderr (stdout stays the command's result), each take
// recorded from the default input and written as a WAV file, so the numbers
// come from the very same file analysis as recordings passed by name.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "cli/context.hpp"

namespace velum::cli {

// Where the takes of one run go: the --keep folder, or a private temporary
// folder removed when this is destroyed. Main thread only.
class TakeFolder {
 public:
  // `keep` empty: a new folder under the system's temporary directory.
  // Errors: the folder cannot be created (the message names it).
  static std::optional<TakeFolder> create(const std::string& keep, std::string& error);
  ~TakeFolder();
  TakeFolder(TakeFolder&& other) noexcept;
  TakeFolder& operator=(TakeFolder&&) = delete;
  TakeFolder(const TakeFolder&) = delete;
  TakeFolder& operator=(const TakeFolder&) = delete;

  const std::filesystem::path& path() const { return path_; }
  bool kept() const { return kept_; }

 private:
  TakeFolder(std::filesystem::path path, bool kept) : path_(std::move(path)), kept_(kept) {}
  std::filesystem::path path_;
  bool kept_ = false;
};

// The recorded takes: files to analyse and the names to show for them (the
// kept file's path, or "trial 1" for a temporary one).
struct LiveTakes {
  std::vector<std::string> files;
  std::vector<std::string> labels;
};

// A live run that could not record: the sentence to print and the exit code
// (kExitUnreadable when there is no input device or PortAudio is missing).
struct LiveFailure {
  std::string message;
  int exit_code = kExitUnreadable;
};

inline constexpr double kMatchTrialSeconds = 4.0;
inline constexpr double kMatchNoteSeconds = 2.0;
inline constexpr double kMptMaxSeconds = 60.0;
inline constexpr double kMptSilenceToStopSeconds = 1.0;  // quiet this long after the voice ends the take
inline constexpr double kGlideSeconds = 8.0;
inline constexpr double kSustainedNoteSeconds = 4.0;

// Pitch matching: before each of `trials` takes, plays the target note
// (target_hz, named `target` in prompts), then records kMatchTrialSeconds.
// trials >= 1. Main thread only; blocks while recording.
std::optional<LiveFailure> record_match_takes(const Context& context, const TakeFolder& folder,
                                              double target_hz, const std::string& target, int trials,
                                              LiveTakes& takes);

// Maximum phonation time: three takes of a sustained /a/, each ending once the
// voice has stopped for kMptSilenceToStopSeconds, or after kMptMaxSeconds.
std::optional<LiveFailure> record_mpt_takes(const Context& context, const TakeFolder& folder,
                                            LiveTakes& takes);

// Voice range profile: a glide up, a glide down, the softest and the loudest
// sustained note.
std::optional<LiveFailure> record_range_takes(const Context& context, const TakeFolder& folder,
                                              LiveTakes& takes);

}  // namespace velum::cli
