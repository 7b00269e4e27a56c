#pragma once
// Isochrones: the area reachable within a travel time, as polygons. The reachable road network
// (whole edges, and the reachable part of edges left mid-way) is drawn onto a square grid in a
// local metric projection; the union of the cells it touches is traced into rings (outer rings
// counter-clockwise, holes clockwise, as GeoJSON RFC 7946 wants). Works from any node times, so
// the caller picks the engine (ChSweep::Times or DijkstraAll).

#include "geo/graph.hpp"
#include "util/status.hpp"

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace elink::geo {

struct IsochroneOptions {
  // Side of a grid cell in metres: the resolution of the boundary. Smaller cells follow the
  // roads more closely and leave more small holes.
  double cell_m = 60;
  // Refuses grids with more cells than this (a huge limit on a huge graph), kInvalidArgument.
  std::size_t max_cells = 16'000'000;
};

// One polygon: rings of (lon, lat), each closed (first point repeated last); ring 0 is the outer
// boundary, the rest are holes inside it.
using LonLatRing = std::vector<std::pair<double, double>>;
using PolygonRings = std::vector<LonLatRing>;

struct Isochrone {
  Distance limit = 0;
  std::vector<PolygonRings> polygons;
  std::size_t reachable_nodes = 0;
  double area_km2 = 0;
  double cell_m = 0;
};

// `times[u]` is the travel time from the origin to node u (kUnreachable when none), as long as
// the graph's node count. kFailedPrecondition when the graph has no coordinates;
// kInvalidArgument for a times vector of the wrong size, a cell size outside [5 m, 5 km], or a
// grid over `max_cells`; kNotFound when no node is reachable within `limit`.
Result<Isochrone> ComputeIsochrone(const RoadGraph& graph, const std::vector<Distance>& times,
                                   Distance limit, const IsochroneOptions& options = {});

// A GeoJSON Feature with a MultiPolygon geometry and properties limit (in the graph's time unit),
// reachable_nodes, area_km2 and cell_m.
std::string IsochroneToGeoJson(const Isochrone& isochrone);

// Even-odd test against every ring of one polygon (outer and holes); for tests and callers that
// need to check a point against an isochrone.
bool PolygonContains(const PolygonRings& polygon, double lon, double lat);

}  // namespace elink::geo
