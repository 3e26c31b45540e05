// The local web app's JSON API, through a real `velum serve` on a free port:
// every route answers, bad input gets a 4xx JSON error naming the field and the
// fix, the server keeps serving after each, and a kill -9 loses nothing committed.

#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <thread>

#include "practice/safety.hpp"
#include "server_process.hpp"

namespace velum::server_test {
namespace {

using nlohmann::json;

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = fresh_folder("api");
    server_ = std::make_unique<ServerProcess>(folder_);
    ASSERT_TRUE(server_->started());
    client_ = server_->client();
  }
  void TearDown() override {
    client_.reset();
    server_.reset();
    std::filesystem::remove_all(folder_);
  }

  json get(const std::string& path, int expected_status = 200) {
    auto result = client_->Get(path);
    EXPECT_TRUE(result) << path;
    if (!result) return {};
    EXPECT_EQ(result->status, expected_status) << path << ": " << result->body;
    EXPECT_EQ(result->get_header_value("Content-Type"), "application/json");
    return json::parse(result->body);
  }
  json post(const std::string& path, const std::string& body, int expected_status) {
    auto result = client_->Post(path, body, "application/json");
    EXPECT_TRUE(result) << path;
    if (!result) return {};
    EXPECT_EQ(result->status, expected_status) << path << " " << body << ": " << result->body;
    return json::parse(result->body);
  }
  // The error object of a 4xx answer, after checking the server still serves.
  json error_of(const json& body) {
    EXPECT_TRUE(body.contains("error")) << body.dump();
    EXPECT_EQ(get("/api/v1/health")["status"], "ok") << "the server stopped serving after a bad request";
    return body.value("error", json::object());
  }
  void pass_screen() {
    json answers = json::object();
    for (const auto& question : practice::screen_questions()) answers[std::string(question.id)] = false;
    const auto body = post("/api/v1/screen", json{{"answers", answers}}.dump(), 201);
    ASSERT_EQ(body["status"], "clear");
  }

  std::filesystem::path folder_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(ApiTest, HealthRoutinesPatternsAndOneRoutineAnswer) {
  EXPECT_EQ(get("/api/v1/health")["status"], "ok");
  const auto routines = get("/api/v1/routines")["routines"];
  ASSERT_FALSE(routines.empty());
  bool has_core = false;
  for (const auto& routine : routines) has_core = has_core || routine["id"] == "core-nasopharynx";
  EXPECT_TRUE(has_core);
  const auto core = get("/api/v1/routines/core-nasopharynx");
  EXPECT_EQ(core["id"], "core-nasopharynx");
  EXPECT_FALSE(core["steps"].empty());
  EXPECT_FALSE(core["steps"][0]["instruction"].get<std::string>().empty());
  EXPECT_FALSE(get("/api/v1/patterns")["patterns"].empty());
}

TEST_F(ApiTest, TimelineIsTheCompilersJsonWithStepsAndEvents) {
  const auto timeline = get("/api/v1/routines/core-nasopharynx/timeline?pattern=resonance&stage=1");
  EXPECT_EQ(timeline["routine_id"], "core-nasopharynx");
  EXPECT_GT(timeline["total_seconds"].get<double>(), 0);
  EXPECT_FALSE(timeline["events"].empty());
  for (const auto& step : timeline["steps"]) EXPECT_EQ(step["pattern"], "resonance");
}

TEST_F(ApiTest, UnknownRoutineIs404WithASuggestion) {
  const auto error = error_of(get("/api/v1/routines/core-nasopharyn", 404));
  EXPECT_EQ(error["field"], "routine");
  EXPECT_NE(error["hint"].get<std::string>().find("core-nasopharynx"), std::string::npos);
}

TEST_F(ApiTest, UnknownPatternAndOutOfRangeStageNameTheParameter) {
  EXPECT_EQ(error_of(get("/api/v1/routines/core-nasopharynx/timeline?pattern=resonanse", 422))["field"],
            "pattern");
  EXPECT_EQ(error_of(get("/api/v1/routines/core-nasopharynx/timeline?stage=99", 400))["field"], "stage");
  EXPECT_EQ(error_of(get("/api/v1/routines/core-nasopharynx/timeline?stage=x", 400))["field"], "stage");
}

TEST_F(ApiTest, UnknownRoutesAre404JsonAndWrongMethodsAre405) {
  EXPECT_EQ(error_of(get("/api/v1/nothing-here", 404))["field"], "path");
  // GET outside /api/ is the web front end (static_files_test.cpp); other methods stay JSON 404s.
  EXPECT_EQ(error_of(post("/not-api", "{}", 404))["field"], "path");
  auto result = client_->Delete("/api/v1/routines");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 405);
  EXPECT_EQ(error_of(json::parse(result->body))["field"], "method");
}

TEST_F(ApiTest, CheckinIsStoredAndListed) {
  const auto saved =
      post("/api/v1/checkins", R"({"pain": {"throat": 3, "soft-palate": 2}, "calm": 7, "note": "ok"})", 201);
  EXPECT_EQ(saved["pain"]["throat"], 3);
  const auto list = get("/api/v1/checkins")["checkins"];
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["calm"], 7);
  EXPECT_EQ(list[0]["id"], saved["id"]);
  const auto history = get("/api/v1/history");
  ASSERT_EQ(history["days"].size(), 1u);
  EXPECT_EQ(history["days"][0]["pain"]["throat"], 3.0);
}

TEST_F(ApiTest, CheckinCanBeEditedKeepingItsIdAndTime) {
  const auto saved = post("/api/v1/checkins", R"({"pain": {"throat": 3}, "calm": 7, "note": "before"})", 201);
  const std::string path = "/api/v1/checkins/" + saved["id"].get<std::string>();
  auto edited =
      client_->Put(path, R"({"pain": {"throat": 1, "nose": 2}, "note": "after"})", "application/json");
  ASSERT_TRUE(edited);
  ASSERT_EQ(edited->status, 200) << edited->body;
  const auto list = get("/api/v1/checkins")["checkins"];
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["id"], saved["id"]);
  EXPECT_EQ(list[0]["taken_at"], saved["taken_at"]);
  EXPECT_EQ(list[0]["pain"], json::parse(R"({"throat": 1, "nose": 2})"));
  EXPECT_TRUE(list[0]["calm"].is_null()) << "an edit replaces the whole entry";
  EXPECT_EQ(list[0]["note"], "after");
}

TEST_F(ApiTest, InvalidEditNamesTheFieldAndLeavesTheEntryAsItWas) {
  const auto saved = post("/api/v1/checkins", R"({"calm": 7})", 201);
  const std::string path = "/api/v1/checkins/" + saved["id"].get<std::string>();
  auto edited = client_->Put(path, R"({"calm": 11})", "application/json");
  ASSERT_TRUE(edited);
  EXPECT_EQ(edited->status, 422) << edited->body;
  EXPECT_EQ(error_of(json::parse(edited->body))["field"], "calm");
  EXPECT_EQ(get("/api/v1/checkins")["checkins"][0]["calm"], 7);
}

TEST_F(ApiTest, CheckinCanBeDeletedOnceThenIsNotFound) {
  const auto kept = post("/api/v1/checkins", R"({"calm": 5})", 201);
  const auto removed = post("/api/v1/checkins", R"({"calm": 6})", 201);
  const std::string path = "/api/v1/checkins/" + removed["id"].get<std::string>();
  auto first = client_->Delete(path);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 204);
  auto second = client_->Delete(path);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->status, 404);
  EXPECT_EQ(error_of(json::parse(second->body))["field"], "id");
  const auto list = get("/api/v1/checkins")["checkins"];
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["id"], kept["id"]);
  auto missing = client_->Put("/api/v1/checkins/no-such-id", R"({"calm": 1})", "application/json");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
}

TEST_F(ApiTest, MalformedJsonNamesLineAndColumn) {
  const auto error = error_of(post("/api/v1/checkins", "{\n  \"calm\": 7,\n  \"note\" \"x\"\n}", 400));
  EXPECT_EQ(error["field"], "body");
  EXPECT_NE(error["message"].get<std::string>().find("line 3"), std::string::npos) << error.dump();
  EXPECT_NE(error["message"].get<std::string>().find("column"), std::string::npos);
  EXPECT_EQ(error_of(post("/api/v1/checkins", "[1, 2]", 400))["field"], "body");
  EXPECT_EQ(error_of(post("/api/v1/checkins", "", 400))["field"], "body");
}

TEST_F(ApiTest, WrongTypesNameTheField) {
  EXPECT_EQ(error_of(post("/api/v1/checkins", R"({"calm": "seven"})", 400))["field"], "calm");
  EXPECT_EQ(error_of(post("/api/v1/checkins", R"({"calm": 7.5})", 400))["field"], "calm");
  EXPECT_EQ(error_of(post("/api/v1/checkins", R"({"pain": 3})", 400))["field"], "pain");
  EXPECT_EQ(error_of(post("/api/v1/checkins", R"({"note": 3})", 400))["field"], "note");
  EXPECT_TRUE(get("/api/v1/checkins")["checkins"].empty()) << "nothing is stored on bad input";
}

TEST_F(ApiTest, OutOfRangeValuesNameTheFieldAndTheRange) {
  const auto error = error_of(post("/api/v1/checkins", R"({"pain": {"throat": 11}})", 422));
  EXPECT_EQ(error["field"], "pain.throat");
  EXPECT_NE(error["message"].get<std::string>().find("0 to 10"), std::string::npos);
  EXPECT_EQ(error_of(post("/api/v1/checkins", R"({"calm": -1})", 422))["field"], "calm");
  EXPECT_EQ(error_of(post("/api/v1/checkins", R"({"hydration": 31})", 422))["field"], "hydration");
  const auto region = error_of(post("/api/v1/checkins", R"({"pain": {"throaat": 2}})", 422));
  EXPECT_EQ(region["field"], "pain.throaat");
  EXPECT_NE(region["hint"].get<std::string>().find("throat"), std::string::npos);
  EXPECT_EQ(error_of(post("/api/v1/checkins", R"({})", 422))["field"], "body");
  EXPECT_TRUE(get("/api/v1/checkins")["checkins"].empty());
}

TEST_F(ApiTest, BodiesOverOneMegabyteAre413) {
  const std::string big = R"({"note": ")" + std::string(1024 * 1024 + 10, 'a') + R"("})";
  const auto error = error_of(post("/api/v1/checkins", big, 413));
  EXPECT_EQ(error["field"], "body");
  EXPECT_TRUE(get("/api/v1/checkins")["checkins"].empty());
}

TEST_F(ApiTest, ScreenGatesIntraOralSessions) {
  EXPECT_EQ(get("/api/v1/screen")["status"], "never-taken");
  const auto refused = error_of(post("/api/v1/sessions", R"({"routine_id": "core-nasopharynx"})", 409));
  EXPECT_EQ(refused["field"], "screen");
  const auto incomplete = error_of(post("/api/v1/screen", R"({"answers": {}})", 422));
  EXPECT_NE(incomplete["field"].get<std::string>().find("answers."), std::string::npos);
  EXPECT_EQ(error_of(post("/api/v1/screen", R"({"answers": {"x": "no"}})", 400))["field"], "answers.x");
  pass_screen();
  EXPECT_EQ(get("/api/v1/screen")["allows_practice"], true);
}

TEST_F(ApiTest, SessionStepsStopAndFinishAreJournalled) {
  pass_screen();
  const auto started =
      post("/api/v1/sessions", R"({"routine_id": "core-nasopharynx", "pattern": "resonance"})", 201);
  const std::string id = started["id"];
  post(
      "/api/v1/sessions/" + id + "/steps",
      R"({"step_id": "a", "index": 0, "planned_seconds": 60, "actual_seconds": 58, "pain": 2, "sensations": ["tingling-eyes"]})",
      201);
  EXPECT_EQ(error_of(post("/api/v1/sessions/" + id + "/steps", R"({"step_id": "b", "index": 1, "pain": 12})",
                          422))["field"],
            "pain");
  EXPECT_EQ(error_of(post("/api/v1/sessions/" + id + "/steps",
                          R"({"step_id": "b", "index": 1, "sensations": ["tickle"]})", 422))["field"],
            "sensations[0]");
  EXPECT_EQ(error_of(post("/api/v1/sessions/" + id + "/stop", R"({"reason": "dizzyness"})", 422))["field"],
            "reason");
  const auto stopped = post("/api/v1/sessions/" + id + "/stop", R"({"reason": "dizziness"})", 200);
  EXPECT_EQ(stopped["outcome"], "stopped");
  EXPECT_EQ(error_of(post("/api/v1/sessions/" + id + "/finish", "", 409))["field"], "session");
  const auto session = get("/api/v1/sessions/" + id);
  EXPECT_EQ(session["outcome"], "stopped");
  EXPECT_EQ(session["stop"]["reason"], "dizziness");
  ASSERT_EQ(session["steps"].size(), 1u);
  EXPECT_EQ(session["steps"][0]["pain"], 2);

  const auto second = post("/api/v1/sessions", R"({"routine_id": "core-nasopharynx"})", 201);
  EXPECT_EQ(post("/api/v1/sessions/" + second["id"].get<std::string>() + "/finish", "", 200)["outcome"],
            "completed");
  EXPECT_EQ(get("/api/v1/history")["sessions"].size(), 2u);
  EXPECT_EQ(error_of(post("/api/v1/sessions/nope/finish", "", 404))["field"], "session");
}

TEST_F(ApiTest, PlanNamesTheRoutineAndWhy) {
  const auto plan = get("/api/v1/plan");
  EXPECT_EQ(plan["routine_id"], "core-nasopharynx");
  EXPECT_FALSE(plan["explanation"].get<std::string>().empty());
  EXPECT_EQ(error_of(get("/api/v1/plan?routine=nope", 404))["field"], "routine");
}

TEST(ServerLifecycle, SigtermStopsCleanly) {
  const auto folder = fresh_folder("term");
  ServerProcess server(folder);
  ASSERT_TRUE(server.started());
  EXPECT_EQ(server.stop(SIGTERM), 0);
  std::filesystem::remove_all(folder);
}

// A signal right after the address is printed could arrive before the accept
// loop ran; the server then used to ignore it and serve forever.
TEST(ServerLifecycle, SigtermRightAfterStartStopsEveryTime) {
  constexpr int kAttempts = 5;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    const auto folder = fresh_folder("early-term");
    ServerProcess server(folder);
    ASSERT_TRUE(server.started());
    EXPECT_EQ(server.stop(SIGTERM), 0) << "attempt " << attempt;
    std::filesystem::remove_all(folder);
  }
}

TEST(ServerLifecycle, KillDuringASessionKeepsCommittedStepsAndTheJournal) {
  const auto folder = fresh_folder("kill");
  std::string session_id;
  {
    ServerProcess server(folder);
    ASSERT_TRUE(server.started());
    auto client = server.client();
    json answers = json::object();
    for (const auto& question : practice::screen_questions()) answers[std::string(question.id)] = false;
    ASSERT_EQ(client->Post("/api/v1/screen", json{{"answers", answers}}.dump(), "application/json")->status,
              201);
    ASSERT_EQ(client->Post("/api/v1/checkins", R"({"calm": 6})", "application/json")->status, 201);
    auto started =
        client->Post("/api/v1/sessions", R"({"routine_id": "core-nasopharynx"})", "application/json");
    ASSERT_EQ(started->status, 201);
    session_id = json::parse(started->body)["id"];
    for (int i = 0; i < 3; ++i) {
      const auto body = json{{"step_id", "s" + std::to_string(i)}, {"index", i}, {"pain", 1}}.dump();
      ASSERT_EQ(client->Post("/api/v1/sessions/" + session_id + "/steps", body, "application/json")->status,
                201);
    }
    // Kill while more step saves are in flight from another thread.
    std::thread writer([&server, &session_id] {
      auto other = server.client();
      for (int i = 3; i < 200; ++i) {
        const auto body = json{{"step_id", "s" + std::to_string(i)}, {"index", i}}.dump();
        if (!other->Post("/api/v1/sessions/" + session_id + "/steps", body, "application/json")) break;
      }
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    server.stop(SIGKILL);
    writer.join();
  }
  ServerProcess restarted(folder);
  ASSERT_TRUE(restarted.started());
  auto client = restarted.client();
  auto session = client->Get("/api/v1/sessions/" + session_id);
  ASSERT_TRUE(session);
  ASSERT_EQ(session->status, 200);
  const auto body = json::parse(session->body);
  EXPECT_EQ(body["outcome"], "interrupted") << "the restart closes the killed session as interrupted";
  ASSERT_GE(body["steps"].size(), 3u);
  for (std::size_t i = 0; i < body["steps"].size(); ++i) EXPECT_EQ(body["steps"][i]["index"], i);
  auto checkins = client->Get("/api/v1/checkins");
  EXPECT_EQ(json::parse(checkins->body)["checkins"].size(), 1u);
  restarted.stop(SIGTERM);
  std::filesystem::remove_all(folder);
}

}  // namespace
}  // namespace velum::server_test

namespace velum::server_test {
namespace {

// Older versions stored text without checking its encoding: such bytes must not
// turn every later list or export into a 500.
TEST_F(ApiTest, TextStoredWithBadBytesIsListedAndExportedWithAReplacementCharacter) {
  post("/api/v1/checkins", R"({"calm": 5, "note": "first"})", 201);
  const auto journal = folder_ / "velum.sqlite3";
  ASSERT_EQ(std::system(("sqlite3 '" + journal.string() +
                         "' \"UPDATE checkins SET note = CAST(X'636166E9' AS TEXT)\"")
                            .c_str()),
            0);
  const auto listed = get("/api/v1/checkins");
  ASSERT_EQ(listed.at("checkins").size(), 1U);
  EXPECT_EQ(listed.at("checkins")[0].at("note"), "caf\xEF\xBF\xBD");
  auto exported = client_->Get("/api/v1/export?format=json");
  ASSERT_TRUE(exported);
  EXPECT_EQ(exported->status, 200);
  EXPECT_NE(exported->body.find("caf\xEF\xBF\xBD"), std::string::npos);
}

}  // namespace
}  // namespace velum::server_test
