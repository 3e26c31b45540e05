#include "journal/detail/open_database.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <system_error>

#include "journal/detail/migrations.hpp"

namespace velum::journal::detail {
namespace {

// First 16 bytes of every SQLite 3 database file.
constexpr std::string_view kSqliteHeader{"SQLite format 3\0", 16};

// Reads the first bytes to refuse a non-SQLite file before SQLite touches it.
std::optional<Error> check_header(const std::filesystem::path& file) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  if (ec || size == 0) return std::nullopt;  // an empty file is a new database
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    return Error{ErrorCode::kReadOnly,
                 fmt::format("the journal {} cannot be read; check its permissions", file.string())};
  }
  std::array<char, kSqliteHeader.size()> header{};
  in.read(header.data(), static_cast<std::streamsize>(header.size()));
  if (in.gcount() != static_cast<std::streamsize>(header.size()) ||
      std::string_view(header.data(), header.size()) != kSqliteHeader) {
    return Error{ErrorCode::kCorrupt,
                 fmt::format("{} is not a velum journal (it is not an SQLite database). It was "
                             "left untouched; move it aside or use --data to choose another "
                             "folder.",
                             file.string())};
  }
  return std::nullopt;
}

// The journal holds health records: only its owner may read it. Only the
// group's and others' bits are removed, so a file made read-only stays
// read-only; a file another user owns is left as it is (chmod would fail).
void make_private(const std::filesystem::path& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0 || info.st_uid != ::geteuid()) return;
  if ((info.st_mode & (S_IRWXG | S_IRWXO)) == 0) return;
  std::error_code ignored;
  std::filesystem::permissions(path, std::filesystem::perms::group_all | std::filesystem::perms::others_all,
                               std::filesystem::perm_options::remove, ignored);
}

// Creates the empty file with mode 0600 before SQLite opens it: SQLite would
// create it with the umask's mode, and gives the -wal and -shm files the mode
// of the database file.
std::optional<Error> create_private(const std::filesystem::path& file) {
  constexpr mode_t kMode = S_IRUSR | S_IWUSR;
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, kMode);
  if (fd < 0 && errno != EEXIST) {
    return Error{ErrorCode::kReadOnly,
                 fmt::format("could not create the journal {}: {}. Check that its folder is writable, or "
                             "use --data to choose another folder.",
                             file.string(), std::strerror(errno))};
  }
  if (fd >= 0) ::close(fd);
  return std::nullopt;
}

}  // namespace

Result<DbHandle> open_journal_database(const std::filesystem::path& file, const SqliteOptions& options) {
  std::error_code ec;
  const bool exists = std::filesystem::exists(file, ec);
  if (exists) {
    if (!std::filesystem::is_regular_file(file, ec)) {
      return Error{ErrorCode::kCorrupt,
                   fmt::format("{} is not a regular file; velum needs its journal to be one", file.string())};
    }
    if (auto error = check_header(file)) return *error;
  } else {
    if (!options.create) {
      return Error{ErrorCode::kNotFound, fmt::format("there is no journal at {}", file.string())};
    }
    if (file.has_parent_path()) {
      std::filesystem::create_directories(file.parent_path(), ec);
      if (ec) {
        return Error{ErrorCode::kReadOnly, fmt::format("could not create the folder {} for the journal: {}",
                                                       file.parent_path().string(), ec.message())};
      }
    }
    if (auto error = create_private(file)) return *error;
  }
  for (const char* suffix : {"", "-wal", "-shm"}) make_private(file.string() + suffix);

  sqlite3* raw = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (options.create ? SQLITE_OPEN_CREATE : 0);
  int code = sqlite3_open_v2(file.c_str(), &raw, flags, nullptr);
  DbHandle db(raw);
  if (code != SQLITE_OK) return sqlite_error(db.get(), code, file, "opening");
  sqlite3_extended_result_codes(db.get(), 1);
  sqlite3_busy_timeout(db.get(), static_cast<int>(options.busy_timeout.count()));
  // SQLite silently opens a file it may not write read-only; say so now rather
  // than at the first write.
  if (sqlite3_db_readonly(db.get(), "main") == 1) {
    return Error{ErrorCode::kReadOnly,
                 fmt::format("the journal {} is read-only. Check its permissions (and its "
                             "folder's), or use --data to choose another folder.",
                             file.string())};
  }

  // Read the version before changing anything: a newer or foreign file is refused untouched.
  const int version = read_schema_version(db.get());
  if (version < 0) return sqlite_error(db.get(), -version, file, "opening");
  if (version > latest_schema_version()) {
    return Error{
        ErrorCode::kFutureVersion,
        fmt::format("the journal {} was written by a newer velum (schema version {}, this velum knows up to "
                    "{}). It was left untouched; update velum to open it.",
                    file.string(), version, latest_schema_version())};
  }
  if (version == 0) {
    Statement tables(db.get(), "SELECT count(*) FROM sqlite_master");
    if (tables.prepare_code() != SQLITE_OK)
      return sqlite_error(db.get(), tables.prepare_code(), file, "opening");
    code = tables.step();
    if (code != SQLITE_ROW) return sqlite_error(db.get(), code, file, "opening");
    if (tables.column_int(0) > 0) {
      return Error{ErrorCode::kCorrupt,
                   fmt::format("{} is an SQLite database but not a velum journal. It was left "
                               "untouched; use --data to choose another folder.",
                               file.string())};
    }
  }

  const char* const settings[] = {"PRAGMA journal_mode=WAL", "PRAGMA foreign_keys=ON",
                                  "PRAGMA synchronous=NORMAL"};
  for (const char* setting : settings) {
    code = exec(db.get(), setting);
    if (code != SQLITE_OK) return sqlite_error(db.get(), code, file, "opening");
  }
  if (options.max_page_count) {
    const auto pragma = fmt::format("PRAGMA max_page_count={}", *options.max_page_count);
    code = exec(db.get(), pragma.c_str());
    if (code != SQLITE_OK) return sqlite_error(db.get(), code, file, "opening");
  }
  // Only a journal that needs it takes the write lock at open.
  if (version < latest_schema_version()) {
    code = migrate(db.get(), latest_schema_version(), to_utc_text(system_now().utc));
  }
  if (code != SQLITE_OK) return sqlite_error(db.get(), code, file, "updating the schema of");
  if (code != SQLITE_OK) return sqlite_error(db.get(), code, file, "updating the schema of");
  return db;
}

}  // namespace velum::journal::detail
