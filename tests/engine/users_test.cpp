// SPDX-License-Identifier: Apache-2.0
// Users of `elink serve` and incident sharing through Decide and State::Apply: what each command
// records, and every refusal naming its field and leaving the state as it was.
#include "engine/decide.hpp"
#include "engine/decide_apply.hpp"
#include "support/test_region.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace elink::engine {
namespace {

// The domains' commands and events by name (engine/registry.hpp lists them).
using namespace elink::engine::domains;  // NOLINT(google-build-using-namespace)

using core::IncidentId;
using core::OrgId;
using core::Role;

// The form crypto_pwhash_str writes; Decide checks only the form (hashing is the caller's).
const std::string kHash =
    "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$"
    "3M9Ytq5F8cQy1mC0i6Sx7k1b2lQ0w3t2mX9c2a1bQkE";
const std::string kOtherHash =
    "$argon2id$v=19$m=65536,t=2,p=1$b3RoZXJzYWx0b3RoZXJzYQ$"
    "Zm9vYmFyYmF6cXV4cXV1eGZvb2JhcmJhenF1eHF1dXg";

class UsersTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(Run(ImportRegion{testing::SmallRegion()}).ok()); }

  Status Run(const CommandBody& c, std::vector<engine::EventBody>* made = nullptr) {
    return testing::DecideAndApply(state_, c, now_, made);
  }

  static AddUser User(const std::string& name, Role role, const char* org) {
    return AddUser{name, {name + "中文", name + " en"}, role, OrgId(org), kHash};
  }

  void ExpectRefused(const CommandBody& c, StatusCode code, std::string_view field) {
    const Status s = testing::ExpectRefusedByDecide(state_, c, now_, code, field);
    EXPECT_EQ(s.message().find("argon2id$v"), std::string::npos) << "a hash in a message";
  }

  IncidentId Report(core::LatLon where) {
    const IncidentId id = state_.next_incident_id();
    ReportIncident r;
    r.type = "fire.residential";
    r.location = where;
    EXPECT_TRUE(Run(r).ok());
    return id;
  }

  core::State state_;
  TimePoint now_ = FromUnixMillis(1'700'000'000'000);
};

TEST_F(UsersTest, AddUserRecordsItEnabledWithTheHash) {
  std::vector<engine::EventBody> made;
  ASSERT_TRUE(Run(User("wang.fang", Role::kDispatcher, "D1"), &made).ok());
  ASSERT_EQ(made.size(), 1U);
  const auto& added = std::get<auth::UserAdded>(made[0]);
  EXPECT_EQ(added.name, "wang.fang");
  EXPECT_EQ(added.password_hash, kHash);
  const core::User* user = state_.FindUser("wang.fang");
  ASSERT_NE(user, nullptr);
  EXPECT_EQ(user->display, (core::Name{"wang.fang中文", "wang.fang en"}));
  EXPECT_EQ(user->role, Role::kDispatcher);
  EXPECT_EQ(user->org, OrgId("D1"));
  EXPECT_EQ(user->password_hash, kHash);
  EXPECT_FALSE(user->disabled);
  EXPECT_EQ(user->created_at, now_);
  EXPECT_EQ(user->token_version, 0U);
  EXPECT_TRUE(Run(User("0_a.b-c", Role::kViewer, "K2")).ok());
  EXPECT_TRUE(Run(User(std::string(64, 'x'), Role::kViewer, "K2")).ok());
  EXPECT_EQ(state_.users().size(), 3U);
}

TEST_F(UsersTest, AddUserRefusals) {
  ASSERT_TRUE(Run(User("ann", Role::kViewer, "D1")).ok());
  for (const std::string& bad :
       std::vector<std::string>{"", "Ann", "wang fang", "王芳", "a/b", "a@b", "a:b",
                                std::string(65, 'x'), std::string("a\0b", 3)}) {
    SCOPED_TRACE(bad);
    ExpectRefused(User(bad, Role::kViewer, "D1"), StatusCode::kInvalidArgument, "name");
  }
  ExpectRefused(User("ann", Role::kCommander, "D2"), StatusCode::kConflict, "name");
  AddUser bad_text = User("bob", Role::kViewer, "D1");
  bad_text.display.zh = "\xff";
  ExpectRefused(bad_text, StatusCode::kInvalidArgument, "display.zh");
  bad_text = User("bob", Role::kViewer, "D1");
  bad_text.display.en = std::string(core::kMaxShortText + 1, 'a');
  ExpectRefused(bad_text, StatusCode::kInvalidArgument, "display.en");
  ExpectRefused(User("bob", Role::kViewer, "D9"), StatusCode::kInvalidArgument, "org");
  // A regional coordinator acts across the region: only at its root.
  ExpectRefused(User("bob", Role::kRegionalCoordinator, "C"), StatusCode::kInvalidArgument, "org");
  for (const std::string& hash :
       {std::string(""), std::string("correct horse battery staple"),
        std::string("$argon2i$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$aGFzaA"),
        std::string("$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$"), kHash + "\n", kHash + "$x"}) {
    SCOPED_TRACE(hash);
    AddUser c = User("bob", Role::kViewer, "D1");
    c.password_hash = hash;
    ExpectRefused(c, StatusCode::kInvalidArgument, "password_hash");
  }
  EXPECT_TRUE(Run(User("bob", Role::kRegionalCoordinator, "R")).ok());
}

TEST_F(UsersTest, UsersNeedARegion) {
  state_ = core::State();
  ExpectRefused(User("ann", Role::kAdmin, "R"), StatusCode::kFailedPrecondition, "");
}

TEST_F(UsersTest, RoleChanges) {
  ASSERT_TRUE(Run(User("ann", Role::kDispatcher, "D1")).ok());
  ExpectRefused(ChangeUserRole{"bob", Role::kViewer, OrgId("D1")}, StatusCode::kNotFound, "name");
  ExpectRefused(ChangeUserRole{"ann", Role::kDispatcher, OrgId("D1")},
                StatusCode::kFailedPrecondition, "role");
  ExpectRefused(ChangeUserRole{"ann", Role::kViewer, OrgId("D9")}, StatusCode::kInvalidArgument,
                "org");
  ExpectRefused(ChangeUserRole{"ann", Role::kRegionalCoordinator, OrgId("D1")},
                StatusCode::kInvalidArgument, "org");
  ASSERT_TRUE(Run(ChangeUserRole{"ann", Role::kCommander, OrgId("C")}).ok());
  const core::User& ann = *state_.FindUser("ann");
  EXPECT_EQ(ann.role, Role::kCommander);
  EXPECT_EQ(ann.org, OrgId("C"));
  EXPECT_EQ(ann.token_version, 0U) << "the role is read per request; tokens stay valid";
}

TEST_F(UsersTest, PasswordChangeDisablingAndRevocationBumpTheTokenVersion) {
  ASSERT_TRUE(Run(User("ann", Role::kDispatcher, "D1")).ok());
  ExpectRefused(ChangePassword{"bob", kOtherHash}, StatusCode::kNotFound, "name");
  ExpectRefused(ChangePassword{"ann", "new password"}, StatusCode::kInvalidArgument,
                "password_hash");
  ASSERT_TRUE(Run(ChangePassword{"ann", kOtherHash}).ok());
  EXPECT_EQ(state_.FindUser("ann")->password_hash, kOtherHash);
  EXPECT_EQ(state_.FindUser("ann")->token_version, 1U);

  ExpectRefused(SetUserDisabled{"ann", false}, StatusCode::kFailedPrecondition, "disabled");
  ExpectRefused(SetUserDisabled{"bob", true}, StatusCode::kNotFound, "name");
  std::vector<engine::EventBody> made;
  ASSERT_TRUE(Run(SetUserDisabled{"ann", true}, &made).ok());
  ASSERT_TRUE(std::holds_alternative<auth::UserDisabled>(made.at(0)));
  EXPECT_TRUE(state_.FindUser("ann")->disabled);
  EXPECT_EQ(state_.FindUser("ann")->token_version, 2U);
  ExpectRefused(SetUserDisabled{"ann", true}, StatusCode::kFailedPrecondition, "disabled");
  ASSERT_TRUE(Run(SetUserDisabled{"ann", false}, &made).ok());
  ASSERT_TRUE(std::holds_alternative<auth::UserEnabled>(made.at(0)));
  EXPECT_FALSE(state_.FindUser("ann")->disabled);
  EXPECT_EQ(state_.FindUser("ann")->token_version, 2U) << "enabling brings no token back";

  ExpectRefused(RevokeUserTokens{"bob"}, StatusCode::kNotFound, "name");
  ASSERT_TRUE(Run(RevokeUserTokens{"ann"}).ok());
  EXPECT_EQ(state_.FindUser("ann")->token_version, 3U);
}

TEST_F(UsersTest, TheLastRootAdministratorStays) {
  ASSERT_TRUE(Run(User("root1", Role::kAdmin, "R")).ok());
  ASSERT_TRUE(Run(User("city", Role::kAdmin, "C")).ok());  // not at the root: does not count
  ExpectRefused(SetUserDisabled{"root1", true}, StatusCode::kFailedPrecondition, "disabled");
  ExpectRefused(ChangeUserRole{"root1", Role::kCommander, OrgId("R")},
                StatusCode::kFailedPrecondition, "role");
  ExpectRefused(ChangeUserRole{"root1", Role::kAdmin, OrgId("C")}, StatusCode::kFailedPrecondition,
                "role");
  // Other users come and go freely.
  ASSERT_TRUE(Run(SetUserDisabled{"city", true}).ok());
  // A second root administrator lets the first go; a disabled one does not count.
  ASSERT_TRUE(Run(User("root2", Role::kAdmin, "R")).ok());
  ASSERT_TRUE(Run(SetUserDisabled{"root2", true}).ok());
  ExpectRefused(SetUserDisabled{"root1", true}, StatusCode::kFailedPrecondition, "disabled");
  ASSERT_TRUE(Run(SetUserDisabled{"root2", false}).ok());
  ASSERT_TRUE(Run(ChangeUserRole{"root1", Role::kRegionalCoordinator, OrgId("R")}).ok());
  ExpectRefused(SetUserDisabled{"root2", true}, StatusCode::kFailedPrecondition, "disabled");
  ASSERT_TRUE(Run(ChangePassword{"root2", kOtherHash}).ok());
}

TEST_F(UsersTest, ShareAndUnshare) {
  const IncidentId k1 = Report({30.005, 120.005});  // G1: jurisdiction K1
  ExpectRefused(ShareIncident{IncidentId(99), OrgId("D2")}, StatusCode::kNotFound, "incident");
  ExpectRefused(ShareIncident{k1, OrgId("D9")}, StatusCode::kInvalidArgument, "org");
  // K1 and everything above it see the incident already.
  for (const char* above : {"K1", "D1", "C", "R"}) {
    SCOPED_TRACE(above);
    ExpectRefused(ShareIncident{k1, OrgId(above)}, StatusCode::kFailedPrecondition, "org");
  }
  std::vector<engine::EventBody> made;
  ASSERT_TRUE(Run(ShareIncident{k1, OrgId("D2")}, &made).ok());
  ASSERT_EQ(made.size(), 1U);
  EXPECT_EQ(std::get<dispatch::IncidentShared>(made[0]).org, OrgId("D2"));
  ExpectRefused(ShareIncident{k1, OrgId("D2")}, StatusCode::kFailedPrecondition, "org");
  ASSERT_TRUE(Run(ShareIncident{k1, OrgId("K2")}).ok());
  EXPECT_EQ(state_.FindIncident(k1)->shared_with, (std::vector<OrgId>{OrgId("D2"), OrgId("K2")}));
  EXPECT_EQ(state_.FindIncident(k1)->chronology.back().what, "incident_shared");

  ExpectRefused(UnshareIncident{IncidentId(99), OrgId("D2")}, StatusCode::kNotFound, "incident");
  ExpectRefused(UnshareIncident{k1, OrgId("D1")}, StatusCode::kFailedPrecondition, "org");
  ASSERT_TRUE(Run(UnshareIncident{k1, OrgId("D2")}).ok());
  EXPECT_EQ(state_.FindIncident(k1)->shared_with, std::vector<OrgId>{OrgId("K2")});

  // Outside every grid: no jurisdiction, the root's; any other organisation may be given it.
  const IncidentId nowhere = Report({31.0, 121.0});
  ExpectRefused(ShareIncident{nowhere, OrgId("R")}, StatusCode::kFailedPrecondition, "org");
  EXPECT_TRUE(Run(ShareIncident{nowhere, OrgId("D1")}).ok());
}

}  // namespace
}  // namespace elink::engine
