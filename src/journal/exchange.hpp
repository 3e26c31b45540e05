#pragma once
// Moving a journal in and out of velum: the JSON export file (read back by
// import, exactly), and CSV tables (one RFC 4180 file per record type).

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "journal/store.hpp"

namespace velum::journal {

// The "format" and "format_version" written into every export file.
inline constexpr std::string_view kExportFormat = "velum-journal";
inline constexpr int kExportFormatVersion = 1;

// The JSON export of `data` (pretty-printed, UTF-8, ending in a newline).
// Times are written as local time with offset ("2026-11-25T12:54:08+01:00").
// Never fails on stored data: bytes that are not UTF-8 (kept by versions that
// did not check) are written as U+FFFD; invalid_text_fields says where.
std::string export_json(const JournalData& data, Timestamp exported_at);

// The fields of `data` holding text that is not UTF-8, as paths in the export
// file ("checkins[3].note"); empty when all text is well-formed. Pure.
std::vector<std::string> invalid_text_fields(const JournalData& data);

struct ParsedExport {
  JournalData data;                   // meaningful only when problems is empty
  std::vector<std::string> problems;  // each "line 3, column 7: ..." or "sessions[2].outcome: ..."
};

// Parses and validates an export file completely; every problem found is listed
// (up to a cap), with the line and column for JSON syntax errors and the field
// path for wrong or missing fields. Pure; thread-safe.
ParsedExport parse_export_json(std::string_view text);

// One CSV table per record type: {file name, content}. RFC 4180: comma
// separated, CRLF line ends, fields quoted when they hold a comma, quote or line
// break. Missing values are empty fields; lists (sensations) are joined with ';'.
std::vector<std::pair<std::string, std::string>> export_csv(const JournalData& data);

// Quotes one CSV field when RFC 4180 requires it.
std::string csv_field(std::string_view value);

}  // namespace velum::journal
