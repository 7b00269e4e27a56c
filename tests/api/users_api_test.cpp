// SPDX-License-Identifier: Apache-2.0
// User administration through the API (issue #16, item 7): everything `elink user` does, so that
// a live center never needs the command line. Admins only, an admin of a sub-organisation only
// within its subtree; bad bodies are 400 problems with a message_id, unknown users 404, and a
// disabled user's token is refused by the very next request.
#include "api/service_fixture.hpp"

#include <gtest/gtest.h>

#include <string>

namespace elink::api {
namespace {

class UsersApiTest : public ServiceTest {
 protected:
  static std::string NewUser(const std::string& name, const std::string& role,
                             const std::string& org) {
    return Json{{"name", name}, {"role", role}, {"org", org}, {"password", kPassword}}.dump();
  }
};

TEST_F(UsersApiTest, AnAdminManagesAUserFromCreationToDisabling) {
  const std::string admin = Login("admin");
  // Create, then the new user signs in.
  Reply r = Call("POST", "/api/v1/users",
                 Json{{"name", "li.na"},
                      {"role", "dispatcher"},
                      {"org", "sf-central"},
                      {"password", kPassword},
                      {"display", {{"zh", "李娜"}, {"en", "Li Na"}}}}
                     .dump(),
                 admin);
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_TRUE(r.body.value("saved", false));
  const std::string li = Login("li.na");
  ASSERT_EQ(Call("GET", "/api/v1/me", "", li).status, 200);
  // Listed, never with a password.
  r = Call("GET", "/api/v1/users", "", admin);
  ASSERT_EQ(r.status, 200);
  bool found = false;
  for (const Json& u : r.body["items"]) {
    EXPECT_FALSE(u.contains("password_hash"));
    if (u["name"] == "li.na") {
      found = true;
      EXPECT_EQ(u["display"]["zh"], "李娜");
      EXPECT_EQ(u["role"], "dispatcher");
      EXPECT_EQ(u["disabled"], false);
    }
  }
  EXPECT_TRUE(found) << r.raw;
  // A role change keeps the token; the role applies at once.
  r = Call("POST", "/api/v1/users/li.na/role", R"({"role": "commander", "org": "sf"})", admin);
  ASSERT_EQ(r.status, 200) << r.raw;
  r = Call("GET", "/api/v1/me", "", li);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body["role"], "commander");
  EXPECT_EQ(r.body["org"], "sf");
  // Revoking tokens: the old one is refused at once; a new sign-in works.
  ASSERT_EQ(Call("POST", "/api/v1/users/li.na/revoke-tokens", "", admin).status, 200);
  EXPECT_EQ(Call("GET", "/api/v1/me", "", li).status, 401);
  std::string li2 = Login("li.na");
  ASSERT_EQ(Call("GET", "/api/v1/me", "", li2).status, 200);
  // A new password: old tokens and the old password stop working.
  r = Call("POST", "/api/v1/users/li.na/password", R"({"password": "another long password"})",
           admin);
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(Call("GET", "/api/v1/me", "", li2).status, 401);
  EXPECT_EQ(
      Call("POST", "/api/v1/auth/login", Json{{"user", "li.na"}, {"password", kPassword}}.dump())
          .status,
      401);
  r = Call("POST", "/api/v1/auth/login",
           Json{{"user", "li.na"}, {"password", "another long password"}}.dump());
  ASSERT_EQ(r.status, 200) << r.raw;
  const std::string li3 = r.body["token"];
  // Disabling: the token is refused by the very next request, and sign-in too.
  ASSERT_EQ(Call("GET", "/api/v1/me", "", li3).status, 200);
  ASSERT_EQ(Call("POST", "/api/v1/users/li.na/disable", "{}", admin).status, 200);
  r = Call("GET", "/api/v1/me", "", li3);
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.body.value("message_id", ""), "auth.user_disabled") << r.raw;
  EXPECT_EQ(Call("POST", "/api/v1/incidents",
                 R"({"type": "fire.residential", "location": )" + kMarina + "}", li3)
                .status,
            401);
  // Disabling twice is a conflict; enabling brings the user back, not the old tokens.
  const std::uint64_t head = Head();
  ExpectProblem(Call("POST", "/api/v1/users/li.na/disable", "", admin), 409, "disabled", head);
  ASSERT_EQ(Call("POST", "/api/v1/users/li.na/enable", "", admin).status, 200);
  EXPECT_EQ(Call("GET", "/api/v1/me", "", li3).status, 401);
  r = Call("POST", "/api/v1/auth/login",
           Json{{"user", "li.na"}, {"password", "another long password"}}.dump());
  EXPECT_EQ(r.status, 200) << r.raw;
  // Everything survives a restart.
  Restart();
  const core::User* user = engine_->View()->FindUser("li.na");
  ASSERT_NE(user, nullptr);
  EXPECT_EQ(user->role, core::Role::kCommander);
  EXPECT_FALSE(user->disabled);
}

TEST_F(UsersApiTest, OnlyAdminsAndOnlyWithinTheirSubtree) {
  // An admin of sf-west, a sub-organisation.
  ASSERT_TRUE(
      engine_
          ->Execute(
              {"admin", "",
               auth::AddUser{
                   "west.admin", {"w", "w"}, core::Role::kAdmin, core::OrgId("sf-west"), *hash_}})
          .ok());
  const std::string west_admin = Login("west.admin");
  const std::uint64_t head = Head();
  // Not admins: 403 for every route, before anything is looked up.
  for (const char* who : {"central", "chief", "watcher", "analyst"}) {
    const std::string token = Login(who);
    for (const auto& [method, path, body] :
         std::vector<std::tuple<std::string, std::string, std::string>>{
             {"GET", "/api/v1/users", ""},
             {"POST", "/api/v1/users", NewUser("x1", "viewer", "sf-central")},
             {"POST", "/api/v1/users/west/disable", ""},
             {"POST", "/api/v1/users/nosuch/enable", ""},
             {"POST", "/api/v1/users/west/revoke-tokens", ""},
             {"POST", "/api/v1/users/west/role", R"({"role": "viewer"})"},
             {"POST", "/api/v1/users/west/password", R"({"password": "long enough pw"})"}}) {
      const Reply r = Call(method, path, body, token);
      ExpectProblem(r, 403, "", head);
      EXPECT_EQ(r.body.value("message_id", ""), "auth.role_may_not") << who << " " << path;
    }
  }
  // The sub-organisation's admin: its own subtree only.
  ExpectProblem(Call("POST", "/api/v1/users/central/disable", "", west_admin), 403, "", head);
  ExpectProblem(Call("POST", "/api/v1/users", NewUser("x2", "viewer", "sf-central"), west_admin),
                403, "", head);
  ExpectProblem(
      Call("POST", "/api/v1/users/west/role", R"({"role": "viewer", "org": "sf"})", west_admin),
      403, "", head);
  ExpectProblem(
      Call("POST", "/api/v1/users/admin/password", R"({"password": "long enough pw"})", west_admin),
      403, "", head);
  Reply r = Call("GET", "/api/v1/users", "", west_admin);
  ASSERT_EQ(r.status, 200);
  std::set<std::string> seen;
  for (const Json& u : r.body["items"]) seen.insert(u["name"]);
  EXPECT_EQ(seen, (std::set<std::string>{"west", "west.admin"}));
  const std::string west = Login("west");
  ASSERT_EQ(Call("POST", "/api/v1/users/west/disable", "", west_admin).status, 200);
  EXPECT_EQ(Call("GET", "/api/v1/me", "", west).status, 401);
  ASSERT_EQ(
      Call("POST", "/api/v1/users", NewUser("west.two", "viewer", "sf-west"), west_admin).status,
      200);
}

TEST_F(UsersApiTest, BadBodiesAndUnknownUsersAreProblemsThatChangeNothing) {
  const std::string admin = Login("admin");
  const std::uint64_t head = Head();
  struct Bad {
    std::string method;
    std::string path;
    std::string body;
    int status;
    std::string field;
    std::string message_id;
  };
  const std::vector<Bad> bad = {
      {"POST", "/api/v1/users", "not json", 400, "", ""},
      {"POST", "/api/v1/users", R"({"name": "x", "role": "viewer", "org": "sf"})", 400, "password",
       ""},
      {"POST", "/api/v1/users", NewUser("Bad Name", "viewer", "sf"), 400, "name", "auth.user_name"},
      {"POST", "/api/v1/users", NewUser("x", "emperor", "sf"), 400, "role", ""},
      {"POST", "/api/v1/users", NewUser("x", "viewer", "nowhere"), 400, "org", ""},
      {"POST", "/api/v1/users", NewUser("central", "viewer", "sf"), 409, "name",
       "auth.user_exists"},
      {"POST", "/api/v1/users",
       Json{{"name", "x"}, {"role", "viewer"}, {"org", "sf"}, {"password", "short"}}.dump(), 400,
       "password", ""},
      {"POST", "/api/v1/users",
       R"({"name": "x", "role": "viewer", "org": "sf", "password": "long enough pw", "extra": 1})",
       400, "extra", ""},
      {"POST", "/api/v1/users", NewUser("x", "regional_coordinator", "sf"), 400, "org",
       "auth.coordinator_at_root"},
      {"POST", "/api/v1/users/nosuch/disable", "", 404, "name", "auth.no_user"},
      {"POST", "/api/v1/users/nosuch/enable", "", 404, "name", "auth.no_user"},
      {"POST", "/api/v1/users/nosuch/revoke-tokens", "", 404, "name", "auth.no_user"},
      {"POST", "/api/v1/users/nosuch/role", R"({"role": "viewer"})", 404, "name", "auth.no_user"},
      {"POST", "/api/v1/users/nosuch/password", R"({"password": "long enough pw"})", 404, "name",
       "auth.no_user"},
      {"POST", "/api/v1/users/central/disable", R"({"why": 1})", 400, "why", ""},
      {"POST", "/api/v1/users/central/role", "{}", 400, "role", ""},
      {"POST", "/api/v1/users/central/role", R"({"role": "emperor"})", 400, "role", ""},
      {"POST", "/api/v1/users/central/role", R"({"role": "viewer", "org": "nowhere"})", 400, "org",
       ""},
      {"POST", "/api/v1/users/central/role", R"({"role": "dispatcher"})", 409, "role",
       "auth.already_role_at"},
      {"POST", "/api/v1/users/central/password", R"({"password": "short"})", 400, "password", ""},
      {"POST", "/api/v1/users/central/password", R"({"password": 12345678})", 400, "password", ""},
      {"POST", "/api/v1/users/central/enable", "", 409, "disabled", "auth.already_enabled"},
      // The last administrator of the root cannot lock everyone out.
      {"POST", "/api/v1/users/admin/disable", "", 409, "disabled", "auth.last_root_admin"},
      {"POST", "/api/v1/users/admin/role", R"({"role": "viewer"})", 409, "role",
       "auth.last_root_admin"},
  };
  for (const Bad& b : bad) {
    SCOPED_TRACE(b.path + " " + b.body);
    const Reply r = Call(b.method, b.path, b.body, admin);
    ExpectProblem(r, b.status, b.field, head);
    EXPECT_FALSE(r.body.value("message_id", "").empty()) << r.raw;
    if (!b.message_id.empty()) {
      EXPECT_EQ(r.body.value("message_id", ""), b.message_id) << r.raw;
    }
  }
}

}  // namespace
}  // namespace elink::api
