#include "server/pairing.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <stdexcept>

namespace velum::server {
namespace {

constexpr std::size_t kTokenBytes = 32;  // 256 bits
constexpr std::size_t kHashBytes = 32;   // crypto_generichash's default output
// Beyond this many addresses with recent tries, new addresses wait: the map
// stays small whatever a flood of spoofed IPv6 addresses does, and the code
// still dies after its wrong tries.
constexpr std::size_t kMaxTrackedAddresses = 1024;

void ensure_sodium() {
  // sodium_init is safe to call more than once and from several threads.
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
}

// Crockford's reading of the characters people confuse.
std::string normalise_attempt(std::string_view attempt) {
  std::string normal;
  for (const char raw : attempt) {
    if (raw == '-' || raw == ' ') continue;
    char c = static_cast<char>(std::toupper(static_cast<unsigned char>(raw)));
    if (c == 'O') c = '0';
    if (c == 'I' || c == 'L') c = '1';
    normal += c;
  }
  return normal;
}

bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

}  // namespace

SteadyClock system_steady_clock() {
  return [] { return std::chrono::steady_clock::now(); };
}

std::string display_code(std::string_view code) {
  const auto half = code.size() / 2;
  return std::string(code.substr(0, half)) + "-" + std::string(code.substr(half));
}

Pairing::Pairing(PairingLimits limits, SteadyClock clock) : limits_(limits), clock_(std::move(clock)) {
  ensure_sodium();
}

PairingCode Pairing::new_code() {
  PairingCode fresh;
  for (std::size_t i = 0; i < kCodeLength; ++i) {
    fresh.code += kCodeAlphabet[randombytes_uniform(static_cast<std::uint32_t>(kCodeAlphabet.size()))];
  }
  const std::lock_guard lock(mutex_);
  fresh.expires_at = clock_() + limits_.code_lifetime;
  code_ = fresh;
  wrong_tries_ = 0;
  return fresh;
}

bool Pairing::code_alive(std::chrono::steady_clock::time_point now) const {
  return code_.has_value() && now < code_->expires_at && wrong_tries_ < limits_.wrong_tries_per_code;
}

std::optional<PairingCode> Pairing::current_code() const {
  const std::lock_guard lock(mutex_);
  if (!code_alive(clock_())) return std::nullopt;
  return code_;
}

PairingAttempt Pairing::exchange(std::string_view attempt, const std::string& address) {
  const std::lock_guard lock(mutex_);
  const auto now = clock_();
  const auto window_start = now - limits_.window;
  for (auto it = tries_.begin(); it != tries_.end();) {
    auto& times = it->second;
    std::erase_if(times, [&](auto when) { return when <= window_start; });
    it = times.empty() ? tries_.erase(it) : std::next(it);
  }
  auto found = tries_.find(address);
  if (found == tries_.end() && tries_.size() >= kMaxTrackedAddresses) {
    return {PairingOutcome::kRateLimited, std::chrono::duration_cast<std::chrono::seconds>(limits_.window),
            0};
  }
  auto& times = tries_[address];
  if (static_cast<int>(times.size()) >= limits_.tries_per_window) {
    // The oldest try leaves the window first; round up so a client that waits
    // exactly this long is let through.
    const auto wait = times.front() + limits_.window - now;
    const auto seconds = std::chrono::ceil<std::chrono::seconds>(wait);
    return {PairingOutcome::kRateLimited, std::max(seconds, std::chrono::seconds(1)), 0};
  }
  times.push_back(now);

  if (!code_alive(now)) return {PairingOutcome::kNoCode, {}, 0};
  const auto normal = normalise_attempt(attempt);
  const bool right = normal.size() == code_->code.size() &&
                     sodium_memcmp(normal.data(), code_->code.data(), normal.size()) == 0;
  if (!right) {
    ++wrong_tries_;
    return {PairingOutcome::kWrongCode, {}, limits_.wrong_tries_per_code - wrong_tries_};
  }
  code_.reset();
  wrong_tries_ = 0;
  return {PairingOutcome::kPaired, {}, 0};
}

DeviceToken new_device_token() {
  ensure_sodium();
  std::array<unsigned char, kTokenBytes> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string encoded(sodium_base64_ENCODED_LEN(kTokenBytes, kVariant), '\0');
  sodium_bin2base64(encoded.data(), encoded.size(), bytes.data(), bytes.size(), kVariant);
  encoded.resize(std::char_traits<char>::length(encoded.c_str()));
  sodium_memzero(bytes.data(), bytes.size());
  DeviceToken token;
  token.hash = token_hash(encoded);
  token.token = std::move(encoded);
  return token;
}

std::string token_hash(std::string_view token) {
  ensure_sodium();
  std::array<unsigned char, kHashBytes> digest{};
  crypto_generichash(digest.data(), digest.size(), reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  std::string hex(kHashBytes * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  hex.pop_back();
  return hex;
}

std::string device_name_from_user_agent(std::string_view user_agent) {
  // Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari",
  // and Android also says "Linux".
  std::string browser;
  if (contains(user_agent, "Edg/") || contains(user_agent, "EdgA/") || contains(user_agent, "EdgiOS/")) {
    browser = "Edge";
  } else if (contains(user_agent, "OPR/")) {
    browser = "Opera";
  } else if (contains(user_agent, "SamsungBrowser/")) {
    browser = "Samsung Internet";
  } else if (contains(user_agent, "Firefox/") || contains(user_agent, "FxiOS/")) {
    browser = "Firefox";
  } else if (contains(user_agent, "Chrome/") || contains(user_agent, "CriOS/") ||
             contains(user_agent, "Chromium/")) {
    browser = "Chrome";
  } else if (contains(user_agent, "Safari/")) {
    browser = "Safari";
  }
  std::string system;
  if (contains(user_agent, "iPhone")) {
    system = "iPhone";
  } else if (contains(user_agent, "iPad")) {
    system = "iPad";
  } else if (contains(user_agent, "Android")) {
    system = "Android";
  } else if (contains(user_agent, "Windows")) {
    system = "Windows";
  } else if (contains(user_agent, "Mac OS X") || contains(user_agent, "Macintosh")) {
    system = "macOS";
  } else if (contains(user_agent, "CrOS")) {
    system = "ChromeOS";
  } else if (contains(user_agent, "Linux")) {
    system = "Linux";
  }
  if (browser.empty() && system.empty()) return "Unknown device";
  if (browser.empty()) return "Browser on " + system;
  if (system.empty()) return browser;
  return browser + " on " + system;
}

}  // namespace velum::server
