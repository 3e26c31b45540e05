// Practice sessions: GET and POST /api/v1/sessions, GET /sessions/{id}, the
// steps, stop and finish of a running session, the rating of a step given
// afterwards, and GET /stop-reasons (the choices a stop offers).

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <limits>
#include <system_error>

#include "common/plan.hpp"
#include "common/session_start.hpp"
#include "practice/safety.hpp"
#include "server/routes/routes.hpp"

namespace velum::server::routes {
namespace {

// Sensations as spellings from the vocabulary; anything else is a Failure.
std::optional<Failure> read_sensations(const json& body, std::vector<practice::Sensation>& into) {
  const auto it = body.find("sensations");
  if (it == body.end() || it->is_null()) return std::nullopt;
  if (!it->is_array()) {
    return Failure{kBadRequest, "sensations",
                   fmt::format("sensations must be a list, got {}", shown_json(*it)),
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
                     fmt::format("{} is not a known sensation: {}", field, shown_json(item)),
                     "use one of " + known};
    }
    into.push_back(*sensation);
  }
  return std::nullopt;
}

// The stored session with `id`, or a 404 naming it.
std::variant<journal::SessionRecord, Failure> find_session(journal::Store& store, const std::string& id) {
  auto sessions = store.sessions(journal::Query{});
  if (!sessions) return store_failure(sessions.error());
  const auto found =
      std::find_if(sessions->begin(), sessions->end(), [&](const auto& s) { return s.id == id; });
  if (found == sessions->end()) {
    return Failure{kNotFound, "session", fmt::format("no session has the id '{}'", shown(id)),
                   "start one with POST /api/v1/sessions"};
  }
  return *found;
}

// The session with `id` when it is still running; else a 404 or 409.
std::variant<journal::SessionRecord, Failure> find_running_session(journal::Store& store,
                                                                   const std::string& id) {
  auto found = find_session(store, id);
  if (auto* session = std::get_if<journal::SessionRecord>(&found); session && session->outcome) {
    return Failure{
        kConflict, "session",
        fmt::format("session '{}' has already ended ({})", id, journal::to_string(*session->outcome)),
        "start a new session with POST /api/v1/sessions"};
  }
  return found;
}

ApiResponse list_sessions(Journal& journal, const ApiRequest& request) {
  auto query = page_query(request);
  if (auto* failure = std::get_if<Failure>(&query)) return reply(*failure);
  auto held = journal.hold();
  auto page = held.store.sessions_page(std::get<journal::PageQuery>(query));
  if (!page) return reply(store_failure(page.error()));
  json list = json::array();
  for (const auto& session : page->records) list.push_back(session_json(session));
  return reply(kOk, {{"sessions", list}, {"next_cursor", next_cursor(page->next)}});
}

constexpr int kForbidden = 403;

// A start the use-case layer refused: 403 when only a clinician's word lifts it
// (a "yes" on the screen), else 409; the error names the reason and the unblock.
ApiResponse refused(const common::StartRefusal& refusal) {
  const bool screen = refusal.reason != common::StartBlock::kPlanPaused;
  const int status = refusal.reason == common::StartBlock::kScreenBlocked ? kForbidden : kConflict;
  json body = json::parse(error_body(screen ? "screen" : "plan", refusal.message, refusal.advice));
  body["error"]["reason"] = common::to_string(refusal.reason);
  body["error"]["unblock"] = common::to_string(refusal.unblock);
  return reply(status, body);
}

ApiResponse start_session(const RouteContext& context, const ApiRequest& request) {
  const auto& catalog = context.catalog;
  auto held = context.journal.hold();
  return with_object(request, [&](const json& body) {
    Fields fields{body, "", std::nullopt};
    const auto routine_id = fields.required_text("routine_id", common::kDefaultRoutineId);
    const auto pattern = fields.text("pattern");
    const auto stage = fields.integer("stage", 1, std::numeric_limits<int>::max());
    if (fields.failure) return reply(*fields.failure);
    if (auto failure = unknown_routine(catalog, routine_id)) return reply(*failure);
    const auto& routine = *catalog.find(routine_id);
    if (stage && *stage > routine.stage_count()) {
      return reply(Failure{kUnprocessable, "stage",
                           fmt::format("stage must be from 1 to {}, got {}", routine.stage_count(), *stage),
                           "GET /api/v1/plan gives today's stage"});
    }
    if (pattern && !practice::resolve_pattern(routine, *pattern)) {
      return reply(Failure{kUnprocessable, "pattern",
                           fmt::format("unknown breath pattern '{}'", shown(*pattern)),
                           "GET /api/v1/patterns lists them"});
    }
    // The same decision velum session makes (a paused plan, the screen).
    auto decision =
        common::decide_start(held.store, catalog, common::PlanRequest{routine.id, false}, held.now);
    if (!decision) return reply(store_failure(decision.error(), "routine_id"));
    if (decision->refusal) return refused(*decision->refusal);
    journal::SessionRecord session;
    session.id = journal::new_record_id();
    session.routine_id = routine.id;
    session.routine_version = routine.version;
    session.pattern = pattern.value_or(routine.default_pattern);
    session.stage = stage.value_or(decision->today.plan.stage);
    session.started_at = held.now;
    if (auto saved = held.store.begin_session(session); !saved) return reply(store_failure(saved.error()));
    return reply(kCreated, session_json(session));
  });
}

ApiResponse show_session(Journal& journal, const std::string& session_id) {
  auto held = journal.hold();
  auto found = find_session(held.store, session_id);
  if (auto* failure = std::get_if<Failure>(&found)) return reply(*failure);
  auto steps = held.store.step_results(session_id);
  if (!steps) return reply(store_failure(steps.error()));
  json body = session_json(std::get<journal::SessionRecord>(found));
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

ApiResponse add_step(Journal& journal, const RouteCall& call) {
  const auto& session_id = call.parameter("id");
  auto held = journal.hold();
  auto found = find_running_session(held.store, session_id);
  if (auto* failure = std::get_if<Failure>(&found)) return reply(*failure);
  return with_object(call.request, [&](const json& body) {
    constexpr double kMaxStepSeconds = 24.0 * 60.0 * 60.0;
    constexpr int kMaxCount = 1000;
    Fields fields{body, "", std::nullopt};
    journal::StepResult step;
    step.session_id = session_id;
    step.step_id = fields.required_text("step_id", "thumb-behind-uvula");
    step.index = fields.required_integer("index", 0, kMaxCount);
    step.planned_seconds = fields.number("planned_seconds", 0, kMaxStepSeconds).value_or(0);
    step.actual_seconds = fields.number("actual_seconds", 0, kMaxStepSeconds).value_or(0);
    step.pain = fields.integer("pain", journal::kMinRating, journal::kMaxRating);
    step.note = fields.text("note").value_or("");
    step.swallow_count = fields.integer("swallow_count", 0, kMaxCount).value_or(0);
    step.gag_count = fields.integer("gag_count", 0, kMaxCount).value_or(0);
    step.hold_seconds = fields.number("hold_seconds", 0, kMaxStepSeconds).value_or(0);
    if (fields.failure) return reply(*fields.failure);
    if (auto failure = read_sensations(body, step.sensations)) return reply(*failure);
    if (auto saved = held.store.add_step_result(step); !saved) return reply(store_failure(saved.error()));
    return reply(kCreated, {{"session_id", session_id}, {"step_id", step.step_id}, {"index", step.index}});
  });
}

// The rating of a committed step, given after the session (once the hands
// are free), so it is allowed after the end.
ApiResponse rate_step(Journal& journal, const RouteCall& call) {
  const auto& session_id = call.parameter("id");
  auto held = journal.hold();
  auto found = find_session(held.store, session_id);
  if (auto* failure = std::get_if<Failure>(&found)) return reply(*failure);
  int index = -1;
  const std::string_view text = call.parameter("index");
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), index);
  if (error != std::errc{} || end != text.data() + text.size() || index < 0) {
    return reply(Failure{kBadRequest, "index",
                         fmt::format("the step index must be a whole number, got '{}'", shown(text)),
                         "use the index the step was committed with"});
  }
  return with_object(call.request, [&](const json& body) {
    Fields fields{body, "", std::nullopt};
    const auto pain = fields.integer("pain", journal::kMinRating, journal::kMaxRating);
    if (fields.failure) return reply(*fields.failure);
    std::vector<practice::Sensation> sensations;
    if (auto failure = read_sensations(body, sensations)) return reply(*failure);
    if (auto saved = held.store.rate_step(session_id, index, pain, sensations); !saved) {
      return reply(store_failure(saved.error(), "index"));
    }
    return reply(
        kOk, {{"session_id", session_id}, {"index", index}, {"pain", pain ? json(*pain) : json(nullptr)}});
  });
}

ApiResponse stop_session(Journal& journal, const RouteCall& call) {
  const auto& session_id = call.parameter("id");
  auto held = journal.hold();
  auto found = find_running_session(held.store, session_id);
  if (auto* failure = std::get_if<Failure>(&found)) return reply(*failure);
  return with_object(call.request, [&](const json& body) {
    Fields fields{body, "", std::nullopt};
    const auto reason = fields.required_text("reason", "dizziness");
    const auto text = fields.text("text").value_or("");
    if (fields.failure) return reply(*fields.failure);
    const auto* choice = practice::find_stop_choice(reason);
    if (choice == nullptr) {
      std::string known;
      for (const auto& c : practice::stop_choices())
        known += (known.empty() ? "" : ", ") + std::string(c.spelling);
      return reply(Failure{kUnprocessable, "reason", fmt::format("unknown stop reason '{}'", shown(reason)),
                           "use one of " + known});
    }
    auto stop_reason = journal::parse_stop_reason(reason, text);
    const bool blank = text.find_first_not_of(" \t\r\n") == std::string::npos;
    if (!stop_reason || (reason == journal::kOtherStopReason && blank)) {
      return reply(Failure{kUnprocessable, "text", "a stop reason of 'other' needs a few words in text",
                           "add \"text\": \"what happened\""});
    }
    if (auto saved =
            held.store.end_session(session_id, held.now, journal::SessionOutcome::kStopped, stop_reason);
        !saved) {
      return reply(store_failure(saved.error()));
    }
    return reply(kOk, {{"id", session_id}, {"outcome", "stopped"}, {"advice", choice->advice}});
  });
}

ApiResponse finish_session(Journal& journal, const RouteCall& call) {
  const auto& session_id = call.parameter("id");
  auto held = journal.hold();
  auto found = find_running_session(held.store, session_id);
  if (auto* failure = std::get_if<Failure>(&found)) return reply(*failure);
  // The body is optional ({} or none), but a body that is not a JSON object is refused.
  if (!call.request.body.empty()) {
    auto parsed = parse_object(call.request.body);
    if (auto* failure = std::get_if<Failure>(&parsed)) return reply(*failure);
  }
  if (auto saved =
          held.store.end_session(session_id, held.now, journal::SessionOutcome::kCompleted, std::nullopt);
      !saved) {
    return reply(store_failure(saved.error()));
  }
  return reply(kOk, {{"id", session_id}, {"outcome", "completed"}});
}

}  // namespace

void add_session_routes(RouteTable& table, const RouteContext& context) {
  auto& journal = context.journal;
  table.add("GET", "/api/v1/sessions",
            [&journal](const RouteCall& call) { return list_sessions(journal, call.request); });
  table.add("POST", "/api/v1/sessions",
            [context](const RouteCall& call) { return start_session(context, call.request); });
  table.add("GET", "/api/v1/sessions/{id}",
            [&journal](const RouteCall& call) { return show_session(journal, call.parameter("id")); });
  table.add("POST", "/api/v1/sessions/{id}/steps",
            [&journal](const RouteCall& call) { return add_step(journal, call); });
  table.add("PUT", "/api/v1/sessions/{id}/steps/{index}",
            [&journal](const RouteCall& call) { return rate_step(journal, call); });
  table.add("POST", "/api/v1/sessions/{id}/stop",
            [&journal](const RouteCall& call) { return stop_session(journal, call); });
  table.add("POST", "/api/v1/sessions/{id}/finish",
            [&journal](const RouteCall& call) { return finish_session(journal, call); });

  table.add("GET", "/api/v1/stop-reasons", [](const RouteCall&) {
    json list = json::array();
    for (const auto& choice : practice::stop_choices()) {
      list.push_back({{"reason", choice.spelling}, {"label", choice.label}, {"advice", choice.advice}});
    }
    return reply(kOk, {{"reasons", list}});
  });
}

}  // namespace velum::server::routes
