#include "network_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <sys/socket.h>

#include <gtest/gtest.h>
#include <httplib.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <regex>

namespace velum::server_test {

namespace {
constexpr int kStartTimeoutMs = 15000;  // making the first certificate takes a moment on a busy machine
}

NetworkServer::NetworkServer(const std::filesystem::path& data_dir,
                             const std::vector<std::string>& arguments) {
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) {
    ADD_FAILURE() << "pipe failed";
    return;
  }
  std::vector<std::string> args{VELUM_BINARY, "serve", "--port", "0", "--data", data_dir.string(), "--init"};
  args.insert(args.end(), arguments.begin(), arguments.end());
  pid_ = fork();
  if (pid_ == 0) {
    dup2(pipe_fds[1], STDOUT_FILENO);
    close(pipe_fds[0]);
    close(pipe_fds[1]);
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    execv(VELUM_BINARY, argv.data());
    _exit(127);
  }
  close(pipe_fds[1]);
  out_fd_ = pipe_fds[0];
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kStartTimeoutMs);
  const std::regex url(R"(velum is serving at (https?)://[^ ]*:(\d+)/)");
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd fd{out_fd_, POLLIN, 0};
    if (poll(&fd, 1, 100) <= 0) continue;
    char buffer[4096];
    const auto got = read(out_fd_, buffer, sizeof buffer);
    if (got <= 0) break;
    printed_.append(buffer, static_cast<std::size_t>(got));
    std::smatch match;
    if (std::regex_search(printed_, match, url)) {
      scheme_ = match[1];
      port_ = std::stoi(match[2]);
      std::smatch found;
      if (std::regex_search(printed_, found, std::regex(R"(pairing code ([0-9A-Z]{4}-[0-9A-Z]{4}))")))
        code_ = found[1];
      if (std::regex_search(printed_, found, std::regex(R"(\n  ((?:[0-9A-F]{2}:){31}[0-9A-F]{2})\n)"))) {
        fingerprint_ = found[1];
      }
      return;
    }
  }
  ADD_FAILURE() << "velum serve printed no URL; it printed: " << printed_;
}

NetworkServer::~NetworkServer() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
  if (out_fd_ >= 0) close(out_fd_);
}

std::unique_ptr<httplib::Client> NetworkServer::client(const std::string& host,
                                                       const std::string& source) const {
  auto client = std::make_unique<httplib::Client>(scheme_ + "://" + host + ":" + std::to_string(port_));
  client->enable_server_certificate_verification(false);
  client->set_read_timeout(10, 0);
  // cpp-httplib binds the socket to this address when it names no interface.
  if (!source.empty()) client->set_interface(source);
  return client;
}

std::string tls_exchange(const std::string& host, int port, const std::string& request, int timeout_ms) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return {};
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, host.c_str(), &address.sin_addr);
  timeval timeout{timeout_ms / 1000, (timeout_ms % 1000) * 1000};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  std::string answer;
  const std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> context(SSL_CTX_new(TLS_client_method()),
                                                                  &SSL_CTX_free);
  const std::unique_ptr<SSL, decltype(&SSL_free)> tls(context ? SSL_new(context.get()) : nullptr, &SSL_free);
  if (tls && connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
    SSL_set_fd(tls.get(), fd);
    if (SSL_connect(tls.get()) == 1 &&
        SSL_write(tls.get(), request.data(), static_cast<int>(request.size())) ==
            static_cast<int>(request.size())) {
      char buffer[4096];
      for (int got = 0; (got = SSL_read(tls.get(), buffer, sizeof buffer)) > 0;) {
        answer.append(buffer, static_cast<std::size_t>(got));
      }
    }
  }
  close(fd);
  return answer;
}

}  // namespace velum::server_test
