// SPDX-License-Identifier: Apache-2.0
// The grid locator against the plain scan of every grid (State::GridAt) on the real demo region's
// 32 grids, and through Decide: a reported incident gets its grid and owning community.
#include "engine/grid_locator.hpp"

#include "core/region_loader.hpp"
#include "engine/decide.hpp"
#include "support/test_region.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

namespace elink::engine {
namespace {

// The domains' commands and events by name (engine/registry.hpp lists them).
using namespace elink::engine::domains;  // NOLINT(google-build-using-namespace)

core::State WithRegion(core::Region region) {
  core::State state;
  auto events = Decide(state, ImportRegion{std::move(region)}, {});
  EXPECT_TRUE(events.ok());
  for (auto& body : *events) {
    EXPECT_TRUE(
        engine::Apply(state, {state.last_seq() + 1, {}, "tester", "", std::move(body)}).ok());
  }
  return state;
}

TEST(GridLocatorTest, AgreesWithScanningEveryGridOnTheDemoRegion) {
  Result<core::Region> region =
      core::LoadRegion(std::string(ELINK_SOURCE_DIR) + "/data/regions/demo");
  ASSERT_TRUE(region.ok()) << region.status().ToString();
  const core::State state = WithRegion(std::move(region).value());
  const GridLocator locator = GridLocator::Build(state).value();
  ASSERT_EQ(locator.grid_count(), state.grids().size());
  double min_lat = 90, max_lat = -90, min_lon = 180, max_lon = -180;
  for (const auto& [id, grid] : state.grids()) {
    for (const auto& poly : grid.area) {
      for (const core::LatLon& p : poly.outer) {
        min_lat = std::min(min_lat, p.lat);
        max_lat = std::max(max_lat, p.lat);
        min_lon = std::min(min_lon, p.lon);
        max_lon = std::max(max_lon, p.lon);
      }
    }
  }
  // 20,000 points over the region's extent and a margin around it.
  std::mt19937 rng(5);
  std::uniform_real_distribution<double> lat(min_lat - 0.01, max_lat + 0.01);
  std::uniform_real_distribution<double> lon(min_lon - 0.01, max_lon + 0.01);
  std::size_t inside = 0;
  std::size_t outside = 0;
  for (int i = 0; i < 20'000; ++i) {
    const core::LatLon p{lat(rng), lon(rng)};
    const core::Grid* scanned = state.GridAt(p);
    const core::Grid* indexed = locator.Locate(state, p);
    ASSERT_EQ(scanned == nullptr, indexed == nullptr) << p.lat << "," << p.lon;
    if (scanned == nullptr) {
      ++outside;
      continue;
    }
    ++inside;
    ASSERT_EQ(scanned->id, indexed->id) << p.lat << "," << p.lon;
  }
  EXPECT_GT(inside, 5'000U);
  EXPECT_GT(outside, 500U);
}

TEST(GridLocatorTest, DecideAssignsGridAndCommunity) {
  const core::State state = WithRegion(testing::SmallRegion());
  const GridLocator locator = GridLocator::Build(state).value();
  ReportIncident r;
  r.type = "fire.residential";
  r.location = {30.005, 120.015};  // grid G2 of community K2
  auto events = Decide(state, r, {}, &locator);
  ASSERT_TRUE(events.ok()) << events.status().ToString();
  const auto& reported = std::get<dispatch::IncidentReported>(events->front());
  ASSERT_TRUE(reported.grid.has_value());
  EXPECT_EQ(reported.grid->value(), "G2");
  ASSERT_TRUE(reported.jurisdiction.has_value());
  EXPECT_EQ(reported.jurisdiction->value(), "K2");
  r.location = {31.0, 121.0};  // outside every grid
  auto outside = Decide(state, r, {}, &locator);
  ASSERT_TRUE(outside.ok());
  EXPECT_FALSE(std::get<dispatch::IncidentReported>(outside->front()).grid.has_value());
}

}  // namespace
}  // namespace elink::engine
