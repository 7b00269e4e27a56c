// SPDX-License-Identifier: Apache-2.0
// Bearer tokens: round trip, expiry, forgery, damage, other keys, and users who are gone,
// disabled or whose tokens were revoked.
#include "auth/token.hpp"

#include "core/state.hpp"
#include "engine/registry.hpp"
#include "util/clock.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <chrono>
#include <set>
#include <string>
#include <vector>

namespace elink::auth {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

constexpr std::string_view kHash =
    "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$"
    "3M9Ytq5F8cQy1mC0i6Sx7k1b2lQ0w3t2mX9c2a1bQkE";

std::string B64(std::string_view bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                  '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.pop_back();
  return out;
}

// A token with any payload, correctly signed: what only the key holder can make.
std::string SignedToken(const TokenKey& key, std::string_view payload) {
  const std::string head = B64(payload);
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256(mac, reinterpret_cast<const unsigned char*>(head.data()), head.size(),
                         key.bytes().data());
  return head + "." + B64(std::string_view(reinterpret_cast<const char*>(mac), sizeof(mac)));
}

class TokenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(
        Apply(region::RegionImported{core::Region{
                  "r", {"区", "R"}, {core::Organisation{core::OrgId("R")}}, {}, {}, {}, {}}})
            .ok());
    ASSERT_TRUE(Apply(auth::UserAdded{
                          "ann", {}, core::Role::kDispatcher, core::OrgId("R"), std::string(kHash)})
                    .ok());
  }

  Status Apply(engine::EventBody body) {
    return engine::Apply(state_, {state_.last_seq() + 1, clock_.Now(), "t", "", std::move(body)});
  }

  Status Verify(std::string_view token) { return VerifyToken(key_, token, clock_.Now()).status(); }

  std::string AnnToken(std::uint32_t version = 0) {
    return IssueToken(key_, "ann", version, clock_.Now() + hours(12));
  }

  ManualClock clock_{FromUnixMillis(1'764'000'000'000)};
  TokenKey key_ = TokenKey::Generate();
  core::State state_;
};

TEST_F(TokenTest, RoundTrip) {
  const TimePoint expires = clock_.Now() + kDefaultTokenLifetime;
  const std::string token = IssueToken(key_, "wang.fang-2_x", 7, expires);
  EXPECT_LE(token.size(), kMaxTokenBytes);
  EXPECT_EQ(
      token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_."),
      std::string::npos)
      << "fits a header and a URL as it is: " << token;
  const Result<TokenClaims> claims = VerifyToken(key_, token, clock_.Now());
  ASSERT_TRUE(claims.ok()) << claims.status().ToString();
  EXPECT_EQ(*claims, (TokenClaims{"wang.fang-2_x", 7, expires}));
  // Deterministic: the same claims give the same token.
  EXPECT_EQ(IssueToken(key_, "wang.fang-2_x", 7, expires), token);
  const std::string longest = IssueToken(key_, std::string(core::kMaxUserNameBytes, 'z'),
                                         0xFFFFFFFFU, FromUnixMillis(-9'000'000'000'000'000'000));
  EXPECT_LE(longest.size(), kMaxTokenBytes);
}

TEST_F(TokenTest, ExpiredTokensAreRefused) {
  const std::string token = IssueToken(key_, "ann", 0, clock_.Now() + minutes(30));
  clock_.Advance(minutes(30) - Millis(1));
  EXPECT_TRUE(Verify(token).ok());
  clock_.Advance(Millis(1));
  EXPECT_EQ(Verify(token), Status::Unauthenticated("token expired"));
  clock_.Advance(hours(1000));
  EXPECT_EQ(Verify(token), Status::Unauthenticated("token expired"));
  EXPECT_EQ(Verify(IssueToken(key_, "ann", 0, FromUnixMillis(0))),
            Status::Unauthenticated("token expired"));
}

TEST_F(TokenTest, ForgedTokensAreRefused) {
  const Status forged = Status::Unauthenticated("token signature does not verify");
  const std::string token = AnnToken();
  const std::size_t dot = token.find('.');
  // Claims changed, signature kept: a later expiry, another user, another version.
  const std::string later = IssueToken(key_, "ann", 0, clock_.Now() + hours(10'000));
  const std::string admin = IssueToken(key_, "admin", 0, clock_.Now() + hours(12));
  const std::string bumped = AnnToken(1);
  for (const std::string& other : {later, admin, bumped}) {
    EXPECT_EQ(Verify(other.substr(0, other.find('.')) + token.substr(dot)), forged);
  }
  // A payload written by hand with a guessed or empty signature.
  const std::string payload = B64("2|0|ann|0|99999999999999");
  EXPECT_EQ(Verify(payload + "." + B64(std::string(32, '\0'))), forged);
  EXPECT_EQ(Verify(payload + "." + token.substr(dot + 1)), forged);
  // Every single-character change of the signature.
  for (std::size_t i = dot + 1; i < token.size(); ++i) {
    std::string altered = token;
    altered[i] = altered[i] == 'A' ? 'B' : 'A';
    const Status s = Verify(altered);
    EXPECT_EQ(s.code(), StatusCode::kUnauthenticated) << altered;
  }
  // Another key: a token from another center, or from before the key was replaced.
  const TokenKey other = TokenKey::Generate();
  EXPECT_EQ(VerifyToken(other, token, clock_.Now()).status(), forged);
  EXPECT_TRUE(
      VerifyToken(other, IssueToken(other, "ann", 0, clock_.Now() + hours(1)), clock_.Now()).ok());
}

TEST_F(TokenTest, DamagedTokensAreMalformed) {
  const std::string token = AnnToken();
  // Every truncation fails, most as malformed (cut inside the signature: a short MAC).
  for (std::size_t cut = 0; cut < token.size(); ++cut) {
    EXPECT_EQ(Verify(token.substr(0, cut)).code(), StatusCode::kUnauthenticated) << cut;
  }
  const Status malformed = Status::Unauthenticated("malformed token");
  for (const std::string& garbage :
       {std::string(""), std::string("."), std::string("abc"), std::string("a.b.c"),
        std::string("!!!.@@@"), token + ".", "." + token, token + "=", token + "==", token + " ",
        " " + token, token.substr(0, token.find('.')) + "." + B64("short"),
        std::string(kMaxTokenBytes + 1, 'A'), token + "\n", std::string("\xff\xfe.\x80")}) {
    SCOPED_TRACE(garbage);
    const Status s = Verify(garbage);
    EXPECT_EQ(s.code(), StatusCode::kUnauthenticated);
    if (garbage.find('.') == std::string::npos || garbage.size() > kMaxTokenBytes) {
      EXPECT_EQ(s, malformed);
    }
  }
  // Correctly signed but not a payload this build wrote (only the key holder could make these).
  for (const char* payload :
       {"", "2", "2|0|ann", "2|0|ann|0", "1|ann|0|99999999999999", "3|0|ann|0|99999999999999",
        "2|0|Ann|0|99999999999999", "2|0||0|99999999999999", "2|0|ann|-1|99999999999999",
        "2|0|ann|4294967296|99999999999999", "2|0|ann|0|99999999999999|x", "2|0|ann|0|9e15",
        "2|0|ann|0|", "2|0|ann| 0|99999999999999", "2|0|a|b|0|99999999999999"}) {
    SCOPED_TRACE(payload);
    EXPECT_EQ(Verify(SignedToken(key_, payload)), malformed);
  }
  EXPECT_TRUE(Verify(SignedToken(key_, "2|0|ann|0|99999999999999")).ok());
  // Signed by the key, but naming a key id the ring does not have: not verified with another.
  EXPECT_EQ(Verify(SignedToken(key_, "2|1|ann|0|99999999999999")),
            Status::Unauthenticated("token signature does not verify"));
}

TEST_F(TokenTest, KeyHex) {
  const std::string hex = key_.ToHex();
  EXPECT_EQ(hex.size(), 64U);
  EXPECT_EQ(hex.find_first_not_of("0123456789abcdef"), std::string::npos);
  const Result<TokenKey> back = TokenKey::FromHex(hex);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->bytes(), key_.bytes());
  // Tokens survive a restart that reloads the key.
  EXPECT_TRUE(VerifyToken(*back, AnnToken(), clock_.Now()).ok());

  std::set<std::string> keys;
  for (int i = 0; i < 8; ++i) keys.insert(TokenKey::Generate().ToHex());
  EXPECT_EQ(keys.size(), 8U);
  EXPECT_NE(TokenKey().ToHex(), TokenKey().ToHex()) << "a default key is a random one";
  EXPECT_NE(TokenKey().ToHex(), std::string(64, '0'));

  for (const std::string& bad : {std::string(), hex.substr(1), hex + "0", "g" + hex.substr(1),
                                 hex.substr(2) + " 0", std::string(64, 'x')}) {
    SCOPED_TRACE(bad);
    const Status s = TokenKey::FromHex(bad).status();
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(s.field(), "token_key");
  }
}

TEST_F(TokenTest, AuthenticateFindsTheUser) {
  const std::string token = AnnToken();
  for (const std::string& bearer :
       {token, "Bearer " + token, "bearer " + token, "BEARER   " + token + " "}) {
    const Result<const core::User*> user = Authenticate(state_, key_, bearer, clock_.Now());
    ASSERT_TRUE(user.ok()) << bearer << ": " << user.status().ToString();
    EXPECT_EQ(*user, state_.FindUser("ann"));
  }
  for (const char* missing : {"", "Bearer ", "   "}) {
    EXPECT_EQ(Authenticate(state_, key_, missing, clock_.Now()).status(),
              Status::Unauthenticated("missing token"));
  }
  EXPECT_EQ(Authenticate(state_, key_, "Basic YW5uOnB3", clock_.Now()).status().code(),
            StatusCode::kUnauthenticated);
  clock_.Advance(hours(12));
  EXPECT_EQ(Authenticate(state_, key_, token, clock_.Now()).status(),
            Status::Unauthenticated("token expired"));
}

TEST(BearerTokenTest, TheSchemeInAnyCase) {
  EXPECT_EQ(BearerToken("Bearer abc.def").value_or("-"), "abc.def");
  EXPECT_EQ(BearerToken("bearer abc.def").value_or("-"), "abc.def");
  EXPECT_EQ(BearerToken("BEARER   abc.def  ").value_or("-"), "abc.def");
  EXPECT_EQ(BearerToken("Bearer ").value_or("-"), "");
  EXPECT_FALSE(BearerToken("Basic YW5uOnB3").has_value());
  EXPECT_FALSE(BearerToken("Bearerabc").has_value());
  EXPECT_FALSE(BearerToken("abc.def").has_value());
  EXPECT_FALSE(BearerToken("").has_value());
}

TEST_F(TokenTest, TokensOfUnknownDisabledOrRevokedUsersAreRefused) {
  const auto auth = [&](const std::string& token) {
    return Authenticate(state_, key_, token, clock_.Now()).status();
  };
  // Signed by the right key for a user who does not exist (or no longer does).
  EXPECT_EQ(auth(IssueToken(key_, "bob", 0, clock_.Now() + hours(1))),
            Status::Unauthenticated("token of an unknown user"));

  const std::string before = AnnToken(0);
  ASSERT_TRUE(auth(before).ok());
  ASSERT_TRUE(Apply(auth::UserDisabled{"ann"}).ok());
  EXPECT_EQ(auth(before), Status::Unauthenticated("user 'ann' is disabled"));
  EXPECT_EQ(auth(AnnToken(1)), Status::Unauthenticated("user 'ann' is disabled"));
  ASSERT_TRUE(Apply(auth::UserEnabled{"ann"}).ok());
  // Disabling revoked the old token for good; a new one works.
  EXPECT_EQ(auth(before), Status::Unauthenticated("token revoked"));
  const std::string after = AnnToken(state_.FindUser("ann")->token_version);
  EXPECT_TRUE(auth(after).ok());

  ASSERT_TRUE(Apply(auth::UserPasswordChanged{"ann", std::string(kHash)}).ok());
  EXPECT_EQ(auth(after), Status::Unauthenticated("token revoked"));
  const std::string third = AnnToken(state_.FindUser("ann")->token_version);
  EXPECT_TRUE(auth(third).ok());
  ASSERT_TRUE(Apply(auth::UserTokensRevoked{"ann"}).ok());
  EXPECT_EQ(auth(third), Status::Unauthenticated("token revoked"));
  // A version from the future is no better than one from the past.
  EXPECT_EQ(auth(AnnToken(state_.FindUser("ann")->token_version + 1)),
            Status::Unauthenticated("token revoked"));
  // A role change keeps tokens (the role is read from the state on every request).
  const std::string fourth = AnnToken(state_.FindUser("ann")->token_version);
  ASSERT_TRUE(Apply(auth::UserRoleChanged{"ann", core::Role::kViewer, core::OrgId("R")}).ok());
  const Result<const core::User*> user = Authenticate(state_, key_, fourth, clock_.Now());
  ASSERT_TRUE(user.ok());
  EXPECT_EQ((*user)->role, core::Role::kViewer);
}

// A key ring: tokens name the key that signed them; a retired key verifies until its time; a key
// not in the ring verifies nothing, whatever id the token gives.
TEST_F(TokenTest, KeyRingsVerifyWithTheKeyTheTokenNames) {
  const TimePoint now = clock_.Now();
  const TokenKey old_key = TokenKey::Generate();
  const TokenKey new_key = TokenKey::Generate();
  auto ring =
      KeyRing::Make({{.id = "1", .created = now, .retired_until = now + hours(12), .key = old_key},
                     {.id = "2", .created = now, .retired_until = {}, .key = new_key}});
  ASSERT_TRUE(ring.ok()) << ring.status().ToString();
  EXPECT_EQ(ring->current().id, "2");
  auto old_only = KeyRing::Make({{.id = "1", .created = now, .retired_until = {}, .key = old_key}});
  ASSERT_TRUE(old_only.ok());
  const std::string old_token = IssueToken(*old_only, "ann", 0, now + hours(12));
  const std::string new_token = IssueToken(*ring, "ann", 0, now + hours(12));
  EXPECT_TRUE(VerifyToken(*ring, old_token, now).ok());
  EXPECT_TRUE(VerifyToken(*ring, new_token, now).ok());
  // The new key does not verify what the old one signed under the old id, and vice versa.
  EXPECT_FALSE(VerifyToken(*old_only, new_token, now).ok());
  // A key not in the ring: a token minted with it is refused, whatever id it names.
  const TokenKey stranger = TokenKey::Generate();
  for (const char* id : {"1", "2", "0", "9"}) {
    auto forged_ring =
        KeyRing::Make({{.id = id, .created = now, .retired_until = {}, .key = stranger}});
    ASSERT_TRUE(forged_ring.ok());
    EXPECT_EQ(VerifyToken(*ring, IssueToken(*forged_ring, "ann", 0, now + hours(1)), now).status(),
              Status::Unauthenticated("token signature does not verify"))
        << id;
  }
  // The retired key verifies until its time, and not after, even for tokens that have not expired.
  clock_.Advance(hours(12));
  const std::string late_new = IssueToken(*ring, "ann", 0, clock_.Now() + hours(1));
  EXPECT_TRUE(VerifyToken(*ring, late_new, clock_.Now()).ok());
  auto long_lived =
      KeyRing::Make({{.id = "1", .created = now, .retired_until = {}, .key = old_key}});
  const std::string old_long = IssueToken(*long_lived, "ann", 0, clock_.Now() + hours(1));
  EXPECT_EQ(VerifyToken(*ring, old_long, clock_.Now()).status(),
            Status::Unauthenticated("token signature does not verify"));

  // Rings that cannot be.
  EXPECT_EQ(KeyRing::Make({}).status().code(), StatusCode::kInvalidArgument);
  for (const char* bad_id : {"", "a b", "x|y", "seventeen-chars-x"}) {
    EXPECT_EQ(KeyRing::Make({{.id = bad_id, .created = now, .retired_until = {}, .key = old_key}})
                  .status()
                  .code(),
              StatusCode::kInvalidArgument)
        << bad_id;
  }
  EXPECT_FALSE(KeyRing::Make({{.id = "1", .created = now, .retired_until = {}, .key = old_key},
                              {.id = "1", .created = now, .retired_until = now, .key = new_key}})
                   .ok());
  EXPECT_FALSE(KeyRing::Make({{.id = "1", .created = now, .retired_until = {}, .key = old_key},
                              {.id = "2", .created = now, .retired_until = {}, .key = new_key}})
                   .ok());
  EXPECT_FALSE(
      KeyRing::Make({{.id = "1", .created = now, .retired_until = now, .key = old_key}}).ok());
}

// A live ring replaced by its reloader: Get sees the new keys once the period has passed.
TEST_F(TokenTest, LiveKeyRingReloads) {
  const TokenKey a = TokenKey::Generate();
  const TokenKey b = TokenKey::Generate();
  auto ring_b =
      KeyRing::Make({{.id = "7", .created = clock_.Now(), .retired_until = {}, .key = b}});
  ASSERT_TRUE(ring_b.ok());
  int calls = 0;
  LiveKeyRing live(
      KeyRing(a),
      [&]() -> std::optional<KeyRing> {
        ++calls;
        return *ring_b;
      },
      std::chrono::milliseconds(0));
  const LiveKeyRing copy = live;  // shares
  EXPECT_EQ(copy.Get()->current().id, "7");
  EXPECT_GE(calls, 1);
  LiveKeyRing fixed(a);
  EXPECT_EQ(fixed.Get()->current().id, kSingleKeyId);
}

}  // namespace
}  // namespace elink::auth
