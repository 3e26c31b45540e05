#include "insight/estimate.hpp"

namespace velum::insight {

std::string_view to_string(EstimateStatus status) {
  switch (status) {
    case EstimateStatus::kOk:
      return "ok";
    case EstimateStatus::kNotEnoughData:
      return "not enough data";
    case EstimateStatus::kUndefinedIdentical:
      return "undefined: all values identical";
    case EstimateStatus::kInvalidInput:
      return "invalid input";
    case EstimateStatus::kPoorFit:
      return "poor fit";
    case EstimateStatus::kNeverReaches:
      return "never reaches the threshold";
  }
  return "unknown";
}

}  // namespace velum::insight
