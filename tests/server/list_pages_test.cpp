// ?limit and ?cursor of the list routes: defaults, bounds, and a cursor that
// round-trips the page key exactly (ids with dots included) or is refused.

#include <gtest/gtest.h>

#include "server/detail/list_pages.hpp"

namespace velum::server::detail {
namespace {

ApiRequest with_query(std::map<std::string, std::string> query) {
  ApiRequest request;
  request.method = "GET";
  request.path = "/api/v1/checkins";
  request.query = std::move(query);
  return request;
}

TEST(ListPages, NoParametersAskForTheNewestDefaultPage) {
  journal::PageQuery query;
  EXPECT_FALSE(read_page_query(with_query({}), query));
  EXPECT_EQ(query.limit, kDefaultPageLimit);
  EXPECT_FALSE(query.after);
}

TEST(ListPages, ALimitOutsideOneToTheMaximumIsRefusedNamingLimit) {
  for (const std::string bad : {"0", "501", "-1", "ten", "10x", ""}) {
    journal::PageQuery query;
    const auto error = read_page_query(with_query({{"limit", bad}}), query);
    ASSERT_TRUE(error) << bad;
    EXPECT_EQ(error->field, "limit");
    EXPECT_NE(error->message.find("from 1 to 500"), std::string::npos) << error->message;
  }
  journal::PageQuery query;
  EXPECT_FALSE(read_page_query(with_query({{"limit", "500"}}), query));
  EXPECT_EQ(query.limit, 500u);
}

TEST(ListPages, ACursorGivesBackThePageKeyItWasMadeFrom) {
  const journal::PageKey key{std::chrono::sys_seconds{std::chrono::seconds{1764000000}}, "id.with.dots"};
  journal::PageQuery query;
  EXPECT_FALSE(read_page_query(with_query({{"cursor", cursor_text(key)}}), query));
  EXPECT_EQ(query.after, key);
}

TEST(ListPages, ACursorThisServerDidNotGiveIsRefusedNamingCursor) {
  for (const std::string bad : {"", "abc", "2.1764000000.x", "1.17x.id", "1.1764000000.", "1.1764000000"}) {
    journal::PageQuery query;
    const auto error = read_page_query(with_query({{"cursor", bad}}), query);
    ASSERT_TRUE(error) << bad;
    EXPECT_EQ(error->field, "cursor") << bad;
  }
}

}  // namespace
}  // namespace velum::server::detail
