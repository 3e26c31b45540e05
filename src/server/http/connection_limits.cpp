#include "server/http/connection_limits.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fmt/format.h>
#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <climits>
#include <nlohmann/json.hpp>
#include <optional>

namespace velum::server::detail {
namespace {

using Clock = std::chrono::steady_clock;

// How often a thread waiting for a request checks whether the server stops.
constexpr auto kStopCheck = std::chrono::milliseconds(100);
// Reads are buffered: the library reads request lines a byte at a time.
constexpr std::size_t kReadBufferBytes = 4096;

thread_local bool t_refusing = false;

// One connection's socket, as the library's request parser reads and writes it,
// with every wait bounded by the connection's limits. With `tls` (an SSL object
// on this socket) the bytes go through OpenSSL; the socket is then non-blocking,
// so a client sending part of a TLS record cannot hold a read past its deadline.
class LimitedStream final : public httplib::Stream {
 public:
  LimitedStream(socket_t socket, const ConnectionLimits& limits, const std::atomic<socket_t>& listening,
                SSL* tls)
      : socket_(socket), limits_(limits), listening_(listening), tls_(tls) {}

  // The TLS handshake, bounded by the request deadline; false when it failed
  // or took too long. Only with `tls`.
  bool accept_tls() {
    const auto deadline = Clock::now() + limits_.request_deadline;
    for (;;) {
      const int accepted = SSL_accept(tls_);
      if (accepted == 1) return true;
      if (!wait_for_tls(SSL_get_error(tls_, accepted), deadline)) return false;
    }
  }

  // Waits up to the keep-alive idle time for the next request's first byte;
  // false when none comes, the client closed, or the server stops.
  bool wait_for_request() {
    if (!has_pending() && !wait(POLLIN, Clock::now() + limits_.keep_alive_idle, true)) return false;
    request_deadline_ = Clock::now() + limits_.request_deadline;
    answer_deadline_.reset();
    return true;
  }

  // True once a request took longer than the request deadline: the library
  // would answer it 400 and read on, so the connection is closed instead.
  bool request_expired() const { return request_expired_; }

  bool is_readable() const override { return has_pending() || wait(POLLIN, read_deadline(), true); }
  bool is_writable() const override { return wait(POLLOUT, write_deadline(), false); }

  ssize_t read(char* into, size_t size) override {
    if (buffered() > 0) return take_buffered(into, size);
    if (!has_pending() && !wait(POLLIN, read_deadline(), true)) {
      if (Clock::now() >= request_deadline_) request_expired_ = true;
      return -1;
    }
    if (size >= kReadBufferBytes) return receive(into, size);
    const auto got = receive(buffer_.data(), buffer_.size());
    if (got <= 0) return got;
    buffer_begin_ = 0;
    buffer_end_ = static_cast<std::size_t>(got);
    return take_buffered(into, size);
  }

  ssize_t write(const char* from, size_t size) override {
    if (request_expired_) return -1;
    if (!answer_deadline_) answer_deadline_ = Clock::now() + limits_.answer_deadline;
    if (!wait(POLLOUT, write_deadline(), false)) return -1;
    if (tls_ != nullptr) return tls_write(from, size);
    ssize_t sent = 0;
    do {
      sent = ::send(socket_, from, size, MSG_NOSIGNAL);
    } while (sent < 0 && errno == EINTR);
    return sent;
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    address_of(&getpeername, ip, port);
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    address_of(&getsockname, ip, port);
  }
  socket_t socket() const override { return socket_; }

 private:
  std::size_t buffered() const { return buffer_end_ - buffer_begin_; }
  // Bytes readable without waiting: in the buffer, or decrypted and held by OpenSSL.
  bool has_pending() const { return buffered() > 0 || (tls_ != nullptr && SSL_pending(tls_) > 0); }

  ssize_t take_buffered(char* into, size_t size) {
    const auto count = std::min(size, buffered());
    std::copy_n(buffer_.data() + buffer_begin_, count, into);
    buffer_begin_ += count;
    return static_cast<ssize_t>(count);
  }

  ssize_t receive(char* into, size_t size) {
    if (tls_ != nullptr) return tls_read(into, size);
    ssize_t got = 0;
    do {
      got = ::recv(socket_, into, size, 0);
    } while (got < 0 && errno == EINTR);
    return got;
  }

  // OpenSSL's reads and writes on the non-blocking socket: each waits, within
  // the connection's deadlines, for what OpenSSL says it needs next.
  ssize_t tls_read(char* into, size_t size) {
    for (;;) {
      const int got = SSL_read(tls_, into, static_cast<int>(std::min<size_t>(size, INT_MAX)));
      if (got > 0) return got;
      const int error = SSL_get_error(tls_, got);
      if (error == SSL_ERROR_ZERO_RETURN) return 0;
      if (!wait_for_tls(error, read_deadline())) return -1;
    }
  }
  ssize_t tls_write(const char* from, size_t size) {
    for (;;) {
      const int sent = SSL_write(tls_, from, static_cast<int>(std::min<size_t>(size, INT_MAX)));
      if (sent > 0) return sent;
      if (!wait_for_tls(SSL_get_error(tls_, sent), write_deadline())) return -1;
    }
  }
  // After SSL_ERROR_WANT_READ or _WANT_WRITE, waits for the socket until
  // `deadline`; false for every other error (the connection is then closed).
  bool wait_for_tls(int error, Clock::time_point deadline) const {
    ERR_clear_error();
    if (error == SSL_ERROR_WANT_READ) return wait(POLLIN, deadline, true);
    if (error == SSL_ERROR_WANT_WRITE) return wait(POLLOUT, deadline, false);
    return false;
  }

  Clock::time_point read_deadline() const {
    return std::min(Clock::now() + limits_.io_timeout, request_deadline_);
  }
  Clock::time_point write_deadline() const {
    const auto whole = answer_deadline_.value_or(Clock::now() + limits_.answer_deadline);
    return std::min(Clock::now() + limits_.io_timeout, whole);
  }

  // Polls for `events` until `deadline`; a read also gives up when the server
  // stops. True when ready (or closed, which the next call then reports).
  bool wait(short events, Clock::time_point deadline, bool reading) const {
    for (;;) {
      const auto now = Clock::now();
      if (now >= deadline) return false;
      if (reading && listening_ == INVALID_SOCKET) return false;
      auto slice = std::chrono::ceil<std::chrono::milliseconds>(deadline - now);
      if (reading) slice = std::min(slice, std::chrono::ceil<std::chrono::milliseconds>(kStopCheck));
      pollfd watched{socket_, events, 0};
      const int ready = ::poll(&watched, 1, static_cast<int>(slice.count()));
      if (ready > 0) return true;
      if (ready < 0 && errno != EINTR) return false;
    }
  }

  template <typename Lookup>
  void address_of(Lookup lookup, std::string& ip, int& port) const {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (lookup(socket_, reinterpret_cast<sockaddr*>(&address), &length) != 0) return;
    std::array<char, INET6_ADDRSTRLEN> text{};
    if (address.ss_family == AF_INET) {
      const auto& v4 = reinterpret_cast<const sockaddr_in&>(address);
      ::inet_ntop(AF_INET, &v4.sin_addr, text.data(), text.size());
      port = ntohs(v4.sin_port);
    } else if (address.ss_family == AF_INET6) {
      const auto& v6 = reinterpret_cast<const sockaddr_in6&>(address);
      ::inet_ntop(AF_INET6, &v6.sin6_addr, text.data(), text.size());
      port = ntohs(v6.sin6_port);
    }
    ip = text.data();
  }

  const socket_t socket_;
  const ConnectionLimits& limits_;
  const std::atomic<socket_t>& listening_;
  SSL* const tls_;
  Clock::time_point request_deadline_ = Clock::now();
  bool request_expired_ = false;
  std::optional<Clock::time_point> answer_deadline_;
  std::array<char, kReadBufferBytes> buffer_{};
  std::size_t buffer_begin_ = 0;
  std::size_t buffer_end_ = 0;
};

}  // namespace

ElasticPool::ElasticPool(std::size_t max_threads, std::size_t warm_threads,
                         std::chrono::milliseconds idle_life)
    : max_threads_(max_threads), warm_threads_(warm_threads), idle_life_(idle_life) {}

ElasticPool::~ElasticPool() { shutdown(); }

bool ElasticPool::refusing() { return t_refusing; }

void ElasticPool::enqueue(std::function<void()> job) {
  join_retired();
  {
    const std::lock_guard lock(mutex_);
    if (!shutdown_ && idle_ > 0) {
      --idle_;
      jobs_.push_back(std::move(job));
      wake_.notify_one();
      return;
    }
    if (!shutdown_ && running_ < max_threads_) {
      ++running_;
      threads_.emplace_back([this, first = std::move(job)]() mutable { work(std::move(first)); });
      return;
    }
  }
  t_refusing = true;
  job();
  t_refusing = false;
}

void ElasticPool::work(std::function<void()> job) {
  for (;;) {
    job();
    job = nullptr;
    std::unique_lock lock(mutex_);
    ++idle_;
    // Whoever takes a queued job takes the promise enqueue made (it already
    // counted one idle thread fewer), so idle_ stays right.
    while (jobs_.empty()) {
      if (shutdown_) {
        --idle_;
        --running_;
        return;
      }
      const bool timed_out = wake_.wait_for(lock, idle_life_) == std::cv_status::timeout;
      if (jobs_.empty() && !shutdown_ && timed_out && running_ > warm_threads_) {
        --idle_;
        --running_;
        retired_.push_back(std::this_thread::get_id());
        return;
      }
    }
    job = std::move(jobs_.front());
    jobs_.pop_front();
  }
}

void ElasticPool::join_retired() {
  std::list<std::thread> ended;
  {
    const std::lock_guard lock(mutex_);
    for (const auto id : retired_) {
      const auto it = std::find_if(threads_.begin(), threads_.end(),
                                   [id](const std::thread& t) { return t.get_id() == id; });
      if (it != threads_.end()) ended.splice(ended.end(), threads_, it);
    }
    retired_.clear();
  }
  for (auto& thread : ended) thread.join();
}

void ElasticPool::shutdown() {
  std::list<std::thread> all;
  {
    const std::lock_guard lock(mutex_);
    shutdown_ = true;
    all.swap(threads_);
    retired_.clear();
  }
  wake_.notify_all();
  for (auto& thread : all) thread.join();
}

BoundedServer::BoundedServer(ConnectionLimits limits, std::string refusal, std::function<void()> after_answer)
    : limits_(limits), refusal_(std::move(refusal)), after_answer_(std::move(after_answer)) {}

void BoundedServer::set_accept_backlog(int connections) {
  // listen() again on a listening socket only changes its backlog.
  if (svr_sock_ != INVALID_SOCKET) ::listen(svr_sock_, connections);
}

bool BoundedServer::process_and_close_socket(socket_t socket) {
  if (ElasticPool::refusing()) {
    // Never waits: the accepting thread runs this.
    [[maybe_unused]] const auto sent =
        ::send(socket, refusal_.data(), refusal_.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    ::shutdown(socket, SHUT_RDWR);
    ::close(socket);
    return false;
  }
  const std::unique_ptr<SSL, decltype(&SSL_free)> tls(tls_ ? SSL_new(tls_.get()) : nullptr, &SSL_free);
  if (tls) {
    ::fcntl(socket, F_SETFL, ::fcntl(socket, F_GETFL) | O_NONBLOCK);
    SSL_set_fd(tls.get(), static_cast<int>(socket));
  }
  LimitedStream stream(socket, limits_, svr_sock_, tls.get());
  bool served = false;
  if (!tls || stream.accept_tls()) {
    // The pipeline reads `ssl` to know the request came over HTTPS.
    const auto mark_tls = [&tls](httplib::Request& request) { request.ssl = tls.get(); };
    for (auto left = limits_.max_requests_per_connection; left > 0 && stream.wait_for_request(); --left) {
      bool closed = false;
      served = process_request(stream, left == 1, closed, mark_tls);
      if (after_answer_) after_answer_();
      if (!served || closed || stream.request_expired()) break;
    }
    // One try at a clean close; a client that does not answer it loses nothing.
    if (tls) SSL_shutdown(tls.get());
  }
  ERR_clear_error();
  ::shutdown(socket, SHUT_RDWR);
  ::close(socket);
  return served;
}

std::string BoundedServer::serve_tls(const std::filesystem::path& certificate_file,
                                     const std::filesystem::path& key_file) {
  std::shared_ptr<SSL_CTX> context(SSL_CTX_new(TLS_server_method()), &SSL_CTX_free);
  if (!context) return "OpenSSL could not start (out of memory?)";
  SSL_CTX_set_min_proto_version(context.get(), TLS1_2_VERSION);
  if (SSL_CTX_use_certificate_chain_file(context.get(), certificate_file.c_str()) != 1 ||
      SSL_CTX_use_PrivateKey_file(context.get(), key_file.c_str(), SSL_FILETYPE_PEM) != 1 ||
      SSL_CTX_check_private_key(context.get()) != 1) {
    std::array<char, 256> reason{};
    ERR_error_string_n(ERR_get_error(), reason.data(), reason.size());
    ERR_clear_error();
    return fmt::format("OpenSSL refused the certificate {} or its key {} ({})", certificate_file.string(),
                       key_file.string(), reason.data());
  }
  tls_ = std::move(context);
  return "";
}

std::string refusal_response(const std::string& message, const std::string& hint) {
  // Built here: the server's error_body is not reachable from the transport object.
  const auto json_body =
      nlohmann::json{{"error", {{"field", nullptr}, {"message", message}, {"hint", hint}}}}.dump();
  return fmt::format(
      "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: {}\r\n"
      "Retry-After: 1\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n{}",
      json_body.size(), json_body);
}

}  // namespace velum::server::detail
