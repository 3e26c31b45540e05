// `velum devices` in its own process, beside a server's device check on the
// same journal: it lists what was paired, and its revocation is seen at the
// server's next check, with nothing restarted.

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <memory>

#include "server/device_access.hpp"
#include "server_process.hpp"

namespace velum::server {
namespace {

struct Run {
  int exit_code = -1;
  std::string out;
};

Run velum(const std::string& arguments) {
  Run run;
  const std::string command = std::string(VELUM_BINARY) + " " + arguments + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return run;
  std::array<char, 512> buffer{};
  while (std::fgets(buffer.data(), static_cast<int>(buffer.size()), pipe) != nullptr)
    run.out += buffer.data();
  const int status = ::pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

class DevicesCommand : public ::testing::Test {
 protected:
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_ = server_test::fresh_folder("devices-cli");
};

TEST_F(DevicesCommand, SaysHowToPairWhenNothingIsPaired) {
  const auto listed = velum("devices --data " + dir_.string() + " --init");
  EXPECT_EQ(listed.exit_code, 0);
  EXPECT_NE(listed.out.find("No devices are paired"), std::string::npos) << listed.out;
}

TEST_F(DevicesCommand, ListsAPairedDeviceAndRevokesItForTheRunningServer) {
  auto store = journal::open_sqlite_device_store(journal::journal_file(dir_));
  ASSERT_TRUE(store) << store.error().message;
  DeviceAccess server_side(std::move(*store), journal::system_clock());
  auto paired =
      server_side.pair("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) Version/17.4 Safari/604.1");
  ASSERT_TRUE(paired);
  const std::string cookie = std::string(kDeviceCookieName) + "=" + paired->second;

  const auto listed = velum("devices --data " + dir_.string() + " --init");
  EXPECT_EQ(listed.exit_code, 0) << listed.out;
  EXPECT_NE(listed.out.find("Safari on iPhone"), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("active"), std::string::npos) << listed.out;
  EXPECT_EQ(listed.out.find(paired->second), std::string::npos) << "the token must never be shown";

  const auto revoked = velum(fmt::format("devices revoke {} --data {} --init", paired->first.id, dir_.string()));
  EXPECT_EQ(revoked.exit_code, 0) << revoked.out;
  EXPECT_TRUE(std::holds_alternative<DeviceRefusal>(server_side.device_for(cookie)));
  EXPECT_NE(velum("devices --data " + dir_.string() + " --init").out.find("revoked"), std::string::npos);
}

TEST_F(DevicesCommand, RefusesAnIdThatIsNotANumberOrNotADevice) {
  const auto bad = velum("devices revoke first --data " + dir_.string() + " --init");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.out.find("'first' is not a device ID"), std::string::npos) << bad.out;
  const auto unknown = velum("devices revoke 7 --data " + dir_.string() + " --init");
  EXPECT_NE(unknown.exit_code, 0);
  EXPECT_NE(unknown.out.find("there is no device 7"), std::string::npos) << unknown.out;
}

}  // namespace
}  // namespace velum::server
