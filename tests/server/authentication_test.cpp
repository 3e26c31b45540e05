// The pipeline's authentication step as `velum serve` runs it: a request from
// this computer to a loopback address needs no credential; any other request
// (another device, or this computer through a network address) needs a paired
// device's cookie, except the exchange of a pairing code for one.

#include <gtest/gtest.h>

#include <variant>

#include "journal/devices.hpp"
#include "server/pairing_desk.hpp"
#include "server_process.hpp"

namespace velum::server {
namespace {

using namespace std::chrono_literals;

ApiRequest request(std::string peer, std::string local, std::string method = "GET",
                   std::string path = "/api/v1/export") {
  ApiRequest request;
  request.method = std::move(method);
  request.path = std::move(path);
  request.peer_address = std::move(peer);
  request.local_address = std::move(local);
  return request;
}

class AuthenticationTest : public ::testing::Test {
 protected:
  void TearDown() override { std::filesystem::remove_all(dir_); }

  PairingDesk& desk() {
    if (!desk_) {
      auto devices = journal::open_sqlite_device_store(journal::journal_file(dir_));
      EXPECT_TRUE(devices) << devices.error().message;
      desk_ = std::make_unique<PairingDesk>(std::move(*devices), journal::system_clock(), PairingLimits{},
                                            system_steady_clock());
    }
    return *desk_;
  }

  static int refused_status(const Authentication& result) {
    return std::holds_alternative<ApiResponse>(result) ? std::get<ApiResponse>(result).status : 0;
  }

  std::filesystem::path dir_ = server_test::fresh_folder("authentication");
  std::unique_ptr<PairingDesk> desk_;
};

TEST(FromThisComputer, NeedsBothEndsOnTheLoopbackAddresses) {
  EXPECT_TRUE(from_this_computer(request("127.0.0.1", "127.0.0.1")));
  EXPECT_TRUE(from_this_computer(request("::1", "::1")));
  EXPECT_TRUE(from_this_computer(request("::ffff:127.0.0.1", "::ffff:127.0.0.1")));
  // Another loopback address stands in for the network in the tests, as a
  // network address of this machine would be.
  EXPECT_FALSE(from_this_computer(request("127.0.0.1", "127.0.0.2")));
  EXPECT_FALSE(from_this_computer(request("127.0.0.2", "127.0.0.2")));
  EXPECT_FALSE(from_this_computer(request("192.168.1.20", "192.168.1.5")));
  EXPECT_FALSE(from_this_computer(request("192.168.1.5", "192.168.1.5")));
  EXPECT_FALSE(from_this_computer(request("", "")));
}

TEST_F(AuthenticationTest, ThisComputerActsForTheJournalsUserWithNoCredential) {
  const auto result = desk().authenticate(request("127.0.0.1", "127.0.0.1"));
  ASSERT_TRUE(std::holds_alternative<Identity>(result));
  EXPECT_EQ(std::get<Identity>(result).user_id, "local");
}

TEST_F(AuthenticationTest, AnotherDeviceWithoutACookieIsRefusedWith401) {
  EXPECT_EQ(refused_status(desk().authenticate(request("192.168.1.20", "192.168.1.5"))), 401);
  EXPECT_EQ(refused_status(desk().authenticate(request("127.0.0.1", "127.0.0.2"))), 401);
}

TEST_F(AuthenticationTest, AMadeUpCookieIsRefusedWith401) {
  auto made_up = request("192.168.1.20", "192.168.1.5");
  made_up.headers.emplace("Cookie", std::string(kDeviceCookieName) + "=" + std::string(64, 'a'));
  EXPECT_EQ(refused_status(desk().authenticate(made_up)), 401);
}

TEST_F(AuthenticationTest, OnlyTheCodeExchangeIsOpenToAnUnpairedDevice) {
  const auto exchange =
      desk().authenticate(request("192.168.1.20", "192.168.1.5", "POST", "/api/v1/pairing"));
  EXPECT_TRUE(std::holds_alternative<Identity>(exchange));
  // Asking for a new code, or for the list of devices, is for this computer only.
  EXPECT_EQ(refused_status(
                desk().authenticate(request("192.168.1.20", "192.168.1.5", "POST", "/api/v1/pairing/code"))),
            401);
  EXPECT_EQ(
      refused_status(desk().authenticate(request("192.168.1.20", "192.168.1.5", "GET", "/api/v1/devices"))),
      401);
}

TEST_F(AuthenticationTest, TheFrontEndsFilesAreOpenToAnUnpairedDeviceButItsDataIsNot) {
  for (const char* path : {"/", "/index.html", "/assets/app.js", "/sw.js"}) {
    EXPECT_TRUE(std::holds_alternative<Identity>(
        desk().authenticate(request("192.168.1.20", "192.168.1.5", "GET", path))))
        << path;
  }
  EXPECT_EQ(
      refused_status(desk().authenticate(request("192.168.1.20", "192.168.1.5", "HEAD", "/api/v1/export"))),
      401);
  EXPECT_EQ(
      refused_status(desk().authenticate(request("192.168.1.20", "192.168.1.5", "POST", "/index.html"))),
      401);
}

}  // namespace
}  // namespace velum::server
