// The routine loader and validator: one test per rule of docs/protocol-format.md,
// each asserting the exact message, field and place of the diagnostic.

#include "practice/loader.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

namespace velum::practice {
namespace {

namespace fs = std::filesystem;

// A valid intra-oral routine; each test breaks one thing in it. Line numbers
// in the assertions below refer to this text (line 1 is "[routine]").
constexpr std::string_view kValid = R"([routine]
id = "test-routine"
title = "Test routine"
summary = "A routine for the loader tests."
version = 3
level = "intermediate"
setting = "seated"
prerequisites = ["breathing-only"]

[preparation]
checklist = ["nails-short", "hands-clean", "cloth", "water"]

[[pattern]]
name = "slow"
inhale = 4
exhale = 8

[[step]]
id = "settle"
title = "Settle in"
instruction = "Sit upright and breathe."
detail = "Let the breath slow down."
action = "breathe"
duration_seconds = 60
pattern = "slow"

[[step]]
id = "hold"
title = "Hold still"
instruction = "Rest the thumb behind the uvula."
detail = "Keep the thumb still and breathe."
stage = 2
landmark = "uvula"
hand = "thumb"
action = "insert-and-hold"
duration_seconds = 90
stop_signals = ["sharp-pain", "bleeding"]
pain_ceiling = 5
)";

std::string replaced(std::string text, std::string_view from, std::string_view to) {
  const auto at = text.find(from);
  if (at == std::string::npos) throw std::logic_error("test text not found: " + std::string(from));
  text.replace(at, from.size(), to);
  return text;
}

std::string with(std::string_view from, std::string_view to) {
  return replaced(std::string(kValid), from, to);
}

LoadResult parse(const std::string& text) { return parse_routine(text, "test.toml"); }

// The one diagnostic for `field`; fails the test when there is not exactly one.
Diagnostic only(const LoadResult& result, std::string_view field) {
  Diagnostic found;
  int count = 0;
  for (const auto& diagnostic : result.diagnostics) {
    if (diagnostic.field == field) {
      found = diagnostic;
      ++count;
    }
  }
  EXPECT_EQ(count, 1) << "diagnostics for " << field << ": " << count;
  return found;
}

std::string all(const LoadResult& result) {
  std::string out;
  for (const auto& diagnostic : result.diagnostics) out += format(diagnostic) + "\n";
  return out;
}

TEST(RoutineLoader, AcceptsAValidRoutineAndFillsEveryField) {
  const auto result = parse(std::string(kValid));
  ASSERT_TRUE(result.routine.has_value()) << all(result);
  EXPECT_TRUE(result.diagnostics.empty());
  const Routine& routine = *result.routine;
  EXPECT_EQ(routine.id, "test-routine");
  EXPECT_EQ(routine.version, 3);
  EXPECT_EQ(routine.level, Level::kIntermediate);
  EXPECT_EQ(routine.prerequisites, std::vector<std::string>{"breathing-only"});
  EXPECT_EQ(routine.checklist.size(), 4u);
  ASSERT_EQ(routine.patterns.size(), 1u);
  EXPECT_EQ(routine.patterns[0].title, "slow");  // title defaults to the name
  EXPECT_EQ(routine.patterns[0].exhale, Seconds{8});
  ASSERT_EQ(routine.steps.size(), 2u);
  EXPECT_EQ(routine.steps[0].pattern, "slow");
  EXPECT_EQ(routine.steps[1].landmark, Landmark::kUvula);
  EXPECT_EQ(routine.steps[1].pain_ceiling, 5);
  EXPECT_TRUE(routine.is_intra_oral());
  EXPECT_EQ(routine.stage_count(), 2);
  EXPECT_EQ(routine.dosage, Dosage{});
  EXPECT_EQ(routine.progression, ProgressionRules{});
}

TEST(RoutineLoader, ReportsEveryProblemAtOnceInFileOrder) {
  const auto result =
      parse(replaced(with("version = 3", "version = 0"), "duration_seconds = 90", "duration_seconds = 0"));
  EXPECT_FALSE(result.routine.has_value());
  ASSERT_EQ(result.diagnostics.size(), 2u) << all(result);
  EXPECT_EQ(result.diagnostics[0].field, "routine.version");
  EXPECT_EQ(result.diagnostics[1].field, "step[2].duration_seconds");
}

TEST(RoutineLoader, ReportsAnUnknownKeyWithTheClosestValidKey) {
  const auto d = only(parse(with("summary =", "sumary =")), "routine.sumary");
  EXPECT_EQ(d.message, "unknown key 'sumary' in routine");
  EXPECT_EQ(d.hint, "did you mean 'summary'?");
  EXPECT_EQ(d.line, 4);
  EXPECT_EQ(d.column, 1);
}

TEST(RoutineLoader, ReportsAnUnknownStepKeyWithItsStepNumber) {
  const auto d =
      only(parse(with("pain_ceiling = 5", "pain_ceiling = 5\npain_cieling = 5")), "step[2].pain_cieling");
  EXPECT_EQ(d.message, "unknown key 'pain_cieling' in step[2]");
  EXPECT_EQ(d.hint, "did you mean 'pain_ceiling'?");
  EXPECT_EQ(d.line, 39);
}

TEST(RoutineLoader, ListsTheValidKeysWhenNothingIsClose) {
  const auto d = only(parse(with("[[pattern]]", "[[pattern]]\ncolour = 1")), "pattern[1].colour");
  EXPECT_EQ(d.hint, "remove it; the keys allowed here are: name, title, inhale, exhale, hold_in, hold_out");
}

TEST(RoutineLoader, ReportsAWrongTypeNamingTheValueFound) {
  const auto d = only(parse(with("version = 3", "version = \"3\"")), "routine.version");
  EXPECT_EQ(d.message, "routine.version should be a whole number, not the text '3'");
  EXPECT_EQ(d.line, 5);
  EXPECT_EQ(d.column, 11);
}

TEST(RoutineLoader, RejectsADecimalWhereAWholeNumberIsNeeded) {
  const auto d = only(parse(with("stage = 2", "stage = 2.5")), "step[2].stage");
  EXPECT_EQ(d.message, "step[2].stage should be a whole number, not the number 2.5");
}

TEST(RoutineLoader, ReportsAMissingRequiredKeyAtItsTable) {
  const auto d = only(parse(with("action = \"breathe\"\n", "")), "step[1].action");
  EXPECT_EQ(d.message, "missing required key 'step[1].action'");
  EXPECT_EQ(d.line, 18);
}

TEST(RoutineLoader, ReportsAMissingRoutineTable) {
  const auto result = parse("[[step]]\nid = \"a\"\n");
  const auto d = only(result, "routine");
  EXPECT_EQ(d.message, "the file has no [routine] table");
  EXPECT_EQ(d.line, 0);
}

TEST(RoutineLoader, RejectsARoutineWithoutSteps) {
  const auto text = std::string(kValid.substr(0, kValid.find("[[step]]")));
  const auto d = only(parse(text), "step");
  EXPECT_EQ(d.message, "the routine has no steps");
}

TEST(RoutineLoader, RejectsARoutineIdWithCapitalsAndSuggestsOne) {
  const auto d = only(parse(with("id = \"test-routine\"", "id = \"Test Routine\"")), "routine.id");
  EXPECT_EQ(d.message, "routine.id 'Test Routine' may contain only lowercase letters, digits and '-'");
  EXPECT_EQ(d.hint, "try 'test-routine'");
}

TEST(RoutineLoader, RejectsATitleLongerThanEightyCharacters) {
  const auto d = only(parse(with("title = \"Test routine\"", "title = \"" + std::string(81, 'a') + "\"")),
                      "routine.title");
  EXPECT_EQ(d.message, "routine.title is 81 characters long; the limit is 80");
}

TEST(RoutineLoader, CountsCharactersNotBytesInLengthLimits) {
  // 80 two-byte characters are 160 bytes but still 80 characters.
  std::string title;
  for (int i = 0; i < 80; ++i) title += "\xC3\xA9";
  const auto result = parse(with("title = \"Test routine\"", "title = \"" + title + "\""));
  EXPECT_TRUE(result.routine.has_value()) << all(result);
}

TEST(RoutineLoader, RejectsAnInstructionLongerThan160Characters) {
  const auto d = only(parse(with("Sit upright and breathe.", std::string(161, 'a'))), "step[1].instruction");
  EXPECT_EQ(d.message, "step[1].instruction is 161 characters long; the limit is 160");
}

TEST(RoutineLoader, SuggestsTheClosestVocabularyWord) {
  const auto d = only(parse(with("landmark = \"uvula\"", "landmark = \"uvla\"")), "step[2].landmark");
  EXPECT_EQ(d.message, "step[2].landmark 'uvla' is not a known landmark");
  EXPECT_EQ(d.hint, "did you mean 'uvula'?");
  EXPECT_EQ(d.line, 33);
  EXPECT_EQ(d.column, 12);
}

TEST(RoutineLoader, ListsTheVocabularyWhenNothingIsClose) {
  const auto d = only(parse(with("setting = \"seated\"", "setting = \"garden\"")), "routine.setting");
  EXPECT_EQ(d.hint, "choose one of: seated, warm-bath, lying, walking");
}

TEST(RoutineLoader, ChecksEachEntryOfAVocabularyList) {
  const auto d =
      only(parse(with("\"sharp-pain\", \"bleeding\"]", "\"sharp-pain\", \"bleeding\", \"fainting\"]")),
           "step[2].stop_signals[3]");
  EXPECT_EQ(d.message, "step[2].stop_signals[3] 'fainting' is not a known stop signal");
}

TEST(RoutineLoader, RejectsAStepDurationOfZeroSeconds) {
  const auto d =
      only(parse(with("duration_seconds = 60", "duration_seconds = 0")), "step[1].duration_seconds");
  EXPECT_EQ(d.message, "step[1].duration_seconds is 0, outside 1 to 3600");
  EXPECT_EQ(d.hint, "use a number from 1 to 3600");
}

TEST(RoutineLoader, RejectsAStepLongerThanAnHour) {
  const auto d =
      only(parse(with("duration_seconds = 60", "duration_seconds = 3600.5")), "step[1].duration_seconds");
  EXPECT_EQ(d.message, "step[1].duration_seconds is 3600.5, outside 1 to 3600");
}

TEST(RoutineLoader, RejectsNotANumberAsADuration) {
  const auto d =
      only(parse(with("duration_seconds = 60", "duration_seconds = nan")), "step[1].duration_seconds");
  EXPECT_EQ(d.message, "step[1].duration_seconds is nan, outside 1 to 3600");
}

TEST(RoutineLoader, RejectsABreathPhaseOfZeroOrOverTenMinutes) {
  const auto result = parse(with("inhale = 4\nexhale = 8", "inhale = 0\nexhale = 601"));
  EXPECT_EQ(only(result, "pattern[1].inhale").message,
            "pattern[1].inhale is 0; it must be more than 0 and at most 600");
  EXPECT_EQ(only(result, "pattern[1].exhale").message,
            "pattern[1].exhale is 601; it must be more than 0 and at most 600");
}

TEST(RoutineLoader, RejectsAPatternThatShadowsAPreset) {
  const auto result = parse(with("name = \"slow\"", "name = \"box\""));
  const auto d = only(result, "pattern[1].name");
  EXPECT_EQ(d.message, "pattern[1].name 'box' is already the name of a preset pattern");
}

TEST(RoutineLoader, ReportsADanglingPatternReferenceWithASuggestion) {
  const auto d = only(parse(with("pattern = \"slow\"", "pattern = \"slwo\"")), "step[1].pattern");
  EXPECT_EQ(d.message, "step[1].pattern 'slwo' names no breath pattern");
  EXPECT_EQ(d.hint, "did you mean 'slow'?");
  EXPECT_EQ(d.line, 25);
}

TEST(RoutineLoader, ReportsADanglingDefaultPattern) {
  const auto d = only(
      parse(with("level = \"intermediate\"", "level = \"intermediate\"\ndefault_pattern = \"resonant\"")),
      "routine.default_pattern");
  EXPECT_EQ(d.message, "routine.default_pattern 'resonant' names no breath pattern");
  EXPECT_EQ(d.hint, "did you mean 'resonance'?");
}

TEST(RoutineLoader, ReportsADanglingRampTarget) {
  const auto d = only(parse(with("pattern = \"slow\"", "ramp = { to = \"nowhere\", over_breaths = 5 }")),
                      "step[1].ramp.to");
  EXPECT_EQ(d.message, "step[1].ramp.to 'nowhere' names no breath pattern");
}

TEST(RoutineLoader, RequiresExactlyOneRampLength) {
  const auto d = only(parse(with("pattern = \"slow\"", "ramp = { to = \"box\" }")), "step[1].ramp");
  EXPECT_EQ(d.message, "step[1].ramp needs exactly one of over_breaths and over_seconds, and has neither");
}

TEST(RoutineLoader, ReportsADuplicateStepIdAtTheSecondStep) {
  const auto d = only(parse(with("id = \"hold\"", "id = \"settle\"")), "step[2].id");
  EXPECT_EQ(d.message, "step[2].id 'settle' is already used by step[1]");
  EXPECT_EQ(d.line, 28);
}

TEST(RoutineLoader, ReportsAGapInTheStages) {
  const auto d = only(parse(with("stage = 2", "stage = 3")), "step[2].stage");
  EXPECT_EQ(d.message, "step[2].stage is 3 but no step has stage 2");
  EXPECT_EQ(d.line, 32);
}

TEST(ProtocolCheck, RejectsBreathHoldInWarmBath) {
  const auto result = parse(replaced(with("setting = \"seated\"", "setting = \"warm-bath\""),
                                     "pattern = \"slow\"", "pattern = \"box\""));
  const auto d = only(result, "step[1].pattern");
  EXPECT_EQ(d.message,
            "step[1].pattern 'box' holds the breath (4-4-4-4), which is not safe in a warm-bath routine");
  EXPECT_EQ(d.hint, "use 'holdless-calm', or a pattern with hold_in = 0 and hold_out = 0");
}

TEST(ProtocolCheck, RejectsABreathHoldRampInWarmBath) {
  const auto result = parse(replaced(with("setting = \"seated\"", "setting = \"warm-bath\""),
                                     "pattern = \"slow\"", "ramp = { to = \"4-7-8\", over_seconds = 30 }"));
  EXPECT_EQ(only(result, "step[1].ramp.to").message,
            "step[1].ramp.to '4-7-8' holds the breath (4-7-8-0), which is not safe in a warm-bath routine");
}

TEST(ProtocolCheck, RejectsAHoldingDefaultPatternInWarmBath) {
  const auto result =
      parse(with("setting = \"seated\"", "setting = \"warm-bath\"\ndefault_pattern = \"box\""));
  EXPECT_EQ(only(result, "routine.default_pattern").line, 8);
}

TEST(ProtocolCheck, AllowsHoldsWhenSeated) {
  const auto result = parse(with("pattern = \"slow\"", "pattern = \"box\""));
  EXPECT_TRUE(result.routine.has_value()) << all(result);
}

TEST(ProtocolCheck, RequiresStopSignalsOnIntraOralSteps) {
  const auto d =
      only(parse(with("stop_signals = [\"sharp-pain\", \"bleeding\"]\n", "")), "step[2].stop_signals");
  EXPECT_EQ(d.message, "step[2] works inside the mouth (thumb at the uvula) but lists no stop_signals");
  EXPECT_EQ(d.line, 27);
}

TEST(ProtocolCheck, RequiresBleedingAmongTheStopSignals) {
  const auto d =
      only(parse(with("[\"sharp-pain\", \"bleeding\"]", "[\"sharp-pain\"]")), "step[2].stop_signals");
  EXPECT_EQ(d.message, "step[2].stop_signals lacks 'bleeding', which every intra-oral step needs");
  EXPECT_EQ(d.hint, "add \"bleeding\" to stop_signals");
}

TEST(ProtocolCheck, RejectsAPainCeilingAboveSix) {
  const auto d = only(parse(with("pain_ceiling = 5", "pain_ceiling = 8")), "step[2].pain_ceiling");
  EXPECT_EQ(d.message, "step[2].pain_ceiling is 8, above the safe limit of 6 out of 10");
  EXPECT_EQ(d.line, 38);
  EXPECT_EQ(d.column, 16);
}

TEST(ProtocolCheck, RequiresAPainCeilingOnIntraOralSteps) {
  const auto d = only(parse(with("pain_ceiling = 5\n", "")), "step[2].pain_ceiling");
  EXPECT_EQ(d.message, "step[2] works inside the mouth (thumb at the uvula) but has no pain_ceiling");
}

TEST(ProtocolCheck, DoesNotAskForStopSignalsWhenTheHandStaysOutside) {
  auto text = replaced(with("hand = \"thumb\"", "hand = \"tongue\""),
                       "stop_signals = [\"sharp-pain\", \"bleeding\"]\n", "");
  const auto result = parse(replaced(text, "pain_ceiling = 5\n", ""));
  EXPECT_TRUE(result.routine.has_value()) << all(result);
}

TEST(ProtocolCheck, RequiresPrerequisitesForAnAdvancedRoutine) {
  const auto text = replaced(with("prerequisites = [\"breathing-only\"]\n", ""), "intermediate", "advanced");
  const auto d = only(parse(text), "routine.level");
  EXPECT_EQ(d.message, "routine.level is 'advanced' but the routine lists no prerequisites");
  EXPECT_EQ(d.line, 6);
}

TEST(ProtocolCheck, RequiresEveryHygieneItemForIntraOralWork) {
  const auto result = parse(with("\"nails-short\", \"hands-clean\", ", ""));
  ASSERT_EQ(result.diagnostics.size(), 2u) << all(result);
  EXPECT_EQ(result.diagnostics[0].message,
            "preparation.checklist lacks 'nails-short', which intra-oral work needs");
  EXPECT_EQ(result.diagnostics[1].message,
            "preparation.checklist lacks 'hands-clean', which intra-oral work needs");
  EXPECT_EQ(result.diagnostics[0].line, 11);
}

TEST(ProtocolCheck, RejectsIntraOralWorkLyingDown) {
  const auto d = only(parse(with("setting = \"seated\"", "setting = \"lying\"")), "routine.setting");
  EXPECT_EQ(d.message,
            "routine.setting is 'lying' but the routine works inside the mouth, which is done seated or "
            "after a warm "
            "bath");
}

TEST(ProtocolCheck, AllowsHoldBuildUpOnlyOnSqueezeAndGripSteps) {
  const auto d =
      only(parse(with("pain_ceiling = 5", "pain_ceiling = 5\nhold_build_up = { holds_seconds = [1] }")),
           "step[2].hold_build_up");
  EXPECT_EQ(d.message,
            "step[2].hold_build_up is only for 'squeeze' and 'grip-and-flex' steps, not 'insert-and-hold'");
}

TEST(ProtocolCheck, RejectsHoldsThatGetShorter) {
  const auto text = replaced(with("action = \"insert-and-hold\"", "action = \"squeeze\""), "pain_ceiling = 5",
                             "pain_ceiling = 5\nhold_build_up = { holds_seconds = [2, 1] }");
  const auto d = only(parse(text), "step[2].hold_build_up.holds_seconds[2]");
  EXPECT_EQ(d.message, "step[2].hold_build_up.holds_seconds[2] is 1, shorter than the hold before it (2)");
}

TEST(ProtocolCheck, RequiresAdvanceAtOrBelowRegressPain) {
  const auto d =
      only(parse(std::string(kValid) + "[progression]\nadvance_max_pain = 5\nregress_above_pain = 4\n"),
           "progression.advance_max_pain");
  EXPECT_EQ(d.message, "progression.advance_max_pain (5) is above progression.regress_above_pain (4)");
}

TEST(ProtocolCheck, RejectsRegressPainAboveSix) {
  const auto d = only(parse(std::string(kValid) + "[progression]\nregress_above_pain = 7\n"),
                      "progression.regress_above_pain");
  EXPECT_EQ(d.message, "progression.regress_above_pain is 7, above the safe limit of 6 out of 10");
}

TEST(RoutineFileEncoding, ReportsLatin1BytesWithTheirPlace) {
  const auto result = parse(with("Settle in", "Caf\xE9 break"));
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].message, "the file is not valid UTF-8 (byte 0xE9)");
  EXPECT_EQ(result.diagnostics[0].line, 20);
  EXPECT_EQ(result.diagnostics[0].column, 13);
}

TEST(RoutineFileEncoding, RejectsOverlongAndSurrogateSequences) {
  EXPECT_EQ(parse("a = \"\xC0\xAF\"").diagnostics.at(0).message, "the file is not valid UTF-8 (byte 0xC0)");
  EXPECT_EQ(parse("a = \"\xED\xA0\x80\"").diagnostics.at(0).message,
            "the file is not valid UTF-8 (byte 0xED)");
}

TEST(RoutineFileEncoding, CallsAFileWithNulBytesBinary) {
  const auto result = parse(std::string("[routine]\n\0\x01\x02", 13));
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].message,
            "the file contains a NUL byte, so it is binary data rather than a routine");
  EXPECT_EQ(result.diagnostics[0].line, 2);
}

TEST(RoutineFileEncoding, RejectsANonAsciiCharacterOutsideQuotesBeforeTomlSeesIt) {
  // toml++ 3.3 reaches undefined behaviour on U+0495 in a key (found by the fuzzer).
  const auto result = parse("[a\xD2\x95]\n");
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].message, "the character '\xD2\x95' (U+0495) is outside quoted text");
  EXPECT_EQ(result.diagnostics[0].column, 3);
}

TEST(RoutineFileEncoding, AllowsNonAsciiInsideQuotesAndComments) {
  // An escaped quote and an apostrophe inside the text must not end it early.
  const auto result = parse(with("Settle in", "Caf\xC3\xA9 \\\" it's") + "# caf\xC3\xA9 \" '\n");
  EXPECT_TRUE(result.routine.has_value()) << all(result);
}

TEST(RoutineFileEncoding, ReportsATomlSyntaxErrorWithItsPlace) {
  const auto result = parse("[routine]\nid = \"unterminated\n");
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].line, 2);
  EXPECT_EQ(result.diagnostics[0].message.rfind("TOML syntax error: ", 0), 0u)
      << result.diagnostics[0].message;
}

class RoutineFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("velum-loader-test-" + std::to_string(getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path write(const std::string& name, std::string_view text) {
    const auto path = dir_ / name;
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  fs::path dir_;
};

TEST_F(RoutineFiles, LoadsAValidFile) {
  const auto result = load_routine_file(write("ok.toml", kValid));
  EXPECT_TRUE(result.routine.has_value()) << all(result);
  EXPECT_FALSE(result.unreadable);
}

TEST_F(RoutineFiles, NamesTheFileInEveryDiagnostic) {
  const auto path = write("bad.toml", with("version = 3", "version = 0"));
  const auto result = load_routine_file(path);
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].file, path.string());
}

TEST_F(RoutineFiles, ReportsAMissingFileAsUnreadable) {
  const auto result = load_routine_file(dir_ / "absent.toml");
  EXPECT_TRUE(result.unreadable);
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].message,
            "cannot read " + (dir_ / "absent.toml").string() + ": no such file");
}

TEST_F(RoutineFiles, ReportsAFolderAsUnreadable) {
  const auto result = load_routine_file(dir_);
  EXPECT_TRUE(result.unreadable);
  EXPECT_EQ(result.diagnostics.at(0).message,
            "cannot read " + dir_.string() + ": it is a folder, not a routine file");
}

TEST_F(RoutineFiles, ReportsAFileWithoutReadPermissionAsUnreadable) {
  if (geteuid() == 0) GTEST_SKIP() << "root reads every file regardless of permissions";
  const auto path = write("secret.toml", kValid);
  fs::permissions(path, fs::perms::none);
  const auto result = load_routine_file(path);
  EXPECT_TRUE(result.unreadable);
  EXPECT_EQ(result.diagnostics.at(0).message, "cannot read " + path.string() + ": Permission denied");
}

TEST_F(RoutineFiles, ReportsAReadFailureAsUnreadable) {
  // Opening /proc/self/mem works, reading its first page fails with EIO, even as root.
  const auto result = load_routine_file("/proc/self/mem");
  EXPECT_TRUE(result.unreadable);
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].message, "cannot read /proc/self/mem: Input/output error");
}

TEST_F(RoutineFiles, RefusesAFileLargerThanTheLimitUnread) {
  // Ten megabytes of otherwise valid TOML comments, generated here rather than committed.
  const std::string line = "# " + std::string(1021, 'x') + "\n";  // 1024 bytes
  const auto path = dir_ / "huge.toml";
  {
    std::ofstream out(path, std::ios::binary);
    for (int i = 0; i < 10 * 1024 + 1; ++i) out << line;
  }
  ASSERT_GT(fs::file_size(path), 10u * 1024 * 1024);
  const auto result = load_routine_file(path);
  EXPECT_FALSE(result.unreadable);
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].message,
            "the file is 10486784 bytes, more than the 1048576 a routine may have, so it was not read");
}

TEST_F(RoutineFiles, RefusesAnEndlessDeviceWithoutFillingMemory) {
  const auto result = load_routine_file("/dev/zero");
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].message,
            "the file is more than the 1048576 bytes a routine may have, so it was not read");
}

std::string routine_text(std::string_view id, std::string_view prerequisites) {
  return std::string(R"([routine]
id = ")") +
         std::string(id) + R"("
title = "T"
summary = "S"
version = 1
level = "intermediate"
prerequisites = )" +
         std::string(prerequisites) + R"(

[[step]]
id = "s"
title = "T"
instruction = "I"
detail = "D"
action = "breathe"
duration_seconds = 10
)";
}

TEST_F(RoutineFiles, CatalogReportsADuplicateIdInTheSecondFile) {
  write("bundled/a.toml", routine_text("same", "[]"));
  write("bundled/b.toml", routine_text("same", "[]"));
  const auto catalog = load_catalog(dir_ / "bundled", std::nullopt);
  ASSERT_EQ(catalog.diagnostics.size(), 1u);
  const auto& d = catalog.diagnostics[0];
  EXPECT_EQ(d.file, (dir_ / "bundled/b.toml").string());
  EXPECT_EQ(d.message, "routine id 'same' is already used by " + (dir_ / "bundled/a.toml").string());
  EXPECT_EQ(d.line, 2);
  EXPECT_EQ(d.column, 6);
}

TEST_F(RoutineFiles, CatalogReportsAPrerequisiteThatNamesNoRoutine) {
  write("bundled/a.toml", routine_text("first", "[]"));
  write("bundled/b.toml", routine_text("second", "[\"frist\"]"));
  const auto catalog = load_catalog(dir_ / "bundled", std::nullopt);
  ASSERT_EQ(catalog.diagnostics.size(), 1u);
  EXPECT_EQ(catalog.diagnostics[0].message, "routine.prerequisites[1] 'frist' names no known routine");
  EXPECT_EQ(catalog.diagnostics[0].hint, "did you mean 'first'?");
  EXPECT_EQ(catalog.diagnostics[0].line, 7);
}

TEST_F(RoutineFiles, CatalogNamesAPrerequisiteCycle) {
  write("bundled/a.toml", routine_text("one", "[\"two\"]"));
  write("bundled/b.toml", routine_text("two", "[\"three\"]"));
  write("bundled/c.toml", routine_text("three", "[\"one\"]"));
  const auto catalog = load_catalog(dir_ / "bundled", std::nullopt);
  ASSERT_EQ(catalog.diagnostics.size(), 1u);
  EXPECT_EQ(catalog.diagnostics[0].message,
            "prerequisites form a cycle: one \u2192 two \u2192 three \u2192 one");
  EXPECT_EQ(catalog.diagnostics[0].file, (dir_ / "bundled/a.toml").string());
}

TEST_F(RoutineFiles, CatalogReportsAUserRoutineWithABundledIdAndKeepsTheBundledOne) {
  write("bundled/a.toml", routine_text("shared", "[]"));
  write("user/mine.toml", routine_text("shared", "[]"));
  write("user/other.toml", routine_text("other", "[\"shared\"]"));
  const auto catalog = load_catalog(dir_ / "bundled", dir_ / "user");
  ASSERT_EQ(catalog.routines.size(), 2u);
  EXPECT_EQ(catalog.sources[0], dir_ / "bundled/a.toml");
  EXPECT_EQ(catalog.find("other")->id, "other");
  ASSERT_EQ(catalog.diagnostics.size(), 1u);
  EXPECT_EQ(catalog.diagnostics[0].file, (dir_ / "user/mine.toml").string());
  EXPECT_EQ(catalog.diagnostics[0].message, "routine id 'shared' is already used by the bundled routine " +
                                                (dir_ / "bundled/a.toml").string() +
                                                ", so this file is skipped");
}

TEST_F(RoutineFiles, CatalogKeepsGoodRoutinesBesideABadOne) {
  write("bundled/a.toml", routine_text("good", "[]"));
  write("bundled/b.toml", "not toml at all = = =");
  const auto catalog = load_catalog(dir_ / "bundled", dir_ / "no-such-user-dir");
  EXPECT_EQ(catalog.routines.size(), 1u);
  ASSERT_EQ(catalog.diagnostics.size(), 1u);
  EXPECT_EQ(catalog.diagnostics[0].file, (dir_ / "bundled/b.toml").string());
}

TEST(Diagnostics, FormatsFileLineColumnMessageAndHint) {
  const Diagnostic d{"a.toml", 3, 7, Severity::kError, "routine.id", "bad id", "try 'x'"};
  EXPECT_EQ(format(d), "a.toml:3:7: error: bad id\n  hint: try 'x'");
}

TEST(Diagnostics, LeavesOutAnUnknownPlace) {
  const Diagnostic d{"a.toml", 0, 0, Severity::kWarning, "", "empty", ""};
  EXPECT_EQ(format(d), "a.toml: warning: empty");
  EXPECT_FALSE(has_errors({d}));
}

TEST(Diagnostics, SuggestsASwappedPairOfLetters) {
  EXPECT_EQ(closest_match("titel", {"id", "title", "summary"}), "title");
}

TEST(Diagnostics, SuggestsNothingForAnUnrelatedWord) {
  EXPECT_EQ(closest_match("colour", {"id", "title", "summary"}), "");
}

}  // namespace
}  // namespace velum::practice
