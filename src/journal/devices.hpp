#pragma once
// Devices paired with `velum serve` over the network (a phone on the home
// network): the record, and the store that keeps them in the journal file.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "journal/sqlite_store.hpp"
#include "journal/store.hpp"

namespace velum::journal {

// Longest device name kept (a User-Agent summary such as "Chrome on Android").
inline constexpr std::size_t kMaxDeviceNameLength = 120;
// A token hash as stored: 32 bytes as 64 lowercase hexadecimal digits.
inline constexpr std::size_t kTokenHashLength = 64;

struct Device {
  std::int64_t id = 0;  // shown by `velum devices`, named by `velum devices revoke ID`; never reused
  std::string user_id{kDefaultUser};
  std::string name;        // 1..kMaxDeviceNameLength characters
  std::string token_hash;  // kTokenHashLength lowercase hex digits; the token itself is never stored
  Timestamp paired_at;
  Timestamp last_seen_at;  // never before paired_at
  std::optional<Timestamp> revoked_at;

  bool revoked() const { return revoked_at.has_value(); }
  friend bool operator==(const Device&, const Device&) = default;
};

// The paired devices of one journal. An instance is used by one thread at a
// time; several instances (the server, `velum devices` in another process) may
// share one journal file, and a revocation is seen by the others' next read.
class DeviceStore {
 public:
  DeviceStore() = default;
  DeviceStore(const DeviceStore&) = delete;
  DeviceStore& operator=(const DeviceStore&) = delete;
  virtual ~DeviceStore() = default;

  // Stores a newly paired device (id, last_seen_at and revoked_at are chosen
  // here: a fresh id, paired_at, none) and returns it. kInvalidInput for an
  // empty or too long name or a malformed hash; kDuplicate when the hash is known.
  virtual Result<Device> add_device(const std::string& name, const std::string& token_hash,
                                    Timestamp paired_at) = 0;
  // The device, revoked or not, whose token hashes to `token_hash`; kNotFound otherwise.
  virtual Result<Device> find_by_token_hash(const std::string& token_hash) = 0;
  // Records that the device was seen at `when` (ignored when earlier than what is stored).
  virtual Status mark_seen(std::int64_t id, Timestamp when) = 0;
  // Every device, oldest pairing first, revoked ones included.
  virtual Result<std::vector<Device>> devices() = 0;
  // Ends the device's access at `when`. kNotFound when there is no such device;
  // revoking a revoked device succeeds and keeps the first revocation time.
  virtual Status revoke(std::int64_t id, Timestamp when) = 0;
};

// Opens the devices kept in the journal at `file` (creating and migrating the
// journal as open_sqlite_store does, with the same errors).
Result<std::unique_ptr<DeviceStore>> open_sqlite_device_store(const std::filesystem::path& file,
                                                              const SqliteOptions& options = {});

}  // namespace velum::journal
