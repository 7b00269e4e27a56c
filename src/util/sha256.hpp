#pragma once
// SHA-256 (libsodium) and hex helpers, used for the event log's hash chain.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace elink {

using Sha256Digest = std::array<std::uint8_t, 32>;

// Thread-safe; never fails.
Sha256Digest Sha256(std::string_view data);

// Incremental hashing for data in several parts. Not thread-safe; one owner.
class Sha256Hasher {
 public:
  Sha256Hasher();
  Sha256Hasher(const Sha256Hasher&) = delete;
  Sha256Hasher& operator=(const Sha256Hasher&) = delete;
  ~Sha256Hasher();
  void Update(std::string_view data);
  Sha256Digest Finish();

 private:
  alignas(16) unsigned char state_[128];  // crypto_hash_sha256_state, opaque here
};

std::string ToHex(const Sha256Digest& d);
// Parses 64 hex digits; nullopt on anything else.
std::optional<Sha256Digest> Sha256FromHex(std::string_view hex);

}  // namespace elink
