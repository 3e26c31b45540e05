#pragma once
// `velum serve`: the local web app's HTTP server (JSON API and the embedded
// front end) over one journal folder; runs until SIGINT or SIGTERM.

#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace velum::server {

inline constexpr int kDefaultPort = 8737;
// Above the number of keep-alive connections a browser (6) and a benchmark
// client hold at once, so no connection waits behind an idle one.
inline constexpr int kWorkerThreads = 32;

struct ServerOptions {
  std::string host = "127.0.0.1";  // loopback only unless asked otherwise
  // More names a request's Host header may carry besides localhost, 127.0.0.1,
  // [::1] and `host` (a reverse proxy's name, an /etc/hosts alias).
  std::vector<std::string> allowed_hosts;
  int port = kDefaultPort;         // 0: any free port (the URL printed names it)
  std::filesystem::path data_dir;  // holds the journal
  std::filesystem::path bundled_protocols;
  std::optional<std::filesystem::path> user_protocols;
};

// Opens the journal, binds, prints "velum is serving at http://HOST:PORT/" on
// `out` (flushed, so a parent process can read the port), and serves until
// SIGINT/SIGTERM; in-flight requests finish before it returns. Returns 0 after
// a clean shutdown, 2 when the journal cannot be opened or the address is in
// use (one line on `err`). Call from the main thread only, once per process.
int run_server(const ServerOptions& options, std::ostream& out, std::ostream& err);

}  // namespace velum::server
