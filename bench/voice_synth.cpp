// Writes the synthetic voice set the voice bench and parity checks run on:
// glottal pulse trains with known F0 contours (steady, glide, vibrato, jumps),
// known jitter and shimmer, /a/ formants, white noise at set SNRs. Each file
// comes with its truth: NAME.f0.csv, F0 every millisecond (empty = unvoiced).
//
//   voice_synth set DIR                  the pitch-accuracy set (6 contours x 5 SNRs)
//   voice_synth vowel OUT.wav F0 JITTER SHIMMER SNR_DB SECONDS RATE SEED

#include <sndfile.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <numbers>
#include <string>

#include "synth_voice.hpp"

namespace {

using velum::voice::testing::F0Contour;
using velum::voice::testing::SynthSettings;

bool write_wav(const std::filesystem::path& path, const std::vector<float>& samples, int rate) {
  SF_INFO info{};
  info.samplerate = rate;
  info.channels = 1;
  info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
  SNDFILE* file = sf_open(path.c_str(), SFM_WRITE, &info);
  if (file == nullptr) return false;
  sf_writef_float(file, samples.data(), static_cast<sf_count_t>(samples.size()));
  sf_close(file);
  return true;
}

void write_truth(const std::filesystem::path& path, const F0Contour& contour, double seconds) {
  std::ofstream out(path);
  out << "t,f0_hz\n";
  constexpr double kStep = 0.001;
  for (int i = 0; i * kStep < seconds; ++i) {
    const double t = i * kStep;
    const auto f0 = contour(t);
    out << t << ',';
    if (f0) out << *f0;
    out << '\n';
  }
}

// Voiced from 0.25 s to end - 0.25 s, with a 0.3 s gap in the middle.
F0Contour gated(double seconds, std::function<double(double)> f0) {
  return [=](double t) -> std::optional<double> {
    const double mid = seconds / 2;
    if (t < 0.25 || t >= seconds - 0.25 || (t >= mid - 0.15 && t < mid + 0.15)) return std::nullopt;
    return f0(t);
  };
}

int make_set(const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  constexpr double kSeconds = 4.0;
  const std::vector<std::pair<std::string, std::function<double(double)>>> contours = {
      {"steady-110", [](double) { return 110.0; }},
      {"steady-220", [](double) { return 220.0; }},
      {"glide-90-450", [](double t) { return 90.0 * std::pow(5.0, t / kSeconds); }},
      {"vibrato-330",
       [](double t) { return 330.0 * std::pow(2.0, 0.6 / 12 * std::sin(2 * std::numbers::pi * 5.5 * t)); }},
      {"jumps-150-300", [](double t) { return t < 1.3   ? 150.0
                                              : t < 2.6 ? 225.0
                                                        : 300.0; }},
      {"high-500-800", [](double t) { return 500.0 * std::pow(1.6, t / kSeconds); }},
  };
  const std::vector<std::pair<std::string, double>> snrs = {
      {"clean", std::numeric_limits<double>::infinity()},
      {"30db", 30},
      {"20db", 20},
      {"10db", 10},
      {"0db", 0}};
  std::uint32_t seed = 1;
  for (const auto& [name, f0] : contours) {
    const auto contour = gated(kSeconds, f0);
    for (const auto& [snr_name, snr] : snrs) {
      SynthSettings settings;
      settings.sample_rate_hz = 44100;
      settings.duration_seconds = kSeconds;
      settings.jitter = 0.005;
      settings.shimmer = 0.03;
      settings.snr_db = snr;
      settings.seed = seed++;
      const auto voice = velum::voice::testing::synthesize_voice(contour, settings);
      const std::string stem = name + "_" + snr_name;
      if (!write_wav(dir / (stem + ".wav"), voice.samples, settings.sample_rate_hz)) {
        std::cerr << "voice_synth: cannot write " << (dir / (stem + ".wav")) << '\n';
        return 1;
      }
      write_truth(dir / (stem + ".f0.csv"), contour, kSeconds);
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() == 2 && args[0] == "set") return make_set(args[1]);
  if (args.size() == 9 && args[0] == "vowel") {
    const double f0 = std::stod(args[2]);
    SynthSettings settings;
    settings.jitter = std::stod(args[3]);
    settings.shimmer = std::stod(args[4]);
    settings.snr_db = args[5] == "inf" ? std::numeric_limits<double>::infinity() : std::stod(args[5]);
    settings.duration_seconds = std::stod(args[6]);
    settings.sample_rate_hz = std::stoi(args[7]);
    settings.seed = static_cast<std::uint32_t>(std::stoul(args[8]));
    const double seconds = settings.duration_seconds;
    const F0Contour contour = [=](double t) -> std::optional<double> {
      if (t < 0.1 || t >= seconds - 0.1) return std::nullopt;
      return f0;
    };
    const auto voice = velum::voice::testing::synthesize_voice(contour, settings);
    return write_wav(args[1], voice.samples, settings.sample_rate_hz) ? 0 : 1;
  }
  std::cerr << "usage: voice_synth set DIR | voice_synth vowel OUT.wav F0 JITTER SHIMMER SNR_DB SECONDS RATE "
               "SEED\n";
  return 2;
}
