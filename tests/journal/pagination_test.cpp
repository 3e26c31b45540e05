// Lists read a page at a time, newest first, with a keyset position: pages
// join up to the whole list without repeats or gaps, records added meanwhile
// never shift a page, and records of equal time are ordered by id.

#include <gtest/gtest.h>

#include <set>

#include "fixtures.hpp"

namespace velum::journal {
namespace {

using namespace testing;

std::vector<std::string> ids_of(const std::vector<CheckIn>& checkins) {
  std::vector<std::string> ids;
  for (const auto& checkin : checkins) ids.push_back(checkin.id);
  return ids;
}

// Every page of check-ins from the newest, `limit` at a time.
std::vector<Page<CheckIn>> all_pages(Store& store, std::size_t limit) {
  std::vector<Page<CheckIn>> pages;
  PageQuery query;
  query.limit = limit;
  for (;;) {
    auto page = store.checkins_page(query);
    if (!page) {
      ADD_FAILURE() << page.error().message;
      break;
    }
    pages.push_back(*page);
    if (!page->next) break;
    query.after = page->next;
  }
  return pages;
}

TEST(Pagination, CheckinPagesJoinUpToTheWholeListNewestFirst) {
  TempDir dir;
  auto store = open_or_fail(dir.file());
  constexpr int kCount = 7;
  for (int i = 0; i < kCount; ++i) {
    ASSERT_TRUE(store->add_checkin(sample_checkin(fmt::format("c{}", i), std::chrono::hours(i))));
  }
  const auto pages = all_pages(*store, 3);
  ASSERT_EQ(pages.size(), 3u);
  EXPECT_EQ(ids_of(pages[0].records), (std::vector<std::string>{"c6", "c5", "c4"}));
  EXPECT_EQ(ids_of(pages[1].records), (std::vector<std::string>{"c3", "c2", "c1"}));
  EXPECT_EQ(ids_of(pages[2].records), (std::vector<std::string>{"c0"}));
  EXPECT_FALSE(pages[2].next);
  EXPECT_EQ(pages[0].next, (PageKey{sample_time(4h).utc, "c4"}));
  // Every field survives the page read as it does the full list.
  EXPECT_EQ(pages[2].records[0], sample_checkin("c0"));
}

TEST(Pagination, AnExactlyFullLastPageSaysThereIsNoNextPage) {
  TempDir dir;
  auto store = open_or_fail(dir.file());
  for (int i = 0; i < 4; ++i)
    ASSERT_TRUE(store->add_checkin(sample_checkin(fmt::format("c{}", i), std::chrono::minutes(i))));
  const auto pages = all_pages(*store, 2);
  ASSERT_EQ(pages.size(), 2u);
  EXPECT_FALSE(pages[1].next);
  PageQuery query;
  query.limit = 4;
  auto whole = store->checkins_page(query);
  ASSERT_TRUE(whole);
  EXPECT_EQ(whole->records.size(), 4u);
  EXPECT_FALSE(whole->next);
}

TEST(Pagination, RecordsAddedWhileReadingNeverShiftTheFollowingPages) {
  TempDir dir;
  auto store = open_or_fail(dir.file());
  for (int i = 0; i < 6; ++i)
    ASSERT_TRUE(store->add_checkin(sample_checkin(fmt::format("c{}", i), std::chrono::hours(i))));
  PageQuery query;
  query.limit = 2;
  auto first = store->checkins_page(query);
  ASSERT_TRUE(first);
  EXPECT_EQ(ids_of(first->records), (std::vector<std::string>{"c5", "c4"}));
  // A new check-in (newest of all) arrives before the next page is asked for.
  ASSERT_TRUE(store->add_checkin(sample_checkin("new", std::chrono::hours(10))));
  query.after = first->next;
  auto second = store->checkins_page(query);
  ASSERT_TRUE(second);
  EXPECT_EQ(ids_of(second->records), (std::vector<std::string>{"c3", "c2"}));
}

TEST(Pagination, RecordsOfTheSameSecondAreSplitAcrossPagesByIdWithoutRepeats) {
  TempDir dir;
  auto store = open_or_fail(dir.file());
  for (const auto* id : {"a", "b", "c", "d", "e"}) ASSERT_TRUE(store->add_checkin(sample_checkin(id)));
  std::vector<std::string> seen;
  for (const auto& page : all_pages(*store, 2)) {
    for (const auto& id : ids_of(page.records)) seen.push_back(id);
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"e", "d", "c", "b", "a"}));
}

TEST(Pagination, PagesHoldOnlyTheUsersRecords) {
  TempDir dir;
  auto store = open_or_fail(dir.file());
  ASSERT_TRUE(store->add_checkin(sample_checkin("mine")));
  auto other = sample_checkin("theirs", 1h);
  other.user_id = "someone-else";
  ASSERT_TRUE(store->add_checkin(other));
  auto page = store->checkins_page(PageQuery{});
  ASSERT_TRUE(page);
  EXPECT_EQ(ids_of(page->records), (std::vector<std::string>{"mine"}));
}

TEST(Pagination, APageOfNoRecordsIsRefused) {
  TempDir dir;
  auto store = open_or_fail(dir.file());
  PageQuery query;
  query.limit = 0;
  auto page = store->checkins_page(query);
  ASSERT_FALSE(page);
  EXPECT_EQ(page.error().code, ErrorCode::kInvalidInput);
  EXPECT_NE(page.error().message.find("at least 1"), std::string::npos);
}

TEST(Pagination, SessionPagesAreNewestStartedFirst) {
  TempDir dir;
  auto store = open_or_fail(dir.file());
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(store->record_session(sample_session(fmt::format("s{}", i), std::chrono::hours(i)), {}));
  }
  PageQuery query;
  query.limit = 3;
  auto first = store->sessions_page(query);
  ASSERT_TRUE(first);
  ASSERT_EQ(first->records.size(), 3u);
  EXPECT_EQ(first->records[0].id, "s4");
  EXPECT_EQ(first->records[2].id, "s2");
  query.after = first->next;
  auto second = store->sessions_page(query);
  ASSERT_TRUE(second);
  ASSERT_EQ(second->records.size(), 2u);
  EXPECT_EQ(second->records[0].id, "s1");
  EXPECT_EQ(second->records[1], sample_session("s0"));
  EXPECT_FALSE(second->next);
}

TEST(Pagination, VoiceSessionPagesAreNewestFirstWithinTheDays) {
  TempDir dir;
  auto store = open_or_fail(dir.file());
  constexpr auto kDay = std::chrono::hours(24);
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(store->add_voice_session(sample_voice_session(fmt::format("v{}", i), kDay * i)));
  }
  // Days 1 to 3 after the sample day hold v1, v2 and v3.
  const auto first_day = local_date(sample_time(kDay));
  const auto last_day = local_date(sample_time(kDay * 3));
  PageQuery query;
  query.limit = 2;
  auto first = store->voice_sessions_page(query, DayRange{first_day, last_day});
  ASSERT_TRUE(first);
  ASSERT_EQ(first->records.size(), 2u);
  EXPECT_EQ(first->records[0].id, "v3");
  EXPECT_EQ(first->records[1].id, "v2");
  query.after = first->next;
  auto second = store->voice_sessions_page(query, DayRange{first_day, last_day});
  ASSERT_TRUE(second);
  ASSERT_EQ(second->records.size(), 1u);
  EXPECT_EQ(second->records[0], sample_voice_session("v1", kDay));
  EXPECT_FALSE(second->next);
}

}  // namespace
}  // namespace velum::journal
