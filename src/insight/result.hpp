#pragma once
// The result type every insight function returns: a status, a plain-language
// reason, and the value only when the statistic is defined — so no NaN escapes.

#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace velum::insight {

enum class Status {
  kOk,
  kNotEnoughData,       // too few observations for this statistic
  kUndefinedIdentical,  // undefined because all values (or all times) are identical
  kInvalidInput,        // a value is not finite, a day repeats, a window is empty...
  kPoorFit,             // a model was fitted but explains too little to be trusted
  kNeverReaches,        // a predicted threshold is never reached
};

// "ok", "not enough data", "undefined: all values identical", ... Thread-safe.
std::string_view to_string(Status status);

template <class T>
struct Result {
  Status status = Status::kOk;
  std::string reason;      // empty when ok; one calm sentence otherwise
  std::optional<T> value;  // engaged exactly when status == kOk

  bool ok() const { return status == Status::kOk && value.has_value(); }

  static Result success(T v) { return Result{Status::kOk, {}, std::move(v)}; }
  static Result failure(Status s, std::string why) { return Result{s, std::move(why), std::nullopt}; }
};

}  // namespace velum::insight
