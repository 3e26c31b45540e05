#pragma once
// libebur128 is loaded on first use (ebur128_on_demand.cpp): callers use the
// ebur128_* functions of <ebur128.h> as usual, and ebur128_init returns null
// when the library cannot be loaded. This tells them why.

#include <optional>

#include "base/result.hpp"

namespace velum::audio::detail {

// Why libebur128 could not be loaded (naming the Debian package to install),
// or nullopt when it is loaded. Loads it if no ebur128_* function has yet.
// Thread-safe.
std::optional<Error> ebur128_load_error();

}  // namespace velum::audio::detail
