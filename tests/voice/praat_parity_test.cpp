// velum's jitter, shimmer, HNR and CPPS against Praat's on the same files.
// Praat (the Debian package) computes the reference in the same run through
// tests/voice/praat/voice_report.praat; its version is recorded with the test.
// Tolerances are the parity targets: jitter within 0.005 percentage
// points, shimmer within 1 % of Praat's value. They hold because velum marks
// pulses as Praat does: Praat's autocorrelation pitch, then its
// cross-correlation procedure.

#include <gtest/gtest.h>

#include <cmath>
#include <iostream>
#include <map>
#include <optional>
#include <string>

#include "synth_voice.hpp"
#include "voice/analysis.hpp"
#include "voice/quality.hpp"
#include "voice_test_support.hpp"

namespace velum::voice {
namespace {

constexpr double kJitterTolerance = 0.005 / 100;  // 0.005 percentage points, as a fraction
constexpr double kShimmerRelativeTolerance = 0.01;

struct Case {
  const char* name;
  double f0_hz;
  double jitter;
  double shimmer;
  double snr_db;
  int rate_hz;
  double jitter_tolerance = kJitterTolerance;
  std::uint32_t seed = 0;  // 0: derived from f0_hz and rate_hz
};

class PraatParity : public ::testing::TestWithParam<Case> {};

// A 2 s synthetic vowel (voiced from 0.1 s to 1.9 s) written as 16-bit WAV,
// analysed by velum and by Praat's script.
struct Analysed {
  std::map<std::string, double> praat;
  VoiceReport report;
};

std::optional<Analysed> analyse_with_both(const Case& c, const char* directory) {
  const double seconds = 2.0;
  const testing::F0Contour contour = [&](double t) -> std::optional<double> {
    if (t < 0.1 || t >= seconds - 0.1) return std::nullopt;
    return c.f0_hz;
  };
  testing::SynthSettings settings;
  settings.sample_rate_hz = c.rate_hz;
  settings.duration_seconds = seconds;
  settings.jitter = c.jitter;
  settings.shimmer = c.shimmer;
  settings.snr_db = c.snr_db;
  settings.seed = c.seed != 0 ? c.seed : static_cast<std::uint32_t>(c.f0_hz * 7 + c.rate_hz);
  const auto voice = testing::synthesize_voice(contour, settings);
  const auto file = testing::temp_dir(directory) / (std::string(c.name) + ".wav");
  testing::write_wav(file, voice.samples, c.rate_hz);
  Analysed both;
  both.praat = testing::run_praat(
      std::filesystem::path(VELUM_TEST_DATA).parent_path() / "voice" / "praat" / "voice_report.praat", file);
  const auto signal = read_mono_file(file, kMaxAnalysisSeconds);
  std::filesystem::remove(file);
  if (!signal.ok()) {
    ADD_FAILURE() << signal.error().message;
    return std::nullopt;
  }
  auto report = analyze_voice(signal.value());
  if (!report.ok()) {
    ADD_FAILURE() << report.error().message;
    return std::nullopt;
  }
  both.report = report.value();
  return both;
}

TEST_P(PraatParity, JitterAndShimmerMatchPraatOnTheSameFile) {
  if (!testing::praat_available())
    GTEST_SKIP() << "praat is not installed (scripts/install-deps installs it)";
  const Case& c = GetParam();
  RecordProperty("praat_version", testing::run_command("praat --version"));
  const auto both = analyse_with_both(c, "parity");
  ASSERT_TRUE(both.has_value());
  const auto& praat = both->praat;
  ASSERT_TRUE(praat.contains("jitter_local")) << "Praat gave no jitter for " << c.name;
  const VoiceReport& r = both->report;

  auto expect_jitter = [&](const char* key, const std::optional<double>& ours) {
    ASSERT_TRUE(ours.has_value()) << key;
    EXPECT_NEAR(*ours, praat.at(key), c.jitter_tolerance) << key << " (Praat " << praat.at(key) << ")";
  };
  auto expect_shimmer = [&](const char* key, const std::optional<double>& ours) {
    ASSERT_TRUE(ours.has_value()) << key;
    EXPECT_NEAR(*ours, praat.at(key), kShimmerRelativeTolerance * std::abs(praat.at(key)))
        << key << " (Praat " << praat.at(key) << ")";
  };
  expect_jitter("jitter_local", r.jitter.local);
  expect_jitter("jitter_rap", r.jitter.rap);
  expect_jitter("jitter_ppq5", r.jitter.ppq5);
  // Local absolute is in seconds: the same tolerance relative to the mean period.
  ASSERT_TRUE(r.jitter.local_absolute_seconds.has_value());
  EXPECT_NEAR(*r.jitter.local_absolute_seconds, praat.at("jitter_local_absolute"),
              c.jitter_tolerance / c.f0_hz);
  expect_shimmer("shimmer_local", r.shimmer.local);
  expect_shimmer("shimmer_local_db", r.shimmer.local_db);
  expect_shimmer("shimmer_apq3", r.shimmer.apq3);
  expect_shimmer("shimmer_apq5", r.shimmer.apq5);
  expect_shimmer("shimmer_apq11", r.shimmer.apq11);
}

// HNR and CPPS: the same algorithms on the same samples, so the tolerances are
// the parity targets (HNR 0.1 dB, CPPS 0.05 dB); on these files the
// differences measured are below 1e-5 dB. The difference is printed for the record.
constexpr double kHnrToleranceDb = 0.1;
constexpr double kCppsToleranceDb = 0.05;

class PraatQualityParity : public ::testing::TestWithParam<Case> {};

TEST_P(PraatQualityParity, HnrAndCppsMatchPraatOnTheSameFile) {
  if (!testing::praat_available())
    GTEST_SKIP() << "praat is not installed (scripts/install-deps installs it)";
  const Case& c = GetParam();
  const auto both = analyse_with_both(c, "quality-parity");
  ASSERT_TRUE(both.has_value());
  const auto& praat = both->praat;
  const VoiceReport& r = both->report;
  auto expect_db = [&](const char* key, const std::optional<double>& ours, double tolerance) {
    ASSERT_TRUE(praat.contains(key)) << "Praat gave no " << key << " for " << c.name;
    ASSERT_TRUE(ours.has_value()) << key;
    const double difference = *ours - praat.at(key);
    std::cout << c.name << ' ' << key << " velum " << *ours << " Praat " << praat.at(key) << " difference "
              << difference << " dB\n";
    RecordProperty(std::string(key) + "_difference_db", std::to_string(difference));
    EXPECT_NEAR(*ours, praat.at(key), tolerance) << key;
  };
  expect_db("hnr_db", r.hnr_db, kHnrToleranceDb);
  expect_db("cpps_db", r.cpps_db, kCppsToleranceDb);
  expect_db("cpps_avqi_db", r.cpps_avqi_db, kCppsToleranceDb);
}

TEST(PraatRobustSlowParity, CompleteTheilFitGivesPraatsCpps) {
  // velum finds the median of all pairwise slopes in one bracketed pass
  // instead of sorting them; it must give Praat's value all the same.
  if (!testing::praat_available())
    GTEST_SKIP() << "praat is not installed (scripts/install-deps installs it)";
  constexpr int kRate = 16000;
  constexpr double kSeconds = 0.6;
  const testing::F0Contour contour = [](double) -> std::optional<double> { return 150.0; };
  testing::SynthSettings settings;
  settings.sample_rate_hz = kRate;
  settings.duration_seconds = kSeconds;
  settings.jitter = 0.006;
  settings.shimmer = 0.04;
  settings.snr_db = 20;
  const auto voice = testing::synthesize_voice(contour, settings);
  const auto file = testing::temp_dir("robust-slow") / "vowel.wav";
  testing::write_wav(file, voice.samples, kRate);
  const auto praat = testing::run_praat(
      std::filesystem::path(VELUM_TEST_DATA).parent_path() / "voice" / "praat" / "cpps_robust_slow.praat",
      file);
  const auto signal = read_mono_file(file, kMaxAnalysisSeconds);
  std::filesystem::remove(file);
  ASSERT_TRUE(praat.contains("cpps_robust_slow_db")) << "Praat gave no CPPS";
  ASSERT_TRUE(signal.ok()) << signal.error().message;
  CppsSettings slow = praat_default_cpps_settings();
  slow.fit = TrendFit::kRobustSlow;
  const auto cpps = cpps_db(signal.value(), slow);
  ASSERT_TRUE(cpps.ok()) << cpps.error().message;
  std::cout << "robust slow: velum " << cpps.value() << " Praat " << praat.at("cpps_robust_slow_db")
            << " dB\n";
  EXPECT_NEAR(cpps.value(), praat.at("cpps_robust_slow_db"), kCppsToleranceDb);
}

INSTANTIATE_TEST_SUITE_P(SyntheticVowels, PraatQualityParity,
                         ::testing::Values(Case{"clean_44k", 100, 0.004, 0.02, INFINITY, 44100},
                                           Case{"snr30_44k", 180, 0.006, 0.04, 30, 44100},
                                           Case{"snr15_44k", 140, 0.008, 0.05, 15, 44100},
                                           Case{"clean_16k", 220, 0.003, 0.02, INFINITY, 16000},
                                           Case{"snr25_16k", 200, 0.012, 0.08, 25, 16000},
                                           Case{"snr10_16k", 120, 0.006, 0.04, 10, 16000},
                                           Case{"snr20_22k", 120, 0.008, 0.06, 20, 22050}),
                         [](const ::testing::TestParamInfo<Case>& param_info) {
                           return std::string(param_info.param.name);
                         });

INSTANTIATE_TEST_SUITE_P(SyntheticVowels, PraatParity,
                         ::testing::Values(Case{"low_clean", 100, 0.004, 0.02, INFINITY, 44100},
                                           Case{"mid_jittery", 150, 0.01, 0.05, INFINITY, 44100},
                                           Case{"high_steady", 240, 0.002, 0.01, INFINITY, 48000},
                                           Case{"mid_30db", 180, 0.006, 0.04, 30, 44100},
                                           Case{"low_20db", 120, 0.008, 0.06, 20, 22050},
                                           // A rough voice: its last pulses inside the voiced stretch are
                                           // found a fraction of a sample before the search range, which
                                           // Praat 6.3 keeps (velum once moved them, dropping two pulses).
                                           Case{"rough_16k", 200, 0.012, 0.08, 25, 16000},
                                           // Strongly perturbed: 3 % jitter, 8 % shimmer (seed 45360). A
                                           // guide pitch other than Praat's own called the frame at 1.19 s
                                           // unvoiced, split the voiced stretch in two, moved every pulse by
                                           // 40-100 us and left ppq5 0.006 points off.
                                           Case{"strong_44k", 180, 0.03, 0.08, 25, 44100}),
                         [](const ::testing::TestParamInfo<Case>& param_info) {
                           return std::string(param_info.param.name);
                         });

}  // namespace
}  // namespace velum::voice
