// The journal commands run as a person would: checkin, log, history, export,
// import and backup, with their one-line errors and exit codes.

#include <gtest/gtest.h>
#include <unistd.h>

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
  static std::size_t lines(const std::string& text) {
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
  }

  std::filesystem::path dir_;
};

TEST_F(JournalCli, CheckinIsStoredAndShownInHistory) {
  auto run = velum({"checkin", "--pain", "throat=3", "soft-palate=6", "--calm", "7", "--nasal", "5",
                    "--hydration", "4", "--note", "after a walk", "--date", "2026-01-05"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("2026-01-05"), std::string::npos);
  auto history = velum({"history"});
  ASSERT_EQ(history.exit_code, 0) << history.err;
  EXPECT_NE(history.out.find("2026-01-05"), std::string::npos) << history.out;
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
      velum({"log", "--routine", "core-release", "--pain", "4", "--minutes", "6", "--date", "2026-02-01"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto history = velum({"history", "--json"});
  ASSERT_EQ(history.exit_code, 0) << history.err;
  auto json = nlohmann::json::parse(history.out);
  ASSERT_EQ(json["days"].size(), 1u);
  EXPECT_EQ(json["days"][0]["date"], "2026-02-01");
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
  ASSERT_EQ(velum({"checkin", "--pain", "nose=2", "--date", "2026-01-01"}).exit_code, 0);
  ASSERT_EQ(velum({"checkin", "--pain", "nose=3", "--date", "2026-01-10"}).exit_code, 0);
  auto history = velum({"history", "--since", "2026-01-05", "--json"});
  ASSERT_EQ(history.exit_code, 0) << history.err;
  auto json = nlohmann::json::parse(history.out);
  ASSERT_EQ(json["days"].size(), 1u);
  EXPECT_EQ(json["days"][0]["date"], "2026-01-10");
}

TEST_F(JournalCli, ExportThenImportElsewhereGivesTheSameExport) {
  ASSERT_EQ(velum({"checkin", "--pain", "face-jaw=2", "--note", "jaw, \"tight\"", "--date", "2026-01-02"})
                .exit_code,
            0);
  ASSERT_EQ(velum({"log", "--routine", "core-release", "--pain", "3", "--date", "2026-01-03"}).exit_code, 0);
  const auto file = dir_ / "export.json";
  ASSERT_EQ(velum({"export", "--json", file.string()}).exit_code, 0);
  const auto other = dir_ / "other";
  auto imported = velum({"import", file.string(), "--data", other.string()});
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

}  // namespace
}  // namespace velum::cli
