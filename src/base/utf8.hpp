#pragma once
// Whether text is well-formed UTF-8, and a short printable excerpt of text
// that may not be, for error messages (never the whole value). Every text field
// is checked with these where it enters: the API, the journal, the CLI, import.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace velum {

// How much of a client's value an error message quotes, in bytes.
inline constexpr std::size_t kExcerptBytes = 60;

// True when `text` is well-formed UTF-8 (RFC 3629: no overlong forms, no
// surrogates, nothing above U+10FFFF). Pure; thread-safe.
bool is_valid_utf8(std::string_view text);

// The byte offset of the first byte that breaks UTF-8 in `text` (overlong
// forms, surrogates, code points above U+10FFFF and truncated sequences are
// errors), or nullopt when all of it is well-formed. Pure; thread-safe.
std::optional<std::size_t> first_invalid_utf8(std::string_view text);

// At most `max_bytes` of `text` (cut at a character boundary, "…" added when
// cut), with invalid bytes and control characters shown as U+FFFD, so an
// error message can quote a client's value safely. Pure; thread-safe.
std::string printable_excerpt(std::string_view text, std::size_t max_bytes = kExcerptBytes);

}  // namespace velum
