#include "journal/detail/migrations.hpp"

#include <array>
#include <string>

#include "journal/detail/sqlite_handle.hpp"

namespace velum::journal::detail {
namespace {

// Times are stored twice on purpose: `*_at` as UTC ISO-8601 text (sorts and
// compares as text) and `*_at_offset_minutes`, the local offset when recorded,
// so the local day and wall time are reconstructed exactly.
constexpr std::string_view kBaseSchema = R"sql(
CREATE TABLE safety_screenings (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  question_set_version INTEGER NOT NULL CHECK (question_set_version >= 1),
  taken_at TEXT NOT NULL,
  taken_at_offset_minutes INTEGER NOT NULL,
  result TEXT NOT NULL CHECK (result IN ('clear', 'blocked'))
);
CREATE TABLE screening_answers (
  screening_id TEXT NOT NULL REFERENCES safety_screenings(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  question_id TEXT NOT NULL,
  answer INTEGER NOT NULL CHECK (answer IN (0, 1)),
  PRIMARY KEY (screening_id, position)
);
CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  routine_id TEXT NOT NULL,
  routine_version INTEGER NOT NULL CHECK (routine_version >= 1),
  pattern TEXT NOT NULL,
  stage INTEGER NOT NULL CHECK (stage >= 1),
  started_at TEXT NOT NULL,
  started_at_offset_minutes INTEGER NOT NULL,
  ended_at TEXT,
  ended_at_offset_minutes INTEGER,
  outcome TEXT CHECK (outcome IN ('completed', 'stopped', 'interrupted')),
  stop_reason TEXT,
  stop_text TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL CHECK (source IN ('guided', 'logged')),
  pain INTEGER CHECK (pain BETWEEN 0 AND 10)
);
CREATE TABLE step_results (
  session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  step_index INTEGER NOT NULL CHECK (step_index >= 0),
  step_id TEXT NOT NULL,
  planned_seconds REAL NOT NULL,
  actual_seconds REAL NOT NULL,
  pain INTEGER CHECK (pain BETWEEN 0 AND 10),
  sensations TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  swallow_count INTEGER NOT NULL DEFAULT 0,
  gag_count INTEGER NOT NULL DEFAULT 0,
  hold_seconds REAL NOT NULL DEFAULT 0,
  PRIMARY KEY (session_id, step_index)
);
CREATE TABLE checkins (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  taken_at TEXT NOT NULL,
  taken_at_offset_minutes INTEGER NOT NULL,
  pain_soft_palate INTEGER CHECK (pain_soft_palate BETWEEN 0 AND 10),
  pain_nasopharynx INTEGER CHECK (pain_nasopharynx BETWEEN 0 AND 10),
  pain_throat INTEGER CHECK (pain_throat BETWEEN 0 AND 10),
  pain_nose INTEGER CHECK (pain_nose BETWEEN 0 AND 10),
  pain_face_jaw INTEGER CHECK (pain_face_jaw BETWEEN 0 AND 10),
  pain_ears INTEGER CHECK (pain_ears BETWEEN 0 AND 10),
  calm INTEGER CHECK (calm BETWEEN 0 AND 10),
  nasal_breathing_ease INTEGER CHECK (nasal_breathing_ease BETWEEN 0 AND 10),
  hydration_glasses INTEGER CHECK (hydration_glasses >= 0),
  note TEXT NOT NULL DEFAULT ''
);
CREATE TABLE plan_states (
  user_id TEXT NOT NULL,
  routine_id TEXT NOT NULL,
  current_stage INTEGER NOT NULL CHECK (current_stage >= 1),
  hold_stage INTEGER NOT NULL CHECK (hold_stage >= 0),
  paused INTEGER NOT NULL CHECK (paused IN (0, 1)),
  pause_reason TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL,
  updated_at_offset_minutes INTEGER NOT NULL,
  PRIMARY KEY (user_id, routine_id)
);
)sql";

// History and the crash check read by user and time; the partial index keeps
// "which sessions are still open?" instant however long the journal grows.
constexpr std::string_view kTimeIndexes = R"sql(
CREATE INDEX checkins_by_user_time ON checkins (user_id, taken_at);
CREATE INDEX sessions_by_user_time ON sessions (user_id, started_at);
CREATE INDEX sessions_open ON sessions (id) WHERE outcome IS NULL;
)sql";

// Randomized-start designs: the drawn start of phase B, stored before the
// baseline begins (one per user; dates are local calendar days as YYYY-MM-DD).
constexpr std::string_view kStudyPlans = R"sql(
CREATE TABLE study_plans (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL UNIQUE,
  earliest TEXT NOT NULL,
  latest TEXT NOT NULL,
  start_day TEXT NOT NULL CHECK (start_day BETWEEN earliest AND latest),
  seed TEXT NOT NULL,
  drawn_at TEXT NOT NULL,
  drawn_at_offset_minutes INTEGER NOT NULL
);
)sql";

// Voice-lab results, one row per saved analyze/match/range/mpt. The measures a
// chart needs have their own columns; result_json keeps the whole result so a
// measure added to the analysis later is never lost. recorded_on is the local
// day (YYYY-MM-DD) so history by day needs no time-zone arithmetic in SQL.
constexpr std::string_view kVoiceSessions = R"sql(
CREATE TABLE voice_sessions (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  recorded_at_offset_minutes INTEGER NOT NULL,
  recorded_on TEXT NOT NULL,
  task TEXT NOT NULL CHECK (task IN ('analyze', 'match', 'range', 'mpt')),
  source TEXT NOT NULL,
  f0_mean_hz REAL CHECK (f0_mean_hz > 0),
  jitter_local REAL CHECK (jitter_local >= 0),
  shimmer_local REAL CHECK (shimmer_local >= 0),
  hnr_db REAL,
  cpps_db REAL,
  range_semitones REAL CHECK (range_semitones >= 0),
  range_low_hz REAL CHECK (range_low_hz > 0),
  range_high_hz REAL CHECK (range_high_hz > 0 AND range_high_hz >= coalesce(range_low_hz, 0)),
  mpt_seconds REAL CHECK (mpt_seconds >= 0),
  match_accuracy_cents REAL,
  match_precision_cents REAL CHECK (match_precision_cents >= 0),
  result_json TEXT NOT NULL CHECK (json_valid(result_json) AND json_type(result_json) = 'object')
);
CREATE INDEX voice_sessions_by_user_day ON voice_sessions (user_id, recorded_on, recorded_at);
)sql";

// The plan state keeps what the progression engine needs between plans, which
// versions 1-4 left out: the day the current hold began and how many sessions
// the state reflects (before, both were guessed from updated_at), and the
// person's "I feel well again" (before, a check-in whose note was a fixed
// sentence, so it showed in exports, editing it re-paused the plan and typing
// the sentence lifted the pause). Existing rows get the values the guesses
// gave, the latest such confirmation moves into every plan of its user, and
// the sentence leaves the check-ins: a check-in holding nothing else goes, one
// with ratings keeps them with an empty note.
constexpr std::string_view kPlanStateFields = R"sql(
ALTER TABLE plan_states ADD COLUMN hold_stage_since TEXT;
ALTER TABLE plan_states ADD COLUMN sessions_seen INTEGER NOT NULL DEFAULT 0 CHECK (sessions_seen >= 0);
ALTER TABLE plan_states ADD COLUMN well_confirmed_at TEXT;
ALTER TABLE plan_states ADD COLUMN well_confirmed_at_offset_minutes INTEGER;
UPDATE plan_states SET
  hold_stage_since = date(updated_at, printf('%+d minutes', updated_at_offset_minutes)),
  sessions_seen = (SELECT count(*) FROM sessions AS s
                   WHERE s.user_id = plan_states.user_id AND s.routine_id = plan_states.routine_id
                     AND s.outcome IS NOT NULL AND coalesce(s.ended_at, s.started_at) <= plan_states.updated_at);
UPDATE plan_states SET (well_confirmed_at, well_confirmed_at_offset_minutes) =
  (SELECT c.taken_at, c.taken_at_offset_minutes FROM checkins AS c
   WHERE c.user_id = plan_states.user_id
     AND c.note = 'I feel well again after the stopped sessions and want to go on with the plan.'
   ORDER BY c.taken_at DESC LIMIT 1);
DELETE FROM checkins
  WHERE note = 'I feel well again after the stopped sessions and want to go on with the plan.'
    AND coalesce(pain_soft_palate, pain_nasopharynx, pain_throat, pain_nose, pain_face_jaw, pain_ears, calm,
                 nasal_breathing_ease, hydration_glasses) IS NULL;
UPDATE checkins SET note = ''
  WHERE note = 'I feel well again after the stopped sessions and want to go on with the plan.';
)sql";

// One row: the journal's pseudonym, drawn once by SQLite's randomness source
// when the journal is created or upgraded, so every FHIR export of this journal
// names the same Patient while no two journals share one.
constexpr std::string_view kJournalIdentity = R"sql(
CREATE TABLE journal_identity (
  singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
  pseudonym TEXT NOT NULL CHECK (length(pseudonym) = 32)
);
INSERT INTO journal_identity (singleton, pseudonym) VALUES (1, lower(hex(randomblob(16))));
)sql";

// Devices paired with `velum serve` over the network. Only a hash of each
// device's token is kept (the token itself lives in the device's cookie), so a
// copy of the journal cannot be used to sign in. A revoked device keeps its
// row, so `velum devices` still shows when it was ended.
constexpr std::string_view kDevices = R"sql(
CREATE TABLE devices (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id TEXT NOT NULL,
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  token_hash TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64 AND token_hash NOT GLOB '*[^0-9a-f]*'),
  paired_at TEXT NOT NULL,
  paired_at_offset_minutes INTEGER NOT NULL,
  last_seen_at TEXT NOT NULL CHECK (last_seen_at >= paired_at),
  last_seen_at_offset_minutes INTEGER NOT NULL,
  revoked_at TEXT,
  revoked_at_offset_minutes INTEGER,
  CHECK ((revoked_at IS NULL) = (revoked_at_offset_minutes IS NULL))
);
)sql";

constexpr std::array kMigrations{
    Migration{1, "base schema: screenings, sessions, step results, check-ins, plan state", kBaseSchema},
    Migration{2, "indexes for history by user and time, and for open sessions", kTimeIndexes},
    Migration{3, "study plans: the randomly drawn start of practice for randomized-start AB designs",
              kStudyPlans},
    Migration{4, "voice sessions: saved voice-lab results (analyze, match, range, mpt) beside the journal",
              kVoiceSessions},
    Migration{5,
              "plan state: hold start day, sessions seen, and \"I feel well again\" as fields instead of a "
              "check-in",
              kPlanStateFields},
    Migration{6, "devices: phones paired with the web app over the network, their tokens kept only as hashes",
              kDevices},
    Migration{7, "journal identity: a random pseudonym kept for the journal's life, for FHIR exports",
              kJournalIdentity},
};

constexpr std::string_view kVersionTable =
    "CREATE TABLE IF NOT EXISTS schema_version ("
    " version INTEGER PRIMARY KEY, purpose TEXT NOT NULL, applied_at TEXT NOT NULL);";

}  // namespace

std::span<const Migration> migrations() { return kMigrations; }
int latest_schema_version() { return kMigrations.back().version; }

int read_schema_version(sqlite3* db) {
  Statement exists(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'");
  if (exists.prepare_code() != SQLITE_OK) return -exists.prepare_code();
  int code = exists.step();
  if (code != SQLITE_ROW) return -code;
  if (exists.column_int(0) == 0) return 0;
  Statement version(db, "SELECT coalesce(max(version), 0) FROM schema_version");
  if (version.prepare_code() != SQLITE_OK) return -version.prepare_code();
  code = version.step();
  if (code != SQLITE_ROW) return -code;
  return static_cast<int>(version.column_int(0));
}

int migrate(sqlite3* db, int target, std::string_view applied_at_utc) {
  for (const auto& migration : kMigrations) {
    if (migration.version > target) break;
    int code = exec(db, "BEGIN IMMEDIATE");
    if (code != SQLITE_OK) return code;
    // Re-read inside the write lock: another process may have migrated meanwhile.
    const int current = read_schema_version(db);
    if (current < 0 || current >= migration.version) {
      exec(db, "ROLLBACK");
      if (current < 0) return -current;
      continue;
    }
    code = exec(db, std::string(kVersionTable).c_str());
    if (code == SQLITE_OK) code = exec(db, std::string(migration.sql).c_str());
    if (code == SQLITE_OK) {
      Statement record(db, "INSERT INTO schema_version (version, purpose, applied_at) VALUES (?, ?, ?)");
      code = record.prepare_code();
      if (code == SQLITE_OK) {
        record.bind(1, migration.version);
        record.bind(2, migration.purpose);
        record.bind(3, applied_at_utc);
        code = record.step();
        if (code == SQLITE_DONE) code = SQLITE_OK;
      }
    }
    if (code == SQLITE_OK) code = exec(db, "COMMIT");
    if (code != SQLITE_OK) {
      exec(db, "ROLLBACK");
      return code;
    }
  }
  return SQLITE_OK;
}

}  // namespace velum::journal::detail
