#pragma once
// Turns the roads read from an OSM file into a RoadGraph: one graph node per OSM road node, own
// copies for blocking barriers (one per incident segment) and for turn-restriction via nodes
// (one per incoming edge), then only the largest strongly connected component, densely numbered.
// Free of the OSM library; osm_import.cpp fills RoadInput while reading.

#include "geo/graph.hpp"
#include "geo/internal/osm_tags.hpp"
#include "geo/osm_import.hpp"
#include "util/status.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace elink::geo::osm_internal {

struct WayNode {
  std::int64_t id = 0;
  LatLonE6 position;
  bool located = false;  // false: the node is not in the file (extract cut at its border)
};

struct RoadWay {
  std::int64_t osm_id = 0;
  std::vector<WayNode> nodes;
  bool forward = true;
  bool backward = true;
  double speed_forward_kmh = 0;
  double speed_backward_kmh = 0;
  RoadClass road_class = RoadClass::kUnknown;
  NameId name = kNoName;
};

struct RestrictionInput {
  std::int64_t osm_id = 0;
  std::vector<std::int64_t> from_ways;
  std::vector<std::int64_t> to_ways;
  std::int64_t via_node = 0;
  bool only = false;
};

struct RoadInput {
  std::vector<RoadWay> ways;
  // Barrier nodes that matter (kBlocking or kOpened); others are absent.
  std::unordered_map<std::int64_t, BarrierState> barriers;
  std::vector<RestrictionInput> restrictions;  // read-time checks passed
  std::vector<std::string> names;
};

struct BuiltRoads {
  RoadGraph graph;
  std::vector<std::int64_t> osm_node_ids;
};

using ProgressFn = std::function<void(std::string_view, std::uint64_t, std::uint64_t)>;

// Fills the barrier, restriction, component and result counts of `report`. `source` names the
// file in messages. kInvalidArgument "no drivable road in SOURCE" when nothing is left to build.
Result<BuiltRoads> BuildRoads(RoadInput input, const std::string& source,
                              const ProgressFn& progress, OsmImportReport& report);

// Great-circle distance in metres (haversine, mean Earth radius 6,371,008.8 m).
double HaversineM(LatLonE6 a, LatLonE6 b);

// Strongly connected components of the CSR graph (offsets.size() == n + 1) by an iterative
// Tarjan: no recursion, so any size works. Returns the component of each node and sets `count`.
std::vector<std::uint32_t> StrongComponents(const std::vector<std::size_t>& offsets,
                                            const std::vector<NodeIndex>& targets,
                                            std::uint32_t& count);

}  // namespace elink::geo::osm_internal
