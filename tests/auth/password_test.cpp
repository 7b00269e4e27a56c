// SPDX-License-Identifier: Apache-2.0
// argon2id passwords. Each hash or check costs ~50-100 ms on purpose, so this file makes few.
#include "auth/password.hpp"

#include "engine/registry.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace elink::auth {
namespace {

// One hash for the whole file.
const std::string& Hashed() {
  static const std::string kHash = *HashPassword("correct horse battery staple");
  return kHash;
}

TEST(PasswordTest, HashVerifiesItsPasswordOnly) {
  const std::string& hash = Hashed();
  EXPECT_TRUE(hash.starts_with("$argon2id$v=19$m=65536,t=2,p=1$")) << hash;
  EXPECT_TRUE(LooksLikeArgon2idHash(hash));
  EXPECT_TRUE(core::IsArgon2idHash(hash));
  EXPECT_TRUE(VerifyPassword(hash, "correct horse battery staple"));
  EXPECT_FALSE(VerifyPassword(hash, "correct horse battery stapl"));
  EXPECT_FALSE(VerifyPassword(hash, "Correct horse battery staple"));
  EXPECT_FALSE(VerifyPassword(hash, ""));
}

TEST(PasswordTest, SaltedSoTheSamePasswordHashesDifferently) {
  // Exactly 8 bytes: the shortest accepted.
  const Result<std::string> a = HashPassword("12345678");
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_NE(*a, Hashed());
  EXPECT_TRUE(VerifyPassword(*a, "12345678"));
  EXPECT_FALSE(VerifyPassword(*a, "correct horse battery staple"));
}

TEST(PasswordTest, TooShortOrTooLongIsRefused) {
  for (const std::string& bad :
       {std::string(), std::string("1234567"), std::string(kMaxPasswordBytes + 1, 'p')}) {
    const Result<std::string> r = HashPassword(bad);
    ASSERT_FALSE(r.ok()) << bad.size();
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(r.status().field(), "password");
  }
  // Over the limit is never checked, even against a real hash.
  EXPECT_FALSE(VerifyPassword(Hashed(), std::string(kMaxPasswordBytes + 1, 'p')));
}

TEST(PasswordTest, MalformedHashesNeverVerify) {
  const std::string& good = Hashed();
  const std::vector<std::string> bad = {
      "",
      "correct horse battery staple",
      good.substr(0, good.size() - 1) + "!",
      good.substr(0, good.rfind('$')),
      good + "$",
      "$argon2i" + good.substr(9),  // argon2i, not argon2id
      std::string(good).replace(good.find("v=19"), 4, "v=16"),
      std::string(good.data(), 20) + '\0' + good.substr(21),
      good + std::string(200, 'A'),
  };
  for (const std::string& hash : bad) {
    SCOPED_TRACE(hash);
    EXPECT_FALSE(LooksLikeArgon2idHash(hash));
    EXPECT_FALSE(VerifyPassword(hash, "correct horse battery staple"));
  }
}

TEST(PasswordTest, CheckPasswordSaysTheSameForUnknownNamesAndWrongPasswords) {
  core::State state;
  ASSERT_TRUE(
      engine::Apply(
          state, {1, FromUnixMillis(1), "t", "",
                  region::RegionImported{core::Region{
                      "r", {"区", "R"}, {core::Organisation{core::OrgId("R")}}, {}, {}, {}, {}}}})
          .ok());
  ASSERT_TRUE(engine::Apply(state, {2, FromUnixMillis(2), "t", "",
                                    auth::UserAdded{
                                        "ann", {}, core::Role::kAdmin, core::OrgId("R"), Hashed()}})
                  .ok());
  const Result<const core::User*> ok = CheckPassword(state, "ann", "correct horse battery staple");
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(*ok, state.FindUser("ann"));

  const Status wrong = CheckPassword(state, "ann", "wrong password").status();
  const Status unknown = CheckPassword(state, "bob", "correct horse battery staple").status();
  EXPECT_EQ(wrong.code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(wrong, unknown);
  EXPECT_EQ(wrong.message(), "wrong user name or password");

  ASSERT_TRUE(
      engine::Apply(state, {3, FromUnixMillis(3), "t", "", auth::UserDisabled{"ann"}}).ok());
  EXPECT_EQ(CheckPassword(state, "ann", "wrong password").status(), wrong);
  const Status disabled = CheckPassword(state, "ann", "correct horse battery staple").status();
  EXPECT_EQ(disabled.code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(disabled.message(), "user 'ann' is disabled");
}

}  // namespace
}  // namespace elink::auth
