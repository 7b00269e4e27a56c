// SPDX-License-Identifier: Apache-2.0
// The resource base edited live (region::AddUnit, ChangeUnit, RetireUnit) through Decide and
// State::Apply: what each edit records (the unit, its revision, who and why), and every refusal
// naming its field and leaving the state as it was.
#include "engine/decide.hpp"
#include "engine/decide_apply.hpp"
#include "support/test_region.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace elink::engine {
namespace {

using namespace elink::engine::domains;  // NOLINT(google-build-using-namespace)

using core::Capability;
using core::UnitId;
using core::UnitStatus;
using core::UnitType;

class ResourcesTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(Run(ImportRegion{testing::SmallRegion()}).ok()); }

  Status Run(const CommandBody& c, std::vector<EventBody>* made = nullptr) {
    return testing::DecideAndApply(state_, c, now_, made);
  }
  void ExpectRefused(const CommandBody& c, StatusCode code, std::string_view field) {
    (void)testing::ExpectRefusedByDecide(state_, c, now_, code, field);
  }
  static core::Unit Boat(const char* id) {
    core::Unit u;
    u.id = UnitId(id);
    u.name = {"冲锋舟", "Boat"};
    u.type = UnitType::kBoat;
    u.capabilities = {Capability::kWaterRescue};
    u.station = core::StationId("S2");
    u.crew = 3;
    return u;
  }

  core::State state_;
  TimePoint now_ = FromUnixMillis(1'700'000'000'000);
};

TEST_F(ResourcesTest, AddedUnitIsAvailableAtItsStationWithItsStationsOrganisation) {
  std::vector<EventBody> made;
  ASSERT_TRUE(Run(AddUnit{Boat("B9"), "new boat"}, &made).ok());
  ASSERT_EQ(made.size(), 1U);
  const auto& added = std::get<UnitAdded>(made[0]);
  EXPECT_EQ(added.reason, "new boat");
  const core::Unit* b9 = state_.FindUnit(UnitId("B9"));
  ASSERT_NE(b9, nullptr);
  EXPECT_EQ(b9->org, core::OrgId("D2")) << "S2's organisation";
  EXPECT_EQ(b9->status, UnitStatus::kAvailable);
  EXPECT_EQ(b9->status_since, now_);
  EXPECT_EQ(b9->revision, state_.last_seq());
  EXPECT_FALSE(b9->retired_at);
  // What comes with a unit at rest only: a position or an incident given is not taken.
  core::Unit moving = Boat("B8");
  moving.position = core::LatLon{30.0, 120.0};
  moving.status = UnitStatus::kOutOfService;
  ASSERT_TRUE(Run(AddUnit{moving, "in repair"}).ok());
  EXPECT_FALSE(state_.FindUnit(UnitId("B8"))->position);
  EXPECT_EQ(state_.FindUnit(UnitId("B8"))->status, UnitStatus::kOutOfService);
}

TEST_F(ResourcesTest, AddRefusals) {
  const auto with = [](auto change) {
    core::Unit u = Boat("B9");
    change(u);
    return AddUnit{u, "why"};
  };
  ExpectRefused(AddUnit{Boat("B9"), ""}, StatusCode::kInvalidArgument, "reason");
  ExpectRefused(AddUnit{Boat("B9"), std::string(5000, 'x')}, StatusCode::kInvalidArgument,
                "reason");
  ExpectRefused(with([](core::Unit& u) { u.id = UnitId(""); }), StatusCode::kInvalidArgument,
                "unit.id");
  ExpectRefused(with([](core::Unit& u) { u.id = UnitId(std::string(65, 'b')); }),
                StatusCode::kInvalidArgument, "unit.id");
  ExpectRefused(with([](core::Unit& u) { u.id = UnitId("\xff\xfe"); }),
                StatusCode::kInvalidArgument, "unit.id");
  ExpectRefused(with([](core::Unit& u) { u.name.zh.clear(); }), StatusCode::kInvalidArgument,
                "unit.name");
  ExpectRefused(with([](core::Unit& u) { u.name.en = std::string(201, 'n'); }),
                StatusCode::kInvalidArgument, "unit.name_en");
  ExpectRefused(with([](core::Unit& u) { u.crew = -1; }), StatusCode::kInvalidArgument,
                "unit.crew");
  ExpectRefused(with([](core::Unit& u) { u.crew = 201; }), StatusCode::kInvalidArgument,
                "unit.crew");
  ExpectRefused(with([](core::Unit& u) {
                  u.capabilities = {Capability::kWaterRescue, Capability::kWaterRescue};
                }),
                StatusCode::kInvalidArgument, "unit.capabilities");
  ExpectRefused(with([](core::Unit& u) { u.station = core::StationId("S9"); }),
                StatusCode::kInvalidArgument, "unit.station");
  ExpectRefused(with([](core::Unit& u) { u.org = core::OrgId("nowhere"); }),
                StatusCode::kInvalidArgument, "unit.org");
  ExpectRefused(with([](core::Unit& u) { u.status = UnitStatus::kOnScene; }),
                StatusCode::kInvalidArgument, "unit.status");
  ExpectRefused(with([](core::Unit& u) { u.id = UnitId("E1"); }), StatusCode::kConflict, "unit.id");
  // A retired unit's id is not used again.
  ASSERT_TRUE(Run(RetireUnit{UnitId("E2"), std::nullopt, "scrapped"}).ok());
  const Status s =
      testing::ExpectRefusedByDecide(state_, with([](core::Unit& u) { u.id = UnitId("E2"); }), now_,
                                     StatusCode::kConflict, "unit.id");
  EXPECT_NE(s.message().find("retired"), std::string::npos) << s.ToString();
  // Without a region there is nothing to add to.
  core::State empty;
  const Status none = testing::DecideAndApply(empty, AddUnit{Boat("B9"), "why"}, now_);
  EXPECT_EQ(none.code(), StatusCode::kFailedPrecondition);
}

TEST_F(ResourcesTest, ChangeReplacesTheFieldsGivenAndNamesTheRevisionItSaw) {
  ChangeUnit c;
  c.unit = UnitId("E1");
  c.crew = 6;
  c.capabilities = {Capability::kWaterSupply, Capability::kFireSuppression, Capability::kHazmat};
  c.revision = 0;  // as imported
  c.reason = "refitted";
  std::vector<EventBody> made;
  ASSERT_TRUE(Run(c, &made).ok());
  const auto& changed = std::get<UnitChanged>(made.at(0));
  EXPECT_EQ(changed.crew, 6);
  const core::Unit* e1 = state_.FindUnit(UnitId("E1"));
  EXPECT_EQ(e1->crew, 6);
  std::vector<Capability> sorted = *c.capabilities;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(e1->capabilities, sorted) << "sorted, as the region loader keeps them";
  EXPECT_NE(sorted, *c.capabilities) << "the test gives them out of order";
  EXPECT_EQ(e1->name.en, "Unit E1") << "what was not given stays";
  EXPECT_EQ(e1->revision, state_.last_seq());
  // The same revision again: someone changed it since.
  c.crew = 7;
  ExpectRefused(c, StatusCode::kConflict, "revision");
  c.revision = e1->revision;
  ASSERT_TRUE(Run(c).ok());
  // Nothing to change.
  ChangeUnit same;
  same.unit = UnitId("E1");
  same.crew = 7;
  same.reason = "again";
  ExpectRefused(same, StatusCode::kFailedPrecondition, "");
  // To another organisation's station: it goes with that organisation unless told.
  ChangeUnit move;
  move.unit = UnitId("E1");
  move.station = core::StationId("S2");
  move.reason = "moved";
  ASSERT_TRUE(Run(move).ok());
  EXPECT_EQ(state_.FindUnit(UnitId("E1"))->org, core::OrgId("D2"));
  move.station = core::StationId("S1");
  move.org = core::OrgId("C");
  ASSERT_TRUE(Run(move).ok());
  EXPECT_EQ(state_.FindUnit(UnitId("E1"))->org, core::OrgId("C"));
}

TEST_F(ResourcesTest, ChangeRefusals) {
  const auto change = [](auto edit) {
    ChangeUnit c;
    c.unit = UnitId("E1");
    c.reason = "why";
    edit(c);
    return c;
  };
  ExpectRefused(change([](ChangeUnit& c) {
                  c.unit = UnitId("X");
                  c.crew = 1;
                }),
                StatusCode::kNotFound, "unit");
  ExpectRefused(change([](ChangeUnit& c) {
                  c.crew = 2;
                  c.reason.clear();
                }),
                StatusCode::kInvalidArgument, "reason");
  ExpectRefused(change([](ChangeUnit& c) { c.crew = -4; }), StatusCode::kInvalidArgument, "crew");
  ExpectRefused(change([](ChangeUnit& c) {
                  c.name = core::Name{"", "x"};
                }),
                StatusCode::kInvalidArgument, "name");
  ExpectRefused(change([](ChangeUnit& c) {
                  c.capabilities = {Capability::kAerial, Capability::kAerial};
                }),
                StatusCode::kInvalidArgument, "capabilities");
  ExpectRefused(change([](ChangeUnit& c) { c.station = core::StationId("S9"); }),
                StatusCode::kInvalidArgument, "station");
  ExpectRefused(change([](ChangeUnit& c) { c.org = core::OrgId("nowhere"); }),
                StatusCode::kInvalidArgument, "org");
  ExpectRefused(change([](ChangeUnit& c) {
                  c.crew = 5;
                  c.revision = 77;
                }),
                StatusCode::kConflict, "revision");
}

TEST_F(ResourcesTest, RetiredUnitIsOutOfServiceForGoodAndKeepsItsHistory) {
  ReportIncident r;
  r.type = "fire.residential";
  r.location = {30.005, 120.015};
  const core::IncidentId inc = state_.next_incident_id();
  ASSERT_TRUE(Run(r).ok());
  ASSERT_TRUE(Run(ChangeIncidentStatus{inc, core::IncidentStatus::kVerified, ""}).ok());
  ASSERT_TRUE(Run(DispatchUnits{inc, {UnitId("E2")}}).ok());
  // Not while it is committed to the incident.
  ExpectRefused(RetireUnit{UnitId("E2"), std::nullopt, "scrapped"}, StatusCode::kFailedPrecondition,
                "unit");
  for (UnitStatus to : {UnitStatus::kEnRoute, UnitStatus::kOnScene, UnitStatus::kReturning,
                        UnitStatus::kAvailable}) {
    ASSERT_TRUE(Run(ChangeUnitStatus{UnitId("E2"), to, ""}).ok());
  }
  const std::size_t chronology = state_.FindIncident(inc)->chronology.size();
  ExpectRefused(RetireUnit{UnitId("E2"), std::uint64_t{99}, "scrapped"}, StatusCode::kConflict,
                "revision");
  ExpectRefused(RetireUnit{UnitId("E2"), std::nullopt, ""}, StatusCode::kInvalidArgument, "reason");
  ASSERT_TRUE(Run(RetireUnit{UnitId("E2"), std::nullopt, "scrapped"}).ok());
  const core::Unit* e2 = state_.FindUnit(UnitId("E2"));
  ASSERT_NE(e2, nullptr) << "kept";
  EXPECT_EQ(e2->status, UnitStatus::kOutOfService);
  EXPECT_EQ(e2->retired_at, now_);
  EXPECT_EQ(state_.FindIncident(inc)->chronology.size(), chronology)
      << "the incident's record is not rewritten";
  // Never back into service, never edited, never retired twice.
  ExpectRefused(ChangeUnitStatus{UnitId("E2"), UnitStatus::kAvailable, ""},
                StatusCode::kFailedPrecondition, "unit");
  ChangeUnit c;
  c.unit = UnitId("E2");
  c.crew = 1;
  c.reason = "x";
  ExpectRefused(c, StatusCode::kFailedPrecondition, "unit");
  ExpectRefused(RetireUnit{UnitId("E2"), std::nullopt, "again"}, StatusCode::kFailedPrecondition,
                "unit");
}

}  // namespace
}  // namespace elink::engine
