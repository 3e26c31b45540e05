// Input hygiene at the API boundary, against a real `velum serve`: deep,
// huge, overflowing, non-UTF-8 or incomplete input gets a 4xx naming what is
// wrong, at once, and never a crash, a 500 or a stored record.

#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <regex>

#include "journal/sqlite_store.hpp"
#include "practice/loader.hpp"
#include "practice/safety.hpp"
#include "server/api.hpp"
#include "server_process.hpp"

namespace velum::server_test {
namespace {

using nlohmann::json;

class InputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = fresh_folder("input");
    server_ = std::make_unique<ServerProcess>(folder_);
    ASSERT_TRUE(server_->started());
    client_ = server_->client();
  }
  void TearDown() override {
    client_.reset();
    server_.reset();
    std::filesystem::remove_all(folder_);
  }
  httplib::Result post(const std::string& path, const std::string& body) {
    return client_->Post(path, body, "application/json");
  }
  // The error object of a refused request, after checking the server still serves.
  json error_of(const httplib::Result& result, int status) {
    EXPECT_TRUE(result);
    if (!result) return {};
    EXPECT_EQ(result->status, status) << result->body.substr(0, 300);
    auto health = client_->Get("/api/v1/health");
    EXPECT_TRUE(health && health->status == 200) << "the server stopped serving";
    return json::parse(result->body).value("error", json::object());
  }
  std::string journal_export() {
    auto result = client_->Get("/api/v1/export?format=json");
    EXPECT_TRUE(result && result->status == 200);
    return result ? std::regex_replace(result->body, std::regex(R"(\n *"exported_at": "[^"]*",?)"), "") : "";
  }
  std::string start_session() {
    auto result = post("/api/v1/sessions", R"({"routine_id": "breathing-only"})");
    EXPECT_TRUE(result && result->status == 201) << (result ? result->body : "no answer");
    return result ? json::parse(result->body)["id"].get<std::string>() : "";
  }

  std::filesystem::path folder_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(InputTest, ADeepArrayInAWrongTypeFieldIsRefusedNotACrash) {
  constexpr std::size_t kDepth = 60'000;
  const auto body = R"({"calm": )" + std::string(kDepth, '[') + std::string(kDepth, ']') + "}";
  const auto error = error_of(post("/api/v1/checkins", body), 400);
  EXPECT_NE(error["message"].get<std::string>().find("64 levels"), std::string::npos) << error.dump();
}

TEST_F(InputTest, AWrongTypeValueIsQuotedShort) {
  const auto body = R"({"calm": ")" + std::string(100'000, '7') + "\"}";
  const auto error = error_of(post("/api/v1/checkins", body), 400);
  EXPECT_EQ(error["field"], "calm");
  EXPECT_LT(error["message"].get<std::string>().size(), 200u);
}

TEST_F(InputTest, ANumberTooLargeNamesItsField) {
  EXPECT_EQ(error_of(post("/api/v1/checkins", R"({"calm": 1e400})"), 400)["field"], "calm");
  EXPECT_EQ(error_of(post("/api/v1/checkins", R"({"note": "x", "pain": {"throat": -1e400}})"), 400)["field"],
            "pain.throat");
  EXPECT_EQ(error_of(post("/api/v1/screen", R"({"answers": {}, "later": [1, 2, 1e400]})"), 400)["field"],
            "later[2]");
}

TEST_F(InputTest, InvalidUtf8InAPathOrQueryIs400NamingIt) {
  EXPECT_EQ(error_of(client_->Get("/api/v1/routines/%FF"), 400)["field"], "path");
  EXPECT_EQ(error_of(client_->Get("/api/v1/stats?region=%C3%28"), 400)["field"], "region");
  EXPECT_EQ(error_of(client_->Get("/%FF"), 400)["field"], "path");
}

TEST_F(InputTest, InvalidUtf8InABodyStringIs400NamingTheFieldAndStoresNothing) {
  const auto before = journal_export();
  const auto error = error_of(post("/api/v1/checkins", "{\"calm\": 3, \"note\": \"caf\xE9\"}"), 400);
  EXPECT_EQ(error["field"], "note");
  EXPECT_NE(error["message"].get<std::string>().find("UTF-8"), std::string::npos);
  EXPECT_EQ(error_of(post("/api/v1/checkins", "{\"pain\": {\"thr\xC3\x28oat\": 3}}"), 400)["field"], "pain");
  EXPECT_EQ(journal_export(), before);
}

TEST_F(InputTest, AVoiceSourceThatIsNotUtf8IsRefusedBeforeAnythingIsStored) {
  const auto before = journal_export();
  auto result = client_->Post("/api/v1/voice/analyze?save=1&source=caf%E9", "RIFF", "audio/wav");
  EXPECT_EQ(error_of(result, 400)["field"], "source");
  EXPECT_EQ(journal_export(), before);
}

TEST_F(InputTest, APostWithoutContentLengthIsAnsweredAtOnce) {
  const auto port = server_->port();
  const auto started = std::chrono::steady_clock::now();
  const auto answer = raw_exchange(port,
                                   "POST /api/v1/checkins HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                   "Content-Type: application/json\r\nConnection: close\r\n\r\n");
  const auto elapsed = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(status_of(answer), 400);
  EXPECT_NE(answer.find("the request has no body"), std::string::npos);
  EXPECT_LT(elapsed, std::chrono::seconds(2));
}

TEST_F(InputTest, FinishRefusesAMalformedBodyAndLeavesTheSessionOpen) {
  const auto id = start_session();
  EXPECT_EQ(error_of(post("/api/v1/sessions/" + id + "/finish", "{not json"), 400)["field"], "body");
  EXPECT_EQ(error_of(post("/api/v1/sessions/" + id + "/finish", "[1]"), 400)["field"], "body");
  auto session = client_->Get("/api/v1/sessions/" + id);
  ASSERT_TRUE(session);
  EXPECT_TRUE(json::parse(session->body)["outcome"].is_null());
  auto finished = post("/api/v1/sessions/" + id + "/finish", "{}");
  ASSERT_TRUE(finished);
  EXPECT_EQ(finished->status, 200);
}

TEST_F(InputTest, HeadAnswersLikeGetWithoutABody) {
  for (const char* path : {"/api/v1/health", "/api/v1/routines", "/", "/index.html", "/api/v1/export"}) {
    auto head = client_->Head(path);
    ASSERT_TRUE(head) << path;
    EXPECT_EQ(head->status, 200) << path;
    EXPECT_TRUE(head->body.empty()) << path;
  }
  auto wrong = client_->Head("/api/v1/checkins/x");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 405);
}

TEST_F(InputTest, AStepWithoutIndexSaysTheFieldIsMissing) {
  const auto id = start_session();
  const auto error =
      error_of(post("/api/v1/sessions/" + id + "/steps", R"({"step_id": "a", "planned_seconds": 60})"), 400);
  EXPECT_EQ(error["field"], "index");
  EXPECT_NE(error["message"].get<std::string>().find("missing"), std::string::npos);
}

TEST_F(InputTest, AnOtherStopNeedsWordsNotBlanks) {
  const auto id = start_session();
  for (const char* body : {R"({"reason": "other"})", R"({"reason": "other", "text": ""})",
                           R"({"reason": "other", "text": "   \n\t"})"}) {
    EXPECT_EQ(error_of(post("/api/v1/sessions/" + id + "/stop", body), 422)["field"], "text") << body;
  }
  auto stopped = post("/api/v1/sessions/" + id + "/stop", R"({"reason": "other", "text": "the phone rang"})");
  ASSERT_TRUE(stopped);
  EXPECT_EQ(stopped->status, 200);
}

// Every route of the table, given each hostile input: never a 5xx, never a
// crash, and the journal as it was.
TEST_F(InputTest, EveryRouteSurvivesEveryHostileInput) {
  auto store = journal::open_sqlite_store(folder_ / "routes-only.sqlite");
  ASSERT_TRUE(store);
  const server::Api api(std::move(*store), practice::load_catalog(VELUM_PROTOCOL_DIR, std::nullopt),
                        journal::system_clock());
  const auto routes = api.routes();
  ASSERT_GT(routes.size(), 20u);
  // The first plan of a journal stores its starting state; take it before comparing.
  ASSERT_EQ(client_->Get("/api/v1/plan")->status, 200);
  const auto before = journal_export();
  const std::string deep = R"({"calm": )" + std::string(10'000, '[') + std::string(10'000, ']') + "}";
  const std::vector<std::string> bodies{deep, R"({"calm": 1e400, "stage": 1e400, "index": 1e400})",
                                        "{\"note\": \"caf\xE9\", \"routine_id\": \"\xFF\"}"};
  for (const auto& route : routes) {
    const auto space = route.find(' ');
    const auto method = route.substr(0, space);
    auto path = route.substr(space + 1);
    path = std::regex_replace(path, std::regex(R"(\{[a-z_]+\})"), "%FF");
    for (const auto& query : std::vector<std::string>{"", "?region=%C3%28&source=caf%E9&from=%FF"}) {
      for (const auto& body : bodies) {
        httplib::Request request;
        request.method = method;
        request.path = path + query;
        request.body = body;
        // The type the route takes, so the checks after the content type run too.
        const bool upload = path == "/api/v1/voice/analyze" || path == "/api/v1/voice/range";
        request.set_header("Content-Type", upload ? "audio/wav" : "application/json");
        auto response = client_->send(request);
        ASSERT_TRUE(response) << route << query << ": no answer";
        EXPECT_GE(response->status, 200) << route << query;
        EXPECT_LT(response->status, 500) << route << query << ": " << response->body.substr(0, 200);
        if (path.find("%FF") != std::string::npos || !query.empty()) {
          EXPECT_EQ(response->status, 400) << route << query;
        }
      }
    }
  }
  EXPECT_EQ(journal_export(), before);
}

}  // namespace
}  // namespace velum::server_test
