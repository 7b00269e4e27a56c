// SPDX-License-Identifier: Apache-2.0
// Isochrones against Dijkstra's reachable set: every reachable node inside, every node far from
// anything reachable outside; the cut-off part way along an edge; rings well formed; bad input.
#include "geo/isochrone.hpp"

#include "geo/ch.hpp"
#include "geo/dijkstra.hpp"
#include "geo_test_util.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>
#include <vector>

namespace elink::geo {
namespace {

using testing::Make;
using testing::RandomGraph;

bool InsideAny(const Isochrone& iso, LatLonE6 p) {
  const double lon = p.lon_e6 / 1e6;
  const double lat = p.lat_e6 / 1e6;
  return std::any_of(iso.polygons.begin(), iso.polygons.end(),
                     [&](const PolygonRings& poly) { return PolygonContains(poly, lon, lat); });
}

double RingArea(const LonLatRing& r) {
  double sum = 0;
  for (std::size_t i = 0; i + 1 < r.size(); ++i) {
    sum += r[i].first * r[i + 1].second - r[i + 1].first * r[i].second;
  }
  return sum / 2;
}

// Metres in a local plane, the same approximation as the implementation's but computed here.
struct Plane {
  double lat0;
  double X(double lon) const { return lon * 111'320.0 * std::cos(lat0 * std::numbers::pi / 180); }
  double Y(double lat) const { return lat * 110'574.0; }
};

double SegmentDistance(double px, double py, double ax, double ay, double bx, double by) {
  const double dx = bx - ax;
  const double dy = by - ay;
  const double len2 = dx * dx + dy * dy;
  double t = len2 == 0 ? 0 : ((px - ax) * dx + (py - ay) * dy) / len2;
  t = std::clamp(t, 0.0, 1.0);
  return std::hypot(px - (ax + t * dx), py - (ay + t * dy));
}

void ExpectWellFormed(const Isochrone& iso) {
  ASSERT_FALSE(iso.polygons.empty());
  for (const PolygonRings& poly : iso.polygons) {
    ASSERT_FALSE(poly.empty());
    for (std::size_t r = 0; r < poly.size(); ++r) {
      ASSERT_GE(poly[r].size(), 5U) << "a ring of a square grid has at least 4 corners + closing";
      EXPECT_EQ(poly[r].front(), poly[r].back());
      if (r == 0) {
        EXPECT_GT(RingArea(poly[r]), 0) << "outer rings run counter-clockwise";
      } else {
        EXPECT_LT(RingArea(poly[r]), 0) << "holes run clockwise";
      }
    }
  }
}

class IsochroneOracleTest : public ::testing::TestWithParam<std::uint32_t> {};

TEST_P(IsochroneOracleTest, AgreesWithDijkstraReachableSet) {
  constexpr NodeIndex kN = 2000;
  const RoadGraph g = RandomGraph(GetParam(), kN, /*coordinates=*/true);
  const ContractionHierarchy ch = ContractionHierarchy::Build(g);
  ChSweep sweep(ch);
  std::mt19937 rng(GetParam());
  std::uniform_int_distribution<NodeIndex> node(0, kN - 6);
  for (int round = 0; round < 5; ++round) {
    const NodeIndex source = node(rng);
    const std::vector<Distance> oracle = DijkstraAll(g, source).value();
    std::vector<Distance> reachable;
    for (const Distance d : oracle) {
      if (d != kUnreachable) reachable.push_back(d);
    }
    std::sort(reachable.begin(), reachable.end());
    const Distance limit = reachable[reachable.size() / 3];
    const Endpoint start{source, 0};
    ASSERT_TRUE(sweep.FromSources({&start, 1}).ok());
    const Isochrone iso = ComputeIsochrone(g, sweep.Times(), limit, {.cell_m = 30}).value();
    ExpectWellFormed(iso);
    // The reachable pieces of road by Dijkstra's times: whole edges and the part before the
    // time runs out.
    const Plane plane{42.5};
    struct Piece {
      double ax, ay, bx, by;
    };
    std::vector<Piece> pieces;
    std::size_t reachable_nodes = 0;
    for (NodeIndex u = 0; u < kN; ++u) {
      if (oracle[u] > limit) continue;
      ++reachable_nodes;
      const LatLonE6 a = g.Coordinate(u);
      const double ax = plane.X(a.lon_e6 / 1e6);
      const double ay = plane.Y(a.lat_e6 / 1e6);
      pieces.push_back({ax, ay, ax, ay});
      for (std::size_t e = g.EdgeBegin(u); e < g.EdgeEnd(u); ++e) {
        const LatLonE6 b = g.Coordinate(g.Target(e));
        const double f = g.Time(e) == 0 ? 1.0
                                        : std::min(1.0, static_cast<double>(limit - oracle[u]) /
                                                            static_cast<double>(g.Time(e)));
        pieces.push_back({ax, ay, ax + (plane.X(b.lon_e6 / 1e6) - ax) * f,
                          ay + (plane.Y(b.lat_e6 / 1e6) - ay) * f});
      }
    }
    EXPECT_EQ(iso.reachable_nodes, reachable_nodes);
    std::size_t outside_checked = 0;
    for (NodeIndex u = 0; u < kN; ++u) {
      const LatLonE6 p = g.Coordinate(u);
      if (oracle[u] <= limit) {
        ASSERT_TRUE(InsideAny(iso, p)) << "reachable node " << u << " outside the isochrone";
        continue;
      }
      const double px = plane.X(p.lon_e6 / 1e6);
      const double py = plane.Y(p.lat_e6 / 1e6);
      double nearest = 1e18;
      for (const Piece& s : pieces) {
        nearest = std::min(nearest, SegmentDistance(px, py, s.ax, s.ay, s.bx, s.by));
      }
      // Farther than a cell's diagonal (plus projection slack) from any reachable road: no
      // marked cell can cover it.
      if (nearest > 30 * std::numbers::sqrt2 + 2) {
        ++outside_checked;
        ASSERT_FALSE(InsideAny(iso, p))
            << "node " << u << " is " << nearest << " m from any reachable road but inside";
      }
    }
    EXPECT_GT(outside_checked, 100U);
  }
}

INSTANTIATE_TEST_SUITE_P(Seeds, IsochroneOracleTest, ::testing::Values(31U, 32U));

// One straight 1 km road east, 1000 units long: with a limit of 500 the polygon stops half way.
TEST(IsochroneTest, CutsAnEdgePartWay) {
  RoadGraphBuilder b(2);
  b.AddEdge({0, 1, 1000, 1000});
  b.SetCoordinate(0, {42'500'000, 1'500'000});
  b.SetCoordinate(1, {42'500'000, 1'512'200});  // ~1 km east
  const RoadGraph g = std::move(b).Build().value();
  const Isochrone iso = ComputeIsochrone(g, {0, 1000}, 500, {.cell_m = 20}).value();
  ExpectWellFormed(iso);
  ASSERT_EQ(iso.polygons.size(), 1U);
  EXPECT_EQ(iso.reachable_nodes, 1U);
  EXPECT_TRUE(InsideAny(iso, {42'500'000, 1'505'000}));   // ~410 m
  EXPECT_FALSE(InsideAny(iso, {42'500'000, 1'507'500}));  // ~615 m
  EXPECT_FALSE(InsideAny(iso, {42'501'000, 1'503'000}));  // 110 m north of the road
  EXPECT_NEAR(iso.area_km2, 0.52 * 0.02, 0.006);
  const auto json = nlohmann::json::parse(IsochroneToGeoJson(iso));
  EXPECT_EQ(json["geometry"]["type"], "MultiPolygon");
  EXPECT_EQ(json["properties"]["limit"], 500);
  EXPECT_EQ(json["geometry"]["coordinates"].size(), 1U);
}

// A ring road around an unreachable middle leaves a hole.
TEST(IsochroneTest, RingRoadLeavesAHole) {
  RoadGraphBuilder b(4);
  const LatLonE6 corners[4] = {{42'500'000, 1'500'000},
                               {42'500'000, 1'512'200},
                               {42'509'000, 1'512'200},
                               {42'509'000, 1'500'000}};
  for (NodeIndex i = 0; i < 4; ++i) {
    b.SetCoordinate(i, corners[i]);
    b.AddEdge({i, (i + 1) % 4, 10, 1000});
  }
  const RoadGraph g = std::move(b).Build().value();
  const Isochrone iso = ComputeIsochrone(g, {0, 10, 20, 30}, 40, {.cell_m = 25}).value();
  ExpectWellFormed(iso);
  ASSERT_EQ(iso.polygons.size(), 1U);
  ASSERT_EQ(iso.polygons[0].size(), 2U) << "outer ring and one hole";
  EXPECT_FALSE(InsideAny(iso, {42'504'500, 1'506'100})) << "the middle is a hole";
  EXPECT_TRUE(InsideAny(iso, {42'500'000, 1'506'100}));
}

TEST(IsochroneTest, BadInput) {
  const RoadGraph no_coordinates = Make(2, {{0, 1, 5, 0}});
  EXPECT_EQ(ComputeIsochrone(no_coordinates, {0, 5}, 10).status().code(),
            StatusCode::kFailedPrecondition);
  const RoadGraph g = RandomGraph(3, 200, true);
  std::vector<Distance> times(200, kUnreachable);
  times[7] = 0;
  EXPECT_EQ(ComputeIsochrone(g, {0, 1}, 10).status().field(), "times");
  for (const double cell : {0.0, 4.9, 5001.0, std::nan("")}) {
    EXPECT_EQ(ComputeIsochrone(g, times, 10, {.cell_m = cell}).status().field(), "cell_m");
  }
  EXPECT_EQ(ComputeIsochrone(g, times, 10, {.cell_m = 5, .max_cells = 10}).status().code(),
            StatusCode::kInvalidArgument);
  std::vector<Distance> none(200, kUnreachable);
  EXPECT_EQ(ComputeIsochrone(g, none, 1000).status().code(), StatusCode::kNotFound);
  std::vector<Distance> late(200, 5000);
  EXPECT_EQ(ComputeIsochrone(g, late, 4999).status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace elink::geo
