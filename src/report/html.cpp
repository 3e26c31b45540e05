#include "report/html.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <iterator>
#include <map>
#include <optional>

#include "common/screen_status.hpp"
#include "practice/safety.hpp"

namespace velum::report {
namespace {

using std::chrono::sys_days;

// Chart geometry in SVG user units (the SVG scales to the page width).
constexpr double kChartWidth = 720.0;
constexpr double kChartHeight = 170.0;
constexpr double kPlotLeft = 34.0;
constexpr double kPlotRight = 710.0;
constexpr double kPlotTop = 18.0;
constexpr double kPlotBottom = 140.0;
constexpr double kSessionTickTop = 144.0;
constexpr double kSessionTickBottom = 152.0;
constexpr double kDateLabelY = 166.0;
constexpr double kScaleMax = 10.0;  // every rating is 0–10
constexpr double kDotRadius = 2.2;
// Dots are drawn while they stay distinguishable; beyond this only the line.
constexpr std::size_t kMaxDots = 400;
// Points per chart: about one per 1.7 SVG units of the 676-unit plot, beyond
// which more points only add bytes, not anything the eye can see.
constexpr int kMaxChartPoints = 400;
constexpr int kDateLabels = 6;
constexpr int kAdherenceWeeks = 4;
// Sessions listed on the printed page (the file lists up to kMaxSessionRows).
constexpr std::size_t kPrintedSessionRows = 8;

// On screen one column; printed (A4), the same content packed onto one page:
// smaller type, charts two to a row and only the most recent sessions (the
// full list stays in the file). A date is never broken at its hyphens.
constexpr std::string_view kStyle = R"css(
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d2430;max-width:820px;margin:24px auto;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:26px 0 8px;border-bottom:1px solid #d6dbe3;padding-bottom:3px}
.meta{color:#5a6473;font-size:13px}.summary{border:2px solid #2f6f9f;border-radius:8px;padding:12px 16px;background:#f3f8fc}
.summary dl{display:grid;grid-template-columns:170px 1fr;gap:4px 12px;margin:0}.summary dt{font-weight:600}
.summary dd{margin:0}.result{font-weight:600}.disclaimer{border-left:4px solid #b0781a;background:#fbf6ec;padding:8px 12px;font-size:13px}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{text-align:left;padding:3px 6px;border-bottom:1px solid #e3e7ee}
th{background:#eef1f5}td.num,th.num{text-align:right}.stopped{color:#a1321f;font-weight:600}
svg{width:100%;height:auto;display:block}.legend{font-size:12px;color:#5a6473;margin:2px 0 10px}
.swatch{display:inline-block;width:11px;height:11px;border-radius:2px;margin:0 4px -1px 10px}
.chart-title{font-weight:600;margin:14px 0 2px}.note{color:#5a6473;font-size:13px}
.nw,td,th{white-space:nowrap}td.text{white-space:normal}.print-only{display:none}
@page{size:A4;margin:9mm 11mm}
@media print{body{margin:0;padding:0;max-width:none;font-size:8.6px;line-height:1.3}
h1{font-size:13px}h2{font-size:10px;margin:6px 0 2px;padding-bottom:1px}p{margin:2px 0}
.meta,.note,.legend,.disclaimer{font-size:7.4px}.disclaimer{padding:2px 6px;margin:3px 0;border-left-width:3px}
.summary{padding:3px 8px;border-width:1px;border-radius:4px}.summary dl{grid-template-columns:105px 1fr;gap:0 8px}
table{font-size:7.4px}th,td{padding:0 3px}.legend{margin:0 0 2px}.swatch{width:7px;height:7px;margin:0 2px 0 6px}
.charts{display:grid;grid-template-columns:1fr 1fr;column-gap:12px}.chart{break-inside:avoid}
.chart-title{margin:2px 0 0;font-size:8px}.older{display:none}.print-only{display:block}}
)css";

struct PhaseColour {
  std::string_view label;
  std::string_view fill;
};
constexpr std::array kPhaseColours{PhaseColour{"baseline", "#e4e7ec"}, PhaseColour{"practice", "#dcefe0"},
                                   PhaseColour{"maintenance", "#dde9f7"}, PhaseColour{"pause", "#f8f0d6"}};

std::string_view phase_fill(std::string_view label) {
  for (const auto& c : kPhaseColours) {
    if (c.label == label) return c.fill;
  }
  return kPhaseColours[1].fill;
}

// p-values as a table cell: three decimals, and "<0.001" instead of a misleading 0.000.
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Escaped text with each YYYY-MM-DD date wrapped so it never breaks at its
// hyphens (browsers may break a line after any '-').
std::string text_html(std::string_view text) {
  constexpr std::string_view kDateShape = "dddd-dd-dd";
  const std::string escaped = escape_html(text);
  std::string out;
  out.reserve(escaped.size());
  std::size_t i = 0;
  while (i < escaped.size()) {
    bool date = i + kDateShape.size() <= escaped.size() && (i == 0 || !is_digit(escaped[i - 1])) &&
                (i + kDateShape.size() == escaped.size() || !is_digit(escaped[i + kDateShape.size()]));
    for (std::size_t k = 0; date && k < kDateShape.size(); ++k) {
      date = kDateShape[k] == 'd' ? is_digit(escaped[i + k]) : escaped[i + k] == '-';
    }
    if (date) {
      out += "<span class=\"nw\">";
      out.append(escaped, i, kDateShape.size());
      out += "</span>";
      i += kDateShape.size();
    } else {
      out += escaped[i++];
    }
  }
  return out;
}

std::string p_cell(double p) {
  constexpr double kSmallestShown = 0.001;
  return p < kSmallestShown ? std::string("&lt;0.001") : fmt::format("{:.3f}", p);
}

std::string one_decimal(double v) { return fmt::format("{:.1f}", v); }

std::string capitalised(std::string text) {
  if (!text.empty()) text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  return text;
}

struct Axis {
  sys_days first;
  sys_days last;
  double x(sys_days day) const {
    const double span = std::max(1.0, static_cast<double>((last - first).count()));
    return kPlotLeft + (kPlotRight - kPlotLeft) * static_cast<double>((day - first).count()) / span;
  }
  static double y(double value) { return kPlotBottom - (kPlotBottom - kPlotTop) * value / kScaleMax; }
};

// Days per plotted point: 1 while the period fits the chart, else enough days
// per point that at most kMaxChartPoints are drawn (each the mean of its days).
int days_per_point(const Axis& axis) {
  const auto span = static_cast<int>((axis.last - axis.first).count()) + 1;
  return std::max(1, (span + kMaxChartPoints - 1) / kMaxChartPoints);
}

struct Point {
  sys_days day;  // first day of its bucket
  double value = 0.0;
};

std::vector<Point> plotted_points(const OutcomeAnalysis& o, const Axis& axis, int bucket_days) {
  std::vector<Point> points;
  long current = -1;
  double sum = 0.0;
  int count = 0;
  auto flush = [&] {
    if (count > 0) {
      points.push_back({axis.first + std::chrono::days{current * bucket_days}, sum / count});
    }
  };
  for (const auto& d : o.daily.days) {
    if (d.day < axis.first || d.day > axis.last) continue;
    const long bucket = static_cast<long>((d.day - axis.first).count()) / bucket_days;
    if (bucket != current) {
      flush();
      current = bucket;
      sum = 0.0;
      count = 0;
    }
    sum += d.value;
    ++count;
  }
  flush();
  return points;
}

// The session marks are the same under every chart, so they are drawn once;
// with several days per point, one mark per bucket (red if any session stopped).
std::string session_marks(const std::vector<SessionLine>& sessions, const Axis& axis, int bucket_days) {
  std::string marks;
  std::map<long, bool> buckets;  // bucket → any stopped
  for (const auto& s : sessions) {
    if (s.day < axis.first || s.day > axis.last) continue;
    auto& stopped = buckets[static_cast<long>((s.day - axis.first).count()) / bucket_days];
    stopped = stopped || s.outcome == "stopped";
  }
  for (const auto& [bucket, stopped] : buckets) {
    fmt::format_to(
        std::back_inserter(marks),
        "<line x1=\"{0:.1f}\" y1=\"{1}\" x2=\"{0:.1f}\" y2=\"{2}\" stroke=\"{3}\" stroke-width=\"{4}\"/>",
        axis.x(axis.first + std::chrono::days{bucket * bucket_days}), kSessionTickTop, kSessionTickBottom,
        stopped ? "#a1321f" : "#6b8f71", stopped ? 2.0 : 0.8);
  }
  return marks;
}

void chart(std::string& html, const OutcomeAnalysis& o, const Axis& axis, int bucket_days,
           const std::string& marks) {
  auto out = std::back_inserter(html);
  fmt::format_to(out, "<div class=\"chart\"><div class=\"chart-title\">{}</div>",
                 escape_html(capitalised(o.label)));
  fmt::format_to(out,
                 "<svg viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"{} per day, 0 to 10\" "
                 "xmlns=\"http://www.w3.org/2000/svg\">",
                 kChartWidth, kChartHeight, escape_html(o.label));
  for (const auto& p : o.phases) {
    if (p.end < axis.first || p.start > axis.last) continue;
    const double x0 = axis.x(std::max(p.start, axis.first));
    const double x1 = axis.x(std::min(p.end + std::chrono::days{1}, axis.last));
    fmt::format_to(out, "<rect x=\"{:.1f}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\" fill=\"{}\"/>", x0,
                   kPlotTop, std::max(0.5, x1 - x0), kPlotBottom - kPlotTop, phase_fill(p.label));
    fmt::format_to(out, "<text x=\"{:.1f}\" y=\"{}\" font-size=\"10\" fill=\"#5a6473\">{} {}</text>", x0 + 3,
                   kPlotTop + 10, p.name, p.label);
  }
  for (int v = 0; v <= static_cast<int>(kScaleMax); v += 5) {
    const double y = Axis::y(v);
    fmt::format_to(
        out,
        "<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\" stroke=\"#c3cad4\" stroke-width=\"0.6\"/>"
        "<text x=\"{}\" y=\"{:.1f}\" font-size=\"10\" text-anchor=\"end\" fill=\"#5a6473\">{}</text>",
        kPlotLeft, y, kPlotRight, y, kPlotLeft - 4, y + 3, v);
  }
  // The line breaks where a day (or a bucket of days) has no rating: a gap
  // stays a gap, never an invented value.
  const std::vector<Point> points = plotted_points(o, axis, bucket_days);
  std::string line;
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (i > 0 && points[i].day - points[i - 1].day > std::chrono::days{bucket_days}) {
      fmt::format_to(out, "<polyline fill=\"none\" stroke=\"#2f6f9f\" stroke-width=\"1.4\" points=\"{}\"/>",
                     line);
      line.clear();
    }
    fmt::format_to(std::back_inserter(line), "{:.1f},{:.1f} ", axis.x(points[i].day),
                   Axis::y(points[i].value));
  }
  if (!line.empty()) {
    fmt::format_to(out, "<polyline fill=\"none\" stroke=\"#2f6f9f\" stroke-width=\"1.4\" points=\"{}\"/>",
                   line);
  }
  if (points.size() <= kMaxDots) {
    for (const auto& p : points) {
      fmt::format_to(out, "<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"{}\" fill=\"#2f6f9f\"/>", axis.x(p.day),
                     Axis::y(p.value), kDotRadius);
    }
  }
  html += marks;
  const auto span_days = (axis.last - axis.first).count();
  for (int i = 0; i <= kDateLabels; ++i) {
    const sys_days day = axis.first + std::chrono::days{span_days * i / kDateLabels};
    const char* anchor = i == 0 ? "start" : (i == kDateLabels ? "end" : "middle");
    fmt::format_to(
        out, "<text x=\"{:.1f}\" y=\"{}\" font-size=\"10\" text-anchor=\"{}\" fill=\"#5a6473\">{}</text>",
        axis.x(day), kDateLabelY, anchor, date_text(day));
    if (span_days == 0) break;
  }
  html += "</svg></div>\n";
}

void legend(std::string& html, std::string_view rule, int bucket_days) {
  html += "<div class=\"legend\">";
  for (const auto& c : kPhaseColours) {
    fmt::format_to(std::back_inserter(html), "<span class=\"swatch\" style=\"background:{}\"></span>{}",
                   c.fill, c.label);
  }
  fmt::format_to(std::back_inserter(html),
                 "<span class=\"swatch\" style=\"background:#6b8f71\"></span>session"
                 "<span class=\"swatch\" style=\"background:#a1321f\"></span>stopped session"
                 " &nbsp;· {}, 0 = no pain, 10 = worst</div>\n",
                 bucket_days == 1
                     ? fmt::format("one point per day (the day's {})", rule)
                     : fmt::format("one point per {} days (the mean of their daily {}s)", bucket_days, rule));
}

const OutcomeAnalysis* primary_region(const Analysis& analysis) {
  const OutcomeAnalysis* best = nullptr;
  for (const auto& o : analysis.regions) {
    if (!best || o.daily.size() > best->daily.size()) best = &o;
  }
  return best;
}

std::string routine_text(const journal::JournalData& data, const Analysis& analysis) {
  if (analysis.sessions.empty()) return "No sessions in this period.";
  const SessionLine& last = analysis.sessions.back();
  std::string text = fmt::format("{}, stage {}", last.routine_id, last.stage);
  for (const auto& plan : data.plan_states) {
    if (plan.routine_id != last.routine_id) continue;
    if (plan.current_stage != last.stage) text += fmt::format(" (plan now at stage {})", plan.current_stage);
    if (plan.paused) text += fmt::format("; progression paused: {}", plan.pause_reason);
  }
  return text;
}

std::string adherence_text(const Analysis& analysis) {
  if (!analysis.adherence.ok()) return analysis.adherence.reason;
  const auto& a = *analysis.adherence.value;
  const std::size_t recent = std::min<std::size_t>(kAdherenceWeeks, a.weeks.size());
  int sessions = 0;
  int met = 0;
  for (std::size_t i = a.weeks.size() - recent; i < a.weeks.size(); ++i) {
    sessions += a.weeks[i].sessions + a.weeks[i].maintenance_sessions;
    met += a.weeks[i].target_met ? 1 : 0;
  }
  return fmt::format(
      "{} sessions in the last {} weeks of this period ({} of {} weeks reached {} sessions); {} sessions and "
      "{:.0f} "
      "minutes in all.",
      sessions, recent, met, recent, insight::kWeeklySessionTarget,
      a.total_sessions + a.total_maintenance_sessions, analysis.minutes_practised);
}

std::string pain_change_text(const Analysis& analysis) {
  std::string text;
  for (const auto& o : analysis.regions) {
    if (!o.baseline_mean || !o.recent_mean) continue;
    if (!text.empty()) text += "; ";
    text += fmt::format("{} {} → {}", o.key, one_decimal(*o.baseline_mean), one_decimal(*o.recent_mean));
  }
  if (text.empty()) return "Needs ratings both in the baseline and recently.";
  return text + fmt::format(" (baseline mean → mean of the last {} rated days, 0–10)", kRecentDays);
}

void summary(std::string& html, const journal::JournalData& data, const Analysis& analysis) {
  auto out = std::back_inserter(html);
  html += "<section class=\"summary\"><dl>\n";
  fmt::format_to(out, "<dt>Routine and stage</dt><dd>{}</dd>\n", text_html(routine_text(data, analysis)));
  fmt::format_to(out, "<dt>Adherence</dt><dd>{}</dd>\n", text_html(adherence_text(analysis)));
  fmt::format_to(out, "<dt>Pain now vs. baseline</dt><dd>{}</dd>\n", text_html(pain_change_text(analysis)));
  const OutcomeAnalysis* primary = primary_region(analysis);
  fmt::format_to(out, "<dt>Single-case result</dt><dd class=\"result\">{}</dd>\n",
                 text_html(primary ? primary->sentence : "No pain ratings in this period."));
  if (primary && primary->randomization && primary->randomization->ok()) {
    const auto& r = *primary->randomization->value;
    fmt::format_to(
        out, "<dt>Randomized start</dt><dd>{}</dd>\n",
        text_html(fmt::format("The start of practice was drawn at random from {} possible days; {} of "
                              "them would have shown a change at least this large (randomization "
                              "test p = {:.3f}).",
                              r.start_count, r.as_extreme, r.p)));
  }
  std::string baseline = "No session yet, so every rating so far is baseline.";
  if (analysis.practice_start) {
    const char* source = analysis.baseline_source == "declared" ? "Declared by the person"
                         : analysis.baseline_source == "study-plan"
                             ? "Check-ins before the randomly drawn start"
                             : "Check-ins before the first session";
    baseline = fmt::format("{} until {}; practice from {}.", source,
                           date_text(*analysis.practice_start - std::chrono::days{1}),
                           date_text(*analysis.practice_start));
  }
  fmt::format_to(out, "<dt>Baseline</dt><dd>{}</dd>\n", text_html(baseline));
  html += "</dl></section>\n";
}

void statistics_table(std::string& html, const std::vector<OutcomeAnalysis>& outcomes) {
  auto out = std::back_inserter(html);
  html +=
      "<table><tr><th>Measure</th><th class=\"num\">Days A/B</th><th class=\"num\">NAP</th>"
      "<th class=\"num\">PND</th><th class=\"num\">Tau-U (p)</th><th class=\"num\">Level change "
      "(p)</th></tr>\n";
  for (const auto& o : outcomes) {
    const int a = o.phases.empty() ? 0 : o.phases[0].n;
    const int b = o.phases.size() > 1 ? o.phases[1].n : 0;
    const std::string nap = o.nap.ok() ? fmt::format("{:.2f}", o.nap.value->nap) : "—";
    const std::string pnd = o.pnd.ok() ? fmt::format("{:.0f} %", o.pnd.value->pnd_percent) : "—";
    const std::string tau =
        o.tau_u.ok() ? fmt::format("{:.2f} ({})", o.tau_u.value->value, p_cell(o.tau_u.value->p)) : "—";
    std::string level = "—";
    if (o.piecewise.ok() && !o.piecewise.value->changes.empty()) {
      const auto& c = o.piecewise.value->changes.front().level;
      level = fmt::format("{:+.2f} ({})", c.estimate, p_cell(c.p));
    }
    fmt::format_to(
        out,
        "<tr><td>{}</td><td class=\"num\">{}/{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
        "<td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
        escape_html(capitalised(o.label)), a, b, nap, pnd, tau, level);
  }
  html +=
      "</table><p class=\"note\">NAP: share of (baseline, practice) day pairs in which the practice day was "
      "better "
      "(0.5 = no difference). PND: share of practice days better than the best baseline day. Tau-U: "
      "Kendall-type "
      "trend-aware overlap; Level change: piecewise regression (Huitema–McKean), in rating points. A dash "
      "means "
      "there is not enough data; the reason is in <code>velum stats</code>.</p>\n";
}

Axis axis_for(const Analysis& analysis, const std::optional<sys_days>& from,
              const std::optional<sys_days>& to) {
  std::optional<sys_days> first = from;
  std::optional<sys_days> last = to;
  auto widen = [&](sys_days d) {
    if (!from && (!first || d < *first)) first = d;
    if (!to && (!last || d > *last)) last = d;
  };
  for (const auto* group : {&analysis.regions, &analysis.wellbeing}) {
    for (const auto& o : *group) {
      if (!o.daily.empty()) {
        widen(o.daily.days.front().day);
        widen(o.daily.days.back().day);
      }
    }
  }
  for (const auto& s : analysis.sessions) widen(s.day);
  const sys_days a = first.value_or(analysis.today);
  return Axis{a, std::max(a, last.value_or(a))};
}

void safety(std::string& html, const journal::JournalData& data, const Analysis& analysis,
            const std::string& user) {
  auto out = std::back_inserter(html);
  std::optional<practice::ScreenRecord> last;
  const journal::SafetyScreening* last_stored = nullptr;
  for (const auto& s : data.screenings) {
    if (s.user_id != user) continue;
    if (!last_stored || s.taken_at.utc > last_stored->taken_at.utc) last_stored = &s;
  }
  if (last_stored) last = common::to_screen_record(*last_stored);
  const auto report = practice::screen_status(last, analysis.today);
  html += "<h2>Safety screen and stop events</h2>\n";
  fmt::format_to(out, "<p>Safety screen: <strong>{}</strong>{}. {}</p>\n", practice::to_string(report.status),
                 last ? fmt::format(", last taken <span class=\"nw\">{}</span>", date_text(last->taken_on))
                      : std::string(),
                 text_html(report.sentence));
  std::vector<const SessionLine*> stops;
  for (const auto& s : analysis.sessions) {
    if (s.outcome == "stopped") stops.push_back(&s);
  }
  if (stops.empty()) {
    html += "<p>No session was stopped in this period.</p>\n";
    return;
  }
  fmt::format_to(out,
                 "<p>{} session{} stopped in this period:</p><table><tr><th>Date</th><th>Stage</th><th>What "
                 "happened</th></tr>\n",
                 stops.size(), stops.size() == 1 ? " was" : "s were");
  for (const auto* s : stops) {
    fmt::format_to(out, "<tr><td>{}</td><td>{}</td><td class=\"stopped text\">{}</td></tr>\n",
                   date_text(s->day), s->stage,
                   text_html(s->stop.empty() ? std::string("not recorded") : s->stop));
  }
  html += "</table>\n";
}

void sessions_table(std::string& html, const Analysis& analysis) {
  auto out = std::back_inserter(html);
  html += "<h2>Sessions</h2>\n";
  if (analysis.sessions.empty()) {
    html += "<p>No sessions in this period.</p>\n";
    return;
  }
  const std::size_t shown = std::min(kMaxSessionRows, analysis.sessions.size());
  if (shown < analysis.sessions.size()) {
    fmt::format_to(out, "<p class=\"note\">The {} most recent of {} sessions, newest first.</p>\n", shown,
                   analysis.sessions.size());
  }
  if (!analysis.soreness_by_stage.empty()) {
    html += "<p>Soreness during sessions by stage (highest step rating, mean): ";
    for (std::size_t i = 0; i < analysis.soreness_by_stage.size(); ++i) {
      const auto& s = analysis.soreness_by_stage[i];
      fmt::format_to(out, "{}stage {}: {:.1f} over {} session{}", i ? "; " : "", s.stage, s.mean, s.sessions,
                     s.sessions == 1 ? "" : "s");
    }
    html += ".</p>\n";
  }
  html +=
      "<table><tr><th>Date</th><th>Time</th><th>Routine</th><th class=\"num\">Stage</th><th "
      "class=\"num\">Minutes</th>"
      "<th>Outcome</th><th class=\"num\">Soreness</th></tr>\n";
  for (std::size_t i = 0; i < shown; ++i) {
    const SessionLine& s = analysis.sessions[analysis.sessions.size() - 1 - i];
    std::string outcome = escape_html(s.outcome);
    if (!s.stop.empty())
      outcome = fmt::format("<span class=\"stopped\">stopped: {}</span>", text_html(s.stop));
    fmt::format_to(
        out,
        "<tr{}><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{:.1f}</td>"
        "<td class=\"text\">{}</td><td class=\"num\">{}</td></tr>\n",
        i < kPrintedSessionRows ? "" : " class=\"older\"", date_text(s.day), s.local_time,
        escape_html(s.routine_id), s.stage, s.minutes, outcome,
        s.soreness ? fmt::format("{:.0f}", *s.soreness) : std::string("—"));
  }
  html += "</table>\n";
  if (shown > kPrintedSessionRows) {
    fmt::format_to(
        out,
        "<p class=\"note print-only\">The printed page lists the {} most recent sessions; the file "
        "lists {}.</p>\n",
        kPrintedSessionRows, shown);
  }
}

}  // namespace

std::string_view to_string(Section section) {
  switch (section) {
    case Section::kSummary:
      return "summary";
    case Section::kPain:
      return "pain";
    case Section::kWellbeing:
      return "wellbeing";
    case Section::kSafety:
      return "safety";
    case Section::kSessions:
      return "sessions";
  }
  return "summary";
}

std::vector<std::string_view> section_spellings() {
  return {"summary", "pain", "wellbeing", "safety", "sessions"};
}

std::optional<Section> parse_section(std::string_view spelling) {
  for (auto s :
       {Section::kSummary, Section::kPain, Section::kWellbeing, Section::kSafety, Section::kSessions}) {
    if (to_string(s) == spelling) return s;
  }
  return std::nullopt;
}

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string render_html(const journal::JournalData& data, const Analysis& analysis,
                        const HtmlOptions& options, const journal::Timestamp& generated_at) {
  std::string html;
  html.reserve(static_cast<std::size_t>(64 * 1024) + analysis.sessions.size() * 64);
  auto out = std::back_inserter(html);
  const std::optional<sys_days> none;
  const Axis axis = axis_for(analysis, none, none);
  const int bucket_days = days_per_point(axis);
  html += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n";
  // No script and no external request may run: the file is read offline and printed.
  html +=
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src "
      "'unsafe-inline'\">\n";
  html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  fmt::format_to(out, "<title>velum report {} to {}</title>\n<style>{}</style></head><body>\n",
                 date_text(axis.first), date_text(axis.last), kStyle);
  fmt::format_to(out,
                 "<h1>velum practice report</h1>\n<p class=\"meta\"><span class=\"nw\">{} to {}</span> · {} "
                 "check-ins, {} sessions · "
                 "several ratings on one day are combined by their {} · generated {}</p>\n",
                 date_text(axis.first), date_text(axis.last), analysis.checkins, analysis.sessions.size(),
                 to_string(analysis.rule), text_html(journal::to_iso8601(generated_at)));
  fmt::format_to(out, "<p class=\"disclaimer\">{}</p>\n", escape_html(kDisclaimer));
  if (options.sections.contains(Section::kSummary)) summary(html, data, analysis);
  if (options.sections.contains(Section::kPain)) {
    html += "<h2>Pain per region</h2>\n";
    if (analysis.regions.empty()) {
      html += "<p>No pain ratings in this period.</p>\n";
    } else {
      legend(html, to_string(analysis.rule), bucket_days);
      const std::string marks = session_marks(analysis.sessions, axis, bucket_days);
      html += "<div class=\"charts\">";
      for (const auto& o : analysis.regions) chart(html, o, axis, bucket_days, marks);
      html += "</div>\n";
      for (const auto& o : analysis.regions) fmt::format_to(out, "<p>{}</p>\n", text_html(o.sentence));
      statistics_table(html, analysis.regions);
    }
  }
  if (options.sections.contains(Section::kWellbeing) && !analysis.wellbeing.empty()) {
    fmt::format_to(out,
                   "<h2>Calm and nasal breathing</h2>\n<p class=\"note\">0–10, higher is better{}.</p>\n",
                   bucket_days == 1 ? std::string() : fmt::format("; one point per {} days", bucket_days));
    html += "<div class=\"charts\">";
    for (const auto& o : analysis.wellbeing) chart(html, o, axis, bucket_days, std::string());
    html += "</div>\n";
    for (const auto& o : analysis.wellbeing) fmt::format_to(out, "<p>{}</p>\n", text_html(o.sentence));
    statistics_table(html, analysis.wellbeing);
  }
  if (options.sections.contains(Section::kSafety)) safety(html, data, analysis, analysis.user_id);
  if (options.sections.contains(Section::kSessions)) sessions_table(html, analysis);
  html +=
      "<p class=\"note\">Made with velum from the person's own journal. velum guides a self-administered "
      "practice; it does not diagnose or treat any condition.</p>\n</body></html>\n";
  return html;
}

}  // namespace velum::report
