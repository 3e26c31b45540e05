// POST /api/v1/voice/analyze and /voice/range through a real `velum serve`: a
// WAV body gets the voice report and the pitch track, or the range profile;
// bytes that are not audio, and silence, get a 4xx JSON error that says what
// is wrong, and the server keeps serving. With ?save=1 an analysis is kept as a
// voice session, listed by GET /api/v1/voice/sessions, charted by
// GET /api/v1/history and deleted by id.

#include <gtest/gtest.h>
#include <httplib.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <numbers>
#include <string>

#include "server_process.hpp"

namespace velum::server_test {
namespace {

using nlohmann::json;

constexpr int kSampleRateHz = 44100;
constexpr double kToneHz = 200.0;
constexpr double kToneSeconds = 2.0;
constexpr int kHarmonics = 5;
constexpr double kPeak = 0.5;  // well below full scale, as a microphone would record

void put_le(std::string& out, std::uint32_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xFFU));
}

// A 16-bit mono PCM WAV, header written here so the test does not share the
// server's audio library: a reader bug cannot hide behind a matching writer bug.
std::string wav_bytes(const std::vector<double>& samples) {
  const auto data_bytes = static_cast<std::uint32_t>(samples.size() * 2);
  std::string out = "RIFF";
  put_le(out, 36 + data_bytes, 4);
  out += "WAVEfmt ";
  put_le(out, 16, 4);
  put_le(out, 1, 2);  // PCM
  put_le(out, 1, 2);  // mono
  put_le(out, kSampleRateHz, 4);
  put_le(out, kSampleRateHz * 2, 4);
  put_le(out, 2, 2);
  put_le(out, 16, 2);
  out += "data";
  put_le(out, data_bytes, 4);
  for (const double sample : samples) {
    const auto value = static_cast<std::int16_t>(std::lround(sample * 32767.0));
    put_le(out, static_cast<std::uint16_t>(value), 2);
  }
  return out;
}

// A harmonic tone (amplitudes 1/k), the shape of a steady sung vowel's source.
std::vector<double> harmonic_tone(double f0_hz) {
  const auto count = static_cast<std::size_t>(kToneSeconds * kSampleRateHz);
  std::vector<double> samples(count);
  double norm = 0;
  for (int k = 1; k <= kHarmonics; ++k) norm += 1.0 / k;
  for (std::size_t i = 0; i < count; ++i) {
    const double t = static_cast<double>(i) / kSampleRateHz;
    double sum = 0;
    for (int k = 1; k <= kHarmonics; ++k) sum += std::sin(2 * std::numbers::pi * k * f0_hz * t) / k;
    samples[i] = kPeak * sum / norm;
  }
  return samples;
}

// A harmonic glide rising exponentially (a steady number of semitones per
// second) from from_hz to to_hz over `seconds`.
std::vector<double> harmonic_glide(double from_hz, double to_hz, double seconds) {
  const auto count = static_cast<std::size_t>(seconds * kSampleRateHz);
  std::vector<double> samples(count);
  double norm = 0;
  for (int k = 1; k <= kHarmonics; ++k) norm += 1.0 / k;
  double phase = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const double t = static_cast<double>(i) / kSampleRateHz;
    const double f0 = from_hz * std::pow(to_hz / from_hz, t / seconds);
    phase += 2 * std::numbers::pi * f0 / kSampleRateHz;
    double sum = 0;
    for (int k = 1; k <= kHarmonics; ++k) sum += std::sin(k * phase) / k;
    samples[i] = kPeak * sum / norm;
  }
  return samples;
}

std::string command_output(const std::string& command) {
  std::string output;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return output;
  char buffer[4096];
  std::size_t got = 0;
  while ((got = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) output.append(buffer, got);
  ::pclose(pipe);
  return output;
}

class VoiceApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = fresh_folder("voice-api");
    server_ = std::make_unique<ServerProcess>(folder_);
    ASSERT_TRUE(server_->started());
    client_ = server_->client();
  }
  void TearDown() override {
    client_.reset();
    server_.reset();
    std::filesystem::remove_all(folder_);
  }
  json analyze(const std::string& body, int expected_status, const std::string& query = "") {
    auto result = client_->Post("/api/v1/voice/analyze" + query, body, "audio/wav");
    EXPECT_TRUE(result);
    if (!result) return {};
    EXPECT_EQ(result->status, expected_status) << result->body.substr(0, 400);
    EXPECT_EQ(result->get_header_value("Content-Type"), "application/json");
    return json::parse(result->body);
  }
  json range(const std::string& body, int expected_status) {
    auto result = client_->Post("/api/v1/voice/range", body, "audio/wav");
    EXPECT_TRUE(result);
    if (!result) return {};
    EXPECT_EQ(result->status, expected_status) << result->body.substr(0, 400);
    return json::parse(result->body);
  }
  void expect_still_serving() {
    auto health = client_->Get("/api/v1/health");
    ASSERT_TRUE(health);
    EXPECT_EQ(health->status, 200) << "the server stopped serving after a bad upload";
  }

  std::filesystem::path folder_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(VoiceApiTest, HarmonicToneGivesItsPitchTheReportAndTheTrack) {
  const auto body = analyze(wav_bytes(harmonic_tone(kToneHz)), 200);
  // 1 Hz: a clean synthetic tone; the tracker resolves it far more finely (docs/voice.md).
  EXPECT_NEAR(body.at("f0_mean_hz").get<double>(), kToneHz, 1.0);
  EXPECT_NEAR(body.at("f0_median_hz").get<double>(), kToneHz, 1.0);
  EXPECT_NEAR(body.at("duration_seconds").get<double>(), kToneSeconds, 0.01);
  EXPECT_GT(body.at("voiced_seconds").get<double>(), kToneSeconds * 0.8);
  EXPECT_GT(body.at("pulses").get<int>(), 300);
  // A perfectly periodic tone has almost no cycle-to-cycle variation.
  ASSERT_TRUE(body.at("jitter_local").is_number());
  EXPECT_LT(body.at("jitter_local").get<double>(), 0.005);
  ASSERT_TRUE(body.at("shimmer_local").is_number());
  EXPECT_LT(body.at("shimmer_local").get<double>(), 0.02);
  EXPECT_EQ(body.at("hop_seconds"), 0.01);
  EXPECT_EQ(body.at("sample_rate_hz"), kSampleRateHz);
  EXPECT_EQ(body.at("stored"), false);
  const auto& frames = body.at("frames");
  ASSERT_GT(frames.size(), 150U);
  std::size_t voiced = 0;
  for (const auto& frame : frames) {
    ASSERT_TRUE(frame.contains("t") && frame.contains("p_voiced") && frame.contains("f0_hz")) << frame.dump();
    if (frame["f0_hz"].is_null()) continue;
    ++voiced;
    EXPECT_NEAR(frame["f0_hz"].get<double>(), kToneHz, 2.0) << frame.dump();
  }
  EXPECT_GT(voiced, frames.size() * 8 / 10);
}

TEST_F(VoiceApiTest, ATooShortRecordingLeavesHnrAndCppsOutAndSaysWhy) {
  // 0.05 s: under the 0.117 s HNR needs and the 0.12 s CPPS needs (docs/voice.md).
  auto tone = harmonic_tone(kToneHz);
  tone.resize(static_cast<std::size_t>(0.05 * kSampleRateHz));
  const auto body = analyze(wav_bytes(tone), 200);
  EXPECT_TRUE(body.at("hnr_db").is_null()) << body.at("hnr_db");
  EXPECT_TRUE(body.at("cpps_db").is_null()) << body.at("cpps_db");
  ASSERT_TRUE(body.at("notes").is_array());
  EXPECT_FALSE(body.at("notes").empty());
}

TEST_F(VoiceApiTest, ALongEnoughRecordingHasNoNotes) {
  const auto body = analyze(wav_bytes(harmonic_tone(kToneHz)), 200);
  EXPECT_EQ(body.at("notes"), json::array());
}

TEST_F(VoiceApiTest, BytesThatAreNotAudioAre415NamingTheUpload) {
  const auto body = analyze("this is a text note, not a recording", 415);
  const auto& error = body.at("error");
  EXPECT_EQ(error.at("field"), "body");
  EXPECT_NE(error.at("message").get<std::string>().find("the uploaded recording is not an audio file"),
            std::string::npos)
      << error.dump();
  EXPECT_NE(error.at("hint").get<std::string>().find("WAV"), std::string::npos);
  expect_still_serving();
}

TEST_F(VoiceApiTest, SilenceIs422WithNoVoicedFramesFound) {
  const auto body = analyze(wav_bytes(std::vector<double>(kSampleRateHz, 0.0)), 422);
  EXPECT_EQ(body.at("error").at("message"), "no voiced frames found") << body.dump();
  expect_still_serving();
}

TEST_F(VoiceApiTest, EmptyBodyIs415AndGetIs405) {
  EXPECT_NE(analyze("", 415).at("error").at("message").get<std::string>().find("empty"), std::string::npos);
  auto result = client_->Get("/api/v1/voice/analyze");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 405);
  expect_still_serving();
}

TEST_F(VoiceApiTest, SaveStoresTheAnalysisAndAnswersWithItsId) {
  const auto body = analyze(wav_bytes(harmonic_tone(kToneHz)), 201, "?save=1&source=take%201.wav");
  EXPECT_EQ(body.at("stored"), true);
  const auto id = body.at("id").get<std::string>();
  EXPECT_FALSE(id.empty());
  EXPECT_GT(body.at("frames").size(), 150U);  // the page still gets the track to draw

  auto listed = client_->Get("/api/v1/voice/sessions");
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->status, 200) << listed->body;
  const auto sessions = json::parse(listed->body).at("voice_sessions");
  ASSERT_EQ(sessions.size(), 1U);
  const auto& saved = sessions[0];
  EXPECT_EQ(saved.at("id"), id);
  EXPECT_EQ(saved.at("task"), "analyze");
  EXPECT_EQ(saved.at("source"), "take 1.wav");
  EXPECT_NEAR(saved.at("measures").at("f0_mean_hz").get<double>(), kToneHz, 1.0);
  EXPECT_EQ(saved.at("result").at("f0_mean_hz"), body.at("f0_mean_hz"));
  EXPECT_EQ(saved.at("result").at("sample_rate_hz"), kSampleRateHz);
  // The journal keeps the measures, not the 10 ms pitch track.
  EXPECT_FALSE(saved.at("result").contains("frames"));

  auto history = client_->Get("/api/v1/history");
  ASSERT_TRUE(history);
  ASSERT_EQ(history->status, 200);
  const auto voice = json::parse(history->body).at("voice");
  EXPECT_NE(std::find(voice.at("measures").begin(), voice.at("measures").end(), "hnr_db"),
            voice.at("measures").end());
  ASSERT_EQ(voice.at("days").size(), 1U);
  EXPECT_EQ(voice.at("days")[0].at("date"), saved.at("date"));
  EXPECT_EQ(voice.at("days")[0].at("sessions"), 1);
  EXPECT_EQ(voice.at("days")[0].at("means").at("f0_mean_hz"), saved.at("measures").at("f0_mean_hz"));

  auto deleted = client_->Delete("/api/v1/voice/sessions/" + id);
  ASSERT_TRUE(deleted);
  EXPECT_EQ(deleted->status, 204);
  auto again = client_->Delete("/api/v1/voice/sessions/" + id);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 404);
  EXPECT_NE(json::parse(again->body).at("error").at("message").get<std::string>().find(id),
            std::string::npos);
  auto empty = client_->Get("/api/v1/voice/sessions");
  ASSERT_TRUE(empty);
  EXPECT_TRUE(json::parse(empty->body).at("voice_sessions").empty());
}

TEST_F(VoiceApiTest, WithoutSaveNothingIsStored) {
  EXPECT_EQ(analyze(wav_bytes(harmonic_tone(kToneHz)), 200, "?save=0").at("stored"), false);
  auto listed = client_->Get("/api/v1/voice/sessions");
  ASSERT_TRUE(listed);
  EXPECT_TRUE(json::parse(listed->body).at("voice_sessions").empty());
}

TEST_F(VoiceApiTest, ABadSaveValueOrAFailedAnalysisStoresNothing) {
  const auto bad = analyze(wav_bytes(harmonic_tone(kToneHz)), 400, "?save=yes");
  EXPECT_EQ(bad.at("error").at("field"), "save");
  EXPECT_NE(bad.at("error").at("message").get<std::string>().find("save must be a whole number from 0 to 1"),
            std::string::npos);
  analyze(wav_bytes(std::vector<double>(kSampleRateHz, 0.0)), 422, "?save=1");
  analyze("not audio", 415, "?save=1");
  auto listed = client_->Get("/api/v1/voice/sessions");
  ASSERT_TRUE(listed);
  EXPECT_TRUE(json::parse(listed->body).at("voice_sessions").empty());
}

TEST_F(VoiceApiTest, SessionsAreListedByLocalDayAndAMalformedDayIs400) {
  ASSERT_EQ(analyze(wav_bytes(harmonic_tone(kToneHz)), 201, "?save=1").at("stored"), true);
  auto before = client_->Get("/api/v1/voice/sessions?to=2000-01-01");
  ASSERT_TRUE(before);
  ASSERT_EQ(before->status, 200);
  EXPECT_TRUE(json::parse(before->body).at("voice_sessions").empty());
  auto since = client_->Get("/api/v1/voice/sessions?from=2000-01-01");
  ASSERT_TRUE(since);
  EXPECT_EQ(json::parse(since->body).at("voice_sessions").size(), 1U);
  auto malformed = client_->Get("/api/v1/voice/sessions?from=yesterday");
  ASSERT_TRUE(malformed);
  EXPECT_EQ(malformed->status, 400);
  EXPECT_EQ(json::parse(malformed->body).at("error").at("field"), "from");
  auto wrong = client_->Post("/api/v1/voice/sessions", "{}", "application/json");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 405);
}

TEST_F(VoiceApiTest, RangeOfATwoOctaveGlideIsTwentyFourSemitonesWithItsDrawing) {
  const auto body = range(wav_bytes(harmonic_glide(110.0, 440.0, 3.0)), 200);
  // A2 to A4; a semitone at either end may fall short of the 30 ms a note
  // needs to count, as the glide only touches it.
  EXPECT_GE(body.at("range_semitones").get<int>(), 22) << body.dump();
  EXPECT_LE(body.at("range_semitones").get<int>(), 24) << body.dump();
  EXPECT_NEAR(body.at("lowest_hz").get<double>(), 110.0, 110.0 * 0.06);
  EXPECT_NEAR(body.at("highest_hz").get<double>(), 440.0, 440.0 * 0.06);
  EXPECT_EQ(body.at("calibrated"), false);
  EXPECT_EQ(body.at("notes").size(), body.at("range_semitones").get<std::size_t>() + 1);
  EXPECT_EQ(body.at("svg").get<std::string>().rfind("<svg", 0), 0U);
  EXPECT_EQ(body.at("stored"), false);
}

TEST_F(VoiceApiTest, RangeAnswerIsTheCommandLinesJsonPlusTheDrawing) {
  const std::string wav = wav_bytes(harmonic_glide(150.0, 300.0, 2.0));
  const auto file = folder_ / "glide.wav";
  std::ofstream(file, std::ios::binary) << wav;
  const auto cli =
      json::parse(command_output(std::string(VELUM_BINARY) + " voice range --json '" + file.string() + "'"));
  auto served = range(wav, 200);
  served.erase("svg");
  served.erase("stored");
  EXPECT_EQ(served, cli);
}

TEST_F(VoiceApiTest, RangeOfSilenceIs422AndGetIs405) {
  EXPECT_EQ(range(wav_bytes(std::vector<double>(kSampleRateHz, 0.0)), 422).at("error").at("message"),
            "no voiced frames found");
  EXPECT_EQ(range("not audio", 415).at("error").at("field"), "body");
  auto result = client_->Get("/api/v1/voice/range");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 405);
  expect_still_serving();
}

}  // namespace
}  // namespace velum::server_test
