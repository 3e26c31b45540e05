// velum::Error and velum::Result: the one shape every module returns for an
// expected failure.

#include "base/result.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <variant>

namespace velum {
namespace {

Result<int> parse_digit(char c) {
  if (c < '0' || c > '9') return Error{std::string("'") + c + "' is not a digit", "use 0 to 9"};
  return c - '0';
}

TEST(Error, WithoutACodeIsTheCallersInput) {
  const Error error{"a rate of 3 is out of range", "use 0.5 to 2"};
  EXPECT_EQ(error.code, ErrorCode::kInvalidInput);
  EXPECT_EQ(error.message, "a rate of 3 is out of range");
  EXPECT_EQ(error.hint, "use 0.5 to 2");
}

TEST(Error, KeepsTheCodeItWasGiven) {
  const Error error{ErrorCode::kNotFound, "no audio input device found"};
  EXPECT_EQ(error.code, ErrorCode::kNotFound);
  EXPECT_TRUE(error.hint.empty());
}

TEST(Result, HoldsTheValueWhenItSucceeds) {
  const Result<int> seven = parse_digit('7');
  ASSERT_TRUE(seven.ok());
  EXPECT_EQ(*seven, 7);
}

TEST(Result, HoldsTheErrorWhenItFails) {
  const Result<int> bad = parse_digit('x');
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error(), (Error{"'x' is not a digit", "use 0 to 9"}));
  EXPECT_THROW(static_cast<void>(bad.value()), std::bad_variant_access);
}

TEST(Result, CarriesMoveOnlyValues) {
  Result<std::unique_ptr<int>> owned = std::make_unique<int>(4);
  ASSERT_TRUE(owned.ok());
  const std::unique_ptr<int> taken = std::move(*owned);
  EXPECT_EQ(*taken, 4);
}

TEST(Status, IsOkWhenNothingFailed) {
  EXPECT_TRUE(ok_status().ok());
  const Status failed = Error{ErrorCode::kDiskFull, "no space left"};
  EXPECT_EQ(failed.error().code, ErrorCode::kDiskFull);
}

}  // namespace
}  // namespace velum
