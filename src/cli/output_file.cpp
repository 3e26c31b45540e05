#include "cli/output_file.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>

namespace velum::cli {
namespace {

constexpr std::array<std::string_view, 2> kHtml{".html", ".htm"};
constexpr std::array<std::string_view, 1> kPdf{".pdf"};
constexpr std::array<std::string_view, 1> kJson{".json"};
constexpr std::array<std::string_view, 2> kIcs{".ics", ".ical"};
constexpr std::array<std::string_view, 1> kCsv{".csv"};
constexpr std::array<std::string_view, 3> kAudio{".wav", ".flac", ".ogg"};
constexpr std::array<std::string_view, 3> kSqlite{".sqlite", ".sqlite3", ".db"};

const OutputFormat kHtmlFormat{"an HTML page", kHtml};
const OutputFormat kPdfFormat{"a PDF", kPdf};
const OutputFormat kJsonFormat{"JSON", kJson};
const OutputFormat kIcsFormat{"a calendar file", kIcs};
const OutputFormat kCsvFormat{"CSV", kCsv};
const OutputFormat kAudioFormat{"audio", kAudio};
const OutputFormat kSqliteFormat{"a journal database", kSqlite};

constexpr std::array kAllFormats{&kHtmlFormat, &kPdfFormat,   &kJsonFormat,  &kIcsFormat,
                                 &kCsvFormat,  &kAudioFormat, &kSqliteFormat};

std::string lower_extension(const std::filesystem::path& path) {
  std::string extension = path.extension().string();
  std::ranges::transform(extension, extension.begin(),
                         [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return extension;
}

// The known format other than `format` that claims `extension`, if any.
const OutputFormat* other_owner(const std::string& extension, const OutputFormat& format) {
  for (const OutputFormat* known : kAllFormats) {
    if (known == &format) continue;
    if (std::ranges::find(known->extensions, extension) != known->extensions.end()) return known;
  }
  return nullptr;
}

}  // namespace

const OutputFormat& html_format() { return kHtmlFormat; }
const OutputFormat& pdf_format() { return kPdfFormat; }
const OutputFormat& json_format() { return kJsonFormat; }
const OutputFormat& ics_format() { return kIcsFormat; }
const OutputFormat& csv_format() { return kCsvFormat; }
const OutputFormat& audio_format() { return kAudioFormat; }
const OutputFormat& sqlite_format() { return kSqliteFormat; }

bool has_extension_of(const std::filesystem::path& path, const OutputFormat& format) {
  const auto extension = lower_extension(path);
  return std::ranges::find(format.extensions, extension) != format.extensions.end();
}

std::string check_output_file(const std::filesystem::path& path, const OutputFormat& format, bool force) {
  if (path == "-") return {};
  const auto extension = lower_extension(path);
  if (!has_extension_of(path, format)) {
    if (const OutputFormat* owner = other_owner(extension, format)) {
      return fmt::format("{} ends in {}, the ending of {}, but this writes {}; name it with {} instead",
                         path.string(), extension, owner->name, format.name, format.extensions.front());
    }
  }
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return fmt::format("{} is a folder; give a file name, such as {}", path.string(),
                       (path / ("velum" + std::string(format.extensions.front()))).string());
  }
  if (!force && std::filesystem::exists(path, ec)) {
    return fmt::format("{} already exists; add --force to replace it, or choose another name", path.string());
  }
  return {};
}

bool write_output_file(const std::filesystem::path& path, std::string_view content, std::string& error) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  out.close();
  if (!out) {
    error = fmt::format("could not write {}; check that the folder exists and has space", path.string());
    return false;
  }
  return true;
}

}  // namespace velum::cli
