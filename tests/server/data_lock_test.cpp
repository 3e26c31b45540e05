// One session runner per data folder, with real processes: a second
// `velum serve` or a `velum session` on the same --data is refused with a
// message naming the folder and the server's pid, and the server's open
// session stays open (it used to be closed as interrupted).

#include <gtest/gtest.h>
#include <httplib.h>

#include <fmt/format.h>
#include <array>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "practice/safety.hpp"
#include "server_process.hpp"

namespace velum::server_test {
namespace {

using nlohmann::json;

struct Finished {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

// Runs velum with `arguments` (stdin from /dev/null) and waits for it.
Finished run_velum(const std::string& arguments) {
  const auto command = fmt::format("'{}' {} </dev/null 2>&1", VELUM_BINARY, arguments);
  Finished finished;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return finished;
  std::array<char, 512> buffer{};
  while (const auto got = fread(buffer.data(), 1, buffer.size(), pipe))
    finished.output.append(buffer.data(), got);
  const int status = pclose(pipe);
  finished.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return finished;
}

// Passes the safety screen and starts a core session; returns its id.
std::string start_session(httplib::Client& client) {
  json answers = json::object();
  for (const auto& question : practice::screen_questions()) answers[std::string(question.id)] = false;
  const auto screened = client.Post("/api/v1/screen", json{{"answers", answers}}.dump(), "application/json");
  if (!screened || screened->status != 201) return "";
  const auto started =
      client.Post("/api/v1/sessions", R"({"routine_id": "core-nasopharynx"})", "application/json");
  if (!started || started->status != 201) return "";
  return json::parse(started->body)["id"];
}

json outcome_of(httplib::Client& client, const std::string& session_id) {
  const auto answer = client.Get("/api/v1/sessions/" + session_id);
  if (!answer || answer->status != 200) return "unreadable";
  return json::parse(answer->body)["outcome"];
}

class DataLock : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = fresh_folder("lock");
    server_ = std::make_unique<ServerProcess>(folder_);
    ASSERT_TRUE(server_->started());
    client_ = server_->client();
    session_id_ = start_session(*client_);
    ASSERT_FALSE(session_id_.empty());
  }
  void TearDown() override {
    client_.reset();
    server_.reset();
    std::filesystem::remove_all(folder_);
  }

  std::filesystem::path folder_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<httplib::Client> client_;
  std::string session_id_;
};

TEST_F(DataLock, ASecondServerIsRefusedAndTheFirstServersSessionStaysOpen) {
  const auto second = run_velum(fmt::format("serve --port 0 --data '{}'", folder_.string()));
  EXPECT_EQ(second.exit_code, 2) << second.output;
  EXPECT_NE(second.output.find(folder_.string()), std::string::npos) << second.output;
  EXPECT_NE(second.output.find(fmt::format("velum serve (pid {})", server_->pid())), std::string::npos)
      << second.output;
  EXPECT_EQ(outcome_of(*client_, session_id_), nullptr);
}

TEST_F(DataLock, ATerminalSessionIsRefusedAndLeavesTheServersSessionOpen) {
  const auto session = run_velum(fmt::format("session --audio none --data '{}'", folder_.string()));
  EXPECT_EQ(session.exit_code, 2) << session.output;
  EXPECT_NE(session.output.find(fmt::format("velum serve (pid {})", server_->pid())), std::string::npos)
      << session.output;
  EXPECT_EQ(outcome_of(*client_, session_id_), nullptr);
}

TEST_F(DataLock, AServerStartsOnTheFolderOnceTheFirstHasStopped) {
  ASSERT_EQ(server_->stop(SIGTERM), 0);
  ServerProcess next(folder_);
  ASSERT_TRUE(next.started());
  // The stopped server's session was left open; the next one closes it.
  EXPECT_EQ(outcome_of(*next.client(), session_id_), "interrupted");
}

}  // namespace
}  // namespace velum::server_test
