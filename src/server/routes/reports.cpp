// Analysis and downloads: GET /api/v1/stats, /report (the HTML report),
// /export (JSON or FHIR) and /reminders.ics.

#include <fmt/format.h>

#include <variant>

#include "journal/exchange.hpp"
#include "report/analysis.hpp"
#include "report/calendar.hpp"
#include "report/fhir.hpp"
#include "report/html.hpp"
#include "server/routes/routes.hpp"

namespace velum::server::routes {
namespace {

ApiResponse failure(int status, const std::string& field, const std::string& message,
                    const std::string& hint) {
  ApiResponse response;
  response.status = status;
  response.body = error_body(field, message, hint);
  return response;
}

ApiResponse download(std::string body, std::string content_type, const std::string& file_name) {
  ApiResponse response;
  response.body = std::move(body);
  response.content_type = std::move(content_type);
  response.headers["Content-Disposition"] = fmt::format("attachment; filename=\"{}\"", file_name);
  return response;
}

const std::string* parameter(const ApiRequest& request, const std::string& name) {
  const auto found = request.query.find(name);
  return found == request.query.end() || found->second.empty() ? nullptr : &found->second;
}

// Reads the analysis parameters (from, to, region, rule, baseline_end); on a bad
// one returns the 400 answer naming it.
std::optional<ApiResponse> read_options(const ApiRequest& request, bool with_region,
                                        report::AnalysisOptions& options) {
  for (const char* name : {"from", "to", "baseline_end"}) {
    const auto* text = parameter(request, name);
    if (!text) continue;
    const auto day = journal::parse_date_text(*text);
    if (!day) {
      return failure(
          kBadRequest, name,
          fmt::format("{} must be a calendar day written YYYY-MM-DD, got '{}'", name, shown(*text)),
          "send a day such as 2026-03-01");
    }
    const std::chrono::sys_days value{*day};
    if (std::string_view(name) == "from") options.from = value;
    if (std::string_view(name) == "to") options.to = value;
    if (std::string_view(name) == "baseline_end") options.baseline_end = value;
  }
  if (options.from && options.to && *options.to < *options.from) {
    return failure(kBadRequest, "to", "to is before from", "give the earlier day as from");
  }
  if (const auto* region = parameter(request, "region"); region && with_region) {
    options.region = journal::parse_region(*region);
    if (!options.region) {
      return failure(kBadRequest, "region", fmt::format("'{}' is not a region", shown(*region)),
                     "use one of soft-palate, nasopharynx, throat, nose, face-jaw, ears");
    }
  }
  if (const auto* rule = parameter(request, "rule")) {
    const auto parsed = report::parse_daily_rule(*rule);
    if (!parsed)
      return failure(kBadRequest, "rule", fmt::format("'{}' is not a daily rule", shown(*rule)),
                     "use mean or max");
    options.rule = *parsed;
  }
  return std::nullopt;
}

ApiResponse journal_unreadable(const velum::Error& error) {
  const bool busy = error.code == velum::ErrorCode::kBusy;
  return failure(busy ? kServiceUnavailable : kInternalError, "journal", error.message,
                 busy ? "try again in a moment" : "check the journal with velum backup");
}

ApiResponse reminders(const ApiRequest& request, const journal::Timestamp& now) {
  const std::chrono::sys_days today{journal::local_date(now)};
  report::ReminderPlan plan;
  if (const auto* days = parameter(request, "days")) {
    std::string error;
    auto parsed = report::parse_days(*days, error);
    if (!parsed) return failure(kBadRequest, "days", error, "send days such as mon,tue,wed,thu,fri");
    plan.days = *parsed;
  }
  if (const auto* time = parameter(request, "time")) {
    auto parsed = report::parse_time_of_day(*time);
    if (!parsed) {
      return failure(kBadRequest, "time", fmt::format("'{}' is not a time written HH:MM", shown(*time)),
                     "send a 24-hour time such as 21:00");
    }
    plan.time_of_day = *parsed;
  }
  return download(report::reminder_calendar(plan, today, now), "text/calendar; charset=utf-8",
                  "velum-reminders.ics");
}

// Everything stored and the request's time. The journal is held only while
// it is read: serialising a large journal (seconds) must not hold up others.
struct Snapshot {
  journal::JournalData data;
  journal::Timestamp now;
  std::string pseudonym;  // the journal's own, the same in every FHIR export (as the CLI's)
};

std::variant<Snapshot, ApiResponse> snapshot(Journal& journal) {
  auto held = journal.hold();
  auto data = held.store.export_all();
  if (!data) return journal_unreadable(data.error());
  auto pseudonym = held.store.pseudonym();
  if (!pseudonym) return journal_unreadable(pseudonym.error());
  return Snapshot{std::move(*data), held.now, std::move(*pseudonym)};
}

// Export (json or fhir) of everything stored.
ApiResponse export_journal(const ApiRequest& request, Journal& journal) {
  const auto* format = parameter(request, "format");
  const std::string chosen = format ? *format : std::string("json");
  if (chosen != "json" && chosen != "fhir") {
    return failure(kBadRequest, "format", fmt::format("'{}' is not an export format", shown(chosen)),
                   "use json or fhir");
  }
  auto read = snapshot(journal);
  if (auto* unreadable = std::get_if<ApiResponse>(&read)) return *unreadable;
  const auto& [data, now, pseudonym] = std::get<Snapshot>(read);
  if (chosen == "json") {
    return download(journal::export_json(data, now), "application/json", "velum-journal.json");
  }
  return download(report::export_fhir(data, {pseudonym, std::string(journal::kDefaultUser)}, now),
                  "application/fhir+json", "velum-fhir.json");
}

// The statistics (JSON) or the HTML report over the chosen days.
ApiResponse analysis(std::string_view resource, const ApiRequest& request, Journal& journal) {
  report::AnalysisOptions options;
  if (auto bad = read_options(request, resource == "stats", options)) return *bad;
  auto read = snapshot(journal);
  if (auto* unreadable = std::get_if<ApiResponse>(&read)) return *unreadable;
  const auto& [data, now, pseudonym] = std::get<Snapshot>(read);
  const std::chrono::sys_days today{journal::local_date(now)};
  const auto analysis = report::analyze(data, options, today);
  if (resource == "stats") {
    ApiResponse response;
    response.body = report::stats_json(analysis, -1);
    return response;
  }
  return download(report::render_html(data, analysis, {}, now), "text/html; charset=utf-8",
                  fmt::format("velum-report-{}.html", report::date_text(today)));
}

}  // namespace

void add_report_routes(RouteTable& table, const RouteContext& context) {
  auto& journal = context.journal;
  table.add("GET", "/api/v1/stats",
            [&journal](const RouteCall& call) { return analysis("stats", call.request, journal); });
  table.add("GET", "/api/v1/report",
            [&journal](const RouteCall& call) { return analysis("report", call.request, journal); });
  table.add("GET", "/api/v1/export",
            [&journal](const RouteCall& call) { return export_journal(call.request, journal); });
  table.add("GET", "/api/v1/reminders.ics", [&journal](const RouteCall& call) {
    const auto now = journal.hold().now;
    return reminders(call.request, now);
  });
}

}  // namespace velum::server::routes
