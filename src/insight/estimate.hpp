#pragma once
// What every insight function returns: a statistic with a status, a
// plain-language reason, and the value only when the statistic is defined — so
// no NaN escapes. Not a failure: "not enough data" is a normal answer a report
// shows; failures are velum::Error (base/result.hpp).

#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace velum::insight {

enum class EstimateStatus {
  kOk,
  kNotEnoughData,       // too few observations for this statistic
  kUndefinedIdentical,  // undefined because all values (or all times) are identical
  kInvalidInput,        // a value is not finite, a day repeats, a window is empty...
  kPoorFit,             // a model was fitted but explains too little to be trusted
  kNeverReaches,        // a predicted threshold is never reached
};

// "ok", "not enough data", "undefined: all values identical", ... Thread-safe.
std::string_view to_string(EstimateStatus status);

template <class T>
struct Estimate {
  EstimateStatus status = EstimateStatus::kOk;
  std::string reason;      // empty when ok; one calm sentence otherwise
  std::optional<T> value;  // engaged exactly when status == kOk

  bool ok() const { return status == EstimateStatus::kOk && value.has_value(); }

  static Estimate success(T v) { return Estimate{EstimateStatus::kOk, {}, std::move(v)}; }
  static Estimate failure(EstimateStatus s, std::string why) {
    return Estimate{s, std::move(why), std::nullopt};
  }
};

}  // namespace velum::insight
