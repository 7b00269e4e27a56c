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

namespace elink {
namespace {

TEST(TrimTest, TakesSpacesAndTabsOffBothEndsOnly) {
  EXPECT_EQ(Trim("  a b\t "), "a b");
  EXPECT_EQ(Trim("\t\t"), "");
  EXPECT_EQ(Trim(""), "");
  EXPECT_EQ(Trim("x"), "x");
  EXPECT_EQ(Trim("\na\n"), "\na\n") << "line ends are content, not padding";
  EXPECT_EQ(Trim(" 消防 "), "消防");
}

TEST(IsBlankTest, OnlyWhitespaceOrNothing) {
  EXPECT_TRUE(IsBlank(""));
  EXPECT_TRUE(IsBlank(" \t\r\n "));
  EXPECT_FALSE(IsBlank(" . "));
  EXPECT_FALSE(IsBlank("火"));
  EXPECT_FALSE(IsBlank(std::string_view("\0", 1))) << "a NUL is not whitespace";
}

}  // namespace
}  // namespace elink
