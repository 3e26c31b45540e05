#include "server/detail/list_pages.hpp"

#include <fmt/format.h>

#include <charconv>

namespace velum::server::detail {
namespace {

// A cursor is "1.SECONDS.ID": a version, the last record's UTC time in seconds
// since 1970 and its id. Documented as opaque so its form can change.
constexpr std::string_view kCursorVersion = "1.";

std::optional<journal::PageKey> parse_cursor(std::string_view text) {
  if (!text.starts_with(kCursorVersion)) return std::nullopt;
  text.remove_prefix(kCursorVersion.size());
  const auto dot = text.find('.');
  if (dot == std::string_view::npos || dot + 1 >= text.size()) return std::nullopt;
  long long seconds = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + dot, seconds);
  if (ec != std::errc{} || end != text.data() + dot) return std::nullopt;
  return journal::PageKey{std::chrono::sys_seconds{std::chrono::seconds{seconds}},
                          std::string(text.substr(dot + 1))};
}

}  // namespace

std::optional<PageParameterError> read_page_query(const ApiRequest& request, journal::PageQuery& into) {
  into.limit = kDefaultPageLimit;
  if (const auto it = request.query.find("limit"); it != request.query.end()) {
    const auto& text = it->second;
    std::size_t limit = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), limit);
    if (ec != std::errc{} || end != text.data() + text.size() || limit < 1 || limit > kMaxPageLimit) {
      return PageParameterError{
          "limit", fmt::format("limit must be a whole number from 1 to {}, got '{}'", kMaxPageLimit, text),
          fmt::format("for example ?limit={}", kDefaultPageLimit)};
    }
    into.limit = limit;
  }
  if (const auto it = request.query.find("cursor"); it != request.query.end()) {
    into.after = parse_cursor(it->second);
    if (!into.after) {
      return PageParameterError{
          "cursor", "cursor is not one this server gave",
          "pass the next_cursor of the previous page unchanged, or leave cursor out for "
          "the newest page"};
    }
  }
  return std::nullopt;
}

std::string cursor_text(const journal::PageKey& key) {
  return fmt::format("{}{}.{}", kCursorVersion, key.utc.time_since_epoch().count(), key.id);
}

}  // namespace velum::server::detail
