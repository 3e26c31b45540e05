#pragma once
// A request's JSON body, parsed with limits: nesting depth bounded before
// anything walks it, and every failure located (line, column) and, where it
// lies inside a value, named by the field it belongs to.

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <variant>

namespace velum::server {

// Bodies nesting arrays or objects deeper than this are refused unread; the
// API's deepest body ({"pain": {"throat": 3}}) has two levels.
inline constexpr std::size_t kMaxJsonDepth = 64;

// Why a body is not a usable JSON object: the field it concerns ("body" when
// it is not inside one value; "pain.throat", "sensations[2]" otherwise), a
// message naming the place and a hint. Every client value in it is cut short.
struct JsonBodyError {
  std::string field;
  std::string message;
  std::string hint;
};

// Parses `body` as one JSON object. Refuses: an empty body, broken JSON,
// nesting deeper than kMaxJsonDepth, text that is not UTF-8, numbers too large
// for a double (1e400), and JSON that is not an object. Pure; thread-safe.
std::variant<nlohmann::json, JsonBodyError> parse_json_object(std::string_view body);

// A client's JSON value as an error message may quote it: at most
// kExcerptBytes of its text. Pure; thread-safe.
std::string shown_json(const nlohmann::json& value);

}  // namespace velum::server
