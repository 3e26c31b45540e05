#include "server/pairing_banner.hpp"

#include <fmt/format.h>

#include "server/pairing.hpp"

namespace velum::server {
namespace {

std::string lifetime_text(std::chrono::seconds lifetime) {
  if (lifetime.count() % 60 == 0) {
    const auto minutes = lifetime.count() / 60;
    return fmt::format("{} minute{}", minutes, minutes == 1 ? "" : "s");
  }
  return fmt::format("{} second{}", lifetime.count(), lifetime.count() == 1 ? "" : "s");
}

}  // namespace

std::string pairing_url(std::string_view base_url, std::string_view code) {
  return fmt::format("{}#/pair?code={}", base_url, display_code(code));
}

std::string pairing_banner(std::string_view base_url, std::string_view code, std::chrono::seconds lifetime,
                           std::string_view fingerprint, bool self_signed, TerminalColours colours) {
  const auto url = pairing_url(base_url, code);
  std::string text;
  text += "Pair a phone: scan this QR code with its camera, or open the link on it.\n";
  if (const auto matrix = encode_qr(url)) text += qr_to_terminal(*matrix, colours);
  text += fmt::format("  {}\n", url);
  text +=
      fmt::format("  pairing code {} (works once, for {})\n", display_code(code), lifetime_text(lifetime));
  if (!fingerprint.empty() && self_signed) {
    text += "The phone will warn that the certificate is not trusted: velum made it itself.\n";
    text += "Accept it only if the SHA-256 fingerprint the phone shows is this one:\n";
  } else if (!fingerprint.empty()) {
    text += "The certificate's SHA-256 fingerprint:\n";
  }
  if (!fingerprint.empty()) text += fmt::format("  {}\n", fingerprint);
  text += "Paired devices: `velum devices`; end one with `velum devices revoke ID`.\n";
  return text;
}

}  // namespace velum::server
