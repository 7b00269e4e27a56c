#pragma once
// Plain Dijkstra with a binary heap over a RoadGraph: one-to-all distances, one-to-one routes and
// bidirectional one-to-one times. It is the oracle the contraction hierarchy is tested against
// and the baseline it is benchmarked against, so it stays simple on purpose.

#include "geo/graph.hpp"
#include "util/status.hpp"

#include <span>
#include <vector>

namespace elink::geo {

// Travel time from `source` to every node; kUnreachable where there is no path.
// kInvalidArgument when `source` is out of range. Thread-safe (reads `graph` only).
Result<std::vector<Distance>> DijkstraAll(const RoadGraph& graph, NodeIndex source);

// Travel time from the best of `sources` (each with its starting offset) to every node.
// kInvalidArgument for an empty list or a node out of range ("sources[i]").
Result<std::vector<Distance>> DijkstraAll(const RoadGraph& graph,
                                          std::span<const Endpoint> sources);

// The shortest route from `source` to `target`, stopping once `target` is settled.
// kInvalidArgument for an out-of-range node, kNotFound when `target` is unreachable.
Result<Route> DijkstraRoute(const RoadGraph& graph, NodeIndex source, NodeIndex target);

// Shortest travel time by Dijkstra from both ends at once, alternating sides, stopping when the
// two smallest keys together reach the best meeting time. `reverse` must be ReverseGraph(graph).
// kInvalidArgument for an out-of-range node, kNotFound when `target` is unreachable.
Result<Distance> BidirectionalDijkstraTime(const RoadGraph& graph, const RoadGraph& reverse,
                                           NodeIndex source, NodeIndex target);

}  // namespace elink::geo
