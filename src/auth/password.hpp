#pragma once
// Passwords of the users of `elink serve`: argon2id (libsodium crypto_pwhash_str) with the
// interactive limits, so each hash or check costs ~50-100 ms and 64 MiB on purpose. Call these
// from a worker thread, never from the engine's writer thread: commands carry the finished hash
// (engine::AddUser, engine::ChangePassword).

#include "core/model.hpp"
#include "core/state.hpp"
#include "util/status.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace elink::auth {

inline constexpr std::size_t kMinPasswordBytes = 8;
inline constexpr std::size_t kMaxPasswordBytes = 1024;

// The argon2id encoded string for `password` (random salt, so two calls differ).
// kInvalidArgument, field "password", when it is shorter than 8 or longer than 1024 bytes;
// kInternal when libsodium cannot hash (out of memory).
Result<std::string> HashPassword(std::string_view password);

// True when `password` is the one `hash` was made from. False for a hash that is not an argon2id
// string and for a password longer than 1024 bytes. libsodium compares in constant time.
bool VerifyPassword(std::string_view hash, std::string_view password);

// True when `encoded` has the form of an argon2id string (core::IsArgon2idHash); says nothing
// about whether it verifies.
bool LooksLikeArgon2idHash(std::string_view encoded);

// The user `name` when `password` is theirs and they are enabled: the check behind a login.
// kUnauthenticated otherwise, with one message, "wrong user name or password", for an unknown
// name and a wrong password alike; an unknown name costs one argon2id check as well (against a
// hash of a random password made once), so timing does not tell names apart either. A disabled
// user with the right password gets "user '<name>' is disabled". The pointer points into `state`.
// Failed attempts are for the caller to count (login_limiter.hpp).
Result<const core::User*> CheckPassword(const core::State& state, std::string_view name,
                                        std::string_view password);

}  // namespace elink::auth
