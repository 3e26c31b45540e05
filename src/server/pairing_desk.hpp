#pragma once
// The server's side of pairing devices over the network: the authentication
// step (loopback, or a paired device's cookie) and everything the pairing and
// devices routes share: the code, the devices, the address phones should open.

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "server/authentication.hpp"
#include "server/device_access.hpp"
#include "server/pairing.hpp"
#include "server/request.hpp"

namespace velum::server {

// Where phones reach the server, known once it listens.
struct ListeningAddress {
  std::string base_url;     // "https://192.168.1.5:8737/"; empty when serving loopback only
  std::string fingerprint;  // the certificate's SHA-256 fingerprint; empty without TLS
};

// Thread-safe: every member may be called from any transport thread.
class PairingDesk {
 public:
  PairingDesk(std::unique_ptr<journal::DeviceStore> devices, journal::Clock clock, PairingLimits limits,
              SteadyClock steady_clock);

  // The authentication step: a request from this computer (is_loopback_request)
  // acts for the journal's user with no credential; from anywhere else it
  // needs a paired device's cookie (401 otherwise), except the pairing
  // exchange itself (POST /api/v1/pairing), which the code guards, and the
  // front end's files (GET or HEAD outside /api/), which hold no journal data.
  Authentication authenticate(const ApiRequest& request);

  void set_address(ListeningAddress address);
  ListeningAddress address() const;

  Pairing& pairing() { return pairing_; }
  DeviceAccess& devices() { return devices_; }
  std::chrono::seconds code_lifetime() const { return limits_.code_lifetime; }

 private:
  const PairingLimits limits_;
  Pairing pairing_;
  DeviceAccess devices_;
  mutable std::mutex address_mutex_;
  ListeningAddress address_;
};

// True when the request came from this computer to a loopback address.
bool from_this_computer(const ApiRequest& request);

}  // namespace velum::server
