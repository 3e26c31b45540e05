#pragma once
// What every route file (server/routes/*.cpp) shares: the journal behind the
// routes, the failure value and its JSON answer, and the body and field readers.

#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "base/utf8.hpp"
#include "journal/store.hpp"
#include "practice/loader.hpp"
#include "server/json_body.hpp"
#include "server/request.hpp"
#include "server/route_table.hpp"

namespace velum::server::routes {

using nlohmann::json;

inline constexpr int kOk = 200;
inline constexpr int kCreated = 201;
inline constexpr int kNoContent = 204;
inline constexpr int kBadRequest = 400;
inline constexpr int kNotFound = 404;
inline constexpr int kConflict = 409;
inline constexpr int kUnsupportedMedia = 415;
inline constexpr int kUnprocessable = 422;
inline constexpr int kInternalError = 500;
inline constexpr int kServiceUnavailable = 503;

// The journal behind the routes. A route holds it for the whole request, so
// a write in flight always finishes before the next request reads.
struct Journal {
  std::mutex mutex;
  std::unique_ptr<journal::Store> store;
  journal::Clock clock;

  struct Held {
    std::unique_lock<std::mutex> lock;
    journal::Store& store;
    journal::Timestamp now;  // the request's time, read once the journal is held
  };
  // Blocks until no other request holds the journal. Thread-safe.
  Held hold();
};

// What a route file's handlers may use; both outlive the table.
struct RouteContext {
  Journal& journal;
  const practice::Catalog& catalog;
};

// A failed request: the status and the error object's three fields.
struct Failure {
  int status = kBadRequest;
  std::string field;
  std::string message;
  std::string hint;
};

ApiResponse reply(int status, std::string body);
ApiResponse reply(int status, const json& body);
ApiResponse reply(const Failure& failure);

// Store errors: bad records are the client's (422), a duplicate 409, a missing
// record 404, a busy journal 503, the rest the server's (500).
Failure store_failure(const velum::Error& error, std::string field = "body");

// A client's text as an error message may quote it (base/utf8.hpp).
inline std::string shown(std::string_view text) { return printable_excerpt(text); }

// The page a list route is asked for: ?limit (1–500, default 100) and ?cursor
// (a next_cursor this API gave), or a 400 Failure naming the parameter.
std::variant<journal::PageQuery, Failure> page_query(const ApiRequest& request);
// A page's "next_cursor": the cursor of the following page, or null on the last.
json next_cursor(const std::optional<journal::PageKey>& next);

// The body as a JSON object, or a Failure naming where the JSON breaks
// (server/json_body.hpp: depth, UTF-8 and number limits).
std::variant<json, Failure> parse_object(const std::string& body);

// Runs `then` with the body parsed as a JSON object, or answers the failure.
template <typename Then>
ApiResponse with_object(const ApiRequest& request, Then&& then) {
  auto parsed = parse_object(request.body);
  if (auto* failure = std::get_if<Failure>(&parsed)) return reply(*failure);
  return then(std::get<json>(parsed));
}

// Typed field readers: absent or null → nullopt; a wrong type → the first
// failure is kept in `failure` and later reads are ignored.
struct Fields {
  const json& object;
  std::string prefix;  // "" or "pain." for nested objects
  std::optional<Failure> failure;

  std::string path(std::string_view name) const { return prefix + std::string(name); }
  std::optional<int> integer(std::string_view name, int min, int max);
  // As integer(), and a failure naming the field when it is absent.
  int required_integer(std::string_view name, int min, int max);
  std::optional<double> number(std::string_view name, double min, double max);
  std::optional<std::string> text(std::string_view name);
  std::string required_text(std::string_view name, std::string_view example);
  void fail(std::string_view name, std::string message, std::string hint, int status = kBadRequest);
};

// A query parameter as a whole number in [min, max]; nullopt when absent or
// empty; on a bad value sets `failure` naming the parameter.
std::optional<int> query_integer(const ApiRequest& request, const std::string& name, int min, int max,
                                 std::optional<Failure>& failure);

// 404 naming the unknown routine id and the closest known one.
std::optional<Failure> unknown_routine(const practice::Catalog& catalog, std::string_view id);

// A session as the API shows it (sessions, history).
json session_json(const journal::SessionRecord& session);

}  // namespace velum::server::routes
