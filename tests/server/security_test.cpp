// The server as a web page or a rebinding DNS name would attack it, against a
// real `velum serve`: foreign Host names, cross-site writes and framing. Every
// refusal is a JSON error, never reaches a route, and stores nothing. Each test
// runs twice: on 127.0.0.1 over HTTP, and on 127.0.0.2 (standing in for the
// network address) over HTTPS as a paired device, whose cookie gets it past
// authentication, so the checks before it are what refuse.

#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "network_server.hpp"
#include "server_process.hpp"

namespace velum::server_test {
namespace {

using nlohmann::json;

enum class Where { kThisComputer, kNetwork };

constexpr const char* kNetworkHost = "127.0.0.2";

class SecurityTest : public ::testing::TestWithParam<Where> {
 protected:
  void SetUp() override { start({}); }
  void TearDown() override {
    client_.reset();
    server_.reset();
    network_.reset();
    std::filesystem::remove_all(folder_);
  }
  void start(std::vector<std::string> arguments) {
    client_.reset();
    server_.reset();
    network_.reset();
    if (folder_.empty()) folder_ = fresh_folder("security");
    if (GetParam() == Where::kThisComputer) {
      server_ = std::make_unique<ServerProcess>(folder_, std::move(arguments));
      ASSERT_TRUE(server_->started());
      port_ = server_->port();
      client_ = server_->client();
      return;
    }
    arguments.insert(arguments.begin(), {"--host", kNetworkHost});
    network_ = std::make_unique<NetworkServer>(folder_, arguments);
    ASSERT_TRUE(network_->started());
    port_ = network_->port();
    client_ = network_->client(kNetworkHost);
    auto paired =
        client_->Post("/api/v1/pairing", json{{"code", network_->code()}}.dump(), "application/json");
    ASSERT_TRUE(paired && paired->status == 201);
    const auto set_cookie = paired->get_header_value("Set-Cookie");
    client_->set_default_headers({{"Cookie", set_cookie.substr(0, set_cookie.find(';'))}});
  }
  bool network() const { return GetParam() == Where::kNetwork; }
  std::string own_host() const {
    return std::string(network() ? kNetworkHost : "127.0.0.1") + ":" + std::to_string(port_);
  }
  std::string own_origin() const { return std::string(network() ? "https://" : "http://") + own_host(); }
  // `request` sent as written, for what no client library would send.
  std::string exchange(const std::string& request) const {
    return network() ? tls_exchange(kNetworkHost, port_, request) : raw_exchange(port_, request);
  }

  // The journal export without its one line that changes by itself (the
  // moment of the export), so two exports of the same journal compare equal
  // byte for byte.
  std::string journal_export() {
    auto result = client_->Get("/api/v1/export?format=json");
    EXPECT_TRUE(result && result->status == 200);
    if (!result) return {};
    return std::regex_replace(result->body, std::regex(R"(\n *"exported_at": "[^"]*",?)"), "");
  }
  std::string add_checkin() {
    auto result = client_->Post("/api/v1/checkins", R"({"calm": 7, "note": "stored"})", "application/json");
    EXPECT_TRUE(result && result->status == 201);
    return result ? json::parse(result->body)["id"].get<std::string>() : "";
  }
  static json error_of(const httplib::Result& result) {
    EXPECT_EQ(result->get_header_value("Content-Type"), "application/json");
    return json::parse(result->body).value("error", json::object());
  }

  std::filesystem::path folder_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<NetworkServer> network_;
  int port_ = 0;
  std::unique_ptr<httplib::Client> client_;
};

TEST_P(SecurityTest, ForeignHostNamesAreRefusedOnEveryPath) {
  add_checkin();
  const auto port = std::to_string(port_);
  for (const auto& host :
       std::vector<std::string>{"evil.example:" + port, "evil.example", "localhost.evil.example:" + port,
                                "127.0.0.1.nip.io:" + port, "127.0.0.3:" + port, "[::2]:" + port}) {
    for (const char* path : {"/api/v1/export?format=json", "/api/v1/checkins", "/", "/index.html"}) {
      auto result = client_->Get(path, {{"Host", host}});
      ASSERT_TRUE(result) << host << path;
      EXPECT_EQ(result->status, 421) << host << path;
      EXPECT_EQ(error_of(result)["field"], "host") << host << path;
      EXPECT_EQ(result->body.find("stored"), std::string::npos) << "journal data leaked to " << host;
    }
  }
}

TEST_P(SecurityTest, LoopbackNamesPassWithAnyCaseAPortAndATrailingDot) {
  const auto port = std::to_string(port_);
  for (const auto& host : std::vector<std::string>{"localhost:" + port, "LocalHost.:" + port, "localhost",
                                                   "127.0.0.1:" + port, "[::1]:" + port, "[::1]"}) {
    auto result = client_->Get("/api/v1/health", {{"Host", host}});
    ASSERT_TRUE(result) << host;
    EXPECT_EQ(result->status, 200) << host;
  }
}

TEST_P(SecurityTest, AMissingOrDoubledHostOrAnAbsoluteTargetIsRefused) {
  EXPECT_EQ(status_of(exchange("GET /api/v1/export HTTP/1.1\r\nConnection: close\r\n\r\n")), 421);
  EXPECT_EQ(status_of(exchange("GET /api/v1/export HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\n"
                               "Connection: close\r\n\r\n")),
            421);
  const auto absolute = exchange(
      "GET http://evil.example/api/v1/export HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(status_of(absolute), 421);
  EXPECT_NE(absolute.find("\"host\""), std::string::npos);
}

TEST_P(SecurityTest, AllowedHostNamesAreServed) {
  start({"--allowed-host", "velum.home.arpa", "--allowed-host", "Journal.Local"});
  for (const char* host : {"velum.home.arpa", "journal.local:8080"}) {
    auto result = client_->Get("/api/v1/health", {{"Host", host}});
    ASSERT_TRUE(result) << host;
    EXPECT_EQ(result->status, 200) << host;
  }
  auto other = client_->Get("/api/v1/health", {{"Host", "evil.example"}});
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 421);
}

TEST_P(SecurityTest, SimpleContentTypesCannotWriteAndStoreNothing) {
  const auto checkin = add_checkin();
  const auto before = journal_export();
  const std::string body = R"({"calm": 1, "note": "written by another site"})";
  for (const char* type : {"text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded",
                           "multipart/form-data; boundary=----x"}) {
    for (const auto& [method, path] :
         std::vector<std::pair<std::string, std::string>>{{"POST", "/api/v1/checkins"},
                                                          {"PUT", "/api/v1/checkins/" + checkin},
                                                          {"POST", "/api/v1/screen"},
                                                          {"POST", "/api/v1/sessions"},
                                                          {"POST", "/api/v1/voice/analyze?save=1"}}) {
      auto result = method == "POST" ? client_->Post(path, body, type) : client_->Put(path, body, type);
      ASSERT_TRUE(result) << type << " " << path;
      EXPECT_EQ(result->status, 415) << type << " " << path << ": " << result->body;
      EXPECT_EQ(error_of(result)["field"], "Content-Type");
      EXPECT_EQ(journal_export(), before) << type << " " << path << " changed the journal";
    }
  }
}

TEST_P(SecurityTest, WritesFromAnotherOriginAreRefusedAndStoreNothing) {
  const auto checkin = add_checkin();
  const auto before = journal_export();
  const auto other_port = std::to_string(port_ + 1);
  for (const auto& origin :
       std::vector<std::string>{"null", "http://evil.example", "http://127.0.0.1:" + other_port,
                                "http://localhost:" + other_port, "https://127.0.0.1"}) {
    const httplib::Headers headers{{"Origin", origin}};
    auto post = client_->Post("/api/v1/checkins", headers, R"({"calm": 1})", "application/json");
    ASSERT_TRUE(post) << origin;
    EXPECT_EQ(post->status, 403) << origin;
    EXPECT_EQ(error_of(post)["field"], "origin");
    EXPECT_FALSE(post->has_header("Access-Control-Allow-Origin"));
    auto removal = client_->Delete("/api/v1/checkins/" + checkin, headers);
    ASSERT_TRUE(removal) << origin;
    EXPECT_EQ(removal->status, 403) << origin;
    EXPECT_EQ(journal_export(), before) << origin << " changed the journal";
  }
}

TEST_P(SecurityTest, ItsOwnOriginWritesAsBefore) {
  const httplib::Headers headers{{"Origin", own_origin()}};
  auto result = client_->Post("/api/v1/checkins", headers, R"({"calm": 6})", "application/json");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 201);
}

TEST_P(SecurityTest, ForeignOriginsNeverGetCorsHeaders) {
  const httplib::Headers headers{{"Origin", "http://evil.example"}};
  for (const char* path : {"/api/v1/export", "/api/v1/health", "/"}) {
    auto result = client_->Get(path, headers);
    ASSERT_TRUE(result);
    EXPECT_FALSE(result->has_header("Access-Control-Allow-Origin")) << path;
    EXPECT_FALSE(result->has_header("Access-Control-Allow-Credentials")) << path;
  }
  auto preflight = client_->Options(
      "/api/v1/checkins", {{"Origin", "http://evil.example"}, {"Access-Control-Request-Method", "POST"}});
  ASSERT_TRUE(preflight);
  EXPECT_FALSE(preflight->has_header("Access-Control-Allow-Origin"));
}

TEST_P(SecurityTest, EveryAnswerCarriesTheProtectiveHeaders) {
  struct Case {
    std::string method, path;
    httplib::Headers headers;
  };
  const std::vector<Case> cases{{"GET", "/api/v1/health", {}},
                                {"GET", "/", {}},
                                {"GET", "/index.html", {}},
                                {"GET", "/assets/missing.js", {}},
                                {"GET", "/api/v1/nothing", {}},
                                {"DELETE", "/api/v1/routines", {}},
                                {"GET", "/", {{"Host", "evil.example"}}}};
  for (const auto& c : cases) {
    auto result = c.method == "GET" ? client_->Get(c.path, c.headers) : client_->Delete(c.path, c.headers);
    ASSERT_TRUE(result) << c.path;
    const auto policy = result->get_header_value("Content-Security-Policy");
    EXPECT_NE(policy.find("default-src 'self'"), std::string::npos) << c.path;
    EXPECT_NE(policy.find("frame-ancestors 'none'"), std::string::npos) << c.path;
    EXPECT_EQ(policy.find("unsafe-inline"), std::string::npos) << c.path;
    EXPECT_EQ(result->get_header_value("X-Content-Type-Options"), "nosniff") << c.path;
    EXPECT_EQ(result->get_header_value("Referrer-Policy"), "no-referrer") << c.path;
    EXPECT_EQ(result->get_header_value("X-Frame-Options"), "DENY") << c.path;
    EXPECT_NE(result->get_header_value("Permissions-Policy").find("microphone=(self)"), std::string::npos);
    if (c.path.rfind("/api/", 0) == 0) {
      EXPECT_EQ(result->get_header_value("Cache-Control"), "no-store") << c.path;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(OnEachAddress, SecurityTest,
                         ::testing::Values(Where::kThisComputer, Where::kNetwork),
                         [](const ::testing::TestParamInfo<Where>& where) {
                           return where.param == Where::kThisComputer ? "ThisComputer"
                                                                      : "NetworkAsPairedDevice";
                         });

}  // namespace
}  // namespace velum::server_test
