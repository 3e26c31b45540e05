// The HTML report: one self-contained file that reads correctly for the sample
// 12-week journal, escapes what people typed, and never claims a diagnosis.

#include <gtest/gtest.h>

#include <fmt/format.h>
#include <algorithm>
#include <cctype>

#include "report/html.hpp"
#include "report/sample_journal.hpp"

namespace velum::report {
namespace {

using std::chrono::sys_days;

constexpr sys_days kToday{std::chrono::year{2026} / 4 / 27};
const journal::Timestamp kGenerated{std::chrono::sys_seconds{kToday} + std::chrono::hours{9},
                                    std::chrono::minutes{120}};

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

std::string sample_report(const HtmlOptions& options = {}) {
  const auto data = make_sample_journal();
  return render_html(data, analyze(data, {}, kToday), options, kGenerated);
}

TEST(HtmlReport, IsOneFileThatRequestsNothingFromOutside) {
  const auto html = lower(sample_report());
  for (const char* outside : {"<script", " src=", "href=", "url(", "@import", "https://"}) {
    EXPECT_EQ(html.find(outside), std::string::npos) << outside;
  }
  // The only URL is the SVG namespace name, which is never fetched.
  std::string rest = html;
  std::size_t at = 0;
  while ((at = rest.find("http://", at)) != std::string::npos) {
    EXPECT_EQ(rest.compare(at, 26, "http://www.w3.org/2000/svg"), 0) << rest.substr(at, 40);
    at += 7;
  }
  EXPECT_NE(html.find("content-security-policy"), std::string::npos);
}

TEST(HtmlReport, SummaryNamesRoutineAdherencePainAndTheResult) {
  const auto html = sample_report();
  EXPECT_NE(html.find("core-nasopharynx, stage 3"), std::string::npos);
  EXPECT_NE(html.find("Adherence"), std::string::npos);
  EXPECT_NE(html.find("20 sessions in the last 4 weeks of this period (4 of 4 weeks reached 5 sessions)"),
            std::string::npos);
  EXPECT_NE(html.find("Pain now vs. baseline"), std::string::npos);
  EXPECT_NE(html.find("Soft-palate pain was lower during practice than in the baseline"), std::string::npos);
  EXPECT_NE(
      html.find("Check-ins before the first session until <span class=\"nw\">2026-02-15</span>; practice "
                "from <span class=\"nw\">2026-02-16</span>."),
      std::string::npos);
}

TEST(HtmlReport, ChartsShadePhasesAndMarkSessions) {
  const auto html = sample_report();
  std::size_t charts = 0;
  for (std::size_t at = 0; (at = html.find("<svg", at)) != std::string::npos; ++at) ++charts;
  EXPECT_EQ(charts, 5u);  // three regions, calm, nasal breathing
  EXPECT_NE(html.find("A baseline</text>"), std::string::npos);
  EXPECT_NE(html.find("B practice</text>"), std::string::npos);
  EXPECT_NE(html.find("stroke=\"#a1321f\""), std::string::npos);  // the stopped session's mark
}

TEST(HtmlReport, ListsTheStopEventAndTheSafetyScreen) {
  const auto html = sample_report();
  EXPECT_NE(html.find("1 session was stopped in this period"), std::string::npos);
  EXPECT_NE(html.find("2026-03-30"), std::string::npos);
  EXPECT_NE(html.find("Safety screen: <strong>"), std::string::npos);
  EXPECT_NE(html.find("last taken <span class=\"nw\">2026-02-02</span>"), std::string::npos);
}

TEST(HtmlReport, CarriesTheDisclaimerAndNeverClaimsACure) {
  const auto html = sample_report();
  EXPECT_NE(html.find("self-reported"), std::string::npos);
  EXPECT_NE(html.find("not a diagnosis"), std::string::npos);
  const auto text = lower(html);
  EXPECT_EQ(text.find("cure"), std::string::npos);
  EXPECT_EQ(text.find("heals"), std::string::npos);
  EXPECT_EQ(text.find("proves"), std::string::npos);
  EXPECT_EQ(text.find("proven"), std::string::npos);
  EXPECT_NE(text.find("does not diagnose or treat"), std::string::npos);
}

TEST(HtmlReport, LeavesOutSectionsNotAskedFor) {
  HtmlOptions options;
  options.sections = {Section::kSummary};
  const auto html = sample_report(options);
  EXPECT_EQ(html.find("<svg"), std::string::npos);
  EXPECT_EQ(html.find("<h2>Sessions</h2>"), std::string::npos);
  EXPECT_NE(html.find("not a diagnosis"), std::string::npos);  // always there
}

TEST(HtmlReport, EscapesWhatPeopleTyped) {
  auto data = make_sample_journal();
  data.sessions.back().outcome = journal::SessionOutcome::kStopped;
  data.sessions.back().stop_reason = journal::StopReason{std::nullopt, "<img src=x onerror=alert(1)>"};
  const auto html = render_html(data, analyze(data, {}, kToday), {}, kGenerated);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_NE(html.find("&lt;img src=x onerror=alert(1)&gt;"), std::string::npos);
}

TEST(HtmlReport, EmptyJournalStillMakesACalmReport) {
  const auto html = render_html({}, analyze({}, {}, kToday), {}, kGenerated);
  EXPECT_NE(html.find("No pain ratings in this period."), std::string::npos);
  EXPECT_NE(html.find("No sessions in this period."), std::string::npos);
  EXPECT_NE(html.find("Safety screen: <strong>never-taken</strong>"), std::string::npos);
}

TEST(HtmlReport, ARandomizedStartIsExplainedWithItsTest) {
  auto data = make_sample_journal();
  journal::StudyPlan plan;
  plan.id = "study";
  plan.earliest = std::chrono::year{2026} / 2 / 9;
  plan.latest = std::chrono::year{2026} / 2 / 22;
  plan.start = std::chrono::year{2026} / 2 / 16;
  plan.seed = "1";
  data.study_plans.push_back(plan);
  const auto html = render_html(data, analyze(data, {}, kToday), {}, kGenerated);
  EXPECT_NE(html.find("Check-ins before the randomly drawn start until <span class=\"nw\">2026-02-15</span>"),
            std::string::npos);
  EXPECT_NE(html.find("The start of practice was drawn at random from 14 possible days"), std::string::npos);
}

TEST(HtmlReport, LongJournalsListOnlyTheRecentSessions) {
  SampleSpec spec;
  spec.practice_days = 200;
  const auto data = make_sample_journal(spec);
  const auto html = render_html(data, analyze(data, {}, kToday + std::chrono::days{200}), {}, kGenerated);
  EXPECT_NE(html.find(fmt::format("The {} most recent of", kMaxSessionRows)), std::string::npos);
}

// Outside the charts, every date in running text is kept whole: a browser may
// break a line after any '-', which split "2026-02-15" across two lines.
TEST(HtmlReport, DatesInTextAreNeverBrokenAtTheirHyphens) {
  const auto html = sample_report();
  const auto body = html.substr(html.find("<body>"));
  std::size_t checked = 0;
  for (std::size_t at = 0; at + 10 <= body.size(); ++at) {
    const bool date = std::isdigit(static_cast<unsigned char>(body[at])) && body[at + 4] == '-' &&
                      body[at + 7] == '-' &&
                      (at == 0 || !std::isdigit(static_cast<unsigned char>(body[at - 1])));
    if (!date) continue;
    const auto tag_open = body.rfind('<', at);
    const std::string_view opened(body.data() + tag_open, std::min<std::size_t>(30, body.size() - tag_open));
    // Inside SVG text (no wrapping there), a table cell (nowrap) or a kept-whole span.
    const bool whole = opened.starts_with("<span class=\"nw\">") || opened.starts_with("<td") ||
                       opened.starts_with("<text") || opened.starts_with("<p class=\"meta\"><span");
    EXPECT_TRUE(whole) << body.substr(tag_open, at - tag_open + 12);
    ++checked;
  }
  EXPECT_GT(checked, 20u);
}

TEST(HtmlReport, PrintsOnA4WithChartsTwoToARowAndOnlyRecentSessions) {
  const auto html = sample_report();
  EXPECT_NE(html.find("@page{size:A4"), std::string::npos);
  EXPECT_NE(html.find(".charts{display:grid;grid-template-columns:1fr 1fr"), std::string::npos);
  EXPECT_NE(html.find("<tr class=\"older\">"), std::string::npos);
  EXPECT_NE(html.find("The printed page lists the 8 most recent sessions"), std::string::npos);
}

}  // namespace
}  // namespace velum::report
