// Every request example in docs/api.md, sent to a real `velum serve`: the
// documentation and the API agree. Examples are the fenced blocks whose info
// string names the route ("```json POST /api/v1/checkins"); they run in the
// order written, {id} standing for the record the earlier examples made.

#include <gtest/gtest.h>
#include <httplib.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <vector>
#include <sstream>

#include "practice/safety.hpp"
#include "server_process.hpp"

namespace velum::server_test {
namespace {

using nlohmann::json;

struct Example {
  std::string method;
  std::string path;
  std::string body;
  int line = 0;
};

std::vector<Example> request_examples(const std::filesystem::path& markdown) {
  std::ifstream in(markdown);
  std::vector<Example> examples;
  const std::regex opening(R"(^```json (POST|PUT) (/api/v1/\S+)\s*$)");
  std::string line;
  int number = 0;
  Example* open = nullptr;
  while (std::getline(in, line)) {
    ++number;
    std::smatch match;
    if (open != nullptr) {
      if (line.rfind("```", 0) == 0) {
        open = nullptr;
      } else {
        open->body += line + "\n";
      }
    } else if (std::regex_match(line, match, opening)) {
      examples.push_back({match[1], match[2], "", number});
      open = &examples.back();
    }
  }
  return examples;
}

// "sessions" for /api/v1/sessions/{id}/steps: the resource an {id} belongs to.
std::string resource_of(const std::string& path) {
  const auto rest = path.substr(std::string("/api/v1/").size());
  return rest.substr(0, rest.find('/'));
}

TEST(ApiDocs, EveryRequestExampleIsAccepted) {
  const auto docs = std::filesystem::path(VELUM_TEST_DATA) / ".." / ".." / "docs" / "api.md";
  const auto examples = request_examples(docs);
  ASSERT_GE(examples.size(), 8u) << "docs/api.md lost its request examples";

  const auto folder = fresh_folder("docs");
  ServerProcess server(folder);
  ASSERT_TRUE(server.started());
  auto client = server.client();
  // Intra-oral examples need a clear safety screen.
  json answers = json::object();
  for (const auto& question : practice::screen_questions()) answers[std::string(question.id)] = false;
  ASSERT_EQ(client->Post("/api/v1/screen", json{{"answers", answers}}.dump(), "application/json")->status,
            201);

  std::map<std::string, std::string> last_id;  // "sessions", "checkins" → the id the last POST made
  // Two stops in a row pause a routine's progression and refuse its next start,
  // so each ended session belongs to another routine that needs no hands.
  const std::vector<std::string> routines{"breathing-only", "tongue-suction", "aftercare", "nasal-swab"};
  std::size_t sessions_ended = 0;
  for (const auto& example : examples) {
    ASSERT_TRUE(json::accept(example.body)) << "docs/api.md:" << example.line << " is not valid JSON";
    const auto resource = resource_of(example.path);
    std::string path = example.path;
    // A stop or finish example ends a session: each gets a fresh one.
    if (path.ends_with("/stop") || path.ends_with("/finish")) {
      const auto& routine = routines.at(sessions_ended++ % routines.size());
      auto started =
          client->Post("/api/v1/sessions", json{{"routine_id", routine}}.dump(), "application/json");
      ASSERT_TRUE(started);
      ASSERT_EQ(started->status, 201) << routine << ": " << started->body;
      last_id["sessions"] = json::parse(started->body)["id"];
    }
    path = std::regex_replace(path, std::regex(R"(\{id\})"), last_id[resource]);
    path = std::regex_replace(path, std::regex(R"(\{index\})"), last_id["index"]);
    auto result = example.method == "POST" ? client->Post(path, example.body, "application/json")
                                           : client->Put(path, example.body, "application/json");
    ASSERT_TRUE(result) << example.path;
    EXPECT_GE(result->status, 200) << "docs/api.md:" << example.line << " " << example.method << " " << path
                                   << " → " << result->body;
    EXPECT_LT(result->status, 300) << "docs/api.md:" << example.line << " " << example.method << " " << path
                                   << " → " << result->body;
    const auto answer = json::parse(result->body, nullptr, false);
    if (example.method == "POST" && answer.is_object() && answer.contains("id") &&
        example.path == "/api/v1/" + resource) {
      last_id[resource] = answer["id"];
    }
    if (answer.is_object() && answer.contains("index"))
      last_id["index"] = std::to_string(answer["index"].get<int>());
  }
  client.reset();
  std::filesystem::remove_all(folder);
}

}  // namespace
}  // namespace velum::server_test
