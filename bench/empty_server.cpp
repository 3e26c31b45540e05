// The peer for bench/api-bench: cpp-httplib set up as `velum serve` is
// (TCP_NODELAY, the same keep-alive limit and malloc trim threshold, see
// server/server.cpp) but with the library's own thread pool and connection
// handling, answering every GET and POST under /api/ with a fixed small JSON
// body and doing nothing else, so the ratio shows what velum's own work costs
// on top of the HTTP library.
// Prints "listening on PORT" (flushed) and serves until killed.

#include <httplib.h>
#include <malloc.h>

#include <iostream>

#include "server/server.hpp"

int main() {
  mallopt(M_TRIM_THRESHOLD, 4 << 20);  // as `velum serve` does
  // A fixed pool above the benchmark's keep-alive connections; velum's own
  // pool grows with the connections (server/http/connection_limits.hpp).
  constexpr std::size_t kWorkerThreads = 64;
  httplib::Server http;
  http.set_tcp_nodelay(true);
  http.new_task_queue = [] { return new httplib::ThreadPool(kWorkerThreads); };
  http.set_keep_alive_max_count(velum::server::kMaxRequestsPerConnection);
  const auto empty = [](const httplib::Request&, httplib::Response& response) {
    response.set_content(R"({"ok":true})", "application/json");
  };
  http.Get(R"(/api/.*)", empty);
  http.Post(R"(/api/.*)", empty);
  const int port = http.bind_to_any_port("127.0.0.1");
  if (port < 0) {
    std::cerr << "empty_server: cannot bind a port on 127.0.0.1\n";
    return 2;
  }
  std::cout << "listening on " << port << std::endl;
  http.listen_after_bind();
  return 0;
}
