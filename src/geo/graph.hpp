#pragma once
// RoadGraph: an immutable directed road graph in compressed sparse row (CSR) form, with integer
// travel times, integer lengths and optional fixed-point node coordinates; RoadGraphBuilder turns
// an edge list into one. Nodes are dense indices 0..node_count()-1.

#include "util/status.hpp"

#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

namespace elink::geo {

using NodeIndex = std::uint32_t;
// Travel time of one edge. Graphs elink builds use deciseconds; DIMACS "t" weights are loaded
// unscaled (the challenge does not state their unit).
using Weight = std::uint32_t;
// Sum of weights along a path; wide so that no path can overflow it.
using Distance = std::uint64_t;

inline constexpr NodeIndex kNoNode = std::numeric_limits<NodeIndex>::max();
inline constexpr Distance kUnreachable = std::numeric_limits<Distance>::max();
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

// A shortest route: its total travel time and the nodes from source to target inclusive.
struct Route {
  Distance time = 0;
  std::vector<NodeIndex> nodes;
};

struct EdgeInput {
  NodeIndex from = 0;
  NodeIndex to = 0;
  Weight time = 0;
  std::uint32_t length_m = 0;
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

  [[nodiscard]] bool has_coordinates() const { return !coordinates_.empty(); }
  // Only when has_coordinates().
  [[nodiscard]] LatLonE6 Coordinate(NodeIndex u) const { return coordinates_[u]; }

  // The smallest travel time of an edge u→v, or kUnreachable when there is none. Linear in the
  // out-degree of `u`; meant for checking paths, not for searches.
  [[nodiscard]] Distance EdgeTime(NodeIndex u, NodeIndex v) const;

 private:
  friend class RoadGraphBuilder;
  NodeIndex node_count_ = 0;
  std::vector<std::size_t> offsets_ = {0};
  std::vector<NodeIndex> targets_;
  std::vector<Weight> times_;
  std::vector<std::uint32_t> lengths_m_;
  std::vector<LatLonE6> coordinates_;
};

// Collects edges and coordinates, then builds a RoadGraph. Parallel edges and self loops are kept
// as given (searches cope with both). Not thread-safe; single use.
class RoadGraphBuilder {
 public:
  explicit RoadGraphBuilder(NodeIndex node_count) : node_count_(node_count) {}

  void Reserve(std::size_t edges) { edges_.reserve(edges); }
  void AddEdge(const EdgeInput& edge) { edges_.push_back(edge); }
  // All or none: either every node gets a coordinate before Build() or none does.
  void SetCoordinate(NodeIndex u, LatLonE6 position);

  // kInvalidArgument ("edges[i].to") when an endpoint is out of range, a weight exceeds
  // kMaxWeight, node_count exceeds kMaxNodes, or coordinates are partial or out of range.
  Result<RoadGraph> Build() &&;

 private:
  NodeIndex node_count_;
  std::vector<EdgeInput> edges_;
  std::vector<LatLonE6> coordinates_;
  std::vector<bool> has_coordinate_;
  bool bad_coordinate_ = false;
};

}  // namespace elink::geo
