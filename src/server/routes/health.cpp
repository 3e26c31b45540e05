// GET /api/v1/health: whether the server answers, its version and how many
// routines it loaded.

#include "server/routes/routes.hpp"

namespace velum::server::routes {

void add_health_routes(RouteTable& table, const RouteContext& context) {
  const auto& catalog = context.catalog;
  table.add("GET", "/api/v1/health", [&catalog](const RouteCall&) {
    return reply(kOk, {{"status", "ok"}, {"version", VELUM_VERSION}, {"routines", catalog.routines.size()}});
  });
}

}  // namespace velum::server::routes
