// SPDX-License-Identifier: Apache-2.0
#include "geo/ch.hpp"

#include <algorithm>
#include <string>

namespace elink::geo {
namespace {

// Arc of the graph that remains while contracting; `other` is the head of an out-arc or the tail
// of an in-arc.
struct DynArc {
  NodeIndex other;
  NodeIndex middle;
  Distance weight;
};

using HeapEntry = std::pair<Distance, NodeIndex>;

// Priorities are estimates recomputed many times, so their witness searches get a smaller budget
// than the real contraction; a missed witness there only makes a node look costlier.
constexpr std::size_t kPriorityWitnessLimit = 50;

struct Shortcut {
  NodeIndex from;
  NodeIndex to;
  Distance weight;
};

class Contractor {
 public:
  Contractor(const RoadGraph& graph, const ChOptions& options)
      : n_(graph.node_count()),
        options_(options),
        out_(n_),
        in_(n_),
        up_(n_),
        down_(n_),
        contracted_(n_, false),
        deleted_neighbours_(n_, 0),
        witness_dist_(n_, kUnreachable),
        is_target_(n_, false) {
    for (NodeIndex u = 0; u < n_; ++u) {
      for (std::size_t e = graph.EdgeBegin(u); e < graph.EdgeEnd(u); ++e) {
        const NodeIndex v = graph.Target(e);
        if (v != u) AddArc(u, v, graph.Time(e), kNoNode);
      }
    }
  }

  // Contracts every node; returns the rank of each and leaves the frozen arcs in up_/down_.
  std::vector<NodeIndex> Run() {
    std::vector<std::int64_t> priority(n_);
    MinHeapByPriority queue;
    for (NodeIndex v = 0; v < n_; ++v) {
      priority[v] = Priority(v);
      queue.emplace(priority[v], v);
    }
    std::vector<NodeIndex> rank(n_, kNoNode);
    NodeIndex done = 0;
    const std::size_t step = std::max<std::size_t>(1, n_ / 100);
    std::vector<Shortcut> shortcuts;
    std::vector<NodeIndex> neighbours;
    while (!queue.empty()) {
      const auto [p, v] = queue.top();
      queue.pop();
      if (contracted_[v] || p != priority[v]) continue;
      // Lazy update: the stored priority may be stale; re-evaluate before committing to it.
      const std::int64_t fresh = Priority(v);
      if (fresh != p) {
        priority[v] = fresh;
        if (!queue.empty() && fresh > queue.top().first) {
          queue.emplace(fresh, v);
          continue;
        }
      }
      shortcuts.clear();
      FindShortcuts(v, &shortcuts, options_.witness_settled_limit);
      neighbours.clear();
      for (const DynArc& a : out_[v]) neighbours.push_back(a.other);
      for (const DynArc& a : in_[v]) neighbours.push_back(a.other);
      Remove(v);
      for (const Shortcut& s : shortcuts) AddArc(s.from, s.to, s.weight, v);
      rank[v] = done++;
      std::sort(neighbours.begin(), neighbours.end());
      neighbours.erase(std::unique(neighbours.begin(), neighbours.end()), neighbours.end());
      for (const NodeIndex x : neighbours) {
        ++deleted_neighbours_[x];
        priority[x] = Priority(x);
        queue.emplace(priority[x], x);
      }
      if (options_.progress && done % step == 0) options_.progress(done, n_);
    }
    if (options_.progress) options_.progress(n_, n_);
    return rank;
  }

  std::vector<std::vector<DynArc>>& up() { return up_; }
  std::vector<std::vector<DynArc>>& down() { return down_; }

 private:
  using PriorityEntry = std::pair<std::int64_t, NodeIndex>;
  using MinHeapByPriority =
      std::priority_queue<PriorityEntry, std::vector<PriorityEntry>, std::greater<>>;

  // Keeps one arc per (u, v): the lightest, since the others can never be on a shortest path.
  void AddArc(NodeIndex u, NodeIndex v, Distance w, NodeIndex middle) {
    for (DynArc& a : out_[u]) {
      if (a.other == v) {
        if (w < a.weight) {
          a = {v, middle, w};
          for (DynArc& b : in_[v]) {
            if (b.other == u) b = {u, middle, w};
          }
        }
        return;
      }
    }
    out_[u].push_back({v, middle, w});
    in_[v].push_back({u, middle, w});
  }

  // Freezes v's arcs (all lead to not yet contracted, so higher-ranked, nodes) and takes v out.
  void Remove(NodeIndex v) {
    contracted_[v] = true;
    for (const DynArc& a : out_[v]) {
      auto& list = in_[a.other];
      list.erase(
          std::find_if(list.begin(), list.end(), [v](const DynArc& b) { return b.other == v; }));
    }
    for (const DynArc& a : in_[v]) {
      auto& list = out_[a.other];
      list.erase(
          std::find_if(list.begin(), list.end(), [v](const DynArc& b) { return b.other == v; }));
    }
    up_[v] = std::move(out_[v]);
    down_[v] = std::move(in_[v]);
    out_[v] = {};
    in_[v] = {};
  }

  // Edge difference plus contracted neighbours: prefers nodes whose removal adds few arcs and
  // spreads contraction evenly over the graph.
  std::int64_t Priority(NodeIndex v) {
    const auto added = static_cast<std::int64_t>(
        FindShortcuts(v, nullptr, std::min(options_.witness_settled_limit, kPriorityWitnessLimit)));
    const auto removed = static_cast<std::int64_t>(out_[v].size() + in_[v].size());
    return 2 * (added - removed) + deleted_neighbours_[v];
  }

  // Counts (and, when `out` is given, lists) the shortcuts contracting v needs: u→v→w unless a
  // witness path u→w avoiding v is no longer.
  std::size_t FindShortcuts(NodeIndex v, std::vector<Shortcut>* out, std::size_t settled_limit) {
    std::size_t count = 0;
    for (const DynArc& in : in_[v]) {
      const NodeIndex u = in.other;
      Distance limit = 0;
      bool any_target = false;
      for (const DynArc& o : out_[v]) {
        if (o.other == u) continue;
        limit = std::max(limit, in.weight + o.weight);
        any_target = true;
      }
      if (!any_target) continue;
      std::size_t targets = 0;
      for (const DynArc& o : out_[v]) {
        if (o.other != u && !is_target_[o.other]) {
          is_target_[o.other] = true;
          ++targets;
        }
      }
      WitnessSearch(u, v, limit, settled_limit, targets);
      for (const DynArc& o : out_[v]) is_target_[o.other] = false;
      for (const DynArc& o : out_[v]) {
        if (o.other == u) continue;
        const Distance via = in.weight + o.weight;
        if (witness_dist_[o.other] > via) {
          ++count;
          if (out != nullptr) out->push_back({u, o.other, via});
        }
      }
    }
    return count;
  }

  // Dijkstra from `source` in the remaining graph without `avoid`, up to `limit` or the settled
  // node budget; leaves distances in witness_dist_ (kUnreachable where not reached).
  void WitnessSearch(NodeIndex source, NodeIndex avoid, Distance limit, std::size_t settled_limit,
                     std::size_t targets) {
    for (const NodeIndex x : witness_touched_) witness_dist_[x] = kUnreachable;
    witness_touched_.clear();
    std::vector<HeapEntry>& heap = witness_heap_;
    heap.clear();
    witness_dist_[source] = 0;
    witness_touched_.push_back(source);
    heap.emplace_back(0, source);
    std::size_t settled = 0;
    while (!heap.empty()) {
      std::pop_heap(heap.begin(), heap.end(), std::greater<>());
      const auto [d, x] = heap.back();
      heap.pop_back();
      if (d != witness_dist_[x]) continue;
      if (d > limit || ++settled > settled_limit) break;
      // Once every target is settled their distances are final; searching on cannot help.
      if (is_target_[x] && --targets == 0) break;
      for (const DynArc& a : out_[x]) {
        if (a.other == avoid) continue;
        const Distance nd = d + a.weight;
        if (nd < witness_dist_[a.other]) {
          if (witness_dist_[a.other] == kUnreachable) witness_touched_.push_back(a.other);
          witness_dist_[a.other] = nd;
          heap.emplace_back(nd, a.other);
          std::push_heap(heap.begin(), heap.end(), std::greater<>());
        }
      }
    }
  }

  NodeIndex n_;
  const ChOptions& options_;
  std::vector<std::vector<DynArc>> out_;
  std::vector<std::vector<DynArc>> in_;
  std::vector<std::vector<DynArc>> up_;
  std::vector<std::vector<DynArc>> down_;
  std::vector<bool> contracted_;
  std::vector<std::int64_t> deleted_neighbours_;
  std::vector<Distance> witness_dist_;
  std::vector<NodeIndex> witness_touched_;
  std::vector<HeapEntry> witness_heap_;  // kept between searches to reuse its memory
  std::vector<bool> is_target_;
};

}  // namespace

ContractionHierarchy ContractionHierarchy::Build(const RoadGraph& graph, const ChOptions& options) {
  Contractor contractor(graph, options);
  ContractionHierarchy ch;
  ch.node_count_ = graph.node_count();
  ch.rank_ = contractor.Run();
  auto flatten = [&ch](std::vector<std::vector<DynArc>>& lists, std::vector<std::size_t>& offsets,
                       std::vector<Arc>& arcs) {
    offsets.assign(lists.size() + 1, 0);
    for (std::size_t u = 0; u < lists.size(); ++u) offsets[u + 1] = offsets[u] + lists[u].size();
    arcs.reserve(offsets.back());
    for (auto& list : lists) {
      for (const DynArc& a : list) {
        arcs.push_back({a.other, a.middle, a.weight});
        if (a.middle != kNoNode) ++ch.shortcut_count_;
      }
      list = {};
    }
  };
  flatten(contractor.up(), ch.up_offsets_, ch.up_);
  flatten(contractor.down(), ch.down_offsets_, ch.down_);
  return ch;
}

const ContractionHierarchy::Arc& ContractionHierarchy::FindArc(NodeIndex from, NodeIndex to) const {
  if (rank_[from] < rank_[to]) {
    for (std::size_t i = up_offsets_[from]; i < up_offsets_[std::size_t{from} + 1]; ++i) {
      if (up_[i].head == to) return up_[i];
    }
  } else {
    for (std::size_t i = down_offsets_[to]; i < down_offsets_[std::size_t{to} + 1]; ++i) {
      if (down_[i].head == from) return down_[i];
    }
  }
  ELINK_CHECK(false) << "hierarchy has no arc " << from << "->" << to;
  return up_.front();
}

ChQuery::ChQuery(const ContractionHierarchy& ch) : ch_(&ch) {
  for (Side* side : {&forward_, &backward_}) {
    side->dist.assign(ch.node_count(), kUnreachable);
    side->parent.assign(ch.node_count(), kNoNode);
  }
}

void ChQuery::Reset(Side& side) {
  for (const NodeIndex x : side.touched) {
    side.dist[x] = kUnreachable;
    side.parent[x] = kNoNode;
  }
  side.touched.clear();
  side.heap = {};
}

Status ChQuery::Search(NodeIndex source, NodeIndex target) {
  const NodeIndex n = ch_->node_count();
  if (source >= n) {
    return Status::InvalidArgument("source", "node " + std::to_string(source) + " out of range");
  }
  if (target >= n) {
    return Status::InvalidArgument("target", "node " + std::to_string(target) + " out of range");
  }
  Reset(forward_);
  Reset(backward_);
  best_ = kUnreachable;
  meeting_ = kNoNode;
  forward_.dist[source] = 0;
  forward_.touched.push_back(source);
  forward_.heap.emplace(0, source);
  backward_.dist[target] = 0;
  backward_.touched.push_back(target);
  backward_.heap.emplace(0, target);

  // Settles one node on `side`; a side whose smallest key reaches best_ cannot improve it.
  // `reverse_*` are the arcs that enter u from higher ranks in this side's direction; they serve
  // stall-on-demand: if one of them shows a shorter way into u, u is not on a shortest up-path
  // and relaxing its arcs would only widen the search.
  auto step = [this](Side& side, const Side& other, const std::vector<std::size_t>& offsets,
                     const std::vector<ContractionHierarchy::Arc>& arcs,
                     const std::vector<std::size_t>& reverse_offsets,
                     const std::vector<ContractionHierarchy::Arc>& reverse_arcs) {
    const auto [d, u] = side.heap.top();
    side.heap.pop();
    if (d != side.dist[u]) return;
    if (other.dist[u] != kUnreachable && d + other.dist[u] < best_) {
      best_ = d + other.dist[u];
      meeting_ = u;
    }
    for (std::size_t i = reverse_offsets[u]; i < reverse_offsets[std::size_t{u} + 1]; ++i) {
      const ContractionHierarchy::Arc& a = reverse_arcs[i];
      if (side.dist[a.head] != kUnreachable && side.dist[a.head] + a.weight < d) return;
    }
    for (std::size_t i = offsets[u]; i < offsets[std::size_t{u} + 1]; ++i) {
      const ContractionHierarchy::Arc& a = arcs[i];
      const Distance nd = d + a.weight;
      if (nd < side.dist[a.head]) {
        if (side.dist[a.head] == kUnreachable) side.touched.push_back(a.head);
        side.dist[a.head] = nd;
        side.parent[a.head] = u;
        side.heap.emplace(nd, a.head);
      }
    }
  };
  for (;;) {
    const bool forward_live = !forward_.heap.empty() && forward_.heap.top().first < best_;
    const bool backward_live = !backward_.heap.empty() && backward_.heap.top().first < best_;
    if (!forward_live && !backward_live) break;
    if (forward_live &&
        (!backward_live || forward_.heap.top().first <= backward_.heap.top().first)) {
      step(forward_, backward_, ch_->up_offsets_, ch_->up_, ch_->down_offsets_, ch_->down_);
    } else {
      step(backward_, forward_, ch_->down_offsets_, ch_->down_, ch_->up_offsets_, ch_->up_);
    }
  }
  if (best_ == kUnreachable) {
    return Status::NotFound("no route from node " + std::to_string(source) + " to node " +
                            std::to_string(target));
  }
  return Status::Ok();
}

Result<Distance> ChQuery::Time(NodeIndex source, NodeIndex target) {
  ELINK_RETURN_IF_ERROR(Search(source, target));
  return best_;
}

// Appends the original nodes after `from` up to and including `to`. An explicit stack instead of
// recursion: shortcut nesting depth is not bounded by anything but the graph.
void ChQuery::AppendUnpacked(NodeIndex from, NodeIndex to, std::vector<NodeIndex>& out) const {
  std::vector<std::pair<NodeIndex, NodeIndex>> stack = {{from, to}};
  while (!stack.empty()) {
    const auto [a, b] = stack.back();
    stack.pop_back();
    const NodeIndex middle = ch_->FindArc(a, b).middle;
    if (middle == kNoNode) {
      out.push_back(b);
    } else {
      stack.emplace_back(middle, b);
      stack.emplace_back(a, middle);
    }
  }
}

Result<Route> ChQuery::FindRoute(NodeIndex source, NodeIndex target) {
  ELINK_RETURN_IF_ERROR(Search(source, target));
  Route route;
  route.time = best_;
  std::vector<NodeIndex> up_chain;  // meeting node back to source in the forward tree
  for (NodeIndex u = meeting_; u != kNoNode; u = forward_.parent[u]) up_chain.push_back(u);
  std::reverse(up_chain.begin(), up_chain.end());
  route.nodes.push_back(source);
  for (std::size_t i = 0; i + 1 < up_chain.size(); ++i) {
    AppendUnpacked(up_chain[i], up_chain[i + 1], route.nodes);
  }
  for (NodeIndex u = meeting_; backward_.parent[u] != kNoNode; u = backward_.parent[u]) {
    AppendUnpacked(u, backward_.parent[u], route.nodes);
  }
  return route;
}

}  // namespace elink::geo
