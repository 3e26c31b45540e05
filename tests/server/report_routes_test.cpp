// The analysis and download routes through a real `velum serve`: stats as JSON
// (the same as `velum stats --json`), the HTML report and exports as
// attachments, and the reminder calendar, with 400s naming the bad parameter.

#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "journal/sqlite_store.hpp"
#include "report/sample_journal.hpp"
#include "server_process.hpp"

namespace velum::server_test {
namespace {

using nlohmann::json;

class ReportRoutes : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = fresh_folder("report-routes");
    {
      auto store = journal::open_sqlite_store(journal::journal_file(folder_));
      ASSERT_TRUE(store.ok()) << store.error().message;
      ASSERT_TRUE((*store)->import_all(report::make_sample_journal()).ok());
    }
    server_ = std::make_unique<ServerProcess>(folder_);
    ASSERT_TRUE(server_->started());
    client_ = server_->client();
  }
  void TearDown() override {
    client_.reset();
    server_.reset();
    std::filesystem::remove_all(folder_);
  }
  httplib::Result get(const std::string& path, int expected_status = 200) {
    auto result = client_->Get(path);
    EXPECT_TRUE(result) << path;
    if (result) {
      EXPECT_EQ(result->status, expected_status) << path << ": " << result->body;
    }
    return result;
  }

  std::filesystem::path folder_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(ReportRoutes, StatsAnswersPerRegionWithPhasesAndStatistics) {
  auto result = get("/api/v1/stats?region=throat");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->get_header_value("Content-Type"), "application/json");
  const auto body = json::parse(result->body);
  ASSERT_EQ(body["regions"].size(), 1u);
  const auto& throat = body["regions"][0];
  EXPECT_EQ(throat["key"], "throat");
  EXPECT_EQ(throat["phases"][0]["n"], 14);
  EXPECT_EQ(throat["nap"]["status"], "ok");
  EXPECT_TRUE(throat["tau_u"].contains("variant"));
  EXPECT_TRUE(throat["piecewise"]["level_change"].contains("se"));
}

TEST_F(ReportRoutes, StatsRefusesAnUnknownRegionNamingIt) {
  auto result = get("/api/v1/stats?region=elbow", 400);
  ASSERT_TRUE(result);
  const auto error = json::parse(result->body)["error"];
  EXPECT_EQ(error["field"], "region");
  EXPECT_EQ(error["message"], "'elbow' is not a region");
}

TEST_F(ReportRoutes, ReportIsAnHtmlAttachment) {
  auto result = get("/api/v1/report?from=2026-02-01&to=2026-04-30");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(result->get_header_value("Content-Disposition").find("attachment; filename=\"velum-report-"),
            std::string::npos);
  EXPECT_NE(result->body.find("Soft-palate pain was lower during practice"), std::string::npos);
}

TEST_F(ReportRoutes, ReportRefusesAMalformedDay) {
  auto result = get("/api/v1/report?from=2026-13-01", 400);
  ASSERT_TRUE(result);
  EXPECT_EQ(json::parse(result->body)["error"]["field"], "from");
}

TEST_F(ReportRoutes, ExportGivesTheJournalOrAFhirBundle) {
  auto journal_file = get("/api/v1/export?format=json");
  ASSERT_TRUE(journal_file);
  EXPECT_EQ(json::parse(journal_file->body)["format"], "velum-journal");
  EXPECT_NE(journal_file->get_header_value("Content-Disposition").find("velum-journal.json"),
            std::string::npos);
  auto fhir = get("/api/v1/export?format=fhir");
  ASSERT_TRUE(fhir);
  EXPECT_EQ(fhir->get_header_value("Content-Type"), "application/fhir+json");
  EXPECT_EQ(json::parse(fhir->body)["resourceType"], "Bundle");
  auto bad = get("/api/v1/export?format=xml", 400);
  ASSERT_TRUE(bad);
  EXPECT_EQ(json::parse(bad->body)["error"]["field"], "format");
}

TEST_F(ReportRoutes, RemindersAreACalendarDownload) {
  auto result = get("/api/v1/reminders.ics?days=tue,thu&time=19:15");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->get_header_value("Content-Type"), "text/calendar; charset=utf-8");
  EXPECT_NE(result->body.find("RRULE:FREQ=WEEKLY;BYDAY=TU,TH\r\n"), std::string::npos) << result->body;
  EXPECT_NE(result->body.find("T191500\r\n"), std::string::npos);
  auto bad = get("/api/v1/reminders.ics?time=25:00", 400);
  ASSERT_TRUE(bad);
  EXPECT_EQ(json::parse(bad->body)["error"]["field"], "time");
}

TEST_F(ReportRoutes, OnlyGetIsAllowed) {
  auto result = client_->Post("/api/v1/stats", "{}", "application/json");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 405);
  EXPECT_EQ(json::parse(result->body)["error"]["field"], "method");
}

}  // namespace
}  // namespace velum::server_test
