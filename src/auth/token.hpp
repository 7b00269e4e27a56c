#pragma once
// Bearer tokens of `elink serve`: stateless, signed with one of the center's keys, expiring.
//
//   token   = base64url(payload) "." base64url(HMAC-SHA256(key, base64url(payload)))
//   payload = "2|" key_id "|" user "|" token_version "|" expiry (ms since the Unix epoch)
//
// (base64url without padding; "2" is the format: "1" had no key id.) The key id names the key of
// the center's KeyRing that signed the token, so that keys can be rotated: a token is verified
// with the key it names, never with another. A token names its user and the user's
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
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace elink::auth {

// How long a token issued at login lasts: a shift and a half.
inline constexpr Millis kDefaultTokenLifetime = std::chrono::hours(12);
// Longer tokens are refused unread (the longest real one is about 150 bytes).
inline constexpr std::size_t kMaxTokenBytes = 512;

// A token signing key: 32 random bytes. `elink serve` reads its keys from the key file beside the
// center database (app/key_file.hpp), never from the database; anyone who has a key can mint
// tokens for any user. Wiped from memory when destroyed.
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

// A key id: 1 to 16 characters, each A-Z, a-z, 0-9, '_' or '-'.
inline constexpr std::size_t kMaxKeyIdBytes = 16;
bool IsValidKeyId(std::string_view id);
// The id of the key of a ring made from a single key (tests, and tools that need no rotation).
inline constexpr std::string_view kSingleKeyId = "0";

// One key of a ring.
struct SigningKey {
  std::string id;  // IsValidKeyId
  TimePoint created{};
  // Set on a key that signs no more (a rotation replaced it): it verifies the tokens it signed
  // until then (their lifetime), and none after. Unset on the current key.
  std::optional<TimePoint> retired_until;
  TokenKey key;
};

// The keys a center signs and verifies tokens with: one current key, which signs, and the
// retired ones, which still verify until their retired_until. Immutable once made.
class KeyRing {
 public:
  // A ring of the one key `key`, current, with id kSingleKeyId. Implicit, so that code that
  // holds one key (tests) signs and verifies as before.
  KeyRing(TokenKey key);  // NOLINT(google-explicit-constructor)
  // kInvalidArgument (field "keys") unless there is at least one key, every id is valid and
  // unique, and exactly one key has no retired_until (the current one).
  static Result<KeyRing> Make(std::vector<SigningKey> keys);

  [[nodiscard]] const SigningKey& current() const { return keys_[current_]; }
  // The key with id `id` that still verifies at `now`; null when there is none.
  [[nodiscard]] const SigningKey* Find(std::string_view id, TimePoint now) const;
  [[nodiscard]] const std::vector<SigningKey>& keys() const { return keys_; }

 private:
  KeyRing() = default;
  std::vector<SigningKey> keys_;
  std::size_t current_ = 0;
};

// The key ring a running server verifies with; a rotation replaces it while the server runs.
// Thread-safe; copies share the same ring.
class LiveKeyRing {
 public:
  // Returns a new ring when the keys changed, std::nullopt when they did not (or cannot be read:
  // the reloader says why in the log, and the old ring stays).
  using Reload = std::function<std::optional<KeyRing>()>;

  LiveKeyRing(KeyRing ring);  // NOLINT(google-explicit-constructor)
  LiveKeyRing(TokenKey key);  // NOLINT(google-explicit-constructor)
  // `reload` is called by Get at most once per `every` (and never by two threads at once).
  LiveKeyRing(KeyRing ring, Reload reload, std::chrono::milliseconds every);

  // The ring now. Cheap: a mutex and a clock reading, and a call of the reloader once per period.
  [[nodiscard]] std::shared_ptr<const KeyRing> Get() const;

 private:
  struct Shared;
  std::shared_ptr<Shared> shared_;
};

// What a verified token says.
struct TokenClaims {
  std::string user;
  std::uint32_t token_version = 0;
  TimePoint expires{};
  friend bool operator==(const TokenClaims&, const TokenClaims&) = default;
};

// A token for `user` (REQUIRES: core::IsValidUserName(user)), valid until `expires`, signed with
// the ring's current key.
std::string IssueToken(const KeyRing& keys, const std::string& user, std::uint32_t token_version,
                       TimePoint expires);

// The claims of `token` when it was issued with a key of `keys` that still verifies at `now`, and
// has not expired at `now`. kUnauthenticated otherwise: "malformed token" (not two base64url
// parts, too long, a MAC of the wrong size, a payload that does not parse), "token signature does
// not verify" (forged, altered, naming a key the ring does not have or has retired, or issued
// with another key; compared in constant time), "token expired". The key id is the only part of
// the payload read before the MAC is checked.
Result<TokenClaims> VerifyToken(const KeyRing& keys, std::string_view token, TimePoint now);

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
Result<const core::User*> Authenticate(const core::State& state, const KeyRing& keys,
                                       std::string_view bearer, TimePoint now);

}  // namespace elink::auth
