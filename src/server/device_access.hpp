#pragma once
// Devices paired over the network, as the server's authentication step sees
// them: the cookie that carries a device's token, and the check of that token
// against the journal's devices table (a revoked device is refused at once).

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "journal/devices.hpp"
#include "journal/time.hpp"

namespace velum::server {

// The __Host- prefix makes browsers keep the cookie only when it is Secure,
// has Path=/ and no Domain: no other host or path can set or shadow it.
inline constexpr std::string_view kDeviceCookieName = "__Host-velum-device";
// Chrome caps a cookie's lifetime at 400 days; a paired phone stays paired
// that long without being used, and revocation ends it sooner.
inline constexpr std::chrono::seconds kDeviceCookieLifetime{400LL * 24 * 60 * 60};
// A device's last-seen time is written at most this often, so requests from a
// paired phone do not each write to the journal.
inline constexpr std::chrono::seconds kLastSeenResolution{60};

// The value of cookie `name` in a Cookie request header ("a=1; b=2"), or
// nullopt. When the name appears twice the first is taken, as browsers send
// the most specific first. Pure; thread-safe.
std::optional<std::string> cookie_value(std::string_view cookie_header, std::string_view name);

// The Set-Cookie value that gives a device its token: HttpOnly (no script
// reads it), Secure (HTTPS only), SameSite=Strict (no other site's page sends
// it), Path=/. Pure; thread-safe.
std::string device_cookie(std::string_view token);

// Why a request with no usable device credential is refused (always 401).
struct DeviceRefusal {
  std::string message;
  std::string hint;
};

// The paired devices of one journal. Thread-safe: calls are serialised.
class DeviceAccess {
 public:
  DeviceAccess(std::unique_ptr<journal::DeviceStore> store, journal::Clock clock);

  // The active device whose token `cookie_header` (the Cookie header, if any)
  // carries, noting that it was seen; a refusal when there is no cookie, the
  // token is unknown (another journal's, or made up) or the device is revoked.
  std::variant<journal::Device, DeviceRefusal> device_for(std::optional<std::string_view> cookie_header);

  // Pairs a new device named from its User-Agent: the stored device and the
  // token to hand it (in device_cookie), which is not kept anywhere.
  velum::Result<std::pair<journal::Device, std::string>> pair(std::string_view user_agent);

  velum::Result<std::vector<journal::Device>> devices();
  // Ends a device's access from its next request on. kNotFound for an unknown id.
  velum::Status revoke(std::int64_t id);

 private:
  std::mutex mutex_;
  std::unique_ptr<journal::DeviceStore> store_;
  const journal::Clock clock_;
};

}  // namespace velum::server
