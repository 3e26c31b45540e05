// `velum stats [--region R] [--json]`: the single-case analysis of the journal,
// baseline against practice, per region and for calm and nasal breathing.

#include <fmt/format.h>

#include <ostream>

#include "cli/analysis_access.hpp"
#include "report/analysis.hpp"

namespace velum::cli {
namespace {

struct StatsOptions {
  AnalysisFlags analysis;
  bool as_json = false;
};

template <class T>
std::string unavailable(const insight::Estimate<T>& result) {
  return fmt::format("{} ({})", insight::to_string(result.status), result.reason);
}

std::string p_text(double p) { return p < 0.001 ? std::string("p < 0.001") : fmt::format("p = {:.3f}", p); }

void print_outcome(std::ostream& out, const report::OutcomeAnalysis& o) {
  out << fmt::format("\n{} — {} rated days, {} days without a rating in between\n", o.label, o.daily.size(),
                     o.missing_days);
  out << "  phases:";
  for (const auto& p : o.phases) {
    out << fmt::format(" {} {} {}…{} (n={})", p.name, p.label, report::date_text(p.start),
                       report::date_text(p.end), p.n);
  }
  out << '\n';
  if (o.nap.ok()) {
    const auto& n = *o.nap.value;
    out << fmt::format("  NAP {:.3f} (95 % CI {:.3f}–{:.3f}, {} pairs)\n", n.nap, n.ci95_lower, n.ci95_upper,
                       n.pairs);
  } else {
    out << "  NAP: " << unavailable(o.nap) << '\n';
  }
  if (o.pnd.ok()) {
    out << fmt::format("  PND {:.1f} % ({} of {} practice days better than the best baseline day)\n",
                       o.pnd.value->pnd_percent, o.pnd.value->exceeding, o.pnd.value->b_count);
  } else {
    out << "  PND: " << unavailable(o.pnd) << '\n';
  }
  if (o.tau_u.ok()) {
    out << fmt::format("  Tau-U {:.3f}, {} ({})\n", o.tau_u.value->value, p_text(o.tau_u.value->p),
                       o.tau_u.value->variant);
  } else {
    out << "  Tau-U: " << unavailable(o.tau_u) << '\n';
  }
  if (o.piecewise.ok() && !o.piecewise.value->changes.empty()) {
    const auto& c = o.piecewise.value->changes.front();
    out << fmt::format(
        "  Piecewise regression: level change {:+.3f} (SE {:.3f}, {}), slope change {:+.4f}/day "
        "(SE {:.4f}, {})\n",
        c.level.estimate, c.level.standard_error, p_text(c.level.p), c.slope.estimate, c.slope.standard_error,
        p_text(c.slope.p));
  } else {
    out << "  Piecewise regression: " << unavailable(o.piecewise) << '\n';
  }
  out << "  " << o.sentence << '\n';
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
