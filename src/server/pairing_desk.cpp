#include "server/pairing_desk.hpp"

#include "journal/store.hpp"
#include "server/network.hpp"

namespace velum::server {

bool from_this_computer(const ApiRequest& request) {
  return is_loopback_request(request.peer_address, request.local_address);
}

PairingDesk::PairingDesk(std::unique_ptr<journal::DeviceStore> devices, journal::Clock clock,
                         PairingLimits limits, SteadyClock steady_clock)
    : limits_(limits),
      pairing_(limits, std::move(steady_clock)),
      devices_(std::move(devices), std::move(clock)) {}

Authentication PairingDesk::authenticate(const ApiRequest& request) {
  const Identity local{std::string(journal::kDefaultUser)};
  if (from_this_computer(request)) return local;
  // The front end's files hold no journal data, and a phone must load the
  // pairing page before it has a cookie.
  const bool reads = request.method == "GET" || request.method == "HEAD";
  if (reads && request.path.rfind("/api/", 0) != 0) return local;
  // The exchange of a code for a cookie cannot need the cookie; the code and
  // its limits guard it.
  if (request.method == "POST" && request.path == "/api/v1/pairing") return local;
  auto device = devices_.device_for(request.header("Cookie"));
  if (auto* refusal = std::get_if<DeviceRefusal>(&device)) {
    ApiResponse refused;
    refused.status = 401;
    refused.body = error_body("credential", refusal->message, refusal->hint);
    return refused;
  }
  return Identity{std::get<journal::Device>(device).user_id};
}

void PairingDesk::set_address(ListeningAddress address) {
  const std::lock_guard lock(address_mutex_);
  address_ = std::move(address);
}

ListeningAddress PairingDesk::address() const {
  const std::lock_guard lock(address_mutex_);
  return address_;
}

}  // namespace velum::server
