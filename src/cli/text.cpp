#include "cli/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <ostream>

#include "practice/timeline.hpp"

namespace velum::cli {
namespace {

constexpr int kMinWrapColumns = 20;  // narrower than this, wrapping helps nobody

std::size_t columns(std::string_view word) {
  // UTF-8 continuation bytes (10xxxxxx) do not start a new column.
  return static_cast<std::size_t>(std::count_if(
      word.begin(), word.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

void wrap_paragraph(std::string_view text, std::size_t limit, const std::string& pad, std::string& out) {
  std::string line;
  std::size_t line_columns = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto start = text.find_first_not_of(" \t\n", pos);
    if (start == std::string_view::npos) break;
    auto end = text.find_first_of(" \t\n", start);
    if (end == std::string_view::npos) end = text.size();
    const auto word = text.substr(start, end - start);
    const auto word_columns = columns(word);
    if (!line.empty() && line_columns + 1 + word_columns > limit) {
      out += pad + line + '\n';
      line.clear();
      line_columns = 0;
    }
    if (!line.empty()) {
      line += ' ';
      ++line_columns;
    }
    line += word;
    line_columns += word_columns;
    pos = end;
  }
  if (!line.empty()) out += pad + line + '\n';
}

}  // namespace

std::size_t display_columns(std::string_view text) { return columns(text); }

std::string fit_line(std::string_view line, int columns_wanted) {
  const auto limit = static_cast<std::size_t>(std::max(columns_wanted, 0));
  if (columns(line) <= limit) return std::string(line);
  constexpr std::string_view kEllipsis = "…";
  if (limit == 0) return {};
  // The byte where the first limit - 1 code points end (one column is left for "…").
  std::size_t end = 0;
  std::size_t counted = 0;
  while (end < line.size()) {
    const bool starts_code_point = (static_cast<unsigned char>(line[end]) & 0xC0) != 0x80;
    if (starts_code_point && counted == limit - 1) break;
    if (starts_code_point) ++counted;
    ++end;
  }
  // Back to the last space when the line has one after its indentation.
  const auto first_word = line.find_first_not_of(' ');
  const auto space = line.rfind(' ', end);
  if (space != std::string_view::npos && first_word != std::string_view::npos && space > first_word)
    end = space;
  std::string fitted(line.substr(0, end));
  while (!fitted.empty() && fitted.back() == ' ') fitted.pop_back();
  return fitted + std::string(kEllipsis);
}

std::string wrap(std::string_view text, int width, int indent) {
  const auto limit = static_cast<std::size_t>(std::max(width - indent, kMinWrapColumns));
  const std::string pad(static_cast<std::size_t>(std::max(indent, 0)), ' ');
  std::string out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto blank = text.find("\n\n", pos);
    if (blank == std::string_view::npos) blank = text.size();
    const auto paragraph = text.substr(pos, blank - pos);
    if (paragraph.find_first_not_of(" \t\n") != std::string_view::npos) {
      if (!out.empty()) out += '\n';
      wrap_paragraph(paragraph, limit, pad, out);
    }
    pos = blank + 2;
  }
  return out;
}

std::chrono::seconds session_length(const practice::Routine& routine, int stage, int hold_stage) {
  practice::TimelineSettings settings;
  settings.stage = stage;
  settings.hold_stage = hold_stage;
  const auto compiled = practice::compile_timeline(routine, settings);
  double seconds = 0;
  if (compiled.timeline) {
    seconds = compiled.timeline->total_seconds();
  } else {
    // A routine that cannot be compiled still has a nominal length to list.
    seconds = routine.preparation_countdown.count();
    for (const auto& step : routine.steps) {
      if (stage == 0 || step.stage <= stage) seconds += step.total_duration().count();
    }
  }
  return std::chrono::seconds{std::llround(seconds)};
}

std::string format_length(std::chrono::seconds length) {
  const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(length);
  return fmt::format("{}:{:02d} min", minutes.count(), (length - minutes).count());
}

std::string describe_duration(const practice::Step& step) {
  const auto each = fmt::format("{:g} s", step.duration.count());
  return step.repetitions ? fmt::format("{} × {}", *step.repetitions, each) : each;
}

std::string one_line(const velum::Error& error) {
  return error.hint.empty() ? error.message : error.message + " (" + error.hint + ")";
}

std::string message_and_hint(const velum::Error& error) {
  return error.hint.empty() ? error.message : error.message + "\n  hint: " + error.hint;
}

void print_error(std::ostream& err, const velum::Error& error) {
  err << "velum: " << message_and_hint(error) << '\n';
}

}  // namespace velum::cli
