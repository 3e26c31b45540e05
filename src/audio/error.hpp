#pragma once
// The error value every audio function returns for an expected failure (missing
// voice, unwritable file, no output device): what went wrong and how to fix it.

#include <string>

namespace velum::audio {

struct AudioError {
  std::string message;  // names the bad value: "no flite voice named 'kal'"
  std::string hint;     // how to fix it; may be empty
  friend bool operator==(const AudioError&, const AudioError&) = default;
};

}  // namespace velum::audio
