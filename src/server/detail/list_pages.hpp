#pragma once
// The ?limit= and ?cursor= of the API's list routes (docs/api.md, "Lists come in
// pages"), read into a journal::PageQuery, and the next_cursor written back.

#include <optional>
#include <string>

#include "journal/store.hpp"
#include "server/request.hpp"

namespace velum::server::detail {

// Records per page when ?limit is not given, and the most one page may hold.
inline constexpr std::size_t kDefaultPageLimit = 100;
inline constexpr std::size_t kMaxPageLimit = 500;

// A bad ?limit or ?cursor: the parameter and what is wrong with it.
struct PageParameterError {
  std::string field;  // "limit" or "cursor"
  std::string message;
  std::string hint;
};

// The page asked for by `request` (?limit, 1 to kMaxPageLimit, default
// kDefaultPageLimit; ?cursor, a next_cursor this API gave), or what is wrong.
// Thread-safe.
std::optional<PageParameterError> read_page_query(const ApiRequest& request, journal::PageQuery& into);

// The next_cursor for a page's `next` key; clients pass it back unchanged.
std::string cursor_text(const journal::PageKey& key);

}  // namespace velum::server::detail
