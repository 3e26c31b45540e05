#pragma once
// The journal store interface every backend implements (SQLite now, PostgreSQL
// later), and the error values it returns. Never includes a database driver header.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "base/result.hpp"
#include "journal/records.hpp"

namespace velum::journal {

// Every failure is a velum::Error (base/result.hpp). The codes a store
// returns: kInvalidInput (a record breaks a documented range or vocabulary;
// nothing stored), kNotFound, kDuplicate, kCorrupt (not a velum journal, or
// damaged; left untouched), kReadOnly, kFutureVersion (written by a newer velum;
// left untouched), kBusy (another process held the journal longer than the busy
// timeout), kDiskFull (the transaction rolled back), kIo and kInternal.

// Which records a read returns.
struct Query {
  std::string user_id{kDefaultUser};
  // Records at or after this UTC instant (sessions by started_at); a caller
  // wanting "since local day D" passes D's local midnight converted to UTC.
  std::optional<std::chrono::sys_seconds> since_utc;
};

// A position in a newest-first list: the time and id of the last record of a
// page, so the next page starts just after it. Keyset, not an offset: records
// added meanwhile never shift a page (a newer one is simply not on it).
struct PageKey {
  std::chrono::sys_seconds utc{};
  std::string id;

  friend bool operator==(const PageKey&, const PageKey&) = default;
};

// Which page of a list to read: newest first (by time, then id, descending).
struct PageQuery {
  std::string user_id{kDefaultUser};
  std::size_t limit = 100;  // records per page; at least 1
  // Start just after this record; nullopt: start with the newest.
  std::optional<PageKey> after;
};

template <typename T>
struct Page {
  std::vector<T> records;       // newest first, at most the limit
  std::optional<PageKey> next;  // where the following page starts; nullopt on the last page
};

// Everything a journal holds for export and import, in a stable order
// (by time, then id).
struct JournalData {
  std::vector<SafetyScreening> screenings;
  std::vector<SessionRecord> sessions;
  std::vector<StepResult> step_results;
  std::vector<CheckIn> checkins;
  std::vector<PlanState> plan_states;
  std::vector<StudyPlan> study_plans;
  std::vector<VoiceSession> voice_sessions;

  friend bool operator==(const JournalData&, const JournalData&) = default;
};

// What an import did: records added, and records already present (by id) that
// were left as they were.
struct ImportReport {
  std::size_t added = 0;
  std::size_t already_present = 0;
};

// A journal. Every write is one transaction: it is stored completely or not at
// all. Records are validated (ranges, vocabulary) before anything is written.
// An instance is used by one thread at a time; several instances (processes or
// threads) may share one journal file, and a writer waits for another.
class Store {
 public:
  Store() = default;
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;
  virtual ~Store() = default;

  virtual Status add_screening(const SafetyScreening& screening) = 0;
  virtual Result<std::vector<SafetyScreening>> screenings(const Query& query) = 0;

  // A guided session: begin_session stores it open (no outcome); each step's
  // result is committed as the step ends; end_session closes it.
  virtual Status begin_session(const SessionRecord& session) = 0;
  virtual Status add_step_result(const StepResult& step) = 0;
  virtual Status end_session(const std::string& session_id, Timestamp ended_at, SessionOutcome outcome,
                             std::optional<StopReason> stop_reason) = 0;
  // Stores the person's rating of a step already committed (steps are rated
  // after the session, once the hands are free): `pain` (0–10 or nullopt) and
  // `sensations` replace what the step held. kNotFound when no such step exists.
  virtual Status rate_step(const std::string& session_id, int index, std::optional<int> pain,
                           const std::vector<practice::Sensation>& sensations) = 0;
  // A whole session and its steps in one transaction (logged sessions, imports).
  virtual Status record_session(const SessionRecord& session, const std::vector<StepResult>& steps) = 0;
  // Closes every session still open (left by a crash or a killed process) as
  // kInterrupted at `now`; returns how many. Call it when a session runner
  // starts, before it begins its own session: it cannot tell a crashed session
  // from one another process is running at that moment.
  virtual Result<int> mark_interrupted_sessions(Timestamp now) = 0;

  virtual Result<std::vector<SessionRecord>> sessions(const Query& query) = 0;
  // One page of the user's sessions, newest started first.
  virtual Result<Page<SessionRecord>> sessions_page(const PageQuery& query) = 0;
  virtual Result<std::vector<StepResult>> step_results(const std::string& session_id) = 0;

  virtual Status add_checkin(const CheckIn& checkin) = 0;
  virtual Result<std::vector<CheckIn>> checkins(const Query& query) = 0;
  // One page of the user's check-ins, newest first.
  virtual Result<Page<CheckIn>> checkins_page(const PageQuery& query) = 0;
  // Replaces the stored check-in with the same id and user by `checkin` (its
  // ratings and note; the id, user and time stay those given). kNotFound when the
  // user has no check-in with that id; nothing changes on any error.
  virtual Status update_checkin(const CheckIn& checkin) = 0;
  // Removes the user's check-in with this id. kNotFound when there is none.
  virtual Status delete_checkin(const std::string& user_id, const std::string& checkin_id) = 0;

  // Stores the plan state for (user, routine), replacing the previous one.
  virtual Status save_plan_state(const PlanState& state) = 0;
  virtual Result<std::vector<PlanState>> plan_states(const std::string& user_id) = 0;

  // A randomized-start study plan; kDuplicate when the user already has one
  // (a drawn start is never replaced).
  virtual Status add_study_plan(const StudyPlan& plan) = 0;
  virtual Result<std::vector<StudyPlan>> study_plans(const std::string& user_id) = 0;

  // A saved voice-lab result. kDuplicate when the id is already stored.
  virtual Status add_voice_session(const VoiceSession& session) = 0;
  // The user's voice sessions recorded on local days within `days`, oldest first.
  virtual Result<std::vector<VoiceSession>> voice_sessions(const std::string& user_id,
                                                           const DayRange& days) = 0;
  // One page of the user's voice sessions recorded on local days within `days`, newest first.
  virtual Result<Page<VoiceSession>> voice_sessions_page(const PageQuery& query, const DayRange& days) = 0;
  // Removes the user's voice session with this id. kNotFound when there is none.
  virtual Status delete_voice_session(const std::string& user_id, const std::string& session_id) = 0;

  // The journal's pseudonym (32 hex digits): drawn at random once, when the
  // journal was created or first opened by a version that keeps one, and the
  // same ever after, so exports naming a person (FHIR's Patient) agree with
  // each other without naming anyone. A backup keeps it; an import does not
  // carry it (the importing journal keeps its own).
  virtual Result<std::string> pseudonym() = 0;

  // Every record of every user.
  virtual Result<JournalData> export_all() = 0;
  // Adds records whose ids (plan states: user + routine) are new, in one
  // transaction; all are validated first and nothing is written on any error.
  virtual Result<ImportReport> import_all(const JournalData& data) = 0;

  // A consistent copy of the journal into `destination` (must not exist unless
  // `overwrite`). Safe while other processes write.
  virtual Status backup_to(const std::filesystem::path& destination, bool overwrite) = 0;
};

// Checks a record against the documented ranges and vocabularies; the message
// names the field and the bad value. Shared by every backend and by import.
std::optional<Error> validate(const SafetyScreening& screening);
std::optional<Error> validate(const SessionRecord& session);
std::optional<Error> validate(const StepResult& step);
std::optional<Error> validate(const CheckIn& checkin);
std::optional<Error> validate(const PlanState& state);
std::optional<Error> validate(const StudyPlan& plan);
std::optional<Error> validate(const VoiceSession& session);

}  // namespace velum::journal
