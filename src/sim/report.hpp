#pragma once
// The report of a simulation: KPIs per policy side by side (report.json), one row per input
// incident with each policy's outcome (incidents.csv), and a self-contained HTML page with the
// charts (report.html: inline SVG, no script, nothing fetched). Byte-for-byte the same for the
// same runs: no wall-clock time, stable ordering, fixed number formatting.

#include "core/model.hpp"
#include "geo/graph.hpp"
#include "sim/scenario.hpp"
#include "sim/simulator.hpp"
#include "sim/sources.hpp"

#include <optional>
#include <string>
#include <vector>

namespace elink::sim {

// Percentiles of a response time over every incident counted, the unreached ones (no unit ever
// came) as infinitely late: p50_s / p90_s are +infinity when that many were never reached. The
// mean is over the reached ones only (`n`).
struct Percentiles {
  std::size_t n = 0;          // reached
  std::size_t unreached = 0;  // counted as infinitely late
  double p50_s = 0;
  double p90_s = 0;
  double mean_s = 0;
};

struct GroupKpi {
  std::string key;   // incident type code, district id or cell "lat,lon"
  std::string name;  // zh-CN name when known
  std::string name_en;
  Percentiles response;
  std::size_t within = 0;  // first unit within the standard
  std::size_t incidents = 0;
};

struct UnitKpi {
  std::string unit;
  std::string type;
  int responses = 0;
  double utilisation = 0;  // busy / span
  double busy_h = 0;
  double homebound_h = 0;
};

// Utilisation of one unit type: the mean busy share of its units, the busiest one's, and its
// responses. A report leads with the bottleneck (the busiest type), never a mean over types: boats
// and drones idling would hide ambulances running at 70 %.
struct UnitTypeKpi {
  std::string type;  // unit type code
  std::size_t units = 0;
  int responses = 0;
  double utilisation = 0;  // mean over its units of busy / span
  double busiest = 0;      // its busiest unit's busy / span
};

struct PolicyKpi {
  PolicySpec policy = Policy::kRecommend;
  std::size_t incidents = 0;  // of the input
  std::size_t refused = 0;    // refused by the engine
  std::size_t no_plan = 0;
  std::size_t unserved = 0;
  std::size_t waited = 0;
  std::size_t served = 0;   // a unit arrived
  std::size_t within = 0;   // first unit within its type's standard
  double within_share = 0;  // within / (incidents − refused − no_plan)
  Percentiles response;     // report → first unit on scene
  // The same with every unit free at its station (IncidentOutcome::bound_first_arrival), over
  // the same incidents: what no dispatch rule can beat; response − bound is what one can win.
  Percentiles bound;
  Percentiles to_dispatch;  // report → first dispatch
  std::size_t units_required = 0;
  std::size_t units_sent = 0;
  std::size_t incidents_short = 0;     // sent fewer units than the plan asks for
  std::vector<std::size_t> histogram;  // served incidents by whole minute of response, 0..60+
  std::vector<GroupKpi> by_type;
  std::vector<GroupKpi> by_district;
  std::vector<GroupKpi> cells;  // kCellDeg cells with at least 3 served incidents
  std::vector<UnitKpi> units;
  std::vector<UnitTypeKpi> by_unit_type;  // busiest first (the bottleneck)
  double mean_utilisation = 0;            // over every unit; reports lead with by_unit_type
  double span_h = 0;
  std::uint64_t commands = 0;
  std::uint64_t events = 0;
};

PolicyKpi Summarise(const RunResult& run, const Scenario& scenario, const core::Region& region);

struct ReportInput {
  const Scenario* scenario = nullptr;
  const core::Region* region = nullptr;
  const BuiltIncidents* built = nullptr;
  std::string durations_source;
  std::vector<RunResult> runs;  // one per policy, in the scenario's order
  // The region's roads, drawn under the maps of slow cells; none: the maps without roads.
  const geo::RoadGraph* roads = nullptr;
};

std::string ReportJson(const ReportInput& in, const std::vector<PolicyKpi>& kpis);
std::string IncidentsCsv(const ReportInput& in);
std::string ReportHtml(const ReportInput& in, const std::vector<PolicyKpi>& kpis, bool zh);

}  // namespace elink::sim
