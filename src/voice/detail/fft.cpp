// FFTW-backed real FFT (see fft.hpp).

#include "voice/detail/fft.hpp"

#include <fftw3.h>

#include <mutex>

namespace velum::voice::detail {
namespace {

// FFTW's planner keeps global state; only fftwf_execute* is thread-safe.
std::mutex& planner_mutex() {
  static std::mutex mutex;
  return mutex;
}

}  // namespace

RealFft::RealFft(std::size_t size) : size_(size) {
  const std::lock_guard lock(planner_mutex());
  real_ = fftwf_alloc_real(size);
  spectrum_ = reinterpret_cast<std::complex<float>*>(fftwf_alloc_complex(size / 2 + 1));
  auto* complex_buffer = reinterpret_cast<fftwf_complex*>(spectrum_);
  const int n = static_cast<int>(size);
  forward_plan_ = fftwf_plan_dft_r2c_1d(n, real_, complex_buffer, FFTW_ESTIMATE);
  inverse_plan_ = fftwf_plan_dft_c2r_1d(n, complex_buffer, real_, FFTW_ESTIMATE);
}

RealFft::~RealFft() {
  const std::lock_guard lock(planner_mutex());
  fftwf_destroy_plan(static_cast<fftwf_plan>(forward_plan_));
  fftwf_destroy_plan(static_cast<fftwf_plan>(inverse_plan_));
  fftwf_free(real_);
  fftwf_free(spectrum_);
}

void RealFft::forward() { fftwf_execute(static_cast<fftwf_plan>(forward_plan_)); }
void RealFft::inverse() { fftwf_execute(static_cast<fftwf_plan>(inverse_plan_)); }

RealFftDouble::RealFftDouble(std::size_t size) : size_(size) {
  const std::lock_guard lock(planner_mutex());
  real_ = fftw_alloc_real(size);
  spectrum_ = reinterpret_cast<std::complex<double>*>(fftw_alloc_complex(size / 2 + 1));
  auto* complex_buffer = reinterpret_cast<fftw_complex*>(spectrum_);
  const int n = static_cast<int>(size);
  forward_plan_ = fftw_plan_dft_r2c_1d(n, real_, complex_buffer, FFTW_ESTIMATE);
  inverse_plan_ = fftw_plan_dft_c2r_1d(n, complex_buffer, real_, FFTW_ESTIMATE);
}

RealFftDouble::~RealFftDouble() {
  const std::lock_guard lock(planner_mutex());
  fftw_destroy_plan(static_cast<fftw_plan>(forward_plan_));
  fftw_destroy_plan(static_cast<fftw_plan>(inverse_plan_));
  fftw_free(real_);
  fftw_free(spectrum_);
}

void RealFftDouble::forward() { fftw_execute(static_cast<fftw_plan>(forward_plan_)); }
void RealFftDouble::inverse() { fftw_execute(static_cast<fftw_plan>(inverse_plan_)); }

}  // namespace velum::voice::detail
