// SPDX-License-Identifier: Apache-2.0
#include "geo/dijkstra.hpp"

#include <algorithm>
#include <functional>
#include <queue>
#include <string>
#include <utility>

namespace elink::geo {
namespace {

using HeapEntry = std::pair<Distance, NodeIndex>;
using MinHeap = std::priority_queue<HeapEntry, std::vector<HeapEntry>, std::greater<>>;

Status CheckNode(const RoadGraph& graph, NodeIndex u, const char* field) {
  if (u >= graph.node_count()) {
    return Status::InvalidArgument(field, "node " + std::to_string(u) + " out of range");
  }
  return Status::Ok();
}

// Runs until the heap is empty or `stop_at` is settled; fills dist and parent.
void Run(const RoadGraph& graph, NodeIndex source, NodeIndex stop_at, std::vector<Distance>& dist,
         std::vector<NodeIndex>* parent) {
  MinHeap heap;
  dist[source] = 0;
  heap.emplace(0, source);
  while (!heap.empty()) {
    const auto [d, u] = heap.top();
    heap.pop();
    if (d != dist[u]) continue;  // stale entry: lazy deletion instead of decrease-key
    if (u == stop_at) return;
    for (std::size_t e = graph.EdgeBegin(u); e < graph.EdgeEnd(u); ++e) {
      const NodeIndex v = graph.Target(e);
      const Distance nd = d + graph.Time(e);
      if (nd < dist[v]) {
        dist[v] = nd;
        if (parent != nullptr) (*parent)[v] = u;
        heap.emplace(nd, v);
      }
    }
  }
}

}  // namespace

Result<std::vector<Distance>> DijkstraAll(const RoadGraph& graph, NodeIndex source) {
  ELINK_RETURN_IF_ERROR(CheckNode(graph, source, "source"));
  std::vector<Distance> dist(graph.node_count(), kUnreachable);
  Run(graph, source, kNoNode, dist, nullptr);
  return dist;
}

Result<Route> DijkstraRoute(const RoadGraph& graph, NodeIndex source, NodeIndex target) {
  ELINK_RETURN_IF_ERROR(CheckNode(graph, source, "source"));
  ELINK_RETURN_IF_ERROR(CheckNode(graph, target, "target"));
  std::vector<Distance> dist(graph.node_count(), kUnreachable);
  std::vector<NodeIndex> parent(graph.node_count(), kNoNode);
  Run(graph, source, target, dist, &parent);
  if (dist[target] == kUnreachable) {
    return Status::NotFound("no route from node " + std::to_string(source) + " to node " +
                            std::to_string(target));
  }
  Route route;
  route.time = dist[target];
  for (NodeIndex u = target; u != source; u = parent[u]) route.nodes.push_back(u);
  route.nodes.push_back(source);
  std::reverse(route.nodes.begin(), route.nodes.end());
  return route;
}

}  // namespace elink::geo
