// `velum render` run as a person would, with the written file checked by sox.

#include <gtest/gtest.h>
#include <stdlib.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
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
  const auto run =
      run_velum({"render", kRoutine, "-o", file, "--no-voice", "--rate", "44100", "--sounds", "wood"});
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

// The length "m:ss min" in "Wrote FILE (m:ss min, ...)", in seconds.
int written_seconds(const std::string& out) {
  const auto open = out.find(" (");
  const auto colon = out.find(':', open);
  return std::stoi(out.substr(open + 2, colon - open - 2)) * 60 + std::stoi(out.substr(colon + 1, 2));
}

TEST(RenderCommand, RendersUpToThePlansCurrentStageByDefaultAndSaysSo) {
  TempFolder dir;
  const std::map<std::string, std::string> env{{"VELUM_DATA", (dir.path / "data").string()}};
  const auto today =
      run_velum({"render", "core-nasopharynx", "-o", (dir.path / "today.wav").string(), "--no-voice"}, env);
  ASSERT_EQ(today.exit_code, 0) << today.err;
  EXPECT_NE(
      today.out.find("It guides stage 1 of 5 (your plan's current stage; --stage N or all for others)."),
      std::string::npos)
      << today.out;

  const auto all = run_velum(
      {"render", "core-nasopharynx", "-o", (dir.path / "all.wav").string(), "--no-voice", "--stage", "all"},
      env);
  ASSERT_EQ(all.exit_code, 0) << all.err;
  EXPECT_NE(all.out.find("It guides all 5 stages."), std::string::npos) << all.out;
  EXPECT_GT(written_seconds(all.out), written_seconds(today.out));

  const auto third = run_velum(
      {"render", "core-nasopharynx", "-o", (dir.path / "third.wav").string(), "--no-voice", "--stage", "3"},
      env);
  ASSERT_EQ(third.exit_code, 0) << third.err;
  EXPECT_NE(third.out.find("It guides stage 3 of 5 (chosen with --stage)."), std::string::npos) << third.out;
  EXPECT_GT(written_seconds(third.out), written_seconds(today.out));
  EXPECT_LT(written_seconds(third.out), written_seconds(all.out));
}

TEST(RenderCommand, AStageOutsideTheRoutineIsRefused) {
  TempFolder dir;
  const auto run = run_velum({"render", kRoutine, "-o", (dir.path / "x.wav").string(), "--stage", "2"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("--stage must be a stage from 1 to 1 of 'breathing-only', or all, got '2'"),
            std::string::npos)
      << run.err;
  EXPECT_FALSE(fs::exists(dir.path / "x.wav"));
}

}  // namespace
}  // namespace velum::cli
