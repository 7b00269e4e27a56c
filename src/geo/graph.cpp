// SPDX-License-Identifier: Apache-2.0
#include "geo/graph.hpp"

#include <algorithm>
#include <string>
#include <utility>

namespace elink::geo {

const char* RoadClassName(RoadClass c) {
  switch (c) {
    case RoadClass::kUnknown: return "unknown";
    case RoadClass::kMotorway: return "motorway";
    case RoadClass::kTrunk: return "trunk";
    case RoadClass::kPrimary: return "primary";
    case RoadClass::kSecondary: return "secondary";
    case RoadClass::kTertiary: return "tertiary";
    case RoadClass::kUnclassified: return "unclassified";
    case RoadClass::kResidential: return "residential";
    case RoadClass::kService: return "service";
    case RoadClass::kLivingStreet: return "living_street";
    case RoadClass::kTrack: return "track";
    case RoadClass::kOther: return "other";
  }
  return "unknown";
}

Distance RoadGraph::EdgeTime(NodeIndex u, NodeIndex v) const {
  Distance best = kUnreachable;
  for (std::size_t e = EdgeBegin(u); e < EdgeEnd(u); ++e) {
    if (targets_[e] == v && times_[e] < best) best = times_[e];
  }
  return best;
}

void RoadGraphBuilder::SetCoordinate(NodeIndex u, LatLonE6 position) {
  if (coordinates_.empty()) {
    coordinates_.resize(node_count_);
    has_coordinate_.resize(node_count_, false);
  }
  // Out-of-range ids are remembered as a failure for Build() rather than dropped silently.
  if (u >= node_count_) {
    has_coordinate_.clear();
    coordinates_.clear();
    bad_coordinate_ = true;
    return;
  }
  coordinates_[u] = position;
  has_coordinate_[u] = true;
}

Result<RoadGraph> RoadGraphBuilder::Build() && {
  if (node_count_ > kMaxNodes) {
    return Status::InvalidArgument("node_count",
                                   "more than " + std::to_string(kMaxNodes) + " nodes");
  }
  if (bad_coordinate_) {
    return Status::InvalidArgument("coordinates", "node index out of range");
  }
  for (std::size_t i = 0; i < edges_.size(); ++i) {
    const EdgeInput& e = edges_[i];
    const std::string field = "edges[" + std::to_string(i) + "]";
    if (e.from >= node_count_) return Status::InvalidArgument(field + ".from", "out of range");
    if (e.to >= node_count_) return Status::InvalidArgument(field + ".to", "out of range");
    if (e.time > kMaxWeight) return Status::InvalidArgument(field + ".time", "too large");
    if (static_cast<std::uint8_t>(e.road_class) >= kRoadClassCount) {
      return Status::InvalidArgument(field + ".road_class", "unknown road class");
    }
    if (e.name != kNoName && e.name >= names_.size()) {
      return Status::InvalidArgument(field + ".name", "not in the name table");
    }
  }
  for (NodeIndex u = 0; u < has_coordinate_.size(); ++u) {
    if (!has_coordinate_[u]) {
      return Status::InvalidArgument("coordinates[" + std::to_string(u) + "]", "missing");
    }
    const LatLonE6 c = coordinates_[u];
    if (c.lat_e6 < -90'000'000 || c.lat_e6 > 90'000'000 || c.lon_e6 < -180'000'000 ||
        c.lon_e6 > 180'000'000) {
      return Status::InvalidArgument("coordinates[" + std::to_string(u) + "]", "not on Earth");
    }
  }

  RoadGraph g;
  g.node_count_ = node_count_;
  // Counting sort by source keeps the input order of each node's edges, so loading is stable.
  g.offsets_.assign(std::size_t{node_count_} + 1, 0);
  for (const EdgeInput& e : edges_) ++g.offsets_[std::size_t{e.from} + 1];
  for (std::size_t u = 0; u < node_count_; ++u) g.offsets_[u + 1] += g.offsets_[u];
  std::vector<std::size_t> next(g.offsets_.begin(), g.offsets_.end() - 1);
  g.targets_.resize(edges_.size());
  g.times_.resize(edges_.size());
  g.lengths_m_.resize(edges_.size());
  const bool any_class = std::any_of(edges_.begin(), edges_.end(), [](const EdgeInput& e) {
    return e.road_class != RoadClass::kUnknown;
  });
  const bool any_name = std::any_of(edges_.begin(), edges_.end(),
                                    [](const EdgeInput& e) { return e.name != kNoName; });
  if (any_class) g.road_classes_.resize(edges_.size());
  if (any_name) g.name_ids_.resize(edges_.size());
  for (const EdgeInput& e : edges_) {
    const std::size_t slot = next[e.from]++;
    g.targets_[slot] = e.to;
    g.times_[slot] = e.time;
    g.lengths_m_[slot] = e.length_m;
    if (any_class) g.road_classes_[slot] = e.road_class;
    if (any_name) g.name_ids_[slot] = e.name;
  }
  g.coordinates_ = std::move(coordinates_);
  g.names_ = std::move(names_);
  edges_.clear();
  return g;
}

RoadGraph ReverseGraph(const RoadGraph& graph) {
  RoadGraphBuilder builder(graph.node_count());
  builder.Reserve(graph.edge_count());
  builder.SetNames(graph.names());
  for (NodeIndex u = 0; u < graph.node_count(); ++u) {
    if (graph.has_coordinates()) builder.SetCoordinate(u, graph.Coordinate(u));
    for (std::size_t e = graph.EdgeBegin(u); e < graph.EdgeEnd(u); ++e) {
      builder.AddEdge(
          {graph.Target(e), u, graph.Time(e), graph.LengthM(e), graph.Class(e), graph.Name(e)});
    }
  }
  Result<RoadGraph> reversed = std::move(builder).Build();
  ELINK_CHECK(reversed.ok()) << "reversing a valid graph failed: " << reversed.status().ToString();
  return std::move(reversed).value();
}

}  // namespace elink::geo
