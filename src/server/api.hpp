#pragma once
// The JSON API of the local web app (/api/v1/...) as a plain function from a
// request value to a response value, so it is tested without sockets and the
// HTTP library stays in one translation unit (server.cpp).

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "journal/store.hpp"
#include "practice/loader.hpp"

namespace velum::server {

// Bodies above this are refused with 413 before they are read.
inline constexpr std::size_t kMaxBodyBytes = std::size_t{1024} * 1024;

struct ApiRequest {
  std::string method;                        // "GET", "POST", "PUT", "DELETE"
  std::string path;                          // "/api/v1/routines/core-nasopharynx"
  std::map<std::string, std::string> query;  // decoded query parameters
  std::string body;                          // JSON text for POST/PUT
};

struct ApiResponse {
  int status = 200;
  std::string body;                               // JSON text unless content_type says otherwise
  std::string content_type = "application/json";  // e.g. "text/calendar; charset=utf-8" for downloads
  // Extra headers, e.g. {"Content-Disposition", "attachment; filename=..."} for a download.
  std::map<std::string, std::string> headers;
};

// One journal and one routine catalog behind every route. Thread-safe: any
// number of server threads may call handle(); journal access is serialised by
// a mutex, so a write in flight always finishes before the next begins.
class Api {
 public:
  Api(std::unique_ptr<journal::Store> store, practice::Catalog catalog, journal::Clock clock);
  ApiResponse handle(const ApiRequest& request);

 private:
  std::mutex store_mutex_;
  std::unique_ptr<journal::Store> store_;
  const practice::Catalog catalog_;
  const journal::Clock clock_;
  // GET /routines, serialized once: the catalog does not change while serving,
  // and building the list was most of that route's cost.
  const std::string routine_list_body_;
};

// The error body every 4xx/5xx carries:
// {"error": {"field": field, "message": message, "hint": hint}}. Thread-safe.
std::string error_body(const std::string& field, const std::string& message, const std::string& hint);

}  // namespace velum::server
