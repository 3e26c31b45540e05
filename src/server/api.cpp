#include "server/api.hpp"

#include "server/routes/routes.hpp"

namespace velum::server {

Api::Api(std::unique_ptr<journal::Store> store, practice::Catalog catalog, journal::Clock clock,
         PairingDesk* pairing)
    : journal_(std::make_unique<routes::Journal>()), catalog_(std::move(catalog)) {
  journal_->store = std::move(store);
  journal_->clock = std::move(clock);
  const routes::RouteContext context{*journal_, catalog_};
  routes::add_health_routes(table_, context);
  routes::add_routine_routes(table_, context);
  routes::add_checkin_routes(table_, context);
  routes::add_session_routes(table_, context);
  routes::add_screen_routes(table_, context);
  routes::add_plan_routes(table_, context);
  routes::add_voice_routes(table_, context);
  routes::add_history_routes(table_, context);
  routes::add_report_routes(table_, context);
  if (pairing != nullptr) routes::add_pairing_routes(table_, *pairing);
}

Api::~Api() = default;

ApiResponse Api::handle(const ApiRequest& request) const { return table_.dispatch(request); }

}  // namespace velum::server
