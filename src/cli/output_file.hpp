#pragma once
// The one rule for files a command writes: an existing file is replaced only
// with --force, and a name whose ending belongs to another format is refused.

#include <filesystem>
#include <span>
#include <string>
#include <string_view>

namespace velum::cli {

// A kind of file velum writes and the name endings that belong to it (lower case, with the dot).
struct OutputFormat {
  std::string_view name;  // as said to the person: "an HTML page", "a PDF"
  std::span<const std::string_view> extensions;
};

const OutputFormat& html_format();
const OutputFormat& pdf_format();
const OutputFormat& json_format();
const OutputFormat& ics_format();
const OutputFormat& csv_format();
const OutputFormat& audio_format();   // .wav, .flac, .ogg
const OutputFormat& sqlite_format();  // a journal copy: .sqlite, .sqlite3, .db

// Whether a command may write `path` as `format`: "" when it may, otherwise
// one sentence naming the file and what to do. Refused: a folder; an existing
// file without `force`; a name ending in another known format's extension
// (".html" for a PDF). Any other ending, or none, is the person's choice.
// "-" (standard output) is always allowed. Reads the filesystem only.
std::string check_output_file(const std::filesystem::path& path, const OutputFormat& format, bool force);

// Writes `content` to `path`, replacing it; false with `error` set when the
// file cannot be written completely.
bool write_output_file(const std::filesystem::path& path, std::string_view content, std::string& error);

// Whether `path` ends in one of `format`'s extensions (case-insensitive).
bool has_extension_of(const std::filesystem::path& path, const OutputFormat& format);

}  // namespace velum::cli
