// The safety screen, its validity over time, and the stop choices.

#include "practice/safety.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

namespace velum::practice {
namespace {

using std::chrono::days;
using std::chrono::sys_days;

constexpr sys_days kTakenOn = sys_days{std::chrono::year{2026} / std::chrono::November / 2};

std::vector<ScreenAnswer> all_no() {
  std::vector<ScreenAnswer> answers;
  for (const auto& question : screen_questions()) answers.push_back({std::string{question.id}, false});
  return answers;
}

std::vector<ScreenAnswer> yes_to(std::string_view id) {
  auto answers = all_no();
  for (auto& answer : answers) {
    if (answer.question_id == id) answer.yes = true;
  }
  return answers;
}

TEST(ScreenQuestions, CoverEveryConditionInPractice) {
  const std::set<std::string_view> expected{"recent-surgery-or-injury",  "bleeding-risk",
                                            "active-infection",          "lump-sore-or-bleeding",
                                            "weight-loss-or-hoarseness", "swallowing-or-breathing",
                                            "fainting-with-gagging",     "pregnancy-with-nausea",
                                            "seizure-disorder"};
  std::set<std::string_view> ids;
  for (const auto& question : screen_questions()) ids.insert(question.id);
  EXPECT_EQ(ids, expected);
  EXPECT_EQ(screen_questions().size(), expected.size()) << "ids are unique";
}

TEST(ScreenQuestions, AreQuestionsWithCalmAdviceThatNeverClaimADiagnosis) {
  for (const auto& question : screen_questions()) {
    EXPECT_EQ(question.question.back(), '?') << question.id;
    EXPECT_FALSE(question.advice.empty()) << question.id;
    EXPECT_NE(question.advice.find("clinician"), std::string_view::npos)
        << question.id << ": a yes always points to a clinician (or a midwife or doctor)";
    for (std::string_view text : {question.question, question.advice}) {
      EXPECT_EQ(text.find("diagnos"), std::string_view::npos) << question.id;
      EXPECT_EQ(text.find('!'), std::string_view::npos) << question.id << ": calm, no exclamations";
    }
  }
}

TEST(ScreenQuestions, PregnancyAdviceNamesAMidwifeOrDoctor) {
  const auto* question = find_screen_question("pregnancy-with-nausea");
  ASSERT_NE(question, nullptr);
  EXPECT_NE(question->advice.find("midwife or doctor"), std::string_view::npos);
}

TEST(ScreenEvaluation, AllNoIsClear) {
  const auto evaluation = evaluate_screen(all_no());
  EXPECT_TRUE(evaluation.diagnostics.empty());
  ASSERT_TRUE(evaluation.result.has_value());
  EXPECT_EQ(*evaluation.result, ScreenResult::kClear);
  EXPECT_TRUE(evaluation.blocking_ids.empty());
}

TEST(ScreenEvaluation, EveryQuestionBlocksOnYes) {
  for (const auto& question : screen_questions()) {
    const auto evaluation = evaluate_screen(yes_to(question.id));
    ASSERT_TRUE(evaluation.result.has_value()) << question.id;
    EXPECT_EQ(*evaluation.result, ScreenResult::kBlocked) << question.id;
    EXPECT_EQ(evaluation.blocking_ids, std::vector<std::string>{std::string{question.id}});
  }
}

TEST(ScreenEvaluation, ListsEveryYesInQuestionOrder) {
  auto answers = yes_to("seizure-disorder");
  for (auto& answer : answers) {
    if (answer.question_id == "bleeding-risk") answer.yes = true;
  }
  std::reverse(answers.begin(), answers.end());  // answer order does not matter
  const auto evaluation = evaluate_screen(answers);
  EXPECT_EQ(evaluation.blocking_ids, (std::vector<std::string>{"bleeding-risk", "seizure-disorder"}));
}

TEST(ScreenEvaluation, AMissingAnswerIsNeverReadAsNo) {
  auto answers = all_no();
  answers.erase(answers.begin() + 1);  // bleeding-risk
  const auto evaluation = evaluate_screen(answers);
  EXPECT_FALSE(evaluation.result.has_value());
  ASSERT_EQ(evaluation.diagnostics.size(), 1u);
  EXPECT_EQ(evaluation.diagnostics[0].field, "answers.bleeding-risk");
  EXPECT_EQ(evaluation.diagnostics[0].message, "question 'bleeding-risk' has no answer");
  EXPECT_NE(evaluation.diagnostics[0].hint.find("bleeding-risk=yes or bleeding-risk=no"), std::string::npos);
}

TEST(ScreenEvaluation, NoAnswersAtAllNamesEveryQuestion) {
  const auto evaluation = evaluate_screen({});
  EXPECT_FALSE(evaluation.result.has_value());
  EXPECT_EQ(evaluation.diagnostics.size(), screen_questions().size());
}

TEST(ScreenEvaluation, AMissingAnswerHasNoResultEvenWithAYes) {
  auto answers = yes_to("active-infection");
  answers.pop_back();
  const auto evaluation = evaluate_screen(answers);
  EXPECT_FALSE(evaluation.result.has_value());
  EXPECT_EQ(evaluation.blocking_ids, std::vector<std::string>{"active-infection"});
}

TEST(ScreenEvaluation, RejectsAnUnknownIdAndListsTheKnownOnes) {
  auto answers = all_no();
  answers.push_back({"bleeding", false});
  const auto evaluation = evaluate_screen(answers);
  EXPECT_FALSE(evaluation.result.has_value());
  ASSERT_EQ(evaluation.diagnostics.size(), 1u);
  EXPECT_EQ(evaluation.diagnostics[0].field, "answers.bleeding");
  EXPECT_EQ(evaluation.diagnostics[0].message, "unknown screen question 'bleeding'");
  EXPECT_NE(evaluation.diagnostics[0].hint.find("bleeding-risk"), std::string::npos);
}

TEST(ScreenEvaluation, RejectsAQuestionAnsweredTwice) {
  auto answers = all_no();
  answers.push_back({"seizure-disorder", true});
  const auto evaluation = evaluate_screen(answers);
  EXPECT_FALSE(evaluation.result.has_value());
  ASSERT_EQ(evaluation.diagnostics.size(), 1u);
  EXPECT_EQ(evaluation.diagnostics[0].message, "question 'seizure-disorder' is answered more than once");
}

ScreenRecord clear_screen() {
  return ScreenRecord{kScreenQuestionSetVersion, kTakenOn, ScreenResult::kClear, {}};
}

TEST(ScreenStatus, NeverTakenAsksForTheScreen) {
  const auto report = screen_status(std::nullopt, kTakenOn);
  EXPECT_EQ(report.status, ScreenStatus::kNeverTaken);
  EXPECT_FALSE(report.allows_practice());
  EXPECT_NE(report.sentence.find("not taken the safety screen"), std::string::npos);
}

TEST(ScreenStatus, ClearOnTheDayItWasTaken) {
  const auto report = screen_status(clear_screen(), kTakenOn);
  EXPECT_EQ(report.status, ScreenStatus::kClear);
  EXPECT_TRUE(report.allows_practice());
  EXPECT_EQ(report.valid_through, kTakenOn + days{29});
  EXPECT_EQ(report.sentence, "Your safety screen from 2026-11-02 is clear and counts through 2026-12-01.");
}

TEST(ScreenStatus, StillClearAfter29Days) {
  EXPECT_EQ(screen_status(clear_screen(), kTakenOn + days{29}).status, ScreenStatus::kClear);
}

TEST(ScreenStatus, ExpiresAtExactly30Days) {
  const auto report = screen_status(clear_screen(), kTakenOn + days{30});
  EXPECT_EQ(report.status, ScreenStatus::kExpired);
  EXPECT_FALSE(report.allows_practice());
  EXPECT_EQ(
      report.sentence,
      "Your safety screen from 2026-11-02 is 30 days old and a screen counts for 30 days; please answer the "
      "questions again, since health can change.");
}

TEST(ScreenStatus, AnOlderQuestionSetIsOutdatedEvenWhenRecent) {
  ScreenRecord record = clear_screen();
  record.question_set_version = kScreenQuestionSetVersion - 1;
  const auto report = screen_status(record, kTakenOn + days{1});
  EXPECT_EQ(report.status, ScreenStatus::kOutdated);
  EXPECT_FALSE(report.allows_practice());
  EXPECT_NE(report.sentence.find("questions have changed"), std::string::npos);
}

TEST(ScreenStatus, ANewerQuestionSetIsOutdatedToo) {
  ScreenRecord record = clear_screen();
  record.question_set_version = kScreenQuestionSetVersion + 1;
  EXPECT_EQ(screen_status(record, kTakenOn).status, ScreenStatus::kOutdated);
}

TEST(ScreenStatus, BlockedStaysBlockedAndQuotesTheQuestionsAnsweredYes) {
  ScreenRecord record{
      kScreenQuestionSetVersion, kTakenOn, ScreenResult::kBlocked, {"bleeding-risk", "active-infection"}};
  const auto report = screen_status(record, kTakenOn + days{90});
  EXPECT_EQ(report.status, ScreenStatus::kBlocked) << "age never silently lifts a block";
  EXPECT_FALSE(report.allows_practice());
  // The person reads the questions they answered, never an internal id.
  const std::string infection{find_screen_question("active-infection")->question};
  EXPECT_NE(report.sentence.find("you answered yes to “" +
                                 std::string(find_screen_question("bleeding-risk")->question) + "” and “" +
                                 infection + "”"),
            std::string::npos)
      << report.sentence;
  EXPECT_EQ(report.sentence.find("active-infection"), std::string::npos) << report.sentence;
}

TEST(ScreenStatus, AnIdNoLongerAskedIsNamedAsStored) {
  ScreenRecord record{kScreenQuestionSetVersion, kTakenOn, ScreenResult::kBlocked, {"retired-question"}};
  EXPECT_NE(screen_status(record, kTakenOn).sentence.find("yes to 'retired-question'"), std::string::npos);
}

TEST(ScreenStatus, BlockedWinsOverAChangedQuestionSet) {
  ScreenRecord record{kScreenQuestionSetVersion + 1, kTakenOn, ScreenResult::kBlocked, {"seizure-disorder"}};
  EXPECT_EQ(screen_status(record, kTakenOn).status, ScreenStatus::kBlocked);
}

TEST(StopChoices, OneForEverySignalPlusOtherAndInterrupted) {
  const auto choices = stop_choices();
  ASSERT_EQ(choices.size(), spellings<StopSignal>().size() + 2);
  for (std::size_t i = 0; i + 2 < choices.size(); ++i) {
    ASSERT_TRUE(choices[i].signal.has_value());
    EXPECT_EQ(choices[i].spelling, to_string(*choices[i].signal)) << "journal and file spellings agree";
    EXPECT_EQ(&stop_choice(choices[i].signal), &choices[i]);
    EXPECT_TRUE(choices[i].safety_stop) << choices[i].spelling;
  }
  const auto& other = choices[choices.size() - 2];
  EXPECT_FALSE(other.signal.has_value());
  EXPECT_EQ(other.spelling, "other");
  EXPECT_EQ(&stop_choice(std::nullopt), &other);
  EXPECT_TRUE(other.safety_stop) << "velum cannot tell that \"something else\" was harmless";
  EXPECT_FALSE(choices.back().signal.has_value());
  EXPECT_EQ(choices.back().spelling, "interrupted");
}

TEST(StopChoices, AHarmlessInterruptionIsTheOnlyStopWithoutSafetyConsequences) {
  const auto* interrupted = find_stop_choice("interrupted");
  ASSERT_NE(interrupted, nullptr);
  EXPECT_FALSE(interrupted->safety_stop);
  EXPECT_EQ(interrupted->label, "Interrupted, nothing wrong");
  EXPECT_NE(interrupted->advice.find("does not hold back your plan"), std::string_view::npos);
  for (const auto& choice : stop_choices()) {
    if (&choice != interrupted) {
      EXPECT_TRUE(choice.safety_stop) << choice.spelling;
    }
  }
}

TEST(StopChoices, EveryChoiceHasCalmAdviceThatStopsForToday) {
  for (const auto& choice : stop_choices()) {
    EXPECT_FALSE(choice.label.empty()) << choice.spelling;
    EXPECT_EQ(choice.advice.find('!'), std::string_view::npos) << choice.spelling;
    EXPECT_EQ(choice.advice.find("diagnos"), std::string_view::npos) << choice.spelling;
  }
}

TEST(StopChoices, BleedingAdviceSendsToAClinicianWhenItDoesNotSettle) {
  const auto& advice = stop_choice(StopSignal::kBleeding).advice;
  EXPECT_NE(advice.find("Stop for today"), std::string_view::npos);
  EXPECT_NE(advice.find("does not settle quickly, or it happens again, see a clinician"),
            std::string_view::npos);
}

TEST(StopChoices, BreathingDifficultyThatDoesNotEaseGetsHelpNow) {
  EXPECT_NE(stop_choice(StopSignal::kBreathingDifficulty).advice.find("get medical help now"),
            std::string_view::npos);
}

TEST(StopChoices, FindsBySpelling) {
  ASSERT_NE(find_stop_choice("numbness"), nullptr);
  EXPECT_EQ(find_stop_choice("numbness")->signal, StopSignal::kNumbness);
  ASSERT_NE(find_stop_choice("other"), nullptr);
  EXPECT_FALSE(find_stop_choice("other")->signal.has_value());
  EXPECT_EQ(find_stop_choice("sharp pain"), nullptr);
}

TEST(HygieneChecklist, AsksTheRoutinesItemsInItsOrderAndNailsAndHandsBlock) {
  Routine routine;
  routine.checklist = {PrepItem::kWater, PrepItem::kNailsShort, PrepItem::kGloveOptional,
                       PrepItem::kHandsClean};
  const auto questions = hygiene_checklist(routine);
  ASSERT_EQ(questions.size(), 4u);
  EXPECT_EQ(questions[0].item, PrepItem::kWater);
  EXPECT_FALSE(questions[0].blocks);
  EXPECT_EQ(questions[1].item, PrepItem::kNailsShort);
  EXPECT_TRUE(questions[1].blocks);
  EXPECT_NE(questions[1].if_no.find("sharp, stabbing pain"), std::string_view::npos);
  EXPECT_TRUE(questions[2].either_is_fine);
  EXPECT_FALSE(questions[2].blocks);
  EXPECT_TRUE(questions[3].blocks);
}

TEST(HygieneChecklist, EveryPreparationItemHasAQuestion) {
  Routine routine;
  for (const auto spelling : spellings<PrepItem>()) routine.checklist.push_back(*parse<PrepItem>(spelling));
  EXPECT_EQ(hygiene_checklist(routine).size(), spellings<PrepItem>().size());
}

Routine routine_with(Setting setting, Hand hand, Landmark landmark) {
  Routine routine;
  routine.setting = setting;
  Step step;
  step.hand = hand;
  step.landmark = landmark;
  routine.steps.push_back(step);
  return routine;
}

TEST(SessionReminders, IntraOralRoutineRemindsToSitUpright) {
  const auto reminders = session_reminders(routine_with(Setting::kSeated, Hand::kThumb, Landmark::kUvula));
  EXPECT_EQ(reminders, std::vector<std::string_view>{kPostureReminder});
}

TEST(SessionReminders, WarmBathRoutineRemindsNotToHoldTheBreath) {
  const auto reminders = session_reminders(routine_with(Setting::kWarmBath, Hand::kThumb, Landmark::kUvula));
  EXPECT_EQ(reminders, (std::vector<std::string_view>{kPostureReminder, kWarmBathReminder}));
}

TEST(SessionReminders, WarmBathOnTheChecklistCountsToo) {
  Routine routine = routine_with(Setting::kSeated, Hand::kCottonSwab, Landmark::kNostril);
  routine.checklist.push_back(PrepItem::kWarmBath);
  EXPECT_EQ(session_reminders(routine), std::vector<std::string_view>{kWarmBathReminder});
}

TEST(SessionReminders, AWalkNeedsNoReminder) {
  EXPECT_TRUE(session_reminders(routine_with(Setting::kWalking, Hand::kNone, Landmark::kWholeFace)).empty());
}

}  // namespace
}  // namespace velum::practice
