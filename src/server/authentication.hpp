#pragma once
// The authentication step of the request pipeline: who a request acts for,
// decided from its peer address and the credentials it carries, or a refusal.

#include <functional>
#include <string>
#include <string_view>
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

// True for a loopback peer address: 127.0.0.0/8, ::1, and 127.x.y.z mapped
// into IPv6 (::ffff:127.0.0.1). Pure; thread-safe.
bool is_loopback(std::string_view address);

// Requests from a loopback peer are the person at this machine and need no
// credential; every other peer is judged by `remote`.
Authenticate loopback_or(Authenticate remote);

// Admits every request for the journal's one user. The rule for peers on the
// network until devices can pair: `velum serve` listens on loopback unless
// --host says otherwise. Thread-safe.
Authentication admit_everyone(const ApiRequest& request);

}  // namespace velum::server
