#pragma once
// Text from a client at the API boundary: whether it is valid UTF-8, and a
// short printable excerpt of it for error messages (never the whole value).

#include <cstddef>
#include <string>
#include <string_view>

namespace velum::server {

// How much of a client's value an error message quotes, in bytes.
inline constexpr std::size_t kExcerptBytes = 60;

// True when `text` is well-formed UTF-8 (RFC 3629: no overlong forms, no
// surrogates, nothing above U+10FFFF). Pure; thread-safe.
bool is_valid_utf8(std::string_view text);

// The byte offset of the first byte that makes `text` invalid UTF-8, or
// text.size() when it is valid. Pure; thread-safe.
std::size_t first_invalid_utf8(std::string_view text);

// At most `max_bytes` of `text` (cut at a character boundary, "…" added when
// cut), with invalid bytes and control characters shown as U+FFFD, so an
// error message can quote a client's value safely. Pure; thread-safe.
std::string printable_excerpt(std::string_view text, std::size_t max_bytes = kExcerptBytes);

}  // namespace velum::server
