#pragma once
// Plain Dijkstra with a binary heap over a RoadGraph: one-to-all distances and one-to-one routes.
// It is the oracle the contraction hierarchy is tested against, so it stays simple on purpose.

#include "geo/graph.hpp"
#include "util/status.hpp"

#include <vector>

namespace elink::geo {

// Travel time from `source` to every node; kUnreachable where there is no path.
// kInvalidArgument when `source` is out of range. Thread-safe (reads `graph` only).
Result<std::vector<Distance>> DijkstraAll(const RoadGraph& graph, NodeIndex source);

// The shortest route from `source` to `target`, stopping once `target` is settled.
// kInvalidArgument for an out-of-range node, kNotFound when `target` is unreachable.
Result<Route> DijkstraRoute(const RoadGraph& graph, NodeIndex source, NodeIndex target);

}  // namespace elink::geo
