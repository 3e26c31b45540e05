#pragma once
// The pipeline's checks before any route runs, each a pure function of the
// request: the Host allow-list (against DNS rebinding) and the origin and type
// of a write (against cross-site forms and no-cors fetches).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/request.hpp"

namespace velum::server {

// The host part of a Host header value, lower-case, without the port and
// without one trailing dot: "LocalHost.:8737" → "localhost", "[::1]:80" →
// "[::1]". nullopt when the value is not a host name, an IPv4 address or a
// bracketed IPv6 address with an optional numeric port. Pure; thread-safe.
std::optional<std::string> host_name_of(std::string_view host_header);

// The names a Host header may carry: localhost, 127.0.0.1 and [::1], plus
// each of `extra` (the --host address and --allowed-host names) written as
// host_name_of writes it; an IPv6 address gets its brackets. Pure; thread-safe.
std::vector<std::string> allowed_host_names(const std::vector<std::string>& extra);

// Passes a request with exactly one Host header naming one of `allowed`
// (any case, any port, one trailing dot) and an origin-form target ("/..."
// or "*"). Anything else gets 421 naming the host and how to allow it, before
// any route sees the request. Pure; thread-safe.
std::optional<ApiResponse> check_host(const ApiRequest& request, const std::vector<std::string>& allowed);

// True for POST, PUT, PATCH and DELETE.
bool is_write(std::string_view method);

// A write whose Origin header is present must come from this server's own
// origin: http or https, and the same host and port as the Host header.
// "Origin: null", another host or another port get 403. Reads and requests
// without Origin pass (browsers always send it on cross-site writes). Pure;
// thread-safe.
std::optional<ApiResponse> check_origin(const ApiRequest& request);

// The media types a write may carry on `path`: {"audio/"} (any audio type) on
// the voice uploads, {"application/json"} everywhere else.
std::string_view accepted_media_type(std::string_view path);

// A POST, PUT or PATCH, and a DELETE with a body, needs the Content-Type its
// route takes (accepted_media_type; parameters such as charset are allowed),
// else 415. The types a cross-site form or no-cors fetch can send (text/plain,
// application/x-www-form-urlencoded, multipart/form-data) never pass. Pure;
// thread-safe.
std::optional<ApiResponse> check_content_type(const ApiRequest& request);

// The decoded path and every query parameter's name and value must be UTF-8
// (/api/v1/routines/%FF, ?region=%C3%28 are not): else 400 naming the
// parameter, or "path". Pure; thread-safe.
std::optional<ApiResponse> check_utf8(const ApiRequest& request);

// The Content-Security-Policy of every answer: scripts, styles, workers and
// connections from this origin only, images also as data: URLs (the voice
// range drawing), no plugins, no <base>, no framing, forms to this origin.
inline constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

// The microphone (the Voice page) and the screen wake lock (a running
// session) for this origin only; the rest is unused and denied.
inline constexpr std::string_view kPermissionsPolicy =
    "microphone=(self), screen-wake-lock=(self), camera=(), geolocation=(), payment=(), usb=()";

// Adds the headers every answer carries (CSP, nosniff, no-referrer,
// Permissions-Policy, X-Frame-Options) and Cache-Control: no-store under
// /api/. Never adds Access-Control-Allow-Origin. Pure; thread-safe.
void add_security_headers(std::string_view path, ApiResponse& response);

}  // namespace velum::server
