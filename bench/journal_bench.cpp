// Journal budgets (DESIGN.md): record one session with 20 step results < 1 ms,
// and history over ten years of daily entries < 50 ms. The peer is the same rows
// written by a bare sqlite3 prepared-statement loop in the same run, so the
// figure shows what the Store's validation and abstraction cost.

#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>

#include "journal/history.hpp"
#include "journal/sqlite_store.hpp"

namespace {

using namespace velum::journal;
using namespace std::chrono_literals;

constexpr int kStepsPerSession = 20;
constexpr int kTenYearsOfDays = 3653;

// A folder on the same disk as the build (not tmpfs) so fsync costs are real.
class BenchDir {
 public:
  BenchDir() {
    std::string pattern = (std::filesystem::current_path() / "velum-bench-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  BenchDir(const BenchDir&) = delete;
  BenchDir& operator=(const BenchDir&) = delete;
  ~BenchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::filesystem::path file() const { return journal_file(path_); }

 private:
  std::filesystem::path path_;
};

Timestamp day_time(int day) {
  return Timestamp{std::chrono::sys_days{std::chrono::year{2016} / 1 / 1} + std::chrono::days{day} + 20h,
                   60min};
}

SessionRecord make_session(const std::string& id, int day) {
  SessionRecord session;
  session.id = id;
  session.routine_id = "core-release";
  session.routine_version = 2;
  session.pattern = "diaphragmatic";
  session.stage = 3;
  session.started_at = day_time(day);
  session.ended_at = day_time(day);
  session.ended_at->utc += 5min;
  session.outcome = SessionOutcome::kCompleted;
  return session;
}

StepResult make_step(const std::string& session_id, int index) {
  StepResult step;
  step.session_id = session_id;
  step.step_id = fmt::format("step-{}", index);
  step.index = index;
  step.planned_seconds = 30;
  step.actual_seconds = 29.5;
  step.pain = index % 7;
  step.sensations = {velum::practice::Sensation::kSoreness, velum::practice::Sensation::kSalivation};
  step.swallow_count = 2;
  step.hold_seconds = 1;
  return step;
}

std::unique_ptr<Store> open_store(const std::filesystem::path& file) {
  auto store = open_sqlite_store(file);
  if (!store) throw std::runtime_error(store.error().message);
  return std::move(*store);
}

// One session and its 20 step results in one transaction (record_session).
void BM_StoreRecordSession(benchmark::State& state) {
  BenchDir dir;
  auto store = open_store(dir.file());
  int n = 0;
  for (auto _ : state) {
    const auto id = fmt::format("s{}", n++);
    std::vector<StepResult> steps;
    for (int i = 0; i < kStepsPerSession; ++i) steps.push_back(make_step(id, i));
    if (!store->record_session(make_session(id, n % kTenYearsOfDays), steps))
      state.SkipWithError("write failed");
  }
}
BENCHMARK(BM_StoreRecordSession)->Unit(benchmark::kMicrosecond);

// The guided path: begin, each step committed as it ends (crash safety), end.
void BM_StoreGuidedSessionStepByStep(benchmark::State& state) {
  BenchDir dir;
  auto store = open_store(dir.file());
  int n = 0;
  for (auto _ : state) {
    const auto id = fmt::format("s{}", n++);
    auto session = make_session(id, n % kTenYearsOfDays);
    const auto ended = *session.ended_at;
    session.ended_at.reset();
    session.outcome.reset();
    bool ok = static_cast<bool>(store->begin_session(session));
    for (int i = 0; i < kStepsPerSession; ++i) ok = ok && store->add_step_result(make_step(id, i));
    ok = ok && store->end_session(id, ended, SessionOutcome::kCompleted, std::nullopt);
    if (!ok) state.SkipWithError("write failed");
  }
}
BENCHMARK(BM_StoreGuidedSessionStepByStep)->Unit(benchmark::kMicrosecond);

// Peer: the same rows through bare sqlite3 prepared statements in one
// transaction, same pragmas. Argument: 1 = synchronous NORMAL, 2 = FULL.
void BM_BareSqliteSession(benchmark::State& state) {
  BenchDir dir;
  auto store = open_store(dir.file());  // creates the same schema
  store.reset();
  sqlite3* db = nullptr;
  sqlite3_open(dir.file().c_str(), &db);
  sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON", nullptr, nullptr, nullptr);
  sqlite3_exec(db, state.range(0) == 2 ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL", nullptr,
               nullptr, nullptr);
  sqlite3_stmt* session_stmt = nullptr;
  sqlite3_stmt* step_stmt = nullptr;
  sqlite3_prepare_v2(
      db,
      "INSERT INTO sessions VALUES (?, 'local', 'core-release', 2, 'diaphragmatic', 3, "
      "'2016-01-01T20:00:00Z', 60, '2016-01-01T20:05:00Z', 60, 'completed', NULL, '', 'guided', NULL)",
      -1, &session_stmt, nullptr);
  sqlite3_prepare_v2(
      db, "INSERT INTO step_results VALUES (?, ?, ?, 30.0, 29.5, ?, 'soreness,salivation', '', 2, 0, 1.0)",
      -1, &step_stmt, nullptr);
  int n = 0;
  for (auto _ : state) {
    const auto id = fmt::format("s{}", n++);
    int rc = sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
    sqlite3_bind_text(session_stmt, 1, id.c_str(), -1, SQLITE_TRANSIENT);
    if (sqlite3_step(session_stmt) != SQLITE_DONE) rc = SQLITE_ERROR;
    sqlite3_reset(session_stmt);
    for (int i = 0; i < kStepsPerSession; ++i) {
      const auto step_id = fmt::format("step-{}", i);
      sqlite3_bind_text(step_stmt, 1, id.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int(step_stmt, 2, i);
      sqlite3_bind_text(step_stmt, 3, step_id.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int(step_stmt, 4, i % 7);
      if (sqlite3_step(step_stmt) != SQLITE_DONE) rc = SQLITE_ERROR;
      sqlite3_reset(step_stmt);
    }
    if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK || rc != SQLITE_OK) {
      state.SkipWithError("write failed");
    }
  }
  sqlite3_finalize(session_stmt);
  sqlite3_finalize(step_stmt);
  sqlite3_close(db);
}
BENCHMARK(BM_BareSqliteSession)->Arg(1)->Arg(2)->Unit(benchmark::kMicrosecond);

// Ten years of daily use: two check-ins and one session per day.
class TenYears {
 public:
  TenYears() {
    auto store = open_store(dir_.file());
    JournalData data;
    for (int day = 0; day < kTenYearsOfDays; ++day) {
      for (int i = 0; i < 2; ++i) {
        CheckIn checkin;
        checkin.id = fmt::format("c{}-{}", day, i);
        checkin.taken_at = day_time(day);
        checkin.taken_at.utc -= std::chrono::hours{10 * i};
        checkin.pain_in(Region::kSoftPalate) = (day + i) % 11;
        checkin.pain_in(Region::kThroat) = (day / 30) % 11;
        checkin.pain_in(Region::kNasopharynx) = (day * 7) % 11;
        checkin.calm = 6;
        data.checkins.push_back(checkin);
      }
      data.sessions.push_back(make_session(fmt::format("s{}", day), day));
    }
    if (!store->import_all(data)) throw std::runtime_error("could not generate ten years");
  }
  std::filesystem::path file() const { return dir_.file(); }

 private:
  BenchDir dir_;
};

// What `velum history` does: open, read both tables, summarize, draw trends.
void BM_HistoryTenYears(benchmark::State& state) {
  TenYears years;
  for (auto _ : state) {
    auto store = open_store(years.file());
    auto checkins = store->checkins({});
    auto sessions = store->sessions({});
    if (!checkins || !sessions) state.SkipWithError("read failed");
    const auto days = summarize_days(*checkins, *sessions);
    const auto trends = region_trends(days, 36);
    benchmark::DoNotOptimize(trends);
    state.counters["days"] = static_cast<double>(days.size());
  }
}
BENCHMARK(BM_HistoryTenYears)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
