#include "server/server.hpp"

#include <arpa/inet.h>
#include <dlfcn.h>
#include <ifaddrs.h>
#include <limits.h>
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <fmt/format.h>
#include <array>
#include <cerrno>
#include <cstring>
#include <ostream>
#include <span>

#include "journal/sqlite_store.hpp"
#include "practice/loader.hpp"
#include "server/api.hpp"
#include "server/checks.hpp"
#include "server/detail/http_transport.hpp"
#include "server/pipeline.hpp"
#include "server/static_files.hpp"

// The transport shared object's bytes, placed in the executable at build time
// (embedded_transport.S), so `velum serve` stays one self-contained file.
extern "C" const unsigned char velum_http_transport_start[];
extern "C" const unsigned char velum_http_transport_end[];

namespace velum::server {
namespace {

constexpr int kExitUnusable = 2;

// Loads the embedded transport through an anonymous in-memory file. The
// library stays loaded until the process ends: its threads may still be
// unwinding when listen returns.
detail::ListenFunction* load_transport(std::string& error) {
  const std::span bytes(velum_http_transport_start,
                        static_cast<std::size_t>(velum_http_transport_end - velum_http_transport_start));
  const int fd = memfd_create("velum-http-transport", MFD_CLOEXEC);
  if (fd < 0) {
    error = fmt::format("could not prepare the web server ({})", std::strerror(errno));
    return nullptr;
  }
  std::size_t written = 0;
  while (written < bytes.size()) {
    const auto n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      error = fmt::format("could not prepare the web server ({})", std::strerror(errno));
      ::close(fd);
      return nullptr;
    }
    written += static_cast<std::size_t>(n);
  }
  const auto path = fmt::format("/proc/self/fd/{}", fd);
  void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  ::close(fd);
  if (handle == nullptr) {
    error = fmt::format(
        "could not load the web server: {}; scripts/install-deps installs what it needs (libcpp-httplib)",
        dlerror());
    return nullptr;
  }
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
  // Sessions left open by a crash or a kill are closed as interrupted, as the
  // terminal client does when it starts.
  if (auto closed = (*store)->mark_interrupted_sessions(journal::system_now()); !closed) {
    err << "velum serve: " << closed.error().message << '\n';
    return kExitUnusable;
  }
  std::string error;
  auto* listen = load_transport(error);
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
