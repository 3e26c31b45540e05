// Behaviour as data: every malformed routine in tests/data/protocols/bad/ is
// loaded and its diagnostics compared with NAME.expected; every routine in
// good/ and every bundled routine in protocols/ must load without a problem.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "practice/loader.hpp"

namespace velum::practice {
namespace {

namespace fs = std::filesystem;

const fs::path kCorpus = fs::path(VELUM_TEST_DATA) / "protocols";

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::vector<fs::path> sorted_entries(const fs::path& dir, bool directories) {
  std::vector<fs::path> out;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (directories ? entry.is_directory() : entry.path().extension() == ".toml") out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Loads the files as `velum protocols check` does (each file, then the
// cross-file checks among them) and formats what it finds with paths relative
// to `root`, so the expected files do not depend on where the checkout lives.
std::string check(const std::vector<fs::path>& files, const fs::path& root) {
  std::vector<Diagnostic> diagnostics;
  Catalog catalog;
  for (const auto& file : files) {
    auto loaded = load_routine_file(file);
    diagnostics.insert(diagnostics.end(), loaded.diagnostics.begin(), loaded.diagnostics.end());
    if (loaded.routine) {
      catalog.routines.push_back(*loaded.routine);
      catalog.sources.push_back(file);
    }
  }
  check_catalog(catalog);
  diagnostics.insert(diagnostics.end(), catalog.diagnostics.begin(), catalog.diagnostics.end());
  std::string out;
  for (const auto& diagnostic : diagnostics) out += format(diagnostic) + "\n";
  // Messages may name other files too ("already used by a.toml").
  const std::string prefix = root.string() + "/";
  for (auto at = out.find(prefix); at != std::string::npos; at = out.find(prefix, at))
    out.erase(at, prefix.size());
  return out;
}

TEST(ProtocolCorpus, EveryBadFileGivesExactlyTheExpectedDiagnostics) {
  const fs::path bad = kCorpus / "bad";
  std::vector<std::pair<std::string, std::vector<fs::path>>> cases;
  for (const auto& file : sorted_entries(bad, false)) cases.push_back({file.stem().string(), {file}});
  // A folder holds one case made of several files (duplicate ids, cycles).
  for (const auto& dir : sorted_entries(bad, true))
    cases.push_back({dir.filename().string(), sorted_entries(dir, false)});
  ASSERT_GE(cases.size(), 20u) << "the corpus went missing from " << bad;
  for (const auto& [name, files] : cases) {
    SCOPED_TRACE(name);
    const fs::path expected_path = bad / (name + ".expected");
    ASSERT_TRUE(fs::exists(expected_path)) << "add " << expected_path;
    const std::string actual = check(files, bad);
    EXPECT_FALSE(actual.empty()) << name << " is in bad/ but loads without a problem";
    EXPECT_EQ(actual, slurp(expected_path));
  }
}

TEST(ProtocolCorpus, EveryExpectedFileHasARoutine) {
  for (const auto& entry : fs::directory_iterator(kCorpus / "bad")) {
    if (entry.path().extension() != ".expected") continue;
    auto stem = entry.path();
    stem.replace_extension();
    EXPECT_TRUE(fs::exists(fs::path(stem) += ".toml") || fs::is_directory(stem))
        << entry.path() << " is orphaned";
  }
}

TEST(ProtocolCorpus, EveryGoodFileLoadsWithoutAProblem) {
  const auto files = sorted_entries(kCorpus / "good", false);
  ASSERT_FALSE(files.empty());
  EXPECT_EQ(check(files, kCorpus / "good"), "");
}

TEST(ProtocolCorpus, EveryBundledRoutineValidates) {
  // protocols/ may be empty (or absent) on a branch without bundled routines.
  const fs::path bundled = VELUM_PROTOCOL_DIR;
  if (!fs::is_directory(bundled)) return;
  const auto catalog = load_catalog(bundled, std::nullopt);
  std::string problems;
  for (const auto& diagnostic : catalog.diagnostics) problems += format(diagnostic) + "\n";
  EXPECT_EQ(problems, "");
}

}  // namespace
}  // namespace velum::practice
