// libebur128, loaded on first use, for the same reason as libsndfile
// (sndfile_on_demand.cpp): only `velum render` measures loudness, and linking
// the library made every command pay for loading it. The functions below have
// <ebur128.h>'s signatures and forward to the library's own; when it cannot be
// loaded, ebur128_init returns null (as libebur128 does when it fails) and
// ebur128_load_error() says why. Thread-safe: loaded once, in a
// function-local static.

#include "audio/detail/ebur128_on_demand.hpp"

#include <ebur128.h>

#include "audio/detail/shared_library.hpp"

namespace velum::audio::detail {
namespace {

struct Ebur128 {
  std::optional<SharedLibrary> library;
  std::optional<Error> error;  // set when loading failed
  decltype(&::ebur128_init) init = nullptr;
  decltype(&::ebur128_destroy) destroy = nullptr;
  decltype(&::ebur128_set_channel) set_channel = nullptr;
  decltype(&::ebur128_add_frames_float) add_frames_float = nullptr;
  decltype(&::ebur128_loudness_global) loudness_global = nullptr;
  decltype(&::ebur128_true_peak) true_peak = nullptr;
};

Ebur128 load() {
  Ebur128 ebur128;
  auto opened = SharedLibrary::open("libebur128.so.1", "libebur128-1");
  if (!opened) ebur128.error = opened.error();
  if (!ebur128.error) {
    const SharedLibrary& library = *opened;
    for (const auto& bound :
         {library.bind("ebur128_init", ebur128.init), library.bind("ebur128_destroy", ebur128.destroy),
          library.bind("ebur128_set_channel", ebur128.set_channel),
          library.bind("ebur128_add_frames_float", ebur128.add_frames_float),
          library.bind("ebur128_loudness_global", ebur128.loudness_global),
          library.bind("ebur128_true_peak", ebur128.true_peak)}) {
      if (bound && !ebur128.error) ebur128.error = bound;
    }
  }
  if (!ebur128.error) ebur128.library = std::move(*opened);
  return ebur128;
}

const Ebur128& ebur128() {
  static const Ebur128 loaded = load();
  return loaded;
}

}  // namespace

std::optional<Error> ebur128_load_error() { return ebur128().error; }

}  // namespace velum::audio::detail

using velum::audio::detail::ebur128;

extern "C" {

ebur128_state* ebur128_init(unsigned int channels, unsigned long sample_rate_hz, int mode) {
  return ebur128().library ? ebur128().init(channels, sample_rate_hz, mode) : nullptr;
}

// Only a state that ebur128_init returned reaches the functions below, and it
// returns null unless the library is loaded.
void ebur128_destroy(ebur128_state** state) {
  if (ebur128().library) ebur128().destroy(state);
}

int ebur128_set_channel(ebur128_state* state, unsigned int channel, int value) {
  return ebur128().set_channel(state, channel, value);
}

int ebur128_add_frames_float(ebur128_state* state, const float* frames, size_t count) {
  return ebur128().add_frames_float(state, frames, count);
}

int ebur128_loudness_global(ebur128_state* state, double* loudness) {
  return ebur128().loudness_global(state, loudness);
}

int ebur128_true_peak(ebur128_state* state, unsigned int channel, double* peak) {
  return ebur128().true_peak(state, channel, peak);
}

}  // extern "C"
