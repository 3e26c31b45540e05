#include "server/pipeline.hpp"

#include <fmt/format.h>

#include <variant>

#include "base/utf8.hpp"
#include "server/checks.hpp"

namespace velum::server {
namespace {

constexpr int kNoContent = 204;
constexpr int kBadRequest = 400;
constexpr int kNotFound = 404;
constexpr int kPayloadTooLarge = 413;
constexpr int kInternalError = 500;
constexpr std::string_view kApiPrefix = "/api/";

bool is_api(std::string_view path) { return path.rfind(kApiPrefix, 0) == 0; }

ApiResponse json_error(int status, const std::string& field, const std::string& message,
                       const std::string& hint) {
  ApiResponse response;
  response.status = status;
  response.body = error_body(field, message, hint);
  return response;
}

}  // namespace

Pipeline::Pipeline(const Api& api, std::vector<std::string> allowed_hosts, Authenticate authenticate,
                   StaticFiles static_files)
    : api_(api),
      allowed_hosts_(std::move(allowed_hosts)),
      authenticate_(std::move(authenticate)),
      static_files_(std::move(static_files)) {}

ApiResponse Pipeline::handle(ApiRequest request, const ReadBody& read_body) const {
  bool body_read = false;
  auto response = [&]() -> ApiResponse {
    // 1. Only requests addressed to this server by an allowed name (DNS rebinding).
    if (auto refused = check_host(request, allowed_hosts_)) return std::move(*refused);
    // 2. No cross-site writes: a write from another origin, or of a type a form can send.
    if (auto refused = check_origin(request)) return std::move(*refused);
    if (auto refused = check_content_type(request)) return std::move(*refused);
    // 3. Authentication: who the request acts for, or its refusal.
    auto authentication = authenticate_(request);
    if (auto* refused = std::get_if<ApiResponse>(&authentication)) return std::move(*refused);
    request.user_id = std::get<Identity>(authentication).user_id;
    // 4. Path and query are text the routes may quote and store: UTF-8 only.
    if (auto refused = check_utf8(request)) return std::move(*refused);
    // 5. The body, once the request is admitted.
    body_read = true;
    if (const auto failed = read_body(request.body)) return transport_error(*failed, request);
    // 6. The route: the API's table, or the front end's files.
    return route(request);
  }();
  // A refused request's body is read and dropped, so the next request on the
  // connection starts where it should.
  if (!body_read) {
    std::string ignored;
    read_body(ignored);
  }
  add_security_headers(request.path, response);
  return response;
}

ApiResponse Pipeline::route(const ApiRequest& request) const {
  if (is_api(request.path)) {
    // No cross-origin use is offered: a preflight gets no CORS headers.
    if (request.method == "OPTIONS") {
      ApiResponse preflight;
      preflight.status = kNoContent;
      return preflight;
    }
    return api_.handle(request);
  }
  if (request.method == "GET" || request.method == "HEAD") return static_file(request);
  return transport_error(kNotFound, request);
}

ApiResponse Pipeline::static_file(const ApiRequest& request) const {
  const auto reply = static_files_(request.path, request.header("Accept-Encoding").value_or(""));
  ApiResponse response;
  response.status = reply.status;
  response.content_type = reply.content_type;
  response.headers = reply.headers;
  if (reply.owned.empty()) {
    response.embedded_body = reply.embedded;
  } else {
    response.body = reply.owned;
  }
  return response;
}

ApiResponse Pipeline::transport_error(int status, const ApiRequest& request) const {
  ApiResponse response;
  if (status == kPayloadTooLarge) {
    response =
        json_error(status, "body", fmt::format("the body is larger than {} bytes", kMaxBodyBytes),
                   "send a smaller body; a voice recording fits when it is at most 10 s of 16-bit mono");
  } else if (status == kNotFound) {
    response = json_error(status, "path", fmt::format("no such page: {}", printable_excerpt(request.path)),
                          "the API starts at /api/v1/ (docs/api.md)");
  } else if (status == kInternalError) {
    response =
        json_error(status, "", "something unexpected went wrong; nothing was changed", "please report it");
  } else {
    response = json_error(status == 0 ? kBadRequest : status, "request",
                          fmt::format("the request could not be read (HTTP {})", status),
                          "check the request line and headers");
  }
  add_security_headers(request.path, response);
  return response;
}

}  // namespace velum::server
