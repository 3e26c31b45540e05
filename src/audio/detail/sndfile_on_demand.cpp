// libsndfile, loaded on first use. velum calls the sf_* functions of
// <sndfile.h> as usual; the executable is not linked against libsndfile, whose
// codec dependencies (FLAC, Vorbis, Opus, mpg123, LAME) made every velum
// command, `velum --version` included, pay ~1 M instructions of dynamic loading
// (bench/cli-startup). Each function below opens libsndfile.so.1 the first time
// any of them runs and forwards to the library's own function.
//
// If the library cannot be loaded, the functions fail the way libsndfile
// itself reports failure: sf_open* return null, and sf_strerror(nullptr) then
// names the missing library and the Debian package to install, so every call
// site's existing error path tells the person how to fix it.
//
// Thread-safe: the library is opened once (a function-local static) and the
// forwarded functions are libsndfile's, with its own thread-safety.

#include <sndfile.h>

#include <string>

#include "audio/detail/shared_library.hpp"

namespace velum::audio::detail {
namespace {

struct Sndfile {
  std::optional<SharedLibrary> library;
  std::string error;  // why loading failed, with the fix; empty when loaded
  decltype(&::sf_open) open = nullptr;
  decltype(&::sf_open_fd) open_fd = nullptr;
  decltype(&::sf_open_virtual) open_virtual = nullptr;
  decltype(&::sf_close) close = nullptr;
  decltype(&::sf_command) command = nullptr;
  decltype(&::sf_readf_float) readf_float = nullptr;
  decltype(&::sf_writef_float) writef_float = nullptr;
  decltype(&::sf_set_string) set_string = nullptr;
  decltype(&::sf_strerror) strerror = nullptr;
};

Sndfile load() {
  Sndfile sndfile;
  auto opened = SharedLibrary::open("libsndfile.so.1", "libsndfile1");
  std::optional<Error> error;
  if (!opened) error = opened.error();
  if (!error) {
    const SharedLibrary& library = *opened;
    for (const auto& bound :
         {library.bind("sf_open", sndfile.open), library.bind("sf_open_fd", sndfile.open_fd),
          library.bind("sf_open_virtual", sndfile.open_virtual), library.bind("sf_close", sndfile.close),
          library.bind("sf_command", sndfile.command), library.bind("sf_readf_float", sndfile.readf_float),
          library.bind("sf_writef_float", sndfile.writef_float),
          library.bind("sf_set_string", sndfile.set_string), library.bind("sf_strerror", sndfile.strerror)}) {
      if (bound && !error) error = bound;
    }
  }
  if (error) {
    sndfile.error = error->message + "; " + error->hint;
    return sndfile;
  }
  sndfile.library = std::move(*opened);
  return sndfile;
}

const Sndfile& sndfile() {
  static const Sndfile loaded = load();
  return loaded;
}

bool loaded() { return sndfile().library.has_value(); }

}  // namespace
}  // namespace velum::audio::detail

using velum::audio::detail::loaded;
using velum::audio::detail::sndfile;

extern "C" {

SNDFILE* sf_open(const char* path, int mode, SF_INFO* info) {
  return loaded() ? sndfile().open(path, mode, info) : nullptr;
}

SNDFILE* sf_open_fd(int fd, int mode, SF_INFO* info, int close_desc) {
  return loaded() ? sndfile().open_fd(fd, mode, info, close_desc) : nullptr;
}

SNDFILE* sf_open_virtual(SF_VIRTUAL_IO* io, int mode, SF_INFO* info, void* user_data) {
  return loaded() ? sndfile().open_virtual(io, mode, info, user_data) : nullptr;
}

// Only a file that sf_open* returned reaches the functions below, and those
// return null unless the library is loaded.
int sf_close(SNDFILE* file) { return sndfile().close(file); }

int sf_command(SNDFILE* file, int command, void* data, int size) {
  return sndfile().command(file, command, data, size);
}

sf_count_t sf_readf_float(SNDFILE* file, float* frames, sf_count_t count) {
  return sndfile().readf_float(file, frames, count);
}

sf_count_t sf_writef_float(SNDFILE* file, const float* frames, sf_count_t count) {
  return sndfile().writef_float(file, frames, count);
}

int sf_set_string(SNDFILE* file, int type, const char* text) {
  return sndfile().set_string(file, type, text);
}

const char* sf_strerror(SNDFILE* file) {
  return loaded() ? sndfile().strerror(file) : sndfile().error.c_str();
}

}  // extern "C"
