#pragma once
// The error value every voice function returns for an expected failure (an
// unreadable file, a rate out of range, nothing voiced), and a value-or-error type.

#include <string>
#include <utility>
#include <variant>

namespace velum::voice {

struct VoiceError {
  std::string message;  // names the bad value: "'a.txt' is not an audio file libsndfile can read"
  std::string hint;     // how to fix it; may be empty
  friend bool operator==(const VoiceError&, const VoiceError&) = default;
};

// A value or a VoiceError (std::expected arrives only in C++23).
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}           // NOLINT(google-explicit-constructor)
  Result(VoiceError error) : state_(std::move(error)) {}  // NOLINT(google-explicit-constructor)
  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<T>(state_); }
  const T& value() const { return std::get<T>(state_); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const VoiceError& error() const { return std::get<VoiceError>(state_); }

 private:
  std::variant<T, VoiceError> state_;
};

}  // namespace velum::voice
