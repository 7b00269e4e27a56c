#pragma once
// Snapping a position to the road network: SnapIndex finds the nearest road segments to a point
// (exact nearest, by a best-first search over a packed Hilbert R-tree of the segments), and
// DepartEndpoints / ArriveEndpoints turn a snap into the Endpoints a route search starts or ends
// at, with the partial travel time along the snapped edge.
//
// Distances use a local equirectangular projection centred on the query point over a sphere of
// radius 6,371,008.8 m: (lon − lon0)·cos(lat0) and lat − lat0, scaled to metres. Against the
// haversine distance the relative error is about tan(lat)·Δlat (Δlat in radians): under 0.01 %
// for roads within 1 km at mid latitudes, about 1 cm at 300 m in Andorra; the sphere itself is
// within 0.5 % of WGS84. Every distance here (the index, the limit, Snap::distance_m) uses this
// one function, so results are consistent. Longitudes do not wrap at ±180°.
//
// Why a hand-written R-tree and not Boost's: the search needs this metric (lower bounds of box
// distances in the query's projection) and a deterministic tie order, which Boost.Geometry's
// nearest query does not offer; a static tree built once is also simple to pack.

#include "geo/graph.hpp"
#include "util/status.hpp"

#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

namespace elink::geo {

struct SnapOptions {
  // Only roads within this distance (inclusive) count; +infinity means no limit.
  double max_distance_m = 300;
};

inline constexpr std::size_t kNoEdge = std::numeric_limits<std::size_t>::max();

// A point projected onto one road segment. The segment is oriented so that forward_edge is
// always set: for a one-way road a→b is its direction.
struct Snap {
  NodeIndex a = kNoNode;  // segment end nodes
  NodeIndex b = kNoNode;
  // Directed edge a→b in the RoadGraph (the fastest, if several).
  std::size_t forward_edge = kNoEdge;
  std::size_t backward_edge = kNoEdge;  // directed edge b→a, or kNoEdge for a one-way road
  double fraction = 0;                  // 0 at a, 1 at b
  double lat = 0;                       // projected point, degrees
  double lon = 0;
  double distance_m = 0;  // from the query point to the projected point
};

// Each edge's travel time T is split once at the snapped point: the part from the edge's tail to
// the point is round-half-up(g·T) whole units (g the point's fraction along that edge), the part
// from the point to its head is the rest, T minus that. So the two parts always add up to T.
//
// The part of an edge of time `time` before a point at fraction `g` from its tail: whole units,
// half up, within [0, time]. The one rounding rule for partial edges; the rest is time − this.
Distance TailPart(double g, Weight time);

// Where a trip starting at the point enters the graph: b with the rest of the forward edge's time
// (about (1−f)·T), then a with the rest of the backward edge's (about f·T'), when it exists.
// `graph` must be the graph the SnapIndex was built from. Thread-safe.
std::vector<Endpoint> DepartEndpoints(const RoadGraph& graph, const Snap& snap);
// Where a trip arriving at the point leaves the graph: a with the forward edge's time up to the
// point (about f·T), then b with the backward edge's (about (1−f)·T'), when it exists.
std::vector<Endpoint> ArriveEndpoints(const RoadGraph& graph, const Snap& snap);

// Immutable after Build; any number of threads may query one index at once. It copies the
// segments and their coordinates, so the graph may move or go away afterwards.
class SnapIndex {
 public:
  SnapIndex() = default;

  // One segment per pair of adjacent nodes, however many directed edges join them (self loops are
  // left out). A graph without coordinates gives an index on which every query fails with
  // kFailedPrecondition.
  static SnapIndex Build(const RoadGraph& graph);

  // The nearest segment; ties (equal distances) go to the segment with the lowest edge index.
  // kFailedPrecondition when the graph had no coordinates; kInvalidArgument for a lat/lon that
  // is not a finite number in range (field "lat" / "lon") or a negative or NaN limit
  // ("max_distance_m"); kNotFound when no road lies within the limit (the message gives the
  // limit and the distance to the nearest road, if there is any road at all).
  [[nodiscard]] Result<Snap> Nearest(double lat, double lon, const SnapOptions& options = {}) const;
  // The k nearest distinct segments within the limit, nearest first, ties as above; fewer when
  // fewer are within the limit, empty when k is 0. Same codes as Nearest (kNotFound when none).
  [[nodiscard]] Result<std::vector<Snap>> NearestK(double lat, double lon, std::size_t k,
                                                   const SnapOptions& options = {}) const;

  [[nodiscard]] std::size_t segment_count() const { return segments_.size(); }

 private:
  struct Segment {
    NodeIndex a;
    NodeIndex b;
    std::size_t forward_edge;
    std::size_t backward_edge;
    double a_lat, a_lon, b_lat, b_lon;
    // Tie order: the lowest edge index of the pair.
    [[nodiscard]] std::size_t key() const {
      return forward_edge < backward_edge ? forward_edge : backward_edge;
    }
  };
  struct Box {
    double min_lon, min_lat, max_lon, max_lat;
  };

  Status CheckQuery(double lat, double lon, const SnapOptions& options) const;
  // Best-first search: up to k snaps with distance <= limit_m, nearest first.
  [[nodiscard]] std::vector<Snap> Search(double lat, double lon, std::size_t k,
                                         double limit_m) const;
  [[nodiscard]] Status NothingWithin(double lat, double lon, double limit_m) const;

  bool has_coordinates_ = false;
  std::vector<Segment> segments_;  // in Hilbert order of their midpoints: the tree's leaves
  // levels_[0] boxes group kFanout consecutive segments, levels_[i] kFanout boxes of levels_[i-1];
  // the last level has one box (absent when there are no segments).
  std::vector<std::vector<Box>> levels_;
};

}  // namespace elink::geo
