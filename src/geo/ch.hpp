#pragma once
// Contraction hierarchies (Geisberger et al. 2008) over a RoadGraph: ContractionHierarchy is the
// preprocessed, immutable search graph; ChQuery answers exact one-to-one travel times and, by
// unpacking shortcuts, the node path. Results equal plain Dijkstra's to the unit.

#include "geo/graph.hpp"
#include "util/status.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <queue>
#include <utility>
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
// ranks. Immutable once built: share it freely between threads (each thread uses its own
// ChQuery). It copies what it needs, so the RoadGraph may go away after Build().
class ContractionHierarchy {
 public:
  // Self loops are dropped and of parallel edges only the fastest is kept; neither changes any
  // shortest path. Never fails on a valid RoadGraph.
  static ContractionHierarchy Build(const RoadGraph& graph, const ChOptions& options = {});

  [[nodiscard]] NodeIndex node_count() const { return node_count_; }
  [[nodiscard]] std::size_t shortcut_count() const { return shortcut_count_; }
  // Contraction order: 0 for the first node contracted.
  [[nodiscard]] NodeIndex Rank(NodeIndex u) const { return rank_[u]; }

 private:
  friend class ChQuery;
  // `middle` is kNoNode for an original edge, else the node the shortcut bypasses.
  struct Arc {
    NodeIndex head;
    NodeIndex middle;
    Distance weight;
  };
  // Finds the arc a→b among the stored arcs (a and b adjacent in the hierarchy).
  [[nodiscard]] const Arc& FindArc(NodeIndex from, NodeIndex to) const;

  NodeIndex node_count_ = 0;
  std::size_t shortcut_count_ = 0;
  std::vector<NodeIndex> rank_;
  // up_ holds u→v with Rank(v) > Rank(u), grouped by u; down_ holds u→v with Rank(u) > Rank(v),
  // grouped by v with head u, so the backward search reads it like forward arcs.
  std::vector<std::size_t> up_offsets_ = {0};
  std::vector<Arc> up_;
  std::vector<std::size_t> down_offsets_ = {0};
  std::vector<Arc> down_;
};

// Scratch space for queries on one hierarchy. Not thread-safe: give each thread its own; the
// ContractionHierarchy must outlive it. Reusing one ChQuery avoids reallocating per query.
class ChQuery {
 public:
  explicit ChQuery(const ContractionHierarchy& ch);

  // Shortest travel time from `source` to `target`. kInvalidArgument for an out-of-range node,
  // kNotFound when `target` cannot be reached.
  Result<Distance> Time(NodeIndex source, NodeIndex target);
  // The same search plus the path in original nodes (shortcuts unpacked). Same codes.
  Result<Route> FindRoute(NodeIndex source, NodeIndex target);

 private:
  struct Side {
    std::vector<Distance> dist;
    std::vector<NodeIndex> parent;
    std::vector<NodeIndex> touched;
    std::priority_queue<std::pair<Distance, NodeIndex>, std::vector<std::pair<Distance, NodeIndex>>,
                        std::greater<>>
        heap;
  };
  Status Search(NodeIndex source, NodeIndex target);
  void Reset(Side& side);
  void AppendUnpacked(NodeIndex from, NodeIndex to, std::vector<NodeIndex>& out) const;

  const ContractionHierarchy* ch_;
  Side forward_;
  Side backward_;
  Distance best_ = kUnreachable;
  NodeIndex meeting_ = kNoNode;
};

}  // namespace elink::geo
