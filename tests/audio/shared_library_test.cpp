#include "audio/detail/shared_library.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace velum::audio::detail {
namespace {

constexpr std::string_view kMissingLibrary = "libvelum-no-such-library.so.7";

TEST(SharedLibrary, AMissingLibraryIsAnErrorNamingItAndItsPackage) {
  const auto opened = SharedLibrary::open(kMissingLibrary, "libvelum-nowhere1");
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, ErrorCode::kUnavailable);
  // The message starts with what could not be loaded, then dlerror()'s reason.
  EXPECT_TRUE(opened.error().message.starts_with("cannot load libvelum-no-such-library.so.7: "))
      << opened.error().message;
  EXPECT_NE(opened.error().message.find("No such file"), std::string::npos) << opened.error().message;
  EXPECT_EQ(opened.error().hint, "install the Debian package libvelum-nowhere1 (scripts/install-deps)");
}

TEST(SharedLibrary, BindsAFunctionWithItsDeclaredTypeAndCallsIt) {
  // libm is part of every glibc system, so this opens on any machine velum builds on.
  auto opened = SharedLibrary::open("libm.so.6", "libc6");
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  double (*cosine)(double) = nullptr;
  EXPECT_FALSE(opened->bind("cos", cosine));
  ASSERT_NE(cosine, nullptr);
  EXPECT_DOUBLE_EQ(cosine(0.0), 1.0);
  EXPECT_EQ(opened->soname(), "libm.so.6");
}

TEST(SharedLibrary, AMissingFunctionIsAnErrorNamingItTheLibraryAndThePackage) {
  auto opened = SharedLibrary::open("libm.so.6", "libc6");
  ASSERT_TRUE(opened.ok());
  double (*missing)(double) = nullptr;
  const auto error = opened->bind("velum_no_such_function", missing);
  ASSERT_TRUE(error);
  EXPECT_TRUE(error->message.starts_with("libm.so.6 has no function 'velum_no_such_function': "))
      << error->message;
  EXPECT_NE(error->hint.find("libc6"), std::string::npos) << error->hint;
  EXPECT_EQ(missing, nullptr);
}

TEST(SharedLibrary, AMovedHandleStaysUsable) {
  auto opened = SharedLibrary::open("libm.so.6", "libc6");
  ASSERT_TRUE(opened.ok());
  SharedLibrary moved = std::move(*opened);
  double (*square_root)(double) = nullptr;
  EXPECT_FALSE(moved.bind("sqrt", square_root));
  EXPECT_DOUBLE_EQ(square_root(4.0), 2.0);
}

}  // namespace
}  // namespace velum::audio::detail
