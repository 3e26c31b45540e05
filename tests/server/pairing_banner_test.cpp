// What `velum serve` prints for pairing a phone: the link with the code in its
// fragment, the code and how long it lasts, the QR code, the fingerprint.

#include "server/pairing_banner.hpp"

#include <gtest/gtest.h>

namespace velum::server {
namespace {

using namespace std::chrono_literals;

const std::string kFingerprint =
    "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89";

TEST(PairingBanner, TheCodeTravelsInTheFragmentOfTheLink) {
  EXPECT_EQ(pairing_url("https://192.168.1.5:8737/", "7K3MQ9TX"),
            "https://192.168.1.5:8737/#/pair?code=7K3M-Q9TX");
}

TEST(PairingBanner, ShowsLinkCodeLifetimeQrAndFingerprint) {
  const auto text = pairing_banner("https://192.168.1.5:8737/", "7K3MQ9TX", 10min, kFingerprint, true,
                                   TerminalColours::kNone);
  EXPECT_NE(text.find("  https://192.168.1.5:8737/#/pair?code=7K3M-Q9TX\n"), std::string::npos) << text;
  EXPECT_NE(text.find("pairing code 7K3M-Q9TX (works once, for 10 minutes)"), std::string::npos) << text;
  EXPECT_NE(text.find("\u2588\u2588\u2588\u2588"), std::string::npos) << "no QR code drawn";
  EXPECT_NE(text.find("velum made it itself"), std::string::npos);
  EXPECT_NE(text.find("  " + kFingerprint + "\n"), std::string::npos);
  EXPECT_NE(text.find("velum devices revoke ID"), std::string::npos);
}

TEST(PairingBanner, APersonsOwnCertificateGetsNoUntrustedWarning) {
  const auto text = pairing_banner("https://studio.example:8737/", "7K3MQ9TX", 90s, kFingerprint, false,
                                   TerminalColours::kNone);
  EXPECT_EQ(text.find("not trusted"), std::string::npos) << text;
  EXPECT_NE(text.find(kFingerprint), std::string::npos);
  EXPECT_NE(text.find("for 90 seconds"), std::string::npos) << text;
}

}  // namespace
}  // namespace velum::server
