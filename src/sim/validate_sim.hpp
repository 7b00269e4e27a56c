#pragma once
// The simulator checked against reality: on the same calls of a real log, the simulated first
// unit on scene against the real one, from the call received and from the first dispatch, at
// the median and 90th percentile, by priority (`elink validate-sim`, bench/README.md).

#include "sim/calls.hpp"
#include "sim/scenario.hpp"
#include "sim/simulator.hpp"

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace elink::sim {

// p-th quantile by the nearest rank below: sorted[min(n − 1, floor(q × n))], the rule of
// fit-durations; nullopt for no value.
std::optional<double> Quantile(std::vector<double> values, double q);

struct FirstUnitRow {
  std::string label;      // "priority 3", "priority 2", "all"
  std::size_t calls = 0;  // calls compared: a real and a simulated first arrival
  // Minutes; received → first on scene, and first dispatch → first on scene.
  double real_p50 = 0, real_p90 = 0, sim_p50 = 0, sim_p90 = 0;
  double real_dispatch_p50 = 0, real_dispatch_p90 = 0, sim_dispatch_p50 = 0, sim_dispatch_p90 = 0;
};

struct FirstUnitComparison {
  std::vector<FirstUnitRow> rows;  // by priority, highest first, then "all"
  std::size_t calls = 0;           // calls of the log given
  // Calls left out of the table, by why: "no real arrival" (every unit cancelled on the way or
  // no time), "not simulated" (not in the run), "no simulated arrival" (unserved or refused),
  // "real times out of order" (on scene before received or dispatched, or over a day).
  std::map<std::string, std::size_t> left_out;
};

// Pairs each call with the run's incident of the same ref (SimIncident::ref = Call::source_id).
FirstUnitComparison CompareFirstUnit(const std::vector<Call>& calls,
                                     const std::vector<SimIncident>& incidents,
                                     const RunResult& run);

// The table as text, minutes with one decimal, sim ÷ real as a percentage difference.
std::string FormatComparison(const FirstUnitComparison& c);

}  // namespace elink::sim
