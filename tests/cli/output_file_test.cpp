// One rule for every file a command writes: an existing file is replaced only
// with --force, and a name ending in another format's extension is refused,
// each before anything is computed or written.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "cli_runner.hpp"

namespace velum::cli {
namespace {

namespace fs = std::filesystem;

class OutputFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "velum-output-XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
    ASSERT_EQ(velum({"checkin", "--pain", "throat=3"}).exit_code, 0);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  VelumRun velum(const std::vector<std::string>& args) {
    return run_velum(args, {{"VELUM_DATA", (dir_ / "data").string()}, {"XDG_DATA_HOME", dir_.string()}});
  }
  // A file the person already has, which a refused command must leave alone.
  fs::path existing(const std::string& name) {
    const auto path = dir_ / name;
    std::ofstream(path) << "mine";
    return path;
  }
  std::string content(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }
  void expect_refused_and_kept(const VelumRun& run, const fs::path& path) {
    EXPECT_EQ(run.exit_code, 1) << run.err;
    EXPECT_NE(run.err.find(path.string() + " already exists; add --force to replace it"), std::string::npos)
        << run.err;
    EXPECT_EQ(content(path), "mine");
  }
  fs::path dir_;
};

TEST_F(OutputFiles, ReportRefusesAnExistingFileUnlessForced) {
  const auto file = existing("report.html");
  expect_refused_and_kept(velum({"report", "-o", file.string()}), file);
  const auto forced = velum({"report", "-o", file.string(), "--force"});
  ASSERT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_NE(content(file).find("<!DOCTYPE html>"), std::string::npos);
}

TEST_F(OutputFiles, ReportRefusesToWriteAPdfUnderAnHtmlName) {
  const auto run = velum({"report", "--pdf", "-o", (dir_ / "r.html").string()});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(
      run.err.find("r.html ends in .html, the ending of an HTML page, but this writes a PDF; name it with "
                   ".pdf instead"),
      std::string::npos)
      << run.err;
  EXPECT_FALSE(fs::exists(dir_ / "r.html"));
}

TEST_F(OutputFiles, ExportJsonAndFhirRefuseAnExistingFileUnlessForced) {
  const auto json = existing("journal.json");
  expect_refused_and_kept(velum({"export", "--json", json.string()}), json);
  ASSERT_EQ(velum({"export", "--json", json.string(), "--force"}).exit_code, 0);
  EXPECT_NE(content(json).find("velum-journal"), std::string::npos);

  const auto fhir = existing("fhir.json");
  expect_refused_and_kept(velum({"export", "--fhir", fhir.string()}), fhir);
  ASSERT_EQ(velum({"export", "--fhir", fhir.string(), "--force"}).exit_code, 0);
  EXPECT_NE(content(fhir).find("\"Bundle\""), std::string::npos);
}

TEST_F(OutputFiles, ExportRefusesAJsonExportUnderACsvName) {
  const auto run = velum({"export", "--json", (dir_ / "journal.csv").string()});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("ends in .csv"), std::string::npos) << run.err;
  EXPECT_FALSE(fs::exists(dir_ / "journal.csv"));
}

TEST_F(OutputFiles, ExportCsvRefusesToReplaceTablesInTheFolderUnlessForced) {
  fs::create_directories(dir_ / "tables");
  const auto table = existing("tables/checkins.csv");
  expect_refused_and_kept(velum({"export", "--csv", (dir_ / "tables").string()}), table);
  ASSERT_EQ(velum({"export", "--csv", (dir_ / "tables").string(), "--force"}).exit_code, 0);
  EXPECT_NE(content(table), "mine");
}

TEST_F(OutputFiles, RemindRefusesAnExistingFileAndAnotherFormatsName) {
  const auto ics = existing("practice.ics");
  expect_refused_and_kept(velum({"remind", "--ics", ics.string()}), ics);
  ASSERT_EQ(velum({"remind", "--ics", ics.string(), "--force"}).exit_code, 0);
  EXPECT_NE(content(ics).find("BEGIN:VCALENDAR"), std::string::npos);

  const auto run = velum({"remind", "--ics", (dir_ / "practice.pdf").string()});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("ends in .pdf"), std::string::npos) << run.err;
}

TEST_F(OutputFiles, BackupAndRenderFollowTheSameRule) {
  const auto backup = existing("copy.sqlite3");
  expect_refused_and_kept(velum({"backup", backup.string()}), backup);
  const auto as_json = velum({"backup", (dir_ / "copy.json").string()});
  EXPECT_EQ(as_json.exit_code, 1);
  EXPECT_NE(as_json.err.find("ends in .json"), std::string::npos) << as_json.err;

  const auto audio = existing("session.wav");
  expect_refused_and_kept(velum({"render", "breathing-only", "-o", audio.string(), "--no-voice"}), audio);
  const auto as_html = velum({"render", "breathing-only", "-o", (dir_ / "session.html").string()});
  EXPECT_EQ(as_html.exit_code, 1);
  EXPECT_NE(as_html.err.find("ends in .html"), std::string::npos) << as_html.err;
}

TEST_F(OutputFiles, AFolderIsNotAFileName) {
  const auto run = velum({"report", "-o", dir_.string()});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find(dir_.string() + " is a folder"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace velum::cli
