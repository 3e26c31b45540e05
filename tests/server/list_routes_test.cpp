// The list routes answer a page at a time, newest first: following next_cursor
// visits every record once, the last page says null, and a bad limit or cursor
// is a 400 naming it.

#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <set>

#include "server_process.hpp"

namespace velum::server_test {
namespace {

using nlohmann::json;

class ListRoutes : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = fresh_folder("lists");
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
    auto answer = client_->Get(path);
    EXPECT_TRUE(answer) << path;
    if (!answer) return {};
    EXPECT_EQ(answer->status, expected_status) << path << ": " << answer->body;
    return json::parse(answer->body);
  }

  std::filesystem::path folder_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(ListRoutes, FollowingNextCursorVisitsEveryCheckinOnceNewestFirst) {
  constexpr int kCount = 5;
  std::set<std::string> stored;
  for (int calm = 0; calm < kCount; ++calm) {
    auto saved = client_->Post("/api/v1/checkins", json{{"calm", calm}}.dump(), "application/json");
    ASSERT_TRUE(saved);
    ASSERT_EQ(saved->status, 201);
    stored.insert(json::parse(saved->body)["id"].get<std::string>());
  }
  std::set<std::string> seen;
  std::string path = "/api/v1/checkins?limit=2";
  int pages = 0;
  std::string previous_time = "9999";
  for (;;) {
    const auto page = get(path);
    ++pages;
    ASSERT_LE(page["checkins"].size(), 2u);
    for (const auto& checkin : page["checkins"]) {
      EXPECT_TRUE(seen.insert(checkin["id"].get<std::string>()).second) << "repeated " << checkin["id"];
      EXPECT_LE(checkin["taken_at"].get<std::string>(), previous_time) << "not newest first";
      previous_time = checkin["taken_at"].get<std::string>();
    }
    if (page["next_cursor"].is_null()) break;
    path = "/api/v1/checkins?limit=2&cursor=" + httplib::detail::encode_query_param(page["next_cursor"]);
    ASSERT_LT(pages, 10) << "the pages never end";
  }
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen, stored);
  // Without a limit, one page of up to 100.
  const auto all = get("/api/v1/checkins");
  EXPECT_EQ(all["checkins"].size(), 5u);
  EXPECT_TRUE(all["next_cursor"].is_null());
}

TEST_F(ListRoutes, ABadLimitOrCursorIsRefusedNamingIt) {
  EXPECT_EQ(get("/api/v1/checkins?limit=0", 400)["error"]["field"], "limit");
  EXPECT_EQ(get("/api/v1/checkins?limit=501", 400)["error"]["field"], "limit");
  EXPECT_EQ(get("/api/v1/sessions?limit=x", 400)["error"]["field"], "limit");
  EXPECT_EQ(get("/api/v1/checkins?cursor=nonsense", 400)["error"]["field"], "cursor");
  EXPECT_EQ(get("/api/v1/voice/sessions?cursor=nonsense", 400)["error"]["field"], "cursor");
}

TEST_F(ListRoutes, SessionsAndVoiceSessionsAnswerWithANextCursor) {
  const auto sessions = get("/api/v1/sessions?limit=1");
  EXPECT_TRUE(sessions["sessions"].empty());
  EXPECT_TRUE(sessions.contains("next_cursor"));
  EXPECT_TRUE(sessions["next_cursor"].is_null());
  const auto voice = get("/api/v1/voice/sessions?limit=1");
  EXPECT_TRUE(voice["voice_sessions"].empty());
  EXPECT_TRUE(voice["next_cursor"].is_null());
}

}  // namespace
}  // namespace velum::server_test
