#pragma once
// The one error value every module returns for an expected failure (a bad
// record, an unreadable file, a missing device), and the value-or-error type.

#include <string>
#include <utility>
#include <variant>

namespace velum {

// What kind of failure, so a front end can choose an exit code or HTTP status
// without reading the message. The message says the rest.
enum class ErrorCode {
  kInvalidInput,   // a value the caller gave is out of range, malformed or unreadable
  kNotFound,       // the record, file or device named does not exist
  kDuplicate,      // a record with this id already exists
  kCorrupt,        // stored data is damaged or not ours; left untouched
  kReadOnly,       // the file or its directory cannot be written
  kFutureVersion,  // written by a newer velum; left untouched
  kBusy,           // another process held the resource longer than we wait
  kDiskFull,       // no space left (or a size limit reached); nothing half-written
  kIo,             // the operating system refused a read or write
  kUnavailable,    // a library, voice or device this needs is missing
  kInternal,       // anything else a driver reported
};

// One plain sentence naming the bad value ("'a.txt' is not an audio file
// libsndfile can read"), and how to fix it (may be empty).
struct Error {
  Error(ErrorCode kind, std::string what, std::string how_to_fix = {})
      : code(kind), message(std::move(what)), hint(std::move(how_to_fix)) {}
  // Most failures are the caller's input: the code defaults to that. The
  // one-argument form is explicit so a bare string never turns into an Error.
  explicit Error(std::string what) : Error(ErrorCode::kInvalidInput, std::move(what)) {}
  Error(std::string what, std::string how_to_fix)
      : Error(ErrorCode::kInvalidInput, std::move(what), std::move(how_to_fix)) {}

  ErrorCode code;
  std::string message;
  std::string hint;
  friend bool operator==(const Error&, const Error&) = default;
};

// A value or an Error (std::expected arrives only in C++23). Checking ok()
// before value() is the caller's duty; value() on an error throws
// std::bad_variant_access, which the front ends treat as a bug.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : state_(std::move(error)) {}  // NOLINT(google-explicit-constructor)
  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<T>(state_); }
  const T& value() const { return std::get<T>(state_); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const { return std::get<Error>(state_); }

 private:
  std::variant<T, Error> state_;
};

// The result of an operation that returns nothing but may fail.
struct Done {};
using Status = Result<Done>;
inline Status ok_status() { return Done{}; }

}  // namespace velum
