#pragma once
// What `velum serve` on the network prints for pairing a phone: the pairing
// link, its code, the QR code of the link, and the certificate's fingerprint.

#include <chrono>
#include <string>
#include <string_view>

#include "server/qr.hpp"

namespace velum::server {

// The link a phone opens: the code travels in the fragment (#/pair?code=...),
// which a browser never sends to a server or in a Referer.
// `base_url` is "https://HOST:PORT/".
std::string pairing_url(std::string_view base_url, std::string_view code);

// The lines printed beside the QR code. `fingerprint` is the certificate's
// SHA-256 fingerprint (empty without TLS); `self_signed` adds the warning the
// phone will show and how to judge it.
// `lifetime` is how long the code stays usable. Pure; thread-safe.
std::string pairing_banner(std::string_view base_url, std::string_view code, std::chrono::seconds lifetime,
                           std::string_view fingerprint, bool self_signed, TerminalColours colours);

}  // namespace velum::server
