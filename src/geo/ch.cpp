// SPDX-License-Identifier: Apache-2.0
#include "geo/ch.hpp"

#include "geo/internal/heap.hpp"
#include "geo/messages.hpp"

#include <algorithm>
#include <queue>
#include <string>
#include <utility>

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
        level_(n_, 0),
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
        level_[x] = std::max(level_[x], level_[v] + 1);
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

  // Edge difference, contracted neighbours and level (the depth of the hierarchy below v):
  // prefers nodes whose removal adds few arcs, spreads contraction evenly over the graph and
  // keeps the hierarchy shallow, which is what bounds the query's search space.
  std::int64_t Priority(NodeIndex v) {
    const auto added = static_cast<std::int64_t>(
        FindShortcuts(v, nullptr, std::min(options_.witness_settled_limit, kPriorityWitnessLimit)));
    const auto removed = static_cast<std::int64_t>(out_[v].size() + in_[v].size());
    return 2 * (added - removed) + deleted_neighbours_[v] + level_[v];
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
  std::vector<std::int64_t> level_;
  std::vector<Distance> witness_dist_;
  std::vector<NodeIndex> witness_touched_;
  std::vector<HeapEntry> witness_heap_;  // kept between searches to reuse its memory
  std::vector<bool> is_target_;
};

}  // namespace

ContractionHierarchy ContractionHierarchy::Build(const RoadGraph& graph, const ChOptions& options) {
  Contractor contractor(graph, options);
  ContractionHierarchy ch;
  const NodeIndex n = graph.node_count();
  ch.node_count_ = n;
  ch.rank_ = contractor.Run();
  ch.order_.assign(n, kNoNode);
  for (NodeIndex u = 0; u < n; ++u) ch.order_[ch.rank_[u]] = u;
  // Lists are laid out by rank and their heads and middles renamed to ranks.
  auto flatten = [&ch, n](std::vector<std::vector<DynArc>>& lists,
                          std::vector<std::size_t>& offsets, std::vector<Arc>& arcs) {
    offsets.assign(std::size_t{n} + 1, 0);
    for (NodeIndex r = 0; r < n; ++r) offsets[r + 1] = offsets[r] + lists[ch.order_[r]].size();
    arcs.reserve(offsets.back());
    for (NodeIndex r = 0; r < n; ++r) {
      auto& list = lists[ch.order_[r]];
      for (const DynArc& a : list) {
        const NodeIndex middle = a.middle == kNoNode ? kNoNode : ch.rank_[a.middle];
        arcs.push_back({ch.rank_[a.other], middle, a.weight});
        if (a.middle != kNoNode) ++ch.shortcut_count_;
      }
      list = {};
    }
  };
  flatten(contractor.up(), ch.up_offsets_, ch.up_);
  flatten(contractor.down(), ch.down_offsets_, ch.down_);
  return ch;
}

std::size_t ContractionHierarchy::MemoryBytes() const {
  return (rank_.size() + order_.size()) * sizeof(NodeIndex) +
         (up_offsets_.size() + down_offsets_.size()) * sizeof(std::size_t) +
         (up_.size() + down_.size()) * sizeof(Arc);
}

const ContractionHierarchy::Arc& ContractionHierarchy::FindArc(NodeIndex from, NodeIndex to) const {
  if (from < to) {
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

// An explicit stack instead of recursion: shortcut nesting depth is not bounded by anything but
// the graph.
void ContractionHierarchy::AppendUnpacked(NodeIndex from, NodeIndex to,
                                          std::vector<NodeIndex>& out) const {
  std::vector<std::pair<NodeIndex, NodeIndex>> stack = {{from, to}};
  while (!stack.empty()) {
    const auto [a, b] = stack.back();
    stack.pop_back();
    const NodeIndex middle = FindArc(a, b).middle;
    if (middle == kNoNode) {
      out.push_back(order_[b]);
    } else {
      stack.emplace_back(middle, b);
      stack.emplace_back(a, middle);
    }
  }
}

// Dijkstra over the arcs towards higher ranks, forward (up arcs) or backward (down arcs read as
// forward arcs), by rank. Stall-on-demand: when an arc from a higher rank into u shows a shorter
// way into u, u is not on any shortest up-path and relaxing its arcs would only widen the search.
class ChUpwardSearch {
 public:
  explicit ChUpwardSearch(const ContractionHierarchy& ch)
      : ch_(&ch),
        heap_(ch.node_count()),
        dist_(ch.node_count(), kUnreachable),
        parent_(ch.node_count(), kNoNode) {}

  void Reset(bool forward) {
    for (const NodeIndex x : touched_) {
      dist_[x] = kUnreachable;
      parent_[x] = kNoNode;
    }
    touched_.clear();
    heap_.Clear();
    forward_ = forward;
  }

  // Checks every endpoint before seeding any, so a bad list leaves the search untouched.
  static Status Check(const ContractionHierarchy& ch, std::span<const Endpoint> seeds,
                      const std::string& field) {
    if (seeds.empty()) return Status::InvalidArgument(field, "no endpoint");
    for (std::size_t i = 0; i < seeds.size(); ++i) {
      if (seeds[i].node >= ch.node_count()) {
        return Status::InvalidArgument(field + "[" + std::to_string(i) + "]",
                                       "node " + std::to_string(seeds[i].node) + " out of range");
      }
      if (seeds[i].offset >= kUnreachable / 2) {
        return Status::InvalidArgument(field + "[" + std::to_string(i) + "]", "offset too large");
      }
    }
    return Status::Ok();
  }

  void Seed(std::span<const Endpoint> seeds) {
    for (const Endpoint& e : seeds) {
      const NodeIndex r = ch_->rank_[e.node];
      if (e.offset < dist_[r]) {
        if (dist_[r] == kUnreachable) touched_.push_back(r);
        dist_[r] = e.offset;
        parent_[r] = kNoNode;
        heap_.Push(r, e.offset);
      }
    }
  }

  [[nodiscard]] bool empty() const { return heap_.empty(); }
  [[nodiscard]] Distance MinKey() const { return heap_.MinKey(); }

  struct Settled {
    NodeIndex node;  // rank
    Distance dist;
    bool stalled;
  };

  Settled Step() {
    const auto [d, u] = heap_.Pop();
    const auto& reverse_offsets = forward_ ? ch_->down_offsets_ : ch_->up_offsets_;
    const auto& reverse_arcs = forward_ ? ch_->down_ : ch_->up_;
    for (std::size_t i = reverse_offsets[u]; i < reverse_offsets[std::size_t{u} + 1]; ++i) {
      const auto& a = reverse_arcs[i];
      if (dist_[a.head] != kUnreachable && dist_[a.head] + a.weight < d) return {u, d, true};
    }
    const auto& offsets = forward_ ? ch_->up_offsets_ : ch_->down_offsets_;
    const auto& arcs = forward_ ? ch_->up_ : ch_->down_;
    for (std::size_t i = offsets[u]; i < offsets[std::size_t{u} + 1]; ++i) {
      const auto& a = arcs[i];
      const Distance nd = d + a.weight;
      if (nd < dist_[a.head]) {
        if (dist_[a.head] == kUnreachable) touched_.push_back(a.head);
        dist_[a.head] = nd;
        parent_[a.head] = u;
        heap_.Push(a.head, nd);
      }
    }
    return {u, d, false};
  }

  [[nodiscard]] Distance Dist(NodeIndex r) const { return dist_[r]; }
  [[nodiscard]] NodeIndex Parent(NodeIndex r) const { return parent_[r]; }
  [[nodiscard]] const std::vector<NodeIndex>& touched() const { return touched_; }

 private:
  const ContractionHierarchy* ch_;
  internal::NodeHeap heap_;
  std::vector<Distance> dist_;
  std::vector<NodeIndex> parent_;
  std::vector<NodeIndex> touched_;
  bool forward_ = true;
};

ChQuery::ChQuery(const ContractionHierarchy& ch)
    : ch_(&ch),
      forward_(std::make_unique<ChUpwardSearch>(ch)),
      backward_(std::make_unique<ChUpwardSearch>(ch)) {}
ChQuery::~ChQuery() = default;
ChQuery::ChQuery(ChQuery&&) noexcept = default;
ChQuery& ChQuery::operator=(ChQuery&&) noexcept = default;

Status ChQuery::Search(std::span<const Endpoint> sources, std::span<const Endpoint> targets) {
  ELINK_RETURN_IF_ERROR(ChUpwardSearch::Check(*ch_, sources, "sources"));
  ELINK_RETURN_IF_ERROR(ChUpwardSearch::Check(*ch_, targets, "targets"));
  ChUpwardSearch& fwd = *forward_;
  ChUpwardSearch& bwd = *backward_;
  fwd.Reset(true);
  bwd.Reset(false);
  fwd.Seed(sources);
  bwd.Seed(targets);
  best_ = kUnreachable;
  meeting_ = kNoNode;
  // Each side stops once its smallest key reaches the best meeting distance found so far.
  for (;;) {
    const bool forward_live = !fwd.empty() && fwd.MinKey() < best_;
    const bool backward_live = !bwd.empty() && bwd.MinKey() < best_;
    if (!forward_live && !backward_live) break;
    const bool go_forward = forward_live && (!backward_live || fwd.MinKey() <= bwd.MinKey());
    ChUpwardSearch& side = go_forward ? fwd : bwd;
    const ChUpwardSearch& other = go_forward ? bwd : fwd;
    const ChUpwardSearch::Settled s = side.Step();
    const Distance there = other.Dist(s.node);
    if (there != kUnreachable && s.dist + there < best_) {
      best_ = s.dist + there;
      meeting_ = s.node;
    }
  }
  if (best_ == kUnreachable) return Status::NotFound(msg::kNoRoute);
  return Status::Ok();
}

Result<Distance> ChQuery::Time(NodeIndex source, NodeIndex target) {
  const Endpoint s{source, 0};
  const Endpoint t{target, 0};
  if (source >= ch_->node_count()) {
    return Status::InvalidArgument("source", "node " + std::to_string(source) + " out of range");
  }
  if (target >= ch_->node_count()) {
    return Status::InvalidArgument("target", "node " + std::to_string(target) + " out of range");
  }
  const Status status = Search({&s, 1}, {&t, 1});
  if (!status.ok()) {
    if (status.code() != StatusCode::kNotFound) return status;
    return Status::NotFound("no route from node " + std::to_string(source) + " to node " +
                            std::to_string(target));
  }
  return best_;
}

Result<Route> ChQuery::FindRoute(NodeIndex source, NodeIndex target) {
  if (source >= ch_->node_count()) {
    return Status::InvalidArgument("source", "node " + std::to_string(source) + " out of range");
  }
  if (target >= ch_->node_count()) {
    return Status::InvalidArgument("target", "node " + std::to_string(target) + " out of range");
  }
  const Endpoint s{source, 0};
  const Endpoint t{target, 0};
  Result<Route> route =
      FindRoute(std::span<const Endpoint>(&s, 1), std::span<const Endpoint>(&t, 1));
  if (!route.ok() && route.status().code() == StatusCode::kNotFound) {
    return Status::NotFound("no route from node " + std::to_string(source) + " to node " +
                            std::to_string(target));
  }
  return route;
}

Result<Route> ChQuery::FindRoute(std::span<const Endpoint> sources,
                                 std::span<const Endpoint> targets) {
  ELINK_RETURN_IF_ERROR(Search(sources, targets));
  Route route;
  route.time = best_;
  std::vector<NodeIndex> up_chain;  // meeting node back to the source in the forward tree
  for (NodeIndex r = meeting_; r != kNoNode; r = forward_->Parent(r)) up_chain.push_back(r);
  std::reverse(up_chain.begin(), up_chain.end());
  route.nodes.push_back(ch_->order_[up_chain.front()]);
  for (std::size_t i = 0; i + 1 < up_chain.size(); ++i) {
    ch_->AppendUnpacked(up_chain[i], up_chain[i + 1], route.nodes);
  }
  for (NodeIndex r = meeting_; backward_->Parent(r) != kNoNode; r = backward_->Parent(r)) {
    ch_->AppendUnpacked(r, backward_->Parent(r), route.nodes);
  }
  return route;
}

ChSweep::ChSweep(const ContractionHierarchy& ch)
    : ch_(&ch),
      search_(std::make_unique<ChUpwardSearch>(ch)),
      dist_(ch.node_count(), kUnreachable) {}
ChSweep::~ChSweep() = default;
ChSweep::ChSweep(ChSweep&&) noexcept = default;
ChSweep& ChSweep::operator=(ChSweep&&) noexcept = default;

Status ChSweep::FromSources(std::span<const Endpoint> sources) {
  return Run(sources, true, "sources");
}

Status ChSweep::ToTargets(std::span<const Endpoint> targets) {
  return Run(targets, false, "targets");
}

Status ChSweep::Run(std::span<const Endpoint> seeds, bool forward, const char* field) {
  ELINK_RETURN_IF_ERROR(ChUpwardSearch::Check(*ch_, seeds, field));
  ChUpwardSearch& search = *search_;
  search.Reset(forward);
  search.Seed(seeds);
  while (!search.empty()) search.Step();
  std::fill(dist_.begin(), dist_.end(), kUnreachable);
  for (const NodeIndex r : search.touched()) dist_[r] = search.Dist(r);
  // From the top rank down, each node takes the best of its upward-search distance and every arc
  // from a higher rank (whose time is final by then). Forward: arcs h→r into r, read from down_.
  // Backward: arcs r→h out of r, read from up_. Either way grouped by r, so the pass is linear.
  const auto& offsets = forward ? ch_->down_offsets_ : ch_->up_offsets_;
  const auto& arcs = forward ? ch_->down_ : ch_->up_;
  for (NodeIndex r = ch_->node_count(); r-- > 0;) {
    Distance best = dist_[r];
    for (std::size_t i = offsets[r]; i < offsets[std::size_t{r} + 1]; ++i) {
      const Distance via = dist_[arcs[i].head];
      if (via != kUnreachable && via + arcs[i].weight < best) best = via + arcs[i].weight;
    }
    dist_[r] = best;
  }
  return Status::Ok();
}

Distance ChSweep::TimeAt(std::span<const Endpoint> endpoints) const {
  Distance best = kUnreachable;
  for (const Endpoint& e : endpoints) {
    if (e.node >= ch_->node_count()) continue;
    const Distance d = TimeAt(e.node);
    if (d != kUnreachable && d + e.offset < best) best = d + e.offset;
  }
  return best;
}

std::vector<Distance> ChSweep::Times() const {
  std::vector<Distance> out(ch_->node_count());
  for (NodeIndex u = 0; u < ch_->node_count(); ++u) out[u] = dist_[ch_->rank_[u]];
  return out;
}

ChSourceIndex::ChSourceIndex(const ContractionHierarchy& ch)
    : ch_(&ch), search_(std::make_unique<ChUpwardSearch>(ch)), buckets_(ch.node_count()) {}
ChSourceIndex::~ChSourceIndex() = default;
ChSourceIndex::ChSourceIndex(ChSourceIndex&&) noexcept = default;
ChSourceIndex& ChSourceIndex::operator=(ChSourceIndex&&) noexcept = default;

Status ChSourceIndex::Set(std::uint32_t id, std::span<const Endpoint> endpoints) {
  if (id >= kMaxSourceId) return Status::InvalidArgument("id", "source id too large");
  ELINK_RETURN_IF_ERROR(ChUpwardSearch::Check(*ch_, endpoints, "endpoints"));
  Remove(id);
  if (placed_at_.size() <= id) {
    placed_at_.resize(std::size_t{id} + 1);
    present_.resize(std::size_t{id} + 1, false);
  }
  ChUpwardSearch& search = *search_;
  search.Reset(true);
  search.Seed(endpoints);
  std::vector<NodeIndex>& placed = placed_at_[id];
  while (!search.empty()) {
    const ChUpwardSearch::Settled s = search.Step();
    if (s.stalled) continue;
    buckets_[s.node].push_back({id, s.dist});
    placed.push_back(s.node);
  }
  present_[id] = true;
  ++source_count_;
  return Status::Ok();
}

void ChSourceIndex::Remove(std::uint32_t id) {
  if (id >= present_.size() || !present_[id]) return;
  for (const NodeIndex r : placed_at_[id]) {
    std::vector<Entry>& bucket = buckets_[r];
    // Order within a bucket does not matter: swap with the last and pop.
    for (std::size_t i = 0; i < bucket.size(); ++i) {
      if (bucket[i].source == id) {
        bucket[i] = bucket.back();
        bucket.pop_back();
        break;
      }
    }
  }
  placed_at_[id].clear();
  present_[id] = false;
  --source_count_;
}

Status ChSourceIndex::TimesTo(std::span<const Endpoint> targets, std::vector<Distance>& out) {
  ELINK_RETURN_IF_ERROR(ChUpwardSearch::Check(*ch_, targets, "targets"));
  out.assign(present_.size(), kUnreachable);
  ChUpwardSearch& search = *search_;
  search.Reset(false);
  search.Seed(targets);
  while (!search.empty()) {
    const ChUpwardSearch::Settled s = search.Step();
    if (s.stalled) continue;
    for (const Entry& e : buckets_[s.node]) {
      if (e.dist + s.dist < out[e.source]) out[e.source] = e.dist + s.dist;
    }
  }
  return Status::Ok();
}

Result<std::vector<Distance>> TimeMatrix(const ContractionHierarchy& ch,
                                         std::span<const std::vector<Endpoint>> sources,
                                         std::span<const std::vector<Endpoint>> targets) {
  for (std::size_t i = 0; i < sources.size(); ++i) {
    ELINK_RETURN_IF_ERROR(
        ChUpwardSearch::Check(ch, sources[i], "sources[" + std::to_string(i) + "]"));
  }
  for (std::size_t j = 0; j < targets.size(); ++j) {
    ELINK_RETURN_IF_ERROR(
        ChUpwardSearch::Check(ch, targets[j], "targets[" + std::to_string(j) + "]"));
  }
  std::vector<Distance> matrix(sources.size() * targets.size(), kUnreachable);
  if (matrix.empty()) return matrix;
  ChUpwardSearch search(ch);
  // Buckets: every node a backward search settles (unstalled) records (target, time to target).
  struct Entry {
    NodeIndex node;
    std::uint32_t target;
    Distance dist;
  };
  std::vector<Entry> entries;
  for (std::size_t j = 0; j < targets.size(); ++j) {
    search.Reset(false);
    search.Seed(targets[j]);
    while (!search.empty()) {
      const ChUpwardSearch::Settled s = search.Step();
      if (!s.stalled) entries.push_back({s.node, static_cast<std::uint32_t>(j), s.dist});
    }
  }
  std::vector<std::uint32_t> bucket_offsets(std::size_t{ch.node_count()} + 1, 0);
  for (const Entry& e : entries) ++bucket_offsets[std::size_t{e.node} + 1];
  for (std::size_t r = 0; r < ch.node_count(); ++r) bucket_offsets[r + 1] += bucket_offsets[r];
  std::vector<std::pair<std::uint32_t, Distance>> buckets(entries.size());
  {
    std::vector<std::uint32_t> next(bucket_offsets.begin(), bucket_offsets.end() - 1);
    for (const Entry& e : entries) buckets[next[e.node]++] = {e.target, e.dist};
  }
  entries = {};
  for (std::size_t i = 0; i < sources.size(); ++i) {
    Distance* row = matrix.data() + i * targets.size();
    search.Reset(true);
    search.Seed(sources[i]);
    while (!search.empty()) {
      const ChUpwardSearch::Settled s = search.Step();
      if (s.stalled) continue;
      for (std::uint32_t b = bucket_offsets[s.node]; b < bucket_offsets[s.node + 1]; ++b) {
        const auto [j, d] = buckets[b];
        if (s.dist + d < row[j]) row[j] = s.dist + d;
      }
    }
  }
  return matrix;
}

}  // namespace elink::geo
