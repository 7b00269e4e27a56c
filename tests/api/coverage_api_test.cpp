// SPDX-License-Identifier: Apache-2.0
// Live coverage over the API on a real center with San Francisco's roads: GET /api/v1/coverage
// answers grid by grid, its share is the recount of its grids, a dispatched engine no longer
// counts, a dispatcher sees only the units of their jurisdiction, and bad queries are refused
// naming the parameter.
#include "api/service_fixture.hpp"
#include "api/sf_roads.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace elink::api {
namespace {

class CoverageApiTest : public ServiceTest {
 protected:
  void Configure(ServiceOptions& options) override { options.router = test::SfRouter(); }
};

TEST_F(CoverageApiTest, TheShareIsTheRecountOfItsGridsAndFollowsDispatch) {
  const std::string chief = Login("chief");
  const Reply before = Call("GET", "/api/v1/coverage?type=engine&minutes=6", "", chief);
  ASSERT_EQ(before.status, 200) << before.raw;
  const Reply grids = Call("GET", "/api/v1/grids", "", chief);
  ASSERT_EQ(grids.status, 200);
  ASSERT_EQ(before.body["grids"].size(), grids.body["items"].size());
  EXPECT_EQ(before.body["standard_s"], 360);
  EXPECT_EQ(before.body["type"], "engine");
  std::int64_t covered = 0;
  std::int64_t total = 0;
  int placed = 0;
  for (const Json& g : before.body["grids"]) {
    if (!g["placed"].get<bool>()) continue;
    ++placed;
    total += g["weight"].get<std::int64_t>();
    EXPECT_EQ(g["covered"].get<bool>(), g["units_within"].get<int>() > 0);
    if (g["covered"].get<bool>()) {
      covered += g["weight"].get<std::int64_t>();
      EXPECT_LE(g["soonest_s"].get<double>(), 360.0);
    }
  }
  EXPECT_GT(placed, 0);
  EXPECT_EQ(before.body["total_weight"], total);
  EXPECT_EQ(before.body["covered_weight"], covered);
  EXPECT_GT(covered, 0);
  EXPECT_DOUBLE_EQ(before.body["share"].get<double>(),
                   static_cast<double>(covered) / static_cast<double>(total));

  // Every free engine the chief may see counts: the recount from GET /api/v1/units.
  const Reply units = Call("GET", "/api/v1/units?type=engine&status=available", "", chief);
  ASSERT_EQ(units.status, 200);
  const int free_engines = static_cast<int>(units.body["items"].size());
  EXPECT_EQ(before.body["free_units"].get<int>() + static_cast<int>(before.body["unplaced"].size()),
            free_engines);

  // An engine sent to an incident leaves the free ones.
  const std::string central = Login("central");
  const std::uint64_t id = CreateIncident(central);
  ASSERT_EQ(Call("POST", "/api/v1/incidents/" + std::to_string(id) + "/status",
                 R"({"to": "verified"})", central)
                .status,
            200);
  ASSERT_EQ(Call("POST", "/api/v1/incidents/" + std::to_string(id) + "/dispatch",
                 R"({"units": ["E16"]})", central)
                .status,
            200);
  const Reply after = Call("GET", "/api/v1/coverage?type=engine&minutes=6", "", chief);
  ASSERT_EQ(after.status, 200) << after.raw;
  EXPECT_EQ(after.body["free_units"].get<int>(), before.body["free_units"].get<int>() - 1);
  EXPECT_LE(after.body["covered_weight"].get<std::int64_t>(),
            before.body["covered_weight"].get<std::int64_t>());
  // Each advised move wins coverage back, one after the other.
  double share = after.body["share"].get<double>();
  for (const Json& m : after.body["moves"]) {
    EXPECT_DOUBLE_EQ(m["share_before"].get<double>(), share);
    EXPECT_GT(m["share_after"].get<double>(), share);
    share = m["share_after"].get<double>();
  }
}

TEST_F(CoverageApiTest, ADispatcherCountsOnlyTheUnitsOfTheirJurisdiction) {
  const Reply city = Call("GET", "/api/v1/coverage", "", Login("chief"));
  const Reply west = Call("GET", "/api/v1/coverage", "", Login("west"));
  ASSERT_EQ(city.status, 200) << city.raw;
  ASSERT_EQ(west.status, 200) << west.raw;
  EXPECT_LT(west.body["free_units"].get<int>(), city.body["free_units"].get<int>());
  EXPECT_LE(west.body["covered_weight"].get<std::int64_t>(),
            city.body["covered_weight"].get<std::int64_t>());
}

TEST_F(CoverageApiTest, BadQueriesAreRefusedNamingTheParameter) {
  const std::string chief = Login("chief");
  const std::uint64_t head = Head();
  for (const auto& [query, field] : std::vector<std::pair<std::string, std::string>>{
           {"type=spaceship", "type"},
           {"type=", ""},
           {"minutes=0", "minutes"},
           {"minutes=121", "minutes"},
           {"minutes=-3", "minutes"},
           {"minutes=8.5", "minutes"},
           {"minutes=99999999999999999999999", "minutes"},
           {"moves=21", "moves"},
           {"moves=abc", "moves"},
           {"moves=%00", "moves"}}) {
    const Reply r = Call("GET", "/api/v1/coverage?" + query, "", chief);
    if (field.empty()) {
      EXPECT_EQ(r.status, 200) << query;  // an empty value is the default
      continue;
    }
    EXPECT_EQ(r.status, 400) << query << " " << r.raw;
    EXPECT_EQ(r.body.value("field", ""), field) << query << " " << r.raw;
  }
  EXPECT_EQ(Call("GET", "/api/v1/coverage", "", "").status, 401);
  EXPECT_EQ(Head(), head);
}

}  // namespace
}  // namespace elink::api
