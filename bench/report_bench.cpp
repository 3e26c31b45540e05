// Report budget (DESIGN.md): history + report over ten years of daily entries
// < 50 ms. Ten years of daily check-ins over all six regions (two a day on some
// days) and ~2600 sessions with three rated steps each: the analysis alone
// (series, NAP, PND, Tau-U, piecewise regression, adherence), the HTML alone,
// and both. The peer is a bare pass over the same records computing one mean
// per region, the least any report has to do.

#include <benchmark/benchmark.h>

#include <array>

#include "report/html.hpp"
#include "report/sample_journal.hpp"

namespace {

using namespace velum;

constexpr int kTenYearsOfDays = 3653;
constexpr int kBaselineDays = 14;

const journal::JournalData& ten_years() {
  static const journal::JournalData data = [] {
    report::SampleSpec spec;
    spec.first_day = std::chrono::sys_days{std::chrono::year{2016} / 1 / 4};
    spec.baseline_days = kBaselineDays;
    spec.practice_days = kTenYearsOfDays - kBaselineDays;
    spec.regions.clear();
    for (std::size_t r = 0; r < journal::kRegionCount; ++r)
      spec.regions.push_back(static_cast<journal::Region>(r));
    spec.flare_day = 400;
    return report::make_sample_journal(spec);
  }();
  return data;
}

std::chrono::sys_days today() { return std::chrono::sys_days{std::chrono::year{2026} / 1 / 4}; }

void set_counters(benchmark::State& state) {
  const auto& data = ten_years();
  state.counters["checkins"] = static_cast<double>(data.checkins.size());
  state.counters["sessions"] = static_cast<double>(data.sessions.size());
}

void BM_Analysis(benchmark::State& state) {
  const auto& data = ten_years();
  for (auto _ : state) {
    auto analysis = report::analyze(data, {}, today());
    benchmark::DoNotOptimize(analysis);
  }
  set_counters(state);
}

void BM_Html(benchmark::State& state) {
  const auto& data = ten_years();
  const auto analysis = report::analyze(data, {}, today());
  const journal::Timestamp now{std::chrono::sys_seconds{today()}, std::chrono::minutes{60}};
  std::size_t bytes = 0;
  for (auto _ : state) {
    auto html = report::render_html(data, analysis, {}, now);
    bytes = html.size();
    benchmark::DoNotOptimize(html);
  }
  state.counters["html_kb"] = static_cast<double>(bytes) / 1024.0;
}

void BM_AnalysisAndHtml(benchmark::State& state) {
  const auto& data = ten_years();
  const journal::Timestamp now{std::chrono::sys_seconds{today()}, std::chrono::minutes{60}};
  for (auto _ : state) {
    auto html = report::render_html(data, report::analyze(data, {}, today()), {}, now);
    benchmark::DoNotOptimize(html);
  }
  set_counters(state);
}

// The peer: one pass, one mean per region, nothing else.
void BM_PeerMeanPerRegion(benchmark::State& state) {
  const auto& data = ten_years();
  for (auto _ : state) {
    std::array<double, journal::kRegionCount> sum{};
    std::array<int, journal::kRegionCount> count{};
    for (const auto& c : data.checkins) {
      for (std::size_t r = 0; r < journal::kRegionCount; ++r) {
        if (c.pain[r]) {
          sum[r] += *c.pain[r];
          ++count[r];
        }
      }
    }
    benchmark::DoNotOptimize(sum);
    benchmark::DoNotOptimize(count);
  }
}

BENCHMARK(BM_Analysis)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Html)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AnalysisAndHtml)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PeerMeanPerRegion)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
