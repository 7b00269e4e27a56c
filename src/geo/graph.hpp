#pragma once
// RoadGraph: an immutable directed road graph in compressed sparse row (CSR) form, with integer
// travel times, integer lengths, optional fixed-point node coordinates and optional per-edge road
// class and street name; RoadGraphBuilder turns an edge list into one. Nodes are dense indices
// 0..node_count()-1.

#include "util/status.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace elink::geo {

using NodeIndex = std::uint32_t;
// Travel time of one edge. Graphs elink builds use deciseconds; DIMACS "t" weights are loaded
// unscaled (the challenge does not state their unit).
using Weight = std::uint32_t;
// Sum of weights along a path; wide so that no path can overflow it.
using Distance = std::uint64_t;

// Time units per second of the graphs elink imports (deciseconds), and conversions for output.
inline constexpr double kTimeUnitsPerSecond = 10.0;
inline constexpr double TimeSeconds(Distance t) {
  return static_cast<double>(t) / kTimeUnitsPerSecond;
}
// 0 for minutes <= 0 (or NaN).
inline constexpr Distance TimeFromMinutes(double minutes) {
  return minutes > 0 ? static_cast<Distance>(minutes * 60.0 * kTimeUnitsPerSecond + 0.5) : 0;
}

inline constexpr NodeIndex kNoNode = std::numeric_limits<NodeIndex>::max();
inline constexpr Distance kUnreachable = std::numeric_limits<Distance>::max();

// A travel time as it leaves geo for the modules above (dispatch, sim, the API): a std::chrono
// duration in the graphs' own unit, so that callers convert with duration_cast instead of
// dividing by 10. kNeverArrives stands for kUnreachable.
using TravelTime = std::chrono::duration<std::int64_t, std::deci>;
inline constexpr TravelTime kNeverArrives = TravelTime::max();
inline constexpr TravelTime ToTravelTime(Distance t) {
  return t == kUnreachable ? kNeverArrives : TravelTime(static_cast<std::int64_t>(t));
}
// The deadline of `minutes` (a plan line's "within"), rounded to the graphs' unit; 0 for <= 0.
inline constexpr TravelTime TravelTimeFromMinutes(double minutes) {
  return TravelTime(static_cast<std::int64_t>(TimeFromMinutes(minutes)));
}
// Seconds, for JSON and text (a fraction when the time is not whole seconds).
inline constexpr double SecondsOf(TravelTime t) { return std::chrono::duration<double>(t).count(); }
// Largest edge weight accepted anywhere (about 19 days in deciseconds).
inline constexpr Weight kMaxWeight = (Weight{1} << 24) - 1;
// Largest node count accepted (the whole of DIMACS USA has 23.9 million nodes).
inline constexpr NodeIndex kMaxNodes = NodeIndex{1} << 28;

// WGS84 position in microdegrees (the DIMACS .co convention).
struct LatLonE6 {
  std::int32_t lat_e6 = 0;
  std::int32_t lon_e6 = 0;
  friend bool operator==(const LatLonE6&, const LatLonE6&) = default;
};

// Where a search starts or ends: a node plus the time already spent reaching it (leaving a point
// in the middle of a road) or still to spend after it (arriving at such a point). Snapping a
// point to a road yields one or two of these (geo/snap.hpp: DepartEndpoints, ArriveEndpoints).
struct Endpoint {
  NodeIndex node = 0;
  Distance offset = 0;
  friend bool operator==(const Endpoint&, const Endpoint&) = default;
};

// A shortest route: its total travel time and the nodes from source to target inclusive.
struct Route {
  Distance time = 0;
  std::vector<NodeIndex> nodes;
};

// Road classes, ordered from the fastest kind of road down. Stored as one byte per edge; graphs
// loaded from DIMACS files have kUnknown everywhere.
enum class RoadClass : std::uint8_t {
  kUnknown = 0,
  kMotorway,
  kTrunk,
  kPrimary,
  kSecondary,
  kTertiary,
  kUnclassified,
  kResidential,
  kService,
  kLivingStreet,
  kTrack,
  kOther,
};
inline constexpr std::uint8_t kRoadClassCount = 12;
// Stable lower-case name used in files and reports ("motorway", "residential", ...).
const char* RoadClassName(RoadClass c);

// Index into RoadGraph::names(); kNoName for an edge without a street name.
using NameId = std::uint32_t;
inline constexpr NameId kNoName = std::numeric_limits<NameId>::max();

struct EdgeInput {
  NodeIndex from = 0;
  NodeIndex to = 0;
  Weight time = 0;
  std::uint32_t length_m = 0;
  RoadClass road_class = RoadClass::kUnknown;
  NameId name = kNoName;
};

// Immutable once built: every member function is const, so one RoadGraph may be shared by any
// number of threads without locking. Moving it out from under readers is the caller's problem.
class RoadGraph {
 public:
  RoadGraph() = default;

  [[nodiscard]] NodeIndex node_count() const { return node_count_; }
  [[nodiscard]] std::size_t edge_count() const { return targets_.size(); }

  // Edges leaving `u` are the indices [EdgeBegin(u), EdgeEnd(u)). `u` must be < node_count().
  [[nodiscard]] std::size_t EdgeBegin(NodeIndex u) const { return offsets_[u]; }
  [[nodiscard]] std::size_t EdgeEnd(NodeIndex u) const { return offsets_[std::size_t{u} + 1]; }
  [[nodiscard]] NodeIndex Target(std::size_t e) const { return targets_[e]; }
  [[nodiscard]] Weight Time(std::size_t e) const { return times_[e]; }
  [[nodiscard]] std::uint32_t LengthM(std::size_t e) const { return lengths_m_[e]; }
  [[nodiscard]] RoadClass Class(std::size_t e) const {
    return road_classes_.empty() ? RoadClass::kUnknown : road_classes_[e];
  }
  [[nodiscard]] NameId Name(std::size_t e) const {
    return name_ids_.empty() ? kNoName : name_ids_[e];
  }
  // Street names referenced by NameId, each once.
  [[nodiscard]] const std::vector<std::string>& names() const { return names_; }

  [[nodiscard]] bool has_coordinates() const { return !coordinates_.empty(); }
  // Only when has_coordinates().
  [[nodiscard]] LatLonE6 Coordinate(NodeIndex u) const { return coordinates_[u]; }

  // The smallest travel time of an edge u→v, or kUnreachable when there is none. Linear in the
  // out-degree of `u`; meant for checking paths, not for searches.
  [[nodiscard]] Distance EdgeTime(NodeIndex u, NodeIndex v) const;

 private:
  friend class RoadGraphBuilder;
  // The graph file reader and writer (geo/graph_file.cpp) move the arrays in and out whole.
  friend class GraphFileAccess;
  NodeIndex node_count_ = 0;
  std::vector<std::size_t> offsets_ = {0};
  std::vector<NodeIndex> targets_;
  std::vector<Weight> times_;
  std::vector<std::uint32_t> lengths_m_;
  std::vector<LatLonE6> coordinates_;
  // Both empty when no edge had a class / a name (DIMACS graphs).
  std::vector<RoadClass> road_classes_;
  std::vector<NameId> name_ids_;
  std::vector<std::string> names_;
};

// The same graph with every edge turned round (same times, lengths, classes, names and
// coordinates): distances *to* a node in `graph` are distances *from* it in the result.
RoadGraph ReverseGraph(const RoadGraph& graph);

// Collects edges and coordinates, then builds a RoadGraph. Parallel edges and self loops are kept
// as given (searches cope with both). Not thread-safe; single use.
class RoadGraphBuilder {
 public:
  explicit RoadGraphBuilder(NodeIndex node_count) : node_count_(node_count) {}

  void Reserve(std::size_t edges) { edges_.reserve(edges); }
  void AddEdge(const EdgeInput& edge) { edges_.push_back(edge); }
  // All or none: either every node gets a coordinate before Build() or none does.
  void SetCoordinate(NodeIndex u, LatLonE6 position);
  // The table EdgeInput::name indexes into.
  void SetNames(std::vector<std::string> names) { names_ = std::move(names); }

  // kInvalidArgument ("edges[i].to") when an endpoint is out of range, a weight exceeds
  // kMaxWeight, node_count exceeds kMaxNodes, or coordinates are partial or out of range.
  Result<RoadGraph> Build() &&;

 private:
  NodeIndex node_count_;
  std::vector<EdgeInput> edges_;
  std::vector<LatLonE6> coordinates_;
  std::vector<bool> has_coordinate_;
  std::vector<std::string> names_;
  bool bad_coordinate_ = false;
};

}  // namespace elink::geo
