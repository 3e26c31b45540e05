// The analysis and sharing commands run as a person would: stats, report
// (HTML and PDF), remind, and export --fhir / --csv, with their errors and exit codes.

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "cli_runner.hpp"
#include "journal/exchange.hpp"
#include "report/sample_journal.hpp"

namespace velum::cli {
namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

class ReportCli : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "velum-report-cli-XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  VelumRun velum(std::vector<std::string> args) {
    return run_velum(args, {{"VELUM_DATA", dir_.string()},
                            {"XDG_DATA_HOME", dir_.string()},
                            {"VELUM_PROTOCOLS", (dir_ / "no-routines").string()}});
  }
  // The 12-week sample journal (baseline, practice, one flare), imported as a person would.
  void import_sample() {
    const auto file = dir_ / "sample.json";
    std::ofstream(file) << journal::export_json(report::make_sample_journal(), journal::system_now());
    const auto run = velum({"import", file.string()});
    ASSERT_EQ(run.exit_code, 0) << run.err;
  }
  std::filesystem::path dir_;
};

TEST_F(ReportCli, StatsOnAnEmptyJournalSaysThereIsNothingYet) {
  const auto run = velum({"stats"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("no ratings to analyse yet"), std::string::npos) << run.out;
}

TEST_F(ReportCli, StatsJsonForAnEmptyRegionGivesReasonsNotNumbers) {
  const auto run = velum({"stats", "--region", "throat", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto json = nlohmann::json::parse(run.out);
  const auto& region = json["regions"][0];
  EXPECT_EQ(region["key"], "throat");
  for (const char* statistic : {"nap", "pnd", "tau_u", "piecewise"}) {
    EXPECT_EQ(region[statistic]["status"], "not enough data") << statistic;
    EXPECT_FALSE(region[statistic]["reason"].get<std::string>().empty()) << statistic;
  }
}

TEST_F(ReportCli, StatsOnTheSampleReportsEveryStatisticPerRegion) {
  import_sample();
  const auto run = velum({"stats", "--region", "soft-palate", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto json = nlohmann::json::parse(run.out);
  ASSERT_EQ(json["regions"].size(), 1u);
  const auto& r = json["regions"][0];
  EXPECT_EQ(r["phases"][0]["start"], "2026-02-02");
  EXPECT_EQ(r["phases"][0]["end"], "2026-02-15");
  EXPECT_EQ(r["phases"][1]["start"], "2026-02-16");
  EXPECT_GT(r["nap"]["value"].get<double>(), 0.8);
  EXPECT_EQ(r["tau_u"]["variant"], "A vs. B");
  EXPECT_LT(r["piecewise"]["level_change"]["estimate"].get<double>(), 0.0);
  const auto text = velum({"stats", "--region", "soft-palate"});
  EXPECT_NE(text.out.find("Soft-palate pain was lower during practice than in the baseline"),
            std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("not a diagnosis"), std::string::npos);
}

TEST_F(ReportCli, StatsGivesThePlainSentenceBeforeTheNumbers) {
  import_sample();
  const auto run = velum({"stats", "--region", "soft-palate"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto sentence = run.out.find("Soft-palate pain was lower during practice");
  const auto nap = run.out.find("  NAP ");
  ASSERT_NE(sentence, std::string::npos) << run.out;
  ASSERT_NE(nap, std::string::npos) << run.out;
  EXPECT_LT(sentence, nap) << run.out;
}

TEST_F(ReportCli, StatsSaysOnceThatThereIsNotEnoughData) {
  ASSERT_EQ(velum({"checkin", "--pain", "throat=3"}).exit_code, 0);
  const auto run = velum({"stats", "--region", "throat"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  std::size_t count = 0;
  for (auto at = run.out.find("not enough data"); at != std::string::npos;
       at = run.out.find("not enough data", at + 1)) {
    ++count;
  }
  for (auto at = run.out.find("Not enough data"); at != std::string::npos;
       at = run.out.find("Not enough data", at + 1)) {
    ++count;
  }
  EXPECT_EQ(count, 1u) << run.out;
  EXPECT_EQ(run.out.find("  NAP:"), std::string::npos) << run.out;
}

TEST_F(ReportCli, StatsMaxRuleAndDeclaredPhasesAreUsed) {
  import_sample();
  const auto run = velum({"stats", "--json", "--rule", "max", "--baseline-end", "2026-02-10", "--phase",
                          "maintenance=2026-04-01"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto json = nlohmann::json::parse(run.out);
  EXPECT_EQ(json["daily_rule"], "max");
  EXPECT_EQ(json["baseline"]["source"], "declared");
  const auto& phases = json["regions"][0]["phases"];
  ASSERT_EQ(phases.size(), 3u);
  EXPECT_EQ(phases[1]["start"], "2026-02-11");
  EXPECT_EQ(phases[2]["label"], "maintenance");
  EXPECT_EQ(phases[2]["start"], "2026-04-01");
}

TEST_F(ReportCli, StatsRejectsAnUnknownRegionWithASuggestion) {
  const auto run = velum({"stats", "--region", "throaat"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("--region 'throaat' is not a region (did you mean 'throat'?)"), std::string::npos)
      << run.err;
}

TEST_F(ReportCli, StatsRejectsAPhaseWithoutADay) {
  const auto run = velum({"stats", "--phase", "holiday=2026-01-01"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("--phase must be maintenance=YYYY-MM-DD"), std::string::npos) << run.err;
}

TEST_F(ReportCli, ReportWritesOneSelfContainedHtmlFile) {
  import_sample();
  const auto out = dir_ / "report.html";
  const auto run = velum({"report", "--from", "2026-02-01", "--to", "2026-04-30", "-o", out.string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto html = read_file(out);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("Soft-palate pain was lower during practice"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_NE(html.find("not a diagnosis"), std::string::npos);
}

TEST_F(ReportCli, ReportRejectsAnUnknownSection) {
  const auto run = velum({"report", "--sections", "summary,graphs", "-o", (dir_ / "r.html").string()});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("--sections: 'graphs' is not a section"), std::string::npos) << run.err;
  EXPECT_FALSE(std::filesystem::exists(dir_ / "r.html"));
}

TEST_F(ReportCli, ReportRejectsAnEndBeforeTheStart) {
  const auto run =
      velum({"report", "--from", "2026-03-01", "--to", "2026-02-01", "-o", (dir_ / "r.html").string()});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("--to 2026-02-01 is before --from 2026-03-01"), std::string::npos) << run.err;
}

// Rasterizes page 1 at a low resolution as greyscale PGM and counts dark pixels
// (40 dpi: the printed page uses small type, which 20 dpi blurs to grey).
int dark_pixels_on_first_page(const std::filesystem::path& pdf, const std::filesystem::path& prefix) {
  const std::string command = "pdftoppm -gray -r 40 -f 1 -l 1 -singlefile '" + pdf.string() + "' '" +
                              prefix.string() + "' 2>/dev/null";
  if (std::system(command.c_str()) != 0) return -1;
  const std::string image = read_file(prefix.string() + ".pgm");
  // P5 header: "P5\n<w> <h>\n<max>\n" then one byte per pixel.
  std::size_t at = 0;
  for (int fields = 0; fields < 4 && at < image.size(); ++at) {
    if (image[at] == '\n' || image[at] == ' ') ++fields;
  }
  int dark = 0;
  constexpr unsigned char kDark = 128;
  for (std::size_t i = at; i < image.size(); ++i)
    dark += static_cast<unsigned char>(image[i]) < kDark ? 1 : 0;
  return dark;
}

TEST_F(ReportCli, PdfReportHasAPageWithInkOnIt) {
  if (access("/usr/bin/chromium", X_OK) != 0)
    GTEST_SKIP() << "Chromium is not installed (scripts/install-deps)";
  import_sample();
  const auto pdf = dir_ / "report.pdf";
  const auto run = velum({"report", "--pdf", "-o", pdf.string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(read_file(pdf).rfind("%PDF-", 0), 0u);
  EXPECT_GT(dark_pixels_on_first_page(pdf, dir_ / "page"), 100);
  // The "one-page report" is one page for the 12-week sample journal.
  const std::string pages = "pdfinfo '" + pdf.string() + "' | grep -q '^Pages: *1$'";
  EXPECT_EQ(std::system(pages.c_str()), 0) << "the report of a 12-week journal takes more than one A4 page";
}

TEST_F(ReportCli, RemindWritesAWeeklyCalendar) {
  const auto ics = dir_ / "velum.ics";
  const auto run = velum({"remind", "--ics", ics.string(), "--days", "mon,wed,fri", "--time", "20:30"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto text = read_file(ics);
  EXPECT_NE(text.find("RRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR\r\n"), std::string::npos) << text;
  EXPECT_NE(text.find("T203000\r\n"), std::string::npos) << text;
  EXPECT_NE(run.err.find("Wrote 3 reminders a week at 20:30"), std::string::npos) << run.err;
}

TEST_F(ReportCli, RemindRejectsABadDayAndTime) {
  auto run = velum({"remind", "--ics", "-", "--days", "mon,funday"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("'funday' is not a day"), std::string::npos) << run.err;
  run = velum({"remind", "--ics", "-", "--time", "9pm"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("--time must be a 24-hour time written HH:MM"), std::string::npos) << run.err;
}

TEST_F(ReportCli, FhirExportIsABundleWithAPseudonymousPatient) {
  import_sample();
  const auto run = velum({"export", "--fhir", "-"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto bundle = nlohmann::json::parse(run.out);
  EXPECT_EQ(bundle["resourceType"], "Bundle");
  EXPECT_EQ(bundle["entry"][0]["resource"]["resourceType"], "Patient");
  EXPECT_FALSE(bundle["entry"][0]["resource"].contains("name"));
  // The journal's own pseudonym: two exports name the same Patient, as their
  // Observation ids are the same too.
  const auto again = nlohmann::json::parse(velum({"export", "--fhir", "-"}).out);
  EXPECT_EQ(bundle["entry"][0]["resource"]["id"], again["entry"][0]["resource"]["id"]);
}

TEST_F(ReportCli, ExportTakesExactlyOneFormat) {
  const auto run = velum({"export", "--fhir", "-", "--csv", dir_.string()});
  EXPECT_EQ(run.exit_code, 2);
}

TEST_F(ReportCli, CsvExportIsRfc4180WithQuotesAndCrlf) {
  ASSERT_EQ(velum({"checkin", "--pain", "throat=3", "--note", "said \"ouch\", then\nrested"}).exit_code, 0);
  const auto run = velum({"export", "--csv", (dir_ / "csv").string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  for (const auto& entry : std::filesystem::directory_iterator(dir_ / "csv")) {
    const auto text = read_file(entry.path());
    // Every line break outside a quoted field is CRLF.
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '"') quoted = !quoted;
      if (text[i] == '\n' && !quoted) {
        EXPECT_TRUE(i > 0 && text[i - 1] == '\r') << entry.path();
      }
    }
    EXPECT_FALSE(quoted) << entry.path();
  }
  const auto checkins = read_file(dir_ / "csv" / "checkins.csv");
  EXPECT_NE(checkins.find("\"said \"\"ouch\"\", then\nrested\""), std::string::npos) << checkins;
}

TEST_F(ReportCli, StudyPlanDrawsAStartInTheWindowOnceAndStatsUsesIt) {
  const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  const auto earliest = journal::to_date_text(std::chrono::year_month_day{today + std::chrono::days{7}});
  const auto latest = journal::to_date_text(std::chrono::year_month_day{today + std::chrono::days{30}});
  auto run = velum({"study", "plan", "--earliest", earliest, "--latest", latest, "--seed", "2a"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("Practice starts on "), std::string::npos) << run.out;
  EXPECT_NE(run.out.find(
                "With 24 possible start days, the smallest p-value the randomization test can give is 0.042"),
            std::string::npos)
      << run.out;
  const auto show = velum({"study", "show"});
  EXPECT_NE(show.out.find("seed 000000000000002a"), std::string::npos) << show.out;
  // The draw is kept: a second one is refused, and nothing changes.
  run = velum({"study", "plan", "--earliest", earliest, "--latest", latest});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("you already have a study plan"), std::string::npos) << run.err;
  EXPECT_EQ(velum({"study", "show"}).out, show.out);
  ASSERT_EQ(velum({"checkin", "--pain", "throat=4"}).exit_code, 0);
  const auto stats = nlohmann::json::parse(velum({"stats", "--json"}).out);
  EXPECT_EQ(stats["baseline"]["source"], "study-plan");
}

TEST_F(ReportCli, StudyPlanNeedsAWindowAfterToday) {
  const auto run = velum({"study", "plan", "--earliest", "2020-01-01", "--latest", "2020-02-01"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("--earliest must be after today"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace velum::cli
