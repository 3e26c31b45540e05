#pragma once
// The safety screen (PRACTICE.md "Safety"), its validity over time, the stop
// reasons with their after-stop advice, and the reminders shown before a session.

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "practice/diagnostic.hpp"
#include "practice/protocol.hpp"
#include "practice/vocabulary.hpp"

namespace velum::practice {

// Bump whenever a question is added, removed or changes meaning: every stored
// screen with another version is then "outdated" and asked again.
inline constexpr int kScreenQuestionSetVersion = 1;

// A clear screen is asked again after this many days: health changes, and a
// yearly screen would miss a new infection or a new blood thinner.
inline constexpr std::chrono::days kScreenValidity{30};

// One question of the screen. `id` is stable (stored in journals, typed on the
// command line); `question` is asked as is and answered yes or no; `advice` is
// shown when the answer is yes.
struct ScreenQuestion {
  std::string_view id;
  std::string_view question;
  std::string_view advice;
};

// The questions of version kScreenQuestionSetVersion, in the order they are asked.
// Static storage; thread-safe.
std::span<const ScreenQuestion> screen_questions();

// The question with this id, or nullptr. Thread-safe.
const ScreenQuestion* find_screen_question(std::string_view id);

// Shown after the individual advice whenever a screen blocks the routine.
inline constexpr std::string_view kScreenBlockedClosing =
    "velum cannot examine you or tell what is behind this, so the routine waits until a "
    "clinician has said it is fine for you. Your answers are saved; take the screen again "
    "when things have changed.";

struct ScreenAnswer {
  std::string question_id;
  bool yes = false;
  friend bool operator==(const ScreenAnswer&, const ScreenAnswer&) = default;
};

enum class ScreenResult { kClear, kBlocked };

// "clear" / "blocked".
std::string_view to_string(ScreenResult value);

struct ScreenEvaluation {
  // Set only when every question was answered exactly once and no unknown id
  // appeared (diagnostics empty).
  std::optional<ScreenResult> result;
  // Ids answered "yes", in question order (empty when clear).
  std::vector<std::string> blocking_ids;
  // Every problem with the answers: an unknown id, a question answered twice,
  // a question left unanswered. Field is "answers.<id>".
  std::vector<Diagnostic> diagnostics;
};

// Any "yes" blocks. A screen with a missing, unknown or repeated answer has no
// result: an unanswered question is never read as "no". Pure; thread-safe.
ScreenEvaluation evaluate_screen(std::span<const ScreenAnswer> answers);

// What is stored about the last screen taken.
struct ScreenRecord {
  int question_set_version = kScreenQuestionSetVersion;
  std::chrono::sys_days taken_on;  // the person's local calendar day
  ScreenResult result = ScreenResult::kClear;
  std::vector<std::string> blocking_ids;  // ids answered yes
};

enum class ScreenStatus { kNeverTaken, kClear, kBlocked, kExpired, kOutdated };

// "never-taken" / "clear" / "blocked" / "expired" / "outdated".
std::string_view to_string(ScreenStatus value);

struct ScreenStatusReport {
  ScreenStatus status = ScreenStatus::kNeverTaken;
  std::string sentence;  // plain, calm, says what to do next
  // Last day a clear screen still counts (taken_on + kScreenValidity - 1 day).
  std::optional<std::chrono::sys_days> valid_through;
  bool allows_practice() const { return status == ScreenStatus::kClear; }
};

// The status of the last screen on local day `today`. Precedence: a blocked
// screen stays blocked (never silently lifted by age or a new question set);
// then a different question-set version is outdated; then a clear screen at
// least kScreenValidity days old (today - taken_on >= 30 days) is expired.
// Pure; thread-safe.
ScreenStatusReport screen_status(const std::optional<ScreenRecord>& last, std::chrono::sys_days today);

// ---- Stop rules ------------------------------------------------------------------

// One choice of "what happened?" after a stop: a stop signal, "something
// else", or "interrupted, nothing wrong".
struct StopChoice {
  std::optional<StopSignal> signal;  // nullopt for "other" and "interrupted"
  std::string_view spelling;         // the signal's file spelling, "other" or "interrupted"
  std::string_view label;            // plain label for the menu
  std::string_view advice;           // calm after-stop advice
  // True for every choice but "interrupted": a safety stop goes back a stage
  // and, repeated, pauses progression. "Something else" counts as one, since
  // velum cannot tell that it was harmless.
  bool safety_stop = true;
};

inline constexpr std::string_view kOtherStopSpelling = "other";
// The person stopped for a harmless reason (the phone rang): the session ends
// without the consequences of a safety stop, as an interrupted session does.
inline constexpr std::string_view kInterruptedStopSpelling = "interrupted";

// Every stop signal in vocabulary order, then "other", then "interrupted".
// Static; thread-safe.
std::span<const StopChoice> stop_choices();

// The choice for a signal (nullopt: "other"). Thread-safe.
const StopChoice& stop_choice(std::optional<StopSignal> signal);

// Parses a stop signal spelling, "other" or "interrupted"; nullptr when none
// of them. Thread-safe.
const StopChoice* find_stop_choice(std::string_view spelling);

// ---- Hygiene checklist -----------------------------------------------------------

// One question of the checklist asked before a session, for one preparation item.
struct ChecklistQuestion {
  PrepItem item;
  std::string_view question;    // answered yes or no
  std::string_view if_no;       // said after "no" (empty when either answer is fine)
  bool blocks = false;          // a "no" keeps the session from starting
  bool either_is_fine = false;  // both answers are fine (glove or bare fingers)
};

// The questions for `routine`'s checklist, in the routine's order; items
// without a question are skipped. A "no" on nails or hands blocks (PRACTICE.md:
// a long nail causes sharp pain, and the finger goes deep into the throat).
// Pure; thread-safe; the views point to static storage.
std::vector<ChecklistQuestion> hygiene_checklist(const Routine& routine);

// ---- Reminders -------------------------------------------------------------------

inline constexpr std::string_view kPostureReminder =
    "Sit upright for the work inside your mouth, and never lie on your back while your "
    "finger is in.";
inline constexpr std::string_view kWarmBathReminder =
    "In the warm bath, breathe without holding your breath: warm water together with breath "
    "holds can make you faint.";

// The reminders to show before `routine` starts: posture for any intra-oral
// routine, the warm-bath reminder when its setting or checklist is the warm bath.
// Pure; thread-safe.
std::vector<std::string_view> session_reminders(const Routine& routine);

}  // namespace velum::practice
