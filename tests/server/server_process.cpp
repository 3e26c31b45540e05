#include "server_process.hpp"

#include <gtest/gtest.h>
#include <httplib.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <random>
#include <regex>
#include <thread>

namespace velum::server_test {

namespace {
constexpr int kStartTimeoutMs = 10000;
}

ServerProcess::ServerProcess(const std::filesystem::path& data_dir) {
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) {
    ADD_FAILURE() << "pipe failed";
    return;
  }
  pid_ = fork();
  if (pid_ == 0) {
    dup2(pipe_fds[1], STDOUT_FILENO);
    close(pipe_fds[0]);
    close(pipe_fds[1]);
    const std::string data = data_dir.string();
    execl(VELUM_BINARY, VELUM_BINARY, "serve", "--port", "0", "--data", data.c_str(), "--init",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  close(pipe_fds[1]);
  out_fd_ = pipe_fds[0];
  std::string printed;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kStartTimeoutMs);
  const std::regex url(R"(http://127\.0\.0\.1:(\d+)/)");
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd fd{out_fd_, POLLIN, 0};
    if (poll(&fd, 1, 100) <= 0) continue;
    char buffer[256];
    const auto got = read(out_fd_, buffer, sizeof buffer);
    if (got <= 0) break;
    printed.append(buffer, static_cast<std::size_t>(got));
    std::smatch match;
    if (std::regex_search(printed, match, url)) {
      port_ = std::stoi(match[1]);
      return;
    }
  }
  ADD_FAILURE() << "velum serve printed no URL; it printed: " << printed;
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) stop(SIGKILL);
  if (out_fd_ >= 0) close(out_fd_);
}

std::unique_ptr<httplib::Client> ServerProcess::client() const {
  auto client = std::make_unique<httplib::Client>("127.0.0.1", port_);
  client->set_read_timeout(10, 0);
  return client;
}

int ServerProcess::stop(int signal) {
  if (pid_ <= 0) return -1;
  kill(pid_, signal);
  // A server that ignores the signal must fail the test, not hang it.
  constexpr auto kGrace = std::chrono::seconds(10);
  const auto deadline = std::chrono::steady_clock::now() + kGrace;
  int status = 0;
  while (waitpid(pid_, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      ADD_FAILURE() << "the server did not stop within 10 s of signal " << signal;
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
      pid_ = -1;
      return -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::filesystem::path fresh_folder(const std::string& name) {
  std::random_device random;
  auto folder =
      std::filesystem::temp_directory_path() / ("velum-server-test-" + name + "-" + std::to_string(random()));
  std::filesystem::create_directories(folder);
  return folder;
}

}  // namespace velum::server_test
