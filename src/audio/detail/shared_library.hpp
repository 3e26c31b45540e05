#pragma once
// A shared library opened at run time (dlopen) with typed symbol lookup, so the
// speech engines and PortAudio are loaded only by the commands that use them.

#include <optional>
#include <string>
#include <string_view>

#include "base/result.hpp"

namespace velum::audio::detail {

class SharedLibrary {
 public:
  // Opens `soname` ("libflite.so.1") with every symbol bound now, so a broken
  // install fails here and not in the middle of a session. `package` is the
  // Debian package that provides it ("libflite1"), for the error's hint.
  // Libraries are opened RTLD_NODELETE: closing the handle never unmaps code
  // that registered state (flite voices, ALSA's error handler) may still point
  // into. The error names the library, why it failed, and the Debian package.
  // Thread-safe (dlopen is).
  static Result<SharedLibrary> open(std::string_view soname, std::string_view package);

  SharedLibrary(SharedLibrary&& other) noexcept;
  SharedLibrary& operator=(SharedLibrary&& other) noexcept;
  SharedLibrary(const SharedLibrary&) = delete;
  SharedLibrary& operator=(const SharedLibrary&) = delete;
  ~SharedLibrary();  // dlclose

  // Looks up `name` and stores it in `function` as the declared type (take the
  // type from the library's header: decltype(&flite_init)). Returns an error
  // naming the symbol and library when it is missing (a version mismatch).
  // Thread-safe.
  template <typename Function>
  std::optional<Error> bind(const char* name, Function*& function) const {
    void* address = nullptr;
    if (auto error = find(name, address)) return error;
    // POSIX guarantees a dlsym result for a function converts to a function pointer.
    function = reinterpret_cast<Function*>(address);
    return std::nullopt;
  }

  const std::string& soname() const { return soname_; }

 private:
  SharedLibrary(void* handle, std::string soname, std::string package);
  std::optional<Error> find(const char* name, void*& address) const;

  void* handle_ = nullptr;
  std::string soname_;
  std::string package_;
};

}  // namespace velum::audio::detail
