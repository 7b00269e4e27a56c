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

TEST(EscapeMarkupTest, EscapesReferencesAndBlanksControls) {
  EXPECT_EQ(EscapeMarkup(R"(<a href="x" title='y'>&</a>)"),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
  EXPECT_EQ(EscapeMarkup("a\x01"
                         "b\tc\nd\re\x1f"),
            "a b\tc\nd\re ");
  EXPECT_EQ(EscapeMarkup("积水 ]]> ok"), "积水 ]]&gt; ok");
  EXPECT_EQ(EscapeMarkup(""), "");
}

}  // namespace
}  // namespace elink
