#include "server/routes/shared.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <system_error>
#include <vector>

#include "server/detail/list_pages.hpp"

namespace velum::server::routes {

Journal::Held Journal::hold() {
  std::unique_lock lock(mutex);
  const auto now = clock();
  return Held{std::move(lock), *store, now};
}

ApiResponse reply(int status, std::string body) {
  ApiResponse response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

// Text stored before velum checked UTF-8 may hold bad bytes: they go out as
// U+FFFD rather than failing the whole answer (as `velum export` does).
ApiResponse reply(int status, const json& body) {
  return reply(status, body.dump(-1, ' ', false, json::error_handler_t::replace));
}

ApiResponse reply(const Failure& failure) {
  return reply(failure.status, error_body(failure.field, failure.message, failure.hint));
}

Failure store_failure(const velum::Error& error, std::string field) {
  switch (error.code) {
    case velum::ErrorCode::kInvalidInput:
      return {kUnprocessable, std::move(field), error.message, "correct the value named and send it again"};
    case velum::ErrorCode::kDuplicate:
      return {kConflict, std::move(field), error.message, "this record is already stored"};
    case velum::ErrorCode::kNotFound:
      return {kNotFound, std::move(field), error.message, "check the id"};
    case velum::ErrorCode::kBusy:
      return {kServiceUnavailable, "", error.message, "try again in a moment"};
    default:
      return {kInternalError, "", error.message, "see the server's terminal for details"};
  }
}

// The body as a JSON object, or a Failure naming where the JSON breaks.
std::variant<json, Failure> parse_object(const std::string& body) {
  auto parsed = parse_json_object(body);
  if (auto* error = std::get_if<JsonBodyError>(&parsed)) {
    return Failure{kBadRequest, std::move(error->field), std::move(error->message), std::move(error->hint)};
  }
  return std::move(std::get<json>(parsed));
}

std::optional<int> Fields::integer(std::string_view name, int min, int max) {
  const auto it = object.find(std::string(name));
  if (it == object.end() || it->is_null()) return std::nullopt;
  if (!it->is_number_integer()) {
    fail(name, fmt::format("{} must be a whole number, got {}", path(name), shown_json(*it)),
         fmt::format("send a number from {} to {}", min, max));
    return std::nullopt;
  }
  const auto value = it->get<long long>();
  if (value < min || value > max) {
    fail(name, fmt::format("{} must be from {} to {}, got {}", path(name), min, max, value),
         fmt::format("send a whole number from {} to {}", min, max), kUnprocessable);
    return std::nullopt;
  }
  return static_cast<int>(value);
}

int Fields::required_integer(std::string_view name, int min, int max) {
  auto value = integer(name, min, max);
  if (!value && !failure) {
    fail(name, fmt::format("{} is missing", path(name)), fmt::format("add \"{}\": {}", name, min));
  }
  return value.value_or(min);
}

std::optional<double> Fields::number(std::string_view name, double min, double max) {
  const auto it = object.find(std::string(name));
  if (it == object.end() || it->is_null()) return std::nullopt;
  if (!it->is_number()) {
    fail(name, fmt::format("{} must be a number, got {}", path(name), shown_json(*it)),
         fmt::format("send a number from {:g} to {:g}", min, max));
    return std::nullopt;
  }
  const auto value = it->get<double>();
  if (!(value >= min && value <= max)) {
    fail(name, fmt::format("{} must be from {:g} to {:g}, got {:g}", path(name), min, max, value),
         fmt::format("send a number from {:g} to {:g}", min, max), kUnprocessable);
    return std::nullopt;
  }
  return value;
}

std::optional<std::string> Fields::text(std::string_view name) {
  const auto it = object.find(std::string(name));
  if (it == object.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) {
    fail(name, fmt::format("{} must be text in quotes, got {}", path(name), shown_json(*it)),
         "send a JSON string");
    return std::nullopt;
  }
  return it->get<std::string>();
}

std::string Fields::required_text(std::string_view name, std::string_view example) {
  auto value = text(name);
  if (!value && !failure) {
    fail(name, fmt::format("{} is missing", path(name)), fmt::format("add \"{}\": \"{}\"", name, example));
  }
  return value.value_or("");
}

void Fields::fail(std::string_view name, std::string message, std::string hint, int status) {
  if (!failure) failure = Failure{status, path(name), std::move(message), std::move(hint)};
}
std::optional<Failure> unknown_routine(const practice::Catalog& catalog, std::string_view id) {
  if (catalog.find(std::string(id)) != nullptr) return std::nullopt;
  std::vector<std::string_view> ids;
  for (const auto& known : catalog.routines) ids.push_back(known.id);
  const auto suggestion = practice::closest_match(id, ids);
  return Failure{
      kNotFound, "routine", fmt::format("no routine has the id '{}'", shown(id)),
      suggestion.empty() ? "GET /api/v1/routines lists them" : fmt::format("did you mean '{}'?", suggestion)};
}

// A query parameter as a whole number in [min, max]; nullopt when absent.
std::optional<int> query_integer(const ApiRequest& request, const std::string& name, int min, int max,
                                 std::optional<Failure>& failure) {
  const auto it = request.query.find(name);
  if (it == request.query.end() || it->second.empty()) return std::nullopt;
  int value = 0;
  const auto& text = it->second;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value < min || value > max) {
    failure =
        Failure{kBadRequest, name,
                fmt::format("{} must be a whole number from {} to {}, got '{}'", name, min, max, shown(text)),
                fmt::format("for example ?{}={}", name, min)};
    return std::nullopt;
  }
  return value;
}

json session_json(const journal::SessionRecord& session) {
  json stop = nullptr;
  if (session.stop_reason) {
    stop = {{"reason", journal::stop_reason_spelling(*session.stop_reason)},
            {"text", session.stop_reason->text}};
  }
  return {{"id", session.id},
          {"routine_id", session.routine_id},
          {"pattern", session.pattern},
          {"stage", session.stage},
          {"started_at", journal::to_iso8601(session.started_at)},
          {"date", journal::to_date_text(journal::local_date(session.started_at))},
          {"ended_at", session.ended_at ? json(journal::to_iso8601(*session.ended_at)) : json(nullptr)},
          {"outcome", session.outcome ? json(journal::to_string(*session.outcome)) : json(nullptr)},
          {"stop", stop},
          {"source", journal::to_string(session.source)},
          {"pain", session.pain ? json(*session.pain) : json(nullptr)}};
}

std::variant<journal::PageQuery, Failure> page_query(const ApiRequest& request) {
  journal::PageQuery query;
  if (auto error = detail::read_page_query(request, query)) {
    return Failure{kBadRequest, error->field, error->message, error->hint};
  }
  return query;
}

json next_cursor(const std::optional<journal::PageKey>& next) {
  return next ? json(detail::cursor_text(*next)) : json(nullptr);
}

}  // namespace velum::server::routes
