// The pairing code's rules on a stepped clock: once only, ten minutes, five
// tries a minute per address, dead after ten wrong tries; tokens and names.

#include "server/pairing.hpp"

#include <gtest/gtest.h>

#include <set>

namespace velum::server {
namespace {

using namespace std::chrono_literals;

// A clock the test moves by hand.
struct StepClock {
  std::chrono::steady_clock::time_point now{std::chrono::steady_clock::time_point{} + 1000h};
  SteadyClock seam() {
    return [this] { return now; };
  }
};

std::string wrong_code_for(const std::string& right) {
  std::string wrong = right;
  wrong[0] = wrong[0] == 'A' ? 'B' : 'A';
  return wrong;
}

TEST(PairingCode, IsEightCharactersOfTheReadableAlphabet) {
  StepClock clock;
  Pairing pairing({}, clock.seam());
  const auto code = pairing.new_code();
  ASSERT_EQ(code.code.size(), kCodeLength);
  for (char c : code.code) EXPECT_NE(kCodeAlphabet.find(c), std::string_view::npos) << c;
  EXPECT_EQ(display_code("ABCDEFGH"), "ABCD-EFGH");
}

TEST(PairingCode, CodesDifferEachTime) {
  StepClock clock;
  Pairing pairing({}, clock.seam());
  std::set<std::string> seen;
  for (int i = 0; i < 50; ++i) seen.insert(pairing.new_code().code);
  EXPECT_EQ(seen.size(), 50U);
}

TEST(PairingExchange, TheRightCodeWorksOnce) {
  StepClock clock;
  Pairing pairing({}, clock.seam());
  const auto code = pairing.new_code();
  EXPECT_EQ(pairing.exchange(code.code, "192.168.1.20").outcome, PairingOutcome::kPaired);
  EXPECT_EQ(pairing.exchange(code.code, "192.168.1.20").outcome, PairingOutcome::kNoCode);
  EXPECT_FALSE(pairing.current_code());
}

TEST(PairingExchange, AcceptsTheCodeAsAPersonTypesIt) {
  StepClock clock;
  Pairing pairing({}, clock.seam());
  auto code = pairing.new_code().code;
  std::string typed = display_code(code);
  for (char& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_EQ(pairing.exchange(" " + typed + " ", "10.0.0.2").outcome, PairingOutcome::kPaired);
}

TEST(PairingExchange, ACodeExpiresAfterTenMinutes) {
  StepClock clock;
  Pairing pairing({}, clock.seam());
  const auto code = pairing.new_code();
  clock.now += 10min;
  EXPECT_FALSE(pairing.current_code());
  EXPECT_EQ(pairing.exchange(code.code, "10.0.0.2").outcome, PairingOutcome::kNoCode);
}

TEST(PairingExchange, ACodeStillWorksJustBeforeItExpires) {
  StepClock clock;
  Pairing pairing({}, clock.seam());
  const auto code = pairing.new_code();
  clock.now += 10min - 1s;
  EXPECT_EQ(pairing.exchange(code.code, "10.0.0.2").outcome, PairingOutcome::kPaired);
}

TEST(PairingExchange, ANewCodeReplacesTheOldOne) {
  StepClock clock;
  Pairing pairing({}, clock.seam());
  const auto old_code = pairing.new_code();
  const auto fresh = pairing.new_code();
  if (old_code.code != fresh.code) {
    EXPECT_EQ(pairing.exchange(old_code.code, "10.0.0.2").outcome, PairingOutcome::kWrongCode);
  }
  EXPECT_EQ(pairing.exchange(fresh.code, "10.0.0.2").outcome, PairingOutcome::kPaired);
}

TEST(PairingExchange, AnAddressGetsFiveTriesAMinute) {
  StepClock clock;
  Pairing pairing({}, clock.seam());
  const auto code = pairing.new_code();
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(pairing.exchange(wrong_code_for(code.code), "10.0.0.9").outcome, PairingOutcome::kWrongCode);
    clock.now += 1s;
  }
  // The sixth try in the minute is refused without looking at the code, even the right one.
  const auto sixth = pairing.exchange(code.code, "10.0.0.9");
  EXPECT_EQ(sixth.outcome, PairingOutcome::kRateLimited);
  EXPECT_EQ(sixth.retry_after, 55s);
  // Another address is not held back by the first one's tries.
  EXPECT_EQ(pairing.exchange(code.code, "10.0.0.10").outcome, PairingOutcome::kPaired);
}

TEST(PairingExchange, TriesAreAllowedAgainOnceTheMinuteHasPassed) {
  StepClock clock;
  Pairing pairing({}, clock.seam());
  const auto code = pairing.new_code();
  for (int i = 0; i < 5; ++i) pairing.exchange(wrong_code_for(code.code), "10.0.0.9");
  EXPECT_EQ(pairing.exchange(code.code, "10.0.0.9").outcome, PairingOutcome::kRateLimited);
  clock.now += 60s;
  EXPECT_EQ(pairing.exchange(code.code, "10.0.0.9").outcome, PairingOutcome::kPaired);
}

TEST(PairingExchange, TheCodeDiesAfterTenWrongTriesFromAnyAddresses) {
  StepClock clock;
  Pairing pairing({}, clock.seam());
  const auto code = pairing.new_code();
  for (int i = 0; i < 10; ++i) {
    const auto attempt = pairing.exchange(wrong_code_for(code.code), "10.0.0." + std::to_string(i % 3));
    ASSERT_EQ(attempt.outcome, PairingOutcome::kWrongCode) << "try " << i;
    EXPECT_EQ(attempt.tries_left, 9 - i);
  }
  EXPECT_FALSE(pairing.current_code());
  EXPECT_EQ(pairing.exchange(code.code, "10.0.0.50").outcome, PairingOutcome::kNoCode);
}

TEST(PairingExchange, WithoutACodeNothingPairs) {
  StepClock clock;
  Pairing pairing({}, clock.seam());
  EXPECT_EQ(pairing.exchange("", "10.0.0.2").outcome, PairingOutcome::kNoCode);
  EXPECT_EQ(pairing.exchange("00000000", "10.0.0.2").outcome, PairingOutcome::kNoCode);
}

TEST(DeviceToken, Has256RandomBitsAndOnlyItsHashIsKept) {
  const auto first = new_device_token();
  const auto second = new_device_token();
  EXPECT_EQ(first.token.size(), 43U);  // 32 bytes in unpadded base64url
  EXPECT_NE(first.token, second.token);
  EXPECT_EQ(first.hash, token_hash(first.token));
  EXPECT_EQ(first.hash.size(), 64U);
  EXPECT_EQ(first.hash.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(first.token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos);
}

TEST(DeviceToken, HashIsBlake2b256) {
  // BLAKE2b-256 of the empty string (RFC 7693 parameters, 32-byte output).
  EXPECT_EQ(token_hash(""), "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
}

TEST(DeviceName, SummarisesCommonUserAgents) {
  EXPECT_EQ(device_name_from_user_agent("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, "
                                        "like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36"),
            "Chrome on Android");
  EXPECT_EQ(device_name_from_user_agent("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) "
                                        "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 "
                                        "Safari/604.1"),
            "Safari on iPhone");
  EXPECT_EQ(
      device_name_from_user_agent("Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0"),
      "Firefox on Linux");
  EXPECT_EQ(device_name_from_user_agent("curl/8.5.0"), "Unknown device");
  EXPECT_EQ(device_name_from_user_agent(""), "Unknown device");
}

}  // namespace
}  // namespace velum::server
