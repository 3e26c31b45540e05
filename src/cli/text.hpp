#pragma once
// Plain-text layout for the terminal: word wrapping that keeps paragraphs, and
// the few phrasings several commands share. Pure functions; any thread.

#include <chrono>
#include <iosfwd>
#include <string>
#include <string_view>

#include "base/result.hpp"
#include "practice/protocol.hpp"

namespace velum::cli {

// Wider than this, lines get hard to read however wide the terminal is.
inline constexpr int kMaxTextColumns = 100;

// The columns `text` takes on a terminal: one per UTF-8 code point.
std::size_t display_columns(std::string_view text);

// `line` cut to at most `columns` columns, at a word boundary when there is
// one (ending in "…"), never inside a UTF-8 sequence.
std::string fit_line(std::string_view line, int columns);

// Splits `text` into lines of at most `width` columns (counting UTF-8 code
// points; a word longer than the width stands alone), each prefixed by `indent`
// spaces. A blank line in `text` starts a new paragraph, kept as a blank line.
std::string wrap(std::string_view text, int width, int indent);

// How long a session of `routine` takes as the Timeline plays it (countdown,
// steps, the pauses between them and the closing bell), with the steps up to
// `stage` (0: every stage) at hold build-up `hold_stage`. Whole seconds,
// rounded. Every place that states a session's length asks this.
std::chrono::seconds session_length(const practice::Routine& routine, int stage = 0, int hold_stage = 0);

// The one way a session's length is written: "2:02 min" (minutes:seconds).
std::string format_length(std::chrono::seconds length);

// "12 s", "1.5 s"; "3 × 20 s" for a repeated step.
std::string describe_duration(const practice::Step& step);

// An expected failure on one line: "message (hint)", or the message alone.
std::string one_line(const velum::Error& error);

// An expected failure as the terminal shows it: the message, then the hint
// indented on a line of its own ("message\n  hint: hint"), no final newline.
std::string message_and_hint(const velum::Error& error);

// Writes "velum: " and message_and_hint(error) as a line on `err`.
void print_error(std::ostream& err, const velum::Error& error);

}  // namespace velum::cli
