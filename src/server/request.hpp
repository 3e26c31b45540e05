#pragma once
// The values a request and its answer are inside `velum serve`: filled by the
// transport, read by the pipeline's checks, answered by the routes. Header-only
// apart from error_body, so the transport shared object can fill them.

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace velum::server {

// Bodies above this are refused with 413 before they are read.
inline constexpr std::size_t kMaxBodyBytes = std::size_t{1024} * 1024;

// Header names compare without regard to case (RFC 9110 section 5.1).
struct HeaderNameLess {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const {
    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
      return std::tolower(static_cast<unsigned char>(x)) < std::tolower(static_cast<unsigned char>(y));
    });
  }
};
using Headers = std::multimap<std::string, std::string, HeaderNameLess>;

struct ApiRequest {
  std::string method;  // "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS"
  std::string target;  // as sent: "/api/v1/plan?routine=x" (or an absolute URL)
  std::string path;    // decoded, without the query: "/api/v1/routines/core-nasopharynx"
  std::map<std::string, std::string> query;  // decoded query parameters
  std::string version = "HTTP/1.1";          // "HTTP/1.0" or "HTTP/1.1"
  Headers headers;            // every header line as sent (Host, Origin, Content-Type, Cookie...)
  std::string peer_address;   // the client's address: "127.0.0.1", "::1", "192.168.1.20"
  std::string local_address;  // the address it connected to: "127.0.0.1", "192.168.1.5"
  bool tls = false;           // true when the connection is HTTPS
  std::string body;           // JSON text for POST/PUT, audio bytes for voice uploads
  // Who the request acts for, set by the pipeline's authentication step.
  std::string user_id;

  // The first value of header `name` (any case), or nullopt when absent.
  std::optional<std::string_view> header(std::string_view name) const {
    const auto found = headers.find(name);
    if (found == headers.end()) return std::nullopt;
    return std::string_view(found->second);
  }
  // How many times header `name` was sent.
  std::size_t header_count(std::string_view name) const { return headers.count(name); }
};

struct ApiResponse {
  int status = 200;
  std::string body;                               // JSON text unless content_type says otherwise
  std::string content_type = "application/json";  // e.g. "text/calendar; charset=utf-8" for downloads
  // Extra headers, e.g. {"Content-Disposition", "attachment; filename=..."} for a download.
  std::map<std::string, std::string> headers;
  // Bytes that live as long as the program (the embedded front end), sent
  // without a copy; used instead of `body` when set.
  std::string_view embedded_body;
  std::string_view content() const { return embedded_body.empty() ? std::string_view(body) : embedded_body; }
};

// Reads a request's body into `body` (at most kMaxBodyBytes); nullopt when
// read, else the HTTP status of why it could not be (413 too large, 400 broken).
using ReadBody = std::function<std::optional<int>(std::string& body)>;

// The error body every 4xx/5xx carries:
// {"error": {"field": field, "message": message, "hint": hint}}. Text that is
// not valid UTF-8 is written with U+FFFD in its place. Thread-safe.
std::string error_body(const std::string& field, const std::string& message, const std::string& hint);

}  // namespace velum::server
