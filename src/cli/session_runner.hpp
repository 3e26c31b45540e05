#pragma once
// The testable core of `velum session`: the guided, auto-advancing run of a
// routine Timeline (view, keys, step timing) and the one-key prompts around it
// (hygiene checklist, what happened after a stop, step ratings). No journal, no
// audio device: the command wires those in through GuidedListener.

#include <chrono>
#include <csignal>
#include <functional>
#include <iosfwd>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "cli/pacer_view.hpp"
#include "cli/sample_clock.hpp"
#include "journal/records.hpp"
#include "practice/protocol.hpp"
#include "practice/safety.hpp"
#include "practice/timeline.hpp"

namespace velum::cli {

// ---- Input ------------------------------------------------------------------------

// Keys for the prompts and the guided loop. On a terminal every key counts as
// it is pressed; otherwise (a pipe, a script) input is read a line at a time:
// a one-key question takes the first character of a line (an empty line is
// Enter), so `printf 'y\n3\n'` answers two questions. Main thread only.
class Prompter {
 public:
  // `input_ended` says whether `keys` has reached the end of its input (may be
  // empty: never). `stop` is the signal flag (may be null).
  Prompter(KeySource& keys, bool line_mode, std::function<bool()> input_ended,
           const volatile std::sig_atomic_t* stop);

  // Waits for the next key (line mode: the first character of the next line, or
  // '\n' for an empty one). nullopt when input ended or a signal arrived.
  std::optional<char> key();
  // A line of text; on a terminal the keys are echoed to `out` (backspace works).
  std::optional<std::string> line(std::ostream& out);
  // A key within `timeout`, for the guided loop (line mode: a whole line
  // reduced to its first character; lines that are not p, s or space are kept
  // for the prompts after the run). nullopt on timeout.
  std::optional<char> poll(std::chrono::milliseconds timeout);
  bool line_mode() const { return line_mode_; }
  bool interrupted() const { return stop_ != nullptr && *stop_ != 0; }

 private:
  std::optional<std::string> next_line(std::optional<std::chrono::milliseconds> timeout);
  bool finished() const;

  KeySource& keys_;
  bool line_mode_;
  std::function<bool()> input_ended_;
  const volatile std::sig_atomic_t* stop_;
  std::string partial_;               // line mode: characters of a line not yet ended
  std::vector<std::string> pending_;  // line mode: lines read during the run, for later prompts
};

// ---- The guided run -------------------------------------------------------------

// What the screen shows at one moment of a routine Timeline.
struct SessionFrame {
  bool finished = false;
  int step = -1;  // index into Timeline::steps; -1 before the first step or between steps
  int step_count = 0;
  std::string title;
  std::string instruction;
  bool breathing = false;  // a breath phase is in progress
  practice::BreathPhase phase = practice::BreathPhase::kInhale;
  double bar_level = 0;  // 0 empty .. 1 full
  double seconds_left_in_phase = 0;
  std::optional<double> hold_seconds_left;  // inside a timed hold (hold build-up)
  int repetition = 0;                       // latest repetition of the step (1-based), 0 if none
  double step_seconds_left = 0;
  double session_seconds_left = 0;
};

// Answers "what is shown at sample s" for one routine Timeline. Immutable; any thread.
class SessionView {
 public:
  explicit SessionView(const practice::Timeline& timeline);
  SessionFrame frame_at(practice::SampleIndex sample) const;

 private:
  const practice::Timeline& timeline_;
  PacerView pacer_;
  std::vector<practice::Event> holds_;        // kHoldStart events
  std::vector<practice::Event> repetitions_;  // kRepetition events
};

// The frame as kSessionFrameLines lines, each at most `columns` wide.
inline constexpr int kSessionFrameLines = 9;
std::string render_session_frame(const SessionFrame& frame, int columns, bool paused);

// One step as timed by the run. actual_seconds is the session time the person
// spent in it including pauses (so a paused step is longer than planned, a
// stopped one shorter).
struct StepTiming {
  int index = 0;
  std::string step_id;
  double planned_seconds = 0;
  double actual_seconds = 0;
  double hold_seconds = 0;  // the step's timed hold, 0 when it has none
  bool finished = true;     // false: the session stopped inside this step
};

// What the command does while the run goes on. Called on the main thread.
class GuidedListener {
 public:
  virtual ~GuidedListener() = default;
  virtual void step_ended(const StepTiming& timing) = 0;  // commit it now
  virtual void pause_changed(bool paused) = 0;            // pause or resume the sound
  virtual void stopped() = 0;                             // silence the sound at once
};

enum class GuidedEnd { kCompleted, kStopped, kInterrupted };

struct GuidedResult {
  GuidedEnd end = GuidedEnd::kCompleted;
  practice::SampleIndex at = 0;  // session position when it ended
  int steps_ended = 0;           // step_ended calls made
};

struct GuidedOptions {
  int columns = 80;
  std::chrono::milliseconds frame_interval{50};
  bool animate = true;  // false: one line per step change, hold and pause (pipes, logs)
};

// Plays `timeline` against `clock` (the session clock: a sound device, the
// steady clock scaled by --speed, or a test's clock) until it ends, s or space
// stops it, or a signal arrives; p pauses and resumes. Steps are reported to
// `listener` as they end (and the step in progress when stopped). Main thread only.
GuidedResult run_guided(const practice::Timeline& timeline, SampleClock& clock, Prompter& input,
                        std::ostream& out, const GuidedOptions& options, GuidedListener& listener);

// ---- Prompts ----------------------------------------------------------------------

// The hygiene checklist (practice::hygiene_checklist, as the use-case layer
// gives it), one y/n key each. Returns whether the session may start (a "no"
// that blocks, on nails or hands, explains why and says no); nullopt when
// input ended. Other "no" answers get a short tip.
std::optional<bool> run_checklist(std::span<const practice::ChecklistQuestion> checklist, Prompter& input,
                                  std::ostream& out);

// "What happened?" after a stop: one key per stop reason, then for "something
// else" a few optional words. nullopt when input ended.
std::optional<journal::StopReason> ask_stop_reason(Prompter& input, std::ostream& out);

struct StepRating {
  int pain = 0;  // 0-10
  std::vector<practice::Sensation> sensations;
};

// Pain (0-9 with one key, t for 10, Enter for 0) and sensations from the
// step's expect list (number keys toggle, Enter finishes). nullopt when input ended.
std::optional<StepRating> ask_step_rating(const practice::Step& step, Prompter& input, std::ostream& out);

// A yes/no question answered with y or n. nullopt when input ended.
std::optional<bool> ask_yes_no(std::string_view question, Prompter& input, std::ostream& out);

}  // namespace velum::cli
