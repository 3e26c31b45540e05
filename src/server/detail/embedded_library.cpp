#include "server/detail/embedded_library.hpp"

#include <dlfcn.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <fmt/format.h>
#include <cerrno>
#include <cstdlib>
#include <cstring>

// The transport shared object's bytes, placed in the executable at build time
// (embedded_transport.S, see server/CMakeLists.txt).
// NOLINTBEGIN(readability-identifier-naming): assembler symbol names, not C++ constants
extern "C" const unsigned char velum_http_transport_start[];
extern "C" const unsigned char velum_http_transport_end[];
// NOLINTEND(readability-identifier-naming)

namespace velum::server::detail {
namespace {

// MFD_EXEC (Linux 6.3): asks for an executable memfd where vm.memfd_noexec
// would otherwise seal it against execution. Older headers lack the name.
constexpr unsigned int kMfdExec = 0x0010U;

std::string errno_text() { return std::strerror(errno); }

bool write_all(int fd, std::span<const unsigned char> bytes) {
  std::size_t written = 0;
  while (written < bytes.size()) {
    const auto n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    written += static_cast<std::size_t>(n);
  }
  return true;
}

std::variant<void*, std::string> from_memfd(std::span<const unsigned char> bytes, const std::string& name,
                                            const LibraryFiles& files) {
  int fd = files.memfd_create(name.c_str(), MFD_CLOEXEC | kMfdExec);
  if (fd < 0 && errno == EINVAL) fd = files.memfd_create(name.c_str(), MFD_CLOEXEC);
  if (fd < 0) return fmt::format("an in-memory file could not be created ({})", errno_text());
  if (!write_all(fd, bytes)) {
    auto error = fmt::format("the in-memory file could not be written ({})", errno_text());
    ::close(fd);
    return error;
  }
  const auto path = fmt::format("/proc/self/fd/{}", fd);
  void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  ::close(fd);
  if (handle == nullptr) return fmt::format("the in-memory file could not be loaded ({})", ::dlerror());
  return handle;
}

std::variant<void*, std::string> from_temp_file(std::span<const unsigned char> bytes, const std::string& name,
                                                const std::filesystem::path& folder) {
  auto pattern = (folder / fmt::format(".{}-XXXXXX", name)).string();
  // mkstemp creates the file 0600: nobody else can replace it before dlopen.
  const int fd = ::mkostemp(pattern.data(), O_CLOEXEC);
  if (fd < 0) return fmt::format("no temp file could be created in {} ({})", folder.string(), errno_text());
  const bool written = write_all(fd, bytes);
  const auto write_error = errno_text();
  ::close(fd);
  void* handle = written ? ::dlopen(pattern.c_str(), RTLD_NOW | RTLD_LOCAL) : nullptr;
  const std::string load_error = written && handle == nullptr ? ::dlerror() : "";
  ::unlink(pattern.c_str());  // the mapping outlives the name
  if (!written)
    return fmt::format("the temp file in {} could not be written ({})", folder.string(), write_error);
  if (handle == nullptr)
    return fmt::format("the temp file in {} could not be loaded ({})", folder.string(), load_error);
  return handle;
}

}  // namespace

LibraryFiles system_library_files(const std::filesystem::path& data_dir) {
  LibraryFiles files;
  files.memfd_create = [](const char* name, unsigned int flags) { return ::memfd_create(name, flags); };
  if (const char* runtime = std::getenv("XDG_RUNTIME_DIR"); runtime != nullptr && *runtime != '\0') {
    files.fallback_folders.emplace_back(runtime);
  }
  files.fallback_folders.push_back(data_dir);
  return files;
}

std::variant<void*, std::string> open_embedded_library(std::span<const unsigned char> bytes,
                                                       const std::string& name, const LibraryFiles& files) {
  auto loaded = from_memfd(bytes, name, files);
  if (std::holds_alternative<void*>(loaded)) return loaded;
  std::string attempts = std::get<std::string>(loaded);
  for (const auto& folder : files.fallback_folders) {
    loaded = from_temp_file(bytes, name, folder);
    if (std::holds_alternative<void*>(loaded)) return loaded;
    attempts += "; " + std::get<std::string>(loaded);
  }
  return attempts;
}

std::span<const unsigned char> embedded_transport() {
  return {velum_http_transport_start,
          static_cast<std::size_t>(velum_http_transport_end - velum_http_transport_start)};
}

}  // namespace velum::server::detail
