#pragma once
// `velum serve`: the local web app's HTTP server (JSON API and the embedded
// front end) over one journal folder; runs until SIGINT or SIGTERM.

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace velum::server {

inline constexpr int kDefaultPort = 8737;

// How long a connection may hold one of the server's threads (docs/api.md,
// "Connections"). Each connection has a thread while it is open, so these
// bounds are what keeps idle, slow or stalled clients from starving others.
//
// Idle keep-alive connections are closed after this long without a request:
// long enough for a page's burst of requests to reuse its connections.
inline constexpr std::chrono::seconds kKeepAliveIdle{5};
// A request must arrive whole (line, headers and body, at most 1 MB) within this
// long of its first byte; a client sending a byte every few seconds is cut off.
inline constexpr std::chrono::seconds kRequestDeadline{10};
// An answer must be taken by the client within this long.
inline constexpr std::chrono::seconds kAnswerDeadline{30};
// Longest wait for the next byte of a request, or for room to write the answer.
inline constexpr std::chrono::seconds kIoTimeout{5};
// Requests served on one keep-alive connection before it is closed; the
// library's default of 5 made polling pages pay a new handshake every time.
inline constexpr std::size_t kMaxRequestsPerConnection = 1000;
// Connections served at once (one thread each, started as they arrive). One
// more is refused at once with 503 and Retry-After rather than kept waiting.
inline constexpr std::size_t kMaxConnections = 512;

struct ServerOptions {
  std::string host = "127.0.0.1";  // loopback only unless asked otherwise
  // More names a request's Host header may carry besides localhost, 127.0.0.1,
  // [::1] and `host` (a reverse proxy's name, an /etc/hosts alias).
  std::vector<std::string> allowed_hosts;
  int port = kDefaultPort;         // 0: any free port (the URL printed names it)
  std::filesystem::path data_dir;  // holds the journal
  std::filesystem::path bundled_protocols;
  std::optional<std::filesystem::path> user_protocols;
  // --lan: listen on every address of the machine (host 0.0.0.0 unless --host
  // names one) for a phone on the home network.
  bool lan = false;
  // The person's own certificate and key (PEM); without them a network server
  // makes a self-signed certificate in data_dir on first use.
  std::optional<std::filesystem::path> tls_certificate;
  std::optional<std::filesystem::path> tls_key;
  // How long a pairing code stays usable (a hidden option, so tests need not wait 10 minutes).
  std::chrono::seconds pairing_code_lifetime{10 * 60};
};

// True when the server listens beyond loopback (--lan or a --host other than
// 127.0.0.1, ::1 or localhost): every request from elsewhere then needs a
// paired device's cookie, and the server speaks HTTPS.
bool listens_on_network(const ServerOptions& options);
// True when the server speaks HTTPS: on the network, or when given a certificate.
bool serves_tls(const ServerOptions& options);

// Opens the journal, binds, prints "velum is serving at http(s)://HOST:PORT/" on
// `out` (flushed, so a parent process can read the port), and serves until
// SIGINT/SIGTERM; in-flight requests finish before it returns. Returns 0 after
// a clean shutdown, 2 when the journal cannot be opened or the address is in
// use (one line on `err`). Call from the main thread only, once per process.
int run_server(const ServerOptions& options, std::ostream& out, std::ostream& err);

}  // namespace velum::server
