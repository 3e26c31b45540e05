// The pipeline's checks as functions: which Host names pass, which writes are
// cross-site, which content types a write may carry, and the headers added.

#include "server/checks.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace velum::server {
namespace {

ApiRequest request(std::string method, std::string path,
                   std::vector<std::pair<std::string, std::string>> headers) {
  ApiRequest out;
  out.method = std::move(method);
  out.path = std::move(path);
  out.target = out.path;
  for (auto& [name, value] : headers) out.headers.emplace(std::move(name), std::move(value));
  return out;
}

std::string field_of(const ApiResponse& response) {
  return nlohmann::json::parse(response.body)["error"]["field"].get<std::string>();
}

TEST(HostName, DropsThePortTheCaseAndOneTrailingDot) {
  EXPECT_EQ(host_name_of("LocalHost.:8737"), "localhost");
  EXPECT_EQ(host_name_of("127.0.0.1"), "127.0.0.1");
  EXPECT_EQ(host_name_of("[::1]:8737"), "[::1]");
  EXPECT_EQ(host_name_of("[::1]"), "[::1]");
  EXPECT_EQ(host_name_of("localhost:"), "localhost");
}

TEST(HostName, RefusesWhatIsNotAHost) {
  for (const char* value : {"", ":8737", "::1", "[::1", "[::1]x", "localhost:87a", "local host", "a@b",
                            "localhost:123456", "[evil.example]"}) {
    EXPECT_EQ(host_name_of(value), std::nullopt) << value;
  }
}

TEST(AllowedHosts, AddsTheServedAddressAndAliasesOnce) {
  EXPECT_EQ(allowed_host_names({"127.0.0.1", "::1", "My-PC.local.", "192.168.1.20"}),
            (std::vector<std::string>{"localhost", "127.0.0.1", "[::1]", "my-pc.local", "192.168.1.20"}));
}

TEST(ApiHosts, PassesLoopbackNamesWithOrWithoutPort) {
  const auto allowed = allowed_host_names({});
  for (const char* host : {"localhost", "localhost:8737", "LOCALHOST:8737", "localhost.:8737",
                           "127.0.0.1:8737", "127.0.0.1", "[::1]:8737", "[::1]"}) {
    EXPECT_EQ(check_host(request("GET", "/api/v1/export", {{"Host", host}}), allowed), std::nullopt) << host;
  }
}

TEST(ApiHosts, RefusesForeignHostBeforeRouting) {
  const auto allowed = allowed_host_names({});
  for (const char* host : {"evil.example", "evil.example:8737", "localhost.evil.example",
                           "127.0.0.1.nip.io:8737", "localhost..", "127.0.0.2", "[::2]", "0.0.0.0:8737"}) {
    const auto refused = check_host(request("GET", "/api/v1/export", {{"Host", host}}), allowed);
    ASSERT_TRUE(refused) << host;
    EXPECT_EQ(refused->status, 421) << host;
    EXPECT_EQ(field_of(*refused), "host");
  }
}

TEST(ApiHosts, RefusesAMissingOrDoubledHost) {
  const auto allowed = allowed_host_names({});
  EXPECT_EQ(check_host(request("GET", "/", {}), allowed)->status, 421);
  EXPECT_EQ(
      check_host(request("GET", "/", {{"Host", "localhost"}, {"Host", "evil.example"}}), allowed)->status,
      421);
  EXPECT_EQ(check_host(request("GET", "/", {{"Host", "localhost"}, {"host", "localhost"}}), allowed)->status,
            421);
}

TEST(ApiHosts, RefusesAnAbsoluteFormTarget) {
  auto absolute = request("GET", "/api/v1/export", {{"Host", "localhost"}});
  absolute.target = "http://evil.example/api/v1/export";
  EXPECT_EQ(check_host(absolute, allowed_host_names({}))->status, 421);
}

TEST(ApiHosts, PassesTheNamesTheServerWasToldToServe) {
  const auto allowed = allowed_host_names({"velum.home.arpa"});
  EXPECT_EQ(check_host(request("GET", "/", {{"Host", "Velum.Home.Arpa:8737"}}), allowed), std::nullopt);
}

TEST(ApiOrigins, RefusesAWriteFromAnotherOrigin) {
  for (const char* origin : {"http://evil.example", "null", "http://127.0.0.1:9999",
                             "http://localhost:8737.evil", "file://", "http://127.0.0.1"}) {
    const auto refused =
        check_origin(request("POST", "/api/v1/checkins", {{"Host", "127.0.0.1:8737"}, {"Origin", origin}}));
    ASSERT_TRUE(refused) << origin;
    EXPECT_EQ(refused->status, 403) << origin;
    EXPECT_EQ(field_of(*refused), "origin");
  }
}

TEST(ApiOrigins, PassesItsOwnOriginNoOriginAndReads) {
  EXPECT_EQ(check_origin(request("POST", "/api/v1/checkins",
                                 {{"Host", "127.0.0.1:8737"}, {"Origin", "http://127.0.0.1:8737"}})),
            std::nullopt);
  EXPECT_EQ(check_origin(request("DELETE", "/api/v1/checkins/x",
                                 {{"Host", "localhost:8737"}, {"Origin", "HTTP://LOCALHOST:8737"}})),
            std::nullopt);
  EXPECT_EQ(check_origin(request("POST", "/api/v1/checkins", {{"Host", "127.0.0.1:8737"}})), std::nullopt);
  EXPECT_EQ(check_origin(request("GET", "/api/v1/export", {{"Host", "127.0.0.1:8737"}, {"Origin", "null"}})),
            std::nullopt);
}

TEST(ApiContentTypes, WritesNeedJson) {
  for (const char* type : {"text/plain", "application/x-www-form-urlencoded",
                           "multipart/form-data; boundary=x", "application/jsonx", "audio/wav", ""}) {
    const auto refused = check_content_type(request("POST", "/api/v1/checkins", {{"Content-Type", type}}));
    ASSERT_TRUE(refused) << type;
    EXPECT_EQ(refused->status, 415) << type;
    EXPECT_EQ(field_of(*refused), "Content-Type");
  }
  EXPECT_EQ(check_content_type(request("POST", "/api/v1/checkins", {{"Content-Type", "application/json"}})),
            std::nullopt);
  EXPECT_EQ(check_content_type(
                request("PUT", "/api/v1/checkins/x", {{"Content-Type", "Application/JSON; charset=utf-8"}})),
            std::nullopt);
}

TEST(ApiContentTypes, VoiceUploadsNeedAnAudioType) {
  EXPECT_EQ(check_content_type(request("POST", "/api/v1/voice/analyze", {{"Content-Type", "audio/wav"}})),
            std::nullopt);
  EXPECT_EQ(check_content_type(request("POST", "/api/v1/voice/range", {{"Content-Type", "audio/flac"}})),
            std::nullopt);
  for (const char* type : {"text/plain", "application/json", "multipart/form-data; boundary=x", "audio/"}) {
    EXPECT_EQ(check_content_type(request("POST", "/api/v1/voice/analyze", {{"Content-Type", type}}))->status,
              415)
        << type;
  }
}

TEST(ApiContentTypes, ReadsAndBodilessDeletesNeedNoType) {
  EXPECT_EQ(check_content_type(request("GET", "/api/v1/export", {})), std::nullopt);
  EXPECT_EQ(check_content_type(request("DELETE", "/api/v1/checkins/x", {})), std::nullopt);
  EXPECT_EQ(check_content_type(request("DELETE", "/api/v1/checkins/x", {{"Content-Length", "2"}}))->status,
            415);
}

TEST(SecurityHeaders, EveryAnswerGetsThemAndApiAnswersAreNotStored) {
  ApiResponse page;
  page.headers["Access-Control-Allow-Origin"] = "*";
  add_security_headers("/index.html", page);
  EXPECT_EQ(page.headers.at("Content-Security-Policy"), kContentSecurityPolicy);
  EXPECT_EQ(page.headers.at("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(page.headers.at("Referrer-Policy"), "no-referrer");
  EXPECT_EQ(page.headers.at("X-Frame-Options"), "DENY");
  EXPECT_EQ(page.headers.at("Permissions-Policy"), kPermissionsPolicy);
  EXPECT_FALSE(page.headers.contains("Cache-Control"));
  EXPECT_FALSE(page.headers.contains("Access-Control-Allow-Origin"));
  ApiResponse api;
  add_security_headers("/api/v1/health", api);
  EXPECT_EQ(api.headers.at("Cache-Control"), "no-store");
}

TEST(SecurityHeaders, ThePolicyIsStrict) {
  const std::string policy(kContentSecurityPolicy);
  EXPECT_EQ(policy.find("unsafe-inline"), std::string::npos);
  EXPECT_EQ(policy.find("unsafe-eval"), std::string::npos);
  for (const char* directive :
       {"default-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'"}) {
    EXPECT_NE(policy.find(directive), std::string::npos) << directive;
  }
}

}  // namespace
}  // namespace velum::server
