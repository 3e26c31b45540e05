// The HTTP transport of `velum serve` (cpp-httplib), built as its own shared
// object and loaded by server.cpp only when the server starts; see
// server/detail/http_transport.hpp for why.

#include <httplib.h>
#include <malloc.h>
#include <pthread.h>

#include <fmt/format.h>
#include <atomic>
#include <chrono>
#include <csignal>
#include <memory>
#include <ostream>
#include <thread>
#include <type_traits>
#include <variant>

#include "server/detail/http_transport.hpp"
#include "server/http/connection_limits.hpp"
#include "server/tls/certificate.hpp"

namespace velum::server::detail {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitUnusable = 2;
constexpr int kInternalError = 500;
// Threads kept ready for a browser's burst of connections, and how long a
// thread beyond them stays once idle.
constexpr std::size_t kWarmThreads = 8;
constexpr std::chrono::milliseconds kIdleThreadLife{10000};

// An answer this large (an export, a report) leaves megabytes freed but kept
// by malloc (above the trim threshold server.cpp sets for speed); they are
// handed back once it is sent, so the idle server stays small.
constexpr std::size_t kLargeAnswerBytes = 1 << 20;
thread_local bool t_large_answer = false;

void return_memory_after_large_answer() {
  if (!t_large_answer) return;
  t_large_answer = false;
  malloc_trim(0);
}

// The request's head as the pipeline reads it; the body comes later, through ReadBody.
ApiRequest to_api_request(const httplib::Request& request) {
  ApiRequest api;
  api.method = request.method;
  api.target = request.target;
  api.path = request.path;
  for (const auto& [name, value] : request.params) api.query[name] = value;
  api.version = request.version;
  for (const auto& [name, value] : request.headers) {
    // The library adds these itself; they were not sent by the client.
    if (name == "REMOTE_ADDR" || name == "REMOTE_PORT" || name == "LOCAL_ADDR" || name == "LOCAL_PORT")
      continue;
    api.headers.emplace(name, value);
  }
  api.peer_address = request.remote_addr;
  api.local_address = request.local_addr;
  api.tls = request.ssl != nullptr;
  return api;
}

void send(ApiResponse reply, httplib::Response& response) {
  response.status = reply.status;
  for (const auto& [name, value] : reply.headers) response.set_header(name, value);
  if (reply.embedded_body.empty()) {
    if (reply.body.size() >= kLargeAnswerBytes) t_large_answer = true;
    // Moved, not copied as set_content would: an export can be megabytes.
    response.body = std::move(reply.body);
    response.set_header("Content-Type", reply.content_type);
    return;
  }
  // Embedded bytes (the front end) live as long as the program: handed over
  // through a sized content provider so the library sends the stored gzip
  // bytes as they are instead of copying or compressing them again.
  const auto body = reply.embedded_body;
  response.set_content_provider(body.size(), reply.content_type,
                                [body](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
                                  return sink.write(body.data() + offset, length);
                                });
}

int listen(const ServerOptions& options, const HttpRoutes& routes, std::ostream& out, std::ostream& err) {
  // SIGINT and SIGTERM are waited for on one thread (sigwait) instead of in a
  // handler, so stopping can call into the server safely. Blocked before any
  // worker thread starts, so every thread inherits the mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  // A browser closing a connection mid-answer must not end the server.
  std::signal(SIGPIPE, SIG_IGN);

  // On the network the server speaks HTTPS (server/tls/certificate.hpp): the
  // person's certificate, or the self-signed one kept in the data folder.
  tls::Certificate certificate;
  if (routes.tls) {
    const auto now = std::chrono::system_clock::now();
    auto prepared = routes.tls->certificate && routes.tls->key
                        ? tls::load_certificate(*routes.tls->certificate, *routes.tls->key, now)
                        : tls::self_signed_certificate(options.data_dir, routes.tls->names, now);
    if (const auto* failed = std::get_if<tls::CertificateError>(&prepared)) {
      err << "velum serve: " << failed->message << '\n';
      return kExitUnusable;
    }
    certificate = std::get<tls::Certificate>(prepared);
  }

  // Every connection holds a thread while open: ConnectionLimits bounds how
  // long, and past kMaxConnections a connection is refused with this 503.
  BoundedServer http(
      ConnectionLimits{},
      refusal_response(fmt::format("velum is serving as many connections as it can ({})", kMaxConnections),
                       "try again in a moment; close connections you do not use"),
      return_memory_after_large_answer);
  if (routes.tls) {
    if (auto refused = http.serve_tls(certificate.certificate_file, certificate.key_file); !refused.empty()) {
      err << "velum serve: " << refused << '\n';
      return kExitUnusable;
    }
  }
  http.set_tcp_nodelay(true);
  http.new_task_queue = [] { return new ElasticPool(kMaxConnections, kWarmThreads, kIdleThreadLife); };
  http.set_payload_max_length(kMaxBodyBytes);

  // Every request goes to the pipeline (server/pipeline.hpp). Requests that may
  // carry a body get a content reader, so the pipeline's checks run before the
  // body is read and a refused request's body is never parsed.
  const auto without_body = [&routes](const httplib::Request& request, httplib::Response& response) {
    const ReadBody read_body = [&request](std::string& body) -> std::optional<int> {
      body = request.body;
      return std::nullopt;
    };
    send(routes.handle(to_api_request(request), read_body), response);
  };
  const auto with_body = [&routes](const httplib::Request& request, httplib::Response& response,
                                   const httplib::ContentReader& reader) {
    const ReadBody read_body = [&](std::string& body) -> std::optional<int> {
      body.clear();
      // A request with neither header has no body (RFC 9112 section 6.3);
      // reading would wait for one until the read timeout.
      if (!request.has_header("Content-Length") && !request.has_header("Transfer-Encoding")) {
        return std::nullopt;
      }
      // On failure the library has set the status of what went wrong (413 for
      // a body over the limit).
      const auto failed = [&response] {
        return std::optional<int>(response.status >= 400 ? response.status : 400);
      };
      if (request.is_multipart_form_data()) {
        // No route takes a form (every write is JSON or audio): the parts are
        // read and dropped, so the connection stays in step.
        const bool read = reader([](const httplib::MultipartFormData&) { return true; },
                                 [](const char*, std::size_t) { return true; });
        return read ? std::nullopt : failed();
      }
      const bool read = reader([&body](const char* data, std::size_t length) {
        body.append(data, length);
        return true;
      });
      return read ? std::nullopt : failed();
    };
    send(routes.handle(to_api_request(request), read_body), response);
  };
  const char* every_path = ".*";
  http.Get(every_path, without_body);  // GET and HEAD
  http.Options(every_path, without_body);
  http.Delete(every_path, without_body);
  http.Post(every_path, with_body);
  http.Put(every_path, with_body);
  http.Patch(every_path, with_body);
  http.Delete(every_path, with_body);

  // Errors the library answers itself (400 for a request it cannot read, 413
  // for a body over the limit) get the pipeline's error answer; answers the
  // pipeline made already carry a body and are left alone.
  http.set_error_handler([&routes](const httplib::Request& request, httplib::Response& response) {
    if (!response.body.empty()) return;
    send(routes.transport_error(response.status, to_api_request(request)), response);
  });
  http.set_exception_handler([&err, &routes](const httplib::Request& request, httplib::Response& response,
                                             const std::exception_ptr& error) {
    std::string what = "unknown";
    try {
      std::rethrow_exception(error);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    err << fmt::format("velum serve: unexpected error on {} {}: {}\n", request.method, request.path, what);
    send(routes.transport_error(kInternalError, to_api_request(request)), response);
  });

  int port = options.port;
  if (port == 0) {
    port = http.bind_to_any_port(options.host);
    if (port < 0) port = 0;
  } else if (!http.bind_to_port(options.host, port)) {
    port = 0;
  }
  if (port == 0) {
    err << fmt::format(
        "velum serve: cannot listen on {}:{} (in use, or not an address of this machine); "
        "try another --port\n",
        options.host, options.port);
    return kExitUnusable;
  }
  http.set_accept_backlog(static_cast<int>(kMaxConnections));
  const std::string scheme = routes.tls ? "https" : "http";
  // Printed before the address line, which tells a parent process the server is ready.
  if (routes.listening) {
    routes.listening(Listening{scheme, port, certificate.sha256_fingerprint,
                               routes.tls && !routes.tls->certificate.has_value()});
  }
  const std::string shown_host = options.host == "0.0.0.0" ? "127.0.0.1" : options.host;
  out << fmt::format("velum is serving at {}://{}:{}/ (Ctrl+C to stop)", scheme, shown_host, port)
      << std::endl;

  std::atomic<bool> signalled{false};
  std::atomic<bool> listen_returned{false};
  std::thread waiter([&http, &signalled, &listen_returned, stop_signals] {
    int received = 0;
    sigwait(&stop_signals, &received);
    signalled = true;
    // A signal that arrives right after the address is printed can come before
    // the accept loop runs, and stop() does nothing until it does: wait for it.
    constexpr auto kPoll = std::chrono::milliseconds(2);
    while (!http.is_running() && !listen_returned) std::this_thread::sleep_for(kPoll);
    // stop() closes the listening socket; the thread pool then finishes every
    // request already being handled before listen_after_bind returns.
    http.stop();
  });
  http.listen_after_bind();
  listen_returned = true;
  // listen may also end by itself (an accept error): wake the waiter then.
  // The waiter blocks in sigwait for SIGTERM: sending it one is how it wakes,
  // not a way of ending the thread.
  if (!signalled)
    pthread_kill(waiter.native_handle(), SIGTERM);  // NOLINT(bugprone-bad-signal-to-kill-thread)
  waiter.join();
  return kExitOk;
}

}  // namespace
}  // namespace velum::server::detail

// C linkage keeps the name dlsym looks up free of C++ mangling; the type is
// checked against ListenFunction here, where both are visible.
extern "C" __attribute__((visibility("default"))) int velum_http_listen(
    const velum::server::ServerOptions& options, const velum::server::detail::HttpRoutes& routes,
    std::ostream& out, std::ostream& err) {
  static_assert(
      std::is_same_v<decltype(velum::server::detail::listen), velum::server::detail::ListenFunction>);
  return velum::server::detail::listen(options, routes, out, err);
}
