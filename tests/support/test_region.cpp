// SPDX-License-Identifier: Apache-2.0
#include "support/test_region.hpp"

namespace elink::testing {

namespace {

core::Polygon Box(double lat0, double lon0, double lat1, double lon1) {
  return {{{lat0, lon0}, {lat0, lon1}, {lat1, lon1}, {lat1, lon0}, {lat0, lon0}}, {}};
}

core::Organisation Org(const char* id, core::OrgTier tier, const char* parent) {
  core::Organisation o;
  o.id = core::OrgId(id);
  o.name = {std::string(id) + "组织", std::string("Org ") + id};
  o.tier = tier;
  if (parent != nullptr) o.parent = core::OrgId(parent);
  o.departments.push_back({core::DepartmentKind::kFire, {"消防", "Fire"}, "119"});
  return o;
}

core::Unit MakeUnit(const char* id, core::UnitType type, const char* station, const char* org,
                    std::vector<core::Capability> caps) {
  core::Unit u;
  u.id = core::UnitId(id);
  u.name = {std::string("单位") + id, std::string("Unit ") + id};
  u.type = type;
  u.capabilities = std::move(caps);
  u.station = core::StationId(station);
  u.org = core::OrgId(org);
  u.crew = 4;
  return u;
}

}  // namespace

core::Region SmallRegion() {
  using core::Capability;
  using core::OrgTier;
  core::Region r;
  r.id = "test-region";
  r.name = {"测试区域", "Test region"};
  r.organisations = {Org("R", OrgTier::kRegion, nullptr),  Org("C", OrgTier::kCity, "R"),
                     Org("D1", OrgTier::kDistrict, "C"),   Org("D2", OrgTier::kDistrict, "C"),
                     Org("K1", OrgTier::kCommunity, "D1"), Org("K2", OrgTier::kCommunity, "D2")};
  r.organisations[2].mutual_aid = {core::OrgId("D2")};
  r.organisations[3].mutual_aid = {core::OrgId("D1")};
  r.grids = {{core::GridId("G1"),
              {"一号网格", "Grid 1"},
              core::OrgId("K1"),
              {Box(30.00, 120.00, 30.01, 120.01)}},
             {core::GridId("G2"),
              {"二号网格", "Grid 2"},
              core::OrgId("K2"),
              {Box(30.00, 120.01, 30.01, 120.02)}}};
  r.stations = {{core::StationId("S1"),
                 {"一站", "Station 1"},
                 core::StationKind::kFireStation,
                 core::OrgId("D1"),
                 {30.005, 120.005},
                 "1 Test Road"},
                {core::StationId("S2"),
                 {"二站", "Station 2"},
                 core::StationKind::kFireStation,
                 core::OrgId("D2"),
                 {30.005, 120.015},
                 "2 Test Road"}};
  r.units = {
      MakeUnit("A1", core::UnitType::kAmbulance, "S1", "D1", {Capability::kBasicLifeSupport}),
      MakeUnit("E1", core::UnitType::kEngine, "S1", "D1",
               {Capability::kFireSuppression, Capability::kWaterSupply}),
      MakeUnit("E2", core::UnitType::kEngine, "S2", "D2",
               {Capability::kFireSuppression, Capability::kWaterSupply}),
      MakeUnit("L2", core::UnitType::kLadder, "S2", "D2",
               {Capability::kAerial, Capability::kExtrication}),
  };
  return r;
}

}  // namespace elink::testing
