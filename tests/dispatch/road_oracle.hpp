#pragma once
// The dispatch tests' independent road oracle: plain Dijkstra over the router's graph from a
// snapped position, against which the contraction hierarchy's answers are checked.

#include "core/model.hpp"
#include "geo/dijkstra.hpp"
#include "geo/router.hpp"

#include <algorithm>
#include <vector>

namespace elink::dispatch::test {

// Drive time from `from` to the snapped `target`; kUnreachable when `from` is off the roads or
// no road leads there.
inline geo::Distance DijkstraEta(const geo::Router& router, const core::LatLon& from,
                                 const geo::Snap& target) {
  const Result<geo::Snap> s = router.SnapTo({from.lat, from.lon});
  if (!s.ok()) return geo::kUnreachable;
  const std::vector<geo::Distance> dist =
      geo::DijkstraAll(router.graph(), geo::DepartEndpoints(router.graph(), *s)).value();
  geo::Distance best = geo::kUnreachable;
  for (const geo::Endpoint& e : geo::ArriveEndpoints(router.graph(), target)) {
    if (dist[e.node] != geo::kUnreachable) best = std::min(best, dist[e.node] + e.offset);
  }
  if (const auto direct = router.SameSegmentTime(*s, target); direct && *direct < best) {
    best = *direct;
  }
  return best;
}

// The same to a position (kUnreachable when it is off the roads).
inline geo::Distance DijkstraEta(const geo::Router& router, const core::LatLon& from,
                                 const core::LatLon& to) {
  const Result<geo::Snap> t = router.SnapTo({to.lat, to.lon});
  if (!t.ok()) return geo::kUnreachable;
  return DijkstraEta(router, from, *t);
}

}  // namespace elink::dispatch::test
