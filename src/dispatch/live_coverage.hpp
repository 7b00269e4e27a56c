#pragma once
// Live coverage (实时覆盖) and move-up advice (补位建议): how much of the region's demand the free
// units of one type could reach within the standard from where they are now, grid by grid, and
// which free units to move to which stations to win back the most of it when a big incident has
// stripped an area. A grid's demand sits at its centre on the road network and weighs one plus the
// incidents reported in it over a recent period; a unit reaches it in its turnout (at quarters;
// none when on the road) plus its drive. The solver is coverage::ProposeMoveUps.

#include "core/model.hpp"
#include "core/state.hpp"
#include "geo/graph.hpp"
#include "geo/router.hpp"
#include "util/clock.hpp"
#include "util/status.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <utility>
#include <vector>

namespace elink::dispatch {

struct LiveCoverageOptions {
  core::UnitType type = core::UnitType::kEngine;
  // Turnout at quarters plus drive; 1 s to 2 h.
  std::chrono::seconds standard{480};
  // Empty: DefaultTurnout(type).
  std::optional<geo::TravelTime> turnout;
  // Move-up advice: at most this many moves (0 to 20).
  int max_moves = 3;
  // Incidents reported this long before `now` weigh their grid (0 to 365 days).
  std::chrono::hours history{24 * 30};
  // As RecommendOptions: when an AVL report is stale, and how near its station a unit is home.
  std::chrono::seconds stale_after{180};
  double at_quarters_m = 150;
  // Which units count (the caller's jurisdiction); empty: all.
  std::function<bool(const core::Unit&)> visible;
};

struct GridCover {
  core::GridId grid;
  core::LatLon centre;
  std::int64_t weight = 1;  // 1 + incidents reported in it over the history
  bool placed = true;       // its centre lies on the road network (else it is left out)
  // The soonest free unit (turnout + drive); empty when none reaches it.
  std::optional<geo::TravelTime> soonest;
  int units_within = 0;  // free units that reach it within the standard
};

struct MoveUpAdvice {
  core::UnitId unit;
  core::StationId to;
  std::optional<core::StationId> from;  // the station it stands at; empty when on the road
  double share_before = 0;              // covered share before this move (after the earlier ones)
  double share_after = 0;
};

struct LiveCoverage {
  core::UnitType type = core::UnitType::kEngine;
  std::chrono::seconds standard{0};
  geo::TravelTime turnout{0};
  int free_units = 0;            // available units of the type placed on the roads
  std::vector<GridCover> grids;  // by grid id
  std::int64_t covered_weight = 0;
  std::int64_t total_weight = 0;  // of the placed grids
  double share = 1;               // covered / total (1 when there is no demand)
  std::vector<MoveUpAdvice> moves;
  // Free units that could not be placed on the road network, with the reason.
  std::vector<std::pair<core::UnitId, Status>> unplaced;
};

// Where a grid's demand sits: the area centroid of its largest outer ring (the mean of its
// vertices when the ring has no area).
core::LatLon GridCentre(const core::Grid& grid);

// kInvalidArgument naming "standard", "max_moves", "history" or "at_quarters_m" when out of range.
Status ValidateLiveCoverage(const LiveCoverageOptions& options);

// The coverage now. Errors: those of ValidateLiveCoverage, and the router's for a failed matrix.
// The router must be the one for the state's region. Thread-safe (the router is).
Result<LiveCoverage> ComputeLiveCoverage(const core::State& state, const geo::Router& router,
                                         const LiveCoverageOptions& options, TimePoint now);

}  // namespace elink::dispatch
