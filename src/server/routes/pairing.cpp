// /api/v1/pairing and /api/v1/devices: a phone exchanges the one-time code for
// its device cookie; this computer (loopback only) sees the code, makes a new
// one, lists devices and revokes them. /api/v1/access says who is asking.

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "server/pairing_banner.hpp"
#include "server/pairing_desk.hpp"
#include "server/qr.hpp"
#include "server/routes/routes.hpp"

namespace velum::server::routes {
namespace {

constexpr int kUnauthorized = 401;
constexpr int kForbidden = 403;
constexpr int kTooManyRequests = 429;

json device_json(const journal::Device& device) {
  return {{"id", device.id},
          {"name", device.name},
          {"paired_at", journal::to_iso8601(device.paired_at)},
          {"last_seen_at", journal::to_iso8601(device.last_seen_at)},
          {"revoked_at", device.revoked_at ? json(journal::to_iso8601(*device.revoked_at)) : json(nullptr)}};
}

std::optional<ApiResponse> only_this_computer(const ApiRequest& request) {
  if (from_this_computer(request)) return std::nullopt;
  return reply(
      Failure{kForbidden, "caller", "devices and pairing codes are managed from the computer velum runs on",
              "open the Devices page there (http://127.0.0.1:PORT/#/devices) or use `velum devices`"});
}

json pairing_state(PairingDesk& desk) {
  const auto address = desk.address();
  json state{{"network", !address.base_url.empty()},
             {"code", nullptr},
             {"url", nullptr},
             {"expires_in_seconds", 0},
             {"fingerprint", address.fingerprint.empty() ? json(nullptr) : json(address.fingerprint)}};
  if (address.base_url.empty()) return state;
  if (auto code = desk.pairing().current_code()) {
    state["code"] = display_code(code->code);
    state["url"] = pairing_url(address.base_url, code->code);
    const auto left =
        std::chrono::ceil<std::chrono::seconds>(code->expires_at - std::chrono::steady_clock::now());
    state["expires_in_seconds"] = std::max<std::int64_t>(0, left.count());
  }
  return state;
}

}  // namespace

void add_pairing_routes(RouteTable& table, PairingDesk& desk) {
  table.add("POST", "/api/v1/pairing", [&desk](const RouteCall& call) {
    return with_object(call.request, [&](const json& body) {
      Fields fields{body, "", std::nullopt};
      const auto code = fields.required_text("code", "ABCD-EFGH");
      if (fields.failure) return reply(*fields.failure);
      const auto attempt = desk.pairing().exchange(code, call.request.peer_address);
      switch (attempt.outcome) {
        case PairingOutcome::kRateLimited: {
          auto refused =
              reply(Failure{kTooManyRequests, "code", "too many pairing tries from this device",
                            fmt::format("wait {} seconds, then try again", attempt.retry_after.count())});
          refused.headers["Retry-After"] = std::to_string(attempt.retry_after.count());
          return refused;
        }
        case PairingOutcome::kNoCode:
          return reply(
              Failure{kForbidden, "code",
                      "no pairing code is waiting: it was used, has expired or was tried wrongly too often",
                      "make a new code on the computer (Devices page, or start velum serve --lan again)"});
        case PairingOutcome::kWrongCode:
          return reply(
              Failure{kForbidden, "code", "this pairing code is not the one velum shows",
                      attempt.tries_left > 0
                          ? fmt::format("check the code on the computer ({} tries left)", attempt.tries_left)
                          : std::string("that was the last try: make a new code on the computer")});
        case PairingOutcome::kPaired:
          break;
      }
      const auto user_agent = call.request.header("User-Agent").value_or("");
      auto paired = desk.devices().pair(user_agent);
      if (!paired) return reply(store_failure(paired.error()));
      auto answer = reply(kCreated, json{{"device", device_json(paired->first)}});
      answer.headers["Set-Cookie"] = device_cookie(paired->second);
      return answer;
    });
  });
  table.add("GET", "/api/v1/access", [&desk](const RouteCall& call) {
    if (from_this_computer(call.request))
      return reply(kOk, json{{"caller", "this-computer"}, {"device", nullptr}});
    auto device = desk.devices().device_for(call.request.header("Cookie"));
    if (auto* refusal = std::get_if<DeviceRefusal>(&device)) {
      return reply(Failure{kUnauthorized, "credential", refusal->message, refusal->hint});
    }
    return reply(kOk, json{{"caller", "device"}, {"device", device_json(std::get<journal::Device>(device))}});
  });
  table.add("GET", "/api/v1/pairing", [&desk](const RouteCall& call) {
    if (auto refused = only_this_computer(call.request)) return *refused;
    return reply(kOk, pairing_state(desk));
  });
  table.add("POST", "/api/v1/pairing/code", [&desk](const RouteCall& call) {
    if (auto refused = only_this_computer(call.request)) return *refused;
    if (desk.address().base_url.empty()) {
      return reply(Failure{kConflict, "network",
                           "velum is serving this computer only, so there is nothing to pair with",
                           "start it with velum serve --lan"});
    }
    desk.pairing().new_code();
    return reply(kOk, pairing_state(desk));
  });
  table.add("GET", "/api/v1/pairing/qr.svg", [&desk](const RouteCall& call) {
    if (auto refused = only_this_computer(call.request)) return *refused;
    const auto address = desk.address();
    const auto code = desk.pairing().current_code();
    if (address.base_url.empty() || !code) {
      return reply(Failure{kNotFound, "code", "no pairing code is waiting", "make a new code first"});
    }
    const auto matrix = encode_qr(pairing_url(address.base_url, code->code));
    if (!matrix)
      return reply(Failure{kInternalError, "code", "the pairing link is too long for a QR code",
                           "open the link instead"});
    ApiResponse svg;
    svg.body = qr_to_svg(*matrix);
    svg.content_type = "image/svg+xml";
    return svg;
  });
  table.add("GET", "/api/v1/devices", [&desk](const RouteCall& call) {
    if (auto refused = only_this_computer(call.request)) return *refused;
    auto devices = desk.devices().devices();
    if (!devices) return reply(store_failure(devices.error()));
    json list = json::array();
    for (const auto& device : *devices) list.push_back(device_json(device));
    return reply(kOk, json{{"devices", list}});
  });
  table.add("DELETE", "/api/v1/devices/{id}", [&desk](const RouteCall& call) {
    if (auto refused = only_this_computer(call.request)) return *refused;
    const auto& text = call.parameter("id");
    std::int64_t id = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (text.empty() || ec != std::errc{} || ptr != text.data() + text.size() || id < 1) {
      return reply(Failure{kNotFound, "device", fmt::format("there is no device {}", text),
                           "GET /api/v1/devices lists them"});
    }
    if (auto revoked = desk.devices().revoke(id); !revoked)
      return reply(store_failure(revoked.error(), "device"));
    auto devices = desk.devices().devices();
    if (!devices) return reply(store_failure(devices.error()));
    for (const auto& device : *devices) {
      if (device.id == id) return reply(kOk, json{{"device", device_json(device)}});
    }
    return reply(Failure{kNotFound, "device", fmt::format("there is no device {}", id),
                         "GET /api/v1/devices lists them"});
  });
}

}  // namespace velum::server::routes
