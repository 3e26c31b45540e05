// `velum history`: the journal day by day (mean pain per region, sessions) and
// a small trend per region since the first week.

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <ostream>

#include "cli/journal_access.hpp"
#include "journal/history.hpp"

namespace velum::cli {
namespace {

// Short column headings, in Region order.
constexpr std::array<std::string_view, journal::kRegionCount> kRegionHeadings{"PALATE", "NASOPH", "THROAT",
                                                                              "NOSE",   "FACE",   "EARS"};
// Room the trend line leaves for the region name and the figures beside it.
constexpr int kTrendMargin = 44;
constexpr int kMinSparklineWidth = 8;
constexpr int kMaxSparklineWidth = 60;

struct HistoryOptions {
  std::string since;
  bool as_json = false;
  DataOptions data_dir;
};

std::string rating_cell(const std::optional<double>& value) {
  return value ? fmt::format("{:.1f}", *value) : std::string("-");
}

nlohmann::json optional_json(const std::optional<double>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

void print_json(std::ostream& out, const std::vector<journal::DaySummary>& days,
                const std::vector<journal::RegionTrend>& trends) {
  auto day_array = nlohmann::json::array();
  for (const auto& day : days) {
    nlohmann::json pain = nlohmann::json::object();
    for (std::size_t i = 0; i < journal::kRegionCount; ++i) {
      if (day.pain[i]) pain[std::string(journal::to_string(static_cast<journal::Region>(i)))] = *day.pain[i];
    }
    day_array.push_back({{"date", journal::to_date_text(day.date)},
                         {"pain", pain},
                         {"checkins", day.checkin_count},
                         {"sessions", day.session_count}});
  }
  auto trend_array = nlohmann::json::array();
  for (const auto& trend : trends) {
    trend_array.push_back({{"region", journal::to_string(trend.region)},
                           {"sparkline", trend.sparkline},
                           {"first_week_mean", optional_json(trend.first_week_mean)},
                           {"last_week_mean", optional_json(trend.last_week_mean)},
                           {"rated_days", trend.rated_days}});
  }
  out << nlohmann::json{{"days", day_array}, {"trends", trend_array}}.dump(2) << '\n';
}

void print_table(const Context& context, const std::vector<journal::DaySummary>& days,
                 const std::vector<journal::RegionTrend>& trends) {
  std::ostream& out = *context.out;
  std::string table = fmt::format("{:<10}", "DATE");
  for (auto heading : kRegionHeadings) table += fmt::format(" {:>6}", heading);
  table += fmt::format(" {:>8}\n", "SESSIONS");
  for (const auto& day : days) {
    table += journal::to_date_text(day.date);
    for (const auto& pain : day.pain) table += fmt::format(" {:>6}", rating_cell(pain));
    table += fmt::format(" {:>8}\n", day.session_count);
  }
  out << table;
  if (trends.empty()) return;
  out << "\nPain trend per region (0–10), first week → last week:\n";
  for (const auto& trend : trends) {
    std::string change;
    if (trend.first_week_mean && trend.last_week_mean) {
      change = fmt::format("{:.1f} → {:.1f} ({:+.1f})", *trend.first_week_mean, *trend.last_week_mean,
                           *trend.last_week_mean - *trend.first_week_mean);
    }
    out << fmt::format("  {:<12} {}  {}\n", journal::to_string(trend.region), trend.sparkline, change);
  }
}

void run_history(const Context& context, const HistoryOptions& options, CommandResult& result) {
  const auto now = journal::system_now();
  const auto query = since_query(context, options.since, now, result);
  if (!query) return;
  auto store = open_journal(context, options.data_dir, result);
  if (!store) return;
  auto checkins = store->checkins(*query);
  if (!checkins) return fail(context, result, exit_code_for(checkins.error()), checkins.error().message);
  auto sessions = store->sessions(*query);
  if (!sessions) return fail(context, result, exit_code_for(sessions.error()), sessions.error().message);

  const auto days = journal::summarize_days(*checkins, *sessions);
  const int width =
      std::clamp(context.terminal_columns - kTrendMargin, kMinSparklineWidth, kMaxSparklineWidth);
  const auto trends = journal::region_trends(days, static_cast<std::size_t>(width));
  if (options.as_json) return print_json(*context.out, days, trends);
  if (days.empty()) {
    *context.out << "The journal has no entries yet. Add one with: velum checkin --pain throat=3\n";
    return;
  }
  print_table(context, days, trends);
}

}  // namespace

void add_history_command(CLI::App& app, const Context& context, CommandResult& result) {
  auto options = std::make_shared<HistoryOptions>();
  auto* command = app.add_subcommand("history", "Your journal day by day, with a trend per region");
  command->add_option("--since", options->since, "Start from this day, YYYY-MM-DD");
  command->add_flag("--json", options->as_json, "Print JSON instead of a table");
  add_data_option(*command, options->data_dir);
  command->callback([&context, &result, options] { run_history(context, *options, result); });
}

}  // namespace velum::cli
