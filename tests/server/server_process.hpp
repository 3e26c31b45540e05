#pragma once
// Test helper: runs `velum serve --port 0 --data DIR` as a child process, reads
// the port it printed, and gives an HTTP client for it; kills it on destruction.

#include <sys/types.h>

#include <filesystem>
#include <memory>
#include <string>

namespace httplib {
class Client;
}

namespace velum::server_test {

class ServerProcess {
 public:
  // Starts the server on a free port over the journal in `data_dir`; fails the
  // current test (ADD_FAILURE) when no URL line appears within a few seconds.
  explicit ServerProcess(const std::filesystem::path& data_dir);
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  bool started() const { return port_ > 0; }
  // A new client bound to 127.0.0.1:port.
  std::unique_ptr<httplib::Client> client() const;
  // Sends `signal` and waits; returns the exit status (or 128 + signal).
  int stop(int signal);

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  int out_fd_ = -1;
};

// A fresh empty folder under the system temp directory, removed by the caller.
std::filesystem::path fresh_folder(const std::string& name);

}  // namespace velum::server_test
