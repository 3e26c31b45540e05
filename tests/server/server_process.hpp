#pragma once
// Test helper: runs `velum serve --port 0 --data DIR` as a child process, reads
// the port it printed, and gives an HTTP client for it; kills it on destruction.

#include <sys/types.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace httplib {
class Client;
}

namespace velum::server_test {

class ServerProcess {
 public:
  // Starts the server on a free port over the journal in `data_dir`, with
  // `extra_arguments` after the usual ones; fails the current test
  // (ADD_FAILURE) when no URL line appears within a few seconds.
  explicit ServerProcess(const std::filesystem::path& data_dir,
                         std::vector<std::string> extra_arguments = {});
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

// Sends `request` as it is (bytes, for requests an HTTP client would not
// write) to 127.0.0.1:port and returns everything the server sent back until
// it closed the connection or `timeout_ms` passed.
std::string raw_exchange(int port, const std::string& request, int timeout_ms = 3000);

// The status code on the first line of a raw answer, or -1.
int status_of(const std::string& raw_answer);

// A fresh empty folder under the system temp directory, removed by the caller.
std::filesystem::path fresh_folder(const std::string& name);

}  // namespace velum::server_test
