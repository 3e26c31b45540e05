#pragma once
// Helpers for the voice tests: writing synthetic voices to WAV files in a
// temporary directory and running Praat on them.

#include <sndfile.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace velum::voice::testing {

inline std::filesystem::path temp_dir(const std::string& name) {
  auto dir =
      std::filesystem::temp_directory_path() / ("velum-voice-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir;
}

inline void write_wav(const std::filesystem::path& path, const std::vector<float>& samples, int rate,
                      int format = SF_FORMAT_WAV | SF_FORMAT_PCM_16, int channels = 1) {
  SF_INFO info{};
  info.samplerate = rate;
  info.channels = channels;
  info.format = format;
  SNDFILE* file = sf_open(path.c_str(), SFM_WRITE, &info);
  if (file == nullptr) throw std::runtime_error("cannot write " + path.string());
  sf_writef_float(file, samples.data(),
                  static_cast<sf_count_t>(samples.size() / static_cast<std::size_t>(channels)));
  sf_close(file);
}

// Standard output of a shell command (empty when it could not run).
inline std::string run_command(const std::string& command) {
  std::string output;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return output;
  std::array<char, 4096> buffer{};
  std::size_t got = 0;
  while ((got = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) output.append(buffer.data(), got);
  ::pclose(pipe);
  return output;
}

inline bool praat_available() { return !run_command("command -v praat 2>/dev/null").empty(); }

// "key value" lines printed by a Praat script, as numbers ("--undefined--" is skipped).
inline std::map<std::string, double> run_praat(const std::filesystem::path& script,
                                               const std::filesystem::path& file) {
  std::map<std::string, double> values;
  std::istringstream lines(run_command("praat --run '" + script.string() + "' '" + file.string() + "' 2>&1"));
  std::string key, value;
  while (lines >> key >> value) {
    try {
      values[key] = std::stod(value);
    } catch (const std::exception&) {
    }
  }
  return values;
}

}  // namespace velum::voice::testing
