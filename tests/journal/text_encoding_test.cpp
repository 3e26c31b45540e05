// Text in the journal is UTF-8: the store refuses anything else in every text
// field, naming the field, and a journal that already holds bad bytes (written
// by an older version) still exports, with U+FFFD in their place.

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <nlohmann/json.hpp>

#include "fixtures.hpp"
#include "journal/detail/sqlite_handle.hpp"
#include "journal/exchange.hpp"

namespace velum::journal {
namespace {

using namespace testing;

// "caf" then 0xE9: Latin-1 "café", the byte that poisoned exports.
const std::string kLatin1Cafe = std::string("caf") + static_cast<char>(0xE9);

class TextEncoding : public ::testing::Test {
 protected:
  TempDir dir_;
  std::unique_ptr<Store> store_ = open_or_fail(dir_.file());

  void expect_refused(const Status& status, const std::string& field) {
    ASSERT_FALSE(status) << field << " with bad bytes was stored";
    EXPECT_EQ(status.error().code, ErrorCode::kInvalidInput);
    EXPECT_NE(status.error().message.find(field + " is not valid UTF-8 text"), std::string::npos)
        << status.error().message;
  }
};

TEST_F(TextEncoding, StoreRefusesBadBytesInACheckInNote) {
  auto checkin = sample_checkin();
  checkin.note = kLatin1Cafe;
  expect_refused(store_->add_checkin(checkin), "check-in note");
  EXPECT_TRUE(store_->checkins({})->empty());
}

TEST_F(TextEncoding, StoreRefusesBadBytesInAChangedCheckIn) {
  ASSERT_TRUE(store_->add_checkin(sample_checkin()));
  auto changed = sample_checkin();
  changed.note = kLatin1Cafe;
  expect_refused(store_->update_checkin(changed), "check-in note");
  EXPECT_EQ(store_->checkins({})->front().note, sample_checkin().note);
}

TEST_F(TextEncoding, StoreRefusesBadBytesInEverySessionTextField) {
  auto session = sample_session();
  session.stop_reason->text = kLatin1Cafe;
  expect_refused(store_->record_session(session, {}), "session stop reason text");
  session = sample_session();
  session.routine_id = kLatin1Cafe;
  expect_refused(store_->record_session(session, {}), "session routine_id");
  session = sample_session();
  session.pattern = kLatin1Cafe;
  expect_refused(store_->record_session(session, {}), "session pattern");
  auto step = sample_step("session-1", 0);
  step.note = kLatin1Cafe;
  expect_refused(store_->record_session(sample_session(), {step}), "step note");
  EXPECT_TRUE(store_->sessions({})->empty());
}

TEST_F(TextEncoding, StoreRefusesBadBytesInVoicePlanAndScreenText) {
  auto voice = sample_voice_session();
  voice.source = kLatin1Cafe;
  expect_refused(store_->add_voice_session(voice), "voice session source");
  auto plan = sample_plan();
  plan.pause_reason = kLatin1Cafe;
  expect_refused(store_->save_plan_state(plan), "plan pause_reason");
  auto screening = sample_screening();
  screening.answers.front().question_id = kLatin1Cafe;
  expect_refused(store_->add_screening(screening), "screening answer question_id");
}

TEST_F(TextEncoding, ImportRefusesBadBytesAndStoresNothing) {
  JournalData data;
  data.checkins.push_back(sample_checkin());
  data.checkins.push_back(sample_checkin("checkin-2", 1h));
  data.checkins.back().note = kLatin1Cafe;
  const auto imported = store_->import_all(data);
  ASSERT_FALSE(imported);
  EXPECT_NE(imported.error().message.find("check-in note is not valid UTF-8"), std::string::npos)
      << imported.error().message;
  EXPECT_TRUE(store_->checkins({})->empty());
}

// A journal written before text was checked: the bad bytes go in with SQL,
// as an older velum could have stored them.
TEST_F(TextEncoding, ExportOfAPoisonedJournalSucceedsAndNamesTheField) {
  ASSERT_TRUE(store_->add_checkin(sample_checkin()));
  {
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(dir_.file().c_str(), &raw), SQLITE_OK);
    detail::DbHandle db(raw);
    ASSERT_EQ(detail::exec(db.get(), "UPDATE checkins SET note = CAST(X'636166E9' AS TEXT)"), SQLITE_OK);
  }
  const auto data = store_->export_all();
  ASSERT_TRUE(data) << data.error().message;
  ASSERT_EQ(data->checkins.front().note, kLatin1Cafe);
  EXPECT_EQ(invalid_text_fields(*data), std::vector<std::string>{"checkins[0].note"});

  const std::string text = export_json(*data, sample_time());
  const auto parsed = nlohmann::json::parse(text);  // throws if the export is not valid JSON
  EXPECT_EQ(parsed.at("checkins").at(0).at("note"), "caf\xEF\xBF\xBD");  // U+FFFD
}

TEST_F(TextEncoding, AWellFormedJournalHasNoInvalidTextFields) {
  ASSERT_TRUE(store_->add_checkin(sample_checkin()));
  ASSERT_TRUE(store_->record_session(sample_session(), {sample_step("session-1", 0)}));
  EXPECT_TRUE(invalid_text_fields(*store_->export_all()).empty());
}

}  // namespace
}  // namespace velum::journal
