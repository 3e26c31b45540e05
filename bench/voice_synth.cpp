// Writes the synthetic voice set the voice bench and parity checks run on:
// glottal pulse trains with known F0 contours (steady, glide, vibrato, jumps),
// known jitter and shimmer, /a/ formants, white noise at set SNRs. Each file
// comes with its truth: NAME.f0.csv, F0 every millisecond (empty = unvoiced).
//
//   voice_synth set DIR                  the pitch-accuracy set (6 contours x 5 SNRs)
//   voice_synth glide OUT.wav SNR_DB SEED  the rising glide 100-400 Hz at 16 kHz (pitch_test.cpp)
//   voice_synth robust DIR               the robustness set (kRobustContours random contours x 5 SNRs)
//   voice_synth vowel OUT.wav F0 JITTER SHIMMER SNR_DB SECONDS RATE SEED

#include <sndfile.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <limits>
#include <numbers>
#include <random>
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

std::string fmt_glide(bool up, double low, double high) {
  const auto lo = std::to_string(static_cast<int>(low));
  const auto hi = std::to_string(static_cast<int>(high));
  return up ? "glide-" + lo + "-" + hi : "glide-" + hi + "-" + lo;
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

// The robustness set: random contours that a fixed seed makes the same on
// every run. Contour k draws everything from std::mt19937(kRobustSeed + k):
// its kind (k % 4: a glide up, a glide down, vibrato, jumps), where it lies
// in 60-800 Hz, the vowel (/a/ /i/ /u/ /e/ /o/), the sample rate (16 or
// 44.1 kHz), jitter 0.2-1 % and shimmer 2-6 %; each SNR then gets its own
// noise seed. Voiced from 0.2 s to 2.8 s.
constexpr std::uint32_t kRobustSeed = 20140;
constexpr int kRobustContours = 24;
constexpr double kRobustSeconds = 3.0;
constexpr double kRobustVoicedFrom = 0.2;
constexpr double kRobustVoicedTo = 2.8;
constexpr double kRobustLowestHz = 60.0;
constexpr double kRobustHighestHz = 800.0;

int make_robust_set(const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  const std::vector<std::pair<std::string, std::vector<velum::voice::testing::Formant>>> vowels = {
      {"a", velum::voice::testing::kVowelA},
      {"i", velum::voice::testing::kVowelI},
      {"u", velum::voice::testing::kVowelU},
      {"e", velum::voice::testing::kVowelE},
      {"o", velum::voice::testing::kVowelO}};
  const std::vector<std::pair<std::string, double>> snrs = {
      {"30db", 30}, {"20db", 20}, {"10db", 10}, {"5db", 5}, {"0db", 0}};
  constexpr double kSpan = kRobustVoicedTo - kRobustVoicedFrom;
  for (int k = 0; k < kRobustContours; ++k) {
    std::mt19937 rng(kRobustSeed + static_cast<std::uint32_t>(k));
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    auto log_uniform = [&](double lo, double hi) { return lo * std::pow(hi / lo, unit(rng)); };
    std::function<double(double)> f0;
    std::string kind;
    switch (k % 4) {
      case 0:
      case 1: {  // at least an octave, at most from 60 to 800 Hz
        const double low = log_uniform(kRobustLowestHz, kRobustHighestHz / 2);
        const double high = log_uniform(2 * low, kRobustHighestHz);
        const bool up = k % 4 == 0;
        kind = fmt_glide(up, low, high);
        f0 = [=](double t) {
          const double x = (t - kRobustVoicedFrom) / kSpan;
          return up ? low * std::pow(high / low, x) : high * std::pow(low / high, x);
        };
        break;
      }
      case 2: {
        const double centre = log_uniform(70, 700);
        const double extent = 0.3 + 0.7 * unit(rng);  // semitones each way
        const double rate = 4.5 + 2.5 * unit(rng);    // Hz
        kind = "vibrato-" + std::to_string(static_cast<int>(centre));
        f0 = [=](double t) {
          return centre * std::pow(2.0, extent / 12 * std::sin(2 * std::numbers::pi * rate * t));
        };
        break;
      }
      default: {
        const int notes = 3 + static_cast<int>(unit(rng) * 3);  // 3..5
        std::vector<double> pitches{log_uniform(70, 600)};
        for (int i = 1; i < notes; ++i) {
          const double step = (2 + 7 * unit(rng)) * (unit(rng) < 0.5 ? -1 : 1);  // 2..9 semitones
          double next = pitches.back() * std::pow(2.0, step / 12);
          if (next < kRobustLowestHz || next > kRobustHighestHz)
            next = pitches.back() * std::pow(2.0, -step / 12);
          pitches.push_back(next);
        }
        kind = "jumps-" + std::to_string(static_cast<int>(pitches.front()));
        f0 = [=](double t) {
          const auto i = static_cast<std::size_t>(
              std::clamp((t - kRobustVoicedFrom) / kSpan * static_cast<double>(pitches.size()), 0.0,
                         static_cast<double>(pitches.size() - 1)));
          return pitches[i];
        };
        break;
      }
    }
    const auto& [vowel_name, formants] =
        vowels[static_cast<std::size_t>(unit(rng) * static_cast<double>(vowels.size()))];
    const int rate = unit(rng) < 0.5 ? 16000 : 44100;
    const double jitter = 0.002 + 0.008 * unit(rng);
    const double shimmer = 0.02 + 0.04 * unit(rng);
    const F0Contour contour = [=](double t) -> std::optional<double> {
      if (t < kRobustVoicedFrom || t >= kRobustVoicedTo) return std::nullopt;
      return f0(t);
    };
    for (std::size_t s = 0; s < snrs.size(); ++s) {
      SynthSettings settings;
      settings.sample_rate_hz = rate;
      settings.duration_seconds = kRobustSeconds;
      settings.jitter = jitter;
      settings.shimmer = shimmer;
      settings.snr_db = snrs[s].second;
      settings.formants = formants;
      settings.seed = kRobustSeed * 7 + static_cast<std::uint32_t>(k * 16 + static_cast<int>(s));
      const auto voice = velum::voice::testing::synthesize_voice(contour, settings);
      const std::string stem = (k < 10 ? "r0" : "r") + std::to_string(k) + "-" + kind + "-" + vowel_name +
                               "-" + std::to_string(rate / 1000) + "k_" + snrs[s].first;
      if (!write_wav(dir / (stem + ".wav"), voice.samples, rate)) {
        std::cerr << "voice_synth: cannot write " << (dir / (stem + ".wav")) << '\n';
        return 1;
      }
      write_truth(dir / (stem + ".f0.csv"), contour, kRobustSeconds);
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() == 2 && args[0] == "set") return make_set(args[1]);
  if (args.size() == 2 && args[0] == "robust") return make_robust_set(args[1]);
  if (args.size() == 4 && args[0] == "glide") {  // OUT.wav SNR_DB SEED: the rising glide at 16 kHz
    const F0Contour contour = velum::voice::testing::rising_glide_100_to_400;
    SynthSettings settings;
    settings.sample_rate_hz = 16000;
    settings.duration_seconds = 4.2;
    settings.snr_db = std::stod(args[2]);
    settings.seed = static_cast<std::uint32_t>(std::stoul(args[3]));
    const auto voice = velum::voice::testing::synthesize_voice(contour, settings);
    write_truth(std::filesystem::path(args[1]).replace_extension(".f0.csv"), contour,
                settings.duration_seconds);
    return write_wav(args[1], voice.samples, settings.sample_rate_hz) ? 0 : 1;
  }
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
  std::cerr << "usage: voice_synth set DIR | voice_synth robust DIR | voice_synth glide OUT.wav SNR_DB SEED "
               "| voice_synth vowel OUT.wav F0 JITTER SHIMMER SNR_DB SECONDS RATE "
               "SEED\n";
  return 2;
}
