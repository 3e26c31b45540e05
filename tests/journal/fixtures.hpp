#pragma once
// Test helpers for the journal: a fresh temporary folder per test and sample
// records of every type with distinctive values.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "journal/records.hpp"
#include "journal/sqlite_store.hpp"

namespace velum::journal::testing {

using namespace std::chrono_literals;

// A unique temporary folder removed when the test ends.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "velum-journal-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path file() const { return journal_file(path_); }

 private:
  std::filesystem::path path_;
};

inline std::string read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void write_bytes(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

// 2026-03-14 09:26:53 UTC, recorded at UTC+01:00.
inline Timestamp sample_time(std::chrono::seconds later = 0s) {
  return Timestamp{std::chrono::sys_days{std::chrono::year{2026} / 3 / 14} + 9h + 26min + 53s + later, 60min};
}

inline std::unique_ptr<Store> open_or_fail(const std::filesystem::path& file,
                                           const SqliteOptions& options = {}) {
  auto store = open_sqlite_store(file, options);
  if (!store) {
    ADD_FAILURE() << store.error().message;
    return nullptr;
  }
  return std::move(*store);
}

inline SafetyScreening sample_screening() {
  SafetyScreening screening;
  screening.id = "screening-1";
  screening.question_set_version = 2;
  screening.answers = {
      {"recent-surgery", false}, {"bleeding-disorder", true}, {"fainting-with-gagging", false}};
  screening.taken_at = sample_time();
  screening.result = ScreenResult::kBlocked;
  return screening;
}

inline SessionRecord sample_session(std::string id = "session-1", std::chrono::seconds later = 0s) {
  SessionRecord session;
  session.id = std::move(id);
  session.routine_id = "core-release";
  session.routine_version = 3;
  session.pattern = "diaphragmatic";
  session.stage = 2;
  session.started_at = sample_time(later);
  session.ended_at = sample_time(later + 5min);
  session.outcome = SessionOutcome::kStopped;
  session.stop_reason = StopReason{practice::StopSignal::kDizziness, "felt faint after the third swallow"};
  return session;
}

inline StepResult sample_step(const std::string& session_id, int index) {
  StepResult step;
  step.session_id = session_id;
  step.step_id = "hold-" + std::to_string(index);
  step.index = index;
  step.planned_seconds = 60;
  step.actual_seconds = 47.25 + index;
  step.pain = index % 11;
  step.sensations = {practice::Sensation::kGagging, practice::Sensation::kWateringEyes};
  step.note = "raw, \"itchy\", then calmer\nsecond line";
  step.swallow_count = 3;
  step.gag_count = 1;
  step.hold_seconds = 1.5;
  return step;
}

inline CheckIn sample_checkin(std::string id = "checkin-1", std::chrono::seconds later = 0s) {
  CheckIn checkin;
  checkin.id = std::move(id);
  checkin.taken_at = sample_time(later);
  checkin.pain_in(Region::kSoftPalate) = 6;
  checkin.pain_in(Region::kEars) = 0;
  checkin.calm = 7;
  checkin.nasal_breathing_ease = 4;
  checkin.hydration_glasses = 5;
  checkin.note = "after lunch, a bit stuffy";
  return checkin;
}

inline PlanState sample_plan() {
  PlanState plan;
  plan.routine_id = "core-release";
  plan.current_stage = 3;
  plan.hold_stage = 1;
  plan.hold_stage_since = std::chrono::year{2026} / 3 / 10;
  plan.sessions_seen = 4;
  plan.paused = true;
  plan.pause_reason = "two stops in a row";
  plan.well_confirmed_at = sample_time(30min);
  plan.updated_at = sample_time(1h);
  return plan;
}

// An analysis as `velum voice analyze --save` stores it; result_json is written
// as nlohmann::json::dump() writes it (sorted keys, no spaces) so an export and
// import round trip reproduces it byte for byte.
inline VoiceSession sample_voice_session(std::string id = "voice-1", std::chrono::seconds later = 0s) {
  VoiceSession session;
  session.id = std::move(id);
  session.recorded_at = sample_time(later);
  session.task = VoiceTask::kAnalyze;
  session.source = "takes/sustained-a.wav";
  session.measure(VoiceMeasure::kF0MeanHz) = 212.5;
  session.measure(VoiceMeasure::kJitterLocal) = 0.0042;
  session.measure(VoiceMeasure::kShimmerLocal) = 0.031;
  session.measure(VoiceMeasure::kHnrDb) = 18.25;
  session.result_json =
      R"({"f0_mean_hz":212.5,"hnr_db":18.25,"jitter_local":0.0042,"shimmer_local":0.031,"spectral_tilt_db":-11.5})";
  return session;
}

}  // namespace velum::journal::testing
