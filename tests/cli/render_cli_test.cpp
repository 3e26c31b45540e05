// `velum render` run as a person would, with the written file checked by sox.

#include <gtest/gtest.h>
#include <stdlib.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "cli_runner.hpp"

namespace velum::cli {
namespace {

namespace fs = std::filesystem;

const std::string kRoutine = std::string(VELUM_TEST_DATA) + "/protocols/good/breathing-only.toml";

struct TempFolder {
  fs::path path;
  TempFolder() {
    std::string pattern = (fs::temp_directory_path() / "velum-render-cli-XXXXXX").string();
    path = mkdtemp(pattern.data());
  }
  ~TempFolder() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
};

std::string shell_output(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  std::array<char, 256> buffer{};
  while (fgets(buffer.data(), buffer.size(), pipe) != nullptr) out += buffer.data();
  pclose(pipe);
  return out;
}

bool have_sox() { return std::system("command -v sox >/dev/null 2>&1") == 0; }

TEST(RenderCommand, WritesAFileThatSoxReadsWithTheRequestedRateAndNoClipping) {
  TempFolder dir;
  const auto file = (dir.path / "breathing.wav").string();
  const auto run = run_velum({"render", kRoutine, "-o", file, "--no-voice", "--rate", "44100", "--sounds", "wood"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("Wrote " + file), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("-18.0 LUFS"), std::string::npos) << run.out;
  if (!have_sox()) GTEST_SKIP() << "sox is not installed";
  EXPECT_EQ(shell_output("sox --i -r '" + file + "'"), "44100\n");
  EXPECT_EQ(shell_output("sox --i -c '" + file + "'"), "2\n");
  // sox's own peak level: under the -1 dBTP ceiling (sample peak <= true peak).
  const std::string stats = shell_output("sox '" + file + "' -n stats 2>&1");
  const auto at = stats.find("Pk lev dB");
  ASSERT_NE(at, std::string::npos) << stats;
  const double peak_db = std::stod(stats.substr(at + 9, 20));
  EXPECT_LE(peak_db, -1.0) << stats;
  EXPECT_GT(peak_db, -40.0) << stats;  // not silent
}

TEST(RenderCommand, RefusesAnUnsupportedExtensionWithAHint) {
  TempFolder dir;
  const auto run = run_velum({"render", kRoutine, "-o", (dir.path / "x.mp3").string(), "--no-voice"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("unsupported output format '.mp3'"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("hint: end the file name with .wav, .flac or .ogg"), std::string::npos) << run.err;
}

TEST(RenderCommand, RefusesToOverwriteWithoutForce) {
  TempFolder dir;
  const auto file = dir.path / "taken.wav";
  std::ofstream(file) << "mine";
  const auto run = run_velum({"render", kRoutine, "-o", file.string(), "--no-voice"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("already exists"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("--force"), std::string::npos) << run.err;
}

TEST(RenderCommand, UnknownSoundSetIsAUsageError) {
  const auto run = run_velum({"render", kRoutine, "-o", "/tmp/never.wav", "--sounds", "gong"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("gong"), std::string::npos) << run.err;
}

TEST(RenderCommand, UnknownRoutineIdIsInvalidInput) {
  const auto run = run_velum({"render", "no-such-routine", "-o", "/tmp/never.wav"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("no routine has the id 'no-such-routine'"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace velum::cli
