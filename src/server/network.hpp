#pragma once
// Where `velum serve` listens and who is asking: loopback or the network, the
// machine's own names and addresses (for the pairing URL and the certificate).

#include <string>
#include <string_view>
#include <vector>

namespace velum::server {

// True for the listen addresses that reach this machine only: "127.0.0.1",
// "::1", "[::1]" and "localhost" (case-insensitive). Every other address, other
// 127.x.y.z addresses included, is treated as a network address.
bool is_loopback_listen_address(std::string_view host);

// True when a request came from this machine to a loopback listen address:
// the peer is 127.0.0.1 or ::1 (or ::ffff:127.0.0.1) and the address it
// connected to is one of those too. A request from this machine to its network
// address, or to another 127.x.y.z address, is a network request.
bool is_loopback_request(std::string_view peer_address, std::string_view local_address);

// True for "0.0.0.0" and "::": every address of the machine.
bool is_wildcard_address(std::string_view host);

// The machine's non-loopback interface addresses, IPv4 first, as text
// (getifaddrs); IPv6 link-local addresses are left out (a browser cannot use
// them in a URL without a zone). Thread-safe.
std::vector<std::string> machine_addresses();

// The machine's host name (gethostname), or "" when it has none.
std::string machine_hostname();

// The host part of a URL for an address: IPv6 in brackets.
std::string url_host(std::string_view address);

}  // namespace velum::server
