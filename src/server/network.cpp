#include "server/network.hpp"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace velum::server {
namespace {

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

bool is_loopback_peer(std::string_view address) {
  return address == "127.0.0.1" || address == "::1" || equals_ignoring_case(address, "::ffff:127.0.0.1");
}

}  // namespace

bool is_loopback_listen_address(std::string_view host) {
  return host == "127.0.0.1" || host == "::1" || host == "[::1]" || equals_ignoring_case(host, "localhost");
}

bool is_loopback_request(std::string_view peer_address, std::string_view local_address) {
  return is_loopback_peer(peer_address) && is_loopback_peer(local_address);
}

bool is_wildcard_address(std::string_view host) {
  return host == "0.0.0.0" || host == "::" || host == "[::]";
}

std::vector<std::string> machine_addresses() {
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return {};
  std::vector<std::string> v4;
  std::vector<std::string> v6;
  for (const ifaddrs* entry = list; entry != nullptr; entry = entry->ifa_next) {
    if (entry->ifa_addr == nullptr) continue;
    std::array<char, INET6_ADDRSTRLEN> text{};
    if (entry->ifa_addr->sa_family == AF_INET) {
      const auto* address = reinterpret_cast<const sockaddr_in*>(entry->ifa_addr);
      if ((ntohl(address->sin_addr.s_addr) >> 24) == 127) continue;
      if (inet_ntop(AF_INET, &address->sin_addr, text.data(), text.size()) != nullptr)
        v4.emplace_back(text.data());
    } else if (entry->ifa_addr->sa_family == AF_INET6) {
      const auto* address = reinterpret_cast<const sockaddr_in6*>(entry->ifa_addr);
      if (IN6_IS_ADDR_LOOPBACK(&address->sin6_addr) || IN6_IS_ADDR_LINKLOCAL(&address->sin6_addr)) continue;
      if (inet_ntop(AF_INET6, &address->sin6_addr, text.data(), text.size()) != nullptr)
        v6.emplace_back(text.data());
    }
  }
  freeifaddrs(list);
  for (auto& address : v6) v4.push_back(std::move(address));
  v4.erase(std::unique(v4.begin(), v4.end()), v4.end());
  return v4;
}

std::string machine_hostname() {
  std::array<char, 256> name{};
  if (gethostname(name.data(), name.size() - 1) != 0) return {};
  return name.data();
}

std::string url_host(std::string_view address) {
  if (address.find(':') != std::string_view::npos && address.front() != '[') {
    return "[" + std::string(address) + "]";
  }
  return std::string(address);
}

}  // namespace velum::server
