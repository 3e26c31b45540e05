// The SQLite journal backend. Connection settings, and why:
// - WAL: readers (history, export) never block the writer committing a step,
//   and a killed process leaves a consistent file.
// - synchronous=NORMAL: in WAL mode a commit survives any process crash (kill -9
//   included, see the crash test) and the file is never corrupted; only a power
//   cut or kernel crash can drop the last few commits. FULL adds an fsync to every
//   commit: measured on the dev machine (bench/journal_bench.cpp) one session with
//   20 steps took 6.1 ms with FULL against 0.59 ms with NORMAL, which breaks the
//   < 1 ms budget, and 20 times that when steps are committed one by one.
// - foreign_keys=ON: a step result cannot outlive or precede its session.
// - busy_timeout: a second velum (the web app beside a terminal) waits for the
//   other's short transaction instead of failing.
// Every write is one BEGIN IMMEDIATE transaction: taking the write lock up front
// means a waiting writer retries under busy_timeout rather than failing with a
// lock-upgrade deadlock.

#include "journal/sqlite_store.hpp"

#include <fmt/format.h>

#include <array>
#include <fstream>
#include <system_error>
#include <unordered_map>

#include "journal/detail/migrations.hpp"
#include "journal/detail/open_database.hpp"
#include "journal/detail/sqlite_handle.hpp"
#include "journal/detail/wal_checkpointer.hpp"

namespace velum::journal {
namespace {

using detail::DbHandle;
using detail::Statement;

std::string join_sensations(const std::vector<practice::Sensation>& sensations) {
  std::string joined;
  for (auto sensation : sensations) {
    if (!joined.empty()) joined += ',';
    joined += practice::to_string(sensation);
  }
  return joined;
}

std::optional<std::vector<practice::Sensation>> split_sensations(std::string_view joined) {
  std::vector<practice::Sensation> sensations;
  while (!joined.empty()) {
    const auto comma = joined.find(',');
    const auto spelling = joined.substr(0, comma);
    auto sensation = practice::parse<practice::Sensation>(spelling);
    if (!sensation) return std::nullopt;
    sensations.push_back(*sensation);
    joined = comma == std::string_view::npos ? std::string_view{} : joined.substr(comma + 1);
  }
  return sensations;
}

// Column lists kept in one place so SELECTs and readers agree.
constexpr const char* kSessionColumns =
    "id, user_id, routine_id, routine_version, pattern, stage, started_at, started_at_offset_minutes, "
    "ended_at, "
    "ended_at_offset_minutes, outcome, stop_reason, stop_text, source, pain";
constexpr const char* kStepColumns =
    "session_id, step_id, step_index, planned_seconds, actual_seconds, pain, sensations, note, "
    "swallow_count, "
    "gag_count, hold_seconds";
constexpr const char* kQualifiedStepColumns =
    "step_results.session_id, step_id, step_index, planned_seconds, actual_seconds, step_results.pain, "
    "sensations, "
    "note, swallow_count, gag_count, hold_seconds";
constexpr const char* kCheckinColumns =
    "id, user_id, taken_at, taken_at_offset_minutes, pain_soft_palate, pain_nasopharynx, pain_throat, "
    "pain_nose, "
    "pain_face_jaw, pain_ears, calm, nasal_breathing_ease, hydration_glasses, note";
constexpr const char* kPlanColumns =
    "user_id, routine_id, current_stage, hold_stage, paused, pause_reason, updated_at, "
    "updated_at_offset_minutes, hold_stage_since, sessions_seen, well_confirmed_at, "
    "well_confirmed_at_offset_minutes";
constexpr const char* kVoiceSessionColumns =
    "id, user_id, recorded_at, recorded_at_offset_minutes, recorded_on, task, source, f0_mean_hz, "
    "jitter_local, shimmer_local, hnr_db, cpps_db, range_semitones, range_low_hz, range_high_hz, "
    "mpt_seconds, match_accuracy_cents, match_precision_cents, result_json";
// Column of the first measure in kVoiceSessionColumns (0-based, as read); the
// measures follow in VoiceMeasure order, then result_json.
constexpr int kFirstVoiceMeasureColumn = 7;
constexpr int kVoiceResultColumn = kFirstVoiceMeasureColumn + static_cast<int>(kVoiceMeasureCount);
constexpr const char* kScreeningColumns =
    "id, user_id, question_set_version, taken_at, taken_at_offset_minutes, result";

class SqliteStore final : public Store {
 public:
  SqliteStore(DbHandle db, std::filesystem::path file, std::unique_ptr<detail::WalCheckpointer> checkpointer)
      : db_(std::move(db)), file_(std::move(file)), checkpointer_(std::move(checkpointer)) {}

  Status add_screening(const SafetyScreening& screening) override {
    if (auto error = validate(screening)) return *error;
    return write("saving the safety screening in", [&] { return insert(screening, nullptr); });
  }

  Result<std::vector<SafetyScreening>> screenings(const Query& query) override {
    return read_screenings(&query.user_id, query.since_utc);
  }

  Status begin_session(const SessionRecord& session) override {
    if (auto error = validate(session)) return *error;
    return write("starting the session in", [&] { return insert(session, nullptr); });
  }

  Status add_step_result(const StepResult& step) override {
    if (auto error = validate(step)) return *error;
    return write("saving the step result in", [&] { return insert(step, nullptr); });
  }

  Status end_session(const std::string& session_id, Timestamp ended_at, SessionOutcome outcome,
                     std::optional<StopReason> stop_reason) override {
    if ((outcome == SessionOutcome::kStopped) != stop_reason.has_value()) {
      return Error{ErrorCode::kInvalidInput,
                   "a stop reason is required for a stopped session and only for one"};
    }
    if (stop_reason && !stop_reason->signal && !stop_reason->interrupted && stop_reason->text.empty()) {
      return Error{ErrorCode::kInvalidInput, "a stop reason of \"other\" needs a few words on what happened"};
    }
    return write("ending the session in", [&]() -> std::optional<Error> {
      auto& update = statement(
          "UPDATE sessions SET ended_at = CASE WHEN started_at > ?1 THEN started_at ELSE ?1 END, "
          "ended_at_offset_minutes = ?2, outcome = ?3, stop_reason = ?4, stop_text = ?5 "
          "WHERE id = ?6 AND outcome IS NULL");
      update.bind(1, to_utc_text(ended_at.utc));
      update.bind(2, static_cast<int>(ended_at.utc_offset.count()));
      update.bind(3, to_string(outcome));
      if (stop_reason) {
        update.bind(4, stop_reason_spelling(*stop_reason));
        update.bind(5, stop_reason->text);
      } else {
        update.bind_null(4);
        update.bind(5, std::string_view{});
      }
      update.bind(6, session_id);
      if (auto error = run(update, "ending the session in")) return error;
      if (sqlite3_changes(db_.get()) == 0) {
        return Error{ErrorCode::kNotFound, fmt::format("there is no running session with id {}", session_id)};
      }
      return std::nullopt;
    });
  }

  Status rate_step(const std::string& session_id, int index, std::optional<int> pain,
                   const std::vector<practice::Sensation>& sensations) override {
    StepResult probe;
    probe.session_id = session_id;
    probe.step_id = "rated";
    probe.index = index;
    probe.pain = pain;
    if (auto error = validate(probe)) return *error;
    return write("saving the step rating in", [&]() -> std::optional<Error> {
      auto& update = statement(
          "UPDATE step_results SET pain = ?1, sensations = ?2 WHERE session_id = ?3 AND step_index = ?4");
      update.bind(1, pain);
      update.bind(2, join_sensations(sensations));
      update.bind(3, session_id);
      update.bind(4, index);
      if (auto error = run(update, "saving the step rating in")) return error;
      if (sqlite3_changes(db_.get()) == 0) {
        return Error{ErrorCode::kNotFound,
                     fmt::format("there is no step {} in session {}", index, session_id)};
      }
      return std::nullopt;
    });
  }

  Status record_session(const SessionRecord& session, const std::vector<StepResult>& steps) override {
    if (auto error = validate(session)) return *error;
    for (const auto& step : steps) {
      if (auto error = validate(step)) return *error;
      if (step.session_id != session.id) {
        return Error{ErrorCode::kInvalidInput, fmt::format("step {} belongs to session {}, not {}",
                                                           step.index, step.session_id, session.id)};
      }
    }
    return write("saving the session in", [&]() -> std::optional<Error> {
      if (auto error = insert(session, nullptr)) return error;
      for (const auto& step : steps) {
        if (auto error = insert(step, nullptr)) return error;
      }
      return std::nullopt;
    });
  }

  Result<int> mark_interrupted_sessions(Timestamp now) override {
    int marked = 0;
    auto status = write("closing interrupted sessions in", [&]() -> std::optional<Error> {
      auto& update = statement(
          "UPDATE sessions SET ended_at = CASE WHEN started_at > ?1 THEN started_at ELSE ?1 END, "
          "ended_at_offset_minutes = ?2, outcome = 'interrupted' WHERE outcome IS NULL");
      update.bind(1, to_utc_text(now.utc));
      update.bind(2, static_cast<int>(now.utc_offset.count()));
      if (auto error = run(update, "closing interrupted sessions in")) return error;
      marked = sqlite3_changes(db_.get());
      return std::nullopt;
    });
    if (!status) return status.error();
    return marked;
  }

  Result<std::vector<SessionRecord>> sessions(const Query& query) override {
    return read_sessions(&query.user_id, query.since_utc);
  }

  Result<Page<SessionRecord>> sessions_page(const PageQuery& query) override {
    if (query.limit == 0) return invalid_limit(query.limit);
    static const std::string sql = fmt::format(
        "SELECT {} FROM sessions WHERE user_id = ?1 AND (?2 IS NULL OR started_at < ?2 OR (started_at = ?2 "
        "AND id < ?3)) ORDER BY started_at DESC, id DESC LIMIT ?4",
        kSessionColumns);
    auto& select = statement(sql.c_str());
    bind_page(select, query);
    auto rows = collect<SessionRecord>(select, [this](Statement& row) { return read_session(row); });
    if (!rows) return rows.error();
    return to_page(std::move(*rows), query.limit, [](const SessionRecord& session) {
      return PageKey{session.started_at.utc, session.id};
    });
  }

  Result<std::vector<StepResult>> step_results(const std::string& session_id) override {
    static const std::string sql =
        fmt::format("SELECT {} FROM step_results WHERE session_id = ? ORDER BY step_index", kStepColumns);
    auto& select = statement(sql.c_str());
    select.bind(1, session_id);
    return collect<StepResult>(select, [this](Statement& row) { return read_step(row); });
  }

  Status add_checkin(const CheckIn& checkin) override {
    if (auto error = validate(checkin)) return *error;
    return write("saving the check-in in", [&] { return insert(checkin, nullptr); });
  }

  Result<std::vector<CheckIn>> checkins(const Query& query) override {
    return read_checkins(&query.user_id, query.since_utc);
  }

  Result<Page<CheckIn>> checkins_page(const PageQuery& query) override {
    if (query.limit == 0) return invalid_limit(query.limit);
    // (taken_at, id) < (?2, ?3) written out: the index on (user_id, taken_at) serves it.
    static const std::string sql = fmt::format(
        "SELECT {} FROM checkins WHERE user_id = ?1 AND (?2 IS NULL OR taken_at < ?2 OR (taken_at = ?2 AND "
        "id < ?3)) ORDER BY taken_at DESC, id DESC LIMIT ?4",
        kCheckinColumns);
    auto& select = statement(sql.c_str());
    bind_page(select, query);
    auto rows = collect<CheckIn>(select, [this](Statement& row) { return read_checkin(row); });
    if (!rows) return rows.error();
    return to_page(std::move(*rows), query.limit, [](const CheckIn& checkin) {
      return PageKey{checkin.taken_at.utc, checkin.id};
    });
  }

  Status update_checkin(const CheckIn& checkin) override {
    if (auto error = validate(checkin)) return *error;
    // Delete and insert in one transaction: the row is replaced whole, and a
    // missing id is told apart from a failed write.
    return write("saving the changed check-in in", [&]() -> std::optional<Error> {
      if (auto error = remove_checkin(checkin.user_id, checkin.id, "saving the changed check-in in"))
        return error;
      return insert(checkin, nullptr);
    });
  }

  Status delete_checkin(const std::string& user_id, const std::string& checkin_id) override {
    return write("deleting the check-in from",
                 [&] { return remove_checkin(user_id, checkin_id, "deleting the check-in from"); });
  }

  Status save_plan_state(const PlanState& state) override {
    if (auto error = validate(state)) return *error;
    return write("saving the plan in", [&] { return insert(state, nullptr, /*replace=*/true); });
  }

  Result<std::vector<PlanState>> plan_states(const std::string& user_id) override {
    return read_plans(&user_id);
  }

  Status add_study_plan(const StudyPlan& plan) override {
    if (auto error = validate(plan)) return *error;
    return write("saving the study plan in", [&] { return insert(plan, nullptr); });
  }

  Result<std::vector<StudyPlan>> study_plans(const std::string& user_id) override {
    return read_study_plans(&user_id);
  }

  Status add_voice_session(const VoiceSession& session) override {
    if (auto error = validate(session)) return *error;
    return write("saving the voice session in", [&] { return insert(session, nullptr); });
  }

  Result<Page<VoiceSession>> voice_sessions_page(const PageQuery& query, const DayRange& days) override {
    if (query.limit == 0) return invalid_limit(query.limit);
    static const std::string sql = fmt::format(
        "SELECT {} FROM voice_sessions WHERE user_id = ?1 AND (?2 IS NULL OR recorded_at < ?2 OR "
        "(recorded_at "
        "= ?2 AND id < ?3)) AND (?5 IS NULL OR recorded_on >= ?5) AND (?6 IS NULL OR recorded_on <= ?6) "
        "ORDER BY recorded_at DESC, id DESC LIMIT ?4",
        kVoiceSessionColumns);
    auto& select = statement(sql.c_str());
    bind_page(select, query);
    bind_days(select, 5, days);
    auto rows = collect<VoiceSession>(select, [this](Statement& row) { return read_voice_session(row); });
    if (!rows) return rows.error();
    return to_page(std::move(*rows), query.limit, [](const VoiceSession& session) {
      return PageKey{session.recorded_at.utc, session.id};
    });
  }

  Result<std::vector<VoiceSession>> voice_sessions(const std::string& user_id,
                                                   const DayRange& days) override {
    return read_voice_sessions(&user_id, days);
  }

  Status delete_voice_session(const std::string& user_id, const std::string& session_id) override {
    return write("deleting the voice session from", [&]() -> std::optional<Error> {
      auto& remove = statement("DELETE FROM voice_sessions WHERE id = ?1 AND user_id = ?2");
      remove.bind(1, session_id);
      remove.bind(2, user_id);
      if (auto error = run(remove, "deleting the voice session from")) return error;
      if (sqlite3_changes(db_.get()) == 0) {
        return Error{ErrorCode::kNotFound,
                     fmt::format("there is no voice session with id {} in the journal", session_id)};
      }
      return std::nullopt;
    });
  }

  Result<std::string> pseudonym() override {
    auto& select = statement("SELECT pseudonym FROM journal_identity WHERE singleton = 1");
    auto rows = collect<std::string>(
        select, [](Statement& row) -> Result<std::string> { return row.column_text(0); });
    if (!rows) return rows.error();
    if (rows->size() != 1) return damaged_row("journal_identity", "the pseudonym row is missing");
    return rows->front();
  }

  Result<JournalData> export_all() override {
    // One read transaction so the export is a consistent snapshot even while
    // another process writes.
    if (int code = detail::exec(db_.get(), "BEGIN"); code != SQLITE_OK) return fail(code, "reading");
    JournalData data;
    std::optional<Error> failure;
    auto take = [&failure](auto result, auto& into) {
      if (failure) return;
      if (!result) {
        failure = result.error();
      } else {
        into = std::move(*result);
      }
    };
    take(read_screenings(nullptr, std::nullopt), data.screenings);
    take(read_sessions(nullptr, std::nullopt), data.sessions);
    take(read_all_steps(), data.step_results);
    take(read_checkins(nullptr, std::nullopt), data.checkins);
    take(read_plans(nullptr), data.plan_states);
    take(read_study_plans(nullptr), data.study_plans);
    take(read_voice_sessions(nullptr, DayRange{}), data.voice_sessions);
    detail::exec(db_.get(), "COMMIT");
    if (failure) return *failure;
    return data;
  }

  Result<ImportReport> import_all(const JournalData& data) override {
    if (auto error = validate_all(data)) return *error;
    ImportReport report;
    auto status = write("importing into", [&]() -> std::optional<Error> {
      bool added = false;
      auto count = [&] { (added ? report.added : report.already_present) += 1; };
      for (const auto& screening : data.screenings) {
        if (auto error = insert(screening, &added)) return error;
        count();
      }
      for (const auto& session : data.sessions) {
        if (auto error = insert(session, &added)) return error;
        count();
      }
      for (const auto& step : data.step_results) {
        if (auto error = insert(step, &added)) return error;
        count();
      }
      for (const auto& checkin : data.checkins) {
        if (auto error = insert(checkin, &added)) return error;
        count();
      }
      for (const auto& plan : data.plan_states) {
        if (auto error = insert(plan, &added, /*replace=*/false)) return error;
        count();
      }
      for (const auto& plan : data.study_plans) {
        if (auto error = insert(plan, &added)) return error;
        count();
      }
      for (const auto& voice : data.voice_sessions) {
        if (auto error = insert(voice, &added)) return error;
        count();
      }
      return std::nullopt;
    });
    if (!status) return status.error();
    return report;
  }

  Status backup_to(const std::filesystem::path& destination, bool overwrite) override {
    std::error_code ec;
    if (std::filesystem::exists(destination, ec) && !overwrite) {
      return Error{ErrorCode::kDuplicate,
                   fmt::format("{} already exists; choose another name, or pass --force to "
                               "replace it",
                               destination.string())};
    }
    // Write beside the destination and rename at the end, so a failed backup
    // never leaves a half-written file under the name asked for.
    auto partial = destination;
    partial += ".partial";
    std::filesystem::remove(partial, ec);
    sqlite3* raw = nullptr;
    int code = sqlite3_open_v2(partial.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    DbHandle target(raw);
    if (code != SQLITE_OK) return detail::sqlite_error(target.get(), code, partial, "creating the backup of");
    sqlite3_backup* backup = sqlite3_backup_init(target.get(), "main", db_.get(), "main");
    if (backup == nullptr) {
      return detail::sqlite_error(target.get(), sqlite3_errcode(target.get()), partial,
                                  "creating the backup of");
    }
    code = sqlite3_backup_step(backup, -1);  // -1: every page in one step, one consistent snapshot
    const int finish = sqlite3_backup_finish(backup);
    if (code == SQLITE_DONE) code = finish;
    // A backup is one self-contained file: no -wal or -shm beside it.
    if (code == SQLITE_OK) code = detail::exec(target.get(), "PRAGMA journal_mode=DELETE");
    if (code != SQLITE_OK) {
      auto error = detail::sqlite_error(target.get(), code, destination, "writing the backup of");
      target.reset();
      std::filesystem::remove(partial, ec);
      return error;
    }
    target.reset();
    std::filesystem::rename(partial, destination, ec);
    if (ec) {
      std::filesystem::remove(partial, ec);
      return Error{ErrorCode::kIo, fmt::format("could not move the backup into place at {}: {}",
                                               destination.string(), ec.message())};
    }
    return ok_status();
  }

 private:
  Statement& statement(const char* sql) {
    auto found = statements_.find(sql);
    if (found == statements_.end()) found = statements_.emplace(sql, Statement(db_.get(), sql)).first;
    return found->second;
  }

  Error fail(int code, std::string_view doing) { return detail::sqlite_error(db_.get(), code, file_, doing); }

  // Steps a statement expected to finish (INSERT/UPDATE); resets it either way.
  std::optional<Error> run(Statement& stmt, std::string_view doing) {
    if (stmt.prepare_code() != SQLITE_OK) return fail(stmt.prepare_code(), doing);
    const int code = stmt.step();
    std::optional<Error> error;
    if (code != SQLITE_DONE) error = fail(code, doing);
    stmt.reset();
    return error;
  }

  template <typename Body>
  Status write(std::string_view doing, Body&& body) {
    int code = detail::exec(db_.get(), "BEGIN IMMEDIATE");
    if (code != SQLITE_OK) return fail(code, doing);
    std::optional<Error> failure = body();
    if (!failure) {
      code = detail::exec(db_.get(), "COMMIT");
      if (code == SQLITE_OK) return ok_status();
      failure = fail(code, doing);
    }
    detail::exec(db_.get(), "ROLLBACK");
    return *failure;
  }

  template <typename T, typename Reader>
  Result<std::vector<T>> collect(Statement& select, Reader&& reader) {
    std::vector<T> rows;
    if (select.prepare_code() != SQLITE_OK) return fail(select.prepare_code(), "reading");
    int code = SQLITE_ROW;
    std::optional<Error> failure;
    while ((code = select.step()) == SQLITE_ROW) {
      auto row = reader(select);
      if (!row) {
        failure = row.error();
        break;
      }
      rows.push_back(std::move(*row));
    }
    if (!failure && code != SQLITE_DONE) failure = fail(code, "reading");
    select.reset();
    if (failure) return *failure;
    return rows;
  }

  Error damaged_row(std::string_view table, std::string_view what) {
    return {ErrorCode::kCorrupt,
            fmt::format("the journal {} has a damaged row in {}: {}. It was left untouched; "
                        "restore it from a backup.",
                        file_.string(), table, what)};
  }

  Result<Timestamp> read_time(Statement& row, int utc_column, int offset_column, std::string_view table) {
    auto utc = parse_utc_text(row.column_text(utc_column));
    if (!utc) return damaged_row(table, fmt::format("malformed time '{}'", row.column_text(utc_column)));
    return Timestamp{*utc, std::chrono::minutes{row.column_int(offset_column)}};
  }

  // Binds "since" as ?2 (NULL = no lower bound) and the user as ?1 (NULL = every user).
  static void bind_filter(Statement& select, const std::string* user_id,
                          const std::optional<std::chrono::sys_seconds>& since_utc) {
    if (user_id != nullptr) {
      select.bind(1, *user_id);
    } else {
      select.bind_null(1);
    }
    if (since_utc) {
      select.bind(2, to_utc_text(*since_utc));
    } else {
      select.bind_null(2);
    }
  }

  Result<std::vector<SafetyScreening>> read_screenings(
      const std::string* user_id, const std::optional<std::chrono::sys_seconds>& since_utc) {
    static const std::string sql = fmt::format(
        "SELECT {} FROM safety_screenings WHERE (?1 IS NULL OR user_id = ?1) AND (?2 IS NULL OR taken_at >= "
        "?2) "
        "ORDER BY taken_at, id",
        kScreeningColumns);
    auto& select = statement(sql.c_str());
    bind_filter(select, user_id, since_utc);
    auto rows = collect<SafetyScreening>(select, [this](Statement& row) -> Result<SafetyScreening> {
      SafetyScreening screening;
      screening.id = row.column_text(0);
      screening.user_id = row.column_text(1);
      screening.question_set_version = static_cast<int>(row.column_int(2));
      auto taken = read_time(row, 3, 4, "safety_screenings");
      if (!taken) return taken.error();
      screening.taken_at = *taken;
      auto result = parse_screen_result(row.column_text(5));
      if (!result) return damaged_row("safety_screenings", "unknown result");
      screening.result = *result;
      return screening;
    });
    if (!rows) return rows;
    auto& answers = statement(
        "SELECT question_id, answer FROM screening_answers WHERE screening_id = ? ORDER BY position");
    for (auto& screening : *rows) {
      answers.bind(1, screening.id);
      auto read = collect<ScreenAnswer>(answers, [](Statement& row) -> Result<ScreenAnswer> {
        return ScreenAnswer{row.column_text(0), row.column_int(1) != 0};
      });
      if (!read) return read.error();
      screening.answers = std::move(*read);
    }
    return rows;
  }

  Result<SessionRecord> read_session(Statement& row) {
    SessionRecord session;
    session.id = row.column_text(0);
    session.user_id = row.column_text(1);
    session.routine_id = row.column_text(2);
    session.routine_version = static_cast<int>(row.column_int(3));
    session.pattern = row.column_text(4);
    session.stage = static_cast<int>(row.column_int(5));
    auto started = read_time(row, 6, 7, "sessions");
    if (!started) return started.error();
    session.started_at = *started;
    if (!row.column_is_null(8)) {
      auto ended = read_time(row, 8, 9, "sessions");
      if (!ended) return ended.error();
      session.ended_at = *ended;
    }
    if (!row.column_is_null(10)) {
      auto outcome = parse_session_outcome(row.column_text(10));
      if (!outcome) return damaged_row("sessions", "unknown outcome");
      session.outcome = *outcome;
    }
    if (!row.column_is_null(11)) {
      auto reason = parse_stop_reason(row.column_text(11), row.column_text(12));
      if (!reason)
        return damaged_row("sessions", fmt::format("unknown stop reason '{}'", row.column_text(11)));
      session.stop_reason = std::move(*reason);
    }
    auto source = parse_session_source(row.column_text(13));
    if (!source) return damaged_row("sessions", "unknown source");
    session.source = *source;
    session.pain = row.column_optional_int(14);
    return session;
  }

  Result<std::vector<SessionRecord>> read_sessions(const std::string* user_id,
                                                   const std::optional<std::chrono::sys_seconds>& since_utc) {
    static const std::string sql = fmt::format(
        "SELECT {} FROM sessions WHERE (?1 IS NULL OR user_id = ?1) AND (?2 IS NULL OR started_at >= ?2) "
        "ORDER BY started_at, id",
        kSessionColumns);
    auto& select = statement(sql.c_str());
    bind_filter(select, user_id, since_utc);
    return collect<SessionRecord>(select, [this](Statement& row) { return read_session(row); });
  }

  Result<StepResult> read_step(Statement& row) {
    StepResult step;
    step.session_id = row.column_text(0);
    step.step_id = row.column_text(1);
    step.index = static_cast<int>(row.column_int(2));
    step.planned_seconds = row.column_double(3);
    step.actual_seconds = row.column_double(4);
    step.pain = row.column_optional_int(5);
    auto sensations = split_sensations(row.column_text(6));
    if (!sensations)
      return damaged_row("step_results", fmt::format("unknown sensation in '{}'", row.column_text(6)));
    step.sensations = std::move(*sensations);
    step.note = row.column_text(7);
    step.swallow_count = static_cast<int>(row.column_int(8));
    step.gag_count = static_cast<int>(row.column_int(9));
    step.hold_seconds = row.column_double(10);
    return step;
  }

  Result<std::vector<StepResult>> read_all_steps() {
    static const std::string sql = fmt::format(
        "SELECT {} FROM step_results JOIN sessions ON sessions.id = step_results.session_id "
        "ORDER BY sessions.started_at, sessions.id, step_index",
        kQualifiedStepColumns);
    auto& select = statement(sql.c_str());
    return collect<StepResult>(select, [this](Statement& row) { return read_step(row); });
  }

  Result<std::vector<CheckIn>> read_checkins(const std::string* user_id,
                                             const std::optional<std::chrono::sys_seconds>& since_utc) {
    static const std::string sql = fmt::format(
        "SELECT {} FROM checkins WHERE (?1 IS NULL OR user_id = ?1) AND (?2 IS NULL OR taken_at >= ?2) "
        "ORDER BY taken_at, id",
        kCheckinColumns);
    auto& select = statement(sql.c_str());
    bind_filter(select, user_id, since_utc);
    return collect<CheckIn>(select, [this](Statement& row) { return read_checkin(row); });
  }

  Result<CheckIn> read_checkin(Statement& row) {
    CheckIn checkin;
    checkin.id = row.column_text(0);
    checkin.user_id = row.column_text(1);
    auto taken = read_time(row, 2, 3, "checkins");
    if (!taken) return taken.error();
    checkin.taken_at = *taken;
    constexpr int kFirstPainColumn = 4;
    for (std::size_t i = 0; i < kRegionCount; ++i) {
      checkin.pain[i] = row.column_optional_int(kFirstPainColumn + static_cast<int>(i));
    }
    checkin.calm = row.column_optional_int(10);
    checkin.nasal_breathing_ease = row.column_optional_int(11);
    checkin.hydration_glasses = row.column_optional_int(12);
    checkin.note = row.column_text(13);
    return checkin;
  }

  Result<std::vector<PlanState>> read_plans(const std::string* user_id) {
    static const std::string sql = fmt::format(
        "SELECT {} FROM plan_states WHERE (?1 IS NULL OR user_id = ?1) ORDER BY user_id, routine_id",
        kPlanColumns);
    auto& select = statement(sql.c_str());
    bind_filter(select, user_id, std::nullopt);
    return collect<PlanState>(select, [this](Statement& row) -> Result<PlanState> {
      PlanState plan;
      plan.user_id = row.column_text(0);
      plan.routine_id = row.column_text(1);
      plan.current_stage = static_cast<int>(row.column_int(2));
      plan.hold_stage = static_cast<int>(row.column_int(3));
      plan.paused = row.column_int(4) != 0;
      plan.pause_reason = row.column_text(5);
      auto updated = read_time(row, 6, 7, "plan_states");
      if (!updated) return updated.error();
      plan.updated_at = *updated;
      if (!row.column_is_null(8)) {
        plan.hold_stage_since = parse_date_text(row.column_text(8));
        if (!plan.hold_stage_since) return damaged_row("plan_states", "a hold start that is not a date");
      }
      plan.sessions_seen = static_cast<int>(row.column_int(9));
      if (!row.column_is_null(10)) {
        auto confirmed = read_time(row, 10, 11, "plan_states");
        if (!confirmed) return confirmed.error();
        plan.well_confirmed_at = *confirmed;
      }
      return plan;
    });
  }

  Result<std::vector<StudyPlan>> read_study_plans(const std::string* user_id) {
    static const char* sql =
        "SELECT id, user_id, earliest, latest, start_day, seed, drawn_at, drawn_at_offset_minutes FROM "
        "study_plans "
        "WHERE (?1 IS NULL OR user_id = ?1) ORDER BY drawn_at, id";
    auto& select = statement(sql);
    bind_filter(select, user_id, std::nullopt);
    return collect<StudyPlan>(select, [this](Statement& row) -> Result<StudyPlan> {
      StudyPlan plan;
      plan.id = row.column_text(0);
      plan.user_id = row.column_text(1);
      const auto earliest = parse_date_text(row.column_text(2));
      const auto latest = parse_date_text(row.column_text(3));
      const auto start = parse_date_text(row.column_text(4));
      if (!earliest || !latest || !start) return damaged_row("study_plans", "a day that is not a date");
      plan.earliest = *earliest;
      plan.latest = *latest;
      plan.start = *start;
      plan.seed = row.column_text(5);
      auto drawn = read_time(row, 6, 7, "study_plans");
      if (!drawn) return drawn.error();
      plan.drawn_at = *drawn;
      return plan;
    });
  }

  // Days are compared as YYYY-MM-DD text, which sorts as the calendar does.
  Result<std::vector<VoiceSession>> read_voice_sessions(const std::string* user_id, const DayRange& days) {
    static const std::string sql = fmt::format(
        "SELECT {} FROM voice_sessions WHERE (?1 IS NULL OR user_id = ?1) AND (?2 IS NULL OR recorded_on >= "
        "?2) AND (?3 IS NULL OR recorded_on <= ?3) ORDER BY recorded_at, id",
        kVoiceSessionColumns);
    auto& select = statement(sql.c_str());
    bind_filter(select, user_id, std::nullopt);
    bind_days(select, 2, days);
    return collect<VoiceSession>(select, [this](Statement& row) { return read_voice_session(row); });
  }

  // Binds the days' first and last as ?first_index and ?first_index + 1 (NULL = open end).
  static void bind_days(Statement& select, int first_index, const DayRange& days) {
    if (days.first) {
      select.bind(first_index, to_date_text(*days.first));
    } else {
      select.bind_null(first_index);
    }
    if (days.last) {
      select.bind(first_index + 1, to_date_text(*days.last));
    } else {
      select.bind_null(first_index + 1);
    }
  }

  Result<VoiceSession> read_voice_session(Statement& row) {
    VoiceSession session;
    session.id = row.column_text(0);
    session.user_id = row.column_text(1);
    auto recorded = read_time(row, 2, 3, "voice_sessions");
    if (!recorded) return recorded.error();
    session.recorded_at = *recorded;
    auto task = parse_voice_task(row.column_text(5));
    if (!task) return damaged_row("voice_sessions", fmt::format("unknown task '{}'", row.column_text(5)));
    session.task = *task;
    session.source = row.column_text(6);
    for (std::size_t i = 0; i < kVoiceMeasureCount; ++i) {
      const int column = kFirstVoiceMeasureColumn + static_cast<int>(i);
      if (!row.column_is_null(column)) session.measures[i] = row.column_double(column);
    }
    session.result_json = row.column_text(kVoiceResultColumn);
    return session;
  }

  // Binds a page query's user (?1), position (?2 time, ?3 id; NULL = from the
  // newest) and limit + 1 (?4: one more row than asked tells whether a next page exists).
  static void bind_page(Statement& select, const PageQuery& query) {
    select.bind(1, query.user_id);
    if (query.after) {
      select.bind(2, to_utc_text(query.after->utc));
      select.bind(3, query.after->id);
    } else {
      select.bind_null(2);
      select.bind_null(3);
    }
    select.bind(4, static_cast<std::int64_t>(query.limit + 1));
  }

  // The rows of a page query read with `limit + 1`, cut to the limit; the
  // next key is the last kept record's when a row was left over.
  template <typename T, typename KeyOf>
  static Page<T> to_page(std::vector<T> rows, std::size_t limit, KeyOf key_of) {
    Page<T> page;
    if (rows.size() > limit) {
      rows.resize(limit);
      page.next = key_of(rows.back());
    }
    page.records = std::move(rows);
    return page;
  }

  static Error invalid_limit(std::size_t limit) {
    return Error{ErrorCode::kInvalidInput,
                 fmt::format("a page holds at least 1 record, asked for {}", limit)};
  }

  // Inserts run inside write(). `added` (imports) switches to "skip when the id
  // exists" and reports whether the row was new; nullptr means a duplicate id is
  // an error.
  std::optional<Error> finish_insert(Statement& insert_stmt, bool* added, std::string_view doing,
                                     std::string_view what) {
    if (insert_stmt.prepare_code() != SQLITE_OK) return fail(insert_stmt.prepare_code(), doing);
    const int code = insert_stmt.step();
    std::optional<Error> error;
    if (code != SQLITE_DONE) {
      if (code == SQLITE_CONSTRAINT_PRIMARYKEY || code == SQLITE_CONSTRAINT_UNIQUE) {
        error = Error{ErrorCode::kDuplicate, fmt::format("{} is already in the journal", what)};
      } else if (code == SQLITE_CONSTRAINT_FOREIGNKEY) {
        error = Error{ErrorCode::kNotFound,
                      fmt::format("{} refers to a session that is not in the journal", what)};
      } else {
        error = fail(code, doing);
      }
    } else if (added != nullptr) {
      *added = sqlite3_changes(db_.get()) > 0;
    }
    insert_stmt.reset();
    return error;
  }

  std::optional<Error> insert(const SafetyScreening& screening, bool* added) {
    auto& insert_stmt = statement(
        added != nullptr ? "INSERT INTO safety_screenings VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"
                         : "INSERT INTO safety_screenings VALUES (?, ?, ?, ?, ?, ?)");
    insert_stmt.bind(1, screening.id);
    insert_stmt.bind(2, screening.user_id);
    insert_stmt.bind(3, screening.question_set_version);
    insert_stmt.bind(4, to_utc_text(screening.taken_at.utc));
    insert_stmt.bind(5, static_cast<int>(screening.taken_at.utc_offset.count()));
    insert_stmt.bind(6, to_string(screening.result));
    const auto what = fmt::format("screening {}", screening.id);
    if (auto error = finish_insert(insert_stmt, added, "saving the safety screening in", what)) return error;
    if (added != nullptr && !*added) return std::nullopt;  // already present: its answers are too
    auto& answer_stmt = statement("INSERT INTO screening_answers VALUES (?, ?, ?, ?)");
    for (std::size_t position = 0; position < screening.answers.size(); ++position) {
      answer_stmt.bind(1, screening.id);
      answer_stmt.bind(2, static_cast<std::int64_t>(position));
      answer_stmt.bind(3, screening.answers[position].question_id);
      answer_stmt.bind(4, screening.answers[position].yes ? 1 : 0);
      if (auto error = finish_insert(answer_stmt, nullptr, "saving the safety screening in", what))
        return error;
    }
    if (added != nullptr) *added = true;
    return std::nullopt;
  }

  std::optional<Error> insert(const SessionRecord& session, bool* added) {
    auto& insert_stmt = statement(
        added != nullptr ? "INSERT INTO sessions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON "
                           "CONFLICT DO NOTHING"
                         : "INSERT INTO sessions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert_stmt.bind(1, session.id);
    insert_stmt.bind(2, session.user_id);
    insert_stmt.bind(3, session.routine_id);
    insert_stmt.bind(4, session.routine_version);
    insert_stmt.bind(5, session.pattern);
    insert_stmt.bind(6, session.stage);
    insert_stmt.bind(7, to_utc_text(session.started_at.utc));
    insert_stmt.bind(8, static_cast<int>(session.started_at.utc_offset.count()));
    if (session.ended_at) {
      insert_stmt.bind(9, to_utc_text(session.ended_at->utc));
      insert_stmt.bind(10, static_cast<int>(session.ended_at->utc_offset.count()));
    } else {
      insert_stmt.bind_null(9);
      insert_stmt.bind_null(10);
    }
    if (session.outcome) {
      insert_stmt.bind(11, to_string(*session.outcome));
    } else {
      insert_stmt.bind_null(11);
    }
    if (session.stop_reason) {
      insert_stmt.bind(12, stop_reason_spelling(*session.stop_reason));
      insert_stmt.bind(13, session.stop_reason->text);
    } else {
      insert_stmt.bind_null(12);
      insert_stmt.bind(13, std::string_view{});
    }
    insert_stmt.bind(14, to_string(session.source));
    insert_stmt.bind(15, session.pain);
    return finish_insert(insert_stmt, added, "saving the session in", fmt::format("session {}", session.id));
  }

  std::optional<Error> insert(const StepResult& step, bool* added) {
    auto& insert_stmt = statement(
        added != nullptr
            ? "INSERT INTO step_results VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"
            : "INSERT INTO step_results VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert_stmt.bind(1, step.session_id);
    insert_stmt.bind(2, step.index);
    insert_stmt.bind(3, step.step_id);
    insert_stmt.bind(4, step.planned_seconds);
    insert_stmt.bind(5, step.actual_seconds);
    insert_stmt.bind(6, step.pain);
    insert_stmt.bind(7, join_sensations(step.sensations));
    insert_stmt.bind(8, step.note);
    insert_stmt.bind(9, step.swallow_count);
    insert_stmt.bind(10, step.gag_count);
    insert_stmt.bind(11, step.hold_seconds);
    return finish_insert(insert_stmt, added, "saving the step result in",
                         fmt::format("step {} of session {}", step.index, step.session_id));
  }

  std::optional<Error> remove_checkin(const std::string& user_id, const std::string& checkin_id,
                                      std::string_view doing) {
    auto& remove = statement("DELETE FROM checkins WHERE id = ?1 AND user_id = ?2");
    remove.bind(1, checkin_id);
    remove.bind(2, user_id);
    if (auto error = run(remove, doing)) return error;
    if (sqlite3_changes(db_.get()) == 0) {
      return Error{ErrorCode::kNotFound,
                   fmt::format("there is no check-in with id {} in the journal", checkin_id)};
    }
    return std::nullopt;
  }

  std::optional<Error> insert(const CheckIn& checkin, bool* added) {
    auto& insert_stmt = statement(
        added != nullptr
            ? "INSERT INTO checkins VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"
            : "INSERT INTO checkins VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert_stmt.bind(1, checkin.id);
    insert_stmt.bind(2, checkin.user_id);
    insert_stmt.bind(3, to_utc_text(checkin.taken_at.utc));
    insert_stmt.bind(4, static_cast<int>(checkin.taken_at.utc_offset.count()));
    constexpr int kFirstPainParameter = 5;
    for (std::size_t i = 0; i < kRegionCount; ++i) {
      insert_stmt.bind(kFirstPainParameter + static_cast<int>(i), checkin.pain[i]);
    }
    insert_stmt.bind(11, checkin.calm);
    insert_stmt.bind(12, checkin.nasal_breathing_ease);
    insert_stmt.bind(13, checkin.hydration_glasses);
    insert_stmt.bind(14, checkin.note);
    return finish_insert(insert_stmt, added, "saving the check-in in",
                         fmt::format("check-in {}", checkin.id));
  }

  std::optional<Error> insert(const PlanState& plan, bool* added, bool replace) {
    static const std::string into =
        fmt::format("INTO plan_states ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", kPlanColumns);
    static const std::string replace_sql = "INSERT OR REPLACE " + into;
    static const std::string import_sql = "INSERT " + into + " ON CONFLICT DO NOTHING";
    static const std::string insert_sql = "INSERT " + into;
    const std::string& sql = replace ? replace_sql : added != nullptr ? import_sql : insert_sql;
    auto& insert_stmt = statement(sql.c_str());
    insert_stmt.bind(1, plan.user_id);
    insert_stmt.bind(2, plan.routine_id);
    insert_stmt.bind(3, plan.current_stage);
    insert_stmt.bind(4, plan.hold_stage);
    insert_stmt.bind(5, plan.paused ? 1 : 0);
    insert_stmt.bind(6, plan.pause_reason);
    insert_stmt.bind(7, to_utc_text(plan.updated_at.utc));
    insert_stmt.bind(8, static_cast<int>(plan.updated_at.utc_offset.count()));
    if (plan.hold_stage_since) {
      insert_stmt.bind(9, to_date_text(*plan.hold_stage_since));
    } else {
      insert_stmt.bind_null(9);
    }
    insert_stmt.bind(10, plan.sessions_seen);
    if (plan.well_confirmed_at) {
      insert_stmt.bind(11, to_utc_text(plan.well_confirmed_at->utc));
      insert_stmt.bind(12, static_cast<int>(plan.well_confirmed_at->utc_offset.count()));
    } else {
      insert_stmt.bind_null(11);
      insert_stmt.bind_null(12);
    }
    return finish_insert(insert_stmt, added, "saving the plan in",
                         fmt::format("plan for {} / {}", plan.user_id, plan.routine_id));
  }

  std::optional<Error> insert(const StudyPlan& plan, bool* added) {
    const char* sql = added != nullptr
                          ? "INSERT INTO study_plans VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"
                          : "INSERT INTO study_plans VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    auto& insert_stmt = statement(sql);
    insert_stmt.bind(1, plan.id);
    insert_stmt.bind(2, plan.user_id);
    insert_stmt.bind(3, to_date_text(plan.earliest));
    insert_stmt.bind(4, to_date_text(plan.latest));
    insert_stmt.bind(5, to_date_text(plan.start));
    insert_stmt.bind(6, plan.seed);
    insert_stmt.bind(7, to_utc_text(plan.drawn_at.utc));
    insert_stmt.bind(8, static_cast<int>(plan.drawn_at.utc_offset.count()));
    return finish_insert(insert_stmt, added, "saving the study plan in",
                         fmt::format("study plan {}", plan.id));
  }

  std::optional<Error> insert(const VoiceSession& session, bool* added) {
    // One parameter per column; parameters are 1-based, columns 0-based.
    static const std::string sql = [] {
      std::string marks = "?";
      for (int i = 0; i < kVoiceResultColumn; ++i) marks += ", ?";
      return fmt::format("INSERT INTO voice_sessions ({}) VALUES ({})", kVoiceSessionColumns, marks);
    }();
    static const std::string sql_skip = sql + " ON CONFLICT DO NOTHING";
    auto& insert_stmt = statement(added != nullptr ? sql_skip.c_str() : sql.c_str());
    insert_stmt.bind(1, session.id);
    insert_stmt.bind(2, session.user_id);
    insert_stmt.bind(3, to_utc_text(session.recorded_at.utc));
    insert_stmt.bind(4, static_cast<int>(session.recorded_at.utc_offset.count()));
    insert_stmt.bind(5, to_date_text(local_date(session.recorded_at)));
    insert_stmt.bind(6, to_string(session.task));
    insert_stmt.bind(7, session.source);
    for (std::size_t i = 0; i < kVoiceMeasureCount; ++i) {
      insert_stmt.bind(kFirstVoiceMeasureColumn + 1 + static_cast<int>(i), session.measures[i]);
    }
    insert_stmt.bind(kVoiceResultColumn + 1, session.result_json);
    return finish_insert(insert_stmt, added, "saving the voice session in",
                         fmt::format("voice session {}", session.id));
  }

  static std::optional<Error> validate_all(const JournalData& data) {
    for (const auto& record : data.screenings) {
      if (auto error = validate(record)) return error;
    }
    for (const auto& record : data.sessions) {
      if (auto error = validate(record)) return error;
    }
    for (const auto& record : data.step_results) {
      if (auto error = validate(record)) return error;
    }
    for (const auto& record : data.study_plans) {
      if (auto error = validate(record)) return error;
    }
    for (const auto& record : data.checkins) {
      if (auto error = validate(record)) return error;
    }
    for (const auto& record : data.plan_states) {
      if (auto error = validate(record)) return error;
    }
    for (const auto& record : data.voice_sessions) {
      if (auto error = validate(record)) return error;
    }
    return std::nullopt;
  }

  DbHandle db_;
  std::filesystem::path file_;
  // Prepared once per store: keyed by the SQL text's address (string literals
  // and function-local statics live for the whole program).
  std::unordered_map<const char*, Statement> statements_;
  std::unique_ptr<detail::WalCheckpointer> checkpointer_;  // null: SQLite's automatic checkpoints
};

}  // namespace

std::filesystem::path journal_file(const std::filesystem::path& data_dir) {
  return data_dir / kJournalFileName;
}

Result<std::unique_ptr<Store>> open_sqlite_store(const std::filesystem::path& file,
                                                 const SqliteOptions& options) {
  auto db = detail::open_journal_database(file, options);
  if (!db) return db.error();
  std::unique_ptr<detail::WalCheckpointer> checkpointer;
  if (options.background_checkpoint_interval) {
    detail::cap_write_ahead_log(db->get());
    checkpointer = std::make_unique<detail::WalCheckpointer>(file, *options.background_checkpoint_interval);
  }
  return std::unique_ptr<Store>(std::make_unique<SqliteStore>(std::move(*db), file, std::move(checkpointer)));
}

}  // namespace velum::journal
