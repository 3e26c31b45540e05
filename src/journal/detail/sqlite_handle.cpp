#include "journal/detail/sqlite_handle.hpp"

#include <fmt/format.h>

#include <cerrno>

namespace velum::journal::detail {

Statement::Statement(sqlite3* db, std::string_view sql) {
  sqlite3_stmt* raw = nullptr;
  prepare_code_ = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                     &raw, nullptr);
  stmt_.reset(raw);
}

void Statement::bind(int index, std::string_view text) {
  // An empty string_view may have a null data(), which SQLite would store as NULL.
  sqlite3_bind_text(stmt_.get(), index, text.empty() ? "" : text.data(), static_cast<int>(text.size()),
                    SQLITE_TRANSIENT);
}
void Statement::bind(int index, std::int64_t value) { sqlite3_bind_int64(stmt_.get(), index, value); }
void Statement::bind(int index, double value) { sqlite3_bind_double(stmt_.get(), index, value); }
void Statement::bind(int index, const std::optional<int>& value) {
  if (value) {
    bind(index, *value);
  } else {
    bind_null(index);
  }
}
void Statement::bind(int index, const std::optional<double>& value) {
  if (value) {
    bind(index, *value);
  } else {
    bind_null(index);
  }
}
void Statement::bind_null(int index) { sqlite3_bind_null(stmt_.get(), index); }

int Statement::step() { return sqlite3_step(stmt_.get()); }
void Statement::reset() {
  sqlite3_reset(stmt_.get());
  sqlite3_clear_bindings(stmt_.get());
}

std::string Statement::column_text(int index) const {
  const auto* text = sqlite3_column_text(stmt_.get(), index);
  if (text == nullptr) return {};
  return {reinterpret_cast<const char*>(text),
          static_cast<std::size_t>(sqlite3_column_bytes(stmt_.get(), index))};
}
std::int64_t Statement::column_int(int index) const { return sqlite3_column_int64(stmt_.get(), index); }
std::optional<int> Statement::column_optional_int(int index) const {
  if (column_is_null(index)) return std::nullopt;
  return sqlite3_column_int(stmt_.get(), index);
}
double Statement::column_double(int index) const { return sqlite3_column_double(stmt_.get(), index); }
bool Statement::column_is_null(int index) const {
  return sqlite3_column_type(stmt_.get(), index) == SQLITE_NULL;
}

Error sqlite_error(sqlite3* db, int code, const std::filesystem::path& file, std::string_view doing) {
  const int primary = code & 0xff;  // the primary result code, without the extended bits
  const int system_errno = db != nullptr ? sqlite3_system_errno(db) : 0;
  const std::string detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(code);
  const auto where = fmt::format("{} the journal {}", doing, file.string());
  switch (primary) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return {ErrorCode::kBusy,
              fmt::format("{} failed: another velum is using it and did not finish in time. "
                          "Close the other one and try again; nothing was changed.",
                          where)};
    case SQLITE_FULL:
      return {ErrorCode::kDiskFull,
              fmt::format("{} failed: the disk is full (or the size limit was reached). "
                          "Free some space and try again; nothing from this change was stored.",
                          where)};
    case SQLITE_READONLY:
      return {ErrorCode::kReadOnly, fmt::format("{} failed: the file or its folder is read-only. Check its "
                                                "permissions, or use --data to choose another folder.",
                                                where)};
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      return {ErrorCode::kCorrupt,
              fmt::format("{} failed: the file is damaged or not a velum journal ({}). It was "
                          "left untouched; restore it from a backup or move it aside.",
                          where, detail)};
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
      return {ErrorCode::kReadOnly,
              fmt::format("{} failed: the file cannot be opened ({}). Check that the folder "
                          "exists and is writable.",
                          where, detail)};
    case SQLITE_IOERR:
      // A file-size limit (EFBIG) or quota (EDQUOT) reads as a write error; to the person it is "full".
      // SQLite does not always keep errno for a short write (it reads 0 then), so
      // a write error without a known cause is reported the same way.
      if (system_errno == ENOSPC || system_errno == EFBIG || system_errno == EDQUOT ||
          (code == SQLITE_IOERR_WRITE && system_errno == 0)) {
        return {ErrorCode::kDiskFull,
                fmt::format("{} failed: no space left (or the file-size limit was reached). "
                            "Free some space and try again; nothing from this change was stored.",
                            where)};
      }
      return {ErrorCode::kIo, fmt::format("{} failed: the system reported an I/O error ({}, errno {}).",
                                          where, detail, system_errno)};
    case SQLITE_CONSTRAINT:
      return {ErrorCode::kDuplicate, fmt::format("{} failed: {}.", where, detail)};
    default:
      return {ErrorCode::kInternal, fmt::format("{} failed: {}.", where, detail)};
  }
}

int exec(sqlite3* db, const char* sql) { return sqlite3_exec(db, sql, nullptr, nullptr, nullptr); }

}  // namespace velum::journal::detail
