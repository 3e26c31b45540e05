// The paired devices in the SQLite journal (schema migration 6). Each write is
// one statement, so SQLite's implicit transaction is the whole write.

#include <fmt/format.h>

#include <algorithm>

#include "journal/detail/open_database.hpp"
#include "journal/detail/sqlite_handle.hpp"
#include "journal/devices.hpp"

namespace velum::journal {
namespace {

using detail::DbHandle;
using detail::Statement;

constexpr const char* kDeviceColumns =
    "id, user_id, name, token_hash, paired_at, paired_at_offset_minutes, last_seen_at, "
    "last_seen_at_offset_minutes, revoked_at, revoked_at_offset_minutes";

bool is_token_hash(const std::string& hash) {
  return hash.size() == kTokenHashLength && std::all_of(hash.begin(), hash.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

class SqliteDeviceStore final : public DeviceStore {
 public:
  SqliteDeviceStore(DbHandle db, std::filesystem::path file) : db_(std::move(db)), file_(std::move(file)) {}

  Result<Device> add_device(const std::string& name, const std::string& token_hash,
                            Timestamp paired_at) override {
    if (name.empty() || name.size() > kMaxDeviceNameLength) {
      return Error{ErrorCode::kInvalidInput,
                   fmt::format("a device name must have 1 to {} characters; this one has {}",
                               kMaxDeviceNameLength, name.size())};
    }
    if (!is_token_hash(token_hash)) {
      return Error{
          ErrorCode::kInvalidInput,
          fmt::format("a device's token hash must be {} lowercase hexadecimal digits", kTokenHashLength)};
    }
    Statement insert(db_.get(),
                     "INSERT INTO devices (user_id, name, token_hash, paired_at, paired_at_offset_minutes, "
                     "last_seen_at, last_seen_at_offset_minutes) VALUES (?1, ?2, ?3, ?4, ?5, ?4, ?5)");
    if (insert.prepare_code() != SQLITE_OK) return fail(insert.prepare_code(), "pairing a device in");
    insert.bind(1, kDefaultUser);
    insert.bind(2, name);
    insert.bind(3, token_hash);
    insert.bind(4, to_utc_text(paired_at.utc));
    insert.bind(5, static_cast<int>(paired_at.utc_offset.count()));
    const int code = insert.step();
    if (code == SQLITE_CONSTRAINT_UNIQUE) {
      return Error{ErrorCode::kDuplicate, "a device with this token is already paired"};
    }
    if (code != SQLITE_DONE) return fail(code, "pairing a device in");
    Device device;
    device.id = sqlite3_last_insert_rowid(db_.get());
    device.name = name;
    device.token_hash = token_hash;
    device.paired_at = paired_at;
    device.last_seen_at = paired_at;
    return device;
  }

  Result<Device> find_by_token_hash(const std::string& token_hash) override {
    Statement select(db_.get(), fmt::format("SELECT {} FROM devices WHERE token_hash = ?1", kDeviceColumns));
    select.bind(1, token_hash);
    auto found = read_all(select);
    if (!found) return found.error();
    if (found->empty()) return Error{ErrorCode::kNotFound, "no device is paired with this token"};
    return found->front();
  }

  Status mark_seen(std::int64_t id, Timestamp when) override {
    Statement update(db_.get(),
                     "UPDATE devices SET last_seen_at = ?1, last_seen_at_offset_minutes = ?2 "
                     "WHERE id = ?3 AND last_seen_at < ?1");
    update.bind(1, to_utc_text(when.utc));
    update.bind(2, static_cast<int>(when.utc_offset.count()));
    update.bind(3, id);
    return run(update, "noting when a device was seen in");
  }

  Result<std::vector<Device>> devices() override {
    Statement select(db_.get(), fmt::format("SELECT {} FROM devices ORDER BY id", kDeviceColumns));
    return read_all(select);
  }

  Status revoke(std::int64_t id, Timestamp when) override {
    Statement update(db_.get(),
                     "UPDATE devices SET revoked_at = coalesce(revoked_at, ?1), "
                     "revoked_at_offset_minutes = coalesce(revoked_at_offset_minutes, ?2) WHERE id = ?3");
    update.bind(1, to_utc_text(when.utc));
    update.bind(2, static_cast<int>(when.utc_offset.count()));
    update.bind(3, id);
    if (auto status = run(update, "revoking a device in"); !status) return status;
    if (sqlite3_changes(db_.get()) == 0) {
      return Error{ErrorCode::kNotFound,
                   fmt::format("there is no device {}; `velum devices` lists the paired ones", id)};
    }
    return ok_status();
  }

 private:
  Error fail(int code, std::string_view doing) { return detail::sqlite_error(db_.get(), code, file_, doing); }

  Status run(Statement& statement, std::string_view doing) {
    if (statement.prepare_code() != SQLITE_OK) return fail(statement.prepare_code(), doing);
    const int code = statement.step();
    if (code != SQLITE_DONE) return fail(code, doing);
    return ok_status();
  }

  Result<std::vector<Device>> read_all(Statement& select) {
    if (select.prepare_code() != SQLITE_OK) return fail(select.prepare_code(), "reading the devices of");
    std::vector<Device> found;
    int code = SQLITE_ROW;
    while ((code = select.step()) == SQLITE_ROW) {
      Device device;
      device.id = select.column_int(0);
      device.user_id = select.column_text(1);
      device.name = select.column_text(2);
      device.token_hash = select.column_text(3);
      auto paired = parse_utc_text(select.column_text(4));
      auto seen = parse_utc_text(select.column_text(6));
      if (!paired || !seen) {
        return Error{ErrorCode::kCorrupt,
                     fmt::format("device {} in the journal {} has an unreadable time; restore the journal "
                                 "from a backup or revoke the device",
                                 device.id, file_.string())};
      }
      device.paired_at = {*paired, std::chrono::minutes(select.column_int(5))};
      device.last_seen_at = {*seen, std::chrono::minutes(select.column_int(7))};
      if (!select.column_is_null(8)) {
        auto revoked = parse_utc_text(select.column_text(8));
        if (!revoked) {
          return Error{ErrorCode::kCorrupt,
                       fmt::format("device {} in the journal {} has an unreadable revocation time; restore "
                                   "the journal from a backup",
                                   device.id, file_.string())};
        }
        device.revoked_at = Timestamp{*revoked, std::chrono::minutes(select.column_int(9))};
      }
      found.push_back(std::move(device));
    }
    if (code != SQLITE_DONE) return fail(code, "reading the devices of");
    return found;
  }

  DbHandle db_;
  std::filesystem::path file_;
};

}  // namespace

Result<std::unique_ptr<DeviceStore>> open_sqlite_device_store(const std::filesystem::path& file,
                                                              const SqliteOptions& options) {
  auto db = detail::open_journal_database(file, options);
  if (!db) return db.error();
  return std::unique_ptr<DeviceStore>(std::make_unique<SqliteDeviceStore>(std::move(*db), file));
}

}  // namespace velum::journal
