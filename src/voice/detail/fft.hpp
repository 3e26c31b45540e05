#pragma once
// A real-to-complex / complex-to-real FFT pair of one size over FFTW (float),
// with its buffers. Planning is serialized because FFTW's planner is not thread-safe.

#include <complex>
#include <cstddef>
#include <memory>
#include <span>

namespace velum::voice::detail {

class RealFft {
 public:
  explicit RealFft(std::size_t size);  // size >= 2, even
  ~RealFft();
  RealFft(const RealFft&) = delete;
  RealFft& operator=(const RealFft&) = delete;

  std::size_t size() const { return size_; }
  std::span<float> real() { return {real_, size_}; }                                // time domain
  std::span<std::complex<float>> spectrum() { return {spectrum_, size_ / 2 + 1}; }  // bins 0..size/2
  void forward();                                                                   // real() -> spectrum()
  void inverse();  // spectrum() -> real(), unnormalized (scaled by size)

 private:
  std::size_t size_;
  float* real_ = nullptr;
  std::complex<float>* spectrum_ = nullptr;
  void* forward_plan_ = nullptr;
  void* inverse_plan_ = nullptr;
};

}  // namespace velum::voice::detail
