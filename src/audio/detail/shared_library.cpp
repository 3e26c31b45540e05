// dlopen/dlsym behind SharedLibrary. Errors carry dlerror()'s text, which names
// the file and the reason (not found, wrong architecture, missing dependency).

#include "audio/detail/shared_library.hpp"

#include <dlfcn.h>
#include <fmt/format.h>

#include <utility>

namespace velum::audio::detail {
namespace {

std::string last_dl_error() {
  const char* text = dlerror();
  return text != nullptr ? std::string(text) : std::string("unknown reason");
}

}  // namespace

Result<SharedLibrary> SharedLibrary::open(std::string_view soname, std::string_view package) {
  const std::string name(soname);
  dlerror();  // clear any stale message
  void* handle = dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
  if (handle == nullptr) {
    return Error{ErrorCode::kUnavailable, fmt::format("cannot load {}: {}", name, last_dl_error()),
                 fmt::format("install the Debian package {} (scripts/install-deps)", package)};
  }
  return SharedLibrary(handle, name, std::string(package));
}

SharedLibrary::SharedLibrary(void* handle, std::string soname, std::string package)
    : handle_(handle), soname_(std::move(soname)), package_(std::move(package)) {}

SharedLibrary::SharedLibrary(SharedLibrary&& other) noexcept
    : handle_(std::exchange(other.handle_, nullptr)),
      soname_(std::move(other.soname_)),
      package_(std::move(other.package_)) {}

SharedLibrary& SharedLibrary::operator=(SharedLibrary&& other) noexcept {
  if (this != &other) {
    if (handle_ != nullptr) dlclose(handle_);
    handle_ = std::exchange(other.handle_, nullptr);
    soname_ = std::move(other.soname_);
    package_ = std::move(other.package_);
  }
  return *this;
}

SharedLibrary::~SharedLibrary() {
  if (handle_ != nullptr) dlclose(handle_);
}

std::optional<Error> SharedLibrary::find(const char* name, void*& address) const {
  dlerror();
  address = dlsym(handle_, name);
  if (address == nullptr) {
    return Error{ErrorCode::kUnavailable,
                 fmt::format("{} has no function '{}': {}", soname_, name, last_dl_error()),
                 fmt::format("the installed {} does not match the version velum was built with; "
                             "reinstall it (scripts/install-deps)",
                             package_)};
  }
  return std::nullopt;
}

}  // namespace velum::audio::detail
