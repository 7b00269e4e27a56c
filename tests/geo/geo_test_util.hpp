#pragma once
// Helpers shared by the geo tests: building small graphs and checking a path against its graph.

#include "geo/graph.hpp"

#include <cstdint>
#include <random>
#include <utility>
#include <vector>

namespace elink::geo::testing {

inline RoadGraph Make(NodeIndex n, const std::vector<EdgeInput>& edges) {
  RoadGraphBuilder b(n);
  for (const EdgeInput& e : edges) b.AddEdge(e);
  return std::move(b).Build().value();
}

// 0 -> 1 -> 2 -> 3 with a faster parallel 1->2, a self loop at 2, and an island 4 <-> 5.
inline RoadGraph HandMadeGraph() {
  return Make(6, {{0, 1, 2, 0},
                  {1, 2, 3, 0},
                  {1, 2, 1, 0},
                  {2, 2, 0, 0},
                  {2, 3, 4, 0},
                  {4, 5, 1, 0},
                  {5, 4, 1, 0}});
}

// Sum of the lightest edge along each hop, or kUnreachable when a hop is not an edge.
inline Distance PathTime(const RoadGraph& g, const std::vector<NodeIndex>& nodes) {
  Distance total = 0;
  for (std::size_t i = 0; i + 1 < nodes.size(); ++i) {
    const Distance w = g.EdgeTime(nodes[i], nodes[i + 1]);
    if (w == kUnreachable) return kUnreachable;
    total += w;
  }
  return total;
}

// Road-like random graph: points on a 45-wide grid joined to near neighbours, mostly two-way,
// some one-way, some parallel edges and self loops, and zero weights; the last 5 nodes isolated.
// With `coordinates`, node i sits at grid position (i % 45, i / 45) ~100 m apart near 42.5 N.
inline RoadGraph RandomGraph(std::uint32_t seed, NodeIndex n, bool coordinates = false) {
  std::mt19937 rng(seed);
  RoadGraphBuilder b(n);
  const NodeIndex side = 45;
  std::uniform_int_distribution<Weight> weight(0, 1000);
  std::uniform_int_distribution<int> pct(0, 99);
  for (NodeIndex u = 0; u + 5 < n; ++u) {
    for (const NodeIndex d : {NodeIndex{1}, side, side + 1}) {
      const NodeIndex v = u + d;
      if (v + 5 >= n || pct(rng) < 20) continue;
      const Weight w = weight(rng);
      b.AddEdge({u, v, w, 0});
      if (pct(rng) < 85) b.AddEdge({v, u, pct(rng) < 50 ? w : weight(rng), 0});
      if (pct(rng) < 3) b.AddEdge({u, v, weight(rng), 0});
    }
    if (pct(rng) < 2) b.AddEdge({u, u, weight(rng), 0});
  }
  if (coordinates) {
    for (NodeIndex u = 0; u < n; ++u) {
      b.SetCoordinate(u, {static_cast<std::int32_t>(42'500'000 + (u / side) * 900),
                          static_cast<std::int32_t>(1'500'000 + (u % side) * 1'220)});
    }
  }
  return std::move(b).Build().value();
}

}  // namespace elink::geo::testing
