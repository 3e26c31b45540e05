#pragma once
// The JSON API (/api/v1/...): a route table over one journal and one routine
// catalog, as a plain function from a request value to a response value.

#include <memory>
#include <string>
#include <vector>

#include "journal/store.hpp"
#include "practice/loader.hpp"
#include "server/request.hpp"
#include "server/route_table.hpp"

namespace velum::server {

class PairingDesk;

namespace routes {
struct Journal;
}

// The route table of /api/v1/ over one journal and one routine catalog
// (the routes live one file per resource in server/routes/). Thread-safe: any
// number of server threads may call handle(); journal access is serialised by
// a mutex, so a write in flight always finishes before the next begins.
class Api {
 public:
  // `pairing`, when given, adds the pairing and devices routes
  // (server/pairing_desk.hpp); it must outlive the Api.
  Api(std::unique_ptr<journal::Store> store, practice::Catalog catalog, journal::Clock clock,
      PairingDesk* pairing = nullptr);
  ~Api();
  Api(const Api&) = delete;
  Api& operator=(const Api&) = delete;

  // Answers a request whose path starts with /api/ (404 for unknown routes,
  // 405 naming the allowed methods for a known path).
  ApiResponse handle(const ApiRequest& request) const;
  // Every route as "GET /api/v1/health", in the table's order.
  std::vector<std::string> routes() const { return table_.list(); }

 private:
  std::unique_ptr<routes::Journal> journal_;
  const practice::Catalog catalog_;
  RouteTable table_;
};

}  // namespace velum::server
