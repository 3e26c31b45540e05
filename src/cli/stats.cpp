// `velum stats [--region R] [--json]`: the single-case analysis of the journal,
// baseline against practice, per region and for calm and nasal breathing.

#include <fmt/format.h>

#include <algorithm>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "cli/analysis_access.hpp"
#include "report/analysis.hpp"

namespace velum::cli {
namespace {

struct StatsOptions {
  AnalysisFlags analysis;
  bool as_json = false;
};

std::string p_text(double p) { return p < 0.001 ? std::string("p < 0.001") : fmt::format("p = {:.3f}", p); }

// A measure that could not be computed: its name, status and plain reason.
struct Missing {
  std::string name;
  std::string status;  // "not enough data", "undefined: all values identical", ...
  std::string reason;
};

template <class T>
Missing missing(std::string name, const insight::Estimate<T>& result) {
  return {std::move(name), std::string(insight::to_string(result.status)), result.reason};
}

// One line per status ("Not computed yet: PND, Tau-U — not enough data (…)"),
// leaving out the status the measure's sentence has already given.
void print_missing(std::ostream& out, const std::vector<Missing>& all, const std::string& already_said) {
  std::vector<Missing> by_status;  // names and reasons joined per status
  for (const auto& m : all) {
    if (m.status == already_said) continue;
    auto found =
        std::ranges::find_if(by_status, [&m](const Missing& entry) { return entry.status == m.status; });
    if (found == by_status.end()) {
      by_status.push_back(m);
      continue;
    }
    found->name += ", " + m.name;
    if (found->reason.find(m.reason) == std::string::npos) found->reason += "; " + m.reason;
  }
  for (const auto& m : by_status) {
    out << fmt::format("  Not computed yet: {} — {} ({})\n", m.name, m.status, m.reason);
  }
}

// The plain sentence first, then the figures, then what could not be computed.
void print_outcome(std::ostream& out, const report::OutcomeAnalysis& o) {
  out << fmt::format("\n{} — {} rated days, {} days without a rating in between\n", o.label, o.daily.size(),
                     o.missing_days);
  out << "  " << o.sentence << '\n';
  out << "  phases:";
  for (const auto& p : o.phases) {
    out << fmt::format(" {} {} {}…{} (n={})", p.name, p.label, report::date_text(p.start),
                       report::date_text(p.end), p.n);
  }
  out << '\n';
  std::vector<Missing> missing_measures;
  if (o.nap.ok()) {
    const auto& n = *o.nap.value;
    out << fmt::format("  NAP {:.3f} (95 % CI {:.3f}–{:.3f}, {} pairs)\n", n.nap, n.ci95_lower, n.ci95_upper,
                       n.pairs);
  } else {
    missing_measures.push_back(missing("NAP", o.nap));
  }
  if (o.pnd.ok()) {
    out << fmt::format("  PND {:.1f} % ({} of {} practice days better than the best baseline day)\n",
                       o.pnd.value->pnd_percent, o.pnd.value->exceeding, o.pnd.value->b_count);
  } else {
    missing_measures.push_back(missing("PND", o.pnd));
  }
  if (o.tau_u.ok()) {
    out << fmt::format("  Tau-U {:.3f}, {} ({})\n", o.tau_u.value->value, p_text(o.tau_u.value->p),
                       o.tau_u.value->variant);
  } else {
    missing_measures.push_back(missing("Tau-U", o.tau_u));
  }
  if (o.piecewise.ok() && !o.piecewise.value->changes.empty()) {
    const auto& c = o.piecewise.value->changes.front();
    out << fmt::format(
        "  Piecewise regression: level change {:+.3f} (SE {:.3f}, {}), slope change {:+.4f}/day "
        "(SE {:.4f}, {})\n",
        c.level.estimate, c.level.standard_error, p_text(c.level.p), c.slope.estimate, c.slope.standard_error,
        p_text(c.slope.p));
  } else {
    missing_measures.push_back(missing("piecewise regression", o.piecewise));
  }
  // When NAP is missing the sentence says why ("Not enough data yet ..."), so
  // the measures missing for that same status are not listed again.
  print_missing(out, missing_measures,
                o.nap.ok() ? std::string() : std::string(insight::to_string(o.nap.status)));
}

void run_stats(const Context& context, const StatsOptions& options, CommandResult& result) {
  auto loaded = load_analysis(context, options.analysis, result);
  if (!loaded) return;
  const report::Analysis& analysis = loaded->analysis;
  std::ostream& out = *context.out;
  if (options.as_json) {
    out << report::stats_json(analysis);
    return;
  }
  if (analysis.regions.empty() && analysis.wellbeing.empty()) {
    out << (options.analysis.region.empty()
                ? "The journal has no ratings to analyse yet. Add one with: velum checkin --pain throat=3\n"
                : fmt::format("There are no {} ratings to analyse yet.\n", options.analysis.region));
    return;
  }
  if (analysis.practice_start) {
    out << fmt::format(
        "Baseline (phase A): {} until {}; practice (phase B) from {}. ",
        analysis.baseline_source == "declared" ? "as you declared it" : "check-ins before your first session",
        report::date_text(*analysis.practice_start - std::chrono::days{1}),
        report::date_text(*analysis.practice_start));
  } else {
    out << "No session yet: every rating so far is baseline. ";
  }
  out << fmt::format("Several ratings on one day count as their {}.\n", report::to_string(analysis.rule));
  for (const auto& o : analysis.regions) print_outcome(out, o);
  for (const auto& o : analysis.wellbeing) print_outcome(out, o);
  out << "\nThese figures describe your own ratings; they are not a diagnosis and do not show what caused a "
         "change.\n";
}

}  // namespace

void add_stats_command(CLI::App& app, const Context& context, CommandResult& result) {
  auto options = std::make_shared<StatsOptions>();
  auto* command =
      app.add_subcommand("stats", "Compare your ratings before and during practice (single-case statistics)");
  add_analysis_options(*command, options->analysis, true);
  command->add_flag("--json", options->as_json, "Print JSON instead of text");
  command->callback([&context, &result, options] { run_stats(context, *options, result); });
}

}  // namespace velum::cli
