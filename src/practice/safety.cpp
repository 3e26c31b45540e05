#include "practice/safety.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>

namespace velum::practice {
namespace {

// Version 1 of the screen. Questions are phrased so that "yes" is the answer that
// needs a clinician, and each advice explains why in one or two calm sentences.
constexpr std::array kQuestions{
    ScreenQuestion{"recent-surgery-or-injury",
                   "In the past three months, have you had surgery or an injury in your mouth, throat, nose "
                   "or sinuses (for example, your tonsils taken out)?",
                   "Tissue that is still healing can be hurt by pressure from a finger. Please ask the "
                   "clinician who treated you whether and when this practice is fine for you."},
    ScreenQuestion{"bleeding-risk",
                   "Do you have a bleeding disorder, or do you take medicine that thins the blood?",
                   "Pressing inside the throat can cause small bleeds, which matter more when blood clots "
                   "slowly. Please ask your clinician whether this practice is safe for you."},
    ScreenQuestion{"active-infection", "Do you have a throat, ear or sinus infection right now, or a fever?",
                   "Please let the infection or fever pass first, and see a clinician if it does not. You "
                   "can take the screen again once you feel well."},
    ScreenQuestion{"lump-sore-or-bleeding",
                   "Do you have a lump, a sore that has not healed, or any bleeding in your mouth or throat?",
                   "Please have a clinician look at it before pressing on that area: only an examination can "
                   "tell what it is."},
    ScreenQuestion{"weight-loss-or-hoarseness",
                   "Have you lost weight without trying, or been hoarse for more than three weeks?",
                   "These are worth showing to a clinician in their own right. Please see one before "
                   "starting this practice."},
    ScreenQuestion{"swallowing-or-breathing", "Do you have difficulty swallowing or breathing?",
                   "This practice works right at the airway and the swallow, so please see a clinician first "
                   "and ask whether it is safe for you."},
    ScreenQuestion{"fainting-with-gagging", "Have you ever fainted, or nearly fainted, when you gagged?",
                   "Gagging is common during this practice, so please ask a clinician whether it is safe for "
                   "you before starting."},
    ScreenQuestion{"pregnancy-with-nausea", "Are you pregnant and having strong nausea?",
                   "Gagging can bring on vomiting when nausea is strong. Please ask a clinician (your "
                   "midwife or doctor) first, or wait until the nausea has eased."},
    ScreenQuestion{"seizure-disorder", "Do you have epilepsy or another seizure disorder?",
                   "A seizure with a finger in the mouth could cause injury. Please ask your clinician "
                   "whether this practice is safe for you."},
};

constexpr std::array kStopChoices{
    StopChoice{StopSignal::kSharpPain, "sharp-pain", "Sharp or stabbing pain",
               "Stop for today and let it settle. Check that your nails are short, and next time go more "
               "gently. If the pain stays or comes back, see a clinician."},
    StopChoice{StopSignal::kBleeding, "bleeding", "Bleeding",
               "Stop for today, rinse with cool water and rest. If the bleeding does not settle quickly, or "
               "it happens again, see a clinician before the next session."},
    StopChoice{StopSignal::kDizziness, "dizziness", "Dizziness or feeling faint",
               "Sit or lie down on your side, breathe normally without holding your breath, and rest until "
               "it passes. If you fainted, or it happens again, see a clinician."},
    StopChoice{StopSignal::kBreathingDifficulty, "breathing-difficulty", "Difficulty breathing",
               "Take your hand away, sit upright and breathe slowly. If breathing does not ease within a few "
               "minutes, get medical help now."},
    StopChoice{StopSignal::kVomiting, "vomiting", "Vomiting",
               "Stop for today, rinse your mouth and sip some water. Next time try before a meal, go more "
               "gently, and withdraw earlier when you gag."},
    StopChoice{StopSignal::kNumbness, "numbness", "Numbness",
               "Stop for today and let the feeling come back. If the numbness lasts more than a few minutes, "
               "or comes back, see a clinician."},
    StopChoice{std::nullopt, kOtherStopSpelling, "Something else",
               "Stop for today and rest. If something worries you or keeps happening, see a clinician before "
               "the next session."},
    StopChoice{std::nullopt, kInterruptedStopSpelling, "Interrupted, nothing wrong",
               "Nothing to worry about: the session is saved as interrupted and does not hold back your "
               "plan. Start again whenever you are ready.",
               /*safety_stop=*/false},
};
static_assert(kStopChoices.size() == static_cast<std::size_t>(StopSignal::kNumbness) + 3,
              "one stop choice per stop signal, plus other and interrupted");
constexpr std::size_t kOtherChoice = kStopChoices.size() - 2;

constexpr std::array kChecklist{
    ChecklistQuestion{
        PrepItem::kNailsShort, "Are your nails clipped short?",
        "A nail that reaches past the fingertip digs into the soft palate when the knuckle bends and "
        "causes sharp, stabbing pain. Please clip it short first, then start again.",
        /*blocks=*/true},
    ChecklistQuestion{
        PrepItem::kHandsClean, "Are your hands freshly washed?",
        "Your finger goes deep into your throat, so wash your hands with soap first, then start again.",
        /*blocks=*/true},
    ChecklistQuestion{PrepItem::kGloveOptional, "Glove on, or bare clean fingers? Either is fine.", "",
                      /*blocks=*/false, /*either_is_fine=*/true},
    ChecklistQuestion{PrepItem::kCloth, "Is a cloth or towel within reach for saliva?",
                      "Saliva comes freely during the work; keep a cloth close if you can."},
    ChecklistQuestion{PrepItem::kWater, "Have you had some water to drink today?",
                      "A glass of water first helps: a dry throat cramps more easily."},
    ChecklistQuestion{
        PrepItem::kSitUpright, "Are you sitting upright?",
        "Please sit upright for the work inside your mouth; never lie on your back with a finger in."},
    ChecklistQuestion{
        PrepItem::kWarmBath, "Are you in (or just out of) the warm bath?",
        "This routine is meant for the warm bath; it also works afterwards while you are still warm."},
};

std::string plain_list(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += (i + 1 == items.size()) ? " and " : ", ";
    out += items[i];
  }
  return out;
}

// The questions as they were asked ("“Do you ...?”"), so a person reads what
// they answered rather than an internal id; an id no longer in the question
// set (an older screen) is named as it was stored.
std::string questions_asked(const std::vector<std::string>& ids) {
  std::vector<std::string> asked;
  for (const auto& id : ids) {
    const ScreenQuestion* question = find_screen_question(id);
    asked.push_back(question != nullptr ? fmt::format("“{}”", question->question) : fmt::format("'{}'", id));
  }
  return plain_list(asked);
}

// "2026-11-25" (ISO 8601), without pulling the heavy fmt/chrono.h into this file.
std::string date_text(std::chrono::sys_days day) {
  const std::chrono::year_month_day date{day};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                     static_cast<unsigned>(date.day()));
}

std::string all_ids() {
  std::vector<std::string> ids;
  ids.reserve(kQuestions.size());
  for (const auto& question : kQuestions) ids.emplace_back(question.id);
  std::string out;
  for (std::size_t i = 0; i < ids.size(); ++i) out += (i ? ", " : "") + ids[i];
  return out;
}

}  // namespace

std::span<const ScreenQuestion> screen_questions() { return kQuestions; }

const ScreenQuestion* find_screen_question(std::string_view id) {
  for (const auto& question : kQuestions) {
    if (question.id == id) return &question;
  }
  return nullptr;
}

std::string_view to_string(ScreenResult value) { return value == ScreenResult::kClear ? "clear" : "blocked"; }

std::string_view to_string(ScreenStatus value) {
  switch (value) {
    case ScreenStatus::kNeverTaken:
      return "never-taken";
    case ScreenStatus::kClear:
      return "clear";
    case ScreenStatus::kBlocked:
      return "blocked";
    case ScreenStatus::kExpired:
      return "expired";
    case ScreenStatus::kOutdated:
      return "outdated";
  }
  return "unknown";
}

ScreenEvaluation evaluate_screen(std::span<const ScreenAnswer> answers) {
  ScreenEvaluation evaluation;
  std::map<std::string_view, bool> given;
  for (const auto& answer : answers) {
    if (find_screen_question(answer.question_id) == nullptr) {
      evaluation.diagnostics.push_back(
          {.file = {},
           .field = "answers." + answer.question_id,
           .message = fmt::format("unknown screen question '{}'", answer.question_id),
           .hint = "the question ids are: " + all_ids()});
      continue;
    }
    if (!given.emplace(answer.question_id, answer.yes).second) {
      evaluation.diagnostics.push_back(
          {.file = {},
           .field = "answers." + answer.question_id,
           .message = fmt::format("question '{}' is answered more than once", answer.question_id),
           .hint = "give one answer per question"});
    }
  }
  for (const auto& question : kQuestions) {
    const auto found = given.find(question.id);
    if (found == given.end()) {
      evaluation.diagnostics.push_back({.file = {},
                                        .field = fmt::format("answers.{}", question.id),
                                        .message = fmt::format("question '{}' has no answer", question.id),
                                        .hint = fmt::format("answer it with {}=yes or {}=no: \"{}\"",
                                                            question.id, question.id, question.question)});
    } else if (found->second) {
      evaluation.blocking_ids.emplace_back(question.id);
    }
  }
  if (evaluation.diagnostics.empty()) {
    evaluation.result = evaluation.blocking_ids.empty() ? ScreenResult::kClear : ScreenResult::kBlocked;
  }
  return evaluation;
}

ScreenStatusReport screen_status(const std::optional<ScreenRecord>& last, std::chrono::sys_days today) {
  ScreenStatusReport report;
  if (!last) {
    report.status = ScreenStatus::kNeverTaken;
    report.sentence =
        "You have not taken the safety screen yet: it is a few yes-or-no questions to answer before the "
        "first session.";
    return report;
  }
  const std::string taken = date_text(last->taken_on);
  if (last->result == ScreenResult::kBlocked) {
    report.status = ScreenStatus::kBlocked;
    report.sentence = fmt::format(
        "On {} you answered yes to {}, so the routine waits until a clinician has said it is fine for you; "
        "take the screen again when things have changed.",
        taken,
        last->blocking_ids.empty() ? std::string{"a screen question"} : questions_asked(last->blocking_ids));
    return report;
  }
  if (last->question_set_version != kScreenQuestionSetVersion) {
    report.status = ScreenStatus::kOutdated;
    report.sentence = fmt::format(
        "The safety questions have changed since your screen on {} (version {}, now {}); please answer them "
        "again before the next session.",
        taken, last->question_set_version, kScreenQuestionSetVersion);
    return report;
  }
  const auto valid_through = last->taken_on + kScreenValidity - std::chrono::days{1};
  report.valid_through = valid_through;
  if (today - last->taken_on >= kScreenValidity) {
    report.status = ScreenStatus::kExpired;
    report.sentence = fmt::format(
        "Your safety screen from {} is {} days old and a screen counts for {} days; please answer the "
        "questions again, since health can change.",
        taken, (today - last->taken_on).count(), kScreenValidity.count());
    return report;
  }
  report.status = ScreenStatus::kClear;
  report.sentence = fmt::format("Your safety screen from {} is clear and counts through {}.", taken,
                                date_text(valid_through));
  return report;
}

std::span<const StopChoice> stop_choices() { return kStopChoices; }

const StopChoice& stop_choice(std::optional<StopSignal> signal) {
  if (!signal) return kStopChoices[kOtherChoice];
  return kStopChoices[static_cast<std::size_t>(*signal)];
}

const StopChoice* find_stop_choice(std::string_view spelling) {
  for (const auto& choice : kStopChoices) {
    if (choice.spelling == spelling) return &choice;
  }
  return nullptr;
}

std::vector<ChecklistQuestion> hygiene_checklist(const Routine& routine) {
  std::vector<ChecklistQuestion> questions;
  for (const auto item : routine.checklist) {
    const auto found = std::find_if(kChecklist.begin(), kChecklist.end(),
                                    [&](const ChecklistQuestion& q) { return q.item == item; });
    if (found != kChecklist.end()) questions.push_back(*found);
  }
  return questions;
}

std::vector<std::string_view> session_reminders(const Routine& routine) {
  std::vector<std::string_view> reminders;
  if (routine.is_intra_oral()) reminders.push_back(kPostureReminder);
  const bool warm_bath = routine.setting == Setting::kWarmBath ||
                         std::find(routine.checklist.begin(), routine.checklist.end(), PrepItem::kWarmBath) !=
                             routine.checklist.end();
  if (warm_bath) reminders.push_back(kWarmBathReminder);
  return reminders;
}

}  // namespace velum::practice
