#include "server/server.hpp"

#include <arpa/inet.h>
#include <dlfcn.h>
#include <ifaddrs.h>
#include <limits.h>
#include <malloc.h>

#include <fmt/format.h>
#include <array>
#include <cerrno>
#include <cstring>
#include <ostream>
#include <variant>

#include "journal/folder_lock.hpp"
#include "journal/sqlite_store.hpp"
#include "practice/loader.hpp"
#include "server/api.hpp"
#include "server/checks.hpp"
#include "server/detail/embedded_library.hpp"
#include "server/detail/http_transport.hpp"
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
std::vector<std::string> served_names(const ServerOptions& options) {
  std::vector<std::string> names = options.allowed_hosts;
  const bool every_address = options.host.empty() || options.host == "0.0.0.0" || options.host == "::";
  if (!every_address) {
    names.push_back(options.host);
    return allowed_host_names(names);
  }
  ifaddrs* interfaces = nullptr;
  if (getifaddrs(&interfaces) == 0) {
    for (const auto* it = interfaces; it != nullptr; it = it->ifa_next) {
      if (it->ifa_addr == nullptr) continue;
      std::array<char, INET6_ADDRSTRLEN> text{};
      const auto family = it->ifa_addr->sa_family;
      const void* address = nullptr;
      if (family == AF_INET) address = &reinterpret_cast<const sockaddr_in*>(it->ifa_addr)->sin_addr;
      if (family == AF_INET6) address = &reinterpret_cast<const sockaddr_in6*>(it->ifa_addr)->sin6_addr;
      if (address != nullptr && inet_ntop(family, address, text.data(), text.size()) != nullptr) {
        names.emplace_back(text.data());
      }
    }
    freeifaddrs(interfaces);
  }
  std::array<char, HOST_NAME_MAX + 1> host{};
  if (gethostname(host.data(), host.size() - 1) == 0) {
    names.emplace_back(host.data());
    names.push_back(std::string(host.data()) + ".local");
  }
  return allowed_host_names(names);
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
  Api api(std::move(*store), practice::load_catalog(options.bundled_protocols, options.user_protocols),
          journal::system_clock());
  const Pipeline pipeline(api, served_names(options), loopback_or(admit_everyone),
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
  const int status = listen(options, routes, out, err);
  if (status == 0) out << "velum serve: stopped; the journal is saved." << std::endl;
  return status;
}

}  // namespace velum::server
