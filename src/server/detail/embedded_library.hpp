#pragma once
// Loading a shared object whose bytes are inside the velum executable (the HTTP
// transport, see http_transport.hpp): from an in-memory file, else a private temp file.

#include <cstddef>
#include <filesystem>
#include <functional>
#include <span>
#include <string>
#include <variant>
#include <vector>

namespace velum::server::detail {

// The system calls the loader makes, replaceable so tests can take the fallback.
struct LibraryFiles {
  // memfd_create(2): returns a descriptor, or -1 with errno set.
  std::function<int(const char* name, unsigned int flags)> memfd_create;
  // Folders tried in order for a temp file when no in-memory file can be
  // loaded ($XDG_RUNTIME_DIR, then the data folder). Each must exist.
  std::vector<std::filesystem::path> fallback_folders;
};

// The real memfd_create, and fallback folders $XDG_RUNTIME_DIR (when set) and `data_dir`.
LibraryFiles system_library_files(const std::filesystem::path& data_dir);

// dlopen's handle of the library made from `bytes` (RTLD_NOW | RTLD_LOCAL;
// never closed). First from a memfd created with MFD_EXEC: the kernel's
// vm.memfd_noexec setting refuses executable memfds without it (and kernels
// before 6.3 refuse the flag, so then without). When that cannot be created or
// loaded, from a temp file (mode 0600) in the first fallback folder that
// works, removed as soon as it is loaded. On failure, one sentence naming each
// attempt. Call from one thread at a time.
std::variant<void*, std::string> open_embedded_library(std::span<const unsigned char> bytes,
                                                       const std::string& name, const LibraryFiles& files);

// The transport shared object's bytes, as embedded in the executable.
std::span<const unsigned char> embedded_transport();

}  // namespace velum::server::detail
