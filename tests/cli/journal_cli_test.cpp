// The journal commands run as a person would: checkin, log, history, export,
// import and backup, with their one-line errors and exit codes.

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "cli_runner.hpp"

namespace velum::cli {
namespace {

class JournalCli : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "velum-cli-XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  // No routines installed (and none from the real home folder), so any
  // well-formed routine id is accepted whatever routines ship later.
  VelumRun velum(std::vector<std::string> args) {
    return run_velum(args, {{"VELUM_DATA", dir_.string()},
                            {"XDG_DATA_HOME", dir_.string()},
                            {"VELUM_PROTOCOLS", (dir_ / "no-routines").string()}});
  }
  std::size_t stored_checkins() {
    auto run = velum({"export", "--json", "-"});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return nlohmann::json::parse(run.out)["checkins"].size();
  }
  // A local day `days` before today, YYYY-MM-DD: entries stay within the year
  // before the journal's first entry that velum accepts without --force.
  static std::string days_ago(int days) {
    const std::time_t when = std::time(nullptr) - static_cast<std::time_t>(days) * 24 * 60 * 60;
    std::tm local{};
    localtime_r(&when, &local);
    char text[11];
    std::strftime(text, sizeof text, "%Y-%m-%d", &local);
    return text;
  }
  static std::size_t lines(const std::string& text) {
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
  }

  std::filesystem::path dir_;
};

TEST_F(JournalCli, CheckinIsStoredAndShownInHistory) {
  auto run = velum({"checkin", "--pain", "throat=3", "soft-palate=6", "--calm", "7", "--nasal", "5",
                    "--hydration", "4", "--note", "after a walk", "--date", days_ago(40)});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find(days_ago(40)), std::string::npos);
  auto history = velum({"history"});
  ASSERT_EQ(history.exit_code, 0) << history.err;
  EXPECT_NE(history.out.find(days_ago(40)), std::string::npos) << history.out;
  EXPECT_NE(history.out.find("6.0"), std::string::npos) << history.out;
  EXPECT_NE(history.out.find("soft-palate"), std::string::npos) << history.out;
}

TEST_F(JournalCli, PainAboveTenIsOneLineExitOneAndNothingStored) {
  auto run = velum({"checkin", "--pain", "throat=11"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(lines(run.err), 1u) << run.err;
  EXPECT_NE(run.err.find("from 0 to 10, got '11'"), std::string::npos) << run.err;
  EXPECT_EQ(stored_checkins(), 0u);
}

TEST_F(JournalCli, NegativePainIsRefused) {
  auto run = velum({"checkin", "--pain", "nose=-1"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("got '-1'"), std::string::npos) << run.err;
  EXPECT_EQ(stored_checkins(), 0u);
}

TEST_F(JournalCli, NonNumberIsRefused) {
  auto run = velum({"checkin", "--calm", "lots"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("--calm must be a whole number from 0 to 10, got 'lots'"), std::string::npos)
      << run.err;
  EXPECT_EQ(stored_checkins(), 0u);
}

TEST_F(JournalCli, UnknownRegionSuggestsTheClosestOne) {
  auto run = velum({"checkin", "--pain", "thorat=2"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("unknown region 'thorat' (did you mean 'throat'?)"), std::string::npos) << run.err;
  EXPECT_EQ(stored_checkins(), 0u);
}

TEST_F(JournalCli, FutureDateIsRefused) {
  auto run = velum({"checkin", "--pain", "ears=1", "--date", "2999-01-01"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("in the future"), std::string::npos) << run.err;
  EXPECT_EQ(stored_checkins(), 0u);
}

TEST_F(JournalCli, LogRecordsASessionCountedInHistory) {
  auto run =
      velum({"log", "--routine", "core-release", "--pain", "4", "--minutes", "6", "--date", days_ago(30)});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto history = velum({"history", "--json"});
  ASSERT_EQ(history.exit_code, 0) << history.err;
  auto json = nlohmann::json::parse(history.out);
  ASSERT_EQ(json["days"].size(), 1u);
  EXPECT_EQ(json["days"][0]["date"], days_ago(30));
  EXPECT_EQ(json["days"][0]["sessions"], 1);
}

TEST_F(JournalCli, LogRefusesAMalformedRoutineId) {
  auto run = velum({"log", "--routine", "Core Release", "--pain", "4"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("--routine must be a routine id"), std::string::npos) << run.err;
}

TEST_F(JournalCli, LogChecksTheRoutineAgainstTheCatalogAndRecordsItsVersion) {
  const std::map<std::string, std::string> env{
      {"VELUM_DATA", dir_.string()},
      {"XDG_DATA_HOME", dir_.string()},
      {"VELUM_PROTOCOLS", std::string(VELUM_TEST_DATA) + "/protocols/good"}};
  auto unknown = run_velum({"log", "--routine", "thumb-hld", "--pain", "2"}, env);
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("no routine has the id 'thumb-hld' (did you mean 'thumb-hold'?)"),
            std::string::npos)
      << unknown.err;
  auto known = run_velum({"log", "--routine", "thumb-hold", "--pain", "2"}, env);
  ASSERT_EQ(known.exit_code, 0) << known.err;
  auto json = nlohmann::json::parse(velum({"export", "--json", "-"}).out);
  ASSERT_EQ(json["sessions"].size(), 1u);
  EXPECT_EQ(json["sessions"][0]["routine_version"], 2);
  EXPECT_EQ(json["sessions"][0]["pattern"], "holdless-calm");
}

TEST_F(JournalCli, HistorySinceLeavesOutEarlierDays) {
  ASSERT_EQ(velum({"checkin", "--pain", "nose=2", "--date", days_ago(50)}).exit_code, 0);
  ASSERT_EQ(velum({"checkin", "--pain", "nose=3", "--date", days_ago(41)}).exit_code, 0);
  auto history = velum({"history", "--since", days_ago(45), "--json"});
  ASSERT_EQ(history.exit_code, 0) << history.err;
  auto json = nlohmann::json::parse(history.out);
  ASSERT_EQ(json["days"].size(), 1u);
  EXPECT_EQ(json["days"][0]["date"], days_ago(41));
}

TEST_F(JournalCli, ExportThenImportElsewhereGivesTheSameExport) {
  ASSERT_EQ(velum({"checkin", "--pain", "face-jaw=2", "--note", "jaw, \"tight\"", "--date", days_ago(60)})
                .exit_code,
            0);
  ASSERT_EQ(velum({"log", "--routine", "core-release", "--pain", "3", "--date", days_ago(59)}).exit_code, 0);
  const auto file = dir_ / "export.json";
  ASSERT_EQ(velum({"export", "--json", file.string()}).exit_code, 0);
  const auto other = dir_ / "other";
  auto imported = velum({"import", file.string(), "--data", other.string(), "--init"});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_NE(imported.out.find("Imported 2 records."), std::string::npos) << imported.out;
  auto original = nlohmann::json::parse(velum({"export", "--json", "-"}).out);
  auto copy = nlohmann::json::parse(velum({"export", "--json", "-", "--data", other.string()}).out);
  original.erase("exported_at");
  copy.erase("exported_at");
  EXPECT_EQ(original, copy);
}

TEST_F(JournalCli, ImportingTwiceReportsRecordsAlreadyPresent) {
  ASSERT_EQ(velum({"checkin", "--pain", "ears=1"}).exit_code, 0);
  const auto file = dir_ / "export.json";
  ASSERT_EQ(velum({"export", "--json", file.string()}).exit_code, 0);
  auto again = velum({"import", file.string()});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("Imported 0 records. 1 records were already in the journal"), std::string::npos)
      << again.out;
  EXPECT_EQ(stored_checkins(), 1u);
}

TEST_F(JournalCli, MalformedImportNamesTheFieldAndChangesNothing) {
  ASSERT_EQ(velum({"checkin", "--pain", "ears=1"}).exit_code, 0);
  auto json = nlohmann::json::parse(velum({"export", "--json", "-"}).out);
  json["checkins"][0]["id"] = "another";
  json["checkins"].push_back(json["checkins"][0]);
  json["checkins"][1]["id"] = "broken";
  json["checkins"][1]["calm"] = "very";
  const auto file = dir_ / "bad.json";
  std::ofstream(file) << json.dump(2);
  auto run = velum({"import", file.string()});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("checkins[1].calm: expected an integer from 0 to 10, got the text \"very\""),
            std::string::npos)
      << run.err;
  EXPECT_NE(run.err.find("nothing was changed"), std::string::npos) << run.err;
  EXPECT_EQ(stored_checkins(), 1u);
}

TEST_F(JournalCli, ExportCsvWritesOneTablePerRecordType) {
  ASSERT_EQ(velum({"checkin", "--pain", "throat=2"}).exit_code, 0);
  const auto folder = dir_ / "csv";
  auto run = velum({"export", "--csv", folder.string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  for (const char* name : {"screenings.csv", "screening_answers.csv", "sessions.csv", "step_results.csv",
                           "checkins.csv", "plan_states.csv"}) {
    EXPECT_TRUE(std::filesystem::exists(folder / name)) << name;
  }
}

TEST_F(JournalCli, BackupRefusesAnExistingFileUnlessForced) {
  ASSERT_EQ(velum({"checkin", "--pain", "throat=2"}).exit_code, 0);
  const auto file = dir_ / "backup.sqlite3";
  ASSERT_EQ(velum({"backup", file.string()}).exit_code, 0);
  auto again = velum({"backup", file.string()});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("--force"), std::string::npos) << again.err;
  EXPECT_EQ(velum({"backup", file.string(), "--force"}).exit_code, 0);
  // The backup is a complete journal: used as a data folder's journal it holds the check-in.
  const auto restored_dir = dir_ / "restored";
  std::filesystem::create_directories(restored_dir);
  std::filesystem::copy_file(file, restored_dir / "velum.sqlite3");
  auto restored = velum({"export", "--json", "-", "--data", restored_dir.string()});
  ASSERT_EQ(restored.exit_code, 0) << restored.err;
  EXPECT_EQ(nlohmann::json::parse(restored.out)["checkins"].size(), 1u);
}

TEST_F(JournalCli, CorruptJournalIsOneLineExitTwoAndLeftAlone) {
  const auto file = dir_ / "velum.sqlite3";
  const std::string garbage(4096, 'Z');
  std::ofstream(file, std::ios::binary) << garbage;
  auto run = velum({"checkin", "--pain", "throat=2"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(lines(run.err), 1u) << run.err;
  EXPECT_NE(run.err.find("not a velum journal"), std::string::npos) << run.err;
  std::ifstream in(file, std::ios::binary);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), garbage);
}

// The id `checkin list` shows for the only check-in.
std::string only_id(const std::string& list) { return list.substr(0, list.find(' ')); }

TEST_F(JournalCli, CheckinListShowsIdsThatEditAndDeleteAccept) {
  ASSERT_EQ(velum({"checkin", "--pain", "throat=3", "--calm", "6", "--note", "morning"}).exit_code, 0);
  const auto list = velum({"checkin", "list"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  const auto id = only_id(list.out);
  ASSERT_EQ(id.size(), 8u) << list.out;
  EXPECT_NE(list.out.find("throat 3, calm 6, \"morning\""), std::string::npos) << list.out;

  const auto edited = velum({"checkin", "edit", id, "--calm", "8", "--date", days_ago(3)});
  ASSERT_EQ(edited.exit_code, 0) << edited.err;
  EXPECT_NE(edited.out.find("Check-in " + id + " changed: " + days_ago(3)), std::string::npos) << edited.out;
  auto json = nlohmann::json::parse(velum({"export", "--json", "-"}).out);
  ASSERT_EQ(json["checkins"].size(), 1u);
  EXPECT_EQ(json["checkins"][0]["calm"], 8);
  EXPECT_EQ(json["checkins"][0]["pain"]["throat"], 3);  // not given, so unchanged
  EXPECT_EQ(json["checkins"][0]["note"], "morning");
  EXPECT_EQ(json["checkins"][0]["taken_at"].get<std::string>().substr(0, 10), days_ago(3));

  const auto deleted = velum({"checkin", "delete", id});
  ASSERT_EQ(deleted.exit_code, 0) << deleted.err;
  EXPECT_NE(deleted.out.find("Deleted the check-in " + id), std::string::npos) << deleted.out;
  EXPECT_EQ(stored_checkins(), 0u);
}

TEST_F(JournalCli, CheckinEditOrDeleteOfAnUnknownIdChangesNothing) {
  ASSERT_EQ(velum({"checkin", "--pain", "ears=2"}).exit_code, 0);
  const auto edit = velum({"checkin", "edit", "ffffffff", "--calm", "3"});
  EXPECT_EQ(edit.exit_code, 1);
  EXPECT_NE(edit.err.find("there is no check-in with the id 'ffffffff' (see 'velum checkin list')"),
            std::string::npos)
      << edit.err;
  const auto remove = velum({"checkin", "delete", "ab"});
  EXPECT_EQ(remove.exit_code, 1);
  EXPECT_NE(remove.err.find("too short to name a check-in"), std::string::npos) << remove.err;
  EXPECT_EQ(stored_checkins(), 1u);
}

TEST_F(JournalCli, ADateLongBeforeTheJournalBeganIsRefusedUnlessForced) {
  ASSERT_EQ(velum({"checkin", "--pain", "throat=2", "--date", days_ago(10)}).exit_code, 0);
  const auto typo = velum({"checkin", "--pain", "throat=2", "--date", "1900-01-01"});
  EXPECT_EQ(typo.exit_code, 1);
  EXPECT_NE(typo.err.find("the date 1900-01-01 is more than a year before the journal's first entry (" +
                          days_ago(10) + "); check the year, or add --force if it is right"),
            std::string::npos)
      << typo.err;
  EXPECT_EQ(stored_checkins(), 1u);

  const auto edit =
      velum({"checkin", "edit", only_id(velum({"checkin", "list"}).out), "--date", "1900-01-01"});
  EXPECT_EQ(edit.exit_code, 1);
  EXPECT_NE(edit.err.find("--force"), std::string::npos) << edit.err;

  const auto logged = velum({"log", "--routine", "core-release", "--pain", "3", "--date", "1900-01-01"});
  EXPECT_EQ(logged.exit_code, 1);
  EXPECT_NE(logged.err.find("more than a year before"), std::string::npos) << logged.err;

  const auto forced = velum({"checkin", "--pain", "throat=2", "--date", "1900-01-01", "--force"});
  ASSERT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_EQ(stored_checkins(), 2u);
}

TEST_F(JournalCli, ANoteThatIsNotUtf8IsRefusedAndNothingStored) {
  const auto run = velum({"checkin", "--note", std::string("caf") + static_cast<char>(0xE9)});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("--note is not valid UTF-8 text (byte 4"), std::string::npos) << run.err;
  EXPECT_EQ(stored_checkins(), 0u);
}

TEST_F(JournalCli, ImportRefusesAFileWithTextThatIsNotUtf8) {
  ASSERT_EQ(velum({"checkin", "--pain", "ears=1", "--note", "cafe"}).exit_code, 0);
  std::string text = velum({"export", "--json", "-"}).out;
  text.replace(text.find("cafe"), 4, std::string("caf") + static_cast<char>(0xE9));
  const auto file = dir_ / "latin1.json";
  std::ofstream(file, std::ios::binary) << text;
  const auto other = (dir_ / "other").string();
  const auto run = velum({"import", file.string(), "--data", other, "--init"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("ill-formed UTF-8"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("nothing was changed"), std::string::npos) << run.err;
}

// A journal an older velum could have written: bad bytes put in with the
// sqlite3 shell. Export still succeeds and says what it replaced.
TEST_F(JournalCli, ExportOfAJournalHoldingBadBytesSucceedsAndSaysSo) {
  if (std::system("command -v sqlite3 >/dev/null 2>&1") != 0) GTEST_SKIP() << "sqlite3 is not installed";
  ASSERT_EQ(velum({"checkin", "--pain", "throat=2", "--note", "placeholder"}).exit_code, 0);
  const std::string sql = "sqlite3 '" + (dir_ / "velum.sqlite3").string() +
                          "' \"UPDATE checkins SET note = CAST(X'636166E9' AS TEXT)\"";
  ASSERT_EQ(std::system(sql.c_str()), 0);
  const auto run = velum({"export", "--json", "-"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto json = nlohmann::json::parse(run.out);
  EXPECT_EQ(json["checkins"][0]["note"], "caf\xEF\xBF\xBD");
  EXPECT_NE(run.err.find("1 stored text field held bytes that are not UTF-8 (checkins[0].note)"),
            std::string::npos)
      << run.err;
  const auto fhir = velum({"export", "--fhir", "-"});
  EXPECT_EQ(fhir.exit_code, 0) << fhir.err;
  EXPECT_TRUE(nlohmann::json::accept(fhir.out));
}

TEST_F(JournalCli, FhirExportsOfOneJournalNameTheSamePatient) {
  ASSERT_EQ(velum({"checkin", "--pain", "throat=2"}).exit_code, 0);
  auto patient = [this] {
    const auto run = velum({"export", "--fhir", "-"});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    const auto bundle = nlohmann::json::parse(run.out);
    for (const auto& entry : bundle["entry"]) {
      if (entry["resource"]["resourceType"] == "Patient") return entry["resource"]["id"].get<std::string>();
    }
    return std::string();
  };
  const auto first = patient();
  ASSERT_FALSE(first.empty());
  EXPECT_EQ(patient(), first);
  // Another journal is another person.
  const auto other = (dir_ / "other").string();
  ASSERT_EQ(velum({"checkin", "--pain", "throat=2", "--data", other, "--init"}).exit_code, 0);
  const auto elsewhere = nlohmann::json::parse(velum({"export", "--fhir", "-", "--data", other}).out);
  for (const auto& entry : elsewhere["entry"]) {
    if (entry["resource"]["resourceType"] == "Patient") {
      EXPECT_NE(entry["resource"]["id"], first);
    }
  }
}

}  // namespace
}  // namespace velum::cli
