#pragma once
// Real-to-complex / complex-to-real FFT pairs of one size over FFTW (float and
// double), with their buffers. Planning is serialized because FFTW's planner is not thread-safe.

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

// The same in double precision, for analyses that take logarithms of small
// spectral values (the cepstrum) and must match Praat's double arithmetic.
class RealFftDouble {
 public:
  explicit RealFftDouble(std::size_t size);  // size >= 2, even
  ~RealFftDouble();
  RealFftDouble(const RealFftDouble&) = delete;
  RealFftDouble& operator=(const RealFftDouble&) = delete;

  std::size_t size() const { return size_; }
  std::span<double> real() { return {real_, size_}; }
  std::span<std::complex<double>> spectrum() { return {spectrum_, size_ / 2 + 1}; }
  void forward();  // real() -> spectrum()
  void inverse();  // spectrum() -> real(), unnormalized (scaled by size)

 private:
  std::size_t size_;
  double* real_ = nullptr;
  std::complex<double>* spectrum_ = nullptr;
  void* forward_plan_ = nullptr;
  void* inverse_plan_ = nullptr;
};

}  // namespace velum::voice::detail
