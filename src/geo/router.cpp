// SPDX-License-Identifier: Apache-2.0
#include "geo/router.hpp"

#include "geo/messages.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <utility>

namespace elink::geo {

namespace {

std::size_t FastestEdge(const RoadGraph& g, NodeIndex u, NodeIndex v) {
  std::size_t best = kNoEdge;
  for (std::size_t e = g.EdgeBegin(u); e < g.EdgeEnd(u); ++e) {
    if (g.Target(e) == v && (best == kNoEdge || g.Time(e) < g.Time(best))) best = e;
  }
  return best;
}

Position At(const RoadGraph& g, NodeIndex u) {
  const LatLonE6 c = g.Coordinate(u);
  return {c.lat_e6 / 1e6, c.lon_e6 / 1e6};
}

}  // namespace

Router::Router(RoadGraph graph, ContractionHierarchy ch, const RouterOptions& options)
    : graph_(std::move(graph)),
      ch_(std::move(ch)),
      snap_(SnapIndex::Build(graph_)),
      options_(options),
      queries_(std::make_unique<util::LendingPool<ChQuery>>(
          [this] { return std::make_unique<ChQuery>(ch_); })),
      sweeps_(std::make_unique<util::LendingPool<ChSweep>>(
          [this] { return std::make_unique<ChSweep>(ch_); })) {}

Router::~Router() = default;

Result<std::shared_ptr<const Router>> Router::Create(RoadGraph graph,
                                                     std::optional<ContractionHierarchy> ch,
                                                     const RouterOptions& options) {
  if (!graph.has_coordinates()) {
    return Status::InvalidArgument("graph", "the road graph has no coordinates to snap to");
  }
  if (ch && ch->node_count() != graph.node_count()) {
    return Status::InvalidArgument("hierarchy", "built for another graph (node counts differ)");
  }
  if (!ch) ch = ContractionHierarchy::Build(graph, {.progress = options.progress});
  // Not make_shared: the constructor is private.
  return std::shared_ptr<const Router>(new Router(std::move(graph), std::move(*ch), options));
}

Result<Snap> Router::SnapTo(Position p, const std::string& field) const {
  Result<Snap> snap = snap_.Nearest(p.lat, p.lon, {.max_distance_m = options_.max_snap_m});
  if (!snap.ok()) {
    const Status& s = snap.status();
    const std::string sub = s.field().empty() ? field : field + "." + s.field();
    // The same error (its declared message too) about the caller's field.
    if (s.code() == StatusCode::kInvalidArgument) return Status(s).At(sub);
    if (s.code() == StatusCode::kNotFound) return Status(s).At(field);
    return s;
  }
  return snap;
}

std::optional<Distance> Router::SameSegmentTime(const Snap& from, const Snap& to) const {
  if (from.a != to.a || from.b != to.b) return std::nullopt;
  std::optional<Distance> best;
  if (from.forward_edge != kNoEdge && to.fraction >= from.fraction) {
    const Weight t = graph_.Time(from.forward_edge);
    best = TailPart(to.fraction, t) - TailPart(from.fraction, t);
  }
  if (from.backward_edge != kNoEdge && to.fraction <= from.fraction) {
    // Along b→a the point's fraction from the tail is 1 − f.
    const Weight t = graph_.Time(from.backward_edge);
    const Distance d = TailPart(1 - to.fraction, t) - TailPart(1 - from.fraction, t);
    if (!best || d < *best) best = d;
  }
  return best;
}

Result<RouteResult> Router::Route(Position from, Position to) const {
  ELINK_ASSIGN_OR_RETURN(const Snap start, SnapTo(from, "from"));
  ELINK_ASSIGN_OR_RETURN(const Snap end, SnapTo(to, "to"));
  RouteResult out;
  out.from = start;
  out.to = end;
  const std::optional<Distance> direct = SameSegmentTime(start, end);
  const std::vector<Endpoint> departs = DepartEndpoints(graph_, start);
  const std::vector<Endpoint> arrives = ArriveEndpoints(graph_, end);
  auto query = queries_->Take();
  Result<geo::Route> routed = query->FindRoute(departs, arrives);
  if (!routed.ok() && routed.status().code() != StatusCode::kNotFound) return routed.status();
  if (direct && (!routed.ok() || *direct <= routed->time)) {
    out.time = *direct;
    out.distance_m = std::abs(end.fraction - start.fraction) *
                     static_cast<double>(graph_.LengthM(start.forward_edge));
    out.geometry = {{start.lat, start.lon}, {end.lat, end.lon}};
    return out;
  }
  if (!routed.ok()) {
    return Status::NotFound(msg::kNoRoadRoute);
  }
  out.time = routed->time;
  const std::vector<NodeIndex>& nodes = routed->nodes;
  // Partial lengths at both ends: the chosen endpoint tells which way the route left and arrived.
  if (nodes.front() == start.b) {
    out.distance_m += (1 - start.fraction) * graph_.LengthM(start.forward_edge);
  } else if (start.backward_edge != kNoEdge) {
    out.distance_m += start.fraction * graph_.LengthM(start.backward_edge);
  }
  if (nodes.back() == end.a) {
    out.distance_m += end.fraction * graph_.LengthM(end.forward_edge);
  } else if (end.backward_edge != kNoEdge) {
    out.distance_m += (1 - end.fraction) * graph_.LengthM(end.backward_edge);
  }
  out.geometry.push_back({start.lat, start.lon});
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    out.geometry.push_back(At(graph_, nodes[i]));
    if (i + 1 < nodes.size()) {
      const std::size_t e = FastestEdge(graph_, nodes[i], nodes[i + 1]);
      if (e != kNoEdge) out.distance_m += graph_.LengthM(e);
    }
  }
  out.geometry.push_back({end.lat, end.lon});
  return out;
}

Result<TimesResult> Router::Times(std::span<const Position> others, Position anchor,
                                  bool to_anchor) const {
  const char* anchor_field = to_anchor ? "destination" : "origin";
  ELINK_ASSIGN_OR_RETURN(const Snap anchor_snap, SnapTo(anchor, anchor_field));
  TimesResult out;
  out.anchor = anchor_snap;
  out.times.assign(others.size(), kUnreachable);
  auto sweep = sweeps_->Take();
  if (to_anchor) {
    ELINK_RETURN_IF_ERROR(sweep->ToTargets(ArriveEndpoints(graph_, anchor_snap)));
  } else {
    ELINK_RETURN_IF_ERROR(sweep->FromSources(DepartEndpoints(graph_, anchor_snap)));
  }
  const char* list = to_anchor ? "origins" : "destinations";
  for (std::size_t i = 0; i < others.size(); ++i) {
    Result<Snap> snap = SnapTo(others[i], std::string(list) + "[" + std::to_string(i) + "]");
    if (!snap.ok()) {
      out.unsnapped.emplace_back(i, snap.status());
      continue;
    }
    Distance t = to_anchor ? sweep->TimeAt(DepartEndpoints(graph_, *snap))
                           : sweep->TimeAt(ArriveEndpoints(graph_, *snap));
    const std::optional<Distance> direct =
        to_anchor ? SameSegmentTime(*snap, anchor_snap) : SameSegmentTime(anchor_snap, *snap);
    if (direct && *direct < t) t = *direct;
    out.times[i] = t;
  }
  return out;
}

Result<TimesResult> Router::TimesTo(std::span<const Position> origins, Position destination) const {
  return Times(origins, destination, true);
}

Result<TimesResult> Router::TimesFrom(Position origin,
                                      std::span<const Position> destinations) const {
  return Times(destinations, origin, false);
}

Result<std::vector<Distance>> Router::Matrix(std::span<const Position> from,
                                             std::span<const Position> to) const {
  std::vector<Snap> from_snaps;
  std::vector<Snap> to_snaps;
  std::vector<std::vector<Endpoint>> departs;
  std::vector<std::vector<Endpoint>> arrives;
  for (std::size_t i = 0; i < from.size(); ++i) {
    ELINK_ASSIGN_OR_RETURN(Snap s, SnapTo(from[i], "from[" + std::to_string(i) + "]"));
    departs.push_back(DepartEndpoints(graph_, s));
    from_snaps.push_back(s);
  }
  for (std::size_t j = 0; j < to.size(); ++j) {
    ELINK_ASSIGN_OR_RETURN(Snap s, SnapTo(to[j], "to[" + std::to_string(j) + "]"));
    arrives.push_back(ArriveEndpoints(graph_, s));
    to_snaps.push_back(s);
  }
  ELINK_ASSIGN_OR_RETURN(std::vector<Distance> m, TimeMatrix(ch_, departs, arrives));
  for (std::size_t i = 0; i < from.size(); ++i) {
    for (std::size_t j = 0; j < to.size(); ++j) {
      const std::optional<Distance> direct = SameSegmentTime(from_snaps[i], to_snaps[j]);
      Distance& cell = m[i * to.size() + j];
      if (direct && *direct < cell) cell = *direct;
    }
  }
  return m;
}

Result<Isochrone> Router::IsochroneFrom(Position origin, Distance limit,
                                        const IsochroneOptions& options) const {
  ELINK_ASSIGN_OR_RETURN(const Snap snap, SnapTo(origin, "origin"));
  std::vector<Distance> times;
  {
    auto sweep = sweeps_->Take();
    ELINK_RETURN_IF_ERROR(sweep->FromSources(DepartEndpoints(graph_, snap)));
    times = sweep->Times();
  }
  return ComputeIsochrone(graph_, times, limit, options);
}

std::string RouteToGeoJson(const RouteResult& route) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f", TimeSeconds(route.time));
  std::string s = std::string("{\"type\":\"Feature\",\"properties\":{\"seconds\":") + buf;
  std::snprintf(buf, sizeof buf, ",\"distance_m\":%.1f}", route.distance_m);
  s += buf;
  s += ",\"geometry\":{\"type\":\"LineString\",\"coordinates\":[";
  for (std::size_t i = 0; i < route.geometry.size(); ++i) {
    std::snprintf(buf, sizeof buf, "%s[%.6f,%.6f]", i > 0 ? "," : "", route.geometry[i].lon,
                  route.geometry[i].lat);
    s += buf;
  }
  s += "]}}";
  return s;
}

}  // namespace elink::geo
