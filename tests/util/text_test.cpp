// SPDX-License-Identifier: Apache-2.0
#include "util/text.hpp"

#include <gtest/gtest.h>

#include <string>

namespace elink {
namespace {

TEST(Utf8Test, AcceptsWellFormed) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain ascii"));
  EXPECT_TRUE(IsValidUtf8("住宅火灾 — 3 人被困 🚒"));
}

TEST(Utf8Test, RejectsMalformed) {
  EXPECT_FALSE(IsValidUtf8("\xff"));
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));      // surrogate U+D800
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xe4\xbd"));          // truncated 3-byte sequence
  EXPECT_FALSE(IsValidUtf8("a\x80"));             // lone continuation byte
}

}  // namespace
}  // namespace elink
