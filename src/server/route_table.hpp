#pragma once
// The API's routes as data: a method and a path pattern such as
// "/api/v1/sessions/{id}/stop" lead to one handler, so one table lists them all.

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "server/request.hpp"

namespace velum::server {

// The {name} parts of a matched pattern, decoded: {"id": "0193..."}.
using PathParameters = std::map<std::string, std::string, std::less<>>;

// One request as a handler sees it.
struct RouteCall {
  const ApiRequest& request;
  const PathParameters& parameters;
  // The value of {name}; empty when the pattern has no such part.
  const std::string& parameter(std::string_view name) const;
};

using RouteHandler = std::function<ApiResponse(const RouteCall& call)>;

class RouteTable {
 public:
  // Adds a route. `method` is GET, POST, PUT or DELETE (a GET route also
  // answers HEAD); `pattern` is a path whose segments are literal text or
  // {name}. Patterns are matched in the order added. Not thread-safe: build
  // the table before serving.
  void add(std::string_view method, std::string_view pattern, RouteHandler handler);

  // Runs the handler of the first route matching the request's method and
  // path; 404 when no pattern matches the path, 405 naming the allowed methods
  // when one does but not for this method. Thread-safe once built.
  ApiResponse dispatch(const ApiRequest& request) const;

  // Every route as "METHOD pattern", in the order added.
  std::vector<std::string> list() const;

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    RouteHandler handler;
  };
  std::vector<Route> routes_;
};

// The non-empty segments of a path: "/api/v1//health/" → {"api", "v1", "health"}.
std::vector<std::string_view> split_path(std::string_view path);

}  // namespace velum::server
