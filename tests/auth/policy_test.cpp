// SPDX-License-Identifier: Apache-2.0
// The access policy: the role × action table, and a role × jurisdiction matrix on SmallRegion
// (R region ─ C city ─ D1, D2 districts ─ K1, K2 communities).
#include "auth/policy.hpp"

#include "engine/registry.hpp"
#include "support/test_region.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

namespace elink::auth {
namespace {

using core::IncidentId;
using core::OrgId;
using core::Role;
using core::UnitId;
using A = Action;

const std::vector<Role> kRoles = {Role::kViewer,     Role::kAnalyst,   Role::kGridWorker,
                                  Role::kDispatcher, Role::kCommander, Role::kRegionalCoordinator,
                                  Role::kAdmin};

// The table of docs/auth.md, written out on its own (not computed from the code under test).
std::set<Action> Allowed(Role role) {
  const std::set<Action> read = {A::kReadIncidents, A::kReadUnits, A::kReadReference};
  std::set<Action> out = read;
  const auto add = [&](std::initializer_list<Action> more) { out.insert(more); };
  switch (role) {
    case Role::kViewer: break;
    case Role::kAnalyst: add({A::kReadEventLog}); break;
    case Role::kGridWorker: add({A::kCreateIncident}); break;
    case Role::kDispatcher:
      add({A::kCreateIncident, A::kVerifyIncident, A::kDispatch, A::kChangeUnitStatus,
           A::kReportPositions, A::kAcknowledgeTask, A::kRecordReading});
      break;
    case Role::kCommander:
    case Role::kRegionalCoordinator:
      add({A::kCreateIncident, A::kVerifyIncident, A::kDispatch, A::kChangeUnitStatus,
           A::kReportPositions, A::kAcknowledgeTask, A::kChangeIncidentLevel, A::kMergeIncidents,
           A::kCloseIncident, A::kShareIncident, A::kReadEventLog, A::kPublishAlert,
           A::kRecordReading, A::kEditResources});
      if (role == Role::kRegionalCoordinator) add({A::kAssign});
      break;
    case Role::kAdmin: out.insert(AllActions().begin(), AllActions().end()); break;
  }
  return out;
}

core::User MakeUser(Role role, const char* org) {
  core::User u;
  u.name = std::string(core::CodeOf(role)) + "." + org;
  u.role = role;
  u.org = OrgId(org);
  return u;
}

TEST(PolicyTest, RoleActionTable) {
  EXPECT_EQ(AllActions().size(), 19U);
  std::set<std::string_view> codes;
  for (const Action a : AllActions()) EXPECT_TRUE(codes.insert(ActionCode(a)).second);
  for (const Role role : kRoles) {
    const std::set<Action> allowed = Allowed(role);
    for (const Action action : AllActions()) {
      EXPECT_EQ(RoleAllows(role, action), allowed.count(action) == 1)
          << core::CodeOf(role) << " " << ActionCode(action);
    }
  }
  EXPECT_EQ(ActionCode(A::kReadEventLog), "read_event_log");
  EXPECT_EQ(ActionCode(A::kRecordReading), "record_reading");
  EXPECT_EQ(ActionCode(A::kEditResources), "edit_resources");
}

// A sensor's readings are posted within its organisation's subtree: the district's duty desk for
// its own gauges, the city's for all of them; never the neighbour's, never by a read-only role.
TEST(PolicyTest, RecordReadingIsScopedToTheSensorsOrganisation) {
  core::State state;
  ASSERT_TRUE(
      engine::Apply(state,
                    engine::Event{1, {}, "t", "", region::RegionImported{testing::SmallRegion()}})
          .ok());
  const auto check = [&](Role role, const char* at, const char* sensor_org) {
    return Check(state, MakeUser(role, at), A::kRecordReading, OrgId(sensor_org)).code();
  };
  EXPECT_EQ(check(Role::kDispatcher, "D1", "D1"), StatusCode::kOk);
  EXPECT_EQ(check(Role::kDispatcher, "D1", "K1"), StatusCode::kOk);
  EXPECT_EQ(check(Role::kDispatcher, "C", "D2"), StatusCode::kOk);
  EXPECT_EQ(check(Role::kAdmin, "R", "K2"), StatusCode::kOk);
  EXPECT_EQ(check(Role::kDispatcher, "D1", "D2"), StatusCode::kPermissionDenied);
  EXPECT_EQ(check(Role::kDispatcher, "K1", "D1"), StatusCode::kPermissionDenied);
  EXPECT_EQ(check(Role::kAnalyst, "R", "D1"), StatusCode::kPermissionDenied);
  EXPECT_EQ(check(Role::kViewer, "D1", "D1"), StatusCode::kPermissionDenied);
  EXPECT_EQ(check(Role::kGridWorker, "K1", "K1"), StatusCode::kPermissionDenied);
  const Status s = Check(state, MakeUser(Role::kAnalyst, "R"), A::kRecordReading);
  EXPECT_EQ(s.message(), "role analyst may not record sensor readings");
}

class PolicyMatrixTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(Apply(region::RegionImported{testing::SmallRegion()}).ok());
    in_k1_ = Report({30.005, 120.005});
    in_k2_ = Report({30.005, 120.015});
    shared_ = Report({30.006, 120.016});  // K2, D2's: shared with D1
    ASSERT_TRUE(Apply(dispatch::IncidentShared{shared_, OrgId("D1")}).ok());
    nowhere_ = Report({31.0, 121.0});  // outside every grid: no jurisdiction
    // D2's engine goes to the shared incident, its ladder to the one in K2.
    Dispatch(shared_, "E2");
    Dispatch(in_k2_, "L2");
  }

  Status Apply(engine::EventBody body) {
    return engine::Apply(state_,
                         {state_.last_seq() + 1, FromUnixMillis(1000), "t", "", std::move(body)});
  }

  IncidentId Report(core::LatLon where) {
    dispatch::IncidentReported r;
    r.id = state_.next_incident_id();
    r.type = "fire.residential";
    r.location = where;
    if (const core::Grid* g = state_.GridAt(where)) {
      r.grid = g->id;
      r.jurisdiction = g->community;
    }
    EXPECT_TRUE(Apply(r).ok());
    return r.id;
  }

  void Dispatch(IncidentId id, const char* unit) {
    ASSERT_TRUE(Apply(dispatch::IncidentStatusChanged{id, core::IncidentStatus::kReported,
                                                      core::IncidentStatus::kVerified, ""})
                    .ok());
    ASSERT_TRUE(Apply(dispatch::UnitDispatched{UnitId(unit), id}).ok());
  }

  core::State state_;
  IncidentId in_k1_, in_k2_, shared_, nowhere_;
};

TEST_F(PolicyMatrixTest, RoleByJurisdiction) {
  // Which of (K1, K2, shared from D2 to D1) each organisation sees: written out by hand.
  const std::map<std::string, std::vector<bool>> sees = {
      {"D1", {true, false, true}},   // its own, and the one shared with it
      {"D2", {false, true, true}},   // its own two (sharing does not take one away)
      {"C", {true, true, true}},     // the parent sees its whole subtree
      {"K1", {true, false, false}},  // sharing with D1 does not reach D1's communities
  };
  for (const auto& [org, visible] : sees) {
    const std::vector<IncidentId> incidents = {in_k1_, in_k2_, shared_};
    for (const Role role : kRoles) {
      const core::User user = MakeUser(role, org.c_str());
      const std::set<Action> allowed = Allowed(role);
      for (std::size_t i = 0; i < incidents.size(); ++i) {
        EXPECT_EQ(CanSeeIncident(state_, user, *state_.FindIncident(incidents[i])), visible[i])
            << org << " incident " << i;
        for (const Action action : AllActions()) {
          const Status s = CheckIncident(state_, user, action, incidents[i]);
          const bool expected = allowed.count(action) == 1 && visible[i];
          EXPECT_EQ(s.ok(), expected) << user.name << " " << ActionCode(action) << " incident "
                                      << ToString(incidents[i]) << ": " << s.ToString();
          if (!s.ok()) {
            EXPECT_EQ(s.code(), StatusCode::kPermissionDenied);
          }
        }
      }
    }
  }
}

TEST_F(PolicyMatrixTest, DeniedMessagesSayWhy) {
  const core::User viewer = MakeUser(Role::kViewer, "D1");
  const core::User dispatcher = MakeUser(Role::kDispatcher, "D1");
  EXPECT_EQ(Check(state_, viewer, A::kDispatch),
            Status::PermissionDenied("role viewer may not dispatch"));
  EXPECT_EQ(CheckIncident(state_, viewer, A::kCloseIncident, in_k1_),
            Status::PermissionDenied("role viewer may not close incidents"));
  EXPECT_EQ(CheckIncident(state_, dispatcher, A::kDispatch, in_k2_),
            Status::PermissionDenied("incident 2 is outside D1组织's jurisdiction"));
  EXPECT_EQ(Check(state_, dispatcher, A::kDispatch, OrgId("D2")),
            Status::PermissionDenied("D2组织 is outside D1组织's jurisdiction"));
  EXPECT_EQ(CheckIncident(state_, dispatcher, A::kDispatch, IncidentId(99)).code(),
            StatusCode::kNotFound);
  EXPECT_EQ(CheckUnit(state_, dispatcher, A::kDispatch, UnitId("X9")).code(),
            StatusCode::kNotFound);
  core::User disabled = MakeUser(Role::kAdmin, "R");
  disabled.disabled = true;
  EXPECT_EQ(Check(state_, disabled, A::kReadIncidents),
            Status::PermissionDenied("user '" + disabled.name + "' is disabled"));
}

TEST_F(PolicyMatrixTest, OrganisationTargets) {
  for (const Role role : kRoles) {
    const core::User d1 = MakeUser(role, "D1");
    const core::User c = MakeUser(role, "C");
    for (const Action action : AllActions()) {
      const bool allowed = RoleAllows(role, action);
      EXPECT_EQ(Check(state_, d1, action, OrgId("D1")).ok(), allowed);
      EXPECT_EQ(Check(state_, d1, action, OrgId("K1")).ok(), allowed);
      EXPECT_FALSE(Check(state_, d1, action, OrgId("D2")).ok());
      EXPECT_FALSE(Check(state_, d1, action, OrgId("K2")).ok());
      EXPECT_FALSE(Check(state_, d1, action, OrgId("C")).ok());
      EXPECT_FALSE(Check(state_, d1, action, OrgId("nowhere")).ok());
      EXPECT_EQ(Check(state_, c, action, OrgId("K2")).ok(), allowed);
      EXPECT_FALSE(Check(state_, c, action, OrgId("R")).ok());
      EXPECT_EQ(Check(state_, d1, action).ok(), allowed);
    }
  }
  EXPECT_TRUE(InScope(state_, MakeUser(Role::kViewer, "R"), OrgId("K2")));
  EXPECT_FALSE(InScope(state_, MakeUser(Role::kViewer, "K1"), OrgId("D1")));
}

TEST_F(PolicyMatrixTest, IncidentsWithoutJurisdictionBelongToTheRoot) {
  const core::Incident& nowhere = *state_.FindIncident(nowhere_);
  ASSERT_FALSE(nowhere.jurisdiction.has_value());
  EXPECT_TRUE(CanSeeIncident(state_, MakeUser(Role::kViewer, "R"), nowhere));
  for (const char* org : {"C", "D1", "K2"}) {
    EXPECT_FALSE(CanSeeIncident(state_, MakeUser(Role::kAdmin, org), nowhere)) << org;
  }
  ASSERT_TRUE(Apply(dispatch::IncidentShared{nowhere_, OrgId("D2")}).ok());
  EXPECT_TRUE(
      CanSeeIncident(state_, MakeUser(Role::kViewer, "D2"), *state_.FindIncident(nowhere_)));
  EXPECT_TRUE(CanSeeIncident(state_, MakeUser(Role::kViewer, "C"), *state_.FindIncident(nowhere_)));
  EXPECT_FALSE(
      CanSeeIncident(state_, MakeUser(Role::kViewer, "D1"), *state_.FindIncident(nowhere_)));
}

TEST_F(PolicyMatrixTest, UnitsByOrganisationOrByTheirIncident) {
  const core::User d1 = MakeUser(Role::kDispatcher, "D1");
  const core::User d2 = MakeUser(Role::kDispatcher, "D2");
  const auto sees = [&](const core::User& u, const char* unit) {
    return CanSeeUnit(state_, u, *state_.FindUnit(UnitId(unit)));
  };
  EXPECT_TRUE(sees(d1, "E1"));
  EXPECT_TRUE(sees(d1, "A1"));
  EXPECT_TRUE(sees(d1, "E2")) << "on the incident D2 shared with D1";
  EXPECT_FALSE(sees(d1, "L2")) << "on D2's own incident";
  EXPECT_TRUE(sees(d2, "E2"));
  EXPECT_FALSE(sees(d2, "E1"));
  EXPECT_TRUE(sees(MakeUser(Role::kViewer, "C"), "L2"));
  EXPECT_FALSE(sees(MakeUser(Role::kViewer, "K1"), "E1")) << "E1 belongs to D1, above K1";

  // D1 may report on the mutual-aid engine at the shared incident, not send it anywhere.
  EXPECT_TRUE(CheckUnit(state_, d1, A::kReadUnits, UnitId("E2")).ok());
  EXPECT_TRUE(CheckUnit(state_, d1, A::kChangeUnitStatus, UnitId("E2")).ok());
  EXPECT_TRUE(CheckUnit(state_, d1, A::kReportPositions, UnitId("E2")).ok());
  EXPECT_EQ(CheckUnit(state_, d1, A::kDispatch, UnitId("E2")),
            Status::PermissionDenied("unit E2 is outside D1组织's jurisdiction"));
  EXPECT_TRUE(CheckUnit(state_, d1, A::kDispatch, UnitId("E1")).ok());
  EXPECT_FALSE(CheckUnit(state_, d1, A::kReadUnits, UnitId("L2")).ok());
  EXPECT_FALSE(CheckUnit(state_, d1, A::kChangeUnitStatus, UnitId("L2")).ok());
  EXPECT_EQ(CheckUnit(state_, MakeUser(Role::kViewer, "D1"), A::kDispatch, UnitId("E1")),
            Status::PermissionDenied("role viewer may not dispatch"));
  EXPECT_TRUE(CheckUnit(state_, d2, A::kDispatch, UnitId("E2")).ok());
}

}  // namespace
}  // namespace elink::auth
