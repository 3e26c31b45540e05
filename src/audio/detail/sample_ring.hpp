#pragma once
// A single-producer single-consumer ring of float samples: the audio callback
// writes, the main thread reads, with no locks and no allocation after
// construction, so the writing side is real-time safe.

#include <algorithm>
#include <atomic>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace velum::audio::detail {

class SampleRing {
 public:
  // Holds at least `min_capacity` samples (rounded up to a power of two, so
  // positions wrap with a mask). Allocates; call outside real-time code.
  explicit SampleRing(std::size_t min_capacity)
      : buffer_(std::bit_ceil(std::max<std::size_t>(min_capacity, 1))), mask_(buffer_.size() - 1) {}

  SampleRing(const SampleRing&) = delete;
  SampleRing& operator=(const SampleRing&) = delete;

  std::size_t capacity() const { return buffer_.size(); }

  // Producer (one thread, e.g. the audio callback): copies as many of
  // `samples` as fit and returns how many; the rest are the caller's to count
  // as lost. Real-time safe: no allocation, locks, I/O or exceptions.
  std::size_t write(std::span<const float> samples) noexcept {
    const std::uint64_t head = head_.load(std::memory_order_relaxed);
    const std::uint64_t tail = tail_.load(std::memory_order_acquire);
    const std::size_t free = capacity() - static_cast<std::size_t>(head - tail);
    const std::size_t count = std::min(free, samples.size());
    for (std::size_t i = 0; i < count; ++i) buffer_[static_cast<std::size_t>(head + i) & mask_] = samples[i];
    head_.store(head + count, std::memory_order_release);
    return count;
  }

  // Consumer (one other thread): moves up to out.size() of the oldest samples
  // into `out` and returns how many.
  std::size_t read(std::span<float> out) noexcept {
    const std::uint64_t tail = tail_.load(std::memory_order_relaxed);
    const std::uint64_t head = head_.load(std::memory_order_acquire);
    const std::size_t count = std::min(static_cast<std::size_t>(head - tail), out.size());
    for (std::size_t i = 0; i < count; ++i) out[i] = buffer_[static_cast<std::size_t>(tail + i) & mask_];
    tail_.store(tail + count, std::memory_order_release);
    return count;
  }

  // Samples waiting to be read. Either side; a snapshot.
  std::size_t available() const noexcept {
    return static_cast<std::size_t>(head_.load(std::memory_order_acquire) -
                                    tail_.load(std::memory_order_acquire));
  }

 private:
  std::vector<float> buffer_;
  std::size_t mask_;
  // Total samples ever written and read; 64 bits never wrap in practice.
  std::atomic<std::uint64_t> head_{0};
  std::atomic<std::uint64_t> tail_{0};
};

}  // namespace velum::audio::detail
