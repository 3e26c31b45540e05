// Today's plan: GET /api/v1/plan (which routine, stage and why, and the
// use-case layer's answer to "may a session start now?") and POST /plan
// {"confirm_well": true} (the person feels well again after stops).

#include "common/plan.hpp"
#include "common/session_start.hpp"
#include "server/routes/routes.hpp"

namespace velum::server::routes {
namespace {

ApiResponse plan_today(const RouteContext& context, const ApiRequest& request,
                       common::PlanRequest plan_request) {
  if (const auto routine = request.query.find("routine"); routine != request.query.end()) {
    plan_request.routine_id = routine->second;
  }
  auto held = context.journal.hold();
  auto decision = common::decide_start(held.store, context.catalog, plan_request, held.now);
  if (!decision) return reply(store_failure(decision.error(), "routine"));
  const common::TodayPlan* today = &decision->today;
  json body = common::plan_to_json(*today);
  body["start"] = common::start_to_json(*decision);
  body["confirmation"] = today->confirmation == common::WellConfirmation::kNoted       ? "noted"
                         : today->confirmation == common::WellConfirmation::kNotPaused ? "not-paused"
                                                                                       : "not-asked";
  return reply(kOk, body);
}

}  // namespace

void add_plan_routes(RouteTable& table, const RouteContext& context) {
  table.add("GET", "/api/v1/plan",
            [context](const RouteCall& call) { return plan_today(context, call.request, {}); });
  table.add("POST", "/api/v1/plan", [context](const RouteCall& call) {
    return with_object(call.request, [&](const json& body) {
      const auto it = body.find("confirm_well");
      if (it == body.end() || !it->is_boolean()) {
        return reply(Failure{kBadRequest, "confirm_well", "confirm_well must be true or false",
                             "send {\"confirm_well\": true}"});
      }
      common::PlanRequest plan_request;
      plan_request.confirm_well = it->get<bool>();
      return plan_today(context, call.request, plan_request);
    });
  });
}

}  // namespace velum::server::routes
