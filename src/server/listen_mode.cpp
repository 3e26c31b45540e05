// Which mode `velum serve` runs in, from its options (server/server.hpp).

#include "server/network.hpp"
#include "server/server.hpp"

namespace velum::server {

bool listens_on_network(const ServerOptions& options) {
  return options.lan || !is_loopback_listen_address(options.host);
}

bool serves_tls(const ServerOptions& options) {
  return listens_on_network(options) || options.tls_certificate.has_value();
}

}  // namespace velum::server
