#include "server/route_table.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "base/utf8.hpp"

namespace velum::server {
namespace {

constexpr int kNotFound = 404;
constexpr int kMethodNotAllowed = 405;

bool is_parameter(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

bool matches(const std::vector<std::string>& pattern, const std::vector<std::string_view>& path,
             PathParameters& parameters) {
  if (pattern.size() != path.size()) return false;
  PathParameters found;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (is_parameter(pattern[i])) {
      found.emplace(pattern[i].substr(1, pattern[i].size() - 2), std::string(path[i]));
    } else if (pattern[i] != path[i]) {
      return false;
    }
  }
  parameters = std::move(found);
  return true;
}

ApiResponse failure(int status, const std::string& field, const std::string& message,
                    const std::string& hint) {
  ApiResponse response;
  response.status = status;
  response.body = error_body(field, message, hint);
  return response;
}

}  // namespace

const std::string& RouteCall::parameter(std::string_view name) const {
  static const std::string none;
  const auto found = parameters.find(name);
  return found == parameters.end() ? none : found->second;
}

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (start < path.size()) {
    const auto slash = std::min(path.find('/', start), path.size());
    if (slash > start) parts.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return parts;
}

void RouteTable::add(std::string_view method, std::string_view pattern, RouteHandler handler) {
  Route route{std::string(method), std::string(pattern), {}, std::move(handler)};
  for (const auto segment : split_path(pattern)) route.segments.emplace_back(segment);
  routes_.push_back(std::move(route));
}

ApiResponse RouteTable::dispatch(const ApiRequest& request) const {
  const auto path = split_path(request.path);
  // HEAD is GET without the body; the transport leaves the body out.
  const std::string_view method = request.method == "HEAD" ? std::string_view("GET") : request.method;
  std::vector<std::string_view> allowed;
  PathParameters parameters;
  for (const auto& route : routes_) {
    if (!matches(route.segments, path, parameters)) continue;
    if (route.method == method) return route.handler(RouteCall{request, parameters});
    if (std::find(allowed.begin(), allowed.end(), route.method) == allowed.end()) {
      allowed.push_back(route.method);
    }
  }
  if (allowed.empty()) {
    return failure(kNotFound, "path",
                   fmt::format("no such route: {} {}", request.method, printable_excerpt(request.path)),
                   "the routes are listed in docs/api.md; they start with /api/v1/");
  }
  ApiResponse response =
      failure(kMethodNotAllowed, "method",
              fmt::format("{} is not allowed on {}", request.method, printable_excerpt(request.path)),
              fmt::format("use {}", fmt::join(allowed, " or ")));
  response.headers["Allow"] = fmt::format("{}", fmt::join(allowed, ", "));
  return response;
}

std::vector<std::string> RouteTable::list() const {
  std::vector<std::string> out;
  out.reserve(routes_.size());
  for (const auto& route : routes_) out.push_back(route.method + " " + route.pattern);
  return out;
}

}  // namespace velum::server
