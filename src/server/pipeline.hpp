#pragma once
// The path of every request through `velum serve`, one step after another:
// transport → host check → origin check → authentication → route table (or the
// front end's files) → the headers every answer carries. See docs/api.md.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/api.hpp"
#include "server/authentication.hpp"
#include "server/request.hpp"
#include "server/static_files.hpp"

namespace velum::server {

// The embedded front end's answer to GET `path` (server/static_files.hpp).
using StaticFiles = std::function<StaticReply(std::string_view path, std::string_view accept_encoding)>;

class Pipeline {
 public:
  // `allowed_hosts` are the names a Host header may carry (checks.hpp,
  // allowed_host_names); `authenticate` is the authentication step; `api`
  // answers /api/ and `static_files` every other GET. `api` must outlive the
  // pipeline.
  Pipeline(const Api& api, std::vector<std::string> allowed_hosts, Authenticate authenticate,
           StaticFiles static_files);

  // The answer to `request`, whose method, target, headers and peer are
  // filled in. The steps, in order: the Host check, the origin and content
  // type of a write, authentication, UTF-8 of the path and query, then the
  // body is read (`read_body`) and the route answers; the security headers
  // go on every answer. A refused request's body is read only to be
  // discarded, never parsed. Thread-safe.
  ApiResponse handle(ApiRequest request, const ReadBody& read_body) const;

  // The answer to a request the transport itself could not serve: 400 (it
  // could not be read), 413 (too large), 404 (no handler), 500 (a handler
  // threw). Carries the same headers as every other answer. Thread-safe.
  ApiResponse transport_error(int status, const ApiRequest& request) const;

 private:
  ApiResponse route(const ApiRequest& request) const;
  ApiResponse static_file(const ApiRequest& request) const;

  const Api& api_;
  const std::vector<std::string> allowed_hosts_;
  Authenticate authenticate_;
  StaticFiles static_files_;
};

}  // namespace velum::server
