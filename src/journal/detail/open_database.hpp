#pragma once
// Internal: opening the journal's SQLite file the one way every store over it
// does (checks, private permissions, connection settings, migrations).

#include <filesystem>

#include "journal/detail/sqlite_handle.hpp"
#include "journal/sqlite_store.hpp"

namespace velum::journal::detail {

// Opens (creating and migrating when needed) the journal at `file` and applies
// the connection settings. A new file is created 0600 (its -wal and -shm files
// then get the same mode from SQLite); an existing one readable by its group or
// others loses those bits (0644 becomes 0600, 0444 becomes 0400). Errors as
// open_sqlite_store documents, the file left untouched. The handle is used by
// one thread at a time.
Result<DbHandle> open_journal_database(const std::filesystem::path& file, const SqliteOptions& options);

}  // namespace velum::journal::detail
