#pragma once
// The authentication step of the request pipeline: who a request acts for,
// decided from its peer address and the credentials it carries, or a refusal.

#include <functional>
#include <string>
#include <variant>

#include "server/request.hpp"

namespace velum::server {

// Whom an admitted request acts for.
struct Identity {
  std::string user_id;
};

// An Identity to go on with, or the answer that refuses the request (401 when
// a credential is missing or unknown, 403 when it may not do this).
using Authentication = std::variant<Identity, ApiResponse>;

// The authentication step. Called on every request once the Host and origin
// checks passed, before the body is read; must be thread-safe.
using Authenticate = std::function<Authentication(const ApiRequest& request)>;

// The rule `velum serve` uses is PairingDesk::authenticate
// (server/pairing_desk.hpp): this computer needs no credential, every other
// device a paired device's cookie.

}  // namespace velum::server
