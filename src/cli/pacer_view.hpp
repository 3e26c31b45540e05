#pragma once
// The terminal breath pacer: what to show at a sample of a pacer Timeline (a
// bar that grows on the inhale and shrinks on the exhale), and the loop that
// redraws it from a SampleClock and reacts to keys (p pauses, space, s or q stop).

#include <chrono>
#include <csignal>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "cli/sample_clock.hpp"
#include "practice/timeline.hpp"

namespace velum::cli {

// What the pacer shows at one moment.
struct PacerFrame {
  bool finished = false;  // the sample is at or past the end
  practice::BreathPhase phase = practice::BreathPhase::kInhale;
  double bar_level = 0;  // 0 empty .. 1 full
  double seconds_left_in_phase = 0;
  double breaths_per_minute = 0;  // of the breath in progress
  double elapsed_seconds = 0;
  double total_seconds = 0;
  std::string title;                      // the pattern's plain-language name
  practice::SampleIndex phase_start = 0;  // onset of the phase in progress
};

// Answers "what is happening at sample s" for one pacer Timeline in O(log n).
// Immutable after construction; any thread.
class PacerView {
 public:
  explicit PacerView(const practice::Timeline& timeline);
  PacerFrame frame_at(practice::SampleIndex sample) const;

 private:
  const practice::Timeline& timeline_;
  std::vector<practice::Event> phases_;  // the kPhase events, in order
};

// The frame as text, `kFrameLines` lines each at most `columns` wide, no
// trailing newline. `paused` replaces the seconds left by a paused notice.
inline constexpr int kFrameLines = 4;
std::string render_frame(const PacerFrame& frame, int columns, bool paused);

// One short line for a phase change, for output that is not a terminal:
// "0:04  Hold  (4 s)".
std::string render_phase_line(const PacerFrame& frame);

// Where keys come from: the terminal, or a script in tests.
class KeySource {
 public:
  virtual ~KeySource() = default;
  // Waits up to `timeout` for a key; nullopt on timeout or interruption.
  virtual std::optional<char> wait_for_key(std::chrono::milliseconds timeout) = 0;
};

struct PacerLoopOptions {
  int columns = 80;
  std::chrono::milliseconds frame_interval{50};  // 20 redraws a second is smooth for a breath
  bool animate = true;                           // false: one line per phase change (pipes, logs)
  // Called with every frame drawn and the clock position it was drawn for;
  // tests use it to check what was shown when. May be empty.
  std::function<void(practice::SampleIndex, const PacerFrame&)> on_frame;
  // Called after p pauses (true) or resumes (false), e.g. to stop and
  // restart the sound device. May be empty.
  std::function<void(bool paused)> on_pause;
};

enum class PacerOutcome { kFinished, kQuit, kInterrupted };

// Runs the pacer until the timeline ends, space, s or q is pressed (kQuit), or
// `*stop` becomes non-zero (set by a signal handler). p pauses and resumes
// through `clock`. Writes frames to `out`. Main thread only.
PacerOutcome run_pacer(const practice::Timeline& timeline, PausableClock& clock, KeySource& keys,
                       std::ostream& out, const PacerLoopOptions& options,
                       const volatile std::sig_atomic_t* stop = nullptr);

}  // namespace velum::cli
