#include "practice/loader.hpp"

#include <fmt/format.h>

#include <toml++/toml.h>
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>
#include <iterator>
#include <limits>
#include <map>
#include <memory>
#include <set>
#include <span>
#include <system_error>
#include <tuple>

#if !TOML_EXCEPTIONS
#error "the loader expects toml++ built with exceptions (Debian's libtomlplusplus is)"
#endif

namespace velum::practice {
namespace {

namespace fs = std::filesystem;

// Limits from docs/protocol-format.md. Each is named after the key it bounds.
constexpr std::size_t kMinRoutineIdChars = 2;
constexpr std::size_t kMaxRoutineIdChars = 64;
constexpr std::size_t kMaxStepIdChars = 64;
constexpr std::size_t kMaxPatternNameChars = 64;
constexpr std::size_t kMaxTitleChars = 80;
constexpr std::size_t kMaxSummaryChars = 400;
constexpr std::size_t kMaxInstructionChars = 160;
constexpr std::size_t kMaxCueChars = 160;
constexpr std::int64_t kMinVersion = 1;
constexpr std::int64_t kMaxVersion = 1'000'000;  // keeps the value inside an int
constexpr double kMaxPreparationSeconds = 120;
constexpr double kMinMinutesPerDay = 0.5;
constexpr double kMaxMinutesPerDay = 120;
constexpr std::int64_t kMaxDaysPerWeek = 7;
constexpr std::int64_t kMinStage = 1;
constexpr std::int64_t kMaxStage = 20;
constexpr double kMinStepSeconds = 1;
constexpr double kMaxStepSeconds = 3600;
constexpr std::int64_t kMaxRepetitions = 100;
constexpr std::int64_t kMaxRampBreaths = 1000;
constexpr double kMinRampSeconds = 1;
constexpr double kMaxRampSeconds = 3600;
constexpr double kMinHoldSeconds = 0.1;
constexpr double kMaxHoldSeconds = 30;
constexpr std::int64_t kMaxWeeksPerStage = 12;
constexpr double kMinRestSeconds = 1;
constexpr double kMaxRestSeconds = 60;
constexpr std::int64_t kMaxPain = 10;
constexpr std::int64_t kMaxSessionCount = 100;
constexpr std::int64_t kMaxClinicianDays = 365;
constexpr std::size_t kMaxQuotedChars = 40;  // longer values are shortened in messages

constexpr std::string_view kTopKeys[] = {"routine", "preparation", "pattern", "step", "progression"};
constexpr std::string_view kRoutineKeys[] = {"id",
                                             "title",
                                             "summary",
                                             "version",
                                             "level",
                                             "setting",
                                             "prerequisites",
                                             "default_pattern",
                                             "preparation_seconds",
                                             "dosage"};
constexpr std::string_view kDosageKeys[] = {"minutes_per_day", "days_per_week", "maintenance_per_week"};
constexpr std::string_view kPreparationKeys[] = {"checklist"};
constexpr std::string_view kPatternKeys[] = {"name", "title", "inhale", "exhale", "hold_in", "hold_out"};
constexpr std::string_view kStepKeys[] = {
    "id",   "title",  "instruction",      "detail",       "stage",        "landmark",
    "hand", "action", "duration_seconds", "repetitions",  "pattern",      "ramp",
    "cues", "expect", "stop_signals",     "pain_ceiling", "hold_build_up"};
constexpr std::string_view kRampKeys[] = {"to", "over_breaths", "over_seconds"};
constexpr std::string_view kCueKeys[] = {"start", "midway", "end"};
constexpr std::string_view kHoldBuildUpKeys[] = {"holds_seconds", "weeks_per_stage", "rest_seconds"};
constexpr std::string_view kProgressionKeys[] = {"advance_after_sessions",
                                                 "advance_max_pain",
                                                 "regress_above_pain",
                                                 "regress_on_stop",
                                                 "pause_after_consecutive_stops",
                                                 "maintenance_after_sessions",
                                                 "painless_max_pain",
                                                 "clinician_after_days"};

// What an intra-oral routine's checklist and steps must contain (PRACTICE.md safety).
constexpr PrepItem kIntraOralChecklist[] = {PrepItem::kNailsShort, PrepItem::kHandsClean, PrepItem::kCloth,
                                            PrepItem::kWater};
constexpr StopSignal kIntraOralStopSignals[] = {StopSignal::kSharpPain, StopSignal::kBleeding};

template <typename Enum>
constexpr std::string_view kNoun = "value";
template <>
constexpr std::string_view kNoun<Landmark> = "landmark";
template <>
constexpr std::string_view kNoun<Hand> = "hand";
template <>
constexpr std::string_view kNoun<Action> = "action";
template <>
constexpr std::string_view kNoun<Sensation> = "sensation";
template <>
constexpr std::string_view kNoun<StopSignal> = "stop signal";
template <>
constexpr std::string_view kNoun<PrepItem> = "checklist item";
template <>
constexpr std::string_view kNoun<Level> = "level";
template <>
constexpr std::string_view kNoun<Setting> = "setting";

std::string join(std::span<const std::string_view> words) {
  std::string out;
  for (const auto word : words) {
    if (!out.empty()) out += ", ";
    out += word;
  }
  return out;
}

// UTF-8 (RFC 3629): bytes 10xxxxxx continue a character, others start one.
constexpr unsigned char kContinuationMask = 0xC0;
constexpr unsigned char kContinuationBits = 0x80;
constexpr unsigned char kFirstNonAscii = 0x80;

bool is_continuation(char c) {
  return (static_cast<unsigned char>(c) & kContinuationMask) == kContinuationBits;
}

std::size_t count_code_points(std::string_view text) {
  // Text is valid UTF-8 here.
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return !is_continuation(c); }));
}

std::string in_quotes(std::string_view text) {
  std::string shown(text.substr(0, kMaxQuotedChars));
  if (text.size() > kMaxQuotedChars) {
    // Do not cut a UTF-8 sequence in half.
    while (!shown.empty() && is_continuation(shown.back())) shown.pop_back();
    if (!shown.empty() && static_cast<unsigned char>(shown.back()) >= kFirstNonAscii) shown.pop_back();
    shown += "...";
  }
  return "'" + shown + "'";
}

std::string number_text(double value) { return fmt::format("{}", value); }

// How a value reads in a message: "the text 'one'", "the number 2.5".
std::string describe(const toml::node& node) {
  if (const auto* text = node.as_string()) return "the text " + in_quotes(text->get());
  if (const auto* integer = node.as_integer()) return fmt::format("the whole number {}", integer->get());
  if (const auto* real = node.as_floating_point()) return "the number " + number_text(real->get());
  if (const auto* boolean = node.as_boolean()) return boolean->get() ? "true" : "false";
  if (node.is_array()) return "a list";
  if (node.is_table()) return "a table";
  return "a date or time";
}

// A kebab-case id built from what someone wrote, for "try 'x'" hints.
std::string suggest_id(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < kFirstNonAscii && std::isalnum(byte) != 0) {
      out += static_cast<char>(std::tolower(byte));
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

bool is_id_char(char c, bool allow_dot) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || (allow_dot && c == '.');
}

std::string pattern_phases(const BreathPattern& pattern) {
  return fmt::format("{}-{}-{}-{}", pattern.inhale.count(), pattern.hold_in.count(), pattern.exhale.count(),
                     pattern.hold_out.count());
}

// ---------------------------------------------------------------------------
// Encoding: a routine is UTF-8 text. Checked before TOML so that a binary or
// Latin-1 file gets one clear sentence instead of a confusing syntax error.

struct Position {
  int line = 1;
  int column = 1;
};

Position position_of(std::string_view text, std::size_t offset) {
  Position position;
  for (std::size_t i = 0; i < offset; ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte == '\n') {
      ++position.line;
      position.column = 1;
    } else if (!is_continuation(text[i])) {
      ++position.column;
    }
  }
  return position;
}

// Length of the valid UTF-8 sequence at `offset`, or 0 when it is not valid
// (overlong forms, surrogates and code points above U+10FFFF are invalid).
// The masks are the lead-byte patterns of RFC 3629's table: 110xxxxx,
// 1110xxxx, 11110xxx, each followed by 6-bit 10xxxxxx continuations.
std::size_t utf8_sequence_length(std::string_view text, std::size_t offset,
                                 std::uint32_t* decoded = nullptr) {
  const auto at = [&](std::size_t i) { return static_cast<unsigned char>(text[offset + i]); };
  const unsigned char lead = at(0);
  std::size_t length = 0;
  std::uint32_t code_point = 0;
  if (lead < 0x80) {
    if (decoded != nullptr) *decoded = lead;
    return 1;
  }
  if ((lead & 0xE0) == 0xC0) {
    length = 2;
    code_point = lead & 0x1Fu;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    code_point = lead & 0x0Fu;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    code_point = lead & 0x07u;
  } else {
    return 0;
  }
  if (offset + length > text.size()) return 0;
  for (std::size_t i = 1; i < length; ++i) {
    if (!is_continuation(text[offset + i])) return 0;
    code_point = (code_point << 6) | (at(i) & 0x3Fu);
  }
  constexpr std::uint32_t kMinForLength[] = {0, 0, 0x80, 0x800, 0x10000};
  constexpr std::uint32_t kMaxCodePoint = 0x10FFFF;
  constexpr std::uint32_t kSurrogateFirst = 0xD800;
  constexpr std::uint32_t kSurrogateLast = 0xDFFF;
  if (code_point < kMinForLength[length] || code_point > kMaxCodePoint) return 0;
  if (code_point >= kSurrogateFirst && code_point <= kSurrogateLast) return 0;
  if (decoded != nullptr) *decoded = code_point;
  return length;
}

std::optional<Diagnostic> check_encoding(std::string_view text, std::string_view file) {
  if (const auto nul = text.find('\0'); nul != std::string_view::npos) {
    const auto where = position_of(text, nul);
    return Diagnostic{std::string(file),
                      where.line,
                      where.column,
                      Severity::kError,
                      "",
                      "the file contains a NUL byte, so it is binary data rather than a routine",
                      "routine files are UTF-8 text; check that you named the right file"};
  }
  for (std::size_t offset = 0; offset < text.size();) {
    const std::size_t length = utf8_sequence_length(text, offset);
    if (length == 0) {
      const auto where = position_of(text, offset);
      return Diagnostic{std::string(file),
                        where.line,
                        where.column,
                        Severity::kError,
                        "",
                        fmt::format("the file is not valid UTF-8 (byte 0x{:02X})",
                                    static_cast<unsigned char>(text[offset])),
                        "save the file as UTF-8; it may be in Latin-1 or Windows-1252"};
    }
    offset += length;
  }
  return std::nullopt;
}

// Two guards for toml++ 3.3, applied outside quoted text and comments:
// - it caps nested values at 256 but not dotted keys: "[a.a.a...]" with
//   200,000 parts nests 200,000 tables, and toml++ walks (and frees) that tree
//   recursively until the stack runs out. No routine needs more than a handful
//   of dotted keys, so the dots are counted (floats count too, harmless here);
// - a non-ASCII character where it expects a key or whitespace reaches
//   TOML_UNREACHABLE in is_non_ascii_horizontal_whitespace (undefined
//   behaviour, found by the fuzzer with U+0495). TOML allows non-ASCII only in
//   quoted text and comments, so such a character is an error either way.
constexpr std::size_t kMaxDotsOutsideText = 1024;

std::optional<Diagnostic> check_outside_text(std::string_view text, std::string_view file) {
  enum class State { kNormal, kComment, kBasic, kLiteral, kMultiBasic, kMultiLiteral };
  State state = State::kNormal;
  std::size_t dots = 0;
  const auto run_of = [&](std::size_t i, char quote) {
    std::size_t n = 0;
    while (i + n < text.size() && text[i + n] == quote) ++n;
    return n;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    switch (state) {
      case State::kNormal:
        if (c == '#') {
          state = State::kComment;
        } else if (c == '"' || c == '\'') {
          const bool multi = run_of(i, c) >= 3;
          state = c == '"' ? (multi ? State::kMultiBasic : State::kBasic)
                           : (multi ? State::kMultiLiteral : State::kLiteral);
          if (multi) i += 2;
        } else if (static_cast<unsigned char>(c) >= kFirstNonAscii) {
          std::uint32_t code_point = 0;
          const std::size_t length = utf8_sequence_length(text, i, &code_point);
          const auto where = position_of(text, i);
          return Diagnostic{std::string(file),
                            where.line,
                            where.column,
                            Severity::kError,
                            "",
                            fmt::format("the character '{}' (U+{:04X}) is outside quoted text",
                                        text.substr(i, length), code_point),
                            "keys and numbers use plain ASCII; put text in double quotes"};
        } else if (c == '.' && ++dots > kMaxDotsOutsideText) {
          const auto where = position_of(text, i);
          return Diagnostic{
              std::string(file),
              where.line,
              where.column,
              Severity::kError,
              "",
              fmt::format("the file has more than {} dots outside quoted text, so its keys nest too "
                          "deeply to be a routine",
                          kMaxDotsOutsideText),
              "a routine uses only a few dotted keys, such as [routine.dosage]"};
        }
        break;
      case State::kComment:
        if (c == '\n') state = State::kNormal;
        break;
      case State::kBasic:
        if (c == '\\')
          ++i;
        else if (c == '"' || c == '\n')
          state = State::kNormal;
        break;
      case State::kLiteral:
        if (c == '\'' || c == '\n') state = State::kNormal;
        break;
      case State::kMultiBasic:
      case State::kMultiLiteral: {
        const char quote = state == State::kMultiBasic ? '"' : '\'';
        if (state == State::kMultiBasic && c == '\\') {
          ++i;
        } else if (c == quote) {
          // Up to two quotes may sit just inside the closing three.
          const std::size_t run = run_of(i, quote);
          if (run >= 3) state = State::kNormal;
          i += run - 1;
        }
        break;
      }
    }
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------
// The validator: walks the parsed document once, filling a Routine and
// collecting every problem with where it is and how to fix it.

struct StepFacts {
  const toml::table* table = nullptr;
  bool stage_known = false;
  bool intra_oral_known = false;  // hand and landmark both read without error
  bool stop_signals_known = false;
  bool pain_ceiling_known = false;
};

class Validator {
 public:
  Validator(std::string_view file, std::vector<Diagnostic>& out) : file_(file), out_(out) {}

  Routine read(const toml::table& document);

 private:
  void report(const toml::source_region& where, std::string field, std::string message, std::string hint) {
    out_.push_back(Diagnostic{file_, static_cast<int>(where.begin.line), static_cast<int>(where.begin.column),
                              Severity::kError, std::move(field), std::move(message), std::move(hint)});
  }
  void report(const toml::node& node, std::string field, std::string message, std::string hint) {
    report(node.source(), std::move(field), std::move(message), std::move(hint));
  }

  static std::string path(std::string_view parent, std::string_view key) {
    return parent.empty() ? std::string(key) : fmt::format("{}.{}", parent, key);
  }

  void check_keys(const toml::table& table, std::span<const std::string_view> valid, std::string_view parent);
  void missing(const toml::table& table, std::string_view parent, std::string_view key, std::string hint);
  void wrong_type(const toml::node& node, const std::string& field, std::string_view expected,
                  std::string_view hint);

  const toml::node* find(const toml::table& table, std::string_view parent, std::string_view key,
                         bool required, std::string_view required_hint);
  std::optional<std::string> text(const toml::table& table, std::string_view parent, std::string_view key,
                                  bool required, std::size_t max_chars);
  std::optional<std::string> identifier(const toml::table& table, std::string_view parent,
                                        std::string_view key, bool required, std::size_t min_chars,
                                        std::size_t max_chars, bool allow_dot);
  std::optional<std::int64_t> integer(const toml::table& table, std::string_view parent, std::string_view key,
                                      bool required, std::int64_t min, std::int64_t max);
  std::optional<double> number(const toml::table& table, std::string_view parent, std::string_view key,
                               bool required, double min, double max, bool exclusive_min = false);
  std::optional<double> number_value(const toml::node& node, const std::string& field, double min, double max,
                                     bool exclusive_min);
  std::optional<bool> boolean(const toml::table& table, std::string_view parent, std::string_view key);
  const toml::table* subtable(const toml::table& table, std::string_view parent, std::string_view key);
  const toml::array* list(const toml::table& table, std::string_view parent, std::string_view key,
                          bool required, std::string_view required_hint = {});
  template <typename Enum>
  std::optional<Enum> vocabulary(const toml::table& table, std::string_view parent, std::string_view key,
                                 bool required);
  template <typename Enum>
  std::optional<std::vector<Enum>> vocabulary_list(const toml::table& table, std::string_view parent,
                                                   std::string_view key);
  template <typename Enum>
  std::optional<Enum> vocabulary_value(const toml::node& node, const std::string& field);

  void read_routine(const toml::table& table, Routine& routine);
  void read_patterns(const toml::array& array, Routine& routine);
  void read_step(const toml::table& table, const std::string& parent, Step& step, StepFacts& facts);
  void read_progression(const toml::table& table, ProgressionRules& rules);
  void check_pattern_reference(const toml::node& node, const std::string& field, const Routine& routine);
  void check_steps(const Routine& routine);
  void check_safety(const Routine& routine, const toml::table* routine_table, const toml::table& document);

  std::string file_;
  std::vector<Diagnostic>& out_;
  std::vector<StepFacts> step_facts_;
  std::set<std::string, std::less<>> declared_patterns_;
  bool setting_known_ = false;
  bool level_known_ = false;
  bool checklist_known_ = false;
};

void Validator::check_keys(const toml::table& table, std::span<const std::string_view> valid,
                           std::string_view parent) {
  const std::vector<std::string_view> choices(valid.begin(), valid.end());
  for (auto&& [key, value] : table) {
    const std::string_view name = key.str();
    if (std::find(valid.begin(), valid.end(), name) != valid.end()) continue;
    const auto suggestion = closest_match(name, choices);
    const std::string where = parent.empty() ? "at the top level" : fmt::format("in {}", parent);
    report(key.source(), path(parent, name), fmt::format("unknown key {} {}", in_quotes(name), where),
           suggestion.empty() ? fmt::format("remove it; the keys allowed here are: {}", join(valid))
                              : fmt::format("did you mean '{}'?", suggestion));
  }
}

void Validator::missing(const toml::table& table, std::string_view parent, std::string_view key,
                        std::string hint) {
  report(table, path(parent, key), fmt::format("missing required key '{}'", path(parent, key)),
         std::move(hint));
}

void Validator::wrong_type(const toml::node& node, const std::string& field, std::string_view expected,
                           std::string_view hint) {
  report(node, field, fmt::format("{} should be {}, not {}", field, expected, describe(node)),
         std::string(hint));
}

const toml::node* Validator::find(const toml::table& table, std::string_view parent, std::string_view key,
                                  bool required, std::string_view required_hint) {
  const toml::node* node = table.get(key);
  if (node == nullptr && required) {
    missing(table, parent, key,
            required_hint.empty() ? fmt::format("add {} = ...", key) : std::string(required_hint));
  }
  return node;
}

std::optional<std::string> Validator::text(const toml::table& table, std::string_view parent,
                                           std::string_view key, bool required, std::size_t max_chars) {
  const std::string field = path(parent, key);
  const toml::node* node = find(table, parent, key, required, fmt::format("add {} = \"...\"", key));
  if (node == nullptr) return std::nullopt;
  const auto* value = node->as_string();
  if (value == nullptr) {
    wrong_type(*node, field, "text", "put the text in double quotes");
    return std::nullopt;
  }
  const std::string& content = value->get();
  if (content.find_first_not_of(" \t\r\n") == std::string::npos) {
    report(*node, field, fmt::format("{} is empty", field), "write a few words; an empty text shows nothing");
    return std::nullopt;
  }
  if (const auto length = count_code_points(content); length > max_chars) {
    report(*node, field, fmt::format("{} is {} characters long; the limit is {}", field, length, max_chars),
           fmt::format("shorten it to at most {} characters", max_chars));
    return std::nullopt;
  }
  return content;
}

std::optional<std::string> Validator::identifier(const toml::table& table, std::string_view parent,
                                                 std::string_view key, bool required, std::size_t min_chars,
                                                 std::size_t max_chars, bool allow_dot) {
  const std::string field = path(parent, key);
  const toml::node* node = find(table, parent, key, required, fmt::format("add {} = \"...\"", key));
  if (node == nullptr) return std::nullopt;
  const auto* value = node->as_string();
  if (value == nullptr) {
    wrong_type(*node, field, "text", "put the name in double quotes, such as \"my-routine\"");
    return std::nullopt;
  }
  const std::string& content = value->get();
  const bool valid_chars =
      std::all_of(content.begin(), content.end(), [allow_dot](char c) { return is_id_char(c, allow_dot); });
  if (!valid_chars) {
    const auto suggestion = suggest_id(content);
    report(*node, field,
           fmt::format("{} {} may contain only lowercase letters, digits{}", field, in_quotes(content),
                       allow_dot ? ", '-' and '.'" : " and '-'"),
           suggestion.size() >= min_chars ? fmt::format("try '{}'", suggestion)
                                          : std::string("use lowercase letters, digits and '-'"));
    return std::nullopt;
  }
  if (content.size() < min_chars || content.size() > max_chars) {
    report(*node, field,
           fmt::format("{} {} is {} character{} long; it must be {} to {}", field, in_quotes(content),
                       content.size(), content.size() == 1 ? "" : "s", min_chars, max_chars),
           fmt::format("use {} to {} characters", min_chars, max_chars));
    return std::nullopt;
  }
  return content;
}

std::optional<std::int64_t> Validator::integer(const toml::table& table, std::string_view parent,
                                               std::string_view key, bool required, std::int64_t min,
                                               std::int64_t max) {
  const std::string field = path(parent, key);
  const toml::node* node = find(table, parent, key, required, fmt::format("add {} = {}", key, min));
  if (node == nullptr) return std::nullopt;
  const auto* value = node->as_integer();
  if (value == nullptr) {
    wrong_type(*node, field, "a whole number", "write a whole number without quotes or a decimal point");
    return std::nullopt;
  }
  const std::int64_t content = value->get();
  if (content < min || content > max) {
    report(*node, field, fmt::format("{} is {}, outside {} to {}", field, content, min, max),
           fmt::format("use a whole number from {} to {}", min, max));
    return std::nullopt;
  }
  return content;
}

std::optional<double> Validator::number_value(const toml::node& node, const std::string& field, double min,
                                              double max, bool exclusive_min) {
  double content = 0;
  if (const auto* integer_value = node.as_integer()) {
    content = static_cast<double>(integer_value->get());
  } else if (const auto* real = node.as_floating_point()) {
    content = real->get();
  } else {
    wrong_type(node, field, "a number", "write a number without quotes, such as 30 or 2.5");
    return std::nullopt;
  }
  const bool above_min = exclusive_min ? content > min : content >= min;
  if (!(above_min && content <= max)) {  // written so that NaN fails too
    if (exclusive_min) {
      report(node, field,
             fmt::format("{} is {}; it must be more than {} and at most {}", field, number_text(content),
                         number_text(min), number_text(max)),
             fmt::format("use a number above {}, up to {}", number_text(min), number_text(max)));
    } else {
      report(node, field,
             fmt::format("{} is {}, outside {} to {}", field, number_text(content), number_text(min),
                         number_text(max)),
             fmt::format("use a number from {} to {}", number_text(min), number_text(max)));
    }
    return std::nullopt;
  }
  return content;
}

std::optional<double> Validator::number(const toml::table& table, std::string_view parent,
                                        std::string_view key, bool required, double min, double max,
                                        bool exclusive_min) {
  const toml::node* node =
      find(table, parent, key, required, fmt::format("add {} = {}", key, number_text(min)));
  if (node == nullptr) return std::nullopt;
  return number_value(*node, path(parent, key), min, max, exclusive_min);
}

std::optional<bool> Validator::boolean(const toml::table& table, std::string_view parent,
                                       std::string_view key) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return std::nullopt;
  if (const auto* value = node->as_boolean()) return value->get();
  wrong_type(*node, path(parent, key), "true or false", "write true or false without quotes");
  return std::nullopt;
}

const toml::table* Validator::subtable(const toml::table& table, std::string_view parent,
                                       std::string_view key) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return nullptr;
  if (const auto* value = node->as_table()) return value;
  wrong_type(*node, path(parent, key), "a table",
             fmt::format("write a table, such as [{}] or {} = {{ ... }}", path(parent, key), key));
  return nullptr;
}

const toml::array* Validator::list(const toml::table& table, std::string_view parent, std::string_view key,
                                   bool required, std::string_view required_hint) {
  const toml::node* node = find(table, parent, key, required, required_hint);
  if (node == nullptr) return nullptr;
  if (const auto* value = node->as_array()) return value;
  wrong_type(*node, path(parent, key), "a list", "write a list in square brackets, such as [\"a\", \"b\"]");
  return nullptr;
}

template <typename Enum>
std::optional<Enum> Validator::vocabulary_value(const toml::node& node, const std::string& field) {
  const auto words = spellings<Enum>();
  const auto* value = node.as_string();
  if (value == nullptr) {
    wrong_type(node, field, fmt::format("a {} in quotes", kNoun<Enum>),
               fmt::format("choose one of: {}", join(words)));
    return std::nullopt;
  }
  if (auto parsed = parse<Enum>(value->get())) return parsed;
  const auto suggestion =
      closest_match(value->get(), std::vector<std::string_view>(words.begin(), words.end()));
  report(node, field, fmt::format("{} {} is not a known {}", field, in_quotes(value->get()), kNoun<Enum>),
         suggestion.empty() ? fmt::format("choose one of: {}", join(words))
                            : fmt::format("did you mean '{}'?", suggestion));
  return std::nullopt;
}

template <typename Enum>
std::optional<Enum> Validator::vocabulary(const toml::table& table, std::string_view parent,
                                          std::string_view key, bool required) {
  const toml::node* node = find(table, parent, key, required,
                                fmt::format("add {} = \"...\", one of: {}", key, join(spellings<Enum>())));
  if (node == nullptr) return std::nullopt;
  return vocabulary_value<Enum>(*node, path(parent, key));
}

template <typename Enum>
std::optional<std::vector<Enum>> Validator::vocabulary_list(const toml::table& table, std::string_view parent,
                                                            std::string_view key) {
  const toml::array* array = list(table, parent, key, false);
  if (array == nullptr) return std::nullopt;
  std::vector<Enum> values;
  bool all_known = true;
  for (std::size_t i = 0; i < array->size(); ++i) {
    const std::string field = fmt::format("{}[{}]", path(parent, key), i + 1);
    if (auto value = vocabulary_value<Enum>(*array->get(i), field)) {
      if (std::find(values.begin(), values.end(), *value) == values.end()) values.push_back(*value);
    } else {
      all_known = false;
    }
  }
  if (!all_known) return std::nullopt;
  return values;
}

void Validator::read_routine(const toml::table& table, Routine& routine) {
  constexpr std::string_view kParent = "routine";
  check_keys(table, kRoutineKeys, kParent);
  if (auto id = identifier(table, kParent, "id", true, kMinRoutineIdChars, kMaxRoutineIdChars, false)) {
    routine.id = *id;
  }
  if (auto title = text(table, kParent, "title", true, kMaxTitleChars)) routine.title = *title;
  if (auto summary = text(table, kParent, "summary", true, kMaxSummaryChars)) routine.summary = *summary;
  if (auto version = integer(table, kParent, "version", true, kMinVersion, kMaxVersion)) {
    routine.version = static_cast<int>(*version);
  }
  if (auto level = vocabulary<Level>(table, kParent, "level", true)) {
    routine.level = *level;
    level_known_ = true;
  }
  if (table.get("setting") == nullptr) {
    setting_known_ = true;
  } else if (auto setting = vocabulary<Setting>(table, kParent, "setting", false)) {
    routine.setting = *setting;
    setting_known_ = true;
  }
  if (const auto* prerequisites = list(table, kParent, "prerequisites", false)) {
    for (std::size_t i = 0; i < prerequisites->size(); ++i) {
      const toml::node& node = *prerequisites->get(i);
      const std::string field = fmt::format("routine.prerequisites[{}]", i + 1);
      const auto* value = node.as_string();
      if (value == nullptr) {
        wrong_type(node, field, "a routine id in quotes",
                   "write the id of another routine, such as \"core\"");
      } else if (value->get().empty() || !std::all_of(value->get().begin(), value->get().end(),
                                                      [](char c) { return is_id_char(c, false); })) {
        report(node, field, fmt::format("{} {} is not a routine id", field, in_quotes(value->get())),
               "routine ids use lowercase letters, digits and '-'");
      } else {
        routine.prerequisites.push_back(value->get());
      }
    }
  }
  if (const toml::node* node = table.get("default_pattern")) {
    if (const auto* value = node->as_string()) {
      routine.default_pattern = value->get();
    } else {
      wrong_type(*node, "routine.default_pattern", "a pattern name in quotes", "such as \"diaphragmatic\"");
    }
  }
  if (auto seconds = number(table, kParent, "preparation_seconds", false, 0, kMaxPreparationSeconds)) {
    routine.preparation_countdown = Seconds{*seconds};
  }
  if (const auto* dosage = subtable(table, kParent, "dosage")) {
    constexpr std::string_view kDosage = "routine.dosage";
    check_keys(*dosage, kDosageKeys, kDosage);
    if (auto minutes =
            number(*dosage, kDosage, "minutes_per_day", false, kMinMinutesPerDay, kMaxMinutesPerDay)) {
      routine.dosage.minutes_per_day = *minutes;
    }
    if (auto days = integer(*dosage, kDosage, "days_per_week", false, 1, kMaxDaysPerWeek)) {
      routine.dosage.days_per_week = static_cast<int>(*days);
    }
    if (auto days = integer(*dosage, kDosage, "maintenance_per_week", false, 0, kMaxDaysPerWeek)) {
      routine.dosage.maintenance_per_week = static_cast<int>(*days);
    }
  }
}

void Validator::read_patterns(const toml::array& array, Routine& routine) {
  std::map<std::string, std::size_t, std::less<>> first_index;
  for (std::size_t i = 0; i < array.size(); ++i) {
    const std::string parent = fmt::format("pattern[{}]", i + 1);
    const auto* table = array.get(i)->as_table();
    if (table == nullptr) {
      wrong_type(*array.get(i), parent, "a table", "write each pattern as a [[pattern]] table");
      continue;
    }
    check_keys(*table, kPatternKeys, parent);
    BreathPattern pattern;
    bool complete = true;
    if (auto name = identifier(*table, parent, "name", true, 1, kMaxPatternNameChars, true)) {
      pattern.name = *name;
      declared_patterns_.insert(*name);
      if (find_preset(*name)) {
        report(*table->get("name"), parent + ".name",
               fmt::format("{}.name '{}' is already the name of a preset pattern", parent, *name),
               "choose another name; the presets are always available by their own names");
        complete = false;
      } else if (auto [it, inserted] = first_index.emplace(*name, i); !inserted) {
        report(*table->get("name"), parent + ".name",
               fmt::format("{}.name '{}' is already used by pattern[{}]", parent, *name, it->second + 1),
               "give each pattern its own name");
        complete = false;
      }
    } else {
      complete = false;
    }
    if (auto title = text(*table, parent, "title", false, kMaxTitleChars)) pattern.title = *title;
    if (pattern.title.empty()) pattern.title = pattern.name;
    const auto phase = [&](std::string_view key, bool required, Seconds& into) {
      if (auto seconds = number(*table, parent, key, required, 0, kMaxPhase.count(), required)) {
        into = Seconds{*seconds};
      } else if (required || table->get(key) != nullptr) {
        complete = false;
      }
    };
    phase("inhale", true, pattern.inhale);
    phase("exhale", true, pattern.exhale);
    phase("hold_in", false, pattern.hold_in);
    phase("hold_out", false, pattern.hold_out);
    if (complete) routine.patterns.push_back(std::move(pattern));
  }
}

void Validator::read_step(const toml::table& table, const std::string& parent, Step& step, StepFacts& facts) {
  check_keys(table, kStepKeys, parent);
  if (auto id = identifier(table, parent, "id", true, 1, kMaxStepIdChars, false)) step.id = *id;
  if (auto title = text(table, parent, "title", true, kMaxTitleChars)) step.title = *title;
  if (auto instruction = text(table, parent, "instruction", true, kMaxInstructionChars)) {
    step.instruction = *instruction;
  }
  if (auto detail = text(table, parent, "detail", true, std::numeric_limits<std::size_t>::max())) {
    step.detail = *detail;
  }
  if (table.get("stage") == nullptr) {
    facts.stage_known = true;
  } else if (auto stage = integer(table, parent, "stage", false, kMinStage, kMaxStage)) {
    step.stage = static_cast<int>(*stage);
    facts.stage_known = true;
  }
  bool landmark_known = table.get("landmark") == nullptr;
  if (auto landmark = vocabulary<Landmark>(table, parent, "landmark", false)) {
    step.landmark = *landmark;
    landmark_known = true;
  }
  bool hand_known = table.get("hand") == nullptr;
  if (auto hand = vocabulary<Hand>(table, parent, "hand", false)) {
    step.hand = *hand;
    hand_known = true;
  }
  facts.intra_oral_known = landmark_known && hand_known;
  const auto action = vocabulary<Action>(table, parent, "action", true);
  if (action) step.action = *action;
  if (auto seconds = number(table, parent, "duration_seconds", true, kMinStepSeconds, kMaxStepSeconds)) {
    step.duration = Seconds{*seconds};
  }
  if (auto repetitions = integer(table, parent, "repetitions", false, 1, kMaxRepetitions)) {
    step.repetitions = static_cast<int>(*repetitions);
  }
  if (const toml::node* node = table.get("pattern")) {
    if (const auto* value = node->as_string()) {
      step.pattern = value->get();
    } else {
      wrong_type(*node, parent + ".pattern", "a pattern name in quotes", "such as \"resonance\"");
    }
  }
  if (const auto* ramp = subtable(table, parent, "ramp")) {
    const std::string ramp_path = parent + ".ramp";
    check_keys(*ramp, kRampKeys, ramp_path);
    BreathRamp value;
    bool complete = true;
    if (const toml::node* to =
            find(*ramp, ramp_path, "to", true, "add to = \"resonance\" (the pattern to move to)")) {
      if (const auto* name = to->as_string()) {
        value.target = name->get();
      } else {
        wrong_type(*to, ramp_path + ".to", "a pattern name in quotes", "such as \"resonance\"");
        complete = false;
      }
    } else {
      complete = false;
    }
    const bool has_breaths = ramp->get("over_breaths") != nullptr;
    const bool has_seconds = ramp->get("over_seconds") != nullptr;
    if (has_breaths == has_seconds) {
      report(*ramp, ramp_path,
             fmt::format("{} needs exactly one of over_breaths and over_seconds, {}", ramp_path,
                         has_breaths ? "not both" : "and has neither"),
             "write { to = \"resonance\", over_breaths = 10 } or { to = \"resonance\", over_seconds = 120 }");
      complete = false;
    }
    if (auto breaths = integer(*ramp, ramp_path, "over_breaths", false, 1, kMaxRampBreaths)) {
      value.over_breaths = static_cast<int>(*breaths);
    } else if (has_breaths) {
      complete = false;
    }
    if (auto seconds = number(*ramp, ramp_path, "over_seconds", false, kMinRampSeconds, kMaxRampSeconds)) {
      value.over = Seconds{*seconds};
    } else if (has_seconds) {
      complete = false;
    }
    if (complete) step.ramp = std::move(value);
  }
  if (const auto* cues = subtable(table, parent, "cues")) {
    const std::string cues_path = parent + ".cues";
    check_keys(*cues, kCueKeys, cues_path);
    if (auto cue = text(*cues, cues_path, "start", false, kMaxCueChars)) step.cues.start = *cue;
    if (auto cue = text(*cues, cues_path, "midway", false, kMaxCueChars)) step.cues.midway = *cue;
    if (auto cue = text(*cues, cues_path, "end", false, kMaxCueChars)) step.cues.end = *cue;
  }
  if (auto expect = vocabulary_list<Sensation>(table, parent, "expect")) step.expect = std::move(*expect);
  if (auto signals = vocabulary_list<StopSignal>(table, parent, "stop_signals")) {
    step.stop_signals = std::move(*signals);
    facts.stop_signals_known = true;
  }
  if (const toml::node* node = table.get("pain_ceiling")) {
    const std::string field = parent + ".pain_ceiling";
    if (const auto* value = node->as_integer();
        value != nullptr && value->get() > kMaxPainCeiling && value->get() <= kMaxPain) {
      report(
          *node, field,
          fmt::format("{} is {}, above the safe limit of {} out of 10", field, value->get(), kMaxPainCeiling),
          fmt::format("use a value from 0 to {}; work gently and build up over sessions", kMaxPainCeiling));
    } else if (auto pain = integer(table, parent, "pain_ceiling", false, 0, kMaxPainCeiling)) {
      step.pain_ceiling = static_cast<int>(*pain);
      facts.pain_ceiling_known = true;
    }
  }
  if (const auto* build_up = subtable(table, parent, "hold_build_up")) {
    const std::string build_path = parent + ".hold_build_up";
    check_keys(*build_up, kHoldBuildUpKeys, build_path);
    if (action && *action != Action::kSqueeze && *action != Action::kGripAndFlex) {
      report(*build_up, build_path,
             fmt::format("{} is only for 'squeeze' and 'grip-and-flex' steps, not '{}'", build_path,
                         to_string(*action)),
             "remove hold_build_up, or change the action to squeeze or grip-and-flex");
    }
    HoldBuildUp value;
    bool complete = true;
    if (const auto* holds = list(*build_up, build_path, "holds_seconds", true,
                                 "add holds_seconds = [0.3, 1.0, 2.0], one hold per stage")) {
      if (holds->empty()) {
        report(*holds, build_path + ".holds_seconds", fmt::format("{}.holds_seconds is empty", build_path),
               "list at least one hold, such as [0.3, 1.0, 2.0]");
        complete = false;
      }
      std::optional<double> previous;
      for (std::size_t i = 0; i < holds->size(); ++i) {
        const std::string field = fmt::format("{}.holds_seconds[{}]", build_path, i + 1);
        const auto seconds = number_value(*holds->get(i), field, kMinHoldSeconds, kMaxHoldSeconds, false);
        if (!seconds) {
          complete = false;
          continue;
        }
        if (previous && *seconds < *previous) {
          report(*holds->get(i), field,
                 fmt::format("{} is {}, shorter than the hold before it ({})", field, number_text(*seconds),
                             number_text(*previous)),
                 "holds build up slowly: make each at least as long as the one before");
          complete = false;
        }
        previous = seconds;
        value.holds.emplace_back(*seconds);
      }
    } else {
      complete = false;
    }
    if (auto weeks = integer(*build_up, build_path, "weeks_per_stage", false, 1, kMaxWeeksPerStage)) {
      value.weeks_per_stage = static_cast<int>(*weeks);
    }
    if (auto rest = number(*build_up, build_path, "rest_seconds", false, kMinRestSeconds, kMaxRestSeconds)) {
      value.rest_between = Seconds{*rest};
    }
    if (complete) step.hold_build_up = std::move(value);
  }
}

void Validator::read_progression(const toml::table& table, ProgressionRules& rules) {
  constexpr std::string_view kParent = "progression";
  check_keys(table, kProgressionKeys, kParent);
  const auto count = [&](std::string_view key, std::int64_t max, int& into) {
    if (auto value = integer(table, kParent, key, false, 1, max)) into = static_cast<int>(*value);
  };
  const auto pain = [&](std::string_view key, int& into) -> bool {
    if (auto value = integer(table, kParent, key, false, 0, kMaxPain)) {
      into = static_cast<int>(*value);
      return true;
    }
    return table.get(key) == nullptr;
  };
  count("advance_after_sessions", kMaxSessionCount, rules.advance_after_sessions);
  const bool advance_ok = pain("advance_max_pain", rules.advance_max_pain);
  const bool regress_ok = pain("regress_above_pain", rules.regress_above_pain);
  if (auto value = boolean(table, kParent, "regress_on_stop")) rules.regress_on_stop = *value;
  count("pause_after_consecutive_stops", kMaxSessionCount, rules.pause_after_consecutive_stops);
  count("maintenance_after_sessions", kMaxSessionCount, rules.maintenance_after_sessions);
  pain("painless_max_pain", rules.painless_max_pain);
  count("clinician_after_days", kMaxClinicianDays, rules.clinician_after_days);

  if (regress_ok && rules.regress_above_pain > kMaxPainCeiling) {
    report(*table.get("regress_above_pain"), "progression.regress_above_pain",
           fmt::format("progression.regress_above_pain is {}, above the safe limit of {} out of 10",
                       rules.regress_above_pain, kMaxPainCeiling),
           fmt::format("use a value from 0 to {}", kMaxPainCeiling));
  }
  if (advance_ok && regress_ok && rules.advance_max_pain > rules.regress_above_pain) {
    const toml::node* node = table.get("advance_max_pain");
    report(node != nullptr ? node->source() : table.source(), "progression.advance_max_pain",
           fmt::format("progression.advance_max_pain ({}) is above progression.regress_above_pain ({})",
                       rules.advance_max_pain, rules.regress_above_pain),
           "a session cannot both advance and regress: keep advance_max_pain at or below regress_above_pain");
  }
}

void Validator::check_pattern_reference(const toml::node& node, const std::string& field,
                                        const Routine& routine) {
  const auto* value = node.as_string();
  if (value == nullptr) return;  // already reported as a wrong type
  const std::string& name = value->get();
  if (declared_patterns_.count(name) > 0 || find_preset(name)) {
    const auto pattern = resolve_pattern(routine, name);
    if (pattern && pattern->has_holds() && setting_known_ && routine.setting == Setting::kWarmBath) {
      report(node, field,
             fmt::format("{} '{}' holds the breath ({}), which is not safe in a warm-bath routine", field,
                         name, pattern_phases(*pattern)),
             "use 'holdless-calm', or a pattern with hold_in = 0 and hold_out = 0");
    }
    return;
  }
  std::vector<std::string_view> choices(declared_patterns_.begin(), declared_patterns_.end());
  for (const auto& preset : preset_patterns()) choices.push_back(preset.name);
  const auto suggestion = closest_match(name, choices);
  report(node, field, fmt::format("{} {} names no breath pattern", field, in_quotes(name)),
         suggestion.empty()
             ? "use a preset (diaphragmatic, resonance, resonance-5.5, box, 4-7-8, pranayama, holdless-calm) "
               "or define it in a [[pattern]] table"
             : fmt::format("did you mean '{}'?", suggestion));
}

void Validator::check_steps(const Routine& routine) {
  std::map<std::string, std::size_t, std::less<>> first_index;
  std::set<int> stages;
  for (std::size_t i = 0; i < routine.steps.size(); ++i) {
    const Step& step = routine.steps[i];
    const StepFacts& facts = step_facts_[i];
    const std::string parent = fmt::format("step[{}]", i + 1);
    if (!step.id.empty()) {
      if (auto [it, inserted] = first_index.emplace(step.id, i); !inserted) {
        report(*facts.table->get("id"), parent + ".id",
               fmt::format("{}.id '{}' is already used by step[{}]", parent, step.id, it->second + 1),
               "give each step its own id");
      }
    }
    if (facts.stage_known) stages.insert(step.stage);
    if (const toml::node* node = facts.table->get("pattern"))
      check_pattern_reference(*node, parent + ".pattern", routine);
    if (const auto* ramp = facts.table->get_as<toml::table>("ramp")) {
      if (const toml::node* to = ramp->get("to")) check_pattern_reference(*to, parent + ".ramp.to", routine);
    }
  }
  if (stages.empty()) return;
  const int highest = *stages.rbegin();
  for (int stage = 1; stage < highest; ++stage) {
    if (stages.count(stage) > 0) continue;
    // Point at the first step that uses a stage beyond the gap.
    for (std::size_t i = 0; i < routine.steps.size(); ++i) {
      if (!step_facts_[i].stage_known || routine.steps[i].stage <= stage) continue;
      const std::string field = fmt::format("step[{}].stage", i + 1);
      const toml::node* node = step_facts_[i].table->get("stage");
      report(node != nullptr ? node->source() : step_facts_[i].table->source(), field,
             fmt::format("{} is {} but no step has stage {}", field, routine.steps[i].stage, stage),
             "stages start at 1 and have no gaps; renumber the stages");
      break;
    }
  }
}

bool is_empty_array(const toml::node& node) {
  const auto* array = node.as_array();
  return array != nullptr && array->empty();
}

void Validator::check_safety(const Routine& routine, const toml::table* routine_table,
                             const toml::table& document) {
  bool intra_oral = false;
  for (std::size_t i = 0; i < routine.steps.size(); ++i) {
    const Step& step = routine.steps[i];
    const StepFacts& facts = step_facts_[i];
    if (!facts.intra_oral_known || !step.is_intra_oral()) continue;
    intra_oral = true;
    const std::string parent = fmt::format("step[{}]", i + 1);
    const std::string what = fmt::format("{} works inside the mouth ({} at the {})", parent,
                                         to_string(step.hand), to_string(step.landmark));
    const toml::node* signals = facts.table->get("stop_signals");
    // An empty list is as good as none: the rule asks for presence.
    if (signals == nullptr || is_empty_array(*signals)) {
      report(*facts.table, parent + ".stop_signals", what + " but lists no stop_signals",
             "add stop_signals = [\"sharp-pain\", \"bleeding\"]");
    } else if (facts.stop_signals_known) {
      for (const StopSignal required : kIntraOralStopSignals) {
        if (std::find(step.stop_signals.begin(), step.stop_signals.end(), required) !=
            step.stop_signals.end()) {
          continue;
        }
        report(*signals, parent + ".stop_signals",
               fmt::format("{}.stop_signals lacks '{}', which every intra-oral step needs", parent,
                           to_string(required)),
               fmt::format("add \"{}\" to stop_signals", to_string(required)));
      }
    }
    if (facts.table->get("pain_ceiling") == nullptr) {
      report(*facts.table, parent + ".pain_ceiling", what + " but has no pain_ceiling",
             fmt::format("add pain_ceiling = {} or lower", kMaxPainCeiling));
    }
  }

  if (routine_table == nullptr) return;
  // A present but empty list lists nothing; a list whose items were refused
  // already has its own diagnostic, so it is not reported twice.
  const toml::node* prerequisites = routine_table->get("prerequisites");
  if (level_known_ && routine.level == Level::kAdvanced && routine.prerequisites.empty() &&
      (prerequisites == nullptr || is_empty_array(*prerequisites))) {
    report(*routine_table->get("level"), "routine.level",
           "routine.level is 'advanced' but the routine lists no prerequisites",
           "add prerequisites = [\"...\"] naming the routines to be comfortable with first");
  }
  if (const toml::node* node = routine_table->get("default_pattern")) {
    check_pattern_reference(*node, "routine.default_pattern", routine);
  }
  if (!intra_oral) return;
  if (setting_known_ && routine.setting != Setting::kSeated && routine.setting != Setting::kWarmBath) {
    report(
        *routine_table->get("setting"), "routine.setting",
        fmt::format("routine.setting is '{}' but the routine works inside the mouth, which is done seated or "
                    "after a warm bath",
                    to_string(routine.setting)),
        "use setting = \"seated\" or \"warm-bath\"; lie down only for aftercare in a separate routine");
  }
  if (!checklist_known_) return;
  const toml::node* checklist = toml::at_path(document, "preparation.checklist").node();
  const toml::node* preparation = document.get("preparation");
  const toml::source_region where = checklist != nullptr     ? checklist->source()
                                    : preparation != nullptr ? preparation->source()
                                                             : routine_table->source();
  for (const PrepItem required : kIntraOralChecklist) {
    if (std::find(routine.checklist.begin(), routine.checklist.end(), required) != routine.checklist.end())
      continue;
    report(where, "preparation.checklist",
           fmt::format("preparation.checklist lacks '{}', which intra-oral work needs", to_string(required)),
           fmt::format("add \"{}\" to the checklist in [preparation]", to_string(required)));
  }
}

Routine Validator::read(const toml::table& document) {
  Routine routine;
  check_keys(document, kTopKeys, "");
  const toml::table* routine_table = subtable(document, "", "routine");
  if (routine_table != nullptr) {
    read_routine(*routine_table, routine);
  } else if (document.get("routine") == nullptr) {
    out_.push_back(Diagnostic{file_, 0, 0, Severity::kError, "routine", "the file has no [routine] table",
                              "start the file with [routine] and its id, title, summary, version and level"});
  }
  checklist_known_ = true;
  if (const auto* preparation = subtable(document, "", "preparation")) {
    check_keys(*preparation, kPreparationKeys, "preparation");
    if (auto checklist = vocabulary_list<PrepItem>(*preparation, "preparation", "checklist")) {
      routine.checklist = std::move(*checklist);
    } else if (preparation->get("checklist") != nullptr) {
      checklist_known_ = false;
    }
  } else if (document.get("preparation") != nullptr) {
    checklist_known_ = false;
  }
  // [step] instead of [[step]] is an easy slip; say so rather than "not a list".
  for (const std::string_view key : {std::string_view("pattern"), std::string_view("step")}) {
    if (const auto* table = document.get_as<toml::table>(key)) {
      report(*table, std::string(key),
             fmt::format("[{0}] is a single table, but {0}s are a list of tables", key),
             fmt::format("write [[{}]] with double brackets, once before each {}", key, key));
    }
  }
  const auto array_of_tables = [&](std::string_view key) -> const toml::array* {
    return document.get_as<toml::table>(key) != nullptr ? nullptr : list(document, "", key, false);
  };
  if (const auto* patterns = array_of_tables("pattern")) read_patterns(*patterns, routine);
  if (const auto* steps = array_of_tables("step")) {
    for (std::size_t i = 0; i < steps->size(); ++i) {
      const std::string parent = fmt::format("step[{}]", i + 1);
      const auto* table = steps->get(i)->as_table();
      if (table == nullptr) {
        wrong_type(*steps->get(i), parent, "a table", "write each step as a [[step]] table");
        continue;
      }
      Step step;
      StepFacts facts;
      facts.table = table;
      read_step(*table, parent, step, facts);
      routine.steps.push_back(std::move(step));
      step_facts_.push_back(facts);
    }
    if (steps->empty()) {
      report(*steps, "step", "the routine has no steps", "add at least one [[step]] table");
    }
  } else if (document.get("step") == nullptr) {
    out_.push_back(Diagnostic{file_, 0, 0, Severity::kError, "step", "the routine has no steps",
                              "add at least one [[step]] table"});
  }
  if (const auto* progression = subtable(document, "", "progression"))
    read_progression(*progression, routine.progression);
  check_steps(routine);
  check_safety(routine, routine_table, document);
  return routine;
}

// Reads `handle` in chunks up to one byte past kMaxRoutineFileBytes, so an
// endless file (a device, a pipe) is refused instead of filling memory, and a
// small file costs only its own size (a 1 MiB buffer per file was most of
// `protocols check`'s time, in page faults). Returns 0 or the errno of a failed read.
int read_bounded(std::FILE* handle, std::string& text) {
  constexpr std::size_t kChunkBytes = std::size_t{64} * 1024;
  std::size_t read = 0;
  while (read <= kMaxRoutineFileBytes) {
    text.resize(std::min(read + kChunkBytes, kMaxRoutineFileBytes + 1));
    const std::size_t got = std::fread(text.data() + read, 1, text.size() - read, handle);
    read += got;
    if (read < text.size()) break;
  }
  text.resize(read);
  return std::ferror(handle) != 0 ? (errno != 0 ? errno : EIO) : 0;
}

// Where `dotted` (a toml++ path such as "routine.prerequisites[0]") is in `file`,
// for cross-file diagnostics. Only called when there is something to report.
std::pair<int, int> locate(const fs::path& file, std::string_view dotted) {
  std::FILE* handle = std::fopen(file.c_str(), "rb");
  if (handle == nullptr) return {0, 0};
  std::string text;
  const int read_errno = read_bounded(handle, text);
  std::fclose(handle);
  if (read_errno != 0) return {0, 0};
  try {
    const toml::table document = toml::parse(text, file.string());
    if (const toml::node* node = toml::at_path(document, dotted).node()) {
      return {static_cast<int>(node->source().begin.line), static_cast<int>(node->source().begin.column)};
    }
  } catch (const toml::parse_error&) {
    // The file changed since it was loaded; fall back to no position.
  }
  return {0, 0};
}

Diagnostic catalog_diagnostic(const fs::path& file, std::string_view dotted, std::string field,
                              std::string message, std::string hint) {
  const auto [line, column] = locate(file, dotted);
  return Diagnostic{file.string(),      line,           column, Severity::kError, std::move(field),
                    std::move(message), std::move(hint)};
}

}  // namespace

LoadResult parse_routine(std::string_view text, std::string_view file_name) {
  LoadResult result;
  if (auto problem = check_encoding(text, file_name)) {
    result.diagnostics.push_back(std::move(*problem));
    return result;
  }
  if (auto problem = check_outside_text(text, file_name)) {
    result.diagnostics.push_back(std::move(*problem));
    return result;
  }
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    result.diagnostics.push_back(
        Diagnostic{std::string(file_name), 0, 0, Severity::kError, "", "the file is empty",
                   "a routine needs a [routine] table and at least one [[step]]; see "
                   "docs/protocol-format.md"});
    return result;
  }
  toml::table document;
  try {
    document = toml::parse(text, file_name);
  } catch (const toml::parse_error& error) {
    const auto& where = error.source().begin;
    result.diagnostics.push_back(
        Diagnostic{std::string(file_name), static_cast<int>(where.line), static_cast<int>(where.column),
                   Severity::kError, "", fmt::format("TOML syntax error: {}", error.description()),
                   "fix the syntax here first; the rest of the file is checked after"});
    return result;
  }
  Validator validator(file_name, result.diagnostics);
  Routine routine = validator.read(document);
  // In file order, so people can fix them top to bottom.
  std::stable_sort(result.diagnostics.begin(), result.diagnostics.end(),
                   [](const Diagnostic& a, const Diagnostic& b) {
                     return std::tie(a.line, a.column) < std::tie(b.line, b.column);
                   });
  if (!has_errors(result.diagnostics)) result.routine = std::move(routine);
  return result;
}

LoadResult load_routine_file(const fs::path& path) {
  LoadResult result;
  const std::string name = path.string();
  const auto unreadable = [&](std::string message, std::string hint) {
    result.unreadable = true;
    result.diagnostics.push_back(
        Diagnostic{name, 0, 0, Severity::kError, "", std::move(message), std::move(hint)});
    return result;
  };
  std::error_code error;
  const auto status = fs::status(path, error);
  if (error || !fs::exists(status)) {
    return unreadable(fmt::format("cannot read {}: no such file", name), "check the path and the spelling");
  }
  if (fs::is_directory(status)) {
    return unreadable(fmt::format("cannot read {}: it is a folder, not a routine file", name),
                      "name the .toml files inside it, such as folder/*.toml");
  }
  if (fs::is_regular_file(status)) {
    const auto size = fs::file_size(path, error);
    if (!error && size > kMaxRoutineFileBytes) {
      result.diagnostics.push_back(Diagnostic{
          name, 0, 0, Severity::kError, "",
          fmt::format("the file is {} bytes, more than the {} a routine may have, so it was not read", size,
                      kMaxRoutineFileBytes),
          "a routine is a few kilobytes of text; check that you named the right file"});
      return result;
    }
  }
  std::FILE* handle = std::fopen(path.c_str(), "rb");
  if (handle == nullptr) {
    const int open_errno = errno;
    return unreadable(fmt::format("cannot read {}: {}", name, std::strerror(open_errno)),
                      open_errno == EACCES ? "check the file's permissions" : "check the path");
  }
  std::string text;
  const int read_errno = read_bounded(handle, text);
  std::fclose(handle);
  if (read_errno != 0) {
    return unreadable(fmt::format("cannot read {}: {}", name, std::strerror(read_errno)), "check the file");
  }
  const std::size_t read = text.size();
  if (read > kMaxRoutineFileBytes) {
    result.diagnostics.push_back(
        Diagnostic{name, 0, 0, Severity::kError, "",
                   fmt::format("the file is more than the {} bytes a routine may have, so it was not read",
                               kMaxRoutineFileBytes),
                   "a routine is a few kilobytes of text; check that you named the right file"});
    return result;
  }
  return parse_routine(text, name);
}

const Routine* Catalog::find(std::string_view id) const {
  for (const auto& routine : routines) {
    if (routine.id == id) return &routine;
  }
  return nullptr;
}

void check_catalog(Catalog& catalog) {
  const auto& routines = catalog.routines;
  const auto source = [&](std::size_t i) {
    return i < catalog.sources.size() ? catalog.sources[i] : fs::path();
  };
  std::map<std::string, std::size_t, std::less<>> first_index;
  for (std::size_t i = 0; i < routines.size(); ++i) {
    if (auto [it, inserted] = first_index.emplace(routines[i].id, i); !inserted) {
      catalog.diagnostics.push_back(catalog_diagnostic(
          source(i), "routine.id", "routine.id",
          fmt::format("routine id '{}' is already used by {}", routines[i].id, source(it->second).string()),
          "give each routine its own id; journals tell routines apart by their ids"));
    }
  }
  std::vector<std::string_view> ids;
  ids.reserve(first_index.size());
  for (const auto& [id, index] : first_index) ids.push_back(id);
  for (std::size_t i = 0; i < routines.size(); ++i) {
    const auto& prerequisites = routines[i].prerequisites;
    for (std::size_t j = 0; j < prerequisites.size(); ++j) {
      if (first_index.count(prerequisites[j]) > 0) continue;
      const auto suggestion = closest_match(prerequisites[j], ids);
      const std::string field = fmt::format("routine.prerequisites[{}]", j + 1);
      catalog.diagnostics.push_back(
          catalog_diagnostic(source(i), fmt::format("routine.prerequisites[{}]", j), field,
                             fmt::format("{} '{}' names no known routine", field, prerequisites[j]),
                             suggestion.empty() ? "check the spelling, or add that routine first"
                                                : fmt::format("did you mean '{}'?", suggestion)));
    }
  }

  // Depth-first search over the first routine of each id; a step back onto the
  // current path closes a cycle, which is reported once, where it was entered.
  enum class Mark { kUnseen, kOnPath, kDone };
  std::vector<Mark> marks(routines.size(), Mark::kUnseen);
  std::vector<std::size_t> on_path;
  std::function<void(std::size_t)> visit = [&](std::size_t i) {
    marks[i] = Mark::kOnPath;
    on_path.push_back(i);
    for (const auto& prerequisite : routines[i].prerequisites) {
      const auto it = first_index.find(prerequisite);
      if (it == first_index.end()) continue;
      const std::size_t next = it->second;
      if (marks[next] == Mark::kUnseen) {
        visit(next);
      } else if (marks[next] == Mark::kOnPath) {
        const auto start = std::find(on_path.begin(), on_path.end(), next);
        std::string cycle;
        for (auto step = start; step != on_path.end(); ++step) cycle += routines[*step].id + " \u2192 ";
        cycle += routines[next].id;
        // Point at the entry in the cycle's first routine that leads onward.
        const std::size_t first = *start;
        const std::string& onward =
            start + 1 != on_path.end() ? routines[*(start + 1)].id : routines[first].id;
        const auto& list = routines[first].prerequisites;
        const auto entry =
            static_cast<std::size_t>(std::find(list.begin(), list.end(), onward) - list.begin());
        catalog.diagnostics.push_back(catalog_diagnostic(
            source(first), fmt::format("routine.prerequisites[{}]", entry),
            fmt::format("routine.prerequisites[{}]", entry + 1), "prerequisites form a cycle: " + cycle,
            "remove one of these prerequisites; a routine cannot require itself, even through others"));
      }
    }
    on_path.pop_back();
    marks[i] = Mark::kDone;
  };
  for (const auto& [id, index] : first_index) {
    if (marks[index] == Mark::kUnseen) visit(index);
  }
}

Catalog load_catalog(const fs::path& bundled_dir, const std::optional<fs::path>& user_dir) {
  Catalog catalog;
  const auto routine_files = [](const fs::path& dir) {
    std::vector<fs::path> files;
    std::error_code error;
    for (fs::directory_iterator it(dir, error), end; !error && it != end; it.increment(error)) {
      if (it->path().extension() == ".toml") files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());
    return files;
  };
  std::error_code error;
  if (fs::is_directory(bundled_dir, error)) {
    for (const auto& file : routine_files(bundled_dir)) {
      auto loaded = load_routine_file(file);
      std::move(loaded.diagnostics.begin(), loaded.diagnostics.end(),
                std::back_inserter(catalog.diagnostics));
      if (loaded.routine) {
        catalog.routines.push_back(std::move(*loaded.routine));
        catalog.sources.push_back(file);
      }
    }
  } else {
    catalog.diagnostics.push_back(Diagnostic{
        bundled_dir.string(), 0, 0, Severity::kWarning, "", "the folder of bundled routines was not found",
        "set VELUM_PROTOCOLS to the folder that holds velum's routines"});
  }
  const std::size_t bundled_count = catalog.routines.size();
  if (user_dir && fs::is_directory(*user_dir, error)) {
    for (const auto& file : routine_files(*user_dir)) {
      auto loaded = load_routine_file(file);
      std::move(loaded.diagnostics.begin(), loaded.diagnostics.end(),
                std::back_inserter(catalog.diagnostics));
      if (!loaded.routine) continue;
      const auto bundled_end = catalog.routines.begin() + static_cast<std::ptrdiff_t>(bundled_count);
      const auto same = std::find_if(catalog.routines.begin(), bundled_end,
                                     [&](const Routine& r) { return r.id == loaded.routine->id; });
      if (same != bundled_end) {
        const auto index = static_cast<std::size_t>(same - catalog.routines.begin());
        catalog.diagnostics.push_back(catalog_diagnostic(
            file, "routine.id", "routine.id",
            fmt::format("routine id '{}' is already used by the bundled routine {}, so this file is skipped",
                        loaded.routine->id, catalog.sources[index].string()),
            "give your routine its own id, such as 'my-" + loaded.routine->id + "'"));
        continue;
      }
      catalog.routines.push_back(std::move(*loaded.routine));
      catalog.sources.push_back(file);
    }
  }
  check_catalog(catalog);
  return catalog;
}

}  // namespace velum::practice
