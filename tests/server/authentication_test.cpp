// The pipeline's authentication step: loopback peers need no credential, and
// every other peer is judged by the rule the server was given.

#include "server/authentication.hpp"

#include <gtest/gtest.h>

#include <variant>

namespace velum::server {
namespace {

ApiRequest from(std::string peer) {
  ApiRequest request;
  request.method = "GET";
  request.path = "/api/v1/export";
  request.peer_address = std::move(peer);
  return request;
}

Authentication refuse(const ApiRequest&) {
  ApiResponse refusal;
  refusal.status = 401;
  return refusal;
}

TEST(Authentication, LoopbackAddressesAreRecognised) {
  for (const char* address : {"127.0.0.1", "127.0.0.2", "127.255.255.254", "::1", "::ffff:127.0.0.1"}) {
    EXPECT_TRUE(is_loopback(address)) << address;
  }
  for (const char* address : {"192.168.1.20", "10.0.0.1", "::ffff:192.168.1.20", "fe80::1", "0.0.0.0", "",
                              "localhost", "128.0.0.1"}) {
    EXPECT_FALSE(is_loopback(address)) << address;
  }
}

TEST(Authentication, LoopbackPeersNeedNoCredential) {
  const auto step = loopback_or(refuse);
  const auto result = step(from("127.0.0.1"));
  ASSERT_TRUE(std::holds_alternative<Identity>(result));
  EXPECT_EQ(std::get<Identity>(result).user_id, "local");
}

TEST(Authentication, OtherPeersAreJudgedByTheRemoteRule) {
  const auto step = loopback_or(refuse);
  const auto result = step(from("192.168.1.20"));
  ASSERT_TRUE(std::holds_alternative<ApiResponse>(result));
  EXPECT_EQ(std::get<ApiResponse>(result).status, 401);
}

}  // namespace
}  // namespace velum::server
