// The embedded HTTP transport loads where executable in-memory files are
// refused (vm.memfd_noexec): through a private temp file that is removed once
// loaded, and with an error naming every attempt when nothing works.

#include <dlfcn.h>
#include <gtest/gtest.h>

#include <cerrno>
#include <filesystem>

#include "server/detail/embedded_library.hpp"
#include "server/detail/http_transport.hpp"
#include "server_process.hpp"

namespace velum::server::detail {
namespace {

// memfd_create as a kernel with vm.memfd_noexec = 2 answers it.
int refused_memfd(const char*, unsigned int) {
  errno = EACCES;
  return -1;
}

TEST(EmbeddedLibrary, LoadsFromAnInMemoryFileWhereTheKernelAllowsIt) {
  auto loaded = open_embedded_library(embedded_transport(), "velum-test-transport",
                                      system_library_files(std::filesystem::temp_directory_path()));
  ASSERT_TRUE(std::holds_alternative<void*>(loaded)) << std::get<std::string>(loaded);
  EXPECT_NE(dlsym(std::get<void*>(loaded), kListenSymbol), nullptr);
}

TEST(EmbeddedLibrary, FallsBackToATempFileRemovedOnceLoadedWhenMemfdIsRefused) {
  const auto folder = server_test::fresh_folder("embedded");
  LibraryFiles files;
  files.memfd_create = refused_memfd;
  files.fallback_folders = {folder / "missing", folder};
  auto loaded = open_embedded_library(embedded_transport(), "velum-test-transport", files);
  ASSERT_TRUE(std::holds_alternative<void*>(loaded)) << std::get<std::string>(loaded);
  EXPECT_NE(dlsym(std::get<void*>(loaded), kListenSymbol), nullptr);
  EXPECT_TRUE(std::filesystem::is_empty(folder)) << "the temp file was left behind";
  std::filesystem::remove_all(folder);
}

TEST(EmbeddedLibrary, NamesEveryAttemptWhenNoneWorks) {
  const auto folder = server_test::fresh_folder("embedded-none");
  LibraryFiles files;
  files.memfd_create = refused_memfd;
  files.fallback_folders = {folder / "missing"};
  auto loaded = open_embedded_library(embedded_transport(), "velum-test-transport", files);
  ASSERT_TRUE(std::holds_alternative<std::string>(loaded));
  const auto& error = std::get<std::string>(loaded);
  EXPECT_NE(error.find("in-memory file could not be created (Permission denied)"), std::string::npos)
      << error;
  EXPECT_NE(error.find((folder / "missing").string()), std::string::npos) << error;
  std::filesystem::remove_all(folder);
}

}  // namespace
}  // namespace velum::server::detail
