#pragma once
// Test helper: runs `velum serve` listening beyond loopback (--host 127.0.0.2,
// standing in for a network address, or --lan) as a child process, reads the
// URL, pairing code and certificate fingerprint it prints, and gives HTTPS
// clients that come from a chosen source address. Kills it on destruction.

#include <sys/types.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace httplib {
class Client;
}

namespace velum::server_test {

class NetworkServer {
 public:
  // Starts `velum serve --port 0 --data data_dir` with `arguments` (e.g.
  // {"--host", "127.0.0.2"}); fails the current test when no URL appears.
  NetworkServer(const std::filesystem::path& data_dir, const std::vector<std::string>& arguments);
  ~NetworkServer();
  NetworkServer(const NetworkServer&) = delete;
  NetworkServer& operator=(const NetworkServer&) = delete;

  bool started() const { return port_ > 0; }
  int port() const { return port_; }
  const std::string& scheme() const { return scheme_; }  // "https" or "http"
  const std::string& code() const { return code_; }      // "ABCD-EFGH", or "" when none was printed
  const std::string& fingerprint() const { return fingerprint_; }
  const std::string& printed() const { return printed_; }  // everything printed up to the URL line

  // A client to `host`:port (https when the server speaks it, without
  // checking the certificate: the tests play an attacker who accepts any),
  // whose connections come from `source` (a 127.x.y.z address) when not empty.
  std::unique_ptr<httplib::Client> client(const std::string& host, const std::string& source = "") const;

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  int out_fd_ = -1;
  std::string scheme_;
  std::string code_;
  std::string fingerprint_;
  std::string printed_;
};

// Sends `request` as it is over TLS to `host`:port (any certificate accepted)
// and returns everything the server answers until it closes or `timeout_ms`
// passes; "" when no TLS connection could be made. For requests no HTTP client
// library would send (a missing or doubled Host, an absolute target).
std::string tls_exchange(const std::string& host, int port, const std::string& request,
                         int timeout_ms = 3000);

}  // namespace velum::server_test
