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

// Runs until the heap is empty or `stop_at` is settled; fills dist and parent. `dist` holds the
// sources' starting times already.
void Run(const RoadGraph& graph, std::span<const NodeIndex> sources, NodeIndex stop_at,
         std::vector<Distance>& dist, std::vector<NodeIndex>* parent) {
  MinHeap heap;
  for (const NodeIndex s : sources) heap.emplace(dist[s], s);
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
  dist[source] = 0;
  Run(graph, {&source, 1}, kNoNode, dist, nullptr);
  return dist;
}

Result<std::vector<Distance>> DijkstraAll(const RoadGraph& graph,
                                          std::span<const Endpoint> sources) {
  if (sources.empty()) return Status::InvalidArgument("sources", "no endpoint");
  std::vector<Distance> dist(graph.node_count(), kUnreachable);
  std::vector<NodeIndex> nodes;
  for (std::size_t i = 0; i < sources.size(); ++i) {
    const std::string field = "sources[" + std::to_string(i) + "]";
    ELINK_RETURN_IF_ERROR(CheckNode(graph, sources[i].node, field.c_str()));
    dist[sources[i].node] = std::min(dist[sources[i].node], sources[i].offset);
    nodes.push_back(sources[i].node);
  }
  Run(graph, nodes, kNoNode, dist, nullptr);
  return dist;
}

Result<Route> DijkstraRoute(const RoadGraph& graph, NodeIndex source, NodeIndex target) {
  ELINK_RETURN_IF_ERROR(CheckNode(graph, source, "source"));
  ELINK_RETURN_IF_ERROR(CheckNode(graph, target, "target"));
  std::vector<Distance> dist(graph.node_count(), kUnreachable);
  std::vector<NodeIndex> parent(graph.node_count(), kNoNode);
  dist[source] = 0;
  Run(graph, {&source, 1}, target, dist, &parent);
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

Result<Distance> BidirectionalDijkstraTime(const RoadGraph& graph, const RoadGraph& reverse,
                                           NodeIndex source, NodeIndex target) {
  ELINK_RETURN_IF_ERROR(CheckNode(graph, source, "source"));
  ELINK_RETURN_IF_ERROR(CheckNode(graph, target, "target"));
  const RoadGraph* graphs[2] = {&graph, &reverse};
  std::vector<Distance> dist[2] = {std::vector<Distance>(graph.node_count(), kUnreachable),
                                   std::vector<Distance>(graph.node_count(), kUnreachable)};
  MinHeap heaps[2];
  dist[0][source] = 0;
  dist[1][target] = 0;
  heaps[0].emplace(0, source);
  heaps[1].emplace(0, target);
  Distance best = source == target ? 0 : kUnreachable;
  int side = 0;
  while (!heaps[0].empty() && !heaps[1].empty()) {
    if (heaps[0].top().first + heaps[1].top().first >= best) break;
    const auto [d, u] = heaps[side].top();
    heaps[side].pop();
    if (d == dist[side][u]) {
      const RoadGraph& g = *graphs[side];
      for (std::size_t e = g.EdgeBegin(u); e < g.EdgeEnd(u); ++e) {
        const NodeIndex v = g.Target(e);
        const Distance nd = d + g.Time(e);
        if (nd < dist[side][v]) {
          dist[side][v] = nd;
          heaps[side].emplace(nd, v);
          if (dist[1 - side][v] != kUnreachable) best = std::min(best, nd + dist[1 - side][v]);
        }
      }
    }
    side = 1 - side;
  }
  if (best == kUnreachable) {
    return Status::NotFound("no route from node " + std::to_string(source) + " to node " +
                            std::to_string(target));
  }
  return best;
}

}  // namespace elink::geo
