#include "cli/pacer_view.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <ostream>

namespace velum::cli {
namespace {

using practice::BreathPhase;
using practice::SampleIndex;

constexpr int kMargin = 2;  // columns left blank on each side
constexpr int kMinBarWidth = 10;
constexpr int kMaxBarWidth = 60;
constexpr double kSecondsPerMinute = 60.0;

std::string clock_text(double seconds) {
  const auto whole = static_cast<long long>(std::max(0.0, std::floor(seconds)));
  return fmt::format("{}:{:02}", whole / 60, whole % 60);
}

std::string fit(std::string line, int columns) {
  if (static_cast<int>(line.size()) > columns) line.resize(static_cast<std::size_t>(std::max(columns, 0)));
  return line;
}

}  // namespace

PacerView::PacerView(const practice::Timeline& timeline) : timeline_(timeline) {
  for (const auto& event : timeline.events) {
    if (event.kind == practice::EventKind::kPhase) phases_.push_back(event);
  }
}

PacerFrame PacerView::frame_at(SampleIndex sample) const {
  PacerFrame frame;
  const double rate = timeline_.sample_rate_hz;
  frame.total_seconds = timeline_.total_seconds();
  frame.elapsed_seconds =
      std::min(static_cast<double>(sample), static_cast<double>(timeline_.total_samples)) / rate;
  if (!timeline_.steps.empty()) frame.title = timeline_.steps.front().title;
  if (sample >= timeline_.total_samples || phases_.empty()) {
    frame.finished = true;
    return frame;
  }
  // The last phase starting at or before `sample`.
  auto after = std::upper_bound(phases_.begin(), phases_.end(), sample,
                                [](SampleIndex s, const practice::Event& e) { return s < e.sample; });
  const std::size_t index =
      after == phases_.begin() ? 0 : static_cast<std::size_t>(after - phases_.begin()) - 1;
  const auto& phase = phases_[index];
  const SampleIndex into = std::max<SampleIndex>(sample - phase.sample, 0);
  const double fraction = phase.duration_samples > 0
                              ? static_cast<double>(into) / static_cast<double>(phase.duration_samples)
                              : 1.0;
  frame.phase = phase.phase;
  frame.phase_start = phase.sample;
  frame.seconds_left_in_phase = static_cast<double>(phase.duration_samples - into) / rate;
  switch (phase.phase) {
    case BreathPhase::kInhale:
      frame.bar_level = fraction;
      break;
    case BreathPhase::kHoldIn:
      frame.bar_level = 1.0;
      break;
    case BreathPhase::kExhale:
      frame.bar_level = 1.0 - fraction;
      break;
    case BreathPhase::kHoldOut:
      frame.bar_level = 0.0;
      break;
  }
  // The breath in progress runs from its inhale to the next inhale. The last
  // breath may be cut short by the end, so it borrows the previous breath's rate.
  std::size_t first = index;
  while (first > 0 && phases_[first].phase != BreathPhase::kInhale) --first;
  std::size_t next = index + 1;
  while (next < phases_.size() && phases_[next].phase != BreathPhase::kInhale) ++next;
  SampleIndex breath_samples = 0;
  if (next < phases_.size()) {
    breath_samples = phases_[next].sample - phases_[first].sample;
  } else if (first > 0) {
    std::size_t previous = first - 1;
    while (previous > 0 && phases_[previous].phase != BreathPhase::kInhale) --previous;
    breath_samples = phases_[first].sample - phases_[previous].sample;
  } else {
    breath_samples = phases_.back().sample + phases_.back().duration_samples - phases_[first].sample;
  }
  if (breath_samples > 0)
    frame.breaths_per_minute = kSecondsPerMinute * rate / static_cast<double>(breath_samples);
  return frame;
}

std::string render_frame(const PacerFrame& frame, int columns, bool paused) {
  const std::string pad(kMargin, ' ');
  const int bar_width = std::clamp(columns - 2 * kMargin - 2, kMinBarWidth, kMaxBarWidth);
  std::string lines[kFrameLines];
  lines[0] = pad + fmt::format("{} - {:.1f} breaths/min", frame.title, frame.breaths_per_minute);
  if (frame.finished) {
    lines[1] = pad + "Finished. Sit for a moment before you get up.";
  } else if (paused) {
    lines[1] = pad + "Paused - press p to go on, space or q to stop";
  } else {
    lines[1] = pad + fmt::format("{:<12} {:>3.0f} s", practice::label(frame.phase),
                                 std::ceil(frame.seconds_left_in_phase));
  }
  const int filled = static_cast<int>(std::lround(std::clamp(frame.bar_level, 0.0, 1.0) * bar_width));
  lines[2] = pad + "[" + std::string(static_cast<std::size_t>(filled), '#') +
             std::string(static_cast<std::size_t>(bar_width - filled), '.') + "]";
  lines[3] = pad + fmt::format("{} / {}   p pause, space or q stop", clock_text(frame.elapsed_seconds),
                               clock_text(frame.total_seconds));
  std::string text;
  for (int i = 0; i < kFrameLines; ++i) {
    text += fit(lines[i], columns);
    if (i + 1 < kFrameLines) text += '\n';
  }
  return text;
}

std::string render_phase_line(const PacerFrame& frame) {
  if (frame.finished) return fmt::format("{}  Finished.", clock_text(frame.total_seconds));
  return fmt::format("{}  {}", clock_text(frame.elapsed_seconds), practice::label(frame.phase));
}

PacerOutcome run_pacer(const practice::Timeline& timeline, PausableClock& clock, KeySource& keys,
                       std::ostream& out, const PacerLoopOptions& options,
                       const volatile std::sig_atomic_t* stop) {
  const PacerView view(timeline);
  constexpr const char* kHideCursor = "\x1b[?25l";
  constexpr const char* kShowCursor = "\x1b[?25h";
  constexpr const char* kClearToEndOfLine = "\x1b[K";
  bool drawn = false;
  std::optional<SampleIndex> last_phase_start;
  bool last_paused = false;
  PacerOutcome outcome = PacerOutcome::kFinished;
  if (options.animate) out << kHideCursor;

  auto draw = [&](SampleIndex sample, const PacerFrame& frame) {
    if (options.on_frame) options.on_frame(sample, frame);
    if (options.animate) {
      if (drawn) out << "\x1b[" << (kFrameLines - 1) << "A";
      const std::string text = render_frame(frame, options.columns, clock.paused());
      std::size_t begin = 0;
      for (int line = 0; line < kFrameLines; ++line) {
        const std::size_t end = std::min(text.find('\n', begin), text.size());
        out << '\r' << text.substr(begin, end - begin) << kClearToEndOfLine;
        if (line + 1 < kFrameLines) out << '\n';
        begin = end + 1;
      }
      drawn = true;
    } else {
      if (clock.paused() != last_paused) out << (clock.paused() ? "Paused.\n" : "Going on.\n");
      if (frame.finished || frame.phase_start != last_phase_start) out << render_phase_line(frame) << '\n';
      last_phase_start = frame.phase_start;
      last_paused = clock.paused();
    }
    out.flush();
  };

  while (true) {
    if (stop != nullptr && *stop != 0) {
      outcome = PacerOutcome::kInterrupted;
      break;
    }
    const SampleIndex sample = clock.now();
    const PacerFrame frame = view.frame_at(sample);
    draw(sample, frame);
    if (frame.finished) break;
    const auto key = keys.wait_for_key(options.frame_interval);
    if (!key) continue;
    // Space stops, as in `velum session` and the web app: the biggest key
    // always ends at once, so a reflex learnt in one never pauses in another.
    if (*key == 'p' || *key == 'P') {
      if (clock.paused()) {
        clock.resume();
      } else {
        clock.pause();
      }
      if (options.on_pause) options.on_pause(clock.paused());
    } else if (*key == ' ' || *key == 'q' || *key == 'Q' || *key == 's' || *key == 'S') {
      outcome = PacerOutcome::kQuit;
      break;
    }
  }
  if (options.animate) out << kShowCursor << '\n';
  out.flush();
  return outcome;
}

}  // namespace velum::cli
