// SPDX-License-Identifier: Apache-2.0
#include "dispatch/live_coverage.hpp"

#include "coverage/max_cover.hpp"
#include "coverage/messages.hpp"
#include "dispatch/messages.hpp"
#include "dispatch/recommend.hpp"
#include "units/origin.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>

namespace elink::dispatch {

core::LatLon GridCentre(const core::Grid& grid) {
  double largest_area = -1;
  core::LatLon centre{};
  for (const core::Polygon& poly : grid.area) {
    const auto& ring = poly.outer;
    if (ring.empty()) continue;
    // Relative to the first vertex: degrees near 40 would lose the area's digits.
    const core::LatLon o = ring.front();
    double a2 = 0;
    double cx = 0;
    double cy = 0;
    for (std::size_t i = 0; i < ring.size(); ++i) {
      const double px = ring[i].lon - o.lon;
      const double py = ring[i].lat - o.lat;
      const double qx = ring[(i + 1) % ring.size()].lon - o.lon;
      const double qy = ring[(i + 1) % ring.size()].lat - o.lat;
      const double cross = px * qy - qx * py;
      a2 += cross;
      cx += (px + qx) * cross;
      cy += (py + qy) * cross;
    }
    const double area = std::abs(a2) / 2;
    if (area <= largest_area) continue;
    largest_area = area;
    if (std::abs(a2) > 1e-18) {
      centre = {o.lat + cy / (3 * a2), o.lon + cx / (3 * a2)};
    } else {
      centre = {};
      for (const core::LatLon& p : ring) {
        centre.lat += p.lat / static_cast<double>(ring.size());
        centre.lon += p.lon / static_cast<double>(ring.size());
      }
    }
  }
  return centre;
}

namespace {

double Share(coverage::Cost covered, coverage::Cost total) {
  return total == 0 ? 1.0 : static_cast<double>(covered) / static_cast<double>(total);
}

}  // namespace

Status ValidateLiveCoverage(const LiveCoverageOptions& o) {
  if (o.standard.count() < 1 || o.standard.count() > 7200) {
    return Status::InvalidArgument("standard", coverage::msg::kCountFromTo, 1, 7200,
                                   o.standard.count());
  }
  if (o.max_moves < 0 || o.max_moves > 20) {
    return Status::InvalidArgument("max_moves", coverage::msg::kCountFromTo, 0, 20, o.max_moves);
  }
  if (o.history.count() < 0 || o.history.count() > 24 * 365) {
    return Status::InvalidArgument("history", coverage::msg::kCountFromTo, 0, 24 * 365,
                                   o.history.count());
  }
  if (o.turnout && (o.turnout->count() < 0 || o.turnout->count() > 36'000)) {
    return Status::InvalidArgument("turnout", coverage::msg::kCountFromTo, 0, 36'000,
                                   o.turnout->count());
  }
  if (!std::isfinite(o.at_quarters_m) || o.at_quarters_m < 0 || o.at_quarters_m > 10'000) {
    return Status::InvalidArgument("at_quarters_m", coverage::msg::kCountFromTo, 0, 10'000,
                                   std::to_string(o.at_quarters_m));
  }
  return Status::Ok();
}

Result<LiveCoverage> ComputeLiveCoverage(const core::State& state, const geo::Router& router,
                                         const LiveCoverageOptions& options, TimePoint now) {
  ELINK_RETURN_IF_ERROR(ValidateLiveCoverage(options));
  LiveCoverage out;
  out.type = options.type;
  out.standard = options.standard;
  out.turnout = options.turnout.value_or(DefaultTurnout(options.type));
  const auto visible = [&](const core::Unit& u) {
    return u.type == options.type && (!options.visible || options.visible(u));
  };

  // Demand: every grid, weighed by its recent incidents, at its centre on the roads.
  std::map<core::GridId, std::int64_t> recent;
  const TimePoint since = now - options.history;
  for (const auto& [id, inc] : state.incidents()) {
    if (inc.grid && inc.reported_at >= since && inc.reported_at <= now) ++recent[*inc.grid];
  }
  std::vector<geo::Position> demand_at;
  std::vector<std::size_t> demand_grid;  // demand -> index in out.grids
  for (const auto& [id, grid] : state.grids()) {
    GridCover g;
    g.grid = id;
    g.centre = GridCentre(grid);
    const auto it = recent.find(id);
    g.weight = 1 + (it == recent.end() ? 0 : std::min<std::int64_t>(it->second, 999'999));
    g.placed = router.SnapTo({g.centre.lat, g.centre.lon}).ok();
    if (g.placed) {
      demand_at.push_back({g.centre.lat, g.centre.lon});
      demand_grid.push_back(out.grids.size());
    }
    out.grids.push_back(std::move(g));
  }

  // Sites: the stations units of the type answer from (a unit there turns out first), then the
  // road positions of free units away from quarters.
  std::vector<geo::Position> site_at;
  std::vector<std::optional<core::StationId>> site_station;
  std::map<core::StationId, int> station_site;
  for (const auto& [uid, u] : state.units()) {
    if (!visible(u) || station_site.contains(u.station)) continue;
    const core::Station* st = state.stations().Find(u.station);
    if (st == nullptr || !router.SnapTo({st->location.lat, st->location.lon}).ok()) continue;
    station_site[u.station] = static_cast<int>(site_at.size());
    site_at.push_back({st->location.lat, st->location.lon});
    site_station.emplace_back(u.station);
  }
  std::vector<int> stations;
  stations.reserve(station_site.size());
  for (const auto& [sid, site] : station_site) stations.push_back(site);

  std::vector<const core::Unit*> free;
  std::vector<int> positions;
  for (const auto& [uid, u] : state.units()) {
    if (!visible(u) || u.status != core::UnitStatus::kAvailable) continue;
    const std::optional<units::UnitOrigin> from =
        units::OriginOf(state, u, now, options.stale_after);
    if (!from) {
      out.unplaced.emplace_back(uid, Status::NotFound(msg::kNoPosition).At("position"));
      continue;
    }
    const auto home = station_site.find(u.station);
    const bool at_quarters =
        home != station_site.end() && AtQuarters(state, u, from->origin, options.at_quarters_m);
    if (at_quarters) {
      positions.push_back(home->second);
    } else {
      const geo::Position p{from->at.lat, from->at.lon};
      if (Status s = router.SnapTo(p).status(); !s.ok()) {
        out.unplaced.emplace_back(uid, std::move(s));
        continue;
      }
      positions.push_back(static_cast<int>(site_at.size()));
      site_at.push_back(p);
      site_station.emplace_back(std::nullopt);
    }
    free.push_back(&u);
  }
  out.free_units = static_cast<int>(free.size());
  if (demand_at.empty()) return out;

  coverage::CoverProblem problem;
  problem.demands = static_cast<int>(demand_at.size());
  problem.sites = static_cast<int>(site_at.size());
  problem.standard = options.standard.count() * 10;  // deciseconds, as the router's times
  problem.weight.reserve(demand_at.size());
  for (const std::size_t g : demand_grid) problem.weight.push_back(out.grids[g].weight);
  for (const coverage::Cost w : problem.weight) out.total_weight += w;
  if (problem.sites > 0) {
    ELINK_ASSIGN_OR_RETURN(const std::vector<geo::Distance> drive,
                           router.Matrix(site_at, demand_at));
    problem.cost.assign(demand_at.size() * site_at.size(), coverage::kMaxCost);
    for (std::size_t s = 0; s < site_at.size(); ++s) {
      const geo::Distance turnout =
          site_station[s] ? static_cast<geo::Distance>(out.turnout.count()) : 0;
      for (std::size_t d = 0; d < demand_at.size(); ++d) {
        const geo::Distance t = drive[s * demand_at.size() + d];
        if (t == geo::kUnreachable) continue;
        problem.cost[d * site_at.size() + s] =
            static_cast<coverage::Cost>(std::min<geo::Distance>(t + turnout, coverage::kMaxCost));
      }
    }
  }

  // Grid by grid: the soonest free unit and how many come within the standard.
  for (std::size_t d = 0; d < demand_at.size(); ++d) {
    GridCover& g = out.grids[demand_grid[d]];
    for (const int s : positions) {
      const coverage::Cost c = problem.cost[d * site_at.size() + static_cast<std::size_t>(s)];
      if (c >= coverage::kMaxCost) continue;
      if (!g.soonest || c < g.soonest->count()) g.soonest = geo::TravelTime(c);
      if (c <= problem.standard) ++g.units_within;
    }
    if (g.units_within > 0) out.covered_weight += g.weight;
  }
  out.share = Share(out.covered_weight, out.total_weight);

  if (problem.sites == 0 || positions.empty() || stations.empty() || options.max_moves == 0) {
    return out;
  }
  ELINK_ASSIGN_OR_RETURN(const std::vector<coverage::MoveUp> moves,
                         coverage::ProposeMoveUps(problem, positions, stations, options.max_moves));
  for (const coverage::MoveUp& m : moves) {
    MoveUpAdvice a;
    a.unit = free[static_cast<std::size_t>(m.unit)]->id;
    a.to = *site_station[static_cast<std::size_t>(m.to_site)];
    a.from = site_station[static_cast<std::size_t>(m.from_site)];
    a.share_before = Share(m.covered_before, out.total_weight);
    a.share_after = Share(m.covered_after, out.total_weight);
    out.moves.push_back(std::move(a));
  }
  return out;
}

}  // namespace elink::dispatch
