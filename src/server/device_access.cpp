#include "server/device_access.hpp"

#include <fmt/format.h>

#include "server/pairing.hpp"

namespace velum::server {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

const DeviceRefusal kNotPaired{
    "this device is not paired with velum, or its pairing was revoked",
    "open the pairing link shown by `velum serve` on the computer (or scan its QR code)"};

}  // namespace

std::optional<std::string> cookie_value(std::string_view cookie_header, std::string_view name) {
  // RFC 6265 section 5.4: "name=value" pairs separated by "; ".
  while (!cookie_header.empty()) {
    const auto end = cookie_header.find(';');
    const auto pair = trim(cookie_header.substr(0, end));
    cookie_header = end == std::string_view::npos ? std::string_view{} : cookie_header.substr(end + 1);
    const auto equals = pair.find('=');
    if (equals == std::string_view::npos) continue;
    if (trim(pair.substr(0, equals)) == name) return std::string(trim(pair.substr(equals + 1)));
  }
  return std::nullopt;
}

std::string device_cookie(std::string_view token) {
  return fmt::format("{}={}; Max-Age={}; Path=/; Secure; HttpOnly; SameSite=Strict", kDeviceCookieName, token,
                     kDeviceCookieLifetime.count());
}

DeviceAccess::DeviceAccess(std::unique_ptr<journal::DeviceStore> store, journal::Clock clock)
    : store_(std::move(store)), clock_(std::move(clock)) {}

std::variant<journal::Device, DeviceRefusal> DeviceAccess::device_for(
    std::optional<std::string_view> cookie_header) {
  if (!cookie_header) return kNotPaired;
  const auto token = cookie_value(*cookie_header, kDeviceCookieName);
  if (!token || token->empty()) return kNotPaired;
  const auto hash = token_hash(*token);
  const std::lock_guard lock(mutex_);
  auto device = store_->find_by_token_hash(hash);
  // Any failure to read the devices refuses: access fails closed.
  if (!device || device->revoked()) return kNotPaired;
  const auto now = clock_();
  if (now.utc - device->last_seen_at.utc >= kLastSeenResolution) {
    // Not being able to note the time is no reason to refuse a paired device.
    if (store_->mark_seen(device->id, now)) device->last_seen_at = now;
  }
  return *device;
}

velum::Result<std::pair<journal::Device, std::string>> DeviceAccess::pair(std::string_view user_agent) {
  auto token = new_device_token();
  const std::lock_guard lock(mutex_);
  auto device = store_->add_device(device_name_from_user_agent(user_agent), token.hash, clock_());
  if (!device) return device.error();
  return std::pair{std::move(*device), std::move(token.token)};
}

velum::Result<std::vector<journal::Device>> DeviceAccess::devices() {
  const std::lock_guard lock(mutex_);
  return store_->devices();
}

velum::Status DeviceAccess::revoke(std::int64_t id) {
  const std::lock_guard lock(mutex_);
  return store_->revoke(id, clock_());
}

}  // namespace velum::server
