// SPDX-License-Identifier: Apache-2.0
// Simulation speed (issue 7): a year of a city of about a million people — 100,000 incidents,
// 100 units at 25 stations — on the largest road graph we have (DIMACS New York, 264,346 nodes),
// through the real engine step and dispatch code. Prints the wall time and simulated incidents
// per second of each policy, and each policy's time as a ratio of the closest-station run's,
// measured in the same process.
//
//   build/release/bench/sim_bench [incidents=100000] [graph=ny|andorra] [policy]
#include "core/region_loader.hpp"
#include "geo/dimacs.hpp"
#include "geo/osm_import.hpp"
#include "sim/simulator.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

namespace {

using namespace elink;

const std::string kData = ELINK_SOURCE_DIR "/data/roads";  // data/PROVENANCE.md

// DIMACS NY's "t" weights have no stated unit; its "d" weights are decimetres, and t = 2.5 d at
// the median. Read as deciseconds they would make 14 km/h streets; scaled by 0.036 the median
// street drives at 40 km/h, a city's emergency speed, so that a year's load is a city's load.
geo::RoadGraph Rescaled(const geo::RoadGraph& g, double factor) {
  geo::RoadGraphBuilder b(g.node_count());
  b.Reserve(g.edge_count());
  for (geo::NodeIndex u = 0; u < g.node_count(); ++u) {
    b.SetCoordinate(u, g.Coordinate(u));
    for (std::size_t e = g.EdgeBegin(u); e < g.EdgeEnd(u); ++e) {
      const auto t = static_cast<geo::Weight>(
          std::max(1.0, std::round(static_cast<double>(g.Time(e)) * factor)));
      b.AddEdge({u, g.Target(e), t, g.LengthM(e), g.Class(e), g.Name(e)});
    }
  }
  return std::move(b).Build().value();
}

int Fail(const Status& s) {
  std::fprintf(stderr, "sim_bench: %s\n", s.ToString().c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t n = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 100'000;
  const std::string which = argc > 2 ? argv[2] : "ny";
  const std::string only = argc > 3 ? argv[3] : "";  // one policy's code
  const auto t0 = std::chrono::steady_clock::now();
  Result<geo::RoadGraph> graph =
      which == "ny" ? geo::LoadDimacs({.time_gr = kData + "/dimacs-ny/USA-road-t.NY.gr.gz",
                                       .distance_gr = {},
                                       .coordinates = kData + "/dimacs-ny/USA-road-d.NY.co.gz"})
                    : [&]() -> Result<geo::RoadGraph> {
    auto roads = geo::ImportOsm(kData + "/andorra.osm.pbf");
    if (!roads.ok()) return roads.status();
    return std::move(roads->graph);
  }();
  if (!graph.ok()) return Fail(graph.status());
  if (which == "ny") graph = Rescaled(*graph, 0.036);
  const geo::NodeIndex nodes = graph->node_count();
  std::vector<core::LatLon> at(nodes);
  for (geo::NodeIndex u = 0; u < nodes; ++u) {
    at[u] = {graph->Coordinate(u).lat_e6 / 1e6, graph->Coordinate(u).lon_e6 / 1e6};
  }
  auto router = geo::Router::Create(std::move(graph).value(), std::nullopt);
  if (!router.ok()) return Fail(router.status());
  const double prepare_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  // The demo region's organisations and plans, with stations and units placed on this graph.
  Result<core::Region> demo = core::LoadRegion(ELINK_SOURCE_DIR "/data/regions/demo");
  if (!demo.ok()) return Fail(demo.status());
  core::Region region = std::move(demo).value();
  region.grids.clear();
  std::mt19937_64 rng(42);
  const core::OrgId owner = region.stations.front().org;
  const std::vector<core::Unit> kinds = region.units;
  // The city: road nodes within 10 km of the graph's middle (about 310 km², the size of a city of
  // a million people); the routing still runs on the whole graph.
  double lat0 = 90, lat1 = -90, lon0 = 180, lon1 = -180;
  for (const core::LatLon& p : at) {
    lat0 = std::min(lat0, p.lat), lat1 = std::max(lat1, p.lat);
    lon0 = std::min(lon0, p.lon), lon1 = std::max(lon1, p.lon);
  }
  const core::LatLon middle{(lat0 + lat1) / 2, (lon0 + lon1) / 2};
  std::vector<geo::NodeIndex> city;
  for (geo::NodeIndex u = 0; u < nodes; ++u) {
    const double dy = (at[u].lat - middle.lat) * 111'195;
    const double dx = (at[u].lon - middle.lon) * 111'195 * std::cos(middle.lat * 3.14159265 / 180);
    if (dx * dx + dy * dy <= 10'000.0 * 10'000.0) city.push_back(u);
  }
  if (city.size() < 1000) {
    std::fprintf(stderr, "sim_bench: the middle of the graph has too few roads\n");
    return 1;
  }
  std::uniform_int_distribution<std::size_t> city_node(0, city.size() - 1);
  auto kind_of = [&](core::UnitType t) {
    for (const core::Unit& u : kinds) {
      if (u.type == t) return u;
    }
    std::fprintf(stderr, "sim_bench: the demo region has no unit of a needed type\n");
    std::exit(1);
  };
  region.stations.resize(25, region.stations.front());
  region.units.clear();
  // 100 units: per station 1 engine and 1 ambulance; 20 ladders, 10 rescue squads, 20 more
  // ambulances spread over the stations.
  for (std::size_t s = 0; s < 25; ++s) {
    core::Station& st = region.stations[s];
    st.id = core::StationId("s" + std::to_string(s));
    st.org = owner;
    st.location = at[city[city_node(rng)]];
    for (core::UnitType t : {core::UnitType::kEngine, core::UnitType::kAmbulance}) {
      core::Unit u = kind_of(t);
      u.id = core::UnitId(std::string(core::CodeOf(t)) + std::to_string(s));
      u.station = st.id;
      u.org = owner;
      region.units.push_back(u);
    }
  }
  for (std::size_t k = 0; k < 50; ++k) {
    const core::UnitType t = k < 20   ? core::UnitType::kLadder
                             : k < 30 ? core::UnitType::kRescue
                                      : core::UnitType::kAmbulance;
    core::Unit u = kind_of(t);
    u.id = core::UnitId("x" + std::to_string(k));
    u.station = region.stations[k % 25].id;
    u.org = owner;
    region.units.push_back(u);
  }

  // A year of incidents at random road nodes, with a real center's mix of types.
  const std::vector<std::pair<const char*, double>> mix = {{"medical.emergency", 0.62},
                                                           {"fire.residential", 0.12},
                                                           {"traffic.accident", 0.12},
                                                           {"rescue.technical", 0.14}};
  std::vector<sim::SimIncident> incidents(n);
  const std::int64_t year_ms = 365LL * 86'400'000;
  std::uniform_real_distribution<double> unit01(0, 1);
  for (std::size_t i = 0; i < n; ++i) {
    sim::SimIncident& s = incidents[i];
    s.at = FromUnixMillis(1'767'225'600'000 +
                          static_cast<std::int64_t>(unit01(rng) * static_cast<double>(year_ms)));
    s.location = at[city[city_node(rng)]];
    double r = unit01(rng);
    s.type = mix.back().first;
    for (const auto& [type, share] : mix) {
      if (r < share) {
        s.type = type;
        break;
      }
      r -= share;
    }
    s.ref = std::to_string(i);
  }
  sim::Durations durations;  // the built-in defaults; the SF fit is for SF
  std::printf(
      "graph %s: %u nodes, prepared in %.1f s; city of %zu road nodes within 10 km; %zu "
      "incidents, %zu units, %zu stations\n",
      which.c_str(), nodes, prepare_s, city.size(), n, region.units.size(), region.stations.size());
  double baseline_s = 0;
  for (sim::Policy p :
       {sim::Policy::kClosestStation, sim::Policy::kRecommend, sim::Policy::kJoint}) {
    if (!only.empty() && only != sim::CodeOf(p)) continue;
    sim::SimOptions options;
    options.policy = p;
    options.seed = 7;
    const auto start = std::chrono::steady_clock::now();
    Result<sim::RunResult> run = sim::Simulate(region, *router, incidents, durations, options);
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!run.ok()) return Fail(run.status());
    if (p == sim::Policy::kClosestStation) baseline_s = secs;
    std::size_t served = 0;
    std::vector<double> response;
    for (const auto& o : run->incidents) {
      served += o.to_first_arrival ? 1U : 0U;
      if (o.to_first_arrival) response.push_back(static_cast<double>(o.to_first_arrival->count()));
    }
    std::sort(response.begin(), response.end());
    const double p50_min = response.empty() ? 0 : response[response.size() / 2] / 60'000;
    std::printf(
        "%-16s %6.2f s  %9.0f incidents/s  %8llu engine commands  served %zu (p50 %.1f min)  "
        "time vs closest_station %.2f\n",
        std::string(sim::CodeOf(p)).c_str(), secs, static_cast<double>(n) / secs,
        static_cast<unsigned long long>(run->commands), served, p50_min, secs / baseline_s);
  }
  return 0;
}
