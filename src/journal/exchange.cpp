#include "journal/exchange.hpp"
#include "base/utf8.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

namespace velum::journal {
namespace {

using nlohmann::json;

// Enough to fix a file by hand; the rest are usually the same mistake repeated.
constexpr std::size_t kMaxProblems = 20;

json optional_int(const std::optional<int>& value) { return value ? json(*value) : json(nullptr); }

json to_json(const SafetyScreening& screening) {
  auto answers = json::array();
  for (const auto& answer : screening.answers)
    answers.push_back({{"question_id", answer.question_id}, {"yes", answer.yes}});
  return {{"id", screening.id},
          {"user_id", screening.user_id},
          {"question_set_version", screening.question_set_version},
          {"taken_at", to_iso8601(screening.taken_at)},
          {"result", to_string(screening.result)},
          {"answers", answers}};
}

json to_json(const SessionRecord& session) {
  json stop = nullptr;
  if (session.stop_reason) {
    stop = {{"reason", stop_reason_spelling(*session.stop_reason)}, {"text", session.stop_reason->text}};
  }
  return {{"id", session.id},
          {"user_id", session.user_id},
          {"routine_id", session.routine_id},
          {"routine_version", session.routine_version},
          {"pattern", session.pattern},
          {"stage", session.stage},
          {"started_at", to_iso8601(session.started_at)},
          {"ended_at", session.ended_at ? json(to_iso8601(*session.ended_at)) : json(nullptr)},
          {"outcome", session.outcome ? json(to_string(*session.outcome)) : json(nullptr)},
          {"stop_reason", stop},
          {"source", to_string(session.source)},
          {"pain", optional_int(session.pain)}};
}

json to_json(const StepResult& step) {
  auto sensations = json::array();
  for (auto sensation : step.sensations) sensations.push_back(practice::to_string(sensation));
  return {{"session_id", step.session_id},
          {"step_id", step.step_id},
          {"index", step.index},
          {"planned_seconds", step.planned_seconds},
          {"actual_seconds", step.actual_seconds},
          {"pain", optional_int(step.pain)},
          {"sensations", sensations},
          {"note", step.note},
          {"swallow_count", step.swallow_count},
          {"gag_count", step.gag_count},
          {"hold_seconds", step.hold_seconds}};
}

json to_json(const CheckIn& checkin) {
  json pain = json::object();
  for (std::size_t i = 0; i < kRegionCount; ++i) {
    if (checkin.pain[i]) pain[std::string(to_string(static_cast<Region>(i)))] = *checkin.pain[i];
  }
  return {{"id", checkin.id},
          {"user_id", checkin.user_id},
          {"taken_at", to_iso8601(checkin.taken_at)},
          {"pain", pain},
          {"calm", optional_int(checkin.calm)},
          {"nasal_breathing_ease", optional_int(checkin.nasal_breathing_ease)},
          {"hydration_glasses", optional_int(checkin.hydration_glasses)},
          {"note", checkin.note}};
}

json to_json(const PlanState& plan) {
  return {{"user_id", plan.user_id},
          {"routine_id", plan.routine_id},
          {"current_stage", plan.current_stage},
          {"hold_stage", plan.hold_stage},
          {"hold_stage_since",
           plan.hold_stage_since ? json(to_date_text(*plan.hold_stage_since)) : json(nullptr)},
          {"sessions_seen", plan.sessions_seen},
          {"paused", plan.paused},
          {"pause_reason", plan.pause_reason},
          {"well_confirmed_at",
           plan.well_confirmed_at ? json(to_iso8601(*plan.well_confirmed_at)) : json(nullptr)},
          {"updated_at", to_iso8601(plan.updated_at)}};
}

json to_json(const StudyPlan& plan) {
  return {{"id", plan.id},
          {"user_id", plan.user_id},
          {"earliest", to_date_text(plan.earliest)},
          {"latest", to_date_text(plan.latest)},
          {"start", to_date_text(plan.start)},
          {"seed", plan.seed},
          {"drawn_at", to_iso8601(plan.drawn_at)}};
}

// The result is embedded as a JSON object (not a string) so the export stays
// readable; measures are written only when present.
json to_json(const VoiceSession& session) {
  json measures = json::object();
  for (std::size_t i = 0; i < kVoiceMeasureCount; ++i) {
    if (session.measures[i])
      measures[std::string(to_string(static_cast<VoiceMeasure>(i)))] = *session.measures[i];
  }
  auto result = json::parse(session.result_json, nullptr, /*allow_exceptions=*/false);
  return {{"id", session.id},
          {"user_id", session.user_id},
          {"recorded_at", to_iso8601(session.recorded_at)},
          {"task", to_string(session.task)},
          {"source", session.source},
          {"measures", measures},
          {"result", result.is_discarded() ? json::object() : result}};
}

template <typename T>
json array_of(const std::vector<T>& records) {
  auto array = json::array();
  for (const auto& record : records) array.push_back(to_json(record));
  return array;
}

std::string type_name(const json& value) {
  if (value.is_number_integer()) return "an integer";
  if (value.is_number()) return "a number";
  if (value.is_string()) return fmt::format("the text \"{}\"", value.get<std::string>());
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  if (value.is_null()) return "null";
  if (value.is_array()) return "a list";
  return "an object";
}

// Reads typed fields out of one JSON object, recording a problem with the field
// path for anything missing, mistyped, out of range or unexpected.
class FieldReader {
 public:
  FieldReader(const json& object, std::string path, std::vector<std::string>& problems,
              std::initializer_list<std::string_view> known)
      : object_(object), path_(std::move(path)), problems_(problems) {
    if (!object.is_object()) {
      problem(path_, fmt::format("expected an object, got {}", type_name(object)));
      valid_ = false;
      return;
    }
    for (const auto& [key, value] : object.items()) {
      if (std::find(known.begin(), known.end(), key) == known.end()) {
        problem(path_, fmt::format("unknown field \"{}\"", key));
      }
    }
  }

  bool valid() const { return valid_; }

  const json* field(std::string_view key, bool nullable) {
    if (!valid_) return nullptr;
    auto found = object_.find(key);
    if (found == object_.end()) {
      problem(path_, fmt::format("missing field \"{}\"", key));
      return nullptr;
    }
    if (found->is_null()) {
      if (!nullable) problem(at(key), "must not be null");
      return nullptr;
    }
    return &*found;
  }

  std::string text(std::string_view key) {
    const json* value = field(key, false);
    if (value == nullptr) return {};
    if (!value->is_string()) {
      problem(at(key), fmt::format("expected text, got {}", type_name(*value)));
      return {};
    }
    return value->get<std::string>();
  }

  std::optional<int> integer(std::string_view key, bool nullable, int min, int max) {
    const json* value = field(key, nullable);
    if (value == nullptr) return std::nullopt;
    if (!value->is_number_integer()) {
      problem(at(key), fmt::format("expected an integer from {} to {}, got {}", min, max, type_name(*value)));
      return std::nullopt;
    }
    const auto number = value->get<std::int64_t>();
    if (number < min || number > max) {
      problem(at(key), fmt::format("expected an integer from {} to {}, got {}", min, max, number));
      return std::nullopt;
    }
    return static_cast<int>(number);
  }

  double number(std::string_view key) {
    const json* value = field(key, false);
    if (value == nullptr) return 0;
    if (!value->is_number()) {
      problem(at(key), fmt::format("expected a number of seconds, got {}", type_name(*value)));
      return 0;
    }
    return value->get<double>();
  }

  bool boolean(std::string_view key) {
    const json* value = field(key, false);
    if (value == nullptr) return false;
    if (!value->is_boolean()) {
      problem(at(key), fmt::format("expected true or false, got {}", type_name(*value)));
      return false;
    }
    return value->get<bool>();
  }

  std::optional<Timestamp> time(std::string_view key, bool nullable) {
    const json* value = field(key, nullable);
    if (value == nullptr) return std::nullopt;
    if (value->is_string()) {
      if (auto parsed = parse_iso8601(value->get<std::string>())) return parsed;
    }
    problem(at(key),
            fmt::format("expected a time like \"2026-11-25T12:54:08+01:00\", got {}", type_name(*value)));
    return std::nullopt;
  }

  template <typename Parse>
  auto spelling(std::string_view key, bool nullable, std::string_view choices, Parse&& parse)
      -> decltype(parse(std::string_view{})) {
    const json* value = field(key, nullable);
    if (value == nullptr) return std::nullopt;
    if (value->is_string()) {
      if (auto parsed = parse(value->get<std::string>())) return parsed;
    }
    problem(at(key), fmt::format("expected one of {}, got {}", choices, type_name(*value)));
    return std::nullopt;
  }

  std::string at(std::string_view key) const { return fmt::format("{}.{}", path_, key); }
  void problem(std::string_view where, std::string_view what) {
    problems_.push_back(fmt::format("{}: {}", where, what));
  }
  const json& object() const { return object_; }

 private:
  const json& object_;
  std::string path_;
  std::vector<std::string>& problems_;
  bool valid_ = true;
};

constexpr int kMaxCount = 1'000'000;  // generous bound for counts and versions read from files

std::string joined(std::span<const std::string_view> spellings) {
  std::string text;
  for (auto spelling : spellings) {
    if (!text.empty()) text += ", ";
    text += spelling;
  }
  return text;
}

std::optional<SafetyScreening> read_screening(const json& value, const std::string& path,
                                              std::vector<std::string>& problems) {
  FieldReader in(value, path, problems,
                 {"id", "user_id", "question_set_version", "taken_at", "result", "answers"});
  if (!in.valid()) return std::nullopt;
  const auto before = problems.size();
  SafetyScreening screening;
  screening.id = in.text("id");
  screening.user_id = in.text("user_id");
  screening.question_set_version = in.integer("question_set_version", false, 1, kMaxCount).value_or(1);
  screening.taken_at = in.time("taken_at", false).value_or(Timestamp{});
  screening.result =
      in.spelling("result", false, "clear, blocked", parse_screen_result).value_or(ScreenResult::kClear);
  if (const json* answers = in.field("answers", false)) {
    if (!answers->is_array()) {
      in.problem(in.at("answers"), fmt::format("expected a list, got {}", type_name(*answers)));
    } else {
      for (std::size_t i = 0; i < answers->size(); ++i) {
        FieldReader answer((*answers)[i], fmt::format("{}.answers[{}]", path, i), problems,
                           {"question_id", "yes"});
        if (!answer.valid()) continue;
        screening.answers.push_back({answer.text("question_id"), answer.boolean("yes")});
      }
    }
  }
  if (problems.size() != before) return std::nullopt;
  return screening;
}

std::optional<SessionRecord> read_session(const json& value, const std::string& path,
                                          std::vector<std::string>& problems) {
  FieldReader in(value, path, problems,
                 {"id", "user_id", "routine_id", "routine_version", "pattern", "stage", "started_at",
                  "ended_at", "outcome", "stop_reason", "source", "pain"});
  if (!in.valid()) return std::nullopt;
  const auto before = problems.size();
  SessionRecord session;
  session.id = in.text("id");
  session.user_id = in.text("user_id");
  session.routine_id = in.text("routine_id");
  session.routine_version = in.integer("routine_version", false, 1, kMaxCount).value_or(1);
  session.pattern = in.text("pattern");
  session.stage = in.integer("stage", false, 1, kMaxCount).value_or(1);
  session.started_at = in.time("started_at", false).value_or(Timestamp{});
  session.ended_at = in.time("ended_at", true);
  session.outcome = in.spelling("outcome", true, joined(session_outcome_spellings()), parse_session_outcome);
  if (const json* stop = in.field("stop_reason", true)) {
    FieldReader reason(*stop, in.at("stop_reason"), problems, {"reason", "text"});
    if (reason.valid()) {
      auto text = reason.text("text");
      auto spelling = reason.text("reason");
      auto parsed = parse_stop_reason(spelling, text);
      if (!parsed && !spelling.empty()) {
        std::string choices = joined(practice::spellings<practice::StopSignal>());
        reason.problem(reason.at("reason"),
                       fmt::format("expected one of {}, other, interrupted; got \"{}\"", choices, spelling));
      }
      session.stop_reason = parsed;
    }
  }
  session.source =
      in.spelling("source", false, "guided, logged", parse_session_source).value_or(SessionSource::kGuided);
  session.pain = in.integer("pain", true, kMinRating, kMaxRating);
  if (problems.size() != before) return std::nullopt;
  return session;
}

std::optional<StepResult> read_step(const json& value, const std::string& path,
                                    std::vector<std::string>& problems) {
  FieldReader in(value, path, problems,
                 {"session_id", "step_id", "index", "planned_seconds", "actual_seconds", "pain", "sensations",
                  "note", "swallow_count", "gag_count", "hold_seconds"});
  if (!in.valid()) return std::nullopt;
  const auto before = problems.size();
  StepResult step;
  step.session_id = in.text("session_id");
  step.step_id = in.text("step_id");
  step.index = in.integer("index", false, 0, kMaxCount).value_or(0);
  step.planned_seconds = in.number("planned_seconds");
  step.actual_seconds = in.number("actual_seconds");
  step.pain = in.integer("pain", true, kMinRating, kMaxRating);
  if (const json* sensations = in.field("sensations", false)) {
    if (!sensations->is_array()) {
      in.problem(in.at("sensations"), fmt::format("expected a list, got {}", type_name(*sensations)));
    } else {
      for (std::size_t i = 0; i < sensations->size(); ++i) {
        const auto& item = (*sensations)[i];
        std::optional<practice::Sensation> sensation;
        if (item.is_string()) sensation = practice::parse<practice::Sensation>(item.get<std::string>());
        if (!sensation) {
          in.problem(fmt::format("{}.sensations[{}]", path, i),
                     fmt::format("expected a sensation from the vocabulary ({}), got {}",
                                 joined(practice::spellings<practice::Sensation>()), type_name(item)));
          continue;
        }
        step.sensations.push_back(*sensation);
      }
    }
  }
  step.note = in.text("note");
  step.swallow_count = in.integer("swallow_count", false, 0, kMaxCount).value_or(0);
  step.gag_count = in.integer("gag_count", false, 0, kMaxCount).value_or(0);
  step.hold_seconds = in.number("hold_seconds");
  if (problems.size() != before) return std::nullopt;
  return step;
}

std::optional<CheckIn> read_checkin(const json& value, const std::string& path,
                                    std::vector<std::string>& problems) {
  FieldReader in(
      value, path, problems,
      {"id", "user_id", "taken_at", "pain", "calm", "nasal_breathing_ease", "hydration_glasses", "note"});
  if (!in.valid()) return std::nullopt;
  const auto before = problems.size();
  CheckIn checkin;
  checkin.id = in.text("id");
  checkin.user_id = in.text("user_id");
  checkin.taken_at = in.time("taken_at", false).value_or(Timestamp{});
  if (const json* pain = in.field("pain", false)) {
    if (!pain->is_object()) {
      in.problem(in.at("pain"),
                 fmt::format("expected an object of region: rating, got {}", type_name(*pain)));
    } else {
      for (const auto& [key, rating] : pain->items()) {
        const auto where = fmt::format("{}.{}", in.at("pain"), key);
        auto region = parse_region(key);
        if (!region) {
          auto hint = closest_spelling(key, region_spellings());
          in.problem(where,
                     hint ? fmt::format("unknown region (did you mean \"{}\"?)", *hint)
                          : fmt::format("unknown region; expected one of {}", joined(region_spellings())));
        } else if (!rating.is_number_integer() || rating.get<std::int64_t>() < kMinRating ||
                   rating.get<std::int64_t>() > kMaxRating) {
          in.problem(where,
                     fmt::format("expected an integer from {} to {}, got {}", kMinRating, kMaxRating,
                                 rating.is_number_integer() ? std::to_string(rating.get<std::int64_t>())
                                                            : type_name(rating)));
        } else {
          checkin.pain_in(*region) = rating.get<int>();
        }
      }
    }
  }
  checkin.calm = in.integer("calm", true, kMinRating, kMaxRating);
  checkin.nasal_breathing_ease = in.integer("nasal_breathing_ease", true, kMinRating, kMaxRating);
  checkin.hydration_glasses = in.integer("hydration_glasses", true, 0, kMaxHydrationGlasses);
  checkin.note = in.text("note");
  if (problems.size() != before) return std::nullopt;
  return checkin;
}

std::optional<PlanState> read_plan(const json& value, const std::string& path,
                                   std::vector<std::string>& problems) {
  FieldReader in(value, path, problems,
                 {"user_id", "routine_id", "current_stage", "hold_stage", "hold_stage_since", "sessions_seen",
                  "paused", "pause_reason", "well_confirmed_at", "updated_at"});
  if (!in.valid()) return std::nullopt;
  const auto before = problems.size();
  PlanState plan;
  plan.user_id = in.text("user_id");
  plan.routine_id = in.text("routine_id");
  plan.current_stage = in.integer("current_stage", false, 1, kMaxCount).value_or(1);
  plan.hold_stage = in.integer("hold_stage", false, 0, kMaxCount).value_or(0);
  // Files written before journal schema 5 lack the next three fields: the plan
  // then starts the hold's clock again, which is slower, never faster.
  if (in.object().contains("hold_stage_since")) {
    if (const json* since = in.field("hold_stage_since", true)) {
      plan.hold_stage_since = since->is_string() ? parse_date_text(since->get<std::string>()) : std::nullopt;
      if (!plan.hold_stage_since)
        in.problem(in.at("hold_stage_since"),
                   fmt::format("expected a day like \"2026-11-25\" or null, got {}", type_name(*since)));
    }
  }
  if (in.object().contains("sessions_seen"))
    plan.sessions_seen = in.integer("sessions_seen", false, 0, kMaxCount).value_or(0);
  if (in.object().contains("well_confirmed_at")) plan.well_confirmed_at = in.time("well_confirmed_at", true);
  plan.paused = in.boolean("paused");
  plan.pause_reason = in.text("pause_reason");
  plan.updated_at = in.time("updated_at", false).value_or(Timestamp{});
  if (problems.size() != before) return std::nullopt;
  return plan;
}

std::optional<StudyPlan> read_study_plan(const json& value, const std::string& path,
                                         std::vector<std::string>& problems) {
  FieldReader in(value, path, problems, {"id", "user_id", "earliest", "latest", "start", "seed", "drawn_at"});
  if (!in.valid()) return std::nullopt;
  const auto before = problems.size();
  StudyPlan plan;
  plan.id = in.text("id");
  plan.user_id = in.text("user_id");
  auto day = [&](const char* key) {
    const std::string text = in.text(key);
    const auto parsed = parse_date_text(text);
    if (!parsed)
      problems.push_back(
          fmt::format("{}.{}: expected a day written YYYY-MM-DD, got \"{}\"", path, key, text));
    return parsed.value_or(std::chrono::year_month_day{});
  };
  plan.earliest = day("earliest");
  plan.latest = day("latest");
  plan.start = day("start");
  plan.seed = in.text("seed");
  plan.drawn_at = in.time("drawn_at", false).value_or(Timestamp{});
  if (problems.size() != before) return std::nullopt;
  return plan;
}

std::optional<VoiceSession> read_voice_session(const json& value, const std::string& path,
                                               std::vector<std::string>& problems) {
  FieldReader in(value, path, problems,
                 {"id", "user_id", "recorded_at", "task", "source", "measures", "result"});
  if (!in.valid()) return std::nullopt;
  const auto before = problems.size();
  VoiceSession session;
  session.id = in.text("id");
  session.user_id = in.text("user_id");
  session.recorded_at = in.time("recorded_at", false).value_or(Timestamp{});
  session.task = in.spelling("task", false, joined(voice_task_spellings()), parse_voice_task)
                     .value_or(VoiceTask::kAnalyze);
  session.source = in.text("source");
  if (const json* measures = in.field("measures", false)) {
    if (!measures->is_object()) {
      in.problem(in.at("measures"),
                 fmt::format("expected an object of measure: number, got {}", type_name(*measures)));
    } else {
      for (const auto& [key, number] : measures->items()) {
        const auto where = fmt::format("{}.{}", in.at("measures"), key);
        auto measure = parse_voice_measure(key);
        if (!measure) {
          auto hint = closest_spelling(key, voice_measure_spellings());
          in.problem(where, hint ? fmt::format("unknown measure (did you mean \"{}\"?)", *hint)
                                 : fmt::format("unknown measure; expected one of {}",
                                               joined(voice_measure_spellings())));
        } else if (!number.is_number()) {
          in.problem(where, fmt::format("expected a number, got {}", type_name(number)));
        } else {
          session.measure(*measure) = number.get<double>();
        }
      }
    }
  }
  if (const json* result = in.field("result", false)) {
    if (!result->is_object()) {
      in.problem(in.at("result"),
                 fmt::format("expected the result as an object, got {}", type_name(*result)));
    } else {
      session.result_json = result->dump();
    }
  }
  if (problems.size() != before) return std::nullopt;
  return session;
}

template <typename T, typename Read>
void read_array(const json& root, std::string_view key, std::vector<T>& into,
                std::vector<std::string>& problems, Read&& read) {
  auto found = root.find(key);
  if (found == root.end()) {
    problems.push_back(
        fmt::format("{}: missing (an export file lists every record type, even when empty)", key));
    return;
  }
  if (!found->is_array()) {
    problems.push_back(fmt::format("{}: expected a list, got {}", key, type_name(*found)));
    return;
  }
  for (std::size_t i = 0; i < found->size(); ++i) {
    const auto path = fmt::format("{}[{}]", key, i);
    if (auto record = read((*found)[i], path, problems)) {
      if (auto error = validate(*record)) {
        problems.push_back(fmt::format("{}: {}", path, error->message));
        continue;
      }
      into.push_back(std::move(*record));
    }
  }
}

// 1-based line and column of a byte offset, for JSON syntax errors.
std::pair<std::size_t, std::size_t> line_column(std::string_view text, std::size_t offset) {
  std::size_t line = 1;
  std::size_t column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {line, column};
}

// Before journal schema 5, "I feel well again" was a check-in with this exact
// note. Reading such a file does what migration 5 does to a journal: the latest
// one becomes well_confirmed_at of every plan of its user, and the check-ins
// lose the sentence (those holding nothing else go).
constexpr std::string_view kLegacyWellNote =
    "I feel well again after the stopped sessions and want to go on with the plan.";

void lift_well_confirmations(JournalData& data) {
  std::map<std::string, Timestamp> latest;
  for (const auto& checkin : data.checkins) {
    if (checkin.note != kLegacyWellNote) continue;
    auto [it, added] = latest.emplace(checkin.user_id, checkin.taken_at);
    if (!added && it->second.utc < checkin.taken_at.utc) it->second = checkin.taken_at;
  }
  if (latest.empty()) return;
  for (auto& plan : data.plan_states) {
    const auto found = latest.find(plan.user_id);
    if (found == latest.end()) continue;
    if (!plan.well_confirmed_at || plan.well_confirmed_at->utc < found->second.utc)
      plan.well_confirmed_at = found->second;
  }
  std::erase_if(data.checkins, [](const CheckIn& checkin) {
    const bool rated =
        std::any_of(checkin.pain.begin(), checkin.pain.end(), [](auto p) { return p.has_value(); }) ||
        checkin.calm || checkin.nasal_breathing_ease || checkin.hydration_glasses;
    return checkin.note == kLegacyWellNote && !rated;
  });
  for (auto& checkin : data.checkins) {
    if (checkin.note == kLegacyWellNote) checkin.note.clear();
  }
}

void check_unique_ids(const JournalData& data, std::vector<std::string>& problems) {
  std::set<std::string> ids;
  auto check = [&](std::string_view kind, std::size_t index, const std::string& id) {
    if (!ids.insert(std::string(kind) + '/' + id).second) {
      problems.push_back(fmt::format("{}[{}].id: the id \"{}\" appears twice in the file", kind, index, id));
    }
  };
  for (std::size_t i = 0; i < data.screenings.size(); ++i) check("screenings", i, data.screenings[i].id);
  for (std::size_t i = 0; i < data.sessions.size(); ++i) check("sessions", i, data.sessions[i].id);
  for (std::size_t i = 0; i < data.checkins.size(); ++i) check("checkins", i, data.checkins[i].id);
  for (std::size_t i = 0; i < data.step_results.size(); ++i) {
    const auto& step = data.step_results[i];
    if (!ids.contains("sessions/" + step.session_id)) {
      problems.push_back(
          fmt::format("step_results[{}].session_id: session \"{}\" is not in the file", i, step.session_id));
    }
    check("step_results", i, fmt::format("{}#{}", step.session_id, step.index));
  }
  for (std::size_t i = 0; i < data.plan_states.size(); ++i) {
    check("plan_states", i, data.plan_states[i].user_id + '/' + data.plan_states[i].routine_id);
  }
  for (std::size_t i = 0; i < data.study_plans.size(); ++i) check("study_plans", i, data.study_plans[i].id);
  for (std::size_t i = 0; i < data.voice_sessions.size(); ++i) {
    check("voice_sessions", i, data.voice_sessions[i].id);
  }
}

}  // namespace

std::string export_json(const JournalData& data, Timestamp exported_at) {
  const json root = {{"format", kExportFormat},
                     {"format_version", kExportFormatVersion},
                     {"exported_at", to_iso8601(exported_at)},
                     {"screenings", array_of(data.screenings)},
                     {"sessions", array_of(data.sessions)},
                     {"step_results", array_of(data.step_results)},
                     {"checkins", array_of(data.checkins)},
                     {"plan_states", array_of(data.plan_states)},
                     {"study_plans", array_of(data.study_plans)},
                     {"voice_sessions", array_of(data.voice_sessions)}};
  // Never fails on what is stored: text written by a version that did not yet
  // check UTF-8 is exported with U+FFFD in place of the bad bytes
  // (invalid_text_fields names them, so the caller can say so).
  return root.dump(2, ' ', false, json::error_handler_t::replace) + '\n';
}

std::vector<std::string> invalid_text_fields(const JournalData& data) {
  std::vector<std::string> fields;
  auto check = [&fields](std::string_view kind, std::size_t index, std::string_view field,
                         std::string_view value) {
    if (first_invalid_utf8(value)) fields.push_back(fmt::format("{}[{}].{}", kind, index, field));
  };
  for (std::size_t i = 0; i < data.screenings.size(); ++i) {
    const auto& record = data.screenings[i];
    check("screenings", i, "id", record.id);
    check("screenings", i, "user_id", record.user_id);
    for (const auto& answer : record.answers)
      check("screenings", i, "answers.question_id", answer.question_id);
  }
  for (std::size_t i = 0; i < data.sessions.size(); ++i) {
    const auto& record = data.sessions[i];
    check("sessions", i, "id", record.id);
    check("sessions", i, "user_id", record.user_id);
    check("sessions", i, "routine_id", record.routine_id);
    check("sessions", i, "pattern", record.pattern);
    if (record.stop_reason) check("sessions", i, "stop_reason.text", record.stop_reason->text);
  }
  for (std::size_t i = 0; i < data.step_results.size(); ++i) {
    const auto& record = data.step_results[i];
    check("step_results", i, "session_id", record.session_id);
    check("step_results", i, "step_id", record.step_id);
    check("step_results", i, "note", record.note);
  }
  for (std::size_t i = 0; i < data.checkins.size(); ++i) {
    const auto& record = data.checkins[i];
    check("checkins", i, "id", record.id);
    check("checkins", i, "user_id", record.user_id);
    check("checkins", i, "note", record.note);
  }
  for (std::size_t i = 0; i < data.plan_states.size(); ++i) {
    const auto& record = data.plan_states[i];
    check("plan_states", i, "user_id", record.user_id);
    check("plan_states", i, "routine_id", record.routine_id);
    check("plan_states", i, "pause_reason", record.pause_reason);
  }
  for (std::size_t i = 0; i < data.study_plans.size(); ++i) {
    const auto& record = data.study_plans[i];
    check("study_plans", i, "id", record.id);
    check("study_plans", i, "user_id", record.user_id);
    check("study_plans", i, "seed", record.seed);
  }
  for (std::size_t i = 0; i < data.voice_sessions.size(); ++i) {
    const auto& record = data.voice_sessions[i];
    check("voice_sessions", i, "id", record.id);
    check("voice_sessions", i, "user_id", record.user_id);
    check("voice_sessions", i, "source", record.source);
    check("voice_sessions", i, "result", record.result_json);
  }
  return fields;
}

ParsedExport parse_export_json(std::string_view text) {
  ParsedExport parsed;
  auto& problems = parsed.problems;
  json root;
  try {
    root = json::parse(text);
  } catch (const json::parse_error& error) {
    // nlohmann counts the offset one past the offending byte.
    const auto [line, column] = line_column(text, error.byte > 0 ? error.byte - 1 : 0);
    std::string what = error.what();
    const auto detail = what.find("syntax error");
    problems.push_back(fmt::format("line {}, column {}: the file is not valid JSON ({})", line, column,
                                   detail == std::string::npos ? what : what.substr(detail)));
    return parsed;
  }
  if (!root.is_object()) {
    problems.push_back(
        fmt::format("the file holds {}, not a velum export (an object with \"format\": \"{}\")",
                    type_name(root), kExportFormat));
    return parsed;
  }
  const auto format = root.find("format");
  if (format == root.end() || !format->is_string() || format->get<std::string>() != kExportFormat) {
    problems.push_back(
        fmt::format("format: expected \"{}\"; this is not a velum export file", kExportFormat));
    return parsed;
  }
  const auto version = root.find("format_version");
  if (version == root.end() || !version->is_number_integer() || version->get<int>() != kExportFormatVersion) {
    problems.push_back(fmt::format("format_version: expected {}; the file may come from a newer velum",
                                   kExportFormatVersion));
    return parsed;
  }
  for (const auto& [key, value] : root.items()) {
    (void)value;
    static const std::set<std::string> known{"format",      "format_version", "exported_at", "screenings",
                                             "sessions",    "step_results",   "checkins",    "plan_states",
                                             "study_plans", "voice_sessions"};
    if (!known.contains(key)) problems.push_back(fmt::format("unknown field \"{}\" at the top level", key));
  }
  read_array(root, "screenings", parsed.data.screenings, problems, read_screening);
  read_array(root, "sessions", parsed.data.sessions, problems, read_session);
  read_array(root, "step_results", parsed.data.step_results, problems, read_step);
  read_array(root, "checkins", parsed.data.checkins, problems, read_checkin);
  read_array(root, "plan_states", parsed.data.plan_states, problems, read_plan);
  // Files written before study plans existed have none; that is not a problem.
  if (root.contains("study_plans"))
    read_array(root, "study_plans", parsed.data.study_plans, problems, read_study_plan);
  // Nor have files written before voice sessions were kept.
  if (root.contains("voice_sessions"))
    read_array(root, "voice_sessions", parsed.data.voice_sessions, problems, read_voice_session);
  if (problems.empty()) check_unique_ids(parsed.data, problems);
  if (problems.empty()) lift_well_confirmations(parsed.data);
  if (problems.size() > kMaxProblems) {
    const auto more = problems.size() - kMaxProblems;
    problems.resize(kMaxProblems);
    problems.push_back(fmt::format("... and {} more problems", more));
  }
  return parsed;
}

std::string csv_field(std::string_view value) {
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(value);
  std::string quoted = "\"";
  for (char c : value) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

namespace {

class CsvTable {
 public:
  explicit CsvTable(std::initializer_list<std::string_view> header) { row(header); }

  void row(std::initializer_list<std::string_view> fields) {
    bool first = true;
    for (auto field : fields) {
      if (!first) text_ += ',';
      text_ += csv_field(field);
      first = false;
    }
    text_ += "\r\n";
  }

  std::string take() { return std::move(text_); }

 private:
  std::string text_;
};

std::string optional_text(const std::optional<int>& value) {
  return value ? std::to_string(*value) : std::string();
}
std::string seconds_text(double value) { return fmt::format("{}", value); }

}  // namespace

std::vector<std::pair<std::string, std::string>> export_csv(const JournalData& data) {
  std::vector<std::pair<std::string, std::string>> files;

  CsvTable screenings({"id", "user_id", "question_set_version", "taken_at", "result"});
  CsvTable answers({"screening_id", "position", "question_id", "answer"});
  for (const auto& screening : data.screenings) {
    screenings.row({screening.id, screening.user_id, std::to_string(screening.question_set_version),
                    to_iso8601(screening.taken_at), to_string(screening.result)});
    for (std::size_t i = 0; i < screening.answers.size(); ++i) {
      answers.row({screening.id, std::to_string(i), screening.answers[i].question_id,
                   screening.answers[i].yes ? "yes" : "no"});
    }
  }
  files.emplace_back("screenings.csv", screenings.take());
  files.emplace_back("screening_answers.csv", answers.take());

  CsvTable sessions({"id", "user_id", "routine_id", "routine_version", "pattern", "stage", "started_at",
                     "ended_at", "outcome", "stop_reason", "stop_text", "source", "pain"});
  for (const auto& session : data.sessions) {
    sessions.row({session.id, session.user_id, session.routine_id, std::to_string(session.routine_version),
                  session.pattern, std::to_string(session.stage), to_iso8601(session.started_at),
                  session.ended_at ? to_iso8601(*session.ended_at) : std::string(),
                  session.outcome ? to_string(*session.outcome) : std::string_view{},
                  session.stop_reason ? stop_reason_spelling(*session.stop_reason) : std::string_view{},
                  session.stop_reason ? std::string_view(session.stop_reason->text) : std::string_view{},
                  to_string(session.source), optional_text(session.pain)});
  }
  files.emplace_back("sessions.csv", sessions.take());

  CsvTable steps({"session_id", "index", "step_id", "planned_seconds", "actual_seconds", "pain", "sensations",
                  "note", "swallow_count", "gag_count", "hold_seconds"});
  for (const auto& step : data.step_results) {
    std::string sensations;
    for (auto sensation : step.sensations) {
      if (!sensations.empty()) sensations += ';';
      sensations += practice::to_string(sensation);
    }
    steps.row({step.session_id, std::to_string(step.index), step.step_id, seconds_text(step.planned_seconds),
               seconds_text(step.actual_seconds), optional_text(step.pain), sensations, step.note,
               std::to_string(step.swallow_count), std::to_string(step.gag_count),
               seconds_text(step.hold_seconds)});
  }
  files.emplace_back("step_results.csv", steps.take());

  CsvTable checkins({"id", "user_id", "taken_at", "pain_soft_palate", "pain_nasopharynx", "pain_throat",
                     "pain_nose", "pain_face_jaw", "pain_ears", "calm", "nasal_breathing_ease",
                     "hydration_glasses", "note"});
  for (const auto& checkin : data.checkins) {
    checkins.row({checkin.id, checkin.user_id, to_iso8601(checkin.taken_at), optional_text(checkin.pain[0]),
                  optional_text(checkin.pain[1]), optional_text(checkin.pain[2]),
                  optional_text(checkin.pain[3]), optional_text(checkin.pain[4]),
                  optional_text(checkin.pain[5]), optional_text(checkin.calm),
                  optional_text(checkin.nasal_breathing_ease), optional_text(checkin.hydration_glasses),
                  checkin.note});
  }
  files.emplace_back("checkins.csv", checkins.take());

  CsvTable plans({"user_id", "routine_id", "current_stage", "hold_stage", "hold_stage_since", "sessions_seen",
                  "paused", "pause_reason", "well_confirmed_at", "updated_at"});
  for (const auto& plan : data.plan_states) {
    plans.row({plan.user_id, plan.routine_id, std::to_string(plan.current_stage),
               std::to_string(plan.hold_stage),
               plan.hold_stage_since ? to_date_text(*plan.hold_stage_since) : std::string{},
               std::to_string(plan.sessions_seen), plan.paused ? "yes" : "no", plan.pause_reason,
               plan.well_confirmed_at ? to_iso8601(*plan.well_confirmed_at) : std::string{},
               to_iso8601(plan.updated_at)});
  }
  files.emplace_back("plan_states.csv", plans.take());

  CsvTable studies({"id", "user_id", "earliest", "latest", "start", "seed", "drawn_at"});
  for (const auto& plan : data.study_plans) {
    studies.row({plan.id, plan.user_id, to_date_text(plan.earliest), to_date_text(plan.latest),
                 to_date_text(plan.start), plan.seed, to_iso8601(plan.drawn_at)});
  }
  files.emplace_back("study_plans.csv", studies.take());

  static_assert(kVoiceMeasureCount == 11, "voice_sessions.csv lists every measure");
  // One column per measure (empty when not measured) and the whole result as JSON text.
  CsvTable voice({"id", "user_id", "recorded_at", "task", "source", "f0_mean_hz", "jitter_local",
                  "shimmer_local", "hnr_db", "cpps_db", "range_semitones", "range_low_hz", "range_high_hz",
                  "mpt_seconds", "match_accuracy_cents", "match_precision_cents", "result_json"});
  for (const auto& session : data.voice_sessions) {
    std::array<std::string, kVoiceMeasureCount> measures;
    for (std::size_t i = 0; i < kVoiceMeasureCount; ++i) {
      if (session.measures[i]) measures[i] = fmt::format("{}", *session.measures[i]);
    }
    voice.row({session.id, session.user_id, to_iso8601(session.recorded_at), to_string(session.task),
               session.source, measures[0], measures[1], measures[2], measures[3], measures[4], measures[5],
               measures[6], measures[7], measures[8], measures[9], measures[10], session.result_json});
  }
  files.emplace_back("voice_sessions.csv", voice.take());
  return files;
}

}  // namespace velum::journal
