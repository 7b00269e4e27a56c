// SPDX-License-Identifier: Apache-2.0
#include "geo/snap.hpp"

#include "geo/dimacs.hpp"
#include "geo/messages.hpp"
#include "support/constants.hpp"
#include "support/data_files.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <numbers>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

namespace elink::geo {
namespace {

using testing::kNaN;
constexpr double kInf = std::numeric_limits<double>::infinity();

// The documented distance, written out again: equirectangular around the query point.
struct Brute {
  double distance_m;
  double t;
};
double CosDeg(double deg) { return std::cos(deg * std::numbers::pi / 180.0); }
Brute BruteDistance(double lat0, double lon0, double c, double a_lat, double a_lon, double b_lat,
                    double b_lon) {
  const double k = 6'371'008.8 * std::numbers::pi / 180.0;
  const double ax = (a_lon - lon0) * c;
  const double ay = a_lat - lat0;
  const double dx = (b_lon - lon0) * c - ax;
  const double dy = (b_lat - lat0) - ay;
  const double len2 = dx * dx + dy * dy;
  const double t = len2 > 0 ? std::clamp(-(ax * dx + ay * dy) / len2, 0.0, 1.0) : 0.0;
  const double px = ax + t * dx;
  const double py = ay + t * dy;
  return {k * std::sqrt(px * px + py * py), t};
}
Brute BruteDistance(double lat0, double lon0, LatLonE6 a, LatLonE6 b) {
  return BruteDistance(lat0, lon0, CosDeg(lat0), a.lat_e6 / 1e6, a.lon_e6 / 1e6, b.lat_e6 / 1e6,
                       b.lon_e6 / 1e6);
}

// Every undirected segment of a graph once, as (lower node, higher node).
std::vector<std::pair<NodeIndex, NodeIndex>> Segments(const RoadGraph& g) {
  std::set<std::pair<NodeIndex, NodeIndex>> set;
  for (NodeIndex u = 0; u < g.node_count(); ++u) {
    for (std::size_t e = g.EdgeBegin(u); e < g.EdgeEnd(u); ++e) {
      const NodeIndex v = g.Target(e);
      if (u != v) set.emplace(std::min(u, v), std::max(u, v));
    }
  }
  return {set.begin(), set.end()};
}

std::pair<NodeIndex, NodeIndex> Key(const Snap& s) {
  return {std::min(s.a, s.b), std::max(s.a, s.b)};
}

LatLonE6 E6(double lat, double lon) {
  return {static_cast<std::int32_t>(std::lround(lat * 1e6)),
          static_cast<std::int32_t>(std::lround(lon * 1e6))};
}

// A 3 × 3 block of streets in Andorra la Vella (lat 42.5°), 0.001° apart (111 m north-south,
// 82 m east-west), node r·3 + c at row r (north), column c (east), plus a dead end 9 east of 2.
//   row 0 and 2, column 0 and 2: two-way; row 1: one-way east (3→4→5);
//   column 1: one-way south (7→4→1); 2↔9 two-way.
struct Block {
  RoadGraph graph;
  static constexpr double kLat = 42.5;
  static constexpr double kLon = 1.5;
  static constexpr double kStep = 0.001;
};

Block MakeBlock() {
  RoadGraphBuilder b(10);
  auto two_way = [&b](NodeIndex u, NodeIndex v, Weight t) {
    b.AddEdge({u, v, t, 0});
    b.AddEdge({v, u, t, 0});
  };
  two_way(0, 1, 100);
  two_way(1, 2, 100);
  two_way(6, 7, 100);
  two_way(7, 8, 100);
  two_way(0, 3, 130);
  two_way(3, 6, 130);
  two_way(2, 5, 130);
  two_way(5, 8, 130);
  b.AddEdge({3, 4, 90, 0});
  b.AddEdge({4, 5, 90, 0});
  b.AddEdge({7, 4, 120, 0});
  b.AddEdge({4, 1, 120, 0});
  two_way(2, 9, 101);
  b.AddEdge({1, 2, 150, 0});  // a slower parallel edge: the fastest one is reported
  b.AddEdge({4, 4, 5, 0});    // a self loop: not a segment
  for (NodeIndex u = 0; u < 9; ++u) {
    b.SetCoordinate(u,
                    E6(Block::kLat + (u / 3) * Block::kStep, Block::kLon + (u % 3) * Block::kStep));
  }
  b.SetCoordinate(9, E6(Block::kLat, Block::kLon + 3 * Block::kStep));
  return {std::move(b).Build().value()};
}

std::size_t EdgeOf(const RoadGraph& g, NodeIndex u, NodeIndex v) {
  std::size_t best = kNoEdge;
  for (std::size_t e = g.EdgeBegin(u); e < g.EdgeEnd(u); ++e) {
    if (g.Target(e) == v && (best == kNoEdge || g.Time(e) < g.Time(best))) best = e;
  }
  return best;
}

TEST(SnapTest, PointBesideATwoWaySegment) {
  const Block block = MakeBlock();
  const SnapIndex index = SnapIndex::Build(block.graph);
  EXPECT_EQ(index.segment_count(), 13U);
  // 30 % of the way from node 0 to node 1, 1.1 m north of the street.
  const Result<Snap> s = index.Nearest(42.50001, 1.5003);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->a, 0U);
  EXPECT_EQ(s->b, 1U);
  EXPECT_EQ(s->forward_edge, EdgeOf(block.graph, 0, 1));
  EXPECT_EQ(s->backward_edge, EdgeOf(block.graph, 1, 0));
  EXPECT_NEAR(s->fraction, 0.3, 1e-9);
  EXPECT_NEAR(s->lat, 42.5, 1e-9);
  EXPECT_NEAR(s->lon, 1.5003, 1e-9);
  EXPECT_NEAR(s->distance_m, 1.11195, 1e-4);

  const std::vector<Endpoint> depart = DepartEndpoints(block.graph, *s);
  const std::vector<Endpoint> arrive = ArriveEndpoints(block.graph, *s);
  EXPECT_EQ(depart, (std::vector<Endpoint>{{1, 70}, {0, 30}}));
  EXPECT_EQ(arrive, (std::vector<Endpoint>{{0, 30}, {1, 70}}));
}

TEST(SnapTest, ParallelEdgesReportTheFastest) {
  const Block block = MakeBlock();
  const SnapIndex index = SnapIndex::Build(block.graph);
  const Snap s = index.Nearest(42.49999, 1.5015).value();
  EXPECT_EQ(s.a, 1U);
  EXPECT_EQ(s.b, 2U);
  EXPECT_EQ(block.graph.Time(s.forward_edge), 100U);
  EXPECT_NEAR(s.fraction, 0.5, 1e-9);
}

TEST(SnapTest, BeyondAnEndpointClampsToIt) {
  const Block block = MakeBlock();
  const SnapIndex index = SnapIndex::Build(block.graph);
  // East of the dead end 9: the segment 2–9 at fraction 1, about 41 m away.
  const Snap east = index.Nearest(42.5, 1.5035).value();
  EXPECT_EQ(east.a, 2U);
  EXPECT_EQ(east.b, 9U);
  EXPECT_EQ(east.fraction, 1.0);
  EXPECT_EQ(east.lat, 42.5);
  EXPECT_EQ(east.lon, 1.503);
  EXPECT_NEAR(east.distance_m, 0.0005 * std::cos(42.5 * std::numbers::pi / 180) * 111'195.08, 1e-3);
  // Departing at b takes no time along the segment; the other way takes all of it.
  EXPECT_EQ(DepartEndpoints(block.graph, east), (std::vector<Endpoint>{{9, 0}, {2, 101}}));
}

TEST(SnapTest, EquidistantTiesGoToTheLowestEdgeIndex) {
  const Block block = MakeBlock();
  const SnapIndex index = SnapIndex::Build(block.graph);
  // South-west of node 0: segments 0–1 and 0–3 both clamp to node 0, at exactly one distance.
  const std::vector<Snap> two = index.NearestK(42.4997, 1.4996, 2).value();
  ASSERT_EQ(two.size(), 2U);
  EXPECT_EQ(two[0].distance_m, two[1].distance_m);
  EXPECT_EQ(two[0].fraction, 0.0);
  EXPECT_EQ(two[1].fraction, 0.0);
  EXPECT_LT(std::min(two[0].forward_edge, two[0].backward_edge),
            std::min(two[1].forward_edge, two[1].backward_edge));
  for (int i = 0; i < 5; ++i) {
    const Snap again = index.Nearest(42.4997, 1.4996).value();
    EXPECT_EQ(Key(again), Key(two[0]));
  }
  // The same tie seen from the index built again.
  EXPECT_EQ(Key(SnapIndex::Build(block.graph).Nearest(42.4997, 1.4996).value()), Key(two[0]));
}

TEST(SnapTest, OneWayGivesOneEndpointTwoWayGivesTwo) {
  const Block block = MakeBlock();
  const SnapIndex index = SnapIndex::Build(block.graph);
  // Row 1 runs east only: 3→4, oriented a = 3.
  const Snap east = index.Nearest(42.501, 1.5003).value();
  EXPECT_EQ(east.a, 3U);
  EXPECT_EQ(east.b, 4U);
  EXPECT_EQ(east.backward_edge, kNoEdge);
  EXPECT_NEAR(east.fraction, 0.3, 1e-9);
  EXPECT_EQ(DepartEndpoints(block.graph, east), (std::vector<Endpoint>{{4, 63}}));
  EXPECT_EQ(ArriveEndpoints(block.graph, east), (std::vector<Endpoint>{{3, 27}}));
  // Column 1 runs south only: 7→4, from the higher node to the lower, still a = 7.
  const Snap south = index.Nearest(42.5015, 1.50101).value();
  EXPECT_EQ(south.a, 7U);
  EXPECT_EQ(south.b, 4U);
  EXPECT_EQ(south.forward_edge, EdgeOf(block.graph, 7, 4));
  EXPECT_EQ(south.backward_edge, kNoEdge);
  EXPECT_NEAR(south.fraction, 0.5, 1e-9);
  EXPECT_EQ(DepartEndpoints(block.graph, south).size(), 1U);
  EXPECT_EQ(ArriveEndpoints(block.graph, south).size(), 1U);
  // Column 0 is two-way.
  const Snap west = index.Nearest(42.5005, 1.49999).value();
  EXPECT_EQ(west.a, 0U);
  EXPECT_EQ(west.b, 3U);
  EXPECT_EQ(DepartEndpoints(block.graph, west).size(), 2U);
  EXPECT_EQ(ArriveEndpoints(block.graph, west).size(), 2U);
}

TEST(SnapTest, OffsetsSplitEachEdgeTimeExactly) {
  const Block block = MakeBlock();
  const std::size_t fwd = EdgeOf(block.graph, 2, 9);  // 101 units each way
  const std::size_t bwd = EdgeOf(block.graph, 9, 2);
  Snap s;
  s.a = 2;
  s.b = 9;
  s.forward_edge = fwd;
  s.backward_edge = bwd;
  for (int i = 0; i <= 1000; ++i) {
    s.fraction = i / 1000.0;
    const std::vector<Endpoint> depart = DepartEndpoints(block.graph, s);
    const std::vector<Endpoint> arrive = ArriveEndpoints(block.graph, s);
    ASSERT_EQ(depart.size(), 2U);
    ASSERT_EQ(arrive.size(), 2U);
    // Forward edge: arriving at the point from a, then departing to b, is the whole edge.
    EXPECT_EQ(arrive[0].offset + depart[0].offset, 101U) << s.fraction;
    EXPECT_EQ(arrive[1].offset + depart[1].offset, 101U) << s.fraction;
    EXPECT_EQ(arrive[0].node, 2U);
    EXPECT_EQ(depart[0].node, 9U);
    EXPECT_EQ(arrive[1].node, 9U);
    EXPECT_EQ(depart[1].node, 2U);
  }
  // Halves round up on the part from the tail: 0.5 · 101 = 50.5 → 51 before, 50 after.
  s.fraction = 0.5;
  EXPECT_EQ(ArriveEndpoints(block.graph, s), (std::vector<Endpoint>{{2, 51}, {9, 51}}));
  EXPECT_EQ(DepartEndpoints(block.graph, s), (std::vector<Endpoint>{{9, 50}, {2, 50}}));
}

TEST(SnapTest, LimitExceededIsNotFoundWithTheDistance) {
  const Block block = MakeBlock();
  const SnapIndex index = SnapIndex::Build(block.graph);
  // 0.009° (1 km) north of the block.
  const Result<Snap> far = index.Nearest(42.511, 1.501);
  ASSERT_EQ(far.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(far.status().message(), "no road within 300 m (the nearest is 1001 m away)");
  EXPECT_EQ(far.status().message_id(), &msg::kNoRoadWithinNearest);
  EXPECT_EQ(far.status().Text(Lang::kZhCN), "300 米内没有道路（最近的道路在 1001 米外）");
  EXPECT_EQ(index.NearestK(42.511, 1.501, 3).status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(index.Nearest(42.511, 1.501, {.max_distance_m = 1002}).ok());
  EXPECT_TRUE(index.Nearest(42.511, 1.501, {.max_distance_m = kInf}).ok());
  // The limit is inclusive: a point exactly on a node at limit 0.
  EXPECT_EQ(index.Nearest(42.5, 1.501, {.max_distance_m = 0}).value().distance_m, 0.0);
  // Within the limit NearestK returns only what is inside.
  const std::vector<Snap> near =
      index.NearestK(42.50001, 1.5003, 10, {.max_distance_m = 30}).value();
  ASSERT_EQ(near.size(), 2U);  // 0–1 at 1 m, 0–3 at 25 m; 1–4 is 57 m away
  EXPECT_EQ(Key(near[0]), std::make_pair(NodeIndex{0}, NodeIndex{1}));
  EXPECT_EQ(Key(near[1]), std::make_pair(NodeIndex{0}, NodeIndex{3}));
}

TEST(SnapTest, NearestKReturnsDistinctSegmentsNearestFirst) {
  const Block block = MakeBlock();
  const SnapIndex index = SnapIndex::Build(block.graph);
  EXPECT_TRUE(index.NearestK(42.5, 1.5, 0).value().empty());
  const std::vector<Snap> all =
      index.NearestK(42.5011, 1.5012, 100, {.max_distance_m = kInf}).value();
  ASSERT_EQ(all.size(), 13U);
  std::set<std::pair<NodeIndex, NodeIndex>> seen;
  for (std::size_t i = 0; i < all.size(); ++i) {
    EXPECT_TRUE(seen.insert(Key(all[i])).second);
    if (i > 0) {
      EXPECT_LE(all[i - 1].distance_m, all[i].distance_m);
    }
  }
}

TEST(SnapTest, BadCoordinatesAreInvalidArguments) {
  const Block block = MakeBlock();
  const SnapIndex index = SnapIndex::Build(block.graph);
  const std::vector<std::tuple<double, double, std::string>> cases = {
      {kNaN, 1.5, "lat"},  {kInf, 1.5, "lat"},  {-kInf, 1.5, "lat"},
      {91, 1.5, "lat"},    {-90.5, 1.5, "lat"}, {42.5, kNaN, "lon"},
      {42.5, kInf, "lon"}, {42.5, 181, "lon"},  {42.5, -180.01, "lon"}};
  for (const auto& [lat, lon, field] : cases) {
    const Status s = index.Nearest(lat, lon).status();
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << lat << "," << lon;
    EXPECT_EQ(s.field(), field) << lat << "," << lon;
    EXPECT_EQ(index.NearestK(lat, lon, 2).status().field(), field);
  }
  const Status lat = index.Nearest(91, 1.5).status();
  EXPECT_EQ(lat.message_id(), &msg::kNumberFromTo);
  EXPECT_EQ(lat.message(), "must be a number from -90 to 90");
  EXPECT_EQ(lat.Text(Lang::kZhCN), "必须是 -90 到 90 之间的数字");
  const Status limit = index.Nearest(42.5, 1.5, {.max_distance_m = -1}).status();
  EXPECT_EQ(limit.field(), "max_distance_m");
  EXPECT_EQ(limit.message_id(), &msg::kDistanceNotNegative);
  EXPECT_EQ(limit.message(), "must be a distance of 0 or more");
  EXPECT_EQ(limit.Text(Lang::kZhCN), "必须是不小于 0 的距离");
  EXPECT_EQ(index.Nearest(42.5, 1.5, {.max_distance_m = kNaN}).status().field(), "max_distance_m");
  // The extremes themselves are fine (and far from any road).
  EXPECT_EQ(index.Nearest(90, 180).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(index.Nearest(-90, -180).status().code(), StatusCode::kNotFound);
}

TEST(SnapTest, GraphWithoutCoordinatesOrRoads) {
  RoadGraphBuilder plain(3);
  plain.AddEdge({0, 1, 5, 0});
  const SnapIndex no_coordinates = SnapIndex::Build(std::move(plain).Build().value());
  EXPECT_EQ(no_coordinates.Nearest(42.5, 1.5).status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(no_coordinates.NearestK(42.5, 1.5, 3).status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(SnapIndex().Nearest(42.5, 1.5).status().code(), StatusCode::kFailedPrecondition);

  RoadGraphBuilder islands(2);
  islands.SetCoordinate(0, E6(42.5, 1.5));
  islands.SetCoordinate(1, E6(42.6, 1.5));
  islands.AddEdge({0, 0, 5, 0});
  const SnapIndex no_roads = SnapIndex::Build(std::move(islands).Build().value());
  const Status s = no_roads.Nearest(42.5, 1.5).status();
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_EQ(s.message(), "the road graph has no roads");
  EXPECT_EQ(s.message_id(), &msg::kNoRoads);
  EXPECT_EQ(s.Text(Lang::kZhCN), "路网中没有道路");
}

TEST(SnapTest, IndexOutlivesItsGraph) {
  SnapIndex index;
  {
    const Block block = MakeBlock();
    index = SnapIndex::Build(block.graph);
  }
  EXPECT_EQ(index.Nearest(42.50001, 1.5003).value().b, 1U);
}

// ~2,000 nodes spread over 5 km × 5 km around Andorra la Vella, joined to near neighbours by
// one-way and two-way roads, with parallel edges, self loops and some long roads.
RoadGraph RandomCity(std::uint32_t seed, NodeIndex n) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> lat(42.48, 42.525);
  std::uniform_real_distribution<double> lon(1.49, 1.551);
  std::uniform_int_distribution<int> pct(0, 99);
  std::uniform_int_distribution<Weight> time(1, 900);
  RoadGraphBuilder b(n);
  std::vector<LatLonE6> coords(n);
  for (NodeIndex u = 0; u < n; ++u) {
    // Some nodes share a coordinate or lie on a common meridian, so exact ties happen too.
    coords[u] = u > 0 && pct(rng) < 3 ? coords[u - 1] : E6(lat(rng), lon(rng));
    if (pct(rng) < 3 && u > 0) coords[u].lon_e6 = coords[u - 1].lon_e6;
    b.SetCoordinate(u, coords[u]);
  }
  std::uniform_int_distribution<NodeIndex> node(0, n - 1);
  for (NodeIndex u = 0; u < n; ++u) {
    for (int k = 0; k < 2; ++k) {
      // A near neighbour: the closest of a few random candidates.
      NodeIndex v = node(rng);
      double best = 1e18;
      for (int c = 0; c < 20; ++c) {
        const NodeIndex w = node(rng);
        const double d = std::hypot(coords[w].lat_e6 - coords[u].lat_e6,
                                    0.74 * (coords[w].lon_e6 - coords[u].lon_e6));
        if (w != u && d < best) {
          best = d;
          v = w;
        }
      }
      if (pct(rng) < 2) v = node(rng);  // a long road
      if (pct(rng) < 1) v = u;          // a self loop
      b.AddEdge({u, v, time(rng), 0});
      if (pct(rng) < 70) b.AddEdge({v, u, time(rng), 0});
      if (pct(rng) < 3) b.AddEdge({u, v, time(rng), 0});
    }
  }
  return std::move(b).Build().value();
}

struct Ranked {
  double distance_m;
  std::pair<NodeIndex, NodeIndex> key;
};

// The `top` nearest segments in order, and how many lie within `limit_m`.
std::vector<Ranked> BruteForce(const RoadGraph& g,
                               const std::vector<std::pair<NodeIndex, NodeIndex>>& segments,
                               double lat, double lon, std::size_t top, double limit_m,
                               std::size_t* within, bool* borderline) {
  std::vector<Ranked> out;
  out.reserve(segments.size());
  *within = 0;
  *borderline = false;
  for (const auto& [u, v] : segments) {
    const double d = BruteDistance(lat, lon, g.Coordinate(u), g.Coordinate(v)).distance_m;
    out.push_back({d, {u, v}});
    if (d <= limit_m) ++*within;
    if (std::abs(d - limit_m) < 1e-6) *borderline = true;
  }
  const auto by_distance = [](const Ranked& x, const Ranked& y) {
    return x.distance_m < y.distance_m;
  };
  top = std::min(top, out.size());
  std::partial_sort(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(top), out.end(),
                    by_distance);
  out.resize(top);
  return out;
}

// Checks one snap against the graph: a real segment, its edges, its fraction and its distance.
void ExpectConsistent(const RoadGraph& g, const Snap& s, double lat, double lon) {
  ASSERT_LT(s.forward_edge, g.edge_count());
  EXPECT_EQ(g.Target(s.forward_edge), s.b);
  EXPECT_GE(s.forward_edge, g.EdgeBegin(s.a));
  EXPECT_LT(s.forward_edge, g.EdgeEnd(s.a));
  if (s.backward_edge != kNoEdge) {
    EXPECT_EQ(g.Target(s.backward_edge), s.a);
    EXPECT_GE(s.backward_edge, g.EdgeBegin(s.b));
    EXPECT_LT(s.backward_edge, g.EdgeEnd(s.b));
  } else {
    EXPECT_EQ(g.EdgeTime(s.b, s.a), kUnreachable);
  }
  const Brute own = BruteDistance(lat, lon, g.Coordinate(s.a), g.Coordinate(s.b));
  EXPECT_NEAR(own.distance_m, s.distance_m, 1e-6);
  EXPECT_NEAR(own.t, s.fraction, 1e-9);
}

TEST(SnapOracleTest, MatchesBruteForceOnARandomCity) {
  const RoadGraph g = RandomCity(42, 2000);
  const auto segments = Segments(g);
  const SnapIndex index = SnapIndex::Build(g);
  ASSERT_EQ(index.segment_count(), segments.size());
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> lat(42.47, 42.535);
  std::uniform_real_distribution<double> lon(1.48, 1.56);
  std::uniform_int_distribution<std::size_t> kdist(1, 8);
  for (int i = 0; i < 10'000; ++i) {
    const double qlat = lat(rng);
    const double qlon = lon(rng);
    const double limit = 300;
    std::size_t within = 0;
    bool borderline = false;
    const std::vector<Ranked> brute =
        BruteForce(g, segments, qlat, qlon, 10, limit, &within, &borderline);
    const Result<Snap> s = index.Nearest(qlat, qlon, {.max_distance_m = kInf});
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    ASSERT_NEAR(s->distance_m, brute[0].distance_m, 1e-6) << qlat << "," << qlon;
    if (brute[1].distance_m - brute[0].distance_m > 1e-9) {
      EXPECT_EQ(Key(*s), brute[0].key);
    }
    ExpectConsistent(g, *s, qlat, qlon);

    const std::size_t k = kdist(rng);
    const std::vector<Snap> top = index.NearestK(qlat, qlon, k, {.max_distance_m = kInf}).value();
    ASSERT_EQ(top.size(), k);
    for (std::size_t j = 0; j < k; ++j) {
      ASSERT_NEAR(top[j].distance_m, brute[j].distance_m, 1e-6) << i << " #" << j;
      const bool tied = (j > 0 && brute[j].distance_m - brute[j - 1].distance_m < 1e-9) ||
                        brute[j + 1].distance_m - brute[j].distance_m < 1e-9;
      if (!tied) {
        EXPECT_EQ(Key(top[j]), brute[j].key) << i << " #" << j;
      }
    }
    EXPECT_EQ(Key(top[0]), Key(*s));

    // With the default 300 m limit: exactly the segments brute force finds within it.
    if (borderline) continue;
    const Result<std::vector<Snap>> limited = index.NearestK(qlat, qlon, 1000);
    if (within == 0) {
      EXPECT_EQ(limited.status().code(), StatusCode::kNotFound);
      EXPECT_EQ(index.Nearest(qlat, qlon).status().code(), StatusCode::kNotFound);
    } else {
      ASSERT_TRUE(limited.ok());
      EXPECT_EQ(limited->size(), std::min<std::size_t>(within, 1000));
    }
  }
}

TEST(SnapOracleTest, ConcurrentQueriesAgree) {
  const RoadGraph g = RandomCity(3, 2000);
  const SnapIndex index = SnapIndex::Build(g);
  std::vector<std::pair<double, double>> points;
  std::mt19937 rng(11);
  std::uniform_real_distribution<double> lat(42.47, 42.535);
  std::uniform_real_distribution<double> lon(1.48, 1.56);
  for (int i = 0; i < 2000; ++i) points.emplace_back(lat(rng), lon(rng));
  std::vector<std::pair<NodeIndex, NodeIndex>> expected;
  for (const auto& [la, lo] : points)
    expected.push_back(Key(index.Nearest(la, lo, {kInf}).value()));
  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (std::size_t i = 0; i < points.size(); ++i) {
        const auto [la, lo] = points[(i + static_cast<std::size_t>(t) * 500) % points.size()];
        const Snap s = index.Nearest(la, lo, {kInf}).value();
        if (Key(s) != expected[(i + static_cast<std::size_t>(t) * 500) % points.size()]) {
          ++mismatches[static_cast<std::size_t>(t)];
        }
      }
    });
  }
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(mismatches, std::vector<int>(4, 0));
}

const std::string kNyDir = elink::testing::DataPath("roads/dimacs-ny");

TEST(SnapOracleTest, MatchesBruteForceOnNewYork) {
  ELINK_REQUIRE_DATA(kNyDir + "/USA-road-t.NY.gr.gz");
  ELINK_REQUIRE_DATA(kNyDir + "/USA-road-d.NY.co.gz");
  const Result<RoadGraph> loaded = LoadDimacs(
      {.time_gr = kNyDir + "/USA-road-t.NY.gr.gz", .coordinates = kNyDir + "/USA-road-d.NY.co.gz"});
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  const RoadGraph& g = *loaded;
  const auto segments = Segments(g);
  const SnapIndex index = SnapIndex::Build(g);
  ASSERT_EQ(index.segment_count(), segments.size());
  // Brute force over 365,000 segments per point: the same formula as BruteDistance, squared (no
  // square root per segment), skipping the division for segments whose bounding box is already
  // farther than the best so far.
  std::vector<double> a_lat, a_lon, b_lat, b_lon;
  for (const auto& [u, v] : segments) {
    a_lat.push_back(g.Coordinate(u).lat_e6 / 1e6);
    a_lon.push_back(g.Coordinate(u).lon_e6 / 1e6);
    b_lat.push_back(g.Coordinate(v).lat_e6 / 1e6);
    b_lon.push_back(g.Coordinate(v).lon_e6 / 1e6);
  }
#if defined(__SANITIZE_ADDRESS__)
  constexpr int kPoints = 200;
#else
  constexpr int kPoints = 2000;
#endif
  std::mt19937 rng(2026);
  std::uniform_int_distribution<NodeIndex> node(0, g.node_count() - 1);
  std::uniform_real_distribution<double> jitter(-0.005, 0.005);
  std::uniform_real_distribution<double> lat(40.3, 41.3);
  std::uniform_real_distribution<double> lon(-74.5, -73.5);
  for (int i = 0; i < kPoints; ++i) {
    double qlat = 0;
    double qlon = 0;
    if (i % 2 == 0) {  // near the network
      const LatLonE6 c = g.Coordinate(node(rng));
      qlat = c.lat_e6 / 1e6 + jitter(rng);
      qlon = c.lon_e6 / 1e6 + jitter(rng);
    } else {  // anywhere in the tile, water included
      qlat = lat(rng);
      qlon = lon(rng);
    }
    const double c = CosDeg(qlat);
    double best2 = kInf;
    for (std::size_t j = 0; j < a_lat.size(); ++j) {
      const double gx = std::max({0.0, std::min(a_lon[j], b_lon[j]) - qlon,
                                  qlon - std::max(a_lon[j], b_lon[j])}) *
                        c;
      const double gy =
          std::max({0.0, std::min(a_lat[j], b_lat[j]) - qlat, qlat - std::max(a_lat[j], b_lat[j])});
      if (gx * gx + gy * gy > best2 * (1 + 1e-9)) continue;
      const double ax = (a_lon[j] - qlon) * c;
      const double ay = a_lat[j] - qlat;
      const double dx = (b_lon[j] - qlon) * c - ax;
      const double dy = (b_lat[j] - qlat) - ay;
      const double len2 = dx * dx + dy * dy;
      const double t = len2 > 0 ? std::min(1.0, std::max(0.0, -(ax * dx + ay * dy) / len2)) : 0.0;
      const double px = ax + t * dx;
      const double py = ay + t * dy;
      best2 = std::min(best2, px * px + py * py);
    }
    const double best = 6'371'008.8 * std::numbers::pi / 180.0 * std::sqrt(best2);
    const Snap s = index.Nearest(qlat, qlon, {.max_distance_m = kInf}).value();
    ASSERT_NEAR(s.distance_m, best, 1e-6) << qlat << "," << qlon;
    ExpectConsistent(g, s, qlat, qlon);
  }
}

}  // namespace
}  // namespace elink::geo
