// SPDX-License-Identifier: Apache-2.0
#include "util/sha256.hpp"

#include <gtest/gtest.h>

namespace elink {
namespace {

// FIPS 180-2 test vectors.
TEST(Sha256Test, KnownVectors) {
  EXPECT_EQ(ToHex(Sha256("")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(ToHex(Sha256("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256Test, IncrementalEqualsOneShot) {
  Sha256Hasher h;
  h.Update("ab");
  h.Update("c");
  EXPECT_EQ(h.Finish(), Sha256("abc"));
}

TEST(Sha256Test, HexRoundTripAndRejects) {
  const auto d = Sha256("elink");
  EXPECT_EQ(Sha256FromHex(ToHex(d)), d);
  EXPECT_FALSE(Sha256FromHex("abc").has_value());
  EXPECT_FALSE(Sha256FromHex(std::string(64, 'g')).has_value());
}

}  // namespace
}  // namespace elink
