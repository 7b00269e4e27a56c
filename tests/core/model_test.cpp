// SPDX-License-Identifier: Apache-2.0
// The small helpers of the domain model, and ValidateRegion's rules one by one on a hand-made
// region (tests/support/test_region.hpp).
#include "core/model.hpp"

#include "support/test_region.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace elink::core {
namespace {

Polygon Box(double lat0, double lon0, double lat1, double lon1) {
  return {{{lat0, lon0}, {lat0, lon1}, {lat1, lon1}, {lat1, lon0}, {lat0, lon0}}, {}};
}

TEST(ModelTest, ValidateLatLonNamesTheField) {
  EXPECT_TRUE(ValidateLatLon({37.8, -122.4}).ok());
  EXPECT_TRUE(ValidateLatLon({-90, 180}).ok());
  EXPECT_TRUE(ValidateLatLon({90, -180}).ok());
  EXPECT_EQ(ValidateLatLon({90.5, 0}).field(), "lat");
  EXPECT_EQ(ValidateLatLon({0, -180.5}).field(), "lon");
  EXPECT_EQ(ValidateLatLon({std::nan(""), 0}).field(), "lat");
  EXPECT_EQ(ValidateLatLon({0, std::numeric_limits<double>::infinity()}).field(), "lon");
  EXPECT_EQ(ValidateLatLon({91, 0}).code(), StatusCode::kInvalidArgument);
}

TEST(ModelTest, HaversineMatchesKnownDistances) {
  // One degree of latitude on the mean sphere: R·π/180.
  EXPECT_NEAR(HaversineMeters({0, 0}, {1, 0}), 111195.08, 0.1);
  EXPECT_DOUBLE_EQ(HaversineMeters({37.8, -122.4}, {37.8, -122.4}), 0.0);
  // Ferry Building → Coit Tower, about 1.3 km.
  const LatLon ferry{37.7955, -122.3937};
  const LatLon coit{37.8024, -122.4058};
  EXPECT_NEAR(HaversineMeters(ferry, coit), 1311.08, 0.1);
  EXPECT_DOUBLE_EQ(HaversineMeters(ferry, coit), HaversineMeters(coit, ferry));
  // Antipodes: half the circumference, no NaN from rounding.
  EXPECT_NEAR(HaversineMeters({0, 0}, {0, 180}), 20015114, 1);
}

TEST(ModelTest, ContainsUsesEvenOddWithHoles) {
  Polygon p = Box(0, 0, 10, 10);
  EXPECT_TRUE(Contains(p, {5, 5}));
  EXPECT_FALSE(Contains(p, {11, 5}));
  EXPECT_FALSE(Contains(p, {5, -1}));
  p.holes.push_back(Box(4, 4, 6, 6).outer);
  EXPECT_FALSE(Contains(p, {5, 5}));
  EXPECT_TRUE(Contains(p, {2, 2}));
  EXPECT_TRUE(Contains(p, {5, 7}));
  // A concave (L-shaped) outline.
  const Polygon l{{{0, 0}, {0, 10}, {5, 10}, {5, 5}, {10, 5}, {10, 0}, {0, 0}}, {}};
  EXPECT_TRUE(Contains(l, {2, 8}));
  EXPECT_TRUE(Contains(l, {8, 2}));
  EXPECT_FALSE(Contains(l, {8, 8}));
  // Degenerate input is outside, not a crash.
  EXPECT_FALSE(Contains(Polygon{}, {0, 0}));
}

TEST(ModelTest, PointsOnSharedEdgesFallInExactlyOneOfTwoNeighbours) {
  const Polygon west = Box(0, 0, 1, 1);
  const Polygon east = Box(0, 1, 1, 2);
  const Polygon north = Box(1, 0, 2, 1);
  for (const LatLon p : {LatLon{0.5, 1.0}, LatLon{0.0, 1.0}, LatLon{0.25, 1.0}}) {
    EXPECT_EQ(int{Contains(west, p)} + int{Contains(east, p)}, 1) << p.lat << "," << p.lon;
  }
  for (const LatLon p : {LatLon{1.0, 0.5}, LatLon{1.0, 0.0}}) {
    EXPECT_EQ(int{Contains(west, p)} + int{Contains(north, p)}, 1) << p.lat << "," << p.lon;
  }
}

TEST(ModelTest, UnitHas) {
  Unit u;
  u.capabilities = {Capability::kAerial, Capability::kFireSuppression};
  EXPECT_TRUE(u.Has(Capability::kAerial));
  EXPECT_TRUE(u.Has(Capability::kFireSuppression));
  EXPECT_FALSE(u.Has(Capability::kHazmat));
}

TEST(ModelTest, IncidentIsOpenUntilClosedMergedOrCancelled) {
  for (const auto& info : EnumTable<IncidentStatus>()) {
    Incident i;
    i.status = info.value;
    const bool finished = info.value == IncidentStatus::kClosed ||
                          info.value == IncidentStatus::kMerged ||
                          info.value == IncidentStatus::kCancelled;
    EXPECT_EQ(i.IsOpen(), !finished) << info.code;
  }
}

TEST(ModelTest, UserNames) {
  for (const char* ok : {"a", "wang.fang", "ops_1-b", "0"}) EXPECT_TRUE(IsValidUserName(ok)) << ok;
  EXPECT_TRUE(IsValidUserName(std::string(kMaxUserNameBytes, 'z')));
  for (const char* bad : {"", "Wang", "wang fang", "王芳", "a/b", "a|b", "a:b", "a\n"}) {
    EXPECT_FALSE(IsValidUserName(bad)) << bad;
  }
  EXPECT_FALSE(IsValidUserName(std::string(kMaxUserNameBytes + 1, 'z')));
  EXPECT_FALSE(IsValidUserName(std::string("a\0b", 3)));
}

TEST(ModelTest, Argon2idHashForm) {
  const std::string good =
      "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$"
      "3M9Ytq5F8cQy1mC0i6Sx7k1b2lQ0w3t2mX9c2a1bQkE";
  EXPECT_TRUE(IsArgon2idHash(good));
  EXPECT_TRUE(IsArgon2idHash("$argon2id$v=19$m=1,t=1,p=1$a$b"));
  for (const std::string& bad : std::vector<std::string>{
           "", "password", "$argon2i$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA",
           "$argon2id$v=18$m=65536,t=2,p=1$c2FsdA$aGFzaA",
           "$argon2id$v=19$m=,t=2,p=1$c2FsdA$aGFzaA", "$argon2id$v=19$m=65536,t=2$c2FsdA$aGFzaA",
           "$argon2id$v=19$m=65536,t=2,p=1$$aGFzaA", "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$",
           "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGF=",
           "$argon2id$v=19$m=12345678901,t=2,p=1$c2FsdA$aGFzaA", good + "\n", good + "$x",
           " " + good, "$argon2id$v=19$m=1,t=1,p=1$a$" + std::string(120, 'b')}) {
    EXPECT_FALSE(IsArgon2idHash(bad)) << bad;
  }
}

TEST(ModelTest, Roles) {
  EXPECT_EQ(AcceptedCodes<Role>(),
            "dispatcher, commander, regional_coordinator, analyst, grid_worker, viewer, admin");
  EXPECT_EQ(ParseEnum<Role>("regional_coordinator"), Role::kRegionalCoordinator);
  EXPECT_EQ(ParseEnum<Role>("root"), std::nullopt);
  for (const auto& info : EnumTable<Role>()) {
    EXPECT_FALSE(info.zh.empty());
    EXPECT_FALSE(info.en.empty());
  }
  EXPECT_EQ(InfoOf(Role::kGridWorker).zh, "网格员");
}

// ------------------------------------------------------------------------------------------------
// ValidateRegion

class ModelValidateRegionTest : public ::testing::Test {
 protected:
  Region r_ = testing::SmallRegion();

  // The first error's field, and that its message mentions `part`.
  void ExpectError(const std::string& field, const std::string& part) {
    const Status s = ValidateRegion(r_);
    ASSERT_FALSE(s.ok()) << "expected an error at " << field;
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(s.field(), field) << s.ToString();
    EXPECT_NE(s.message().find(part), std::string::npos) << s.ToString();
  }

  Plan& AddPlan() {
    Plan p;
    p.id = PlanId("P1");
    p.name = {"预案", "Plan"};
    p.incident_types = {"fire.residential"};
    PlanLevel iv;
    iv.level = IncidentLevel::kIV;
    iv.command_tier = OrgTier::kDistrict;
    PlanRequirement req;
    req.unit_type = UnitType::kEngine;
    req.count = 2;
    req.within_minutes = 8;
    iv.units.push_back(req);
    PlanLevel iii = iv;
    iii.level = IncidentLevel::kIII;
    iii.command_tier = OrgTier::kCity;
    p.levels = {iv, iii};
    r_.plans.push_back(p);
    return r_.plans.back();
  }
};

TEST_F(ModelValidateRegionTest, SmallRegionIsValid) {
  EXPECT_TRUE(ValidateRegion(r_).ok()) << ValidateRegion(r_).ToString();
  AddPlan();
  EXPECT_TRUE(ValidateRegion(r_).ok()) << ValidateRegion(r_).ToString();
}

TEST_F(ModelValidateRegionTest, DuplicateIds) {
  r_.organisations[3].id = OrgId("D1");
  ExpectError("organisations[3].id", "duplicate id 'D1'");
}

TEST_F(ModelValidateRegionTest, MissingParent) {
  r_.organisations[4].parent = OrgId("nowhere");
  ExpectError("organisations[4].parent", "no organisation 'nowhere'");
}

TEST_F(ModelValidateRegionTest, SelfParent) {
  r_.organisations[4].parent = OrgId("K1");
  ExpectError("organisations[4].parent", "its own parent");
}

TEST_F(ModelValidateRegionTest, ParentCycle) {
  r_.organisations[2].parent = OrgId("K1");  // D1 → K1 → D1
  ExpectError("organisations[2].parent", "parent cycle: D1 → K1 → D1");
}

TEST_F(ModelValidateRegionTest, TwoRoots) {
  r_.organisations[1].parent.reset();
  ExpectError("organisations[1].parent", "second root organisation 'C'");
}

TEST_F(ModelValidateRegionTest, RootMustBeRegion) {
  r_.organisations[0].tier = OrgTier::kCity;
  ExpectError("organisations[0].tier", "must have tier 'region'");
}

TEST_F(ModelValidateRegionTest, TiersGoDownAndMaySkip) {
  r_.organisations[4].parent = OrgId("C");  // community directly under the city: allowed
  EXPECT_TRUE(ValidateRegion(r_).ok()) << ValidateRegion(r_).ToString();
  r_.organisations[2].tier = OrgTier::kCity;  // D1 as a city under a city
  ExpectError("organisations[2].tier", "tier 'city' must be below the tier of its parent 'C'");
}

TEST_F(ModelValidateRegionTest, MutualAid) {
  r_.organisations[2].mutual_aid = {OrgId("D9")};
  ExpectError("organisations[2].mutual_aid[0]", "no organisation 'D9'");
  r_.organisations[2].mutual_aid = {OrgId("D1")};
  ExpectError("organisations[2].mutual_aid[0]", "with itself");
}

TEST_F(ModelValidateRegionTest, DuplicateDepartmentKind) {
  r_.organisations[1].departments.push_back(r_.organisations[1].departments[0]);
  ExpectError("organisations[1].departments[1].kind", "duplicate department kind 'fire'");
}

TEST_F(ModelValidateRegionTest, GridOwnerMustBeACommunity) {
  r_.grids[1].community = OrgId("D2");
  ExpectError("grids[1].community", "grids are owned by communities");
  r_.grids[1].community = OrgId("K9");
  ExpectError("grids[1].community", "no organisation 'K9'");
}

TEST_F(ModelValidateRegionTest, GridRings) {
  r_.grids[0].area[0].outer.pop_back();
  ExpectError("grids[0].area[0].outer", "ring is not closed");
  r_.grids[0].area[0].outer = {{30, 120}, {30, 120.01}, {30, 120}};
  ExpectError("grids[0].area[0].outer", "ring has 3 positions");
  r_.grids[0].area[0] = Box(30, 120, 30.01, 120.01);
  r_.grids[0].area[0].holes.push_back(Box(30, 120, 95, 120.01).outer);
  ExpectError("grids[0].area[0].holes[0][2].lat", "must be within [-90, 90]");
  r_.grids[0].area.clear();
  ExpectError("grids[0].area", "at least one polygon");
}

TEST_F(ModelValidateRegionTest, Stations) {
  r_.stations[1].location.lon = 200;
  ExpectError("stations[1].location.lon", "must be within [-180, 180]");
  r_.stations[1].org = OrgId("nobody");
  ExpectError("stations[1].org", "no organisation 'nobody'");
}

TEST_F(ModelValidateRegionTest, Units) {
  r_.units[2].station = StationId("S9");
  ExpectError("units[2].station", "no station 'S9'");
  r_.units[2].station = StationId("S2");
  r_.units[2].org = OrgId("X");
  ExpectError("units[2].org", "no organisation 'X'");
  r_.units[2].org = OrgId("D2");
  r_.units[2].crew = -1;
  ExpectError("units[2].crew", "must be within [0, 200]");
  r_.units[2].crew = 201;
  ExpectError("units[2].crew", "must be within [0, 200]");
  r_.units[2].crew = 4;
  r_.units[2].capabilities = {Capability::kWaterSupply, Capability::kFireSuppression};
  ExpectError("units[2].capabilities", "sorted");
  r_.units[2].capabilities = {Capability::kFireSuppression, Capability::kFireSuppression};
  ExpectError("units[2].capabilities", "without duplicates");
  r_.units[2].capabilities = {Capability::kFireSuppression};
  r_.units[2].status = UnitStatus::kOnScene;
  ExpectError("units[2].status", "'available' or 'out_of_service'");
}

TEST_F(ModelValidateRegionTest, PlanIncidentTypes) {
  Plan& p = AddPlan();
  p.incident_types = {"fire.residential", "fire.nonsense"};
  ExpectError("plans[0].incident_types[1]", "unknown incident type 'fire.nonsense'");
  r_.plans[0].incident_types = {};
  ExpectError("plans[0].incident_types", "at least one");
  r_.plans[0].incident_types = {"fire.residential"};
  Plan second = r_.plans[0];
  second.id = PlanId("P2");
  second.incident_types = {"fire.vehicle", "fire.residential"};
  r_.plans.push_back(second);
  ExpectError("plans[1].incident_types[1]", "already covered by plan 'P1'");
}

TEST_F(ModelValidateRegionTest, PlanLevels) {
  AddPlan();
  r_.plans[0].levels[1].level = IncidentLevel::kIV;
  ExpectError("plans[0].levels[1].level", "duplicate level 'IV'");
  std::swap(r_.plans[0].levels[0], r_.plans[0].levels[1]);
  r_.plans[0].levels[0].level = IncidentLevel::kIII;
  ExpectError("plans[0].levels[1].level", "ordered IV → I");
  AddPlan();
  r_.plans.erase(r_.plans.begin());
  r_.plans[0].levels[1].command_tier = OrgTier::kCommunity;
  ExpectError("plans[0].levels[1].command_tier", "lower tier");
}

TEST_F(ModelValidateRegionTest, PlanRequirements) {
  AddPlan();
  PlanRequirement& req = r_.plans[0].levels[0].units[0];
  req.capability = Capability::kAerial;
  ExpectError("plans[0].levels[0].units[0]", "exactly one of");
  req.capability.reset();
  req.unit_type.reset();
  ExpectError("plans[0].levels[0].units[0]", "exactly one of");
  req.unit_type = UnitType::kEngine;
  req.count = 0;
  ExpectError("plans[0].levels[0].units[0].count", "at least 1");
  req.count = 1;
  req.within_minutes = 0;
  ExpectError("plans[0].levels[0].units[0].within_minutes", "at least 1");
}

}  // namespace
}  // namespace elink::core
