#pragma once
// The web front end embedded in the binary (built by Vite, gzip-compressed at
// build time) and the rules for serving it: content types, encoding, caching.

#include <cstddef>
#include <map>
#include <span>
#include <string>
#include <string_view>

namespace velum::server {

namespace detail {

// One file of the Vite build, as the build embedded it.
struct EmbeddedFile {
  std::string_view path;       // "/index.html", "/assets/index-1a2b3c.js"
  std::string_view gzip_body;  // the file, gzip -9 -n
  std::size_t plain_bytes;     // its size before compression
};

// Every embedded file, sorted by path. Generated at build time
// (cmake/embed_web.cmake); thread-safe (constant data).
std::span<const EmbeddedFile> embedded_files();

}  // namespace detail

// Hashed build assets never change under the same name, so browsers keep them
// for a year; the page and the service worker are revalidated on every load.
inline constexpr std::string_view kImmutableCache = "public, max-age=31536000, immutable";
inline constexpr std::string_view kRevalidateCache = "no-cache";

struct StaticReply {
  int status = 200;
  std::string content_type;
  std::map<std::string, std::string> headers;  // Cache-Control, Content-Encoding, Vary
  // The gzip bytes point into the embedded data (no copy, valid for the whole
  // program); a decompressed file or a message is owned here instead.
  std::string_view embedded;
  std::string owned;
  std::string_view body() const { return owned.empty() ? embedded : std::string_view(owned); }
};

// The Content-Type for a file name by its extension ("text/javascript; charset=utf-8"
// for ".js"); "application/octet-stream" when unknown. Pure; thread-safe.
std::string_view content_type_for(std::string_view path);

// True when an Accept-Encoding header value admits gzip (a "gzip" or "*" token
// not weighted q=0). Pure; thread-safe.
bool accepts_gzip(std::string_view accept_encoding);

// The answer to GET `path` (no query string) from `files`: the file itself, "/"
// as /index.html, a missing /assets/ file as 404, and any other unknown path as
// index.html so the front end's own routes load (API paths never come here).
// Sends gzip when `accept_encoding` admits it, else the decompressed bytes.
// A 500 when a file cannot be decompressed. Pure; thread-safe.
StaticReply serve_static(std::string_view path, std::string_view accept_encoding,
                         std::span<const detail::EmbeddedFile> files = detail::embedded_files());

}  // namespace velum::server
