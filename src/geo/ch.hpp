#pragma once
// Contraction hierarchies (Geisberger et al. 2008) over a RoadGraph, written here.
// ContractionHierarchy is the preprocessed, immutable search graph. ChQuery answers one-to-one
// travel times and paths, between nodes or between snapped points (Endpoints with offsets).
// ChSweep gives one-to-all and all-to-one times in one linear sweep (PHAST, Delling et al. 2011):
// that is how every unit is timed to one incident. TimeMatrix does many-to-many with buckets
// (Knopp et al. 2007). Every answer equals plain Dijkstra's to the unit.

#include "geo/graph.hpp"
#include "util/status.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <vector>

namespace elink::geo {

struct ChOptions {
  // A witness search gives up after settling this many nodes and then adds the shortcut; lower
  // is faster to build and yields more shortcuts, never wrong answers.
  std::size_t witness_settled_limit = 500;
  // Called now and then during preprocessing with (contracted, total) nodes, and once at the end.
  std::function<void(std::size_t done, std::size_t total)> progress;
};

// The contracted graph: every node has a rank; each search relaxes only arcs towards higher
// ranks. Internally nodes are numbered by rank, so the top of the hierarchy, which every search
// reaches, is contiguous in memory. Immutable once built: share it freely between threads (each
// thread uses its own ChQuery / ChSweep). It copies what it needs, so the RoadGraph may go away.
class ContractionHierarchy {
 public:
  // Self loops are dropped and of parallel edges only the fastest is kept; neither changes any
  // shortest path. Never fails on a valid RoadGraph.
  static ContractionHierarchy Build(const RoadGraph& graph, const ChOptions& options = {});

  [[nodiscard]] NodeIndex node_count() const { return node_count_; }
  [[nodiscard]] std::size_t shortcut_count() const { return shortcut_count_; }
  [[nodiscard]] std::size_t arc_count() const { return up_.size() + down_.size(); }
  // Contraction order: 0 for the first node contracted.
  [[nodiscard]] NodeIndex Rank(NodeIndex u) const { return rank_[u]; }
  // Bytes held by the hierarchy's arrays.
  [[nodiscard]] std::size_t MemoryBytes() const;

 private:
  friend class ChQuery;
  friend class ChSweep;
  friend class ChUpwardSearch;
  // The graph file reader and writer (geo/graph_file.cpp) move the arrays in and out whole.
  friend class GraphFileAccess;
  // Heads and middles are ranks. `middle` is kNoNode for an original edge, else the node the
  // shortcut bypasses.
  struct Arc {
    NodeIndex head;
    NodeIndex middle;
    Distance weight;
  };
  // Finds the arc a→b (ranks, adjacent in the hierarchy).
  [[nodiscard]] const Arc& FindArc(NodeIndex from, NodeIndex to) const;
  // Appends the original nodes after rank `from` up to and including rank `to`.
  void AppendUnpacked(NodeIndex from, NodeIndex to, std::vector<NodeIndex>& out) const;

  NodeIndex node_count_ = 0;
  std::size_t shortcut_count_ = 0;
  std::vector<NodeIndex> rank_;   // original node -> rank
  std::vector<NodeIndex> order_;  // rank -> original node
  // up_ holds r→h with h > r, grouped by r; down_ holds h→r with h > r, grouped by r with head h,
  // so the backward search reads it like forward arcs.
  std::vector<std::size_t> up_offsets_ = {0};
  std::vector<Arc> up_;
  std::vector<std::size_t> down_offsets_ = {0};
  std::vector<Arc> down_;
};

// One upward search (forward over up arcs or backward over down arcs) with stall-on-demand;
// internal to the query classes below.
class ChUpwardSearch;

// Scratch space for one-to-one queries on one hierarchy. Not thread-safe: give each thread its
// own; the ContractionHierarchy must outlive it. Reuse one ChQuery: it allocates O(nodes) once.
class ChQuery {
 public:
  explicit ChQuery(const ContractionHierarchy& ch);
  ~ChQuery();
  ChQuery(ChQuery&&) noexcept;
  ChQuery& operator=(ChQuery&&) noexcept;

  // Shortest travel time from `source` to `target`. kInvalidArgument for an out-of-range node,
  // kNotFound when `target` cannot be reached.
  Result<Distance> Time(NodeIndex source, NodeIndex target);
  // The same search plus the path in original nodes (shortcuts unpacked). Same codes.
  Result<Route> FindRoute(NodeIndex source, NodeIndex target);
  // Between points: the best of every source endpoint (its offset added) to every target
  // endpoint (its offset added). The route's nodes run from the chosen source endpoint's node
  // to the chosen target endpoint's node; its time includes both offsets. kInvalidArgument for
  // an empty list or a node out of range (field "sources[i]" / "targets[i]"), kNotFound when no
  // pair connects.
  Result<Route> FindRoute(std::span<const Endpoint> sources, std::span<const Endpoint> targets);

 private:
  Status Search(std::span<const Endpoint> sources, std::span<const Endpoint> targets);

  const ContractionHierarchy* ch_;
  std::unique_ptr<ChUpwardSearch> forward_;
  std::unique_ptr<ChUpwardSearch> backward_;
  Distance best_ = kUnreachable;
  NodeIndex meeting_ = kNoNode;  // rank
};

// One-to-all and all-to-one travel times: an upward search from the endpoints, then one pass over
// every node from the top rank down (PHAST). Costs O(nodes + arcs) whatever the number of
// sources, so timing all units to an incident is one sweep. Not thread-safe (one per thread);
// the hierarchy must outlive it.
class ChSweep {
 public:
  explicit ChSweep(const ContractionHierarchy& ch);
  ~ChSweep();
  ChSweep(ChSweep&&) noexcept;
  ChSweep& operator=(ChSweep&&) noexcept;

  // Time from the best of `sources` to every node. kInvalidArgument for an empty list or a node
  // out of range ("sources[i]").
  Status FromSources(std::span<const Endpoint> sources);
  // Time from every node to the best of `targets`. Same codes ("targets[i]").
  Status ToTargets(std::span<const Endpoint> targets);
  // After a successful call: the time for original node `u`; kUnreachable where there is none.
  [[nodiscard]] Distance TimeAt(NodeIndex u) const { return dist_[ch_->rank_[u]]; }
  // The best over a point's endpoints: for ToTargets pass DepartEndpoints of the point (time
  // from the point), for FromSources its ArriveEndpoints (time to the point).
  [[nodiscard]] Distance TimeAt(std::span<const Endpoint> endpoints) const;
  // All times in original node order.
  [[nodiscard]] std::vector<Distance> Times() const;

 private:
  Status Run(std::span<const Endpoint> seeds, bool forward, const char* field);

  const ContractionHierarchy* ch_;
  std::unique_ptr<ChUpwardSearch> search_;
  std::vector<Distance> dist_;  // by rank
};

// Travel times from a changing set of sources (the units of a region) to any target (an
// incident): each source's upward search is kept in per-node buckets, so a query is one backward
// upward search from the target that scans the buckets it meets (Knopp et al. 2007). Moving a
// source redoes only its own search. Not thread-safe (one writer, or a lock around it); the
// hierarchy must outlive it.
class ChSourceIndex {
 public:
  explicit ChSourceIndex(const ContractionHierarchy& ch);
  ~ChSourceIndex();
  ChSourceIndex(ChSourceIndex&&) noexcept;
  ChSourceIndex& operator=(ChSourceIndex&&) noexcept;

  // Adds source `id` or moves it to `endpoints`. kInvalidArgument for an empty list, a node out
  // of range ("endpoints[i]") or an id at or above kMaxSourceId; the index is unchanged then.
  Status Set(std::uint32_t id, std::span<const Endpoint> endpoints);
  // Forgets source `id` (nothing happens for an unknown id).
  void Remove(std::uint32_t id);
  [[nodiscard]] std::size_t source_count() const { return source_count_; }

  // out[id] = time from source id to the best of `targets`, for every id below the largest set
  // so far; kUnreachable for removed or never-set ids and where no route exists. Codes as Set.
  Status TimesTo(std::span<const Endpoint> targets, std::vector<Distance>& out);

  static constexpr std::uint32_t kMaxSourceId = 1U << 24;

 private:
  struct Entry {
    std::uint32_t source;
    Distance dist;
  };
  const ContractionHierarchy* ch_;
  std::unique_ptr<ChUpwardSearch> search_;
  std::vector<std::vector<Entry>> buckets_;        // by rank
  std::vector<std::vector<NodeIndex>> placed_at_;  // by source id: ranks holding its entries
  std::vector<bool> present_;
  std::size_t source_count_ = 0;
};

// Many-to-many travel times, row-major |sources| × |targets|; each source and target is a point
// given by its endpoints (a node is {{node, 0}}). kUnreachable where no route exists.
// kInvalidArgument for an empty endpoint list or a node out of range ("sources[i][j]").
// Thread-safe (allocates its own scratch space).
Result<std::vector<Distance>> TimeMatrix(const ContractionHierarchy& ch,
                                         std::span<const std::vector<Endpoint>> sources,
                                         std::span<const std::vector<Endpoint>> targets);

}  // namespace elink::geo
