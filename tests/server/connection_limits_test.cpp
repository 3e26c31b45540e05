// Idle, slow and surplus connections cannot starve `velum serve`: a fresh
// client is answered while 100 idle and 50 trickling (slowloris) connections
// are open, idle connections are closed after kKeepAliveIdle, a request
// trickling in is cut off at kRequestDeadline, and beyond kMaxConnections a
// connection is refused at once with 503. Over HTTPS the same holds: a TLS
// handshake that stalls, or a TLS record sent in part, is cut off at the
// request deadline.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "network_server.hpp"
#include "server/server.hpp"
#include "server_process.hpp"

namespace velum::server_test {
namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

// A raw TCP connection to `host`:port (closed on destruction), or -1.
class RawConnection {
 public:
  explicit RawConnection(int port, const char* host = "127.0.0.1") : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    ::inet_pton(AF_INET, host, &address.sin_addr);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
      ::close(fd_);
      fd_ = -1;
    }
  }
  RawConnection(RawConnection&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;
  ~RawConnection() {
    if (fd_ >= 0) ::close(fd_);
  }
  bool connected() const { return fd_ >= 0; }
  bool send_text(const std::string& text) const {
    return ::send(fd_, text.data(), text.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(text.size());
  }
  // True once the server has closed the connection (end of stream or reset).
  bool closed_by_server() const {
    pollfd watched{fd_, POLLIN, 0};
    if (::poll(&watched, 1, 0) <= 0) return false;
    char byte = 0;
    return ::recv(fd_, &byte, 1, MSG_PEEK | MSG_DONTWAIT) <= 0;
  }
  // Everything the server sends until it closes, waiting at most `limit`.
  std::string read_all(std::chrono::milliseconds limit) const {
    std::string text;
    const auto deadline = Clock::now() + limit;
    while (Clock::now() < deadline) {
      pollfd watched{fd_, POLLIN, 0};
      if (::poll(&watched, 1, 50) <= 0) continue;
      char buffer[1024];
      const auto got = ::recv(fd_, buffer, sizeof buffer, 0);
      if (got <= 0) break;
      text.append(buffer, static_cast<std::size_t>(got));
    }
    return text;
  }

 private:
  int fd_ = -1;
};

// How long after `start` the server closed `connection`, checking every 50 ms
// up to `limit` (which is returned when it never did).
std::chrono::milliseconds time_until_closed(const RawConnection& connection, Clock::time_point start,
                                            std::chrono::milliseconds limit,
                                            const std::function<void()>& each_tick = {}) {
  while (Clock::now() - start < limit) {
    if (connection.closed_by_server()) {
      return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
    }
    if (each_tick) each_tick();
    std::this_thread::sleep_for(50ms);
  }
  return limit;
}

class Connections : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = fresh_folder("connections");
    server_ = std::make_unique<ServerProcess>(folder_);
    ASSERT_TRUE(server_->started());
  }
  void TearDown() override {
    server_.reset();
    std::filesystem::remove_all(folder_);
  }

  std::filesystem::path folder_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(Connections, AFreshClientIsAnsweredWhileManyIdleAndTricklingConnectionsAreOpen) {
  constexpr int kIdle = 100;
  constexpr int kTrickling = 50;
  std::vector<RawConnection> idle;
  std::vector<RawConnection> trickling;
  for (int i = 0; i < kIdle; ++i) idle.emplace_back(server_->port());
  for (int i = 0; i < kTrickling; ++i) {
    trickling.emplace_back(server_->port());
    trickling.back().send_text("GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
  }
  // One more byte a second on every trickling connection, as slowloris does.
  std::atomic<bool> stop{false};
  std::thread trickle([&] {
    while (!stop) {
      for (auto& connection : trickling) connection.send_text("x");
      for (int i = 0; i < 20 && !stop; ++i) std::this_thread::sleep_for(50ms);
    }
  });
  for (const auto& connection : idle) EXPECT_TRUE(connection.connected());

  // Each request on a new connection, so every one needs a thread of its own.
  constexpr int kRequests = 20;
  for (int i = 0; i < kRequests; ++i) {
    auto client = server_->client();
    client->set_connection_timeout(10, 0);
    const auto answer = client->Get("/api/v1/health");
    ASSERT_TRUE(answer) << "request " << i
                        << " got no answer within 10 s: " << httplib::to_string(answer.error());
    EXPECT_EQ(answer->status, 200) << answer->body;
  }
  stop = true;
  trickle.join();
}

TEST_F(Connections, AnIdleConnectionIsClosedAfterTheKeepAliveIdleTime) {
  const auto start = Clock::now();
  RawConnection never_asks(server_->port());
  RawConnection asked_once(server_->port());
  ASSERT_TRUE(asked_once.send_text("GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
  const auto idle = std::chrono::duration_cast<std::chrono::milliseconds>(server::kKeepAliveIdle);
  constexpr auto kSlack = 3000ms;
  const auto never_closed_after = time_until_closed(never_asks, start, idle + kSlack);
  EXPECT_GE(never_closed_after, idle - 500ms);
  EXPECT_LT(never_closed_after, idle + kSlack) << "an idle connection was never closed";
  // The answered connection was kept alive after its answer, then closed as idle.
  const auto answer = asked_once.read_all(1000ms);
  EXPECT_NE(answer.find("HTTP/1.1 200"), std::string::npos) << answer;
  EXPECT_TRUE(asked_once.closed_by_server());
}

TEST_F(Connections, ARequestTricklingInIsCutOffAtTheRequestDeadline) {
  RawConnection slow(server_->port());
  const auto start = Clock::now();
  ASSERT_TRUE(slow.send_text("GET /api/v1/health HTTP/1.1\r\nX-Slow: "));
  auto last_byte = start;
  const auto deadline = std::chrono::duration_cast<std::chrono::milliseconds>(server::kRequestDeadline);
  constexpr auto kSlack = 3000ms;
  const auto cut_after = time_until_closed(slow, start, deadline + kSlack, [&] {
    // A byte a second: each well within the wait for a single byte.
    if (Clock::now() - last_byte >= 1s) {
      slow.send_text("x");
      last_byte = Clock::now();
    }
  });
  EXPECT_GE(cut_after, deadline - 500ms);
  EXPECT_LT(cut_after, deadline + kSlack) << "a request sent a byte a second was never cut off";
}

TEST_F(Connections, AConnectionBeyondTheCapIsRefusedAtOnceWith503) {
  std::vector<RawConnection> held;
  for (std::size_t i = 0; i < server::kMaxConnections; ++i) {
    held.emplace_back(server_->port());
    ASSERT_TRUE(held.back().connected()) << "connection " << i;
  }
  // Every held connection must have its thread before the next one arrives.
  std::this_thread::sleep_for(1000ms);
  RawConnection surplus(server_->port());
  const auto refusal = surplus.read_all(3000ms);
  EXPECT_NE(refusal.find("HTTP/1.1 503"), std::string::npos) << refusal;
  EXPECT_NE(refusal.find("Retry-After: 1"), std::string::npos) << refusal;
  EXPECT_NE(refusal.find("as many connections as it can"), std::string::npos) << refusal;
  held.clear();
  // Once they are gone the server serves again.
  auto client = server_->client();
  std::optional<int> status;
  for (int attempt = 0; attempt < 50 && !status; ++attempt) {
    if (auto answer = client->Get("/api/v1/health"); answer && answer->status == 200)
      status = 200;
    else
      std::this_thread::sleep_for(100ms);
  }
  EXPECT_EQ(status, 200);
}

TEST(TlsConnections, StalledHandshakesAreCutOffWhileAFreshClientIsAnswered) {
  const auto folder = fresh_folder("tls-connections");
  {
    constexpr const char* kNetworkHost = "127.0.0.2";
    NetworkServer server(folder, {"--host", kNetworkHost});
    ASSERT_TRUE(server.started());
    ASSERT_EQ(server.scheme(), "https");
    const auto start = Clock::now();
    constexpr int kSilent = 30;
    constexpr int kPartial = 20;
    std::vector<RawConnection> stalled;
    for (int i = 0; i < kSilent; ++i) stalled.emplace_back(server.port(), kNetworkHost);
    for (int i = 0; i < kPartial; ++i) {
      stalled.emplace_back(server.port(), kNetworkHost);
      // A TLS handshake record announcing 512 bytes, of which 4 ever come.
      stalled.back().send_text(std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc", 9));
    }
    for (int i = 0; i < 5; ++i) {
      auto client = server.client(kNetworkHost);
      client->set_connection_timeout(5, 0);
      const auto answer = client->Get("/");
      ASSERT_TRUE(answer) << "request " << i << ": " << httplib::to_string(answer.error());
      EXPECT_EQ(answer->status, 200);
    }
    const auto deadline = std::chrono::duration_cast<std::chrono::milliseconds>(server::kRequestDeadline);
    constexpr auto kSlack = 3000ms;
    for (const auto& connection : stalled) {
      const auto closed_after = time_until_closed(connection, start, deadline + kSlack);
      EXPECT_LT(closed_after, deadline + kSlack) << "a stalled TLS handshake was never cut off";
    }
  }
  std::filesystem::remove_all(folder);
}

}  // namespace
}  // namespace velum::server_test
