// SPDX-License-Identifier: Apache-2.0
#include "geo/internal/osm_graph.hpp"

#include "geo/internal/degrees.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_set>
#include <utility>

namespace elink::geo::osm_internal {
namespace {

struct BaseEdge {
  NodeIndex from;
  NodeIndex to;
  std::uint32_t way;
  Weight time;
  std::uint32_t length_m;
};

// One turn restriction resolved to way indices, at its via node.
struct Rule {
  std::vector<std::uint32_t> from;
  std::vector<std::uint32_t> to;
  bool only;
  // from and to are the same single way: only turning back onto it (the U-turn) is meant, not
  // going on along it when the via node lies inside the way.
  bool reverse_only;
};

Weight TravelTimeDs(double metres, double kmh) {
  const double ds = metres * 36.0 / kmh;  // m / (km/h / 3.6) s, × 10
  if (!(ds < static_cast<double>(kMaxWeight))) return kMaxWeight;
  return std::max<Weight>(1, static_cast<Weight>(std::llround(ds)));
}

bool Contains(const std::vector<std::uint32_t>& v, std::uint32_t x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

// Edge indices grouped by a node (CSR), for the out- or in-edges of the base graph.
struct Incidence {
  std::vector<std::size_t> offsets;
  std::vector<std::size_t> edges;

  template <typename NodeOf>
  Incidence(std::size_t node_count, const std::vector<BaseEdge>& all, NodeOf node_of)
      : offsets(node_count + 1, 0), edges(all.size()) {
    for (const BaseEdge& e : all) ++offsets[std::size_t{node_of(e)} + 1];
    for (std::size_t u = 0; u < node_count; ++u) offsets[u + 1] += offsets[u];
    std::vector<std::size_t> next(offsets.begin(), offsets.end() - 1);
    for (std::size_t i = 0; i < all.size(); ++i) edges[next[node_of(all[i])]++] = i;
  }
  [[nodiscard]] std::size_t Begin(NodeIndex u) const { return offsets[u]; }
  [[nodiscard]] std::size_t End(NodeIndex u) const { return offsets[std::size_t{u} + 1]; }
};

}  // namespace

double HaversineM(LatLonE6 a, LatLonE6 b) {
  using internal::kEarthRadiusM;
  constexpr double kRadPerMicroDeg = 3.14159265358979323846 / 180.0 / 1e6;
  const double lat_a = a.lat_e6 * kRadPerMicroDeg;
  const double lat_b = b.lat_e6 * kRadPerMicroDeg;
  const double s_lat = std::sin((lat_b - lat_a) / 2);
  const double s_lon = std::sin((b.lon_e6 - a.lon_e6) * kRadPerMicroDeg / 2);
  const double h = s_lat * s_lat + std::cos(lat_a) * std::cos(lat_b) * s_lon * s_lon;
  return 2 * kEarthRadiusM * std::asin(std::sqrt(std::min(1.0, h)));
}

std::vector<std::uint32_t> StrongComponents(const std::vector<std::size_t>& offsets,
                                            const std::vector<NodeIndex>& targets,
                                            std::uint32_t& count) {
  const auto n = static_cast<NodeIndex>(offsets.size() - 1);
  constexpr std::uint32_t kUnvisited = std::numeric_limits<std::uint32_t>::max();
  std::vector<std::uint32_t> order(n, kUnvisited);
  std::vector<std::uint32_t> low(n, 0);
  std::vector<std::uint32_t> component(n, kUnvisited);
  std::vector<NodeIndex> stack;
  std::vector<bool> on_stack(n, false);
  struct Frame {
    NodeIndex node;
    std::size_t next_edge;
  };
  std::vector<Frame> calls;
  std::uint32_t counter = 0;
  count = 0;
  const auto visit = [&](NodeIndex v) {
    order[v] = low[v] = counter++;
    stack.push_back(v);
    on_stack[v] = true;
    calls.push_back({v, offsets[v]});
  };
  for (NodeIndex s = 0; s < n; ++s) {
    if (order[s] != kUnvisited) continue;
    visit(s);
    while (!calls.empty()) {
      const NodeIndex v = calls.back().node;
      if (calls.back().next_edge < offsets[std::size_t{v} + 1]) {
        const NodeIndex w = targets[calls.back().next_edge++];
        if (order[w] == kUnvisited) {
          visit(w);
        } else if (on_stack[w]) {
          low[v] = std::min(low[v], order[w]);
        }
        continue;
      }
      calls.pop_back();
      if (!calls.empty()) {
        const NodeIndex parent = calls.back().node;
        low[parent] = std::min(low[parent], low[v]);
      }
      if (low[v] == order[v]) {
        NodeIndex w = kNoNode;
        do {
          w = stack.back();
          stack.pop_back();
          on_stack[w] = false;
          component[w] = count;
        } while (w != v);
        ++count;
      }
    }
  }
  return component;
}

Result<BuiltRoads> BuildRoads(RoadInput input, const std::string& source,
                              const ProgressFn& progress, OsmImportReport& report) {
  const auto report_progress = [&](std::string_view stage, std::uint64_t done,
                                   std::uint64_t total) {
    if (progress) progress(stage, done, total);
  };

  // 1. Base graph: one node per OSM road node; a blocking barrier gets a node per segment end,
  //    so the road stays drawn up to it but nothing passes through.
  std::vector<std::int64_t> base_osm;
  std::vector<LatLonE6> base_position;
  std::unordered_map<std::int64_t, NodeIndex> base_of;
  std::unordered_set<std::int64_t> missing;
  std::unordered_set<std::int64_t> blocking_used;
  std::unordered_set<std::int64_t> opened_used;
  const auto add_base = [&](const WayNode& n) {
    base_osm.push_back(n.id);
    base_position.push_back(n.position);
    return static_cast<NodeIndex>(base_osm.size() - 1);
  };
  const auto node_for = [&](const WayNode& n) -> NodeIndex {
    if (const auto b = input.barriers.find(n.id); b != input.barriers.end()) {
      if (b->second == BarrierState::kBlocking) {
        blocking_used.insert(n.id);
        return add_base(n);
      }
      opened_used.insert(n.id);
    }
    const auto [it, inserted] = base_of.try_emplace(n.id, static_cast<NodeIndex>(base_osm.size()));
    if (inserted) add_base(n);
    return it->second;
  };

  std::vector<BaseEdge> edges;
  for (std::size_t wi = 0; wi < input.ways.size(); ++wi) {
    RoadWay& way = input.ways[wi];
    for (std::size_t i = 0; i + 1 < way.nodes.size(); ++i) {
      const WayNode& a = way.nodes[i];
      const WayNode& b = way.nodes[i + 1];
      if (!a.located || !b.located) {
        ++report.segments_missing_node;
        if (!a.located) missing.insert(a.id);
        if (!b.located) missing.insert(b.id);
        continue;
      }
      if (a.id == b.id) continue;
      const NodeIndex ua = node_for(a);
      const NodeIndex ub = node_for(b);
      const double metres = HaversineM(a.position, b.position);
      const auto length = static_cast<std::uint32_t>(std::llround(metres));
      const auto index = static_cast<std::uint32_t>(wi);
      if (way.forward) {
        edges.push_back({ua, ub, index, TravelTimeDs(metres, way.speed_forward_kmh), length});
      }
      if (way.backward) {
        edges.push_back({ub, ua, index, TravelTimeDs(metres, way.speed_backward_kmh), length});
      }
    }
    way.nodes = {};  // geometry is in the base nodes now
  }
  report.missing_nodes = missing.size();
  report.blocking_barriers = blocking_used.size();
  report.barriers_opened = opened_used.size();
  if (edges.empty()) {
    return Status(StatusCode::kInvalidArgument, "no drivable road in " + source);
  }
  if (base_osm.size() > kMaxNodes) {
    return Status(StatusCode::kInvalidArgument,
                  source + ": more than " + std::to_string(kMaxNodes) + " road nodes");
  }
  const auto base_count = static_cast<NodeIndex>(base_osm.size());
  const Incidence out(base_count, edges, [](const BaseEdge& e) { return e.from; });
  const Incidence in(base_count, edges, [](const BaseEdge& e) { return e.to; });

  // 2. Turn restrictions, resolved to way indices at their via node.
  std::unordered_map<std::int64_t, std::uint32_t> way_index;
  for (std::size_t wi = 0; wi < input.ways.size(); ++wi) {
    way_index.try_emplace(input.ways[wi].osm_id, static_cast<std::uint32_t>(wi));
  }
  const auto touches = [&](NodeIndex v, std::uint32_t way) {
    for (std::size_t i = out.Begin(v); i < out.End(v); ++i) {
      if (edges[out.edges[i]].way == way) return true;
    }
    for (std::size_t i = in.Begin(v); i < in.End(v); ++i) {
      if (edges[in.edges[i]].way == way) return true;
    }
    return false;
  };
  std::unordered_map<NodeIndex, std::vector<Rule>> rules;
  const std::uint64_t restriction_total = input.restrictions.size();
  report_progress("restrictions", 0, restriction_total);
  for (const RestrictionInput& r : input.restrictions) {
    const auto skip = [&](const char* reason) { ++report.restrictions_skipped[reason]; };
    if (const auto b = input.barriers.find(r.via_node);
        b != input.barriers.end() && b->second == BarrierState::kBlocking) {
      skip("via node is a blocking barrier");
      continue;
    }
    const auto via = base_of.find(r.via_node);
    if (via == base_of.end()) {
      skip("via node not on a drivable road");
      continue;
    }
    const NodeIndex v = via->second;
    Rule rule{{}, {}, r.only, false};
    // nullptr when every way resolves and touches the via node, else why not.
    const auto resolve = [&](const std::vector<std::int64_t>& ids, std::vector<std::uint32_t>& into,
                             const char* missing_reason, const char* apart_reason) -> const char* {
      for (const std::int64_t id : ids) {
        const auto w = way_index.find(id);
        if (w == way_index.end()) return missing_reason;
        if (!touches(v, w->second)) return apart_reason;
        into.push_back(w->second);
      }
      return nullptr;
    };
    const char* problem =
        resolve(r.from_ways, rule.from, "from way not a drivable road in the file",
                "from way does not touch the via node");
    if (problem == nullptr) {
      problem = resolve(r.to_ways, rule.to, "to way not a drivable road in the file",
                        "to way does not touch the via node");
    }
    if (problem != nullptr) {
      skip(problem);
      continue;
    }
    rule.reverse_only = rule.from.size() == 1 && rule.to.size() == 1 && rule.from[0] == rule.to[0];
    rules[v].push_back(std::move(rule));
    ++report.restrictions_applied;
  }
  report_progress("restrictions", restriction_total, restriction_total);

  // 3. Node splitting: a via node becomes one copy per incoming edge; the copy keeps the outgoing
  //    edges the rules allow after arriving by that edge. An edge into a split node ends at the
  //    copy of its own; an edge out of a split node starts at every copy that may take it.
  std::vector<bool> split(base_count, false);
  std::vector<NodeIndex> final_of(base_count, kNoNode);
  std::vector<NodeIndex> head_copy(edges.size(), kNoNode);
  std::vector<std::int64_t> final_osm;
  std::vector<LatLonE6> final_position;
  final_osm.reserve(base_count);
  final_position.reserve(base_count);
  for (NodeIndex v = 0; v < base_count; ++v) {
    if (rules.count(v) != 0 && in.Begin(v) < in.End(v)) {
      split[v] = true;
      ++report.via_nodes_split;
      for (std::size_t i = in.Begin(v); i < in.End(v); ++i) {
        head_copy[in.edges[i]] = static_cast<NodeIndex>(final_osm.size());
        final_osm.push_back(base_osm[v]);
        final_position.push_back(base_position[v]);
      }
    } else {
      final_of[v] = static_cast<NodeIndex>(final_osm.size());
      final_osm.push_back(base_osm[v]);
      final_position.push_back(base_position[v]);
    }
  }
  if (final_osm.size() > kMaxNodes) {
    return Status(StatusCode::kInvalidArgument,
                  source + ": more than " + std::to_string(kMaxNodes) + " graph nodes");
  }
  const auto allowed = [&](NodeIndex v, std::size_t arrive, std::size_t leave) {
    for (const Rule& rule : rules.at(v)) {
      if (!Contains(rule.from, edges[arrive].way)) continue;
      const bool to_match = Contains(rule.to, edges[leave].way) &&
                            (!rule.reverse_only || edges[leave].to == edges[arrive].from);
      if (rule.only != to_match) return false;
    }
    return true;
  };
  std::vector<EdgeInput> graph_edges;
  graph_edges.reserve(edges.size());
  for (std::size_t e = 0; e < edges.size(); ++e) {
    const BaseEdge& be = edges[e];
    const RoadWay& way = input.ways[be.way];
    EdgeInput edge{0,
                   split[be.to] ? head_copy[e] : final_of[be.to],
                   be.time,
                   be.length_m,
                   way.road_class,
                   way.name};
    if (!split[be.from]) {
      edge.from = final_of[be.from];
      graph_edges.push_back(edge);
      continue;
    }
    for (std::size_t i = in.Begin(be.from); i < in.End(be.from); ++i) {
      if (!allowed(be.from, in.edges[i], e)) continue;
      edge.from = head_copy[in.edges[i]];
      graph_edges.push_back(edge);
    }
  }
  {
    std::vector<std::int64_t> ids = final_osm;
    std::sort(ids.begin(), ids.end());
    report.node_copies =
        ids.size() - static_cast<std::size_t>(std::unique(ids.begin(), ids.end()) - ids.begin());
  }

  // 4. Keep the largest strongly connected component: elsewhere some routes would not exist.
  const auto n = static_cast<NodeIndex>(final_osm.size());
  report_progress("components", 0, n);
  std::vector<std::size_t> offsets(std::size_t{n} + 1, 0);
  for (const EdgeInput& e : graph_edges) ++offsets[std::size_t{e.from} + 1];
  for (std::size_t u = 0; u < n; ++u) offsets[u + 1] += offsets[u];
  std::vector<NodeIndex> targets(graph_edges.size());
  {
    std::vector<std::size_t> next(offsets.begin(), offsets.end() - 1);
    for (const EdgeInput& e : graph_edges) targets[next[e.from]++] = e.to;
  }
  std::uint32_t component_count = 0;
  const std::vector<std::uint32_t> component = StrongComponents(offsets, targets, component_count);
  std::vector<std::size_t> size(component_count, 0);
  for (const std::uint32_t c : component) ++size[c];
  const auto largest =
      static_cast<std::uint32_t>(std::max_element(size.begin(), size.end()) - size.begin());
  std::vector<NodeIndex> renumber(n, kNoNode);
  NodeIndex kept = 0;
  for (NodeIndex u = 0; u < n; ++u) {
    if (component[u] == largest) renumber[u] = kept++;
  }
  report.components = component_count;
  report.nodes_before_components = n;
  report.edges_before_components = graph_edges.size();
  report_progress("components", n, n);

  RoadGraphBuilder builder(kept);
  BuiltRoads built;
  built.osm_node_ids.resize(kept);
  for (NodeIndex u = 0; u < n; ++u) {
    if (renumber[u] == kNoNode) continue;
    builder.SetCoordinate(renumber[u], final_position[u]);
    built.osm_node_ids[renumber[u]] = final_osm[u];
  }
  std::size_t kept_edges = 0;
  for (EdgeInput e : graph_edges) {
    if (renumber[e.from] == kNoNode || renumber[e.to] == kNoNode) continue;
    e.from = renumber[e.from];
    e.to = renumber[e.to];
    builder.AddEdge(e);
    ++kept_edges;
  }
  if (kept_edges == 0) {
    return Status(StatusCode::kInvalidArgument,
                  "no drivable road in " + source + " (no two road nodes reach each other)");
  }
  report.nodes_dropped = n - kept;
  report.edges_dropped = graph_edges.size() - kept_edges;
  report.street_names = input.names.size();
  builder.SetNames(std::move(input.names));
  Result<RoadGraph> graph = std::move(builder).Build();
  if (!graph.ok()) return graph.status().WithMessagePrefix(source + ": ");
  built.graph = std::move(graph).value();
  report.graph_nodes = built.graph.node_count();
  report.graph_edges = built.graph.edge_count();
  return built;
}

}  // namespace elink::geo::osm_internal
