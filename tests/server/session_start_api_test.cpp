// The safety gate through the API of a real `velum serve`: POST /sessions
// enforces the use-case layer's decision (a paused plan, the screen) with a JSON
// error naming the reason, GET /plan hands the decision, the checklist and the
// reminders to the browser, and "interrupted, nothing wrong" stops harmlessly.

#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "practice/safety.hpp"
#include "server_process.hpp"

namespace velum::server_test {
namespace {

using nlohmann::json;

class SessionStartApi : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = fresh_folder("start");
    server_ = std::make_unique<ServerProcess>(folder_);
    ASSERT_TRUE(server_->started());
    client_ = server_->client();
  }
  void TearDown() override {
    client_.reset();
    server_.reset();
    std::filesystem::remove_all(folder_);
  }

  json call(const std::string& method, const std::string& path, const std::string& body,
            int expected_status) {
    auto result = method == "GET" ? client_->Get(path) : client_->Post(path, body, "application/json");
    EXPECT_TRUE(result) << path;
    if (!result) return {};
    EXPECT_EQ(result->status, expected_status)
        << method << ' ' << path << ' ' << body << ": " << result->body;
    return json::parse(result->body);
  }
  json get(const std::string& path) { return call("GET", path, "", 200); }
  json post(const std::string& path, const std::string& body, int expected_status) {
    return call("POST", path, body, expected_status);
  }
  void screen(const std::string& yes_id = "") {
    json answers = json::object();
    for (const auto& question : practice::screen_questions())
      answers[std::string(question.id)] = question.id == yes_id;
    post("/api/v1/screen", json{{"answers", answers}}.dump(), 201);
  }
  // Starts a session of `routine` and stops it for `reason`.
  void start_and_stop(const std::string& routine, const std::string& reason) {
    const auto started = post("/api/v1/sessions", json{{"routine_id", routine}}.dump(), 201);
    post("/api/v1/sessions/" + started["id"].get<std::string>() + "/stop", json{{"reason", reason}}.dump(),
         200);
  }
  void start_and_finish(const std::string& routine) {
    const auto started = post("/api/v1/sessions", json{{"routine_id", routine}}.dump(), 201);
    post("/api/v1/sessions/" + started["id"].get<std::string>() + "/finish", "", 200);
  }

  std::filesystem::path folder_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(SessionStartApi, APausedPlanRefusesANewSessionWith409NamingTheReason) {
  screen();
  start_and_stop("core-nasopharynx", "dizziness");
  start_and_stop("core-nasopharynx", "bleeding");
  const auto refused = post("/api/v1/sessions", R"({"routine_id": "core-nasopharynx"})", 409);
  const auto& error = refused.at("error");
  EXPECT_EQ(error["field"], "plan");
  EXPECT_EQ(error["reason"], "plan-paused");
  EXPECT_EQ(error["unblock"], "confirm-well");
  EXPECT_NE(error["message"].get<std::string>().find("Progression is paused"), std::string::npos) << error;
  EXPECT_EQ(get("/api/v1/sessions")["sessions"].size(), 2u) << "nothing is stored when a start is refused";

  const auto plan = get("/api/v1/plan");
  EXPECT_FALSE(plan["start"]["allowed"].get<bool>());
  EXPECT_EQ(plan["start"]["refusal"]["reason"], "plan-paused");
}

TEST_F(SessionStartApi, FeelingWellIsStoredWithThePlanAndNotAsACheckIn) {
  screen();
  start_and_stop("core-nasopharynx", "dizziness");
  start_and_stop("core-nasopharynx", "dizziness");
  const auto confirmed = post("/api/v1/plan?routine=core-nasopharynx", R"({"confirm_well": true})", 200);
  EXPECT_EQ(confirmed["confirmation"], "noted");
  // The same day as the stops: kept, and the pause lasts until a later day.
  EXPECT_FALSE(confirmed["start"]["allowed"].get<bool>());
  EXPECT_NE(confirmed["explanation"].get<std::string>().find("on the day of a stop does not count"),
            std::string::npos);
  EXPECT_TRUE(get("/api/v1/checkins")["checkins"].empty());
  post("/api/v1/sessions", R"({"routine_id": "core-nasopharynx"})", 409);
}

TEST_F(SessionStartApi, TheScreenRefusesWith409UntilTakenAnd403WhenAClinicianMustSayFirst) {
  auto refused = post("/api/v1/sessions", R"({"routine_id": "core-nasopharynx"})", 409).at("error");
  EXPECT_EQ(refused["field"], "screen");
  EXPECT_EQ(refused["reason"], "screen-needed");
  EXPECT_EQ(refused["unblock"], "take-screen");
  screen("bleeding-risk");
  refused = post("/api/v1/sessions", R"({"routine_id": "core-nasopharynx"})", 403).at("error");
  EXPECT_EQ(refused["reason"], "screen-blocked");
  EXPECT_EQ(refused["unblock"], "clinician-advice");
  // Aftercare works outside the mouth, so the screen does not hold it back.
  post("/api/v1/sessions", R"({"routine_id": "aftercare"})", 201);
}

TEST_F(SessionStartApi, APlanCarriesTheChecklistAndRemindersOfThePracticeLayer) {
  const auto start = get("/api/v1/plan?routine=core-nasopharynx")["start"];
  ASSERT_FALSE(start["checklist"].empty());
  EXPECT_EQ(start["checklist"][0]["item"], "nails-short");
  EXPECT_EQ(start["checklist"][0]["question"], "Are your nails clipped short?");
  EXPECT_TRUE(start["checklist"][0]["blocks"].get<bool>());
  ASSERT_EQ(start["reminders"].size(), 1u);
  EXPECT_EQ(start["reminders"][0], practice::kPostureReminder);
  EXPECT_TRUE(start["warnings"].empty());
}

TEST_F(SessionStartApi, AHarmlessInterruptionNeedsNoWordsAndPausesNothing) {
  screen();
  const auto reasons = get("/api/v1/stop-reasons")["reasons"];
  ASSERT_FALSE(reasons.empty());
  EXPECT_EQ(reasons.back()["reason"], "interrupted");
  EXPECT_EQ(reasons.back()["label"], "Interrupted, nothing wrong");
  start_and_stop("core-nasopharynx", "interrupted");
  start_and_stop("core-nasopharynx", "interrupted");
  const auto plan = get("/api/v1/plan");
  EXPECT_FALSE(plan["paused"].get<bool>());
  EXPECT_TRUE(plan["start"]["allowed"].get<bool>());
  post("/api/v1/sessions", R"({"routine_id": "core-nasopharynx"})", 201);
  int interrupted = 0;
  const auto sessions = get("/api/v1/sessions");
  for (const auto& session : sessions["sessions"]) {
    if (session["stop"].is_object() && session["stop"]["reason"] == "interrupted") ++interrupted;
  }
  EXPECT_EQ(interrupted, 2);
}

TEST_F(SessionStartApi, AnAftercareSessionDoesNotBecomeTheDefaultRoutine) {
  screen();
  start_and_finish("tongue-suction");
  start_and_finish("aftercare");
  EXPECT_EQ(get("/api/v1/plan")["routine_id"], "tongue-suction");
}

}  // namespace
}  // namespace velum::server_test
