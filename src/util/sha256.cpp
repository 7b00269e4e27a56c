// SPDX-License-Identifier: Apache-2.0
#include "util/sha256.hpp"

#include "util/check.hpp"

#include <sodium.h>

#include <cstring>

namespace elink {

static_assert(sizeof(crypto_hash_sha256_state) <= 128, "state_ buffer too small");

namespace {
crypto_hash_sha256_state* AsState(unsigned char* p) {
  return reinterpret_cast<crypto_hash_sha256_state*>(p);  // NOLINT: opaque storage
}
}  // namespace

Sha256Digest Sha256(std::string_view data) {
  Sha256Digest out{};
  crypto_hash_sha256(out.data(), reinterpret_cast<const unsigned char*>(data.data()),  // NOLINT
                     data.size());
  return out;
}

Sha256Hasher::Sha256Hasher() { crypto_hash_sha256_init(AsState(state_)); }
Sha256Hasher::~Sha256Hasher() { sodium_memzero(state_, sizeof(state_)); }

void Sha256Hasher::Update(std::string_view data) {
  crypto_hash_sha256_update(AsState(state_),
                            reinterpret_cast<const unsigned char*>(data.data()),  // NOLINT
                            data.size());
}

Sha256Digest Sha256Hasher::Finish() {
  Sha256Digest out{};
  crypto_hash_sha256_final(AsState(state_), out.data());
  return out;
}

std::string ToHex(const Sha256Digest& d) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string s;
  s.reserve(64);
  for (std::uint8_t b : d) {
    s.push_back(kDigits[b >> 4]);
    s.push_back(kDigits[b & 0xF]);
  }
  return s;
}

std::optional<Sha256Digest> Sha256FromHex(std::string_view hex) {
  if (hex.size() != 64) return std::nullopt;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  Sha256Digest d{};
  for (std::size_t i = 0; i < 32; ++i) {
    const int hi = nibble(hex[2 * i]);
    const int lo = nibble(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    d[i] = static_cast<std::uint8_t>((hi << 4) | lo);
  }
  return d;
}

}  // namespace elink
