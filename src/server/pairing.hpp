#pragma once
// Pairing a phone with `velum serve` on the network: the one-time code and its
// limits, the 256-bit device token a right code is exchanged for, and how a
// device is named. Pure logic over an injected clock; no I/O.

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace velum::server {

using SteadyClock = std::function<std::chrono::steady_clock::time_point()>;
SteadyClock system_steady_clock();

struct PairingLimits {
  std::chrono::seconds code_lifetime{10 * 60};  // a code is refused this long after it was made
  int tries_per_window = 5;                     // per address, right or wrong
  std::chrono::seconds window{60};
  int wrong_tries_per_code = 10;  // then the code is dead and a new one must be made
};

// Characters of a code: Crockford's base 32 (no I, L, O or U), so a code read
// aloud or typed from the terminal is not mistaken.
inline constexpr std::string_view kCodeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
// 8 characters = 40 bits: ten guesses find it with a chance of 1 in 10^11.
inline constexpr std::size_t kCodeLength = 8;

struct PairingCode {
  std::string code;  // kCodeLength characters of kCodeAlphabet, shown as "ABCD-EFGH"
  std::chrono::steady_clock::time_point expires_at;
};

// "ABCDEFGH" -> "ABCD-EFGH", as shown to the person.
std::string display_code(std::string_view code);

enum class PairingOutcome {
  kPaired,       // the code was right; it is now used up
  kWrongCode,    // counted against the code (it dies at the limit)
  kNoCode,       // no code is waiting: never made, used, expired or dead
  kRateLimited,  // this address tried too often; nothing was checked
};

struct PairingAttempt {
  PairingOutcome outcome = PairingOutcome::kNoCode;
  // kRateLimited: how long until this address may try again.
  std::chrono::seconds retry_after{0};
  // kWrongCode: wrong tries left before the code dies (0: it just died).
  int tries_left = 0;
};

// The current one-time code and the tries made against it. Thread-safe: any
// number of server threads may call every member at once.
class Pairing {
 public:
  Pairing(PairingLimits limits, SteadyClock clock);

  // Makes a fresh random code (libsodium), replacing any previous one.
  PairingCode new_code();
  // The code waiting to be used, or nullopt when it is used, expired or dead.
  std::optional<PairingCode> current_code() const;
  // Checks `attempt` (case, spaces and dashes ignored; O read as 0, I and L as
  // 1) sent from `address` (the peer's IP address as text).
  PairingAttempt exchange(std::string_view attempt, const std::string& address);

 private:
  bool code_alive(std::chrono::steady_clock::time_point now) const;

  const PairingLimits limits_;
  const SteadyClock clock_;
  mutable std::mutex mutex_;
  std::optional<PairingCode> code_;
  int wrong_tries_ = 0;
  // Try times per address within the last window; pruned on every exchange.
  std::map<std::string, std::vector<std::chrono::steady_clock::time_point>> tries_;
};

// A device's credential: 256 random bits (libsodium randombytes_buf) as
// unpadded base64url, 43 characters. Only its hash is stored.
struct DeviceToken {
  std::string token;
  std::string hash;  // token_hash(token)
};
DeviceToken new_device_token();
// BLAKE2b-256 (libsodium crypto_generichash) of the token, 64 lowercase hex
// digits. A lookup key, not a password hash: the token already has 256 bits.
std::string token_hash(std::string_view token);

// A short readable name from a User-Agent: "Chrome on Android", "Safari on
// iPhone", "Firefox on Linux"; "Unknown device" when nothing is recognised.
std::string device_name_from_user_agent(std::string_view user_agent);

}  // namespace velum::server
