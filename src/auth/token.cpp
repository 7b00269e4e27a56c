// SPDX-License-Identifier: Apache-2.0
#include "auth/token.hpp"

#include "auth/internal/sodium.hpp"
#include "auth/messages.hpp"
#include "util/check.hpp"
#include "util/thread_annotations.hpp"

#include <sodium.h>

#include <algorithm>
#include <charconv>
#include <optional>
#include <set>
#include <vector>

namespace elink::auth {

namespace {

static_assert(TokenKey::kSize == crypto_auth_hmacsha256_KEYBYTES);
using Mac = std::array<unsigned char, crypto_auth_hmacsha256_BYTES>;
constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
constexpr std::string_view kFormat = "2";

Status Malformed() { return Status::Unauthenticated(msg::kMalformedToken); }

std::string Base64(const unsigned char* data, std::size_t size) {
  std::string out(sodium_base64_ENCODED_LEN(size, kVariant), '\0');
  sodium_bin2base64(out.data(), out.size(), data, size, kVariant);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

// The bytes `text` encodes, when it is canonical unpadded base64url.
std::optional<std::string> FromBase64(std::string_view text) {
  std::string out(text.size(), '\0');  // base64 never decodes to more bytes than characters
  std::size_t size = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &size, nullptr, kVariant) != 0) {
    return std::nullopt;
  }
  out.resize(size);
  // One token, one spelling: trailing bits that the decoder ignored would let a token be altered
  // without changing what it says.
  if (Base64(reinterpret_cast<const unsigned char*>(out.data()), out.size()) != text) {
    return std::nullopt;
  }
  return out;
}

Mac Sign(const TokenKey& key, std::string_view signed_text) {
  Mac mac{};
  crypto_auth_hmacsha256(mac.data(), reinterpret_cast<const unsigned char*>(signed_text.data()),
                         signed_text.size(), key.bytes().data());
  return mac;
}

// The next '|'-separated field of `rest`, removed from it; the whole rest when there is no '|'.
std::string_view NextField(std::string_view& rest) {
  const std::size_t bar = rest.find('|');
  const std::string_view field = rest.substr(0, bar);
  rest = bar == std::string_view::npos ? std::string_view() : rest.substr(bar + 1);
  return field;
}

template <typename I>
bool ParseInt(std::string_view text, I& out) {
  if (text.empty()) return false;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

TokenKey::TokenKey() {
  internal::EnsureSodium();
  randombytes_buf(bytes_.data(), bytes_.size());
}

TokenKey TokenKey::Generate() { return TokenKey(); }

Result<TokenKey> TokenKey::FromHex(std::string_view hex) {
  if (hex.size() != 2 * kSize) {
    return Status::InvalidArgument("token_key", "expected " + std::to_string(2 * kSize) +
                                                    " hex digits, got " +
                                                    std::to_string(hex.size()) + " characters");
  }
  TokenKey key;
  std::size_t size = 0;
  const char* end = nullptr;
  if (sodium_hex2bin(key.bytes_.data(), key.bytes_.size(), hex.data(), hex.size(), nullptr, &size,
                     &end) != 0 ||
      size != kSize || end != hex.data() + hex.size()) {
    return Status::InvalidArgument("token_key", "not hex digits");
  }
  return key;
}

std::string TokenKey::ToHex() const {
  std::string out(2 * kSize + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes_.data(), bytes_.size());
  out.pop_back();
  return out;
}

TokenKey::~TokenKey() { sodium_memzero(bytes_.data(), bytes_.size()); }

bool IsValidKeyId(std::string_view id) {
  return !id.empty() && id.size() <= kMaxKeyIdBytes &&
         std::all_of(id.begin(), id.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '_' || c == '-';
         });
}

KeyRing::KeyRing(TokenKey key) {
  keys_.push_back(
      {.id = std::string(kSingleKeyId), .created = {}, .retired_until = {}, .key = key});
}

Result<KeyRing> KeyRing::Make(std::vector<SigningKey> keys) {
  if (keys.empty()) return Status::InvalidArgument("keys", msg::kNoKeys);
  std::set<std::string> ids;
  std::size_t current = 0;
  std::size_t currents = 0;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const std::string& id = keys[i].id;
    if (!IsValidKeyId(id)) {
      return Status::InvalidArgument("keys", msg::kBadKeyId, id.substr(0, 32), kMaxKeyIdBytes);
    }
    if (!ids.insert(id).second) return Status::InvalidArgument("keys", msg::kDuplicateKeyId, id);
    if (!keys[i].retired_until) {
      current = i;
      ++currents;
    }
  }
  if (currents != 1) return Status::InvalidArgument("keys", msg::kOneCurrentKey, currents);
  KeyRing ring;
  ring.keys_ = std::move(keys);
  ring.current_ = current;
  return ring;
}

const SigningKey* KeyRing::Find(std::string_view id, TimePoint now) const {
  for (const SigningKey& k : keys_) {
    if (k.id != id) continue;
    if (k.retired_until && *k.retired_until <= now) return nullptr;
    return &k;
  }
  return nullptr;
}

struct LiveKeyRing::Shared {
  util::Mutex mu;
  std::shared_ptr<const KeyRing> ring ELINK_GUARDED_BY(mu);
  std::chrono::steady_clock::time_point next_check ELINK_GUARDED_BY(mu);
  bool reloading ELINK_GUARDED_BY(mu) = false;
  Reload reload;  // set once, before the ring is shared
  std::chrono::milliseconds every{0};
};

LiveKeyRing::LiveKeyRing(KeyRing ring) : LiveKeyRing(std::move(ring), nullptr, {}) {}

LiveKeyRing::LiveKeyRing(TokenKey key) : LiveKeyRing(KeyRing(std::move(key))) {}

LiveKeyRing::LiveKeyRing(KeyRing ring, Reload reload, std::chrono::milliseconds every)
    : shared_(std::make_shared<Shared>()) {
  util::MutexLock lock(shared_->mu);
  shared_->ring = std::make_shared<const KeyRing>(std::move(ring));
  shared_->next_check = std::chrono::steady_clock::now() + every;
  shared_->reload = std::move(reload);
  shared_->every = every;
}

std::shared_ptr<const KeyRing> LiveKeyRing::Get() const {
  Shared& s = *shared_;
  {
    util::MutexLock lock(s.mu);
    const auto now = std::chrono::steady_clock::now();
    if (!s.reload || s.reloading || now < s.next_check) return s.ring;
    s.reloading = true;
    s.next_check = now + s.every;
  }
  std::optional<KeyRing> fresh = s.reload();  // outside the lock: it reads a file
  util::MutexLock lock(s.mu);
  s.reloading = false;
  if (fresh) s.ring = std::make_shared<const KeyRing>(std::move(*fresh));
  return s.ring;
}

std::string IssueToken(const KeyRing& keys, const std::string& user, std::uint32_t token_version,
                       TimePoint expires) {
  ELINK_CHECK(core::IsValidUserName(user)) << "token for an invalid user name";
  const TokenKey& key = keys.current().key;
  const std::string payload = std::string(kFormat) + "|" + keys.current().id + "|" + user + "|" +
                              std::to_string(token_version) + "|" +
                              std::to_string(ToUnixMillis(expires));
  std::string token =
      Base64(reinterpret_cast<const unsigned char*>(payload.data()), payload.size());
  const Mac mac = Sign(key, token);
  token += '.';
  token += Base64(mac.data(), mac.size());
  return token;
}

Result<TokenClaims> VerifyToken(const KeyRing& keys, std::string_view token, TimePoint now) {
  if (token.empty() || token.size() > kMaxTokenBytes) return Malformed();
  const std::size_t dot = token.find('.');
  if (dot == std::string_view::npos) return Malformed();
  const std::string_view signed_text = token.substr(0, dot);
  const std::optional<std::string> mac = FromBase64(token.substr(dot + 1));
  if (!mac || mac->size() != crypto_auth_hmacsha256_BYTES) return Malformed();
  const std::optional<std::string> payload = FromBase64(signed_text);
  if (!payload) return Malformed();
  std::string_view rest = *payload;
  if (NextField(rest) != kFormat) return Malformed();
  // The key id is all that is read before the MAC is checked: it only picks the key.
  const std::string_view key_id = NextField(rest);
  if (!IsValidKeyId(key_id) || rest.empty()) return Malformed();
  const SigningKey* key = keys.Find(key_id, now);
  if (key == nullptr) return Status::Unauthenticated(msg::kBadSignature);
  const Mac expected = Sign(key->key, signed_text);
  if (crypto_verify_32(expected.data(), reinterpret_cast<const unsigned char*>(mac->data())) != 0) {
    return Status::Unauthenticated(msg::kBadSignature);
  }
  TokenClaims claims;
  std::int64_t expires_ms = 0;
  claims.user = std::string(NextField(rest));
  if (!core::IsValidUserName(claims.user) || !ParseInt(NextField(rest), claims.token_version) ||
      !ParseInt(rest, expires_ms) || rest.find('|') != std::string_view::npos) {
    return Malformed();
  }
  claims.expires = FromUnixMillis(expires_ms);
  if (claims.expires <= now) return Status::Unauthenticated(msg::kTokenExpired);
  return claims;
}

std::optional<std::string_view> BearerToken(std::string_view authorization) {
  constexpr std::string_view kScheme = "bearer";
  if (authorization.size() <= kScheme.size() || authorization[kScheme.size()] != ' ') {
    return std::nullopt;
  }
  for (std::size_t i = 0; i < kScheme.size(); ++i) {
    const char c = authorization[i];
    const char lower = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    if (lower != kScheme[i]) return std::nullopt;
  }
  std::string_view token = authorization.substr(kScheme.size());
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  return token;
}

Result<const core::User*> Authenticate(const core::State& state, const KeyRing& keys,
                                       std::string_view bearer, TimePoint now) {
  std::string_view token = BearerToken(bearer).value_or(bearer);
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  if (token.empty()) return Status::Unauthenticated(msg::kMissingToken);
  ELINK_ASSIGN_OR_RETURN(const TokenClaims claims, VerifyToken(keys, token, now));
  const core::User* user = state.FindUser(claims.user);
  if (user == nullptr) return Status::Unauthenticated(msg::kUnknownUserToken);
  if (user->disabled) return Status::Unauthenticated(msg::kUserDisabled, user->name);
  if (user->token_version != claims.token_version) {
    return Status::Unauthenticated(msg::kTokenRevoked);
  }
  return user;
}

}  // namespace elink::auth
