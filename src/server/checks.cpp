#include "server/checks.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "base/utf8.hpp"

namespace velum::server {
namespace {

constexpr int kBadRequest = 400;
constexpr int kForbidden = 403;
constexpr int kUnsupportedMediaType = 415;
constexpr int kMisdirected = 421;
constexpr std::size_t kMaxPortDigits = 5;
constexpr std::string_view kApiPrefix = "/api/";

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool all_of(std::string_view text, bool (*allowed)(unsigned char)) {
  return std::all_of(text.begin(), text.end(),
                     [allowed](char c) { return allowed(static_cast<unsigned char>(c)); });
}

bool is_digit(unsigned char c) { return std::isdigit(c) != 0; }
bool is_name_char(unsigned char c) { return std::isalnum(c) != 0 || c == '-' || c == '.' || c == '_'; }
bool is_ipv6_char(unsigned char c) { return std::isxdigit(c) != 0 || c == ':' || c == '.'; }

ApiResponse refusal(int status, const std::string& field, const std::string& message,
                    const std::string& hint) {
  ApiResponse response;
  response.status = status;
  response.body = error_body(field, message, hint);
  return response;
}

// A client value shown in an error, cut short and made printable.
std::string shown(std::string_view value) { return printable_excerpt(value); }

}  // namespace

std::optional<std::string> host_name_of(std::string_view host_header) {
  std::string_view host = host_header;
  std::string_view port;
  if (!host.empty() && host.front() == '[') {
    const auto close = host.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    const auto rest = host.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') return std::nullopt;
    if (!rest.empty()) port = rest.substr(1);
    host = host.substr(0, close + 1);
    const auto inside = host.substr(1, host.size() - 2);
    if (inside.empty() || !all_of(inside, is_ipv6_char)) return std::nullopt;
  } else {
    const auto colon = host.find(':');
    if (colon != std::string_view::npos) {
      port = host.substr(colon + 1);
      host = host.substr(0, colon);
    }
    if (!host.empty() && host.back() == '.') host.remove_suffix(1);
    if (host.empty() || !all_of(host, is_name_char)) return std::nullopt;
  }
  if (port.size() > kMaxPortDigits || !all_of(port, is_digit)) return std::nullopt;
  return lower(host);
}

std::vector<std::string> allowed_host_names(const std::vector<std::string>& extra) {
  std::vector<std::string> names{"localhost", "127.0.0.1", "[::1]"};
  for (const auto& name : extra) {
    // A bare IPv6 address (from --host ::1) is written in brackets in a Host header.
    const bool bare_ipv6 = name.find(':') != std::string::npos && name.front() != '[';
    const auto normal = host_name_of(bare_ipv6 ? "[" + name + "]" : name);
    if (normal && std::find(names.begin(), names.end(), *normal) == names.end()) names.push_back(*normal);
  }
  return names;
}

std::optional<ApiResponse> check_host(const ApiRequest& request, const std::vector<std::string>& allowed) {
  const std::string hint =
      "open velum at http://127.0.0.1 or http://localhost with its port; to reach it by another "
      "name, start it with velum serve --allowed-host NAME";
  if (request.target.empty() || (request.target.front() != '/' && request.target != "*")) {
    return refusal(
        kMisdirected, "host",
        fmt::format("the request names another server ({}); velum answers only requests for itself",
                    shown(request.target)),
        "send the path alone, such as GET /api/v1/health");
  }
  const auto count = request.header_count("Host");
  if (count != 1) {
    return refusal(kMisdirected, "host",
                   count == 0 ? std::string("the request has no Host header")
                              : fmt::format("the request has {} Host headers; one is needed", count),
                   hint);
  }
  const auto value = *request.header("Host");
  const auto name = host_name_of(value);
  if (!name || std::find(allowed.begin(), allowed.end(), *name) == allowed.end()) {
    return refusal(kMisdirected, "host", fmt::format("velum does not answer to the name '{}'", shown(value)),
                   hint);
  }
  return std::nullopt;
}

bool is_write(std::string_view method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

std::optional<ApiResponse> check_origin(const ApiRequest& request) {
  if (!is_write(request.method)) return std::nullopt;
  const auto origin = request.header("Origin");
  if (!origin) return std::nullopt;
  const auto own_host = lower(request.header("Host").value_or(""));
  const auto sent = lower(*origin);
  const bool own = !own_host.empty() && (sent == "http://" + own_host || sent == "https://" + own_host);
  if (own) return std::nullopt;
  return refusal(kForbidden, "origin",
                 fmt::format("a page from another origin ({}) may not change the journal", shown(*origin)),
                 "use velum's own pages, or send the request without an Origin header (curl, scripts)");
}

std::string_view accepted_media_type(std::string_view path) {
  if (path == "/api/v1/voice/analyze" || path == "/api/v1/voice/range") return "audio/";
  return "application/json";
}

std::optional<ApiResponse> check_content_type(const ApiRequest& request) {
  if (!is_write(request.method)) return std::nullopt;
  if (request.method == "DELETE" && !request.header("Content-Length") &&
      !request.header("Transfer-Encoding")) {
    return std::nullopt;
  }
  if (request.method == "DELETE" && request.header("Content-Length") == "0") return std::nullopt;
  const auto value = request.header("Content-Type").value_or("");
  const auto media_type = lower(value.substr(0, std::min(value.find(';'), value.size())));
  std::string_view type = media_type;
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.remove_suffix(1);
  const auto accepted = accepted_media_type(request.path);
  const bool family = accepted.back() == '/';
  const bool ok = family ? type.size() > accepted.size() && type.substr(0, accepted.size()) == accepted
                         : type == accepted;
  if (ok) return std::nullopt;
  return refusal(kUnsupportedMediaType, "Content-Type",
                 value.empty() ? std::string("the request has no Content-Type")
                               : fmt::format("{} is not accepted here", shown(value)),
                 family ? "send the recording with Content-Type: audio/wav (or another audio/ type)"
                        : "send the body as JSON with Content-Type: application/json");
}

std::optional<ApiResponse> check_utf8(const ApiRequest& request) {
  const std::string hint = "send text encoded as UTF-8 and percent-encoded, as encodeURIComponent does";
  if (!is_valid_utf8(request.path)) {
    return refusal(kBadRequest, "path",
                   fmt::format("the path is not valid UTF-8 text: {}", shown(request.path)), hint);
  }
  for (const auto& [name, value] : request.query) {
    if (!is_valid_utf8(name) || !is_valid_utf8(value)) {
      const auto field = shown(name);
      return refusal(kBadRequest, field,
                     fmt::format("the query parameter {} is not valid UTF-8 text: {}", field, shown(value)),
                     hint);
    }
  }
  return std::nullopt;
}

void add_security_headers(std::string_view path, ApiResponse& response) {
  response.headers["Content-Security-Policy"] = std::string(kContentSecurityPolicy);
  response.headers["X-Content-Type-Options"] = "nosniff";
  response.headers["Referrer-Policy"] = "no-referrer";
  response.headers["Permissions-Policy"] = std::string(kPermissionsPolicy);
  response.headers["X-Frame-Options"] = "DENY";
  if (path.rfind(kApiPrefix, 0) == 0) response.headers["Cache-Control"] = "no-store";
  response.headers.erase("Access-Control-Allow-Origin");
}

}  // namespace velum::server
