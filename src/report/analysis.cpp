#include "report/analysis.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "practice/safety.hpp"

namespace velum::report {
namespace {

using std::chrono::sys_days;
using json = nlohmann::json;

constexpr double kSecondsPerMinute = 60.0;
constexpr double kPercent = 100.0;

sys_days day_of(const journal::Timestamp& t) { return insight::local_day(t.utc, t.utc_offset); }

bool in_window(sys_days day, const AnalysisOptions& options) {
  if (options.from && day < *options.from) return false;
  if (options.to && day > *options.to) return false;
  return true;
}

std::string region_label(journal::Region region) {
  switch (region) {
    case journal::Region::kSoftPalate:
      return "soft-palate pain";
    case journal::Region::kNasopharynx:
      return "nasopharynx pain";
    case journal::Region::kThroat:
      return "throat pain";
    case journal::Region::kNose:
      return "nose pain";
    case journal::Region::kFaceJaw:
      return "face and jaw pain";
    case journal::Region::kEars:
      return "ear pain";
  }
  return "pain";
}

double mean_of(const std::vector<double>& v) {
  double sum = 0.0;
  for (double x : v) sum += x;
  return sum / static_cast<double>(v.size());
}

// The phase boundaries: B from practice_start, then the declared later phases.
struct PhasePlan {
  std::vector<sys_days> starts;     // first day of phases 1, 2, ...
  std::vector<std::string> labels;  // label of phases 0, 1, 2, ...
};

PhasePlan plan_phases(const std::optional<sys_days>& practice_start, const std::vector<PhaseStart>& later) {
  PhasePlan plan;
  plan.labels.emplace_back("baseline");
  if (!practice_start) return plan;
  plan.starts.push_back(*practice_start);
  plan.labels.emplace_back("practice");
  std::vector<PhaseStart> sorted = later;
  std::sort(sorted.begin(), sorted.end(),
            [](const PhaseStart& x, const PhaseStart& y) { return x.start < y.start; });
  for (const auto& phase : sorted) {
    if (phase.start <= plan.starts.back()) continue;  // a phase cannot start before the one it follows
    plan.starts.push_back(phase.start);
    plan.labels.emplace_back(to_string(phase.kind));
  }
  return plan;
}

std::string phase_name(std::size_t index) { return std::string(1, static_cast<char>('A' + index)); }

std::string format_p(double p) {
  if (p < 0.001) return "p < 0.001";
  return fmt::format("p = {:.3f}", p);
}

// One calm sentence; never claims a cause, only what the ratings show.
std::string result_sentence(const OutcomeAnalysis& o) {
  if (!o.nap.ok())
    return fmt::format("Not enough data yet to compare {} before and during practice: {}", o.label,
                       o.nap.reason);
  const double nap = o.nap.value->nap;
  const std::string better = o.direction == insight::Direction::kDecrease ? "lower" : "higher";
  const std::string worse = o.direction == insight::Direction::kDecrease ? "higher" : "lower";
  std::string stats = fmt::format("NAP {:.2f}", nap);
  if (o.tau_u.ok())
    stats += fmt::format(", Tau-U {:.2f}, {}", o.tau_u.value->value, format_p(o.tau_u.value->p));
  const bool clear = o.tau_u.ok() && o.tau_u.value->p < kClearP;
  std::string label = o.label;
  label[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(label[0])));
  if (clear && o.tau_u.value->value > 0) {
    return fmt::format("{} was {} during practice than in the baseline on {:.0f} % of day pairs ({}).", label,
                       better, nap * kPercent, stats);
  }
  if (clear && o.tau_u.value->value < 0) {
    return fmt::format("{} was {} during practice than in the baseline ({}).", label, worse, stats);
  }
  return fmt::format("{} during practice is not clearly different from the baseline so far ({}).", label,
                     stats);
}

OutcomeAnalysis analyse_outcome(std::string key, std::string label, insight::Direction direction,
                                const std::vector<insight::Observation>& observations,
                                const AnalysisOptions& options, const std::optional<sys_days>& practice_start,
                                const journal::StudyPlan* study) {
  OutcomeAnalysis o;
  o.key = std::move(key);
  o.label = std::move(label);
  o.direction = direction;
  auto daily = insight::aggregate_daily(observations, options.rule);
  if (daily.ok()) o.daily = std::move(*daily.value);
  o.missing_days = static_cast<int>(insight::missing_days(o.daily).size());

  const PhasePlan plan = plan_phases(practice_start, options.later_phases);
  const insight::CaseSeries series = insight::make_case(o.daily, plan.starts);
  const sys_days first =
      o.daily.empty() ? (practice_start ? *practice_start : sys_days{}) : o.daily.days.front().day;
  const sys_days last = o.daily.empty() ? first : o.daily.days.back().day;
  for (std::size_t k = 0; k < plan.labels.size(); ++k) {
    PhaseSpan span;
    span.name = phase_name(k);
    span.label = plan.labels[k];
    span.start = k == 0 ? std::min(first, plan.starts.empty() ? first : plan.starts[0]) : plan.starts[k - 1];
    span.end = k < plan.starts.size() ? plan.starts[k] - std::chrono::days{1} : std::max(last, span.start);
    span.n = static_cast<int>(std::count(series.phase.begin(), series.phase.end(), static_cast<int>(k)));
    o.phases.push_back(span);
  }

  const std::vector<double> a = insight::phase_values(series, 0);
  const std::vector<double> b = insight::phase_values(series, 1);
  if (!a.empty()) o.baseline_mean = mean_of(a);
  if (!o.daily.empty()) {
    const std::size_t count = std::min<std::size_t>(kRecentDays, o.daily.size());
    std::vector<double> recent;
    for (std::size_t i = o.daily.size() - count; i < o.daily.size(); ++i)
      recent.push_back(o.daily.days[i].value);
    o.recent_mean = mean_of(recent);
  }

  if (!practice_start) {
    const std::string why = "there is no practice phase yet: the baseline lasts until the first session.";
    o.nap = insight::Estimate<insight::Nap>::failure(insight::EstimateStatus::kNotEnoughData,
                                                     "Needs a session: " + why);
    o.pnd = insight::Estimate<insight::Pnd>::failure(insight::EstimateStatus::kNotEnoughData,
                                                     "Needs a session: " + why);
    o.tau_u = insight::Estimate<TauUChoice>::failure(insight::EstimateStatus::kNotEnoughData,
                                                     "Needs a session: " + why);
    o.piecewise = insight::Estimate<insight::PiecewiseRegression>::failure(
        insight::EstimateStatus::kNotEnoughData, "Needs a session: " + why);
  } else {
    o.nap = insight::nap(a, b, direction);
    o.pnd = insight::pnd(a, b, direction);
    auto tau = insight::tau_u(a, b, direction);
    if (!tau.ok()) {
      o.tau_u = insight::Estimate<TauUChoice>::failure(tau.status, tau.reason);
    } else {
      const auto& trend_a = tau.value->row(insight::kTauUTrendA);
      const bool trending = trend_a.statistic.ok() && trend_a.statistic.value->p < kBaselineTrendAlpha;
      const auto& row = tau.value->row(trending ? insight::kTauUAvsBMinusTrendA : insight::kTauUAvsB);
      if (row.statistic.ok()) {
        o.tau_u = insight::Estimate<TauUChoice>::success(
            TauUChoice{row.statistic.value->tau, row.statistic.value->p, row.name});
      } else {
        o.tau_u = insight::Estimate<TauUChoice>::failure(row.statistic.status, row.statistic.reason);
      }
    }
    // Piecewise regression over the baseline and practice phases only, so a
    // maintenance phase or a pause does not change the A→B estimate.
    insight::CaseSeries ab;
    for (std::size_t i = 0; i < series.phase.size(); ++i) {
      if (series.phase[i] > 1) break;
      ab.time_days.push_back(series.time_days[i]);
      ab.value.push_back(series.value[i]);
      ab.phase.push_back(series.phase[i]);
    }
    // Two rated days in each phase is the least a level and a slope can be fitted to.
    if (a.size() < 2 || b.size() < 2) {
      o.piecewise = insight::Estimate<insight::PiecewiseRegression>::failure(
          insight::EstimateStatus::kNotEnoughData,
          fmt::format("Needs at least two rated days before and two during practice (have {} and {}).",
                      a.size(), b.size()));
    } else {
      o.piecewise = insight::piecewise_regression(ab, direction);
    }
  }
  if (study != nullptr && practice_start) {
    o.randomization = insight::randomization_test(o.daily, *practice_start, sys_days{study->earliest},
                                                  sys_days{study->latest}, direction);
  }
  if (!daily.ok()) {
    o.nap = insight::Estimate<insight::Nap>::failure(daily.status, daily.reason);
  }
  o.sentence = result_sentence(o);
  return o;
}

std::string clock_text(const journal::Timestamp& t) {
  const auto local = t.utc + t.utc_offset;
  const auto day = std::chrono::floor<std::chrono::days>(local);
  const std::chrono::hh_mm_ss hms{local - day};
  return fmt::format("{:02}:{:02}", hms.hours().count(), hms.minutes().count());
}

json result_json(insight::EstimateStatus status, const std::string& reason) {
  return json{{"status", insight::to_string(status)}, {"reason", reason}};
}

json coefficient_json(const insight::Coefficient& c) {
  return json{{"status", "ok"}, {"estimate", c.estimate}, {"se", c.standard_error}, {"t", c.t}, {"p", c.p}};
}

json outcome_json(const OutcomeAnalysis& o) {
  json out;
  out["key"] = o.key;
  out["label"] = o.label;
  out["direction"] = o.direction == insight::Direction::kDecrease ? "decrease" : "increase";
  out["rated_days"] = o.daily.size();
  out["missing_days"] = o.missing_days;
  out["baseline_mean"] = o.baseline_mean ? json(*o.baseline_mean) : json(nullptr);
  out["recent_mean"] = o.recent_mean ? json(*o.recent_mean) : json(nullptr);
  json phases = json::array();
  for (const auto& p : o.phases) {
    phases.push_back({{"name", p.name},
                      {"label", p.label},
                      {"start", date_text(p.start)},
                      {"end", date_text(p.end)},
                      {"n", p.n}});
  }
  out["phases"] = phases;
  if (o.nap.ok()) {
    const auto& n = *o.nap.value;
    out["nap"] = {{"status", "ok"},   {"value", n.nap},         {"rescaled", n.nap_rescaled},
                  {"pairs", n.pairs}, {"se", n.standard_error}, {"ci95", {n.ci95_lower, n.ci95_upper}}};
  } else {
    out["nap"] = result_json(o.nap.status, o.nap.reason);
  }
  if (o.pnd.ok()) {
    const auto& p = *o.pnd.value;
    out["pnd"] = {
        {"status", "ok"}, {"value", p.pnd_percent}, {"exceeding", p.exceeding}, {"b_count", p.b_count}};
  } else {
    out["pnd"] = result_json(o.pnd.status, o.pnd.reason);
  }
  if (o.tau_u.ok()) {
    out["tau_u"] = {{"status", "ok"},
                    {"value", o.tau_u.value->value},
                    {"p", o.tau_u.value->p},
                    {"variant", o.tau_u.value->variant}};
  } else {
    out["tau_u"] = result_json(o.tau_u.status, o.tau_u.reason);
  }
  if (o.piecewise.ok() && !o.piecewise.value->changes.empty()) {
    const auto& change = o.piecewise.value->changes.front();
    out["piecewise"] = {{"status", "ok"},
                        {"level_change", coefficient_json(change.level)},
                        {"slope_change", coefficient_json(change.slope)},
                        {"baseline_slope", coefficient_json(o.piecewise.value->trend)},
                        {"r_squared", o.piecewise.value->r_squared}};
  } else {
    out["piecewise"] = result_json(o.piecewise.status, o.piecewise.reason);
  }
  if (o.randomization) {
    const auto& r = *o.randomization;
    if (r.ok()) {
      out["randomization"] = {{"status", "ok"},
                              {"observed", r.value->observed},
                              {"p", r.value->p},
                              {"as_extreme", r.value->as_extreme},
                              {"starts", r.value->start_count}};
    } else {
      out["randomization"] = result_json(r.status, r.reason);
    }
  } else {
    out["randomization"] = nullptr;
  }
  out["sentence"] = o.sentence;
  return out;
}

}  // namespace

std::string_view to_string(PhaseKind kind) {
  switch (kind) {
    case PhaseKind::kMaintenance:
      return "maintenance";
    case PhaseKind::kPause:
      return "pause";
    case PhaseKind::kPractice:
      return "practice";
  }
  return "practice";
}

std::optional<PhaseKind> parse_phase_kind(std::string_view spelling) {
  if (spelling == "maintenance") return PhaseKind::kMaintenance;
  if (spelling == "pause") return PhaseKind::kPause;
  if (spelling == "practice") return PhaseKind::kPractice;
  return std::nullopt;
}

std::string_view to_string(insight::DailyRule rule) {
  switch (rule) {
    case insight::DailyRule::kMean:
      return "mean";
    case insight::DailyRule::kMax:
      return "max";
    case insight::DailyRule::kMin:
      return "min";
    case insight::DailyRule::kLast:
      return "last";
  }
  return "mean";
}

std::optional<insight::DailyRule> parse_daily_rule(std::string_view spelling) {
  for (auto rule : {insight::DailyRule::kMean, insight::DailyRule::kMax, insight::DailyRule::kMin,
                    insight::DailyRule::kLast}) {
    if (to_string(rule) == spelling) return rule;
  }
  return std::nullopt;
}

std::string date_text(sys_days day) {
  const std::chrono::year_month_day ymd{day};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                     static_cast<unsigned>(ymd.day()));
}

Analysis analyze(const journal::JournalData& data, const AnalysisOptions& options, sys_days today) {
  Analysis analysis;
  analysis.today = today;
  analysis.user_id = options.user_id;
  analysis.rule = options.rule;

  // Baseline A: declared, else every day before the first session (any session
  // of this person, even outside the window, so a window never moves phase B).
  std::optional<sys_days> first_session;
  for (const auto& s : data.sessions) {
    if (s.user_id != options.user_id) continue;
    const sys_days d = day_of(s.started_at);
    if (!first_session || d < *first_session) first_session = d;
  }
  // The person's randomized-start study, if any (the latest if several were imported).
  const journal::StudyPlan* study = nullptr;
  for (const auto& plan : data.study_plans) {
    if (plan.user_id == options.user_id && (!study || study->drawn_at.utc < plan.drawn_at.utc)) study = &plan;
  }
  if (options.baseline_end) {
    analysis.baseline_source = "declared";
    analysis.practice_start = *options.baseline_end + std::chrono::days{1};
    study =
        nullptr;  // a declared baseline replaces the drawn start, so its randomization test no longer applies
  } else if (study != nullptr) {
    analysis.baseline_source = "study-plan";
    analysis.practice_start = sys_days{study->start};
  } else if (first_session) {
    analysis.baseline_source = "first-session";
    analysis.practice_start = *first_session;
  } else {
    analysis.baseline_source = "none";
  }

  std::array<std::vector<insight::Observation>, journal::kRegionCount> pain;
  std::vector<insight::Observation> calm, nasal;
  for (const auto& c : data.checkins) {
    if (c.user_id != options.user_id) continue;
    const sys_days d = day_of(c.taken_at);
    if (!in_window(d, options)) continue;
    ++analysis.checkins;
    for (std::size_t r = 0; r < journal::kRegionCount; ++r) {
      if (c.pain[r]) pain[r].push_back({d, static_cast<double>(*c.pain[r])});
    }
    if (c.calm) calm.push_back({d, static_cast<double>(*c.calm)});
    if (c.nasal_breathing_ease) nasal.push_back({d, static_cast<double>(*c.nasal_breathing_ease)});
  }
  for (std::size_t r = 0; r < journal::kRegionCount; ++r) {
    const auto region = static_cast<journal::Region>(r);
    if (options.region ? *options.region != region : pain[r].empty()) continue;
    analysis.regions.push_back(analyse_outcome(std::string(journal::to_string(region)), region_label(region),
                                               insight::Direction::kDecrease, pain[r], options,
                                               analysis.practice_start, study));
  }
  if (!calm.empty()) {
    analysis.wellbeing.push_back(analyse_outcome("calm", "calm", insight::Direction::kIncrease, calm, options,
                                                 analysis.practice_start, study));
  }
  if (!nasal.empty()) {
    analysis.wellbeing.push_back(analyse_outcome("nasal-breathing", "ease of nasal breathing",
                                                 insight::Direction::kIncrease, nasal, options,
                                                 analysis.practice_start, study));
  }

  // Sessions: minutes from start to end (else the steps' own time), soreness
  // as the highest step pain (else the overall pain of a logged session).
  std::unordered_map<std::string, std::pair<double, std::optional<int>>> steps;  // seconds, highest pain
  for (const auto& step : data.step_results) {
    auto& entry = steps[step.session_id];
    entry.first += step.actual_seconds;
    if (step.pain) entry.second = std::max(entry.second.value_or(journal::kMinRating), *step.pain);
  }
  std::vector<insight::SessionDay> session_days;
  std::map<int, std::pair<int, double>> by_stage;
  for (const auto& s : data.sessions) {
    if (s.user_id != options.user_id) continue;
    const sys_days d = day_of(s.started_at);
    if (!in_window(d, options) || d > today) continue;
    SessionLine line;
    line.id = s.id;
    line.day = d;
    line.local_time = clock_text(s.started_at);
    line.routine_id = s.routine_id;
    line.stage = s.stage;
    const auto found = steps.find(s.id);
    if (s.ended_at && s.ended_at->utc >= s.started_at.utc) {
      line.minutes = static_cast<double>((s.ended_at->utc - s.started_at.utc).count()) / kSecondsPerMinute;
    } else if (found != steps.end()) {
      line.minutes = found->second.first / kSecondsPerMinute;
    }
    line.outcome = s.outcome ? std::string(journal::to_string(*s.outcome)) : std::string("open");
    if (s.stop_reason) {
      line.stop =
          s.stop_reason->signal || s.stop_reason->interrupted
              ? std::string(practice::find_stop_choice(journal::stop_reason_spelling(*s.stop_reason))->label)
              : s.stop_reason->text;
    }
    if (found != steps.end() && found->second.second) {
      line.soreness = *found->second.second;
    } else if (s.pain) {
      line.soreness = *s.pain;
    }
    if (line.soreness) {
      auto& stage = by_stage[s.stage];
      ++stage.first;
      stage.second += *line.soreness;
    }
    analysis.minutes_practised += line.minutes;
    session_days.push_back({d, line.minutes, false});
    analysis.sessions.push_back(std::move(line));
  }
  std::sort(analysis.sessions.begin(), analysis.sessions.end(),
            [](const SessionLine& x, const SessionLine& y) { return x.day < y.day; });
  for (const auto& [stage, entry] : by_stage) {
    analysis.soreness_by_stage.push_back({stage, entry.first, entry.second / entry.first});
  }
  // Maintenance sessions: those on days inside a declared maintenance phase.
  for (auto& sd : session_days) {
    const PhasePlan plan = plan_phases(analysis.practice_start, options.later_phases);
    int phase = 0;
    for (const auto& start : plan.starts) {
      if (sd.day >= start) ++phase;
    }
    sd.maintenance = plan.labels[static_cast<std::size_t>(phase)] == "maintenance";
  }
  // Adherence is counted up to the end of the period shown (the last day with a
  // record, or --to), so a report made weeks later still describes its period.
  sys_days period_end = session_days.empty() ? today : session_days.front().day;
  for (const auto& sd : session_days) period_end = std::max(period_end, sd.day);
  for (const auto& c : data.checkins) {
    if (c.user_id == options.user_id && in_window(day_of(c.taken_at), options)) {
      period_end = std::max(period_end, day_of(c.taken_at));
    }
  }
  const sys_days adherence_day = std::min(options.to ? *options.to : period_end, today);
  analysis.adherence = insight::summarize_adherence(session_days, adherence_day);
  return analysis;
}

std::string stats_json(const Analysis& analysis, int indent) {
  json out;
  out["today"] = date_text(analysis.today);
  out["daily_rule"] = to_string(analysis.rule);
  out["baseline"] = {{"source", analysis.baseline_source},
                     {"practice_start",
                      analysis.practice_start ? json(date_text(*analysis.practice_start)) : json(nullptr)}};
  json regions = json::array();
  for (const auto& o : analysis.regions) regions.push_back(outcome_json(o));
  out["regions"] = regions;
  json wellbeing = json::array();
  for (const auto& o : analysis.wellbeing) wellbeing.push_back(outcome_json(o));
  out["wellbeing"] = wellbeing;
  json stages = json::array();
  for (const auto& s : analysis.soreness_by_stage) {
    stages.push_back({{"stage", s.stage}, {"sessions", s.sessions}, {"mean", s.mean}});
  }
  out["soreness_by_stage"] = stages;
  out["sessions"] = analysis.sessions.size();
  out["checkins"] = analysis.checkins;
  out["minutes_practised"] = analysis.minutes_practised;
  if (analysis.adherence.ok()) {
    const auto& a = *analysis.adherence.value;
    int met = 0;
    for (const auto& w : a.weeks) met += w.target_met ? 1 : 0;
    out["adherence"] = {{"status", "ok"},
                        {"weeks", a.weeks.size()},
                        {"weeks_target_met", met},
                        {"target_per_week", insight::kWeeklySessionTarget},
                        {"current_streak_days", a.current_streak_days},
                        {"longest_streak_days", a.longest_streak_days}};
  } else {
    out["adherence"] = result_json(analysis.adherence.status, analysis.adherence.reason);
  }
  return out.dump(indent) + (indent >= 0 ? "\n" : "");
}

}  // namespace velum::report
