#pragma once
// Plain-text layout for the terminal: word wrapping that keeps paragraphs, and
// the few phrasings several commands share. Pure functions; any thread.

#include <string>
#include <string_view>

#include "practice/protocol.hpp"

namespace velum::cli {

// Wider than this, lines get hard to read however wide the terminal is.
inline constexpr int kMaxTextColumns = 100;

// Splits `text` into lines of at most `width` columns (counting UTF-8 code
// points; a word longer than the width stands alone), each prefixed by `indent`
// spaces. A blank line in `text` starts a new paragraph, kept as a blank line.
std::string wrap(std::string_view text, int width, int indent);

// Minutes a session of the routine takes with every stage, as the Timeline plays it.
double session_minutes(const practice::Routine& routine);

// "12 s", "1.5 s"; "3 × 20 s" for a repeated step.
std::string describe_duration(const practice::Step& step);

}  // namespace velum::cli
