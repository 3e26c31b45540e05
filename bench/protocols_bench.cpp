// Loading and validating routines: the whole bundled catalog as `velum` does
// at start-up, and one routine parsed from memory to separate parsing from I/O.

#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "practice/loader.hpp"

namespace {

namespace fs = std::filesystem;

void load_catalog_from(benchmark::State& state, const fs::path& dir) {
  std::size_t routines = 0;
  for (auto _ : state) {
    auto catalog = velum::practice::load_catalog(dir, std::nullopt);
    routines = catalog.routines.size();
    benchmark::DoNotOptimize(catalog);
  }
  state.counters["routines"] = static_cast<double>(routines);
  // Routines loaded per second of CPU; its inverse is the cost of one routine.
  state.counters["routines_per_s"] =
      benchmark::Counter(static_cast<double>(routines), benchmark::Counter::kIsIterationInvariantRate);
}

// Every bundled routine (protocols/*.toml), through load_catalog.
void BM_LoadBundledCatalog(benchmark::State& state) { load_catalog_from(state, VELUM_PROTOCOL_DIR); }
BENCHMARK(BM_LoadBundledCatalog)->Unit(benchmark::kMicrosecond);

// The small test routines, so there is a figure even before protocols/ is filled.
void BM_LoadTestRoutines(benchmark::State& state) {
  load_catalog_from(state, fs::path(VELUM_TEST_DATA) / "protocols" / "good");
}
BENCHMARK(BM_LoadTestRoutines)->Unit(benchmark::kMicrosecond);

void BM_ParseOneRoutineFromMemory(benchmark::State& state) {
  std::ifstream in(fs::path(VELUM_TEST_DATA) / "protocols" / "good" / "thumb-hold.toml", std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  for (auto _ : state) {
    auto result = velum::practice::parse_routine(text, "thumb-hold.toml");
    benchmark::DoNotOptimize(result);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(text.size()));
}
BENCHMARK(BM_ParseOneRoutineFromMemory)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
