#pragma once
// The API's routes, one file per resource under server/routes/: each function
// adds its resource's routes to the table. A route's path names its file
// (/api/v1/checkins... in checkins.cpp, /api/v1/voice/... in voice.cpp).

#include "server/route_table.hpp"
#include "server/routes/shared.hpp"

namespace velum::server {
class PairingDesk;
}

namespace velum::server::routes {

// GET /health.
void add_health_routes(RouteTable& table, const RouteContext& context);
// GET /routines, /routines/{id}, /routines/{id}/timeline, /patterns.
void add_routine_routes(RouteTable& table, const RouteContext& context);
// GET, POST /checkins; PUT, DELETE /checkins/{id}.
void add_checkin_routes(RouteTable& table, const RouteContext& context);
// GET, POST /sessions; GET /sessions/{id}; POST /sessions/{id}/steps, /stop,
// /finish; PUT /sessions/{id}/steps/{index}; GET /stop-reasons.
void add_session_routes(RouteTable& table, const RouteContext& context);
// GET, POST /screen.
void add_screen_routes(RouteTable& table, const RouteContext& context);
// GET, POST /plan.
void add_plan_routes(RouteTable& table, const RouteContext& context);
// POST /voice/analyze, /voice/range; GET /voice/sessions; DELETE /voice/sessions/{id}.
void add_voice_routes(RouteTable& table, const RouteContext& context);
// GET /history.
void add_history_routes(RouteTable& table, const RouteContext& context);
// GET /stats, /report, /export, /reminders.ics.
void add_report_routes(RouteTable& table, const RouteContext& context);
// POST /pairing (a code for a device cookie), GET /access; from this computer
// only: GET /pairing, POST /pairing/code, GET /pairing/qr.svg, GET /devices,
// DELETE /devices/{id}.
void add_pairing_routes(RouteTable& table, PairingDesk& desk);

}  // namespace velum::server::routes
