// Which journal a command uses: a folder named with --data must already hold a
// journal unless --init says to start one (a typo never makes an empty
// journal), and --data works before the command name as well as after it.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "cli_runner.hpp"

namespace velum::cli {
namespace {

namespace fs = std::filesystem;

class DataFolder : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "velum-data-XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  // The default folder ($VELUM_DATA) is dir_/default; --data names others.
  VelumRun velum(const std::vector<std::string>& args) {
    return run_velum(args, {{"VELUM_DATA", (dir_ / "default").string()}, {"XDG_DATA_HOME", dir_.string()}});
  }
  fs::path dir_;
};

TEST_F(DataFolder, TheDefaultFolderGetsAJournalOnFirstUse) {
  const auto run = velum({"checkin", "--pain", "throat=2"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(fs::exists(dir_ / "default" / "velum.sqlite3"));
}

TEST_F(DataFolder, AMistypedDataFolderIsRefusedAndNothingIsCreated) {
  const auto typo = dir_ / "jounral";
  const auto run = velum({"checkin", "--pain", "throat=2", "--data", typo.string()});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("no journal in " + typo.string() + " (no such folder)"), std::string::npos)
      << run.err;
  EXPECT_NE(run.err.find("add --init to start a new journal there"), std::string::npos) << run.err;
  EXPECT_FALSE(fs::exists(typo));
}

TEST_F(DataFolder, AnExistingFolderWithoutAJournalIsRefusedToo) {
  fs::create_directories(dir_ / "documents");
  const auto run = velum({"history", "--data", (dir_ / "documents").string()});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("no journal in " + (dir_ / "documents").string() + "."), std::string::npos)
      << run.err;
  EXPECT_FALSE(fs::exists(dir_ / "documents" / "velum.sqlite3"));
}

TEST_F(DataFolder, InitStartsANewJournalThereAndLaterRunsNeedNoInit) {
  const auto folder = (dir_ / "second").string();
  ASSERT_EQ(velum({"checkin", "--pain", "ears=1", "--data", folder, "--init"}).exit_code, 0);
  const auto again = velum({"checkin", "--pain", "ears=2", "--data", folder});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  const auto exported = velum({"export", "--json", "-", "--data", folder});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_EQ(nlohmann::json::parse(exported.out).at("checkins").size(), 2u);
  EXPECT_FALSE(fs::exists(dir_ / "default"));
}

TEST_F(DataFolder, DataAndInitWorkBeforeTheCommandName) {
  const auto folder = (dir_ / "before").string();
  const auto first = velum({"--data", folder, "--init", "checkin", "--pain", "nose=3"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const auto second = velum({"--data=" + folder, "checkin", "--calm", "6"});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  const auto exported = velum({"--data", folder, "export", "--json", "-"});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_EQ(nlohmann::json::parse(exported.out).at("checkins").size(), 2u);
  EXPECT_FALSE(fs::exists(dir_ / "default"));
}

TEST_F(DataFolder, DataBeforeTheCommandIsRefusedForATypoToo) {
  const auto run = velum({"--data", (dir_ / "typo").string(), "history"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("no journal in"), std::string::npos) << run.err;
}

TEST_F(DataFolder, ServeRefusesAMistypedDataFolderBeforeListening) {
  const auto typo = dir_ / "jounral";
  const auto run = velum({"serve", "--port", "0", "--data", typo.string()});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("no journal in " + typo.string()), std::string::npos) << run.err;
  EXPECT_FALSE(fs::exists(typo));
}

TEST_F(DataFolder, RoutineIsAcceptedAsAPositionalOrWithRoutineEverywhere) {
  const auto positional = velum({"plan", "aftercare", "--json"});
  ASSERT_EQ(positional.exit_code, 0) << positional.err;
  const auto flagged = velum({"plan", "--routine", "aftercare", "--json"});
  ASSERT_EQ(flagged.exit_code, 0) << flagged.err;
  EXPECT_EQ(nlohmann::json::parse(positional.out).at("routine_id"), "aftercare");
  EXPECT_EQ(nlohmann::json::parse(flagged.out).at("routine_id"), "aftercare");
  const auto logged = velum({"log", "core-nasopharynx", "--pain", "2"});
  ASSERT_EQ(logged.exit_code, 0) << logged.err;
  EXPECT_NE(logged.out.find("Logged core-nasopharynx"), std::string::npos) << logged.out;
}

}  // namespace
}  // namespace velum::cli
