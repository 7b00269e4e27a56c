#pragma once
// Helpers shared by the geo tests: building small graphs and checking a path against its graph.

#include "geo/graph.hpp"

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

}  // namespace elink::geo::testing
