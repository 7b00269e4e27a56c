// SPDX-License-Identifier: Apache-2.0
// Router between positions, against an independent oracle: the graph with each snapped road
// physically cut at the snapped points (new nodes, the edge time split by the documented rounding)
// and plain Dijkstra between the new nodes.
#include "geo/router.hpp"

#include "geo/dijkstra.hpp"
#include "geo/fleet.hpp"
#include "geo/messages.hpp"
#include "geo_test_util.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <vector>

namespace elink::geo {
namespace {

using testing::RandomGraph;

Distance Round(double g, Weight t) {
  return static_cast<Distance>(std::clamp(std::floor(g * t + 0.5), 0.0, static_cast<double>(t)));
}

// Cuts the snapped edges at the points; returns the new graph and the node of each point.
std::pair<RoadGraph, std::vector<NodeIndex>> CutAt(const RoadGraph& g,
                                                   const std::vector<Snap>& snaps) {
  const NodeIndex n = g.node_count();
  std::map<std::size_t, std::vector<std::pair<double, NodeIndex>>> cuts;  // edge -> (g, node)
  std::vector<NodeIndex> point_nodes;
  for (std::size_t k = 0; k < snaps.size(); ++k) {
    const NodeIndex x = n + static_cast<NodeIndex>(k);
    point_nodes.push_back(x);
    cuts[snaps[k].forward_edge].emplace_back(snaps[k].fraction, x);
    if (snaps[k].backward_edge != kNoEdge) {
      cuts[snaps[k].backward_edge].emplace_back(1 - snaps[k].fraction, x);
    }
  }
  RoadGraphBuilder b(n + static_cast<NodeIndex>(snaps.size()));
  for (NodeIndex u = 0; u < n; ++u) {
    for (std::size_t e = g.EdgeBegin(u); e < g.EdgeEnd(u); ++e) {
      auto it = cuts.find(e);
      if (it == cuts.end()) {
        b.AddEdge({u, g.Target(e), g.Time(e), 0});
        continue;
      }
      auto pieces = it->second;
      std::stable_sort(pieces.begin(), pieces.end());
      NodeIndex from = u;
      Distance done = 0;
      for (const auto& [frac, x] : pieces) {
        const Distance at = Round(frac, g.Time(e));
        b.AddEdge({from, x, static_cast<Weight>(at - done), 0});
        from = x;
        done = at;
      }
      b.AddEdge({from, g.Target(e), static_cast<Weight>(g.Time(e) - done), 0});
    }
  }
  return {std::move(b).Build().value(), point_nodes};
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::shared_ptr<const Router>> r =
        Router::Create(RandomGraph(41, 2000, true), std::nullopt, {.max_snap_m = 500});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    router_ = *r;
  }
  // Random points over the grid's extent (a few off the map).
  std::vector<Position> RandomPositions(std::mt19937& rng, int count) {
    std::uniform_real_distribution<double> lat(42.4995, 42.5405);
    std::uniform_real_distribution<double> lon(1.4995, 1.5545);
    std::vector<Position> out;
    for (int i = 0; i < count; ++i) out.push_back({lat(rng), lon(rng)});
    return out;
  }
  std::shared_ptr<const Router> router_;
};

TEST_F(RouterTest, RoutesEqualDijkstraOnTheCutGraph) {
  std::mt19937 rng(3);
  int routed = 0;
  int unreachable = 0;
  for (int i = 0; i < 400; ++i) {
    std::vector<Position> p = RandomPositions(rng, 2);
    // Every tenth pair on one road, to exercise the same-segment case.
    if (i % 10 == 0) p[1] = {p[0].lat + 0.0001, p[0].lon + 0.0002};
    const Snap a = router_->SnapTo(p[0]).value();
    const Snap b = router_->SnapTo(p[1]).value();
    const auto [cut, nodes] = CutAt(router_->graph(), {a, b});
    const std::vector<Distance> oracle = DijkstraAll(cut, nodes[0]).value();
    const Result<RouteResult> r = router_->Route(p[0], p[1]);
    if (oracle[nodes[1]] == kUnreachable) {
      ++unreachable;
      ASSERT_EQ(r.status().code(), StatusCode::kNotFound) << i;
      continue;
    }
    ++routed;
    ASSERT_TRUE(r.ok()) << i << ": " << r.status().ToString();
    ASSERT_EQ(r->time, oracle[nodes[1]]) << "pair " << i;
    ASSERT_GE(r->geometry.size(), 2U);
    EXPECT_NEAR(r->geometry.front().lat, a.lat, 1e-9);
    EXPECT_NEAR(r->geometry.back().lon, b.lon, 1e-9);
  }
  EXPECT_GT(routed, 300);
  EXPECT_GT(unreachable, 0) << "some points snap to one-way dead ends or the isolated nodes";
}

TEST_F(RouterTest, ManyToOneOneToManyAndMatrixAgreeWithRoutes) {
  std::mt19937 rng(4);
  const std::vector<Position> units = RandomPositions(rng, 60);
  const std::vector<Position> incidents = RandomPositions(rng, 5);
  const std::vector<Distance> m = router_->Matrix(units, incidents).value();
  for (std::size_t j = 0; j < incidents.size(); ++j) {
    const TimesResult to = router_->TimesTo(units, incidents[j]).value();
    EXPECT_TRUE(to.unsnapped.empty());
    for (std::size_t i = 0; i < units.size(); ++i) {
      const Result<RouteResult> r = router_->Route(units[i], incidents[j]);
      const Distance expected = r.ok() ? r->time : kUnreachable;
      ASSERT_EQ(to.times[i], expected) << i << "->" << j;
      ASSERT_EQ(m[i * incidents.size() + j], expected) << i << "->" << j;
    }
  }
  const TimesResult from = router_->TimesFrom(incidents[0], units).value();
  for (std::size_t i = 0; i < units.size(); ++i) {
    const Result<RouteResult> r = router_->Route(incidents[0], units[i]);
    ASSERT_EQ(from.times[i], r.ok() ? r->time : kUnreachable) << i;
  }
}

TEST_F(RouterTest, FleetIndexFollowsMovingUnitsAndEqualsTheSweep) {
  geo::FleetIndex fleet(router_);
  std::mt19937 rng(6);
  std::vector<Position> units = RandomPositions(rng, 50);
  for (std::uint32_t id = 0; id < units.size(); ++id) ASSERT_TRUE(fleet.Place(id, units[id]).ok());
  for (int round = 0; round < 20; ++round) {
    // Some units move; one reports a position off the map and drops out until it moves again.
    for (int k = 0; k < 4; ++k) {
      const auto id = static_cast<std::uint32_t>(rng() % units.size());
      units[id] = RandomPositions(rng, 1)[0];
      ASSERT_TRUE(fleet.Place(id, units[id]).ok());
    }
    const auto lost = static_cast<std::uint32_t>(rng() % units.size());
    EXPECT_EQ(fleet.Place(lost, {10, 10}).code(), StatusCode::kNotFound);
    const Position incident = RandomPositions(rng, 1)[0];
    const std::vector<Distance> times = fleet.TimesTo(incident).value();
    const TimesResult sweep = router_->TimesTo(units, incident).value();
    ASSERT_EQ(times.size(), units.size());
    for (std::uint32_t id = 0; id < units.size(); ++id) {
      ASSERT_EQ(times[id], id == lost ? kUnreachable : sweep.times[id]) << round << " " << id;
    }
    ASSERT_TRUE(fleet.Place(lost, units[lost]).ok());
  }
  fleet.Remove(3);
  EXPECT_EQ(fleet.TimesTo({42.52, 1.53}).value()[3], kUnreachable);
  EXPECT_EQ(fleet.TimesTo({95, 1.53}).status().field(), "destination.lat");
}

TEST_F(RouterTest, BadPositionsAreNamedAndOthersStillAnswered) {
  const std::vector<Position> units = {
      {42.51, 1.52}, {std::nan(""), 1.52}, {10.0, 10.0}, {42.52, 1.53}};
  const TimesResult r = router_->TimesTo(units, {42.515, 1.525}).value();
  ASSERT_EQ(r.unsnapped.size(), 2U);
  EXPECT_EQ(r.unsnapped[0].first, 1U);
  EXPECT_EQ(r.unsnapped[0].second.field(), "origins[1].lat");
  EXPECT_EQ(r.unsnapped[1].first, 2U);
  EXPECT_EQ(r.unsnapped[1].second.code(), StatusCode::kNotFound);
  EXPECT_EQ(r.times[1], kUnreachable);
  EXPECT_NE(r.times[0], kUnreachable);
  EXPECT_EQ(router_->TimesTo(units, {95, 1}).status().field(), "destination.lat");
  EXPECT_EQ(router_->Route({42.51, 1.52}, {42.51, 200}).status().field(), "to.lon");
  EXPECT_EQ(router_->Route({0, 0}, {42.51, 1.52}).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(router_->Matrix(units, units).status().field(), "from[1].lat");
  EXPECT_EQ(router_->IsochroneFrom({1, 1}, 100).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(Router::Create(testing::HandMadeGraph(), std::nullopt).status().code(),
            StatusCode::kInvalidArgument);
}

// The refusals are declared messages (geo/messages.hpp): each says itself in English and zh-CN and
// keeps its id through the field the router names.
TEST_F(RouterTest, RefusalsSayTheirDeclaredMessageInEitherLanguage) {
  const Status lon = router_->Route({42.51, 1.52}, {42.51, 200}).status();
  EXPECT_EQ(lon.message_id(), &msg::kNumberFromTo);
  EXPECT_EQ(lon.field(), "to.lon");
  EXPECT_EQ(lon.Text(Lang::kEn), "must be a number from -180 to 180");
  EXPECT_EQ(lon.Text(Lang::kZhCN), "必须是 -180 到 180 之间的数字");
  const Status far = router_->Route({0, 0}, {42.51, 1.52}).status();
  EXPECT_EQ(far.message_id(), &msg::kNoRoadWithinNearest);
  EXPECT_EQ(far.field(), "from");
  EXPECT_TRUE(far.message().starts_with("no road within ")) << far.message();
  EXPECT_TRUE(far.Text(Lang::kZhCN).find(" 米内没有道路（最近的道路在 ") != std::string::npos)
      << far.Text(Lang::kZhCN);
  // A pair no road joins (one-way dead ends, the isolated nodes).
  std::mt19937 rng(3);
  Status none;
  for (int i = 0; i < 400 && none.ok(); ++i) {
    const std::vector<Position> p = RandomPositions(rng, 2);
    const Result<RouteResult> r = router_->Route(p[0], p[1]);
    if (!r.ok()) none = r.status();
  }
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.message_id(), &msg::kNoRoadRoute);
  EXPECT_EQ(none.Text(Lang::kEn),
            "no road route between these places (one-way streets or a separate part of the "
            "network)");
  EXPECT_EQ(none.Text(Lang::kZhCN), "两地之间没有可通行的道路（受单行道限制，或属于不相连的路网）");
}

TEST_F(RouterTest, IsochroneAndGeoJson) {
  const Position origin{42.52, 1.53};
  const Isochrone iso = router_->IsochroneFrom(origin, 3000).value();
  EXPECT_GT(iso.reachable_nodes, 10U);
  const Snap s = router_->SnapTo(origin).value();
  bool inside = false;
  for (const PolygonRings& poly : iso.polygons) inside |= PolygonContains(poly, s.lon, s.lat);
  EXPECT_TRUE(inside);
  const RouteResult r = router_->Route(origin, {42.53, 1.54}).value();
  const auto json = nlohmann::json::parse(RouteToGeoJson(r));
  EXPECT_EQ(json["geometry"]["type"], "LineString");
  EXPECT_EQ(json["geometry"]["coordinates"].size(), r.geometry.size());
  EXPECT_DOUBLE_EQ(json["properties"]["seconds"].get<double>(), TimeSeconds(r.time));
  EXPECT_FALSE(json["properties"].contains("time")) << "one unit, seconds, in every format";
}

}  // namespace
}  // namespace elink::geo
