# Every third-party library comes from Debian packages (scripts/install-deps).
find_package(PkgConfig REQUIRED)
find_package(fmt REQUIRED)
find_package(CLI11 REQUIRED)
find_package(nlohmann_json REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(Threads REQUIRED)
# toml++ is compiled into the one file that parses routines (header-only mode)
# rather than linked as libtomlplusplus.so, for the same start-up reason as below.
pkg_check_modules(TOMLPP REQUIRED tomlplusplus)
add_library(velum_tomlplusplus INTERFACE)
target_include_directories(velum_tomlplusplus SYSTEM INTERFACE ${TOMLPP_INCLUDE_DIRS})
target_compile_definitions(velum_tomlplusplus INTERFACE TOML_HEADER_ONLY=1)
pkg_check_modules(SNDFILE REQUIRED IMPORTED_TARGET sndfile)
pkg_check_modules(EBUR128 REQUIRED IMPORTED_TARGET libebur128)
pkg_check_modules(PORTAUDIO REQUIRED IMPORTED_TARGET portaudio-2.0)

# SQLite and FFTW are linked statically. As shared libraries their symbol
# lookups cost every velum command ~2.2 M instructions of dynamic linking before
# main (bench/cli-startup; the start-up budget is 10 ms); linked in, they cost
# nothing until used. Debian ships both archives with the -dev packages.
find_library(VELUM_SQLITE3_ARCHIVE NAMES libsqlite3.a REQUIRED)
add_library(velum_sqlite3 INTERFACE)
target_include_directories(velum_sqlite3 SYSTEM INTERFACE ${SQLite3_INCLUDE_DIRS})
find_package(ZLIB REQUIRED)
target_link_libraries(velum_sqlite3 INTERFACE ${VELUM_SQLITE3_ARCHIVE} ZLIB::ZLIB Threads::Threads ${CMAKE_DL_LIBS} m)
pkg_check_modules(FFTW REQUIRED fftw3f)
find_library(VELUM_FFTW3F_ARCHIVE NAMES libfftw3f.a REQUIRED)
add_library(velum_fftw3f INTERFACE)
target_include_directories(velum_fftw3f SYSTEM INTERFACE ${FFTW_INCLUDE_DIRS})
target_link_libraries(velum_fftw3f INTERFACE ${VELUM_FFTW3F_ARCHIVE} m)
find_library(VELUM_FFTW3_ARCHIVE NAMES libfftw3.a REQUIRED)
add_library(velum_fftw3 INTERFACE)
target_include_directories(velum_fftw3 SYSTEM INTERFACE ${FFTW_INCLUDE_DIRS})
target_link_libraries(velum_fftw3 INTERFACE ${VELUM_FFTW3_ARCHIVE} m)

find_package(GTest)
find_package(benchmark)
find_package(rapidcheck)
