// Pairing, played by an attacker against a real `velum serve`: on 127.0.0.2
// (standing in for the network address) every API route needs a paired
// device's cookie, and the code, the cookie and revocation hold. Each refusal
// is 401, 403 or 429 with an error and never journal data.

#include <gtest/gtest.h>
#include <httplib.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <thread>

#include "journal/sqlite_store.hpp"
#include "network_server.hpp"
#include "practice/loader.hpp"
#include "server/api.hpp"
#include "server/pairing_desk.hpp"
#include "server_process.hpp"

namespace velum::server_test {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

constexpr const char* kNetworkHost = "127.0.0.2";

class PairingAttack : public ::testing::Test {
 protected:
  void TearDown() override {
    for (const auto& dir : dirs_) std::filesystem::remove_all(dir);
  }
  std::filesystem::path folder(const std::string& name) {
    dirs_.push_back(fresh_folder(name));
    return dirs_.back();
  }
  std::vector<std::filesystem::path> dirs_;
};

httplib::Result post_code(httplib::Client& client, const std::string& code) {
  return client.Post("/api/v1/pairing", json{{"code", code}}.dump(), "application/json");
}

std::string wrong(const std::string& code) {
  std::string other = code;
  other[0] = other[0] == 'A' ? 'B' : 'A';
  return other;
}

// The token in a Set-Cookie header, sent back as a Cookie header.
httplib::Headers cookie_from(const httplib::Result& paired) {
  const auto set_cookie = paired->get_header_value("Set-Cookie");
  return {{"Cookie", set_cookie.substr(0, set_cookie.find(';'))}};
}

// A refusal carries an error object and nothing else.
void expect_refused(const httplib::Result& result, int status, const std::string& what) {
  ASSERT_TRUE(result) << what << ": no answer";
  EXPECT_EQ(result->status, status) << what << ": " << result->body;
  const auto body = json::parse(result->body, nullptr, false);
  ASSERT_TRUE(body.is_object()) << what << ": " << result->body;
  EXPECT_EQ(body.size(), 1U) << what << ": " << result->body;
  EXPECT_TRUE(body.contains("error")) << what << ": " << result->body;
  EXPECT_FALSE(result->has_header("Set-Cookie")) << what;
}

int run_velum(const std::vector<std::string>& arguments) {
  std::string command = VELUM_BINARY;
  for (const auto& argument : arguments) command += " '" + argument + "'";
  command += " >/dev/null 2>&1";
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST_F(PairingAttack, TheRightCodeOncePairsWithAStrictSecureCookie) {
  const auto data = folder("right-code");
  NetworkServer server(data, {"--host", kNetworkHost});
  ASSERT_TRUE(server.started());
  EXPECT_EQ(server.scheme(), "https");
  ASSERT_FALSE(server.code().empty()) << server.printed();
  auto client = server.client(kNetworkHost);
  auto paired = post_code(*client, server.code());
  ASSERT_TRUE(paired);
  ASSERT_EQ(paired->status, 201) << paired->body;
  const auto cookie = paired->get_header_value("Set-Cookie");
  EXPECT_EQ(cookie.rfind("__Host-velum-device=", 0), 0U) << cookie;
  for (const char* attribute : {"; HttpOnly", "; Secure", "; SameSite=Strict", "; Path=/"}) {
    EXPECT_NE(cookie.find(attribute), std::string::npos) << attribute << " missing: " << cookie;
  }
  auto checkins = client->Get("/api/v1/checkins", cookie_from(paired));
  ASSERT_TRUE(checkins);
  EXPECT_EQ(checkins->status, 200) << checkins->body;
}

TEST_F(PairingAttack, TheSameCodeAgainIsRefused) {
  NetworkServer server(folder("same-code"), {"--host", kNetworkHost});
  ASSERT_TRUE(server.started());
  auto client = server.client(kNetworkHost);
  ASSERT_EQ(post_code(*client, server.code())->status, 201);
  expect_refused(post_code(*client, server.code()), 403, "the used code");
}

TEST_F(PairingAttack, AnExpiredCodeIsRefused) {
  NetworkServer server(folder("expired"), {"--host", kNetworkHost, "--pairing-code-lifetime", "1"});
  ASSERT_TRUE(server.started());
  std::this_thread::sleep_for(1500ms);
  expect_refused(post_code(*server.client(kNetworkHost), server.code()), 403, "the expired code");
}

TEST_F(PairingAttack, TenWrongCodesKillTheCodeAndAnAddressGetsFiveTriesAMinute) {
  NetworkServer server(folder("wrong-code"), {"--host", kNetworkHost});
  ASSERT_TRUE(server.started());
  // Five tries from each of two addresses: all wrong, all counted.
  for (const char* source : {"127.0.0.3", "127.0.0.4"}) {
    auto client = server.client(kNetworkHost, source);
    for (int i = 0; i < 5; ++i) expect_refused(post_code(*client, wrong(server.code())), 403, "a wrong code");
    // The sixth try from the same address is not even looked at.
    auto limited = post_code(*client, server.code());
    expect_refused(limited, 429, "a sixth try in a minute");
    EXPECT_FALSE(limited->get_header_value("Retry-After").empty());
  }
  // Ten wrong tries: the right code from a fresh address no longer works.
  expect_refused(post_code(*server.client(kNetworkHost, "127.0.0.5"), server.code()), 403, "the dead code");
}

TEST_F(PairingAttack, ARevokedDevicesCookieIsRefusedAtItsNextRequest) {
  const auto data = folder("revoked");
  NetworkServer server(data, {"--host", kNetworkHost});
  ASSERT_TRUE(server.started());
  auto client = server.client(kNetworkHost);
  auto paired = post_code(*client, server.code());
  ASSERT_EQ(paired->status, 201);
  const auto id = json::parse(paired->body)["device"]["id"].get<int>();
  ASSERT_EQ(client->Get("/api/v1/checkins", cookie_from(paired))->status, 200);
  ASSERT_EQ(run_velum({"devices", "revoke", std::to_string(id), "--data", data.string()}), 0);
  expect_refused(client->Get("/api/v1/checkins", cookie_from(paired)), 401, "the revoked device");
}

TEST_F(PairingAttack, ACookieFromAnotherDataFolderIsRefused) {
  NetworkServer elsewhere(folder("other-folder"), {"--host", kNetworkHost});
  ASSERT_TRUE(elsewhere.started());
  auto paired = post_code(*elsewhere.client(kNetworkHost), elsewhere.code());
  ASSERT_EQ(paired->status, 201);
  NetworkServer server(folder("this-folder"), {"--host", kNetworkHost});
  ASSERT_TRUE(server.started());
  expect_refused(server.client(kNetworkHost)->Get("/api/v1/export?format=json", cookie_from(paired)), 401,
                 "another folder's cookie");
}

// Every route of the API, with its {parameters} filled in, as "METHOD path".
std::vector<std::pair<std::string, std::string>> every_route(const std::filesystem::path& scratch) {
  auto store = journal::open_sqlite_store(journal::journal_file(scratch));
  auto devices = journal::open_sqlite_device_store(journal::journal_file(scratch));
  server::PairingDesk desk(std::move(*devices), journal::system_clock(), {}, server::system_steady_clock());
  server::Api api(std::move(*store), practice::Catalog{}, journal::system_clock(), &desk);
  std::vector<std::pair<std::string, std::string>> routes;
  for (const auto& line : api.routes()) {
    const auto space = line.find(' ');
    routes.emplace_back(line.substr(0, space),
                        std::regex_replace(line.substr(space + 1), std::regex(R"(\{[a-z_]+\})"), "1"));
  }
  return routes;
}

TEST_F(PairingAttack, WithoutACookieEveryRouteOverTheNetworkIsRefused) {
  NetworkServer server(folder("no-cookie"), {"--host", kNetworkHost});
  ASSERT_TRUE(server.started());
  auto client = server.client(kNetworkHost);
  const auto routes = every_route(folder("routes"));
  ASSERT_GT(routes.size(), 20U);
  for (const auto& [method, path] : routes) {
    if (method == "POST" && path == "/api/v1/pairing") continue;  // the exchange itself, tested above
    const std::string what = method + " " + path;
    const auto send = [&]() -> httplib::Result {
      // Uploads are sent as audio, so the content-type check lets them through to authentication.
      if (method == "POST" && path.rfind("/api/v1/voice/", 0) == 0)
        return client->Post(path, "RIFF", "audio/wav");
      if (method == "POST") return client->Post(path, "{}", "application/json");
      if (method == "PUT") return client->Put(path, "{}", "application/json");
      if (method == "DELETE") return client->Delete(path);
      return client->Get(path);
    };
    const auto result = send();
    ASSERT_TRUE(result) << what;
    expect_refused(result, 401, what);
  }
}

TEST_F(PairingAttack, APairedPhoneCannotManageDevicesOrMakeCodes) {
  NetworkServer server(folder("phone-manages"), {"--host", kNetworkHost});
  ASSERT_TRUE(server.started());
  auto client = server.client(kNetworkHost);
  auto paired = post_code(*client, server.code());
  ASSERT_EQ(paired->status, 201);
  const auto cookie = cookie_from(paired);
  expect_refused(client->Get("/api/v1/devices", cookie), 403, "listing devices");
  expect_refused(client->Delete("/api/v1/devices/1", cookie), 403, "revoking");
  expect_refused(client->Get("/api/v1/pairing", cookie), 403, "reading the code");
  expect_refused(client->Post("/api/v1/pairing/code", cookie, "{}", "application/json"), 403, "a new code");
}

TEST_F(PairingAttack, OnAllAddressesThisComputerNeedsNoCookieButItsNetworkAddressDoes) {
  // 127.0.0.2 stands in for the machine's network address, which the Host check allows.
  NetworkServer server(folder("lan"), {"--lan", "--allowed-host", kNetworkHost});
  ASSERT_TRUE(server.started());
  auto local = server.client("127.0.0.1");
  auto checkins = local->Get("/api/v1/checkins");
  ASSERT_TRUE(checkins);
  EXPECT_EQ(checkins->status, 200) << checkins->body;
  auto devices = local->Get("/api/v1/devices");
  ASSERT_TRUE(devices);
  EXPECT_EQ(devices->status, 200) << devices->body;
  expect_refused(server.client(kNetworkHost)->Get("/api/v1/checkins"), 401,
                 "the same machine through 127.0.0.2");
}

TEST_F(PairingAttack, TheSelfSignedCertificateIsKept0600AndReused) {
  const auto data = folder("certificate");
  std::string first;
  {
    NetworkServer server(data, {"--host", kNetworkHost});
    ASSERT_TRUE(server.started());
    first = server.fingerprint();
    ASSERT_EQ(first.size(), 95U) << server.printed();
  }
  for (const char* name : {"tls-key.pem", "tls-certificate.pem", "velum.sqlite3"}) {
    struct stat info {};
    ASSERT_EQ(::stat((data / name).c_str(), &info), 0) << name;
    EXPECT_EQ(info.st_mode & 0777U, 0600U) << name;
  }
  NetworkServer again(data, {"--host", kNetworkHost});
  ASSERT_TRUE(again.started());
  EXPECT_EQ(again.fingerprint(), first);
  // The certificate served is the one whose fingerprint was printed: a client
  // that trusts only that file, and checks the address, connects.
  httplib::SSLClient strict(kNetworkHost, again.port());
  strict.set_ca_cert_path((data / "tls-certificate.pem").c_str());
  strict.enable_server_certificate_verification(true);
  auto health = strict.Get("/");
  ASSERT_TRUE(health) << httplib::to_string(health.error());
  EXPECT_EQ(health->status, 200);
}

}  // namespace
}  // namespace velum::server_test
