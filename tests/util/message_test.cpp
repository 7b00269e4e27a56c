// SPDX-License-Identifier: Apache-2.0
// Messages by id (util/message.hpp): placeholders filled in order or by index, a Status that
// carries its message and arguments through prefixes and says itself in either language, and the
// compile-time checks of a declaration (shown here on the checker itself).
#include "util/message.hpp"

#include "util/status.hpp"

#include <gtest/gtest.h>

#include <string>

namespace elink {
namespace {

ELINK_MESSAGE(kTestNoThing, "test.no_thing", "no thing {}", "没有编号为 {} 的东西");
ELINK_MESSAGE(kTestOrder, "test.order", "user '{}' already is {} at {}", "用户“{0}”已是{2}的{1}");
ELINK_MESSAGE(kTestWrapped, "test.wrapped", "not ready: {}", "尚未就绪：{}");
ELINK_MESSAGE(kTestWord, "test.word", "closed", "已结案");

using internal_message::Arguments;
static_assert(Arguments("no thing {}", false) == 1);
static_assert(Arguments("{} and {}", false) == 2);
static_assert(Arguments("{1}的{0}", true) == 2);
static_assert(Arguments("plain", false) == 0);
static_assert(Arguments("{0}", false) == -2, "English takes its arguments in order");
static_assert(Arguments("{x}", true) == -1);
static_assert(Arguments("{", true) == -1);
static_assert(Arguments("}", true) == -1);
static_assert(Arguments("{} {0}", true) == -1, "no mix of {} and {N}");
static_assert(Arguments("{0}{0}", true) == -1, "each index once");
static_assert(Arguments("{1}", true) == -1, "no gap");
static_assert(internal_message::ValidId("dispatch.no_incident"));
static_assert(!internal_message::ValidId("Dispatch.NoIncident"));
static_assert(!internal_message::ValidId(""));
static_assert(!internal_message::ValidId(".x"));

TEST(FillPlaceholdersTest, InOrderByIndexAndLeavesWhatItCannotFill) {
  EXPECT_EQ(FillPlaceholders("a {} b {}", {"1", "2"}), "a 1 b 2");
  EXPECT_EQ(FillPlaceholders("{1}的{0}", {"x", "y"}), "y的x");
  EXPECT_EQ(FillPlaceholders("a {} b {}", {"1"}), "a 1 b {}");
  EXPECT_EQ(FillPlaceholders("{x} {", {"1"}), "{x} {");
  // What an argument holds is copied, never read as a template.
  EXPECT_EQ(FillPlaceholders("[{}]", {"{} {0} %s"}), "[{} {0} %s]");
  EXPECT_EQ(FillPlaceholders("", {}), "");
}

TEST(MessageStatusTest, SaysItselfInEitherLanguage) {
  const Status s = Status::NotFound(kTestNoThing, 42).At("thing");
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_EQ(s.message(), "no thing 42");
  EXPECT_EQ(s.field(), "thing");
  EXPECT_EQ(s.message_id(), &kTestNoThing);
  EXPECT_EQ(s.Text(Lang::kEn), "no thing 42");
  EXPECT_EQ(s.Text(Lang::kZhCN), "没有编号为 42 的东西");
  EXPECT_EQ(s.ToString(), "thing: no thing 42");
}

TEST(MessageStatusTest, ArgumentsInAnotherOrderWordsAndNestedMessages) {
  const Status s = Status::Conflict(kTestOrder, "wang", MessageArg{"commander", "指挥长"}, "sf");
  EXPECT_EQ(s.message(), "user 'wang' already is commander at sf");
  EXPECT_EQ(s.Text(Lang::kZhCN), "用户“wang”已是sf的指挥长");
  const Status inner = Status::FailedPrecondition(kTestWord);
  const Status outer = Status::Unavailable(kTestWrapped, inner);
  EXPECT_EQ(outer.message(), "not ready: closed");
  EXPECT_EQ(outer.Text(Lang::kZhCN), "尚未就绪：已结案");
  const Status word = Status::Unavailable(kTestWrapped, kTestWord);
  EXPECT_EQ(word.Text(Lang::kZhCN), "尚未就绪：已结案");
}

TEST(MessageStatusTest, PrefixesKeepTheMessageAndItsLanguages) {
  const Status s = Status::InvalidArgument("station", kTestNoThing, "S1")
                       .WithFieldPrefix("units[3]")
                       .WithMessagePrefix("units.toml: ");
  EXPECT_EQ(s.field(), "units[3].station");
  EXPECT_EQ(s.message(), "units.toml: no thing S1");
  EXPECT_EQ(s.Text(Lang::kZhCN), "units.toml: 没有编号为 S1 的东西");
  EXPECT_EQ(s.message_id(), &kTestNoThing);
  const Status copy = s;  // NOLINT(performance-unnecessary-copy-initialization)
  EXPECT_EQ(copy, s);
  EXPECT_EQ(copy.Text(Lang::kZhCN), s.Text(Lang::kZhCN));
}

TEST(MessageStatusTest, TextBuiltErrorsHaveNoIdAndSayTheirEnglish) {
  const Status s = Status::NotFound("no such thing", "x");
  EXPECT_EQ(s.message_id(), nullptr);
  EXPECT_EQ(s.Text(Lang::kZhCN), "no such thing");
  EXPECT_EQ(Status::Ok().Text(Lang::kZhCN), "");
}

TEST(MessageRegistryTest, DeclaredMessagesAreListed) {
  bool found = false;
  for (const Message* m : AllMessages()) found = found || m == &kTestOrder;
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace elink
