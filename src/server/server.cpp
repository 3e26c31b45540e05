#include "server/server.hpp"

#include <dlfcn.h>
#include <malloc.h>
#include <unistd.h>

#include <fmt/format.h>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ostream>
#include <variant>

#include "journal/devices.hpp"
#include "journal/folder_lock.hpp"
#include "journal/sqlite_store.hpp"
#include "practice/loader.hpp"
#include "server/api.hpp"
#include "server/checks.hpp"
#include "server/detail/embedded_library.hpp"
#include "server/detail/http_transport.hpp"
#include "server/network.hpp"
#include "server/pairing_banner.hpp"
#include "server/pairing_desk.hpp"
#include "server/pipeline.hpp"
#include "server/static_files.hpp"

namespace velum::server {
namespace {

constexpr int kExitUnusable = 2;

// The HTTP transport (cpp-httplib and, through it, OpenSSL) is a shared object
// embedded in this executable and loaded only here, so that every other
// command starts without paying ~10 M instructions of dynamic loading for it
// (bench/cli-startup). The library stays loaded until the process ends: its
// threads may still be unwinding when listen returns.
detail::ListenFunction* load_transport(const std::filesystem::path& data_dir, std::string& error) {
  auto loaded = detail::open_embedded_library(detail::embedded_transport(), "velum-http-transport",
                                              detail::system_library_files(data_dir));
  if (auto* failure = std::get_if<std::string>(&loaded)) {
    error = fmt::format(
        "could not load the web server: {}; scripts/install-deps installs what it needs (libcpp-httplib)",
        *failure);
    return nullptr;
  }
  void* handle = std::get<void*>(loaded);
  auto* listen = reinterpret_cast<detail::ListenFunction*>(dlsym(handle, detail::kListenSymbol));
  if (listen == nullptr) error = fmt::format("the web server part is damaged: {}", dlerror());
  return listen;
}

// Keeps freed memory in the process instead of handing it back after every
// request. Answering with gzip allocates and frees zlib's ~260 KB of state per
// request; glibc then trims the arena (madvise), and on a virtual machine the
// TLB shootdown that follows cost ~2 ms of latency per request: hey measured
// GET /health at p50 3.0 ms with trimming and 0.8 ms without. Up to
// kRetainedBytes per arena stays mapped; allocations larger than glibc's
// mmap threshold are still returned at once.
void keep_freed_memory_for_reuse() {
  constexpr int kRetainedBytes = 4 << 20;
  mallopt(M_TRIM_THRESHOLD, kRetainedBytes);
}

// The names a request's Host header may carry: localhost and the loopback
// addresses, the --allowed-host names, and the address served; when that is
// every address (0.0.0.0 or ::), each of the machine's addresses and its name.
std::vector<std::string> served_names(const std::string& host, const std::vector<std::string>& allowed_hosts,
                                      const std::vector<std::string>& addresses) {
  std::vector<std::string> names = allowed_hosts;
  if (!is_wildcard_address(host)) {
    names.push_back(host);
    return allowed_host_names(names);
  }
  names.insert(names.end(), addresses.begin(), addresses.end());
  if (const auto name = machine_hostname(); !name.empty()) {
    names.push_back(name);
    names.push_back(name + ".local");
  }
  return allowed_host_names(names);
}

// What the self-signed certificate covers: this machine by every name a phone
// or a browser here may use.
std::vector<std::string> certificate_names(const std::string& host,
                                           const std::vector<std::string>& addresses) {
  std::vector<std::string> names;
  const auto add = [&names](std::string name) {
    if (!name.empty() && std::find(names.begin(), names.end(), name) == names.end()) {
      names.push_back(std::move(name));
    }
  };
  add(machine_hostname());
  if (!is_wildcard_address(host)) add(host);
  for (const auto& address : addresses) add(address);
  add("localhost");
  add("127.0.0.1");
  add("::1");
  return names;
}

}  // namespace

int run_server(const ServerOptions& options, std::ostream& out, std::ostream& err) {
  keep_freed_memory_for_reuse();
  // A server writes all day: the log is checkpointed in the background, never
  // inside a request (journal/detail/wal_checkpointer.hpp).
  journal::SqliteOptions journal_options;
  journal_options.background_checkpoint_interval = std::chrono::milliseconds(250);
  auto store = journal::open_sqlite_store(journal::journal_file(options.data_dir), journal_options);
  if (!store) {
    err << "velum serve: " << store.error().message << '\n';
    return kExitUnusable;
  }
  // One session runner per data folder: a second server (or `velum session`)
  // would otherwise close this one's open session as interrupted below. Held
  // until the process ends.
  auto folder_lock = journal::lock_data_folder(options.data_dir, "velum serve");
  if (!folder_lock) {
    err << "velum serve: " << folder_lock.error().message << '\n';
    return kExitUnusable;
  }
  // Sessions left open by a crash or a kill are closed as interrupted, as the
  // terminal client does when it starts.
  if (auto closed = (*store)->mark_interrupted_sessions(journal::system_now()); !closed) {
    err << "velum serve: " << closed.error().message << '\n';
    return kExitUnusable;
  }
  std::string error;
  auto* listen = load_transport(options.data_dir, error);
  if (listen == nullptr) {
    err << "velum serve: " << error << '\n';
    return kExitUnusable;
  }
  // Paired devices: checked on every request from beyond this computer.
  auto devices = journal::open_sqlite_device_store(journal::journal_file(options.data_dir));
  if (!devices) {
    err << "velum serve: " << devices.error().message << '\n';
    return kExitUnusable;
  }
  PairingLimits limits;
  limits.code_lifetime = options.pairing_code_lifetime;
  PairingDesk desk(std::move(*devices), journal::system_clock(), limits, system_steady_clock());
  const bool network = listens_on_network(options);
  ServerOptions listen_options = options;
  // --lan alone: every address of the machine.
  if (options.lan && is_loopback_listen_address(options.host)) listen_options.host = "0.0.0.0";
  const auto addresses = machine_addresses();

  Api api(std::move(*store), practice::load_catalog(options.bundled_protocols, options.user_protocols),
          journal::system_clock(), &desk);
  const Pipeline pipeline(
      api, served_names(listen_options.host, options.allowed_hosts, addresses),
      [&desk](const ApiRequest& request) { return desk.authenticate(request); },
      [](std::string_view path, std::string_view accept_encoding) {
        return serve_static(path, accept_encoding);
      });
  detail::HttpRoutes routes;
  routes.handle = [&pipeline](ApiRequest request, const ReadBody& read_body) {
    return pipeline.handle(std::move(request), read_body);
  };
  routes.transport_error = [&pipeline](int status, const ApiRequest& request) {
    return pipeline.transport_error(status, request);
  };
  if (serves_tls(options)) {
    routes.tls = detail::TlsFiles{options.tls_certificate, options.tls_key,
                                  certificate_names(listen_options.host, addresses)};
  }
  routes.listening = [&](const detail::Listening& listening) {
    if (!network) return;
    // The address a phone opens: the one asked for, or the machine's first
    // network address when listening on all of them.
    std::string host = listen_options.host;
    if (is_wildcard_address(host)) host = addresses.empty() ? "127.0.0.1" : addresses.front();
    const auto base_url = fmt::format("{}://{}:{}/", listening.scheme, url_host(host), listening.port);
    desk.set_address({base_url, listening.fingerprint});
    const auto code = desk.pairing().new_code();
    const auto colours = ::isatty(STDOUT_FILENO) == 1 ? TerminalColours::kAnsi : TerminalColours::kNone;
    out << pairing_banner(base_url, code.code, limits.code_lifetime, listening.fingerprint,
                          listening.self_signed, colours);
  };
  const int status = listen(listen_options, routes, out, err);
  if (status == 0) out << "velum serve: stopped; the journal is saved." << std::endl;
  return status;
}

}  // namespace velum::server
