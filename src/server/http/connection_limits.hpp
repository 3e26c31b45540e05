#pragma once
// What keeps slow, idle or too many connections from starving `velum serve`:
// cpp-httplib gives each connection a thread for its whole life, so the time a
// connection may hold one is bounded here, and threads grow with connections up
// to a cap beyond which a connection is refused at once with a 503.

#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "server/server.hpp"

namespace velum::server::detail {

// The bounds every connection is served under (server/server.hpp says why
// each default was chosen).
struct ConnectionLimits {
  // A connection with no request in progress is closed after this long without a byte.
  std::chrono::milliseconds keep_alive_idle = kKeepAliveIdle;
  // A request (line, headers, body) must arrive whole within this long of its first byte.
  std::chrono::milliseconds request_deadline = kRequestDeadline;
  // An answer must be taken by the client within this long of its first byte.
  std::chrono::milliseconds answer_deadline = kAnswerDeadline;
  // Longest wait for the next byte of a request, or for room to write the answer.
  std::chrono::milliseconds io_timeout = kIoTimeout;
  // Requests served on one connection before it is closed.
  std::size_t max_requests_per_connection = kMaxRequestsPerConnection;
};

// A thread per connection, started when a connection arrives and no thread is
// idle, up to `max_threads`; a thread idle for `idle_life` ends unless it is one
// of the first `warm_threads`. A connection arriving while all `max_threads` are
// busy is refused: its job runs at once on the accepting thread with
// `refusing()` true. enqueue is called by the library's accepting thread only;
// shutdown runs the queued jobs and joins every thread.
class ElasticPool final : public httplib::TaskQueue {
 public:
  ElasticPool(std::size_t max_threads, std::size_t warm_threads, std::chrono::milliseconds idle_life);
  ~ElasticPool() override;
  ElasticPool(const ElasticPool&) = delete;
  ElasticPool& operator=(const ElasticPool&) = delete;

  void enqueue(std::function<void()> job) override;
  void shutdown() override;

  // True on a thread running a job the pool refused.
  static bool refusing();

 private:
  void work(std::function<void()> first_job);
  void join_retired();

  const std::size_t max_threads_;
  const std::size_t warm_threads_;
  const std::chrono::milliseconds idle_life_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::list<std::function<void()>> jobs_;  // each promised to an idle thread
  std::list<std::thread> threads_;         // started, not yet joined
  std::list<std::thread::id> retired_;     // ended through idleness, to be joined
  std::size_t running_ = 0;                // threads that have not ended
  std::size_t idle_ = 0;                   // waiting threads no queued job is promised to
  bool shutdown_ = false;
};

// cpp-httplib's server with each connection served under ConnectionLimits
// (its own keep-alive loop and socket reads and writes: the library's bound only
// the wait for each single byte, so a client sending one byte every few seconds
// held a thread for ever), and a refused connection answered with `refusal`,
// a complete HTTP response. With serve_tls, every connection speaks TLS under
// the same limits (the TLS handshake counts as part of the first request).
// Thread-safe as httplib::Server is.
class BoundedServer final : public httplib::Server {
 public:
  // `after_answer` runs on the connection's thread after each answer is sent
  // and the request and answer are freed (e.g. to hand memory back).
  BoundedServer(ConnectionLimits limits, std::string refusal, std::function<void()> after_answer);

  // Call after binding: lets up to `connections` wait to be accepted. The
  // library listens with a backlog of 5, so a burst of connections (200
  // clients, or a browser opening six at once under load) had connection
  // requests dropped and retried by the client a second later.
  void set_accept_backlog(int connections);

  // Call before listening: serve HTTPS with this certificate (chain) and key,
  // both PEM. TLS 1.2 or newer. Returns "" or one sentence saying why OpenSSL
  // refused them.
  std::string serve_tls(const std::filesystem::path& certificate_file, const std::filesystem::path& key_file);

 private:
  bool process_and_close_socket(socket_t socket) override;

  const ConnectionLimits limits_;
  std::shared_ptr<SSL_CTX> tls_;
  const std::string refusal_;
  const std::function<void()> after_answer_;
};

// The 503 a refused connection gets: the API's error body (docs/api.md,
// "Errors") with `message` and `hint`, Retry-After and Connection: close.
std::string refusal_response(const std::string& message, const std::string& hint);

}  // namespace velum::server::detail
