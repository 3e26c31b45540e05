// `velum devices` lists the phones and other devices paired with `velum serve`
// over the network; `velum devices revoke ID` ends one's access at once.

#include <fmt/format.h>

#include <charconv>
#include <ostream>

#include "cli/journal_access.hpp"
#include "journal/devices.hpp"
#include "journal/sqlite_store.hpp"

namespace velum::cli {
namespace {

struct DevicesOptions {
  DataOptions data;
  std::string revoke_id;
};

// "2026-11-25 14:03" in the time zone it was recorded in.
std::string local_minute(const journal::Timestamp& when) {
  const auto text = journal::to_iso8601(when);  // 2026-11-25T14:03:08+01:00
  return text.substr(0, 10) + " " + text.substr(11, 5);
}

std::unique_ptr<journal::DeviceStore> open_devices(const Context& context, const DevicesOptions& options,
                                                   CommandResult& result) {
  // The same rule as every journal command: a mistyped --data never makes a new journal.
  if (const auto refusal = refuse_new_journal(context, options.data); !refusal.empty()) {
    fail(context, result, kExitUnreadable, refusal);
    return nullptr;
  }
  auto store = journal::open_sqlite_device_store(journal::journal_file(data_folder(context, options.data)));
  if (!store) {
    fail(context, result, kExitUnreadable, store.error().message);
    return nullptr;
  }
  return std::move(*store);
}

void list_devices(const Context& context, const DevicesOptions& options, CommandResult& result) {
  auto store = open_devices(context, options, result);
  if (!store) return;
  auto devices = store->devices();
  if (!devices) return fail(context, result, exit_code_for(devices.error()), devices.error().message);
  auto& out = *context.out;
  if (devices->empty()) {
    out << "No devices are paired with velum serve.\n";
    return;
  }
  out << fmt::format("{:>4}  {:<28}  {:<16}  {:<16}  {}\n", "ID", "Name", "Paired", "Last seen", "Status");
  for (const auto& device : *devices) {
    const std::string status =
        device.revoked() ? fmt::format("revoked {}", local_minute(*device.revoked_at)) : "active";
    out << fmt::format("{:>4}  {:<28}  {:<16}  {:<16}  {}\n", device.id, device.name,
                       local_minute(device.paired_at), local_minute(device.last_seen_at), status);
  }
}

void revoke_device(const Context& context, const DevicesOptions& options, CommandResult& result) {
  std::int64_t id = 0;
  const auto* end = options.revoke_id.data() + options.revoke_id.size();
  const auto [ptr, ec] = std::from_chars(options.revoke_id.data(), end, id);
  if (options.revoke_id.empty() || ec != std::errc{} || ptr != end || id < 1) {
    return fail(context, result, kExitInvalid,
                fmt::format("'{}' is not a device ID; `velum devices` lists them (the first column)",
                            options.revoke_id));
  }
  auto store = open_devices(context, options, result);
  if (!store) return;
  if (auto revoked = store->revoke(id, journal::system_now()); !revoked) {
    return fail(context, result, exit_code_for(revoked.error()), revoked.error().message);
  }
  *context.out << fmt::format(
      "Device {} is revoked: its next request is refused, even while velum serve is running.\n", id);
}

}  // namespace

void add_devices_command(CLI::App& app, const Context& context, CommandResult& result) {
  auto options = std::make_shared<DevicesOptions>();
  auto* command = app.add_subcommand("devices", "List the devices paired with velum serve over the network");
  add_data_option(*command, options->data);
  auto* revoke = command->add_subcommand("revoke", "End a paired device's access at once");
  revoke->add_option("ID", options->revoke_id, "The device's ID, as `velum devices` lists it")->required();
  add_data_option(*revoke, options->data);
  revoke->callback([&context, &result, options] { revoke_device(context, *options, result); });
  command->callback([&context, &result, options, revoke] {
    if (revoke->parsed()) return;
    list_devices(context, *options, result);
  });
}

}  // namespace velum::cli
