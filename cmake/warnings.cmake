# Project-wide warning and sanitizer flags, applied through velum_module().
add_library(velum_flags INTERFACE)
target_compile_options(velum_flags INTERFACE
  -Wall -Wextra -Wpedantic -Wconversion -Wshadow -Wsign-conversion -Wnon-virtual-dtor)
# GCC 12 at -O2/-O3 reports a false -Wrestrict inside std::string for
# `"literal" + std::string` (GCC bug 105329). Only that one is switched off, so
# every preset CI builds (dev, release, asan) keeps all other warnings as errors.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(velum_flags INTERFACE -Wno-restrict)
endif()
if(VELUM_WERROR)
  target_compile_options(velum_flags INTERFACE -Werror)
endif()
if(VELUM_SANITIZE)
  target_compile_options(velum_flags INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(velum_flags INTERFACE -fsanitize=address,undefined)
endif()

# velum_module(NAME DEPS ...): one library per src/<NAME>/, sources globbed so a
# new file needs no CMake edit. Public headers are included as "<module>/x.hpp".
function(velum_module name)
  cmake_parse_arguments(ARG "" "" "DEPS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/*.cpp" "${CMAKE_CURRENT_SOURCE_DIR}/detail/*.cpp")
  add_library(velum_${name} STATIC ${sources})
  target_include_directories(velum_${name} PUBLIC "${PROJECT_SOURCE_DIR}/src")
  target_link_libraries(velum_${name} PUBLIC ${ARG_DEPS} PRIVATE velum_flags)
endfunction()
