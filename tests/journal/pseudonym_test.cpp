// The journal's pseudonym: drawn once, kept for the journal's life (reopening
// and backups keep it), different between journals.

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "fixtures.hpp"
#include "journal/detail/migrations.hpp"
#include "journal/detail/sqlite_handle.hpp"

namespace velum::journal {
namespace {

using namespace testing;

bool is_hex32(const std::string& text) {
  return text.size() == 32 && text.find_first_not_of("0123456789abcdef") == std::string::npos;
}

TEST(JournalPseudonym, IsThirtyTwoHexDigitsAndTheSameOnEveryRead) {
  TempDir dir;
  auto store = open_or_fail(dir.file());
  const auto first = store->pseudonym();
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_TRUE(is_hex32(*first)) << *first;
  EXPECT_EQ(*store->pseudonym(), *first);
}

TEST(JournalPseudonym, SurvivesReopeningAndABackup) {
  TempDir dir;
  std::string kept;
  {
    auto store = open_or_fail(dir.file());
    kept = *store->pseudonym();
    ASSERT_TRUE(store->backup_to(dir.path() / "copy.sqlite3", false));
  }
  EXPECT_EQ(*open_or_fail(dir.file())->pseudonym(), kept);
  EXPECT_EQ(*open_or_fail(dir.path() / "copy.sqlite3")->pseudonym(), kept);
}

TEST(JournalPseudonym, DiffersBetweenJournals) {
  TempDir one;
  TempDir two;
  EXPECT_NE(*open_or_fail(one.file())->pseudonym(), *open_or_fail(two.file())->pseudonym());
}

TEST(JournalPseudonym, AJournalFromBeforePseudonymsGainsOneWhenOpened) {
  TempDir dir;
  {
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(dir.file().c_str(), &raw), SQLITE_OK);
    detail::DbHandle db(raw);
    ASSERT_EQ(detail::migrate(db.get(), 4, "2026-01-01T00:00:00Z"), SQLITE_OK);
  }
  auto store = open_or_fail(dir.file());
  const auto pseudonym = store->pseudonym();
  ASSERT_TRUE(pseudonym) << pseudonym.error().message;
  EXPECT_TRUE(is_hex32(*pseudonym)) << *pseudonym;
}

}  // namespace
}  // namespace velum::journal
