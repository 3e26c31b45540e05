#include "insight/result.hpp"

namespace velum::insight {

std::string_view to_string(Status status) {
  switch (status) {
    case Status::kOk:
      return "ok";
    case Status::kNotEnoughData:
      return "not enough data";
    case Status::kUndefinedIdentical:
      return "undefined: all values identical";
    case Status::kInvalidInput:
      return "invalid input";
    case Status::kPoorFit:
      return "poor fit";
    case Status::kNeverReaches:
      return "never reaches the threshold";
  }
  return "unknown";
}

}  // namespace velum::insight
