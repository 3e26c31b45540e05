#pragma once
// Internal: the journal schema as an ordered list of migrations. Adding a schema
// change is appending one entry; the store applies the missing ones in order.

#include <sqlite3.h>

#include <span>
#include <string_view>

namespace velum::journal::detail {

struct Migration {
  int version;               // 1, 2, 3, ... with no gaps
  std::string_view purpose;  // why the change was made (kept in schema_version)
  std::string_view sql;      // statements run inside one transaction
};

// Every migration, oldest first. Migration 1 is the base schema.
std::span<const Migration> migrations();
// The version a fully migrated journal has.
int latest_schema_version();

// The highest applied version (0 for a new, empty database), or a negative
// SQLite error code when it cannot be read.
int read_schema_version(sqlite3* db);
// Applies migrations after the current version up to `target`, each in its own
// transaction (BEGIN IMMEDIATE) together with its schema_version row. Returns
// SQLITE_OK or the first error (that migration rolled back).
int migrate(sqlite3* db, int target, std::string_view applied_at_utc);

}  // namespace velum::journal::detail
