// SPDX-License-Identifier: Apache-2.0
#include "sim/travel_check.hpp"

#include "geo/ch.hpp"
#include "geo/snap.hpp"
#include "sim/internal/travel_common.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <utility>

// The pairing and the error statistics; the fit is in travel_fit.cpp, the stations file in
// travel_stations.cpp and the reports in travel_report_{json,text,html}.cpp.

namespace elink::sim {

using internal::ClassIndex;
using internal::kClasses;
using internal::Median;
using internal::Quantile;
using internal::Seconds;

namespace {

// Seconds of the predicted route on each road class. The route is searched again on the
// hierarchy (same snaps, same rule as Router::Route) to learn its edges.
std::optional<std::array<double, kClasses>> ClassSeconds(const geo::Router& router,
                                                         geo::ChQuery& query,
                                                         const geo::RouteResult& route) {
  const geo::RoadGraph& g = router.graph();
  std::array<double, kClasses> out{};
  const auto add = [&](std::size_t edge, geo::Distance t) {
    if (edge == geo::kNoEdge) return;
    out[ClassIndex(g.Class(edge))] += geo::TimeSeconds(t);
  };
  const geo::Snap& s = route.from;
  const geo::Snap& t = route.to;
  const std::optional<geo::Distance> direct = router.SameSegmentTime(s, t);
  const std::vector<geo::Endpoint> departs = geo::DepartEndpoints(g, s);
  const std::vector<geo::Endpoint> arrives = geo::ArriveEndpoints(g, t);
  Result<geo::Route> routed = query.FindRoute(departs, arrives);
  if (direct && (!routed.ok() || *direct <= routed->time)) {
    add(s.forward_edge, *direct);
    return out;
  }
  if (!routed.ok() || routed->nodes.empty()) return std::nullopt;
  const std::vector<geo::NodeIndex>& nodes = routed->nodes;
  for (const geo::Endpoint& e : departs) {
    if (e.node == nodes.front()) {
      add(e.node == s.b ? s.forward_edge : s.backward_edge, e.offset);
      break;
    }
  }
  for (std::size_t i = 0; i + 1 < nodes.size(); ++i) {
    std::size_t best = geo::kNoEdge;
    for (std::size_t e = g.EdgeBegin(nodes[i]); e < g.EdgeEnd(nodes[i]); ++e) {
      if (g.Target(e) == nodes[i + 1] && (best == geo::kNoEdge || g.Time(e) < g.Time(best))) {
        best = e;
      }
    }
    if (best == geo::kNoEdge) return std::nullopt;
    add(best, g.Time(best));
  }
  for (const geo::Endpoint& e : arrives) {
    if (e.node == nodes.back()) {
      add(e.node == t.a ? t.forward_edge : t.backward_edge, e.offset);
      break;
    }
  }
  return out;
}

// Every dispatch of every unit, to tell whether it came from quarters.
struct Dispatch {
  TimePoint dispatched;
  std::optional<TimePoint> available;
};
using DispatchIndex = std::unordered_map<std::string, std::vector<Dispatch>>;

DispatchIndex IndexDispatches(std::span<const Call> calls) {
  DispatchIndex index;
  for (const Call& call : calls) {
    for (const UnitResponse& u : call.units) {
      if (u.dispatched) index[u.unit_id].push_back({*u.dispatched, u.available});
    }
  }
  for (auto& [unit, list] : index) {
    std::stable_sort(list.begin(), list.end(), [](const Dispatch& a, const Dispatch& b) {
      return a.dispatched < b.dispatched;
    });
  }
  return index;
}

// True when the unit's previous dispatch ended (available) at least `min_idle` before `t`.
bool CameFromQuarters(const DispatchIndex& index, const std::string& unit, TimePoint t,
                      Millis min_idle) {
  const auto it = index.find(unit);
  if (it == index.end()) return true;
  const std::vector<Dispatch>& list = it->second;
  const auto after =
      std::lower_bound(list.begin(), list.end(), t,
                       [](const Dispatch& d, TimePoint when) { return d.dispatched < when; });
  if (after == list.begin()) return true;  // its first dispatch in the log: nothing says otherwise
  const Dispatch& previous = *std::prev(after);
  return previous.available && *previous.available + min_idle <= t;
}

}  // namespace

ErrorStats ComputeErrorStats(std::span<const TravelPair> pairs) {
  ErrorStats s;
  s.n = pairs.size();
  if (pairs.empty()) return s;
  std::vector<double> err;
  std::vector<double> abs_err;
  std::vector<double> real;
  std::vector<double> pred;
  std::vector<double> ratio;
  for (const TravelPair& p : pairs) {
    err.push_back(p.error_s());
    abs_err.push_back(std::abs(p.error_s()));
    real.push_back(p.real_s);
    pred.push_back(p.predicted_s);
    ratio.push_back(p.predicted_s / p.real_s);
    s.mean_bias_s += p.error_s();
    s.mae_s += std::abs(p.error_s());
  }
  s.mean_bias_s /= static_cast<double>(s.n);
  s.mae_s /= static_cast<double>(s.n);
  s.p90_ae_s = Quantile(abs_err, 0.9);
  s.median_bias_s = Median(err);
  s.median_ae_s = Median(abs_err);
  s.median_real_s = Median(real);
  s.median_predicted_s = Median(pred);
  s.median_ratio = Median(ratio);
  return s;
}

Result<TravelReport> CheckTravelTimes(const geo::Router& router, std::span<const Call> calls,
                                      std::span<const Station> stations,
                                      const TravelCheckOptions& options) {
  if (!(options.max_snap_m > 0) || !std::isfinite(options.max_snap_m)) {
    return Status::InvalidArgument("max_snap_m", "must be a positive number of metres");
  }
  if (options.min_idle.count() < 0 || options.min_real.count() < 0 ||
      options.max_real <= options.min_real) {
    return Status::InvalidArgument("min_idle", "durations must be >= 0 and min_real < max_real");
  }
  TravelReport report;
  report.options = options;
  report.options.progress = nullptr;
  report.calls_total = calls.size();

  // Stations: where each one meets the road graph.
  std::unordered_map<int, const Station*> station_of;
  std::unordered_map<int, bool> station_inside;
  for (const Station& s : stations) {
    station_of[s.number] = &s;
    const Result<geo::Snap> snap = router.SnapTo({s.location.lat, s.location.lon}, "station");
    station_inside[s.number] = snap.ok() && snap->distance_m <= options.max_snap_m;
  }
  const DispatchIndex dispatches = IndexDispatches(calls);
  geo::ChQuery query(router.hierarchy());
  const auto skip = [&](std::string_view reason) {
    ++report.skipped[std::string(reason)];
    ++report.skipped_total;
  };

  for (std::size_t ci = 0; ci < calls.size(); ++ci) {
    if (options.progress && (ci % 256 == 0 || ci + 1 == calls.size())) {
      options.progress(ci + 1, calls.size());
    }
    const Call& call = calls[ci];
    const geo::Position at{call.location.lat, call.location.lon};
    const Result<geo::Snap> call_snap = router.SnapTo(at, "call");
    if (!call_snap.ok() || call_snap->distance_m > options.max_snap_m) {
      ++report.calls_outside_area;
      continue;
    }
    ++report.calls_considered;

    // Engines and trucks, most preferred first: the first dispatched, then by arrival.
    std::vector<const UnitResponse*> candidates;
    for (const UnitResponse& u : call.units) {
      if (SfUnitStation(u.unit_id)) candidates.push_back(&u);
    }
    if (candidates.empty()) {
      skip(kSkipNoEngine);
      continue;
    }
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const UnitResponse* a, const UnitResponse* b) {
                       if ((a->sequence == 1) != (b->sequence == 1)) return a->sequence == 1;
                       if (a->on_scene.has_value() != b->on_scene.has_value()) {
                         return a->on_scene.has_value();
                       }
                       if (a->on_scene && *a->on_scene != *b->on_scene) {
                         return *a->on_scene < *b->on_scene;
                       }
                       return a->sequence < b->sequence;
                     });
    std::string_view first_reason;
    bool paired = false;
    for (const UnitResponse* u : candidates) {
      std::string_view reason;
      const int number = *SfUnitStation(u->unit_id);
      if (!u->dispatched || !u->en_route || !u->on_scene) {
        reason = kSkipIncomplete;
      } else if (*u->en_route < *u->dispatched || *u->on_scene - *u->en_route < options.min_real ||
                 *u->on_scene - *u->en_route > options.max_real) {
        reason = kSkipImplausible;
      } else if (!station_of.contains(number)) {
        reason = kSkipStationUnknown;
      } else if (!station_inside[number]) {
        reason = kSkipStationOutside;
      } else if (!CameFromQuarters(dispatches, u->unit_id, *u->dispatched, options.min_idle)) {
        reason = kSkipNotAtQuarters;
      }
      const Station* station = reason.empty() ? station_of[number] : nullptr;
      Result<geo::RouteResult> route = Status::NotFound("not routed");
      if (station != nullptr) {
        route = router.Route({station->location.lat, station->location.lon}, at);
        if (!route.ok()) reason = kSkipNoRoute;
      }
      if (!reason.empty()) {
        if (first_reason.empty()) first_reason = reason;
        continue;
      }
      TravelPair pair;
      pair.call_id = call.source_id;
      pair.unit_id = u->unit_id;
      pair.station = number;
      pair.priority = call.priority;
      pair.type = call.type;
      pair.call_location = call.location;
      pair.station_location = station->location;
      pair.real_s = Seconds(std::chrono::duration_cast<Millis>(*u->on_scene - *u->en_route));
      pair.predicted_s = geo::TimeSeconds(route->time);
      pair.distance_m = route->distance_m;
      pair.call_road = router.graph().Class(call_snap->forward_edge);
      const std::optional<std::array<double, kClasses>> split = ClassSeconds(router, query, *route);
      double total = 0;
      if (split) {
        pair.class_s = *split;
        for (const double v : pair.class_s) total += v;
      }
      if (total > 0) {
        // Equal to the route's time up to rounding; scale so that the parts add up exactly.
        for (double& v : pair.class_s) v *= pair.predicted_s / total;
      } else {
        pair.class_s[ClassIndex(pair.call_road)] = pair.predicted_s;
      }
      report.pairs.push_back(std::move(pair));
      paired = true;
      break;
    }
    if (!paired) skip(first_reason);
  }

  report.overall = ComputeErrorStats(report.pairs);
  std::map<geo::RoadClass, std::vector<TravelPair>> by_class;
  std::map<int, std::vector<TravelPair>> by_priority;
  for (const TravelPair& p : report.pairs) {
    by_class[p.call_road].push_back(p);
    by_priority[p.priority].push_back(p);
  }
  for (const auto& [c, list] : by_class) report.by_road_class[c] = ComputeErrorStats(list);
  for (const auto& [p, list] : by_priority) report.by_priority[p] = ComputeErrorStats(list);
  std::vector<TravelPair> emergency;
  for (const TravelPair& p : report.pairs) {
    if (p.priority >= options.fit_min_priority && p.priority <= options.fit_max_priority) {
      emergency.push_back(p);
    }
  }
  report.fit = FitSpeedFactors(emergency, options.min_pairs_per_class);
  const geo::RoadGraph& g = router.graph();
  std::array<double, kClasses> metres{};
  std::array<double, kClasses> seconds{};
  for (geo::NodeIndex u = 0; u < g.node_count(); ++u) {
    for (std::size_t e = g.EdgeBegin(u); e < g.EdgeEnd(u); ++e) {
      metres[ClassIndex(g.Class(e))] += static_cast<double>(g.LengthM(e));
      seconds[ClassIndex(g.Class(e))] += geo::TimeSeconds(g.Time(e));
    }
  }
  for (std::size_t c = 0; c < kClasses; ++c) {
    report.graph_kmh[c] = seconds[c] > 0 ? metres[c] / seconds[c] * 3.6 : 0;
  }
  return report;
}

}  // namespace elink::sim
