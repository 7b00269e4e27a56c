// SPDX-License-Identifier: Apache-2.0
#include "auth/password.hpp"

#include "auth/internal/sodium.hpp"
#include "auth/messages.hpp"
#include "core/messages.hpp"
#include "util/check.hpp"

#include <sodium.h>

#include <array>

namespace elink::auth {

namespace internal {

void EnsureSodium() {
  // A function-local static is initialised exactly once, even with several threads racing here.
  static const int kInit = sodium_init();
  ELINK_CHECK(kInit >= 0) << "libsodium failed to initialise";
}

}  // namespace internal

namespace {

// A hash of a random password no one knows, made on first use.
const std::string& DummyHash() {
  static const std::string kHash = [] {
    internal::EnsureSodium();
    std::array<unsigned char, 32> secret{};
    randombytes_buf(secret.data(), secret.size());
    char out[crypto_pwhash_STRBYTES];
    const int rc =
        crypto_pwhash_str(out, reinterpret_cast<const char*>(secret.data()), secret.size(),
                          crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE);
    sodium_memzero(secret.data(), secret.size());
    ELINK_CHECK(rc == 0) << "argon2id failed (out of memory?)";
    return std::string(out);
  }();
  return kHash;
}

}  // namespace

Result<std::string> HashPassword(std::string_view password) {
  if (password.size() < kMinPasswordBytes) {
    return Status::InvalidArgument("password", msg::kShorterThan, kMinPasswordBytes);
  }
  if (password.size() > kMaxPasswordBytes) {
    return Status::InvalidArgument("password", core::msg::kLongerThan, kMaxPasswordBytes);
  }
  internal::EnsureSodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return Status::Internal(msg::kCannotHash);
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  if (!LooksLikeArgon2idHash(hash) || password.size() > kMaxPasswordBytes) return false;
  internal::EnsureSodium();
  const std::string terminated(hash);  // libsodium wants a C string
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

bool LooksLikeArgon2idHash(std::string_view encoded) { return core::IsArgon2idHash(encoded); }

Result<const core::User*> CheckPassword(const core::State& state, std::string_view name,
                                        std::string_view password) {
  const core::User* user = state.FindUser(name);
  const bool match = VerifyPassword(user != nullptr ? user->password_hash : DummyHash(), password);
  if (user == nullptr || !match) return Status::Unauthenticated(msg::kWrongPassword);
  if (user->disabled) return Status::Unauthenticated(msg::kUserDisabled, user->name);
  return user;
}

}  // namespace elink::auth
