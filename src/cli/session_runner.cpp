#include "cli/session_runner.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <ostream>
#include <utility>

#include "cli/text.hpp"
#include "practice/safety.hpp"
#include "practice/vocabulary.hpp"

namespace velum::cli {
namespace {

using practice::EventKind;
using practice::SampleIndex;

constexpr int kMargin = 2;
constexpr int kMinBarWidth = 10;
constexpr int kMaxBarWidth = 60;
constexpr int kSecondsPerMinute = 60;
constexpr std::size_t kMaxNoteLength = 200;  // "a few words"; the journal keeps text short
constexpr char kEscape = '\x1b';
constexpr char kBackspace = '\x7f';
constexpr char kCtrlH = '\x08';
constexpr int kMaxPainKey = 9;
constexpr int kPainTen = 10;
constexpr std::chrono::milliseconds kPromptWait{200};

std::string clock_text(double seconds) {
  const auto whole = static_cast<long long>(std::max(0.0, std::ceil(seconds - 1e-9)));
  return fmt::format("{}:{:02}", whole / kSecondsPerMinute, whole % kSecondsPerMinute);
}

// Time since the start: whole seconds reached so far.
std::string elapsed_text(double seconds) {
  const auto whole = static_cast<long long>(std::max(0.0, std::floor(seconds)));
  return fmt::format("{}:{:02}", whole / kSecondsPerMinute, whole % kSecondsPerMinute);
}

std::string upper(std::string_view text) {
  std::string result(text);
  for (auto& c : result) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return result;
}

// Splits `text` into at most `max_lines` lines of at most `width` characters at
// spaces; the last line ends in "..." when text is left over.
std::vector<std::string> wrap_lines(const std::string& text, int width, int max_lines) {
  std::vector<std::string> lines;
  std::string current;
  std::size_t pos = 0;
  const auto limit = static_cast<std::size_t>(std::max(width, 1));
  while (pos < text.size()) {
    std::size_t next = text.find(' ', pos);
    if (next == std::string::npos) next = text.size();
    const std::string word = text.substr(pos, next - pos);
    pos = next + 1;
    if (!current.empty() && display_columns(current) + 1 + display_columns(word) > limit) {
      lines.push_back(current);
      current.clear();
    }
    current += (current.empty() ? "" : " ") + word;
  }
  if (!current.empty()) lines.push_back(current);
  if (static_cast<int>(lines.size()) > max_lines) {
    lines.resize(static_cast<std::size_t>(max_lines));
    auto& last = lines.back();
    // A word-boundary cut with room for the ellipsis, as every other line is cut.
    last = fit_line(last + " …", static_cast<int>(limit));
  }
  return lines;
}

// The latest event in `events` (sorted by sample) starting at or before `sample`.
const practice::Event* latest(const std::vector<practice::Event>& events, SampleIndex sample) {
  auto after = std::upper_bound(events.begin(), events.end(), sample,
                                [](SampleIndex s, const practice::Event& e) { return s < e.sample; });
  if (after == events.begin()) return nullptr;
  return &*(after - 1);
}

}  // namespace

// ---- Prompter ---------------------------------------------------------------------

Prompter::Prompter(KeySource& keys, bool line_mode, std::function<bool()> input_ended,
                   const volatile std::sig_atomic_t* stop)
    : keys_(keys), line_mode_(line_mode), input_ended_(std::move(input_ended)), stop_(stop) {}

bool Prompter::finished() const { return interrupted() || (input_ended_ && input_ended_()); }

std::optional<std::string> Prompter::next_line(std::optional<std::chrono::milliseconds> timeout) {
  const auto deadline = timeout ? std::optional(std::chrono::steady_clock::now() + *timeout) : std::nullopt;
  while (true) {
    if (interrupted()) return std::nullopt;
    const auto wait = deadline ? std::max(std::chrono::milliseconds{0},
                                          std::chrono::duration_cast<std::chrono::milliseconds>(
                                              *deadline - std::chrono::steady_clock::now()))
                               : kPromptWait;
    const auto key = keys_.wait_for_key(wait);
    if (key) {
      if (*key == '\n') {
        std::string line = std::move(partial_);
        partial_.clear();
        if (!line.empty() && line.back() == '\r') line.pop_back();
        return line;
      }
      partial_ += *key;
      continue;
    }
    if (input_ended_ && input_ended_()) {
      if (partial_.empty()) return std::nullopt;
      std::string line = std::move(partial_);  // a last line without its newline
      partial_.clear();
      return line;
    }
    if (deadline && std::chrono::steady_clock::now() >= *deadline) return std::nullopt;
  }
}

std::optional<char> Prompter::key() {
  if (line_mode_) {
    std::optional<std::string> text;
    if (!pending_.empty()) {
      text = pending_.front();
      pending_.erase(pending_.begin());
    } else {
      text = next_line(std::nullopt);
    }
    if (!text) return std::nullopt;
    return text->empty() ? '\n' : text->front();
  }
  while (!finished()) {
    if (auto pressed = keys_.wait_for_key(kPromptWait)) return *pressed == '\r' ? '\n' : *pressed;
  }
  return std::nullopt;
}

std::optional<std::string> Prompter::line(std::ostream& out) {
  if (line_mode_) {
    if (!pending_.empty()) {
      std::string text = pending_.front();
      pending_.erase(pending_.begin());
      return text;
    }
    return next_line(std::nullopt);
  }
  std::string text;
  while (true) {
    const auto pressed = key();
    if (!pressed) return std::nullopt;
    if (*pressed == '\n') break;
    if (*pressed == kBackspace || *pressed == kCtrlH) {
      if (!text.empty()) {
        text.pop_back();
        out << "\b \b" << std::flush;
      }
      continue;
    }
    if (static_cast<unsigned char>(*pressed) < ' ' || text.size() >= kMaxNoteLength) continue;
    text += *pressed;
    out << *pressed << std::flush;
  }
  out << '\n';
  return text;
}

std::optional<char> Prompter::poll(std::chrono::milliseconds timeout) {
  if (!line_mode_) {
    auto pressed = keys_.wait_for_key(timeout);
    if (pressed && *pressed == '\r') return '\n';
    return pressed;
  }
  auto text = next_line(timeout);
  if (!text) return std::nullopt;
  if (*text == "p" || *text == "P" || *text == "s" || *text == "S" || *text == " ") return text->front();
  pending_.push_back(*text);  // an answer typed ahead, for the prompts after the run
  return std::nullopt;
}

// ---- View -------------------------------------------------------------------------

SessionView::SessionView(const practice::Timeline& timeline) : timeline_(timeline), pacer_(timeline) {
  for (const auto& event : timeline.events) {
    if (event.kind == EventKind::kHoldStart) holds_.push_back(event);
    if (event.kind == EventKind::kRepetition) repetitions_.push_back(event);
  }
}

SessionFrame SessionView::frame_at(SampleIndex sample) const {
  SessionFrame frame;
  const double rate = timeline_.sample_rate_hz;
  frame.step_count = static_cast<int>(timeline_.steps.size());
  frame.session_seconds_left =
      static_cast<double>(std::max<SampleIndex>(timeline_.total_samples - sample, 0)) / rate;
  if (sample >= timeline_.total_samples) {
    frame.finished = true;
    return frame;
  }
  for (std::size_t i = 0; i < timeline_.steps.size(); ++i) {
    const auto& step = timeline_.steps[i];
    if (sample >= step.start && sample < step.end) {
      frame.step = static_cast<int>(i);
      frame.title = step.title;
      frame.instruction = step.instruction;
      frame.step_seconds_left = static_cast<double>(step.end - sample) / rate;
      break;
    }
  }
  if (frame.step < 0) {
    const bool before_first = timeline_.steps.empty() || sample < timeline_.steps.front().start;
    const bool after_last = !timeline_.steps.empty() && sample >= timeline_.steps.back().end;
    if (before_first) {
      frame.title = "Get ready";
      frame.instruction = "Settle in and breathe slowly. The first step begins soon.";
    } else if (after_last) {
      frame.title = "Closing";
      frame.instruction = "Sit quietly and breathe slowly while the last bell fades.";
    } else {
      frame.title = "Rest your hand";
      frame.instruction = "Breathe slowly. The next step begins soon.";
    }
  }
  const PacerFrame pacer = pacer_.frame_at(sample);
  if (!pacer.finished && pacer.seconds_left_in_phase > 0 && sample >= pacer.phase_start) {
    frame.breathing = true;
    frame.phase = pacer.phase;
    frame.bar_level = pacer.bar_level;
    frame.seconds_left_in_phase = pacer.seconds_left_in_phase;
  }
  if (const auto* hold = latest(holds_, sample);
      hold != nullptr && sample < hold->sample + hold->duration_samples) {
    frame.hold_seconds_left = static_cast<double>(hold->sample + hold->duration_samples - sample) / rate;
  }
  if (const auto* repetition = latest(repetitions_, sample);
      repetition != nullptr && repetition->step == frame.step) {
    frame.repetition = repetition->repetition;
  }
  return frame;
}

std::string render_session_frame(const SessionFrame& frame, int columns, bool paused) {
  const std::string pad(kMargin, ' ');
  const int width = std::max(columns - 2 * kMargin, kMinBarWidth);
  const int bar_width = std::clamp(columns - 2 * kMargin - 2, kMinBarWidth, kMaxBarWidth);
  std::vector<std::string> lines(kSessionFrameLines);
  if (frame.finished) {
    lines[0] = pad + "SESSION COMPLETE";
    lines[2] = pad + "Take your hand away and sit quietly for a few breaths.";
  } else {
    lines[0] = pad + (frame.step >= 0 ? fmt::format("STEP {} OF {}: {}", frame.step + 1, frame.step_count,
                                                    upper(frame.title))
                                      : upper(frame.title));
    const auto instruction = wrap_lines(frame.instruction, width, 2);
    for (std::size_t i = 0; i < instruction.size(); ++i) lines[2 + i] = pad + instruction[i];
    if (paused) {
      lines[5] = pad + "PAUSED - press p to go on, s to stop";
    } else if (frame.hold_seconds_left) {
      lines[5] = pad + fmt::format("SQUEEZE AND HOLD  {:.1f} s", *frame.hold_seconds_left);
    } else if (frame.breathing) {
      lines[5] = pad + fmt::format("{:<14} {:>3.0f} s", upper(practice::label(frame.phase)),
                                   std::ceil(frame.seconds_left_in_phase));
    } else {
      lines[5] = pad + "BREATHE FREELY";
    }
    if (frame.repetition > 0) lines[5] += fmt::format("   (repetition {})", frame.repetition);
    const int filled = frame.breathing
                           ? static_cast<int>(std::lround(std::clamp(frame.bar_level, 0.0, 1.0) * bar_width))
                           : 0;
    lines[6] = pad + "[" + std::string(static_cast<std::size_t>(filled), '#') +
               std::string(static_cast<std::size_t>(bar_width - filled), '.') + "]";
    lines[7] = pad + (frame.step >= 0
                          ? fmt::format("Step {} left   Session {} left", clock_text(frame.step_seconds_left),
                                        clock_text(frame.session_seconds_left))
                          : fmt::format("Session {} left", clock_text(frame.session_seconds_left)));
  }
  lines[8] = pad + "p pause   s or space stop";
  std::string text;
  for (int i = 0; i < kSessionFrameLines; ++i) {
    text += fit_line(lines[static_cast<std::size_t>(i)], columns);
    if (i + 1 < kSessionFrameLines) text += '\n';
  }
  return text;
}

// ---- The guided run ---------------------------------------------------------------

GuidedResult run_guided(const practice::Timeline& timeline, SampleClock& clock, Prompter& input,
                        std::ostream& out, const GuidedOptions& options, GuidedListener& listener) {
  const SessionView view(timeline);
  PausableClock session(clock);
  const double rate = timeline.sample_rate_hz;
  constexpr const char* kHideCursor = "\x1b[?25l";
  constexpr const char* kShowCursor = "\x1b[?25h";
  constexpr const char* kClearToEndOfLine = "\x1b[K";

  // Pauses inside each step, in samples of the wrapped clock, so actual time
  // counts them without depending on when the loop happened to look.
  std::vector<SampleIndex> paused_in_step(timeline.steps.size(), 0);
  std::vector<SampleIndex> hold_in_step(timeline.steps.size(), 0);
  for (const auto& event : timeline.events) {
    if (event.kind == EventKind::kHoldStart && event.step >= 0) {
      hold_in_step[static_cast<std::size_t>(event.step)] = event.duration_samples;
    }
  }
  SampleIndex pause_began_inner = 0;
  std::size_t next_step_to_end = 0;
  GuidedResult result;

  auto timing = [&](std::size_t index, SampleIndex until, bool finished) {
    const auto& step = timeline.steps[index];
    StepTiming t;
    t.index = static_cast<int>(index);
    t.step_id = step.id;
    t.planned_seconds = static_cast<double>(step.end - step.start) / rate;
    t.actual_seconds =
        static_cast<double>(std::max<SampleIndex>(until - step.start, 0) + paused_in_step[index]) / rate;
    t.hold_seconds = static_cast<double>(hold_in_step[index]) / rate;
    t.finished = finished;
    return t;
  };
  auto end_steps_until = [&](SampleIndex sample) {
    while (next_step_to_end < timeline.steps.size() && timeline.steps[next_step_to_end].end <= sample) {
      listener.step_ended(timing(next_step_to_end, timeline.steps[next_step_to_end].end, true));
      ++next_step_to_end;
      ++result.steps_ended;
    }
  };
  // The step in progress when the run ends early: it began, so it is recorded.
  auto end_partial_step = [&](SampleIndex sample) {
    end_steps_until(sample);
    if (next_step_to_end < timeline.steps.size() && timeline.steps[next_step_to_end].start <= sample) {
      listener.step_ended(timing(next_step_to_end, sample, false));
      ++next_step_to_end;
      ++result.steps_ended;
    }
  };

  bool drawn = false;
  int last_step_line = -2;
  bool last_hold = false;
  if (options.animate) out << kHideCursor;
  auto draw = [&](const SessionFrame& frame) {
    if (options.animate) {
      if (drawn) out << "\x1b[" << (kSessionFrameLines - 1) << "A";
      const std::string text = render_session_frame(frame, options.columns, session.paused());
      std::size_t begin = 0;
      for (int line = 0; line < kSessionFrameLines; ++line) {
        const std::size_t end = std::min(text.find('\n', begin), text.size());
        out << '\r' << text.substr(begin, end - begin) << kClearToEndOfLine;
        if (line + 1 < kSessionFrameLines) out << '\n';
        begin = end + 1;
      }
      drawn = true;
    } else {
      const double elapsed = timeline.total_seconds() - frame.session_seconds_left;
      if (frame.finished) {
        out << elapsed_text(elapsed) << "  Session complete.\n";
      } else if (frame.step != last_step_line) {
        out << elapsed_text(elapsed) << "  "
            << (frame.step >= 0 ? fmt::format("Step {} of {}: {}. {}", frame.step + 1, frame.step_count,
                                              frame.title, frame.instruction)
                                : frame.title + ". " + frame.instruction)
            << '\n';
      }
      if (frame.hold_seconds_left.has_value() && !last_hold) {
        out << elapsed_text(elapsed)
            << fmt::format("  Squeeze and hold for {:.1f} s.\n", *frame.hold_seconds_left);
      }
      last_step_line = frame.step;
      last_hold = frame.hold_seconds_left.has_value();
    }
    out.flush();
  };

  while (true) {
    if (input.interrupted()) {
      result.end = GuidedEnd::kInterrupted;
      break;
    }
    const SampleIndex sample = session.now();
    end_steps_until(sample);
    const SessionFrame frame = view.frame_at(sample);
    draw(frame);
    if (frame.finished) {
      result.end = GuidedEnd::kCompleted;
      break;
    }
    const auto key = input.poll(options.frame_interval);
    if (!key) continue;
    if (*key == 'p' || *key == 'P') {
      if (session.paused()) {
        const SampleIndex now_inner = clock.now();
        const SampleIndex at = session.now();
        session.resume();
        for (std::size_t i = 0; i < timeline.steps.size(); ++i) {
          if (at >= timeline.steps[i].start && at < timeline.steps[i].end) {
            paused_in_step[i] += now_inner - pause_began_inner;
          }
        }
        listener.pause_changed(false);
      } else {
        session.pause();
        pause_began_inner = clock.now();
        listener.pause_changed(true);
      }
      if (!options.animate) out << (session.paused() ? "Paused.\n" : "Going on.\n") << std::flush;
    } else if (*key == 's' || *key == 'S' || *key == ' ') {
      listener.stopped();
      result.end = GuidedEnd::kStopped;
      break;
    }
  }
  result.at = std::min(session.now(), timeline.total_samples);
  if (result.end == GuidedEnd::kCompleted) {
    end_steps_until(timeline.total_samples);
  } else {
    if (result.end == GuidedEnd::kInterrupted) listener.stopped();
    end_partial_step(result.at);
  }
  if (options.animate) out << kShowCursor << '\n';
  out.flush();
  return result;
}

// ---- Prompts ----------------------------------------------------------------------

std::optional<bool> ask_yes_no(std::string_view question, Prompter& input, std::ostream& out) {
  out << question << " (y/n) " << std::flush;
  while (true) {
    const auto key = input.key();
    if (!key) {
      out << '\n';
      return std::nullopt;
    }
    if (*key == 'y' || *key == 'Y') {
      out << "yes\n";
      return true;
    }
    if (*key == 'n' || *key == 'N') {
      out << "no\n";
      return false;
    }
    if (input.line_mode()) out << "\nPlease answer y or n. " << question << " (y/n) " << std::flush;
  }
}

std::optional<bool> run_checklist(std::span<const practice::ChecklistQuestion> checklist, Prompter& input,
                                  std::ostream& out) {
  if (checklist.empty()) return true;
  out << "Before you begin (one key each):\n";
  for (const auto& question : checklist) {
    const auto yes =
        ask_yes_no(question.either_is_fine ? std::string(question.question) + " (press y to go on)"
                                           : std::string(question.question),
                   input, out);
    if (!yes) return std::nullopt;
    if (*yes || question.either_is_fine) continue;
    out << "  " << question.if_no << '\n';
    if (question.blocks) {
      out << "The session has not started.\n";
      return false;
    }
  }
  return true;
}

std::optional<journal::StopReason> ask_stop_reason(Prompter& input, std::ostream& out) {
  const auto choices = practice::stop_choices();
  out << "What happened? Press one key:\n";
  for (std::size_t i = 0; i < choices.size(); ++i) out << fmt::format("  {}  {}\n", i + 1, choices[i].label);
  out << std::flush;
  while (true) {
    const auto key = input.key();
    if (!key) return std::nullopt;
    if (*key < '1' || *key > '9') continue;
    const auto index = static_cast<std::size_t>(*key - '1');
    if (index >= choices.size()) continue;
    const auto& choice = choices[index];
    out << choice.label << '\n';
    journal::StopReason reason{choice.signal, {}, choice.spelling == practice::kInterruptedStopSpelling};
    out << (choice.signal || reason.interrupted ? "A few words to add, if you like (Enter to skip): "
                                                : "A few words on what happened (Enter to skip): ")
        << std::flush;
    auto text = input.line(out);
    if (!text) return std::nullopt;
    reason.text = *text;
    // The journal needs words for "something else"; a skipped answer says so
    // rather than inventing what happened.
    if (!reason.signal && !reason.interrupted && reason.text.empty()) reason.text = "no details given";
    return reason;
  }
}

std::optional<StepRating> ask_step_rating(const practice::Step& step, Prompter& input, std::ostream& out) {
  StepRating rating;
  out << fmt::format("{}: pain 0-9 (t for 10, Enter for 0)? ", step.title) << std::flush;
  while (true) {
    const auto key = input.key();
    if (!key) {
      out << '\n';
      return std::nullopt;
    }
    if (*key == '\n') break;
    if (*key == 't' || *key == 'T') {
      rating.pain = kPainTen;
      break;
    }
    if (*key >= '0' && *key <= '0' + kMaxPainKey) {
      rating.pain = *key - '0';
      break;
    }
  }
  out << rating.pain << '\n';
  if (step.expect.empty()) return rating;
  out << "  Noticed? ";
  for (std::size_t i = 0; i < step.expect.size() && i < static_cast<std::size_t>(kMaxPainKey); ++i) {
    out << fmt::format("{} {}  ", i + 1, practice::label(step.expect[i]));
  }
  out << "(numbers, then Enter) " << std::flush;
  auto toggle = [&](char key) {
    if (key < '1' || key > '9') return;
    const auto index = static_cast<std::size_t>(key - '1');
    if (index >= step.expect.size()) return;
    const auto sensation = step.expect[index];
    const auto found = std::find(rating.sensations.begin(), rating.sensations.end(), sensation);
    if (found == rating.sensations.end()) {
      rating.sensations.push_back(sensation);
    } else {
      rating.sensations.erase(found);
    }
  };
  if (input.line_mode()) {
    const auto text = input.line(out);
    if (!text) return std::nullopt;
    for (const char key : *text) toggle(key);
  } else {
    while (true) {
      const auto key = input.key();
      if (!key) return std::nullopt;
      if (*key == '\n') break;
      if (*key == kEscape) continue;
      toggle(*key);
      out << *key << std::flush;
    }
  }
  std::string chosen;
  for (const auto s : rating.sensations)
    chosen += (chosen.empty() ? "" : ", ") + std::string(practice::label(s));
  out << "\n  " << (chosen.empty() ? "nothing in particular" : chosen) << '\n';
  return rating;
}

}  // namespace velum::cli
