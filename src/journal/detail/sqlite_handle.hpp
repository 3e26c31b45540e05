#pragma once
// Internal: thin RAII wrappers over the sqlite3 C API (connection, statement),
// and the mapping from SQLite result codes to journal Error values.

#include <sqlite3.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "journal/store.hpp"

namespace velum::journal::detail {

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using DbHandle = std::unique_ptr<sqlite3, DbCloser>;

// A prepared statement; reset (not finalized) between uses so it can be cached.
class Statement {
 public:
  Statement() = default;
  Statement(sqlite3* db, std::string_view sql);
  Statement(Statement&&) noexcept = default;
  Statement& operator=(Statement&&) noexcept = default;

  int prepare_code() const { return prepare_code_; }
  sqlite3_stmt* get() const { return stmt_.get(); }

  void bind(int index, std::string_view text);
  void bind(int index, std::int64_t value);
  void bind(int index, int value) { bind(index, static_cast<std::int64_t>(value)); }
  void bind(int index, double value);
  void bind(int index, const std::optional<int>& value);
  void bind(int index, const std::optional<double>& value);
  void bind_null(int index);

  int step();  // SQLITE_ROW, SQLITE_DONE or an error code
  void reset();

  std::string column_text(int index) const;
  std::int64_t column_int(int index) const;
  std::optional<int> column_optional_int(int index) const;
  double column_double(int index) const;
  bool column_is_null(int index) const;

 private:
  struct Finalizer {
    void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
  };
  std::unique_ptr<sqlite3_stmt, Finalizer> stmt_;
  int prepare_code_ = SQLITE_OK;
};

// Turns a failed SQLite call into an Error naming the file and what to do.
Error sqlite_error(sqlite3* db, int code, const std::filesystem::path& file, std::string_view doing);

// Runs SQL with no results; SQLITE_OK or the error code.
int exec(sqlite3* db, const char* sql);

}  // namespace velum::journal::detail
