#pragma once
// Router: what the rest of elink routes with. It holds a road graph, its contraction hierarchy
// and a snapping index, and answers between positions (lat/lon): one route with its geometry,
// many origins to one destination (every unit to an incident, in one sweep), one origin to many,
// matrices and isochrones. Positions are snapped to the nearest road within a limit first.
// Times are in the graph's unit (deciseconds for graphs elink imports).

#include "geo/ch.hpp"
#include "geo/graph.hpp"
#include "geo/isochrone.hpp"
#include "geo/snap.hpp"
#include "util/lending_pool.hpp"
#include "util/status.hpp"

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace elink::geo {

struct Position {
  double lat = 0;
  double lon = 0;
};

struct RouterOptions {
  // A position farther than this from every road is refused (kNotFound).
  double max_snap_m = 300;
  // Progress of building the hierarchy when the caller did not bring one.
  std::function<void(std::size_t done, std::size_t total)> progress;
};

struct RouteResult {
  Distance time = 0;               // graph time unit
  double distance_m = 0;           // along the road, from the snapped start to the snapped end
  std::vector<Position> geometry;  // snapped start, every road node passed, snapped end
  Snap from;
  Snap to;
};

struct TimesResult {
  // One per position of the list, in order; kUnreachable where no road route exists or the
  // position could not be snapped (listed in `unsnapped` with the reason).
  std::vector<Distance> times;
  std::vector<std::pair<std::size_t, Status>> unsnapped;
  Snap anchor;  // the single origin or destination
};

// Immutable after Create; every method is const and may be called from any number of threads
// (query scratch space comes from an internal pool).
class Router {
 public:
  // Not movable: its query pools refer to its hierarchy.
  Router(const Router&) = delete;
  Router& operator=(const Router&) = delete;
  // Builds the hierarchy when `ch` is empty. kInvalidArgument when the graph has no coordinates
  // or the hierarchy's node count differs from the graph's.
  static Result<std::shared_ptr<const Router>> Create(RoadGraph graph,
                                                      std::optional<ContractionHierarchy> ch,
                                                      const RouterOptions& options = {});
  ~Router();

  // The nearest road to `p`. kInvalidArgument for a position that is not a finite lat/lon in
  // range (field `field`.lat / .lon), kNotFound beyond the snapping limit.
  [[nodiscard]] Result<Snap> SnapTo(Position p, const std::string& field = "position") const;

  // Fastest route. Snapping codes as SnapTo (fields "from", "to"); kNotFound when no road route
  // joins them (one-way streets, islands).
  [[nodiscard]] Result<RouteResult> Route(Position from, Position to) const;

  // Times from every origin to `destination` (the dispatch query). A bad destination fails the
  // call; a bad origin only marks its own entry.
  [[nodiscard]] Result<TimesResult> TimesTo(std::span<const Position> origins,
                                            Position destination) const;
  // Times from `origin` to every destination.
  [[nodiscard]] Result<TimesResult> TimesFrom(Position origin,
                                              std::span<const Position> destinations) const;

  // Row-major |from| × |to| times; kUnreachable where no route. Any unsnappable position fails
  // the call (field "from[i]" / "to[j]").
  [[nodiscard]] Result<std::vector<Distance>> Matrix(std::span<const Position> from,
                                                     std::span<const Position> to) const;

  // The area reachable from `origin` within `limit`. Codes as SnapTo and ComputeIsochrone.
  [[nodiscard]] Result<Isochrone> IsochroneFrom(Position origin, Distance limit,
                                                const IsochroneOptions& options = {}) const;

  [[nodiscard]] const RoadGraph& graph() const { return graph_; }
  [[nodiscard]] const ContractionHierarchy& hierarchy() const { return ch_; }

  // The time straight along one road segment when both points lie on it and its direction
  // allows it; nullopt otherwise (the route then leaves the segment).
  [[nodiscard]] std::optional<Distance> SameSegmentTime(const Snap& from, const Snap& to) const;

 private:
  Router(RoadGraph graph, ContractionHierarchy ch, const RouterOptions& options);
  [[nodiscard]] Result<TimesResult> Times(std::span<const Position> others, Position anchor,
                                          bool to_anchor) const;

  RoadGraph graph_;
  ContractionHierarchy ch_;
  SnapIndex snap_;
  RouterOptions options_;
  // Query objects hold O(nodes) scratch space: one per concurrent caller, reused.
  std::unique_ptr<util::LendingPool<ChQuery>> queries_;
  std::unique_ptr<util::LendingPool<ChSweep>> sweeps_;
};

// A GeoJSON Feature: LineString geometry, properties seconds (TimeSeconds of the time, one
// decimal) and distance_m, as `elink route --format json` gives them.
std::string RouteToGeoJson(const RouteResult& route);

}  // namespace elink::geo
