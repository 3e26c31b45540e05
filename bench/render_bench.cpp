// Rendering a five-minute guided session (bench/five-minute-session.toml) at
// 48 kHz stereo to WAV: tones only and with cached speech, beside the minimal
// streaming renderer measured in the same run. The "x_realtime" counter is
// seconds of audio written per second of wall time.

#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <string>

#include "audio/render.hpp"
#include "audio/speech.hpp"
#include "minimal_renderer.hpp"
#include "practice/loader.hpp"
#include "practice/timeline.hpp"

namespace {

namespace fs = std::filesystem;
using namespace velum;

constexpr int kRate = 48000;

const practice::Timeline& session(bool spoken) {
  static const auto compile = [](bool cues) {
    const auto loaded = practice::load_routine_file(VELUM_BENCH_SESSION);
    if (!loaded.routine) std::abort();
    practice::TimelineSettings settings;
    settings.sample_rate_hz = kRate;
    settings.spoken_cues = cues;
    auto compiled = practice::compile_timeline(*loaded.routine, settings);
    if (!compiled.timeline) std::abort();
    return *compiled.timeline;
  };
  static const practice::Timeline with_cues = compile(true);
  static const practice::Timeline without_cues = compile(false);
  return spoken ? with_cues : without_cues;
}

fs::path output_path(const char* name) {
  return fs::temp_directory_path() / (std::string("velum-bench-") + std::to_string(getpid()) + "-" + name);
}

void set_realtime_counter(benchmark::State& state, double audio_seconds) {
  state.counters["x_realtime"] =
      benchmark::Counter(audio_seconds, benchmark::Counter::kIsIterationInvariantRate);
}

void render_session(benchmark::State& state, bool spoken, bool normalize) {
  const auto& timeline = session(spoken);
  std::unique_ptr<audio::SpeechEngine> engine;
  std::optional<audio::PhraseCache> cache;
  if (spoken) {
    auto made = audio::make_speech_engine({});
    if (!made) {
      state.SkipWithError(made.error().message.c_str());
      return;
    }
    engine = std::move(*made);
    cache.emplace(*engine, kRate);
    for (const auto& event : timeline.events) {
      if (event.kind != practice::EventKind::kCue) continue;
      if (auto phrase = cache->get(event.text); !phrase) {  // warm: "cached speech"
        state.SkipWithError(phrase.error().message.c_str());
        return;
      }
    }
  }
  audio::FileSettings settings;
  settings.render.voice = spoken;
  settings.normalize = normalize;
  settings.force = true;
  const auto path = output_path("session.wav");
  for (auto _ : state) {
    const auto report = audio::render_to_file(timeline, path, settings, cache ? &*cache : nullptr);
    if (!report) state.SkipWithError(report.error().message.c_str());
  }
  fs::remove(path);
  set_realtime_counter(state, timeline.total_seconds());
}

void BM_MinimalRenderer(benchmark::State& state) {
  const int seconds = static_cast<int>(std::lround(session(false).total_seconds()));
  const auto path = output_path("minimal.wav");
  for (auto _ : state) {
    if (!velum::bench::write_minimal_session(path.string(), seconds, kRate))
      state.SkipWithError("cannot write");
  }
  fs::remove(path);
  set_realtime_counter(state, seconds);
}

void BM_RenderTonesOnly(benchmark::State& state) { render_session(state, false, true); }
void BM_RenderTonesOnlyNoLoudnessPass(benchmark::State& state) { render_session(state, false, false); }
void BM_RenderCachedSpeech(benchmark::State& state) { render_session(state, true, true); }

}  // namespace

BENCHMARK(BM_MinimalRenderer)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_RenderTonesOnly)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_RenderTonesOnlyNoLoudnessPass)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_RenderCachedSpeech)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_MAIN();
