#pragma once
// Sources of a simulation's incidents: a replayed call log, a generator fitted from one (Poisson
// by grid cell and hour of day), and a drill's script. Also fits the step-time distributions of
// scenario.hpp from a real log.

#include "sim/calls.hpp"
#include "sim/scenario.hpp"
#include "util/status.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace elink::sim {

// Calls as simulation incidents (level IV; the SF log has no level), with their priority.
// `real_processing`: each keeps its real call processing (received → first dispatch) when the
// log has it, instead of a drawn one (a replay that checks the simulator against the log).
std::vector<SimIncident> FromCalls(const std::vector<Call>& calls, bool real_processing = false);

// Rates of a call log by cell of `kCellDeg` degrees and hour of day (UTC), with the log's own
// calls of each cell to draw places and types from.
inline constexpr double kCellDeg = 0.005;
struct CallRates {
  struct Cell {
    double per_hour[24] = {};          // calls per hour at that hour of day
    std::vector<std::uint32_t> calls;  // indices into `calls`
  };
  std::map<std::pair<std::int32_t, std::int32_t>, Cell> cells;
  std::vector<SimIncident> calls;
  double days = 0;  // span of the log
  [[nodiscard]] double PerDay() const;
};
// kInvalidArgument when the log has no call.
Result<CallRates> FitRates(const std::vector<Call>& calls);

// Draws incidents for [start, start + hours): in each hour and cell a Poisson number with the
// cell's rate at that hour × scale, each at a uniformly drawn minute, at the place and of the
// type of one of the cell's real calls. Deterministic for a seed.
std::vector<SimIncident> Generate(const CallRates& rates, TimePoint start, double hours,
                                  double scale, std::uint64_t seed);

// Every incident of the scenario, by time: its call logs, generator and script, cut to
// [start, start + hours). `reports` receives each log's import report.
struct BuiltIncidents {
  std::vector<SimIncident> incidents;
  TimePoint start{};
  std::vector<ImportReport> imports;
  std::size_t before_start = 0;  // incidents of the logs left out by the window
  std::size_t after_end = 0;
  std::size_t outside_region = 0;  // left out by KeepInside
};
Result<BuiltIncidents> BuildIncidents(const Scenario& scenario);

// Leaves out (and counts) incidents outside every grid of the region: a city-wide log replayed
// on a region that covers part of the city. A region without grids keeps everything.
void KeepInside(BuiltIncidents& built, const std::vector<core::Grid>& grids);

// Step times per incident type fitted from the SF log's unit responses: call processing
// (received → first dispatch), turnout (dispatch → en route) and on scene (on scene →
// available), as medians and 90th percentiles; and turnout by unit type (SF Unit Type mapped as
// in roster.hpp). Types with fewer than `min_samples` keep the all-types figure (unit types with
// fewer are left out: the incident type's turnout applies to them). kInvalidArgument when the log
// has no complete response.
Result<Durations> FitDurations(const CallLog& log, std::size_t min_samples = 30);

}  // namespace elink::sim
