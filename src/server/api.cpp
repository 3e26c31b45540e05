#include "server/api.hpp"
#include "server/detail/report_routes.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>
#include <system_error>
#include <variant>
#include <vector>

#include "common/plan.hpp"
#include "common/screen_status.hpp"
#include "common/timeline_json.hpp"
#include "common/voice_json.hpp"
#include "common/voice_session.hpp"
#include "journal/history.hpp"
#include "practice/safety.hpp"
#include "practice/timeline.hpp"
#include "voice/analysis.hpp"
#include "voice/input.hpp"
#include "voice/pitch.hpp"
#include "voice/range.hpp"

namespace velum::server {
namespace {

using nlohmann::json;

constexpr std::string_view kApiPrefix = "/api/v1";
constexpr int kOk = 200;
constexpr int kCreated = 201;
constexpr int kNoContent = 204;
constexpr int kBadRequest = 400;
constexpr int kNotFound = 404;
constexpr int kMethodNotAllowed = 405;
constexpr int kConflict = 409;
constexpr int kUnprocessable = 422;
constexpr int kUnsupportedMedia = 415;
constexpr int kServiceUnavailable = 503;
constexpr int kInternalError = 500;
// The page records at most 10 s; a 1 MB body of 8 kHz 16-bit mono holds ~65 s.
constexpr double kMaxUploadSeconds = 120.0;

// A failed request: the status and the error object's three fields.
struct Failure {
  int status = kBadRequest;
  std::string field;
  std::string message;
  std::string hint;
};

ApiResponse reply(int status, std::string body) {
  ApiResponse response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

ApiResponse reply(int status, const json& body) { return reply(status, body.dump()); }
ApiResponse reply(const Failure& failure) {
  return reply(failure.status, error_body(failure.field, failure.message, failure.hint));
}

// Store errors: bad records are the client's (422), a missing record 404, a
// busy journal 503, the rest the server's (500). The message names the record.
Failure store_failure(const velum::Error& error, std::string field = "body") {
  switch (error.code) {
    case velum::ErrorCode::kInvalidInput:
      return {kUnprocessable, std::move(field), error.message, "correct the value named and send it again"};
    case velum::ErrorCode::kDuplicate:
      return {kConflict, std::move(field), error.message, "this record is already stored"};
    case velum::ErrorCode::kNotFound:
      return {kNotFound, std::move(field), error.message, "check the id"};
    case velum::ErrorCode::kBusy:
      return {kServiceUnavailable, "", error.message, "try again in a moment"};
    default:
      return {kInternalError, "", error.message, "see the server's terminal for details"};
  }
}

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (start < path.size()) {
    const auto slash = std::min(path.find('/', start), path.size());
    if (slash > start) parts.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return parts;
}

// Line and column (1-based) of byte `offset` in `text`, for parse errors.
std::pair<int, int> line_and_column(std::string_view text, std::size_t offset) {
  int line = 1;
  int column = 1;
  for (std::size_t i = 0; i < std::min(offset, text.size()); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {line, column};
}

// The body as a JSON object, or a Failure naming where the JSON breaks.
std::variant<json, Failure> parse_object(const std::string& body) {
  if (body.empty()) {
    return Failure{kBadRequest, "body", "the request has no body", "send a JSON object, for example {}"};
  }
  try {
    json parsed = json::parse(body);
    if (!parsed.is_object()) {
      return Failure{kBadRequest, "body",
                     fmt::format("the body is JSON {}, not an object", parsed.type_name()),
                     "send a JSON object such as {\"calm\": 7}"};
    }
    return parsed;
  } catch (const json::parse_error& error) {
    // byte is 1-based and points just past the character that broke the parse.
    const auto [line, column] = line_and_column(body, error.byte == 0 ? 0 : error.byte - 1);
    return Failure{kBadRequest, "body",
                   fmt::format("the body is not valid JSON (line {}, column {})", line, column),
                   "check the quotes, commas and brackets near that place"};
  }
}

// Typed field readers: absent or null → nullopt; a wrong type → Failure.
struct Fields {
  const json& object;
  std::string prefix;  // "" or "pain." for nested objects
  std::optional<Failure> failure;

  std::string path(std::string_view name) const { return prefix + std::string(name); }

  std::optional<int> integer(std::string_view name, int min, int max) {
    const auto it = object.find(std::string(name));
    if (it == object.end() || it->is_null()) return std::nullopt;
    if (!it->is_number_integer()) {
      fail(name, fmt::format("{} must be a whole number, got {}", path(name), it->dump()),
           fmt::format("send a number from {} to {}", min, max));
      return std::nullopt;
    }
    const auto value = it->get<long long>();
    if (value < min || value > max) {
      fail(name, fmt::format("{} must be from {} to {}, got {}", path(name), min, max, value),
           fmt::format("send a whole number from {} to {}", min, max), kUnprocessable);
      return std::nullopt;
    }
    return static_cast<int>(value);
  }

  std::optional<double> number(std::string_view name, double min, double max) {
    const auto it = object.find(std::string(name));
    if (it == object.end() || it->is_null()) return std::nullopt;
    if (!it->is_number()) {
      fail(name, fmt::format("{} must be a number, got {}", path(name), it->dump()),
           fmt::format("send a number from {:g} to {:g}", min, max));
      return std::nullopt;
    }
    const auto value = it->get<double>();
    if (!(value >= min && value <= max)) {
      fail(name, fmt::format("{} must be from {:g} to {:g}, got {:g}", path(name), min, max, value),
           fmt::format("send a number from {:g} to {:g}", min, max), kUnprocessable);
      return std::nullopt;
    }
    return value;
  }

  std::optional<std::string> text(std::string_view name) {
    const auto it = object.find(std::string(name));
    if (it == object.end() || it->is_null()) return std::nullopt;
    if (!it->is_string()) {
      fail(name, fmt::format("{} must be text in quotes, got {}", path(name), it->dump()),
           "send a JSON string");
      return std::nullopt;
    }
    return it->get<std::string>();
  }

  std::string required_text(std::string_view name, std::string_view example) {
    auto value = text(name);
    if (!value && !failure) {
      fail(name, fmt::format("{} is missing", path(name)), fmt::format("add \"{}\": \"{}\"", name, example));
    }
    return value.value_or("");
  }

  void fail(std::string_view name, std::string message, std::string hint, int status = kBadRequest) {
    if (!failure) failure = Failure{status, path(name), std::move(message), std::move(hint)};
  }
};

// ---- Routines and patterns -------------------------------------------------------

json pattern_json(const practice::BreathPattern& pattern) {
  return {{"name", pattern.name},
          {"title", pattern.title},
          {"inhale_seconds", pattern.inhale.count()},
          {"hold_in_seconds", pattern.hold_in.count()},
          {"exhale_seconds", pattern.exhale.count()},
          {"hold_out_seconds", pattern.hold_out.count()},
          {"breaths_per_minute", pattern.breaths_per_minute()}};
}

json routine_summary(const practice::Routine& routine) {
  return {{"id", routine.id},
          {"title", routine.title},
          {"summary", routine.summary},
          {"version", routine.version},
          {"level", practice::to_string(routine.level)},
          {"setting", practice::to_string(routine.setting)},
          {"intra_oral", routine.is_intra_oral()},
          {"stage_count", routine.stage_count()},
          {"step_count", routine.steps.size()},
          {"minutes_per_day", routine.dosage.minutes_per_day},
          {"days_per_week", routine.dosage.days_per_week}};
}

template <typename Enum>
json spelling_list(const std::vector<Enum>& values) {
  json list = json::array();
  for (const auto value : values) list.push_back(practice::to_string(value));
  return list;
}

json routine_detail(const practice::Routine& routine) {
  json detail = routine_summary(routine);
  detail["prerequisites"] = routine.prerequisites;
  detail["default_pattern"] = routine.default_pattern;
  detail["preparation_seconds"] = routine.preparation_countdown.count();
  detail["checklist"] = spelling_list(routine.checklist);
  detail["maintenance_per_week"] = routine.dosage.maintenance_per_week;
  json patterns = json::array();
  for (const auto& pattern : routine.patterns) patterns.push_back(pattern_json(pattern));
  detail["patterns"] = patterns;
  json steps = json::array();
  for (const auto& step : routine.steps) {
    json item = {{"id", step.id},
                 {"title", step.title},
                 {"instruction", step.instruction},
                 {"detail", step.detail},
                 {"stage", step.stage},
                 {"landmark", practice::to_string(step.landmark)},
                 {"hand", practice::to_string(step.hand)},
                 {"action", practice::to_string(step.action)},
                 {"intra_oral", step.is_intra_oral()},
                 {"duration_seconds", step.duration.count()},
                 {"total_seconds", step.total_duration().count()},
                 {"repetitions", step.repetitions ? json(*step.repetitions) : json(nullptr)},
                 {"pattern", step.pattern.empty() ? routine.default_pattern : step.pattern},
                 {"pain_ceiling", step.pain_ceiling ? json(*step.pain_ceiling) : json(nullptr)},
                 {"expect", spelling_list(step.expect)},
                 {"stop_signals", spelling_list(step.stop_signals)}};
    if (step.hold_build_up) {
      json holds = json::array();
      for (const auto hold : step.hold_build_up->holds) holds.push_back(hold.count());
      item["hold_build_up"] = {{"holds_seconds", holds},
                               {"weeks_per_stage", step.hold_build_up->weeks_per_stage}};
    }
    steps.push_back(item);
  }
  detail["steps"] = steps;
  return detail;
}

std::optional<Failure> unknown_routine(const practice::Catalog& catalog, std::string_view id) {
  if (catalog.find(std::string(id)) != nullptr) return std::nullopt;
  std::vector<std::string_view> ids;
  for (const auto& known : catalog.routines) ids.push_back(known.id);
  const auto suggestion = practice::closest_match(id, ids);
  return Failure{
      kNotFound, "routine", fmt::format("no routine has the id '{}'", id),
      suggestion.empty() ? "GET /api/v1/routines lists them" : fmt::format("did you mean '{}'?", suggestion)};
}

// A query parameter as a whole number in [min, max]; nullopt when absent.
std::optional<int> query_integer(const ApiRequest& request, const std::string& name, int min, int max,
                                 std::optional<Failure>& failure) {
  const auto it = request.query.find(name);
  if (it == request.query.end() || it->second.empty()) return std::nullopt;
  int value = 0;
  const auto& text = it->second;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value < min || value > max) {
    failure = Failure{kBadRequest, name,
                      fmt::format("{} must be a whole number from {} to {}, got '{}'", name, min, max, text),
                      fmt::format("for example ?{}={}", name, min)};
    return std::nullopt;
  }
  return value;
}

// ---- Check-ins -------------------------------------------------------------------

json checkin_json(const journal::CheckIn& checkin) {
  json pain = json::object();
  for (std::size_t i = 0; i < journal::kRegionCount; ++i) {
    if (checkin.pain[i])
      pain[std::string(journal::to_string(static_cast<journal::Region>(i)))] = *checkin.pain[i];
  }
  auto optional = [](const std::optional<int>& value) { return value ? json(*value) : json(nullptr); };
  return {{"id", checkin.id},
          {"taken_at", journal::to_iso8601(checkin.taken_at)},
          {"date", journal::to_date_text(journal::local_date(checkin.taken_at))},
          {"pain", pain},
          {"calm", optional(checkin.calm)},
          {"nasal", optional(checkin.nasal_breathing_ease)},
          {"hydration", optional(checkin.hydration_glasses)},
          {"note", checkin.note}};
}

std::variant<journal::CheckIn, Failure> checkin_from(const json& body, journal::Timestamp now) {
  journal::CheckIn checkin;
  checkin.id = journal::new_record_id();
  checkin.taken_at = now;
  Fields fields{body, "", std::nullopt};
  if (const auto pain = body.find("pain"); pain != body.end() && !pain->is_null()) {
    if (!pain->is_object()) {
      return Failure{kBadRequest, "pain",
                     fmt::format("pain must be an object of region: rating, got {}", pain->dump()),
                     "for example \"pain\": {\"throat\": 3}"};
    }
    Fields regions{*pain, "pain.", std::nullopt};
    for (const auto& [name, value] : pain->items()) {
      const auto region = journal::parse_region(name);
      if (!region) {
        const auto close = journal::closest_spelling(name, journal::region_spellings());
        std::string known;
        for (auto spelling : journal::region_spellings())
          known += (known.empty() ? "" : ", ") + std::string(spelling);
        return Failure{kUnprocessable, "pain." + name, fmt::format("unknown region '{}'", name),
                       close ? fmt::format("did you mean '{}'?", *close) : "regions are " + known};
      }
      checkin.pain_in(*region) = regions.integer(name, journal::kMinRating, journal::kMaxRating);
      if (regions.failure) return *regions.failure;
    }
  }
  checkin.calm = fields.integer("calm", journal::kMinRating, journal::kMaxRating);
  checkin.nasal_breathing_ease = fields.integer("nasal", journal::kMinRating, journal::kMaxRating);
  checkin.hydration_glasses = fields.integer("hydration", 0, journal::kMaxHydrationGlasses);
  checkin.note = fields.text("note").value_or("");
  if (fields.failure) return *fields.failure;
  const bool anything =
      std::any_of(checkin.pain.begin(), checkin.pain.end(), [](auto& p) { return p.has_value(); }) ||
      checkin.calm || checkin.nasal_breathing_ease || checkin.hydration_glasses || !checkin.note.empty();
  if (!anything) {
    return Failure{kUnprocessable, "body", "a check-in needs at least one value",
                   "for example {\"pain\": {\"throat\": 3}, \"calm\": 7}"};
  }
  return checkin;
}

// ---- Sessions --------------------------------------------------------------------

json session_json(const journal::SessionRecord& session) {
  json stop = nullptr;
  if (session.stop_reason) {
    stop = {{"reason", journal::stop_reason_spelling(*session.stop_reason)},
            {"text", session.stop_reason->text}};
  }
  return {{"id", session.id},
          {"routine_id", session.routine_id},
          {"pattern", session.pattern},
          {"stage", session.stage},
          {"started_at", journal::to_iso8601(session.started_at)},
          {"date", journal::to_date_text(journal::local_date(session.started_at))},
          {"ended_at", session.ended_at ? json(journal::to_iso8601(*session.ended_at)) : json(nullptr)},
          {"outcome", session.outcome ? json(journal::to_string(*session.outcome)) : json(nullptr)},
          {"stop", stop},
          {"source", journal::to_string(session.source)},
          {"pain", session.pain ? json(*session.pain) : json(nullptr)}};
}

// Sensations as spellings from the vocabulary; anything else is a Failure.
std::optional<Failure> read_sensations(const json& body, std::vector<practice::Sensation>& into) {
  const auto it = body.find("sensations");
  if (it == body.end() || it->is_null()) return std::nullopt;
  if (!it->is_array()) {
    return Failure{kBadRequest, "sensations", fmt::format("sensations must be a list, got {}", it->dump()),
                   "for example \"sensations\": [\"warmth\"]"};
  }
  for (std::size_t i = 0; i < it->size(); ++i) {
    const auto& item = (*it)[i];
    const auto field = fmt::format("sensations[{}]", i);
    const auto sensation =
        item.is_string() ? practice::parse<practice::Sensation>(item.get<std::string>()) : std::nullopt;
    if (!sensation) {
      std::string known;
      for (const auto spelling : practice::spellings<practice::Sensation>())
        known += (known.empty() ? "" : ", ") + std::string(spelling);
      return Failure{kUnprocessable, field,
                     fmt::format("{} is not a known sensation: {}", field, item.dump()),
                     "use one of " + known};
    }
    into.push_back(*sensation);
  }
  return std::nullopt;
}

// POST /api/v1/voice/analyze: the body is an audio file (WAV from the browser).
// The same analysis as `velum voice analyze` and the track of `velum voice pitch`;
// it runs outside the journal lock, which only a save takes, afterwards.
struct VoiceUpload {
  json result;  // the measures, as `velum voice analyze --json` gives them, and the sample rate
  json track;   // {"hop_seconds", "frames"}: for drawing this take, not kept in the journal
};

std::variant<VoiceUpload, Failure> analyze_voice_upload(const std::string& body) {
  constexpr std::string_view kUploadName = "the uploaded recording";
  auto signal = voice::read_mono_bytes(body, kUploadName, kMaxUploadSeconds);
  if (!signal) return Failure{kUnsupportedMedia, "body", signal.error().message, signal.error().hint};
  auto report = voice::analyze_voice(*signal);
  if (!report) return Failure{kUnprocessable, "body", report.error().message, report.error().hint};
  const voice::PitchSettings settings;
  auto track = voice::track_pitch(signal->samples, signal->sample_rate_hz, settings);
  if (!track) return Failure{kUnprocessable, "body", track.error().message, track.error().hint};
  VoiceUpload upload{common::voice_report_json(*report, settings.hop_seconds),
                     common::pitch_track_json(*track, settings.hop_seconds)};
  upload.result["sample_rate_hz"] = signal->sample_rate_hz;
  return upload;
}

// A label for a saved web recording, so the list says where each came from.
constexpr std::string_view kDefaultVoiceSource = "web recording";
constexpr std::size_t kMaxVoiceSourceLength = 200;

// ?from=YYYY-MM-DD&to=YYYY-MM-DD (either optional) as local days.
std::variant<journal::DayRange, Failure> day_range_from(const ApiRequest& request) {
  journal::DayRange range;
  for (const auto& [name, into] : {std::pair{"from", &range.first}, std::pair{"to", &range.last}}) {
    const auto it = request.query.find(name);
    if (it == request.query.end() || it->second.empty()) continue;
    const auto day = journal::parse_date_text(it->second);
    if (!day) {
      return Failure{kBadRequest, name,
                     fmt::format("{} must be a calendar day written YYYY-MM-DD, got '{}'", name, it->second),
                     fmt::format("for example ?{}=2026-03-14", name)};
    }
    *into = *day;
  }
  return range;
}

// The history's voice part: which measures there are, and per local day the
// number of voice sessions and the mean of each measure taken that day.
json voice_history_json(const std::vector<journal::VoiceSession>& sessions) {
  json days = json::array();
  for (const auto& day : journal::summarize_voice_days(sessions)) {
    json means = json::object();
    for (std::size_t i = 0; i < journal::kVoiceMeasureCount; ++i) {
      if (day.mean[i])
        means[std::string(journal::to_string(static_cast<journal::VoiceMeasure>(i)))] = *day.mean[i];
    }
    days.push_back(
        {{"date", journal::to_date_text(day.date)}, {"sessions", day.session_count}, {"means", means}});
  }
  return {{"measures", std::vector<std::string>(journal::voice_measure_spellings().begin(),
                                                journal::voice_measure_spellings().end())},
          {"days", days}};
}

// POST /api/v1/voice/range: the body is one audio file holding the range
// takes (the page joins its glides and notes). The same profile as `velum
// voice range --json` (uncalibrated), plus its SVG drawing.
ApiResponse voice_range_upload(const std::string& body) {
  constexpr std::string_view kUploadName = "the uploaded recording";
  auto signal = voice::read_mono_bytes(body, kUploadName, kMaxUploadSeconds);
  if (!signal) return reply(Failure{kUnsupportedMedia, "body", signal.error().message, signal.error().hint});
  auto track = voice::track_pitch(signal->samples, signal->sample_rate_hz, voice::PitchSettings{});
  if (!track) return reply(Failure{kUnprocessable, "body", track.error().message, track.error().hint});
  const voice::Calibration calibration;
  voice::RangeProfileBuilder builder;
  builder.add(*track, voice::frame_levels_db(*signal, *track, calibration));
  const auto profile = builder.build();
  if (profile.cells.empty()) {
    return reply(Failure{kUnprocessable, "body", "no voiced frames found",
                         "glide slowly on 'ah' and hold each note for at least a moment"});
  }
  json out = common::range_profile_json(profile, calibration);
  out["svg"] = voice::range_profile_svg(profile, calibration);
  out["stored"] = false;
  return reply(kOk, out);
}

}  // namespace

std::string error_body(const std::string& field, const std::string& message, const std::string& hint) {
  return json{
      {"error",
       {{"field", field.empty() ? json(nullptr) : json(field)}, {"message", message}, {"hint", hint}}}}
      .dump();
}

namespace {

std::string routine_list(const practice::Catalog& catalog) {
  json list = json::array();
  for (const auto& routine : catalog.routines) list.push_back(routine_summary(routine));
  return json{{"routines", list}}.dump();
}

}  // namespace

Api::Api(std::unique_ptr<journal::Store> store, practice::Catalog catalog, journal::Clock clock)
    : store_(std::move(store)),
      catalog_(std::move(catalog)),
      clock_(std::move(clock)),
      routine_list_body_(routine_list(catalog_)) {}

ApiResponse Api::handle(const ApiRequest& request) {
  const auto parts = split_path(request.path);
  const auto prefix = split_path(kApiPrefix);
  const auto not_found = [&] {
    return reply(Failure{kNotFound, "path", fmt::format("no such route: {} {}", request.method, request.path),
                         "the routes are listed in docs/api.md; they start with /api/v1/"});
  };
  if (parts.size() < prefix.size() + 1 || !std::equal(prefix.begin(), prefix.end(), parts.begin())) {
    return not_found();
  }
  const std::vector<std::string_view> route(parts.begin() + static_cast<std::ptrdiff_t>(prefix.size()),
                                            parts.end());
  const std::string_view resource = route[0];
  const bool get = request.method == "GET";
  const bool post = request.method == "POST";
  const auto wrong_method = [&](std::string_view allowed) {
    return reply(Failure{kMethodNotAllowed, "method",
                         fmt::format("{} is not allowed on {}", request.method, request.path),
                         fmt::format("use {}", allowed)});
  };
  const auto with_body = [&](auto&& then) -> ApiResponse {
    auto parsed = parse_object(request.body);
    if (auto* failure = std::get_if<Failure>(&parsed)) return reply(*failure);
    return then(std::get<json>(parsed));
  };

  if (resource == "health" && route.size() == 1) {
    if (!get) return wrong_method("GET");
    return reply(kOk, {{"status", "ok"}, {"version", VELUM_VERSION}, {"routines", catalog_.routines.size()}});
  }

  if (resource == "patterns" && route.size() == 1) {
    if (!get) return wrong_method("GET");
    json list = json::array();
    for (const auto& pattern : practice::preset_patterns()) list.push_back(pattern_json(pattern));
    return reply(kOk, {{"patterns", list}});
  }

  if (resource == "routines") {
    if (!get) return wrong_method("GET");
    if (route.size() == 1) return reply(kOk, routine_list_body_);
    if (auto failure = unknown_routine(catalog_, route[1])) return reply(*failure);
    const auto& routine = *catalog_.find(std::string(route[1]));
    if (route.size() == 2) return reply(kOk, routine_detail(routine));
    if (route.size() == 3 && route[2] == "timeline") {
      practice::TimelineSettings settings;
      std::optional<Failure> failure;
      settings.stage =
          query_integer(request, "stage", 0, std::max(routine.stage_count(), 0), failure).value_or(0);
      settings.hold_stage =
          query_integer(request, "hold_stage", 0, std::numeric_limits<int>::max(), failure).value_or(0);
      settings.sample_rate_hz =
          query_integer(request, "rate", practice::kMinSampleRateHz, practice::kMaxSampleRateHz, failure)
              .value_or(settings.sample_rate_hz);
      if (failure) return reply(*failure);
      if (const auto pattern = request.query.find("pattern"); pattern != request.query.end()) {
        settings.pattern_override = pattern->second;
      }
      const auto compiled = practice::compile_timeline(routine, settings);
      if (!compiled.timeline) {
        const practice::Diagnostic first =
            compiled.diagnostics.empty() ? practice::Diagnostic{} : compiled.diagnostics.front();
        const bool about_pattern = first.field.find("pattern") != std::string::npos;
        return reply(
            Failure{kUnprocessable, about_pattern ? "pattern" : first.field, first.message, first.hint});
      }
      return reply(kOk, common::timeline_to_json(*compiled.timeline, -1));
    }
    return not_found();
  }

  if (resource == "voice" && route.size() == 2 && route[1] == "analyze") {
    if (!post) return wrong_method("POST");
    // The query is checked before the analysis so a typo costs nothing.
    std::optional<Failure> failure;
    const bool save = query_integer(request, "save", 0, 1, failure).value_or(0) == 1;
    if (failure) return reply(*failure);
    std::string source(kDefaultVoiceSource);
    if (const auto it = request.query.find("source"); it != request.query.end() && !it->second.empty()) {
      if (it->second.size() > kMaxVoiceSourceLength) {
        return reply(Failure{kBadRequest, "source",
                             fmt::format("source is {} characters long; at most {} are kept",
                                         it->second.size(), kMaxVoiceSourceLength),
                             "send a shorter label, such as the file name"});
      }
      source = it->second;
    }
    auto analysed = analyze_voice_upload(request.body);
    if (auto* analysis_failure = std::get_if<Failure>(&analysed)) return reply(*analysis_failure);
    const auto& upload = std::get<VoiceUpload>(analysed);
    json out = upload.result;
    out.update(upload.track);
    out["stored"] = false;
    if (!save) return reply(kOk, out);
    const std::lock_guard lock(store_mutex_);
    const auto session =
        common::voice_session_from_result(journal::VoiceTask::kAnalyze, source, upload.result, clock_());
    if (auto saved = store_->add_voice_session(session); !saved) return reply(store_failure(saved.error()));
    out["stored"] = true;
    out["id"] = session.id;
    return reply(kCreated, out);
  }
  if (resource == "voice" && route.size() == 2 && route[1] == "range") {
    if (!post) return wrong_method("POST");
    return voice_range_upload(request.body);
  }

  // Everything below reads or writes the journal.
  const std::lock_guard lock(store_mutex_);
  const auto now = clock_();
  journal::Store& store = *store_;

  if (resource == "voice" && route.size() >= 2 && route[1] == "sessions") {
    if (route.size() == 2) {
      if (!get) return wrong_method("GET");
      auto range = day_range_from(request);
      if (auto* failure = std::get_if<Failure>(&range)) return reply(*failure);
      auto sessions =
          store.voice_sessions(std::string(journal::kDefaultUser), std::get<journal::DayRange>(range));
      if (!sessions) return reply(store_failure(sessions.error()));
      json list = json::array();
      for (const auto& session : *sessions) list.push_back(common::voice_session_json(session));
      return reply(kOk, {{"voice_sessions", list}});
    }
    if (route.size() == 3) {
      if (request.method != "DELETE") return wrong_method("DELETE");
      if (auto deleted =
              store.delete_voice_session(std::string(journal::kDefaultUser), std::string(route[2]));
          !deleted) {
        return reply(store_failure(deleted.error(), "id"));
      }
      return reply(kNoContent, std::string());
    }
    return not_found();
  }

  // ---- Analysis and downloads (stats, report, export, reminders.ics): src/server/report_routes.cpp.
  if (route.size() == 1 && detail::is_report_route(resource)) {
    return detail::report_route(resource, request, store, now);
  }
  // ---- End of analysis and downloads.

  if (resource == "checkins" && route.size() == 1) {
    if (get) {
      auto checkins = store.checkins(journal::Query{});
      if (!checkins) return reply(store_failure(checkins.error()));
      json list = json::array();
      for (const auto& checkin : *checkins) list.push_back(checkin_json(checkin));
      return reply(kOk, {{"checkins", list}});
    }
    if (!post) return wrong_method("GET or POST");
    return with_body([&](const json& body) {
      auto built = checkin_from(body, now);
      if (auto* failure = std::get_if<Failure>(&built)) return reply(*failure);
      const auto& checkin = std::get<journal::CheckIn>(built);
      if (auto saved = store.add_checkin(checkin); !saved) return reply(store_failure(saved.error()));
      return reply(kCreated, checkin_json(checkin));
    });
  }

  if (resource == "checkins" && route.size() == 2) {
    const std::string checkin_id(route[1]);
    if (request.method == "DELETE") {
      if (auto deleted = store.delete_checkin(std::string(journal::kDefaultUser), checkin_id); !deleted) {
        return reply(store_failure(deleted.error(), "id"));
      }
      return reply(kNoContent, std::string());
    }
    if (request.method != "PUT") return wrong_method("PUT or DELETE");
    auto checkins = store.checkins(journal::Query{});
    if (!checkins) return reply(store_failure(checkins.error()));
    const auto original =
        std::find_if(checkins->begin(), checkins->end(),
                     [&](const journal::CheckIn& checkin) { return checkin.id == checkin_id; });
    if (original == checkins->end()) {
      return reply(Failure{kNotFound, "id", fmt::format("there is no check-in with id {}", checkin_id),
                           "GET /api/v1/checkins lists the stored ones"});
    }
    return with_body([&](const json& body) {
      // An edit keeps the entry's identity and the moment it was taken; only
      // the ratings and the note change.
      auto built = checkin_from(body, original->taken_at);
      if (auto* failure = std::get_if<Failure>(&built)) return reply(*failure);
      auto& checkin = std::get<journal::CheckIn>(built);
      checkin.id = original->id;
      checkin.user_id = original->user_id;
      if (auto saved = store.update_checkin(checkin); !saved) return reply(store_failure(saved.error()));
      return reply(kOk, checkin_json(checkin));
    });
  }

  if (resource == "history" && route.size() == 1) {
    if (!get) return wrong_method("GET");
    auto checkins = store.checkins(journal::Query{});
    if (!checkins) return reply(store_failure(checkins.error()));
    auto sessions = store.sessions(journal::Query{});
    if (!sessions) return reply(store_failure(sessions.error()));
    json days = json::array();
    for (const auto& day : journal::summarize_days(*checkins, *sessions)) {
      json pain = json::object();
      for (std::size_t i = 0; i < journal::kRegionCount; ++i) {
        if (day.pain[i])
          pain[std::string(journal::to_string(static_cast<journal::Region>(i)))] = *day.pain[i];
      }
      days.push_back({{"date", journal::to_date_text(day.date)},
                      {"pain", pain},
                      {"checkins", day.checkin_count},
                      {"sessions", day.session_count}});
    }
    json session_list = json::array();
    for (const auto& session : *sessions) session_list.push_back(session_json(session));
    auto voice_sessions = store.voice_sessions(std::string(journal::kDefaultUser), {});
    if (!voice_sessions) return reply(store_failure(voice_sessions.error()));
    return reply(kOk, {{"regions", std::vector<std::string>(journal::region_spellings().begin(),
                                                            journal::region_spellings().end())},
                       {"days", days},
                       {"sessions", session_list},
                       {"voice", voice_history_json(*voice_sessions)}});
  }

  if (resource == "plan" && route.size() == 1) {
    if (!get && !post) return wrong_method("GET (or POST {\"confirm_well\": true})");
    common::PlanRequest plan_request;
    if (const auto routine = request.query.find("routine"); routine != request.query.end()) {
      plan_request.routine_id = routine->second;
    }
    if (post) {
      auto parsed = parse_object(request.body);
      if (auto* failure = std::get_if<Failure>(&parsed)) return reply(*failure);
      const auto& body = std::get<json>(parsed);
      const auto it = body.find("confirm_well");
      if (it == body.end() || !it->is_boolean()) {
        return reply(Failure{kBadRequest, "confirm_well", "confirm_well must be true or false",
                             "send {\"confirm_well\": true}"});
      }
      plan_request.confirm_well = it->get<bool>();
    }
    auto today = common::plan_today(store, catalog_, plan_request, now);
    if (!today) return reply(store_failure(today.error(), "routine"));
    json body = common::plan_to_json(*today);
    body["confirmation"] = today->confirmation == common::WellConfirmation::kNoted       ? "noted"
                           : today->confirmation == common::WellConfirmation::kNotPaused ? "not-paused"
                                                                                         : "not-asked";
    return reply(kOk, body);
  }

  if (resource == "screen" && route.size() == 1) {
    if (get) {
      auto lookup = common::look_up_screen(store, common::local_day(now));
      if (!lookup) return reply(store_failure(lookup.error()));
      json questions = json::array();
      for (const auto& question : practice::screen_questions()) {
        questions.push_back(
            {{"id", question.id}, {"question", question.question}, {"advice", question.advice}});
      }
      const auto& report = lookup->report;
      return reply(kOk,
                   {{"status", practice::to_string(report.status)},
                    {"sentence", report.sentence},
                    {"allows_practice", report.allows_practice()},
                    {"valid_through",
                     report.valid_through
                         ? json(journal::to_date_text(std::chrono::year_month_day{*report.valid_through}))
                         : json(nullptr)},
                    {"blocking_ids", lookup->last ? json(lookup->last->blocking_ids) : json::array()},
                    {"question_set_version", practice::kScreenQuestionSetVersion},
                    {"questions", questions},
                    {"blocked_closing", practice::kScreenBlockedClosing}});
    }
    if (!post) return wrong_method("GET or POST");
    return with_body([&](const json& body) {
      const auto it = body.find("answers");
      if (it == body.end() || !it->is_object()) {
        return reply(Failure{kBadRequest, "answers",
                             "answers must be an object of question id: true or false",
                             "for example {\"answers\": {\"recent-surgery-or-injury\": false, ...}}"});
      }
      std::vector<practice::ScreenAnswer> answers;
      for (const auto& [id, value] : it->items()) {
        if (!value.is_boolean()) {
          return reply(Failure{kBadRequest, "answers." + id,
                               fmt::format("answers.{} must be true or false, got {}", id, value.dump()),
                               "true means yes, false means no"});
        }
        answers.push_back({id, value.get<bool>()});
      }
      const auto evaluation = practice::evaluate_screen(answers);
      if (!evaluation.diagnostics.empty() || !evaluation.result) {
        const auto first =
            evaluation.diagnostics.empty() ? practice::Diagnostic{} : evaluation.diagnostics.front();
        return reply(Failure{kUnprocessable, first.field, first.message, first.hint});
      }
      const auto screening = common::make_screening(answers, evaluation, now);
      if (auto saved = store.add_screening(screening); !saved) return reply(store_failure(saved.error()));
      const auto status =
          practice::screen_status(common::to_screen_record(screening), common::local_day(now));
      json advice = json::array();
      for (const auto& id : evaluation.blocking_ids) {
        const auto* question = practice::find_screen_question(id);
        advice.push_back({{"id", id}, {"question", question->question}, {"advice", question->advice}});
      }
      return reply(kCreated, {{"status", practice::to_string(status.status)},
                              {"sentence", status.sentence},
                              {"allows_practice", status.allows_practice()},
                              {"advice", advice}});
    });
  }

  if (resource == "stop-reasons" && route.size() == 1) {
    if (!get) return wrong_method("GET");
    json list = json::array();
    for (const auto& choice : practice::stop_choices()) {
      list.push_back({{"reason", choice.spelling}, {"label", choice.label}, {"advice", choice.advice}});
    }
    return reply(kOk, {{"reasons", list}});
  }

  if (resource == "sessions") {
    if (route.size() == 1) {
      if (get) {
        auto sessions = store.sessions(journal::Query{});
        if (!sessions) return reply(store_failure(sessions.error()));
        json list = json::array();
        for (const auto& session : *sessions) list.push_back(session_json(session));
        return reply(kOk, {{"sessions", list}});
      }
      if (!post) return wrong_method("GET or POST");
      return with_body([&](const json& body) {
        Fields fields{body, "", std::nullopt};
        const auto routine_id = fields.required_text("routine_id", common::kDefaultRoutineId);
        const auto pattern = fields.text("pattern");
        const auto stage = fields.integer("stage", 1, std::numeric_limits<int>::max());
        if (fields.failure) return reply(*fields.failure);
        if (auto failure = unknown_routine(catalog_, routine_id)) return reply(*failure);
        const auto& routine = *catalog_.find(routine_id);
        if (stage && *stage > routine.stage_count()) {
          return reply(
              Failure{kUnprocessable, "stage",
                      fmt::format("stage must be from 1 to {}, got {}", routine.stage_count(), *stage),
                      "GET /api/v1/plan gives today's stage"});
        }
        if (pattern && !practice::resolve_pattern(routine, *pattern)) {
          return reply(Failure{kUnprocessable, "pattern",
                               fmt::format("unknown breath pattern '{}'", *pattern),
                               "GET /api/v1/patterns lists them"});
        }
        if (routine.is_intra_oral()) {
          auto lookup = common::look_up_screen(store, common::local_day(now));
          if (!lookup) return reply(store_failure(lookup.error()));
          if (!lookup->report.allows_practice()) {
            return reply(Failure{kConflict, "screen", lookup->report.sentence,
                                 "take the safety screen first (POST /api/v1/screen)"});
          }
        }
        journal::SessionRecord session;
        session.id = journal::new_record_id();
        session.routine_id = routine.id;
        session.routine_version = routine.version;
        session.pattern = pattern.value_or(routine.default_pattern);
        session.stage = stage.value_or(1);
        session.started_at = now;
        if (auto saved = store.begin_session(session); !saved) return reply(store_failure(saved.error()));
        return reply(kCreated, session_json(session));
      });
    }
    // /sessions/{id}/...
    const std::string session_id(route[1]);
    auto sessions = store.sessions(journal::Query{});
    if (!sessions) return reply(store_failure(sessions.error()));
    const auto found =
        std::find_if(sessions->begin(), sessions->end(), [&](const auto& s) { return s.id == session_id; });
    if (found == sessions->end()) {
      return reply(Failure{kNotFound, "session", fmt::format("no session has the id '{}'", session_id),
                           "start one with POST /api/v1/sessions"});
    }
    if (route.size() == 2) {
      if (!get) return wrong_method("GET");
      auto steps = store.step_results(session_id);
      if (!steps) return reply(store_failure(steps.error()));
      json body = session_json(*found);
      json list = json::array();
      for (const auto& step : *steps) {
        json sensations = json::array();
        for (const auto sensation : step.sensations) sensations.push_back(practice::to_string(sensation));
        list.push_back({{"step_id", step.step_id},
                        {"index", step.index},
                        {"planned_seconds", step.planned_seconds},
                        {"actual_seconds", step.actual_seconds},
                        {"pain", step.pain ? json(*step.pain) : json(nullptr)},
                        {"sensations", sensations},
                        {"note", step.note},
                        {"hold_seconds", step.hold_seconds}});
      }
      body["steps"] = list;
      return reply(kOk, body);
    }
    // PUT /sessions/{id}/steps/{index}: the rating of a committed step, given
    // after the session (once the hands are free), so it is allowed after the end.
    if (route.size() == 4 && route[2] == "steps") {
      if (request.method != "PUT") return wrong_method("PUT");
      int index = -1;
      const auto text = route[3];
      const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), index);
      if (error != std::errc{} || end != text.data() + text.size() || index < 0) {
        return reply(Failure{kBadRequest, "index",
                             fmt::format("the step index must be a whole number, got '{}'", text),
                             "use the index the step was committed with"});
      }
      return with_body([&](const json& body) {
        Fields fields{body, "", std::nullopt};
        const auto pain = fields.integer("pain", journal::kMinRating, journal::kMaxRating);
        if (fields.failure) return reply(*fields.failure);
        std::vector<practice::Sensation> sensations;
        if (auto failure = read_sensations(body, sensations)) return reply(*failure);
        if (auto saved = store.rate_step(session_id, index, pain, sensations); !saved) {
          return reply(store_failure(saved.error(), "index"));
        }
        return reply(
            kOk,
            {{"session_id", session_id}, {"index", index}, {"pain", pain ? json(*pain) : json(nullptr)}});
      });
    }
    if (route.size() != 3) return not_found();
    if (!post) return wrong_method("POST");
    if (found->outcome) {
      return reply(Failure{
          kConflict, "session",
          fmt::format("session '{}' has already ended ({})", session_id, journal::to_string(*found->outcome)),
          "start a new session with POST /api/v1/sessions"});
    }
    const auto action = route[2];
    if (action == "steps") {
      return with_body([&](const json& body) {
        constexpr double kMaxStepSeconds = 24.0 * 60.0 * 60.0;
        constexpr int kMaxCount = 1000;
        Fields fields{body, "", std::nullopt};
        journal::StepResult step;
        step.session_id = session_id;
        step.step_id = fields.required_text("step_id", "thumb-behind-uvula");
        step.index = fields.integer("index", 0, kMaxCount).value_or(0);
        step.planned_seconds = fields.number("planned_seconds", 0, kMaxStepSeconds).value_or(0);
        step.actual_seconds = fields.number("actual_seconds", 0, kMaxStepSeconds).value_or(0);
        step.pain = fields.integer("pain", journal::kMinRating, journal::kMaxRating);
        step.note = fields.text("note").value_or("");
        step.swallow_count = fields.integer("swallow_count", 0, kMaxCount).value_or(0);
        step.gag_count = fields.integer("gag_count", 0, kMaxCount).value_or(0);
        step.hold_seconds = fields.number("hold_seconds", 0, kMaxStepSeconds).value_or(0);
        if (fields.failure) return reply(*fields.failure);
        if (auto failure = read_sensations(body, step.sensations)) return reply(*failure);
        if (auto saved = store.add_step_result(step); !saved) return reply(store_failure(saved.error()));
        return reply(kCreated,
                     {{"session_id", session_id}, {"step_id", step.step_id}, {"index", step.index}});
      });
    }
    if (action == "stop") {
      return with_body([&](const json& body) {
        Fields fields{body, "", std::nullopt};
        const auto reason = fields.required_text("reason", "dizziness");
        const auto text = fields.text("text").value_or("");
        if (fields.failure) return reply(*fields.failure);
        const auto* choice = practice::find_stop_choice(reason);
        if (choice == nullptr) {
          std::string known;
          for (const auto& c : practice::stop_choices())
            known += (known.empty() ? "" : ", ") + std::string(c.spelling);
          return reply(Failure{kUnprocessable, "reason", fmt::format("unknown stop reason '{}'", reason),
                               "use one of " + known});
        }
        auto stop_reason = journal::parse_stop_reason(reason, text);
        if (!stop_reason) {
          return reply(Failure{kUnprocessable, "text", "a stop reason of 'other' needs a few words in text",
                               "add \"text\": \"what happened\""});
        }
        if (auto saved = store.end_session(session_id, now, journal::SessionOutcome::kStopped, stop_reason);
            !saved) {
          return reply(store_failure(saved.error()));
        }
        return reply(kOk, {{"id", session_id}, {"outcome", "stopped"}, {"advice", choice->advice}});
      });
    }
    if (action == "finish") {
      if (auto saved = store.end_session(session_id, now, journal::SessionOutcome::kCompleted, std::nullopt);
          !saved) {
        return reply(store_failure(saved.error()));
      }
      return reply(kOk, {{"id", session_id}, {"outcome", "completed"}});
    }
    return not_found();
  }
  return not_found();
}

}  // namespace velum::server
