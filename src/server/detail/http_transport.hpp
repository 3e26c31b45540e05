#pragma once
// The boundary between `velum serve` and its HTTP transport. The transport
// (cpp-httplib, and through it OpenSSL) is a separate shared object embedded in
// the velum executable and loaded only by `velum serve`, so every other command
// starts without loading those libraries. Only header-only types cross it.

#include <filesystem>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "server/request.hpp"
#include "server/server.hpp"

namespace velum::server::detail {

// What the transport tells the server once it listens.
struct Listening {
  std::string scheme;        // "http" or "https"
  int port = 0;              // the port bound (the one asked for, or the free one --port 0 found)
  std::string fingerprint;   // the certificate's SHA-256 fingerprint; empty without TLS
  bool self_signed = false;  // the certificate is velum's own
};

// The certificate HTTPS is served with: the person's own (both files given),
// or else the self-signed one kept in the data folder, made for `names` on
// first use (server/tls/certificate.hpp).
struct TlsFiles {
  std::optional<std::filesystem::path> certificate;
  std::optional<std::filesystem::path> key;
  std::vector<std::string> names;
};

// What the transport answers with (server/pipeline.hpp, through server.cpp);
// the functions may be called from any number of transport threads at once,
// except `listening`, called once.
struct HttpRoutes {
  // HTTPS when set; plain HTTP otherwise.
  std::optional<TlsFiles> tls;
  // Called once, after binding and before "velum is serving at" is printed.
  std::function<void(const Listening& listening)> listening;
  // Every request, once its headers are read; the transport fills the
  // request's method, target, path, query, version, headers, peer and TLS flag.
  std::function<ApiResponse(ApiRequest request, const ReadBody& read_body)> handle;
  // Requests the transport answers itself (400 unreadable, 413 too large, 500
  // a handler threw).
  std::function<ApiResponse(int status, const ApiRequest& request)> transport_error;
};

// Binds options.host:options.port, prints "velum is serving at http(s)://HOST:PORT/"
// on `out` (flushed), serves `routes` until SIGINT or SIGTERM, and lets requests
// in flight finish. Returns 0 after a clean stop, 2 when the address cannot be
// bound (one line on `err`). Call from the main thread only, once per process.
using ListenFunction = int(const ServerOptions& options, const HttpRoutes& routes, std::ostream& out,
                           std::ostream& err);

// The transport's one exported symbol, of type ListenFunction.
inline constexpr const char* kListenSymbol = "velum_http_listen";

}  // namespace velum::server::detail
