#pragma once
// The boundary between `velum serve` and its HTTP transport. The transport
// (cpp-httplib, and through it OpenSSL) is a separate shared object embedded in
// the velum executable and loaded only by `velum serve`, so every other command
// starts without loading those libraries. Only header-only types cross it.

#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>

#include "server/api.hpp"
#include "server/server.hpp"
#include "server/static_files.hpp"

namespace velum::server::detail {

// What the transport answers with; every function may be called from any
// number of transport threads at once.
struct HttpRoutes {
  // Every request under /api/.
  std::function<ApiResponse(const ApiRequest&)> api;
  // The JSON error body for errors the transport answers itself (413, 404, 400).
  std::function<std::string(const std::string& field, const std::string& message, const std::string& hint)>
      error_body;
  // Every other GET: the embedded front end (server/static_files.hpp).
  std::function<StaticReply(std::string_view path, std::string_view accept_encoding)> static_file;
};

// Binds options.host:options.port, prints "velum is serving at http://HOST:PORT/"
// on `out` (flushed), serves `routes` until SIGINT or SIGTERM, and lets requests
// in flight finish. Returns 0 after a clean stop, 2 when the address cannot be
// bound (one line on `err`). Call from the main thread only, once per process.
using ListenFunction = int(const ServerOptions& options, const HttpRoutes& routes, std::ostream& out,
                           std::ostream& err);

// The transport's one exported symbol, of type ListenFunction.
inline constexpr const char* kListenSymbol = "velum_http_listen";

}  // namespace velum::server::detail
