// SessionRenderer::render must not allocate: this test file replaces the global
// operator new/delete to count allocations made while render() runs.

#include <gtest/gtest.h>

#include <algorithm>
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

// Every replaceable form is replaced, so memory from any of them is released by
// the matching one below (AddressSanitizer checks the pairing).
void* operator new(std::size_t size) {
  if (g_counting.load(std::memory_order_relaxed)) g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) { return operator new(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  if (g_counting.load(std::memory_order_relaxed)) g_allocations.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(size == 0 ? 1 : size);
}
void* operator new[](std::size_t size, const std::nothrow_t& tag) noexcept { return operator new(size, tag); }
void* operator new(std::size_t size, std::align_val_t align) {
  if (g_counting.load(std::memory_order_relaxed)) g_allocations.fetch_add(1, std::memory_order_relaxed);
  const auto alignment = static_cast<std::size_t>(align);
  const std::size_t rounded = (std::max<std::size_t>(size, 1) + alignment - 1) / alignment * alignment;
  if (void* p = std::aligned_alloc(alignment, rounded)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size, std::align_val_t align) { return operator new(size, align); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }

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
  ASSERT_TRUE(engine.ok());
  PhraseCache cache(**engine, kRate);
  RenderSettings settings;
  settings.breath_guide = true;
  auto created = SessionRenderer::create(timeline, settings, &cache);
  ASSERT_TRUE(created.ok()) << created.error().message;

  std::vector<float> block(2 * 512);
  // Control: the counter works (a vector allocates).
  g_counting = true;
  { std::vector<int> probe(4); }
  g_counting = false;
  ASSERT_EQ(g_allocations.exchange(0), 1);

  g_counting = true;
  while (!(*created)->finished()) (*created)->render(block);
  (*created)->rewind(-3);
  (*created)->render(block);
  g_counting = false;
  EXPECT_EQ(g_allocations.load(), 0);
}

}  // namespace
}  // namespace velum::audio
