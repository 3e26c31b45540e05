#include "server/static_files.hpp"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <limits>

namespace velum::server {
namespace {

constexpr int kOk = 200;
constexpr int kNotFound = 404;
constexpr int kInternalError = 500;
constexpr std::string_view kIndex = "/index.html";
constexpr std::string_view kAssetsPrefix = "/assets/";
// zlib's windowBits for "gzip wrapper, 32 KB window" (15 + 16).
constexpr int kGzipWindowBits = 15 + 16;

struct TypeByExtension {
  std::string_view extension;
  std::string_view type;
};

constexpr std::array kTypes{
    TypeByExtension{".html", "text/html; charset=utf-8"},
    TypeByExtension{".js", "text/javascript; charset=utf-8"},
    TypeByExtension{".mjs", "text/javascript; charset=utf-8"},
    TypeByExtension{".css", "text/css; charset=utf-8"},
    TypeByExtension{".svg", "image/svg+xml"},
    TypeByExtension{".json", "application/json"},
    TypeByExtension{".webmanifest", "application/manifest+json"},
    TypeByExtension{".png", "image/png"},
    TypeByExtension{".ico", "image/x-icon"},
    TypeByExtension{".woff2", "font/woff2"},
    TypeByExtension{".txt", "text/plain; charset=utf-8"},
};

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// Inflates a gzip member; false when the data is not valid gzip.
bool gunzip(std::string_view compressed, std::size_t plain_bytes, std::string& out) {
  if (compressed.size() > std::numeric_limits<uInt>::max() ||
      plain_bytes > std::numeric_limits<uInt>::max()) {
    return false;
  }
  out.assign(plain_bytes, '\0');
  z_stream stream{};
  if (inflateInit2(&stream, kGzipWindowBits) != Z_OK) return false;
  // zlib's API takes non-const pointers but does not write through next_in.
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  stream.avail_in = static_cast<uInt>(compressed.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int result = inflate(&stream, Z_FINISH);
  const bool complete = result == Z_STREAM_END && stream.total_out == plain_bytes;
  inflateEnd(&stream);
  return complete;
}

const detail::EmbeddedFile* find(std::span<const detail::EmbeddedFile> files, std::string_view path) {
  const auto it =
      std::find_if(files.begin(), files.end(), [&](const auto& file) { return file.path == path; });
  return it == files.end() ? nullptr : &*it;
}

}  // namespace

std::string_view content_type_for(std::string_view path) {
  const auto dot = path.rfind('.');
  const auto slash = path.rfind('/');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) {
    return "application/octet-stream";
  }
  const auto extension = lower(path.substr(dot));
  for (const auto& entry : kTypes) {
    if (entry.extension == extension) return entry.type;
  }
  return "application/octet-stream";
}

bool accepts_gzip(std::string_view accept_encoding) {
  while (!accept_encoding.empty()) {
    const auto comma = accept_encoding.find(',');
    const auto item = trim(accept_encoding.substr(0, comma));
    accept_encoding =
        comma == std::string_view::npos ? std::string_view{} : accept_encoding.substr(comma + 1);
    const auto semicolon = item.find(';');
    const auto coding = lower(trim(item.substr(0, semicolon)));
    if (coding != "gzip" && coding != "x-gzip" && coding != "*") continue;
    if (semicolon == std::string_view::npos) return true;
    // "gzip;q=0" (or q=0.0, q=0.000) refuses gzip explicitly.
    auto parameter = lower(trim(item.substr(semicolon + 1)));
    parameter.erase(std::remove(parameter.begin(), parameter.end(), ' '), parameter.end());
    if (parameter.rfind("q=", 0) != 0) return true;
    const auto weight = parameter.substr(2);
    const bool zero = !weight.empty() && weight.find_first_not_of("0.") == std::string::npos;
    if (!zero) return true;
  }
  return false;
}

StaticReply serve_static(std::string_view path, std::string_view accept_encoding,
                         std::span<const detail::EmbeddedFile> files) {
  StaticReply reply;
  const bool asset = path.rfind(kAssetsPrefix, 0) == 0;
  const auto* file = find(files, path == "/" ? kIndex : path);
  if (file == nullptr && asset) {
    reply.status = kNotFound;
    reply.content_type = "text/plain; charset=utf-8";
    reply.owned = "This file is not part of this version of velum; reload the page.\n";
    reply.headers["Cache-Control"] = std::string(kRevalidateCache);
    return reply;
  }
  // Any other unknown path is one of the front end's own pages.
  if (file == nullptr) file = find(files, kIndex);
  if (file == nullptr) {
    reply.status = kNotFound;
    reply.content_type = "text/plain; charset=utf-8";
    reply.owned = "This build of velum has no web front end.\n";
    return reply;
  }
  reply.status = kOk;
  reply.content_type = std::string(content_type_for(file->path));
  reply.headers["Cache-Control"] =
      std::string(file->path.rfind(kAssetsPrefix, 0) == 0 ? kImmutableCache : kRevalidateCache);
  reply.headers["Vary"] = "Accept-Encoding";
  if (accepts_gzip(accept_encoding)) {
    reply.headers["Content-Encoding"] = "gzip";
    reply.embedded = file->gzip_body;
    return reply;
  }
  if (!gunzip(file->gzip_body, file->plain_bytes, reply.owned)) {
    reply = StaticReply{};
    reply.status = kInternalError;
    reply.content_type = "text/plain; charset=utf-8";
    reply.owned = "An embedded file of the web front end is damaged; please rebuild velum.\n";
  }
  return reply;
}

}  // namespace velum::server
