// The peer for bench/api-bench: cpp-httplib configured exactly as `velum serve`
// (TCP_NODELAY, the same worker pool and keep-alive limit, the same malloc
// trim threshold, see server/server.cpp) answering every GET
// and POST under /api/ with a fixed small JSON body and doing nothing else, so
// the ratio shows what velum's own work costs on top of the HTTP library.
// Prints "listening on PORT" (flushed) and serves until killed.

#include <httplib.h>
#include <malloc.h>

#include <iostream>

#include "server/server.hpp"

int main() {
  mallopt(M_TRIM_THRESHOLD, 4 << 20);  // as `velum serve` does
  constexpr std::size_t kKeepAliveMaxRequests = 1000;
  httplib::Server http;
  http.set_tcp_nodelay(true);
  http.new_task_queue = [] { return new httplib::ThreadPool(velum::server::kWorkerThreads); };
  http.set_keep_alive_max_count(kKeepAliveMaxRequests);
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
