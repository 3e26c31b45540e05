// The device credential as the server checks it: the cookie's attributes, and
// every token that must not pass (missing, made up, another journal's, revoked).

#include "server/device_access.hpp"

#include <gtest/gtest.h>

#include "server/pairing.hpp"
#include "server_process.hpp"

namespace velum::server {
namespace {

using namespace std::chrono_literals;

const journal::Timestamp kStart{std::chrono::sys_days{std::chrono::year{2026} / 12 / 6} + 9h, 60min};

class DeviceAccessTest : public ::testing::Test {
 protected:
  void TearDown() override {
    std::filesystem::remove_all(dir_);
    std::filesystem::remove_all(other_dir_);
  }
  DeviceAccess open(const std::filesystem::path& dir) {
    auto store = journal::open_sqlite_device_store(journal::journal_file(dir));
    EXPECT_TRUE(store) << store.error().message;
    return DeviceAccess(std::move(*store), [this] { return now_; });
  }
  static std::string cookie_header(const std::string& token) {
    return "theme=dark; " + std::string(kDeviceCookieName) + "=" + token + "; other=1";
  }

  journal::Timestamp now_ = kStart;
  std::filesystem::path dir_ = server_test::fresh_folder("device-access");
  std::filesystem::path other_dir_ = server_test::fresh_folder("device-access-other");
};

TEST(DeviceCookie, IsHttpOnlySecureStrictAndForTheWholeSite) {
  const auto cookie = device_cookie("abc");
  EXPECT_EQ(cookie.rfind("__Host-velum-device=abc; ", 0), 0U) << cookie;
  for (const char* attribute :
       {"; HttpOnly", "; Secure", "; SameSite=Strict", "; Path=/", "; Max-Age=34560000"}) {
    EXPECT_NE(cookie.find(attribute), std::string::npos) << attribute << " missing in " << cookie;
  }
  EXPECT_EQ(cookie.find("Domain"), std::string::npos);
}

TEST(DeviceCookie, IsFoundAmongOtherCookies) {
  EXPECT_EQ(cookie_value("a=1; __Host-velum-device=tok; b=2", kDeviceCookieName), "tok");
  EXPECT_EQ(cookie_value("__Host-velum-device=first;__Host-velum-device=second", kDeviceCookieName), "first");
  EXPECT_FALSE(cookie_value("velum-device=tok; x__Host-velum-device=tok", kDeviceCookieName));
  EXPECT_FALSE(cookie_value("", kDeviceCookieName));
}

TEST_F(DeviceAccessTest, APairedDeviceIsKnownByItsCookie) {
  auto access = open(dir_);
  auto paired = access.pair("Mozilla/5.0 (Linux; Android 14) Chrome/124.0 Mobile Safari/537.36");
  ASSERT_TRUE(paired) << paired.error().message;
  auto device = access.device_for(cookie_header(paired->second));
  ASSERT_TRUE(std::holds_alternative<journal::Device>(device));
  EXPECT_EQ(std::get<journal::Device>(device).name, "Chrome on Android");
  EXPECT_EQ(std::get<journal::Device>(device).id, paired->first.id);
}

TEST_F(DeviceAccessTest, NoCookieAMadeUpTokenOrAnEmptyOneIsRefused) {
  auto access = open(dir_);
  ASSERT_TRUE(access.pair("curl/8"));
  EXPECT_TRUE(std::holds_alternative<DeviceRefusal>(access.device_for(std::nullopt)));
  EXPECT_TRUE(std::holds_alternative<DeviceRefusal>(access.device_for("theme=dark")));
  EXPECT_TRUE(
      std::holds_alternative<DeviceRefusal>(access.device_for(cookie_header(new_device_token().token))));
  EXPECT_TRUE(std::holds_alternative<DeviceRefusal>(access.device_for(cookie_header(""))));
}

TEST_F(DeviceAccessTest, ACookieFromAnotherDataFolderIsRefused) {
  auto other = open(other_dir_);
  auto paired_elsewhere = other.pair("curl/8");
  ASSERT_TRUE(paired_elsewhere);
  auto access = open(dir_);
  EXPECT_TRUE(
      std::holds_alternative<DeviceRefusal>(access.device_for(cookie_header(paired_elsewhere->second))));
}

TEST_F(DeviceAccessTest, ARevokedDeviceIsRefusedAtItsNextRequest) {
  auto access = open(dir_);
  auto paired = access.pair("curl/8");
  ASSERT_TRUE(paired);
  ASSERT_TRUE(std::holds_alternative<journal::Device>(access.device_for(cookie_header(paired->second))));
  ASSERT_TRUE(access.revoke(paired->first.id));
  const auto refused = access.device_for(cookie_header(paired->second));
  ASSERT_TRUE(std::holds_alternative<DeviceRefusal>(refused));
  EXPECT_NE(std::get<DeviceRefusal>(refused).message.find("revoked"), std::string::npos);
}

TEST_F(DeviceAccessTest, LastSeenIsNotedAtMostOnceAMinute) {
  auto access = open(dir_);
  auto paired = access.pair("curl/8");
  ASSERT_TRUE(paired);
  now_.utc += 30s;
  auto early = access.device_for(cookie_header(paired->second));
  EXPECT_EQ(std::get<journal::Device>(early).last_seen_at, kStart);
  now_.utc += 60s;
  auto later = access.device_for(cookie_header(paired->second));
  EXPECT_EQ(std::get<journal::Device>(later).last_seen_at.utc, kStart.utc + 90s);
  EXPECT_EQ(access.devices()->front().last_seen_at.utc, kStart.utc + 90s);
}

}  // namespace
}  // namespace velum::server
