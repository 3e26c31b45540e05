// SessionRenderer::render must not allocate: this test file replaces the global
// operator new/delete to count allocations made while render() runs.

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "audio/render.hpp"
#include "audio/speech.hpp"
#include "audio_test_support.hpp"

namespace {
std::atomic<bool> g_counting{false};
std::atomic<long> g_allocations{0};
}  // namespace

void* operator new(std::size_t size) {
  if (g_counting.load(std::memory_order_relaxed)) g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) { return operator new(size); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

namespace velum::audio {
namespace {

using namespace velum::audio::testing;

TEST(SessionRendererRealTime, RenderDoesNotAllocateWithTonesSpeechAndGuide) {
  constexpr int kRate = 48000;
  practice::Timeline timeline;
  timeline.sample_rate_hz = kRate;
  timeline.total_samples = 30 * kRate;
  timeline.events.push_back(bell_at(0, practice::BellKind::kStepChange));
  timeline.events.push_back(cue_at(kRate / 2, "Breathe in."));
  add_breaths(timeline, kRate, 3, 4.0, 5.0);
  timeline.events.push_back(bell_at(28 * kRate, practice::BellKind::kClosing));
  std::stable_sort(timeline.events.begin(), timeline.events.end(),
                   [](const auto& a, const auto& b) { return a.sample < b.sample; });

  auto engine = make_speech_engine({});
  ASSERT_TRUE(engine.engine);
  PhraseCache cache(*engine.engine, kRate);
  RenderSettings settings;
  settings.breath_guide = true;
  auto created = SessionRenderer::create(timeline, settings, &cache);
  ASSERT_TRUE(created.renderer) << created.error->message;

  std::vector<float> block(2 * 512);
  // Control: the counter works (a vector allocates).
  g_counting = true;
  { std::vector<int> probe(4); }
  g_counting = false;
  ASSERT_EQ(g_allocations.exchange(0), 1);

  g_counting = true;
  while (!created.renderer->finished()) created.renderer->render(block);
  created.renderer->rewind(-3);
  created.renderer->render(block);
  g_counting = false;
  EXPECT_EQ(g_allocations.load(), 0);
}

}  // namespace
}  // namespace velum::audio
