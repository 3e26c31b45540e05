// JSON export and import: an exact round trip, malformed files refused with the
// line, column or field path at fault, duplicates recognised by id; CSV quoting.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "fixtures.hpp"
#include "journal/exchange.hpp"

namespace velum::journal {
namespace {

using namespace testing;

JournalData sample_data() {
  JournalData data;
  data.screenings.push_back(sample_screening());
  auto session = sample_session();
  data.sessions.push_back(session);
  for (int i = 0; i < 3; ++i) data.step_results.push_back(sample_step(session.id, i));
  auto open = sample_session("session-open", 24h);
  open.ended_at.reset();
  open.outcome.reset();
  open.stop_reason.reset();
  data.sessions.push_back(open);
  auto other = sample_session("session-other", 48h);
  other.stop_reason = StopReason{std::nullopt, "felt odd"};
  data.sessions.push_back(other);
  auto harmless = sample_session("session-interrupted", 50h);
  harmless.stop_reason = StopReason{std::nullopt, "", /*interrupted=*/true};
  data.sessions.push_back(harmless);
  data.checkins.push_back(sample_checkin());
  auto sparse = sample_checkin("checkin-sparse", 1h);
  sparse.pain = {};
  sparse.calm.reset();
  sparse.taken_at.utc_offset = std::chrono::minutes{-330};
  data.checkins.push_back(sparse);
  data.plan_states.push_back(sample_plan());
  data.voice_sessions.push_back(sample_voice_session());
  auto range = sample_voice_session("voice-range", 2h);
  range.task = VoiceTask::kRange;
  range.source = "glide up.wav, glide down.wav";
  range.measures = {};
  range.measure(VoiceMeasure::kRangeSemitones) = 26;
  range.measure(VoiceMeasure::kRangeLowHz) = 97.99;
  range.measure(VoiceMeasure::kRangeHighHz) = 440;
  range.result_json =
      R"({"highest_hz":440.0,"lowest_hz":97.99,"notes":[{"midi":43,"note":"G2"}],"range_semitones":26})";
  data.voice_sessions.push_back(range);
  return data;
}

std::string exported(const JournalData& data) { return export_json(data, sample_time(72h)); }

std::string join(const std::vector<std::string>& problems) {
  std::string text;
  for (const auto& problem : problems) text += problem + '\n';
  return text;
}

TEST(JournalExchange, ExportThenImportIntoAnEmptyJournalIsExact) {
  TempDir dir;
  auto source = open_or_fail(dir.path() / "a" / "velum.sqlite3");
  const auto data = sample_data();
  ASSERT_TRUE(source->import_all(data));
  auto first = source->export_all();
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(*first, data);

  const auto text = exported(*first);
  auto parsed = parse_export_json(text);
  ASSERT_TRUE(parsed.problems.empty()) << join(parsed.problems);
  auto target = open_or_fail(dir.path() / "b" / "velum.sqlite3");
  auto report = target->import_all(parsed.data);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->already_present, 0u);
  auto second = target->export_all();
  ASSERT_TRUE(second);
  EXPECT_EQ(*second, *first);
  EXPECT_EQ(exported(*second), text);
}

TEST(JournalExchange, ImportingTheSameFileTwiceAddsNothingTheSecondTime) {
  TempDir dir;
  auto store = open_or_fail(dir.file());
  const auto data = sample_data();
  auto first = store->import_all(data);
  ASSERT_TRUE(first);
  const auto total = data.screenings.size() + data.sessions.size() + data.step_results.size() +
                     data.checkins.size() + data.plan_states.size() + data.voice_sessions.size();
  EXPECT_EQ(first->added, total);
  auto second = store->import_all(data);
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(second->added, 0u);
  EXPECT_EQ(second->already_present, total);
  EXPECT_EQ(*store->export_all(), data);
}

TEST(JournalExchange, BadJsonNamesLineAndColumn) {
  // Column 16 of line 3 is the stray comma.
  const std::string text = "{\n  \"format\": \"velum-journal\",\n  \"sessions\": [,]\n}\n";
  auto parsed = parse_export_json(text);
  ASSERT_EQ(parsed.problems.size(), 1u);
  EXPECT_NE(parsed.problems[0].find("line 3, column 16"), std::string::npos) << parsed.problems[0];
}

TEST(JournalExchange, AFileFromBeforeSchemaFiveLiftsFeelingWellIntoThePlans) {
  auto json = nlohmann::json::parse(exported(sample_data()));
  for (const char* field : {"hold_stage_since", "sessions_seen", "well_confirmed_at"})
    json["plan_states"][0].erase(field);
  json["checkins"][0]["note"] =
      "I feel well again after the stopped sessions and want to go on with the plan.";
  json["checkins"][1]["note"] =
      "I feel well again after the stopped sessions and want to go on with the plan.";
  json["checkins"][1]["pain"] = nlohmann::json::object();
  json["checkins"][1]["nasal_breathing_ease"] = nullptr;
  json["checkins"][1]["hydration_glasses"] = nullptr;
  auto parsed = parse_export_json(json.dump());
  ASSERT_TRUE(parsed.problems.empty()) << join(parsed.problems);
  ASSERT_EQ(parsed.data.plan_states.size(), 1u);
  const auto& plan = parsed.data.plan_states[0];
  EXPECT_FALSE(plan.hold_stage_since.has_value());
  EXPECT_EQ(plan.sessions_seen, 0);
  ASSERT_TRUE(plan.well_confirmed_at.has_value());
  EXPECT_EQ(plan.well_confirmed_at->utc, sample_time(1h).utc) << "the later of the two";
  ASSERT_EQ(parsed.data.checkins.size(), 1u) << "the bare confirmation is no check-in any more";
  EXPECT_EQ(parsed.data.checkins[0].note, "") << "the rated one keeps its ratings, without the sentence";
  EXPECT_EQ(parsed.data.checkins[0].calm, sample_checkin().calm);
}

TEST(JournalExchange, AnInterruptedStopNeedsNoWordsButOtherDoes) {
  auto json = nlohmann::json::parse(exported(sample_data()));
  json["sessions"][2]["stop_reason"] = {{"reason", "interrupted"}, {"text", ""}};
  EXPECT_TRUE(parse_export_json(json.dump()).problems.empty());
  json["sessions"][2]["stop_reason"] = {{"reason", "other"}, {"text", ""}};
  EXPECT_NE(
      join(parse_export_json(json.dump()).problems).find("a stop reason of \"other\" needs a few words"),
      std::string::npos);
  json["sessions"][2]["stop_reason"] = {{"reason", "phone"}, {"text", ""}};
  EXPECT_NE(join(parse_export_json(json.dump()).problems).find("other, interrupted; got \"phone\""),
            std::string::npos);
}

TEST(JournalExchange, WrongFieldTypeIsNamedByItsPath) {
  auto json = nlohmann::json::parse(exported(sample_data()));
  json["sessions"][1]["stage"] = "two";
  json["checkins"][0]["pain"]["throat"] = 12;
  json["step_results"][2]["sensations"][0] = "tickle";
  auto parsed = parse_export_json(json.dump());
  const auto all = join(parsed.problems);
  EXPECT_NE(all.find("sessions[1].stage: expected an integer from 1 to"), std::string::npos) << all;
  EXPECT_NE(all.find("got the text \"two\""), std::string::npos) << all;
  EXPECT_NE(all.find("checkins[0].pain.throat: expected an integer from 0 to 10, got 12"), std::string::npos)
      << all;
  EXPECT_NE(all.find("step_results[2].sensations[0]: expected a sensation"), std::string::npos) << all;
}

TEST(JournalExchange, UnknownRegionAndUnknownFieldAreNamed) {
  auto json = nlohmann::json::parse(exported(sample_data()));
  json["checkins"][0]["pain"]["throt"] = 3;
  json["checkins"][1]["mood"] = 5;
  auto parsed = parse_export_json(json.dump());
  const auto all = join(parsed.problems);
  EXPECT_NE(all.find("checkins[0].pain.throt: unknown region (did you mean \"throat\"?)"), std::string::npos)
      << all;
  EXPECT_NE(all.find("checkins[1]: unknown field \"mood\""), std::string::npos) << all;
}

TEST(JournalExchange, MissingFieldAndRangeViolationsAreReported) {
  auto json = nlohmann::json::parse(exported(sample_data()));
  json["plan_states"][0].erase("routine_id");
  json["sessions"][0]["outcome"] = "stopped";
  json["sessions"][0]["stop_reason"] = nullptr;
  auto parsed = parse_export_json(json.dump());
  const auto all = join(parsed.problems);
  EXPECT_NE(all.find("plan_states[0]: missing field \"routine_id\""), std::string::npos) << all;
  EXPECT_NE(all.find("sessions[0]: a stop reason is required"), std::string::npos) << all;
}

TEST(JournalExchange, StepForASessionNotInTheFileIsRefused) {
  auto data = sample_data();
  data.step_results.push_back(sample_step("nowhere", 0));
  auto parsed = parse_export_json(exported(data));
  const auto all = join(parsed.problems);
  EXPECT_NE(all.find("session \"nowhere\" is not in the file"), std::string::npos) << all;
}

TEST(JournalExchange, RejectsAFileThatIsNotAnExport) {
  auto parsed = parse_export_json(R"({"name": "shopping list"})");
  ASSERT_EQ(parsed.problems.size(), 1u);
  EXPECT_NE(parsed.problems[0].find("not a velum export"), std::string::npos);
  auto array = parse_export_json("[1, 2]");
  ASSERT_EQ(array.problems.size(), 1u);
  EXPECT_NE(array.problems[0].find("a list"), std::string::npos);
}

TEST(JournalExchange, InvalidImportChangesNothing) {
  TempDir dir;
  auto store = open_or_fail(dir.file());
  ASSERT_TRUE(store->add_checkin(sample_checkin("already-here")));
  auto data = sample_data();
  data.checkins.back().calm = 42;  // only validation catches this
  auto report = store->import_all(data);
  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().code, ErrorCode::kInvalidInput);
  auto after = store->export_all();
  EXPECT_EQ(after->checkins.size(), 1u);
  EXPECT_TRUE(after->sessions.empty());
}

TEST(JournalExchange, AFileWrittenBeforeVoiceSessionsStillImports) {
  auto json = nlohmann::json::parse(exported(sample_data()));
  json.erase("voice_sessions");
  json.erase("study_plans");
  auto parsed = parse_export_json(json.dump(2));
  ASSERT_TRUE(parsed.problems.empty()) << join(parsed.problems);
  EXPECT_TRUE(parsed.data.voice_sessions.empty());
  TempDir dir;
  auto store = open_or_fail(dir.file());
  auto report = store->import_all(parsed.data);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->added, sample_data().checkins.size() + sample_data().sessions.size() +
                               sample_data().step_results.size() + sample_data().screenings.size() +
                               sample_data().plan_states.size());
}

TEST(JournalExchange, VoiceSessionsAreExportedWithTheirResultAsAnObject) {
  const auto json = nlohmann::json::parse(exported(sample_data()));
  const auto& voice = json.at("voice_sessions").at(0);
  EXPECT_EQ(voice.at("task"), "analyze");
  EXPECT_EQ(voice.at("measures").at("f0_mean_hz"), 212.5);
  EXPECT_FALSE(voice.at("measures").contains("cpps_db"));
  EXPECT_EQ(voice.at("result").at("spectral_tilt_db"), -11.5);
}

TEST(JournalExchange, BadVoiceSessionsAreNamedByTheirPath) {
  auto json = nlohmann::json::parse(exported(sample_data()));
  json["voice_sessions"][0]["measures"]["f0_meanhz"] = 200;
  json["voice_sessions"][0]["task"] = "sing";
  json["voice_sessions"][1]["result"] = "not an object";
  json["voice_sessions"][1]["measures"]["range_low_hz"] = -5;
  auto parsed = parse_export_json(json.dump());
  const auto all = join(parsed.problems);
  EXPECT_NE(all.find("voice_sessions[0].measures.f0_meanhz: unknown measure (did you mean \"f0_mean_hz\"?)"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("voice_sessions[0].task: expected one of analyze, match, range, mpt, got the text "
                     "\"sing\""),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("voice_sessions[1].result: expected the result as an object, got the text"),
            std::string::npos)
      << all;
}

TEST(JournalExchange, VoiceSessionIdTwiceInAFileIsRefused) {
  auto data = sample_data();
  data.voice_sessions.push_back(sample_voice_session());
  auto parsed = parse_export_json(exported(data));
  const auto all = join(parsed.problems);
  EXPECT_NE(all.find("voice_sessions[2].id: the id \"voice-1\" appears twice"), std::string::npos) << all;
}

TEST(JournalExchange, CsvQuotesFieldsWithCommasQuotesAndLineBreaks) {
  EXPECT_EQ(csv_field("plain"), "plain");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
}

TEST(JournalExchange, CsvHasOneTablePerRecordTypeWithCrlfRows) {
  const auto files = export_csv(sample_data());
  std::vector<std::string> names;
  for (const auto& [name, content] : files) {
    names.push_back(name);
    EXPECT_EQ(content.substr(content.size() - 2), "\r\n") << name;
  }
  EXPECT_EQ(names, (std::vector<std::string>{"screenings.csv", "screening_answers.csv", "sessions.csv",
                                             "step_results.csv", "checkins.csv", "plan_states.csv",
                                             "study_plans.csv", "voice_sessions.csv"}));
  const auto& voice = files[7].second;
  EXPECT_EQ(
      voice.substr(0, voice.find("\r\n")),
      "id,user_id,recorded_at,task,source,f0_mean_hz,jitter_local,shimmer_local,hnr_db,cpps_db,"
      "range_semitones,range_low_hz,range_high_hz,mpt_seconds,match_accuracy_cents,match_precision_cents,"
      "result_json");
  EXPECT_NE(voice.find("voice-1,local,2026-03-14T10:26:53+01:00,analyze,takes/sustained-a.wav,212.5,0.0042,"
                       "0.031,18.25,,,,,,,,"),
            std::string::npos)
      << voice;
  EXPECT_NE(voice.find("\"glide up.wav, glide down.wav\",,,,,,26,97.99,440,,,,"), std::string::npos) << voice;
  const auto& steps = files[3].second;
  EXPECT_NE(steps.find("gagging;watering-eyes"), std::string::npos) << steps;
  EXPECT_NE(steps.find("\"raw, \"\"itchy\"\", then calmer\nsecond line\""), std::string::npos) << steps;
  const auto& checkins = files[4].second;
  EXPECT_NE(checkins.find("checkin-1,local,2026-03-14T10:26:53+01:00,6,,,,,0,7,4,5,"), std::string::npos)
      << checkins;
}

}  // namespace
}  // namespace velum::journal
