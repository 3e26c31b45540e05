#include "cli/text.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "practice/timeline.hpp"

namespace velum::cli {
namespace {

constexpr double kSecondsPerMinute = 60.0;
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

double session_minutes(const practice::Routine& routine) {
  // The compiled Timeline is the session as played: countdown, steps, the
  // pauses between them and the closing bell.
  const auto compiled = practice::compile_timeline(routine, practice::TimelineSettings{});
  if (compiled.timeline) return compiled.timeline->total_seconds() / kSecondsPerMinute;
  double seconds = routine.preparation_countdown.count();
  for (const auto& step : routine.steps) seconds += step.total_duration().count();
  return seconds / kSecondsPerMinute;
}

std::string describe_duration(const practice::Step& step) {
  const auto each = fmt::format("{:g} s", step.duration.count());
  return step.repetitions ? fmt::format("{} × {}", *step.repetitions, each) : each;
}

}  // namespace velum::cli
