// SPDX-License-Identifier: Apache-2.0
#include "geo/graph.hpp"

#include "geo/dijkstra.hpp"
#include "geo_test_util.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace elink::geo {
namespace {

using testing::HandMadeGraph;
using testing::Make;
using testing::PathTime;

TEST(RoadGraphTest, BuildsCsrKeepingInputOrder) {
  const RoadGraph g = Make(3, {{1, 2, 5, 50}, {0, 1, 3, 30}, {0, 2, 9, 90}});
  EXPECT_EQ(g.node_count(), 3U);
  EXPECT_EQ(g.edge_count(), 3U);
  ASSERT_EQ(g.EdgeEnd(0) - g.EdgeBegin(0), 2U);
  EXPECT_EQ(g.Target(g.EdgeBegin(0)), 1U);
  EXPECT_EQ(g.Time(g.EdgeBegin(0)), 3U);
  EXPECT_EQ(g.LengthM(g.EdgeBegin(0) + 1), 90U);
  EXPECT_EQ(g.EdgeBegin(2), g.EdgeEnd(2));
  EXPECT_EQ(g.EdgeTime(1, 2), 5U);
  EXPECT_EQ(g.EdgeTime(2, 1), kUnreachable);
  EXPECT_FALSE(g.has_coordinates());
}

TEST(RoadGraphTest, RejectsBadInput) {
  {
    RoadGraphBuilder b(2);
    b.AddEdge({0, 2, 1, 0});
    const auto r = std::move(b).Build();
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(r.status().field(), "edges[0].to");
  }
  {
    RoadGraphBuilder b(2);
    b.AddEdge({0, 1, kMaxWeight + 1, 0});
    EXPECT_FALSE(std::move(b).Build().ok());
  }
  {
    RoadGraphBuilder b(2);
    b.SetCoordinate(0, {40'000'000, -74'000'000});
    EXPECT_FALSE(std::move(b).Build().ok()) << "node 1 has no coordinate";
  }
  {
    RoadGraphBuilder b(1);
    b.SetCoordinate(0, {91'000'000, 0});
    EXPECT_FALSE(std::move(b).Build().ok());
  }
  {
    RoadGraphBuilder b(1);
    b.SetCoordinate(5, {0, 0});
    EXPECT_FALSE(std::move(b).Build().ok());
  }
}

TEST(DijkstraTest, LineOneWayParallelSelfLoopAndUnreachable) {
  // 0 -> 1 -> 2 -> 3, a slower parallel 1->2, a self loop at 2, and island 4 <-> 5.
  const RoadGraph g = HandMadeGraph();
  const auto all = DijkstraAll(g, 0).value();
  EXPECT_EQ(all, (std::vector<Distance>{0, 2, 3, 7, kUnreachable, kUnreachable}));
  const Route r = DijkstraRoute(g, 0, 3).value();
  EXPECT_EQ(r.time, 7U);
  EXPECT_EQ(r.nodes, (std::vector<NodeIndex>{0, 1, 2, 3}));
  EXPECT_EQ(DijkstraRoute(g, 3, 0).status().code(), StatusCode::kNotFound) << "one-way";
  EXPECT_EQ(DijkstraRoute(g, 0, 4).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(DijkstraRoute(g, 2, 2).value().nodes, (std::vector<NodeIndex>{2}));
  EXPECT_EQ(DijkstraRoute(g, 0, 6).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(DijkstraAll(g, 9).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace elink::geo
