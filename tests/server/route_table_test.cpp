// The route table: a method and a path pattern lead to one handler, {name}
// parts reach it decoded, and the table answers 404 and 405 itself.

#include "server/route_table.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace velum::server {
namespace {

ApiRequest request(std::string method, std::string path) {
  ApiRequest out;
  out.method = std::move(method);
  out.path = std::move(path);
  out.target = out.path;
  return out;
}

ApiResponse text(std::string body) {
  ApiResponse response;
  response.body = std::move(body);
  return response;
}

class RouteTableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    table_.add("GET", "/api/v1/sessions", [](const RouteCall&) { return text("list"); });
    table_.add("POST", "/api/v1/sessions", [](const RouteCall&) { return text("start"); });
    table_.add("PUT", "/api/v1/sessions/{id}/steps/{index}", [](const RouteCall& call) {
      return text(call.parameter("id") + "#" + call.parameter("index"));
    });
  }
  RouteTable table_;
};

TEST_F(RouteTableTest, MethodAndPathChooseTheHandler) {
  EXPECT_EQ(table_.dispatch(request("GET", "/api/v1/sessions")).body, "list");
  EXPECT_EQ(table_.dispatch(request("POST", "/api/v1/sessions")).body, "start");
}

TEST_F(RouteTableTest, ParametersReachTheHandlerByName) {
  EXPECT_EQ(table_.dispatch(request("PUT", "/api/v1/sessions/abc/steps/3")).body, "abc#3");
}

TEST_F(RouteTableTest, HeadIsAnsweredByTheGetRoute) {
  EXPECT_EQ(table_.dispatch(request("HEAD", "/api/v1/sessions")).body, "list");
}

TEST_F(RouteTableTest, UnknownPathIs404NamingThePath) {
  const auto response = table_.dispatch(request("GET", "/api/v1/session"));
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(nlohmann::json::parse(response.body)["error"]["field"], "path");
}

TEST_F(RouteTableTest, KnownPathWithWrongMethodIs405NamingTheAllowedOnes) {
  const auto response = table_.dispatch(request("DELETE", "/api/v1/sessions"));
  EXPECT_EQ(response.status, 405);
  const auto error = nlohmann::json::parse(response.body)["error"];
  EXPECT_EQ(error["field"], "method");
  EXPECT_EQ(error["hint"], "use GET or POST");
  EXPECT_EQ(response.headers.at("Allow"), "GET, POST");
}

TEST_F(RouteTableTest, ListsEveryRouteInOrder) {
  EXPECT_EQ(table_.list(), (std::vector<std::string>{"GET /api/v1/sessions", "POST /api/v1/sessions",
                                                     "PUT /api/v1/sessions/{id}/steps/{index}"}));
}

}  // namespace
}  // namespace velum::server
