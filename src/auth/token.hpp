#pragma once
// Bearer tokens of `elink serve`: stateless, signed with the center's key, expiring.
//
//   token   = base64url(payload) "." base64url(HMAC-SHA256(key, base64url(payload)))
//   payload = "1|" user "|" token_version "|" expiry (milliseconds since the Unix epoch)
//
// (base64url without padding; "1" is the format.) A token names its user and the user's
// token_version when it was issued; bumping the version in the state (password change, disabling,
// "sign out everywhere") revokes every token issued before. The role is not in the token: it is
// read from the state on every request, so a role change applies at once.

#include "core/model.hpp"
#include "core/state.hpp"
#include "util/clock.hpp"
#include "util/status.hpp"

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace elink::auth {

// How long a token issued at login lasts: a shift and a half.
inline constexpr Millis kDefaultTokenLifetime = std::chrono::hours(12);
// Longer tokens are refused unread (the longest real one is about 150 bytes).
inline constexpr std::size_t kMaxTokenBytes = 512;

// The center's token signing key: 32 random bytes. `elink serve` keeps it (hex) in the center's
// meta table so that tokens survive a restart; anyone who has it can mint tokens for any user.
// Wiped from memory when destroyed.
class TokenKey {
 public:
  static constexpr std::size_t kSize = 32;

  // A new key from libsodium's secure random source. A default-constructed key is such a new
  // random key too (never a fixed one that anyone could sign with).
  TokenKey();
  static TokenKey Generate();
  // kInvalidArgument unless `hex` is exactly 64 hex digits.
  static Result<TokenKey> FromHex(std::string_view hex);
  // 64 lowercase hex digits.
  [[nodiscard]] std::string ToHex() const;

  TokenKey(const TokenKey&) = default;
  TokenKey& operator=(const TokenKey&) = default;
  ~TokenKey();

  [[nodiscard]] const std::array<unsigned char, kSize>& bytes() const { return bytes_; }

 private:
  std::array<unsigned char, kSize> bytes_{};
};

// What a verified token says.
struct TokenClaims {
  std::string user;
  std::uint32_t token_version = 0;
  TimePoint expires{};
  friend bool operator==(const TokenClaims&, const TokenClaims&) = default;
};

// A token for `user` (REQUIRES: core::IsValidUserName(user)), valid until `expires`.
std::string IssueToken(const TokenKey& key, const std::string& user, std::uint32_t token_version,
                       TimePoint expires);

// The claims of `token` when it was issued with `key` and has not expired at `now`.
// kUnauthenticated otherwise: "malformed token" (not two base64url parts, too long, a MAC of the
// wrong size, a payload that does not parse), "token signature does not verify" (forged, altered
// or issued with another key; compared in constant time), "token expired".
Result<TokenClaims> VerifyToken(const TokenKey& key, std::string_view token, TimePoint now);

// The token of an Authorization header's value that uses the Bearer scheme, in any case ("Bearer",
// "bearer", "BEARER": RFC 9110 section 11.1), with the spaces around it dropped: possibly empty.
// std::nullopt when the value uses another scheme or none. The REST routes and the stream both
// read their header with it.
std::optional<std::string_view> BearerToken(std::string_view authorization);

// The user a request comes from: `bearer` is the Authorization header's value ("Bearer <token>",
// scheme case-insensitive) or the bare token. VerifyToken, then the user must still exist, be
// enabled and have the token's token_version; kUnauthenticated otherwise ("missing token",
// "token of an unknown user", "user '<name>' is disabled", "token revoked"). The pointer points
// into `state`: keep the state alive while using it.
Result<const core::User*> Authenticate(const core::State& state, const TokenKey& key,
                                       std::string_view bearer, TimePoint now);

}  // namespace elink::auth
