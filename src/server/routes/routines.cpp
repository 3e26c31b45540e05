// The routine catalog: GET /api/v1/routines, /routines/{id},
// /routines/{id}/timeline (the compiled timeline a page plays) and /patterns.

#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "common/timeline_json.hpp"
#include "practice/timeline.hpp"
#include "server/routes/routes.hpp"

namespace velum::server::routes {
namespace {

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

}  // namespace

void add_routine_routes(RouteTable& table, const RouteContext& context) {
  const auto& catalog = context.catalog;
  // Serialized once: the catalog does not change while serving, and building
  // the list was most of that route's cost.
  json list = json::array();
  for (const auto& routine : catalog.routines) list.push_back(routine_summary(routine));
  table.add("GET", "/api/v1/routines",
            [body = json{{"routines", list}}.dump()](const RouteCall&) { return reply(kOk, body); });

  table.add("GET", "/api/v1/routines/{id}", [&catalog](const RouteCall& call) {
    if (auto failure = unknown_routine(catalog, call.parameter("id"))) return reply(*failure);
    return reply(kOk, routine_detail(*catalog.find(call.parameter("id"))));
  });

  table.add("GET", "/api/v1/routines/{id}/timeline", [&catalog](const RouteCall& call) {
    if (auto failure = unknown_routine(catalog, call.parameter("id"))) return reply(*failure);
    const auto& routine = *catalog.find(call.parameter("id"));
    const auto& request = call.request;
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
  });

  table.add("GET", "/api/v1/patterns", [](const RouteCall&) {
    json patterns = json::array();
    for (const auto& pattern : practice::preset_patterns()) patterns.push_back(pattern_json(pattern));
    return reply(kOk, {{"patterns", patterns}});
  });
}

}  // namespace velum::server::routes
