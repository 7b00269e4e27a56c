#pragma once
// The simulation commands of the `elink` binary: `simulate` runs a scenario on a region over its
// road graph with each of the scenario's policies and writes the report (report.json,
// incidents.csv, report.html, report.en.html); `fit-durations` fits the step times of a
// scenario from a real SF call log.

#include "app/i18n.hpp"
#include "app/routing_cli.hpp"
#include "sim/scenario.hpp"
#include "util/status.hpp"

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

namespace elink::app {

struct SimulateOptions {
  std::string config;    // region configuration directory
  std::string graph;     // road graph file (import-osm)
  std::string scenario;  // scenario TOML
  std::string out;       // report directory (created)
  double max_snap_m = 300;
  // Seeds per policy: the scenario's seed and the next ones. The report is the first seed's; over
  // several, the spread per policy and the comparison with closest_station go to seeds.json and
  // the summary printed.
  int seeds = 1;
  // Optional: replace the region's units by the roster of the units that answered this SF log's
  // calls inside the region (sim/roster.hpp), with the SF stations GeoJSON for units whose station
  // is not in the region: the real week against the units that really ran it.
  std::string roster_calls;
  std::string roster_stations;
  // Optional: × the generator's fitted rates, in place of the scenario's [generator] scale (the
  // same stream at 1×, 1.5×, 2× without a file each); refused for a scenario without a generator.
  std::optional<double> rate;
  ProgressFn progress;
};

// Prints a summary per policy in `lang`. Loader codes (file, line, field) for a bad region,
// graph or scenario; kIOError when the report cannot be written.
Status RunSimulate(const SimulateOptions& options, Lang lang, std::ostream& out);

// Scores the exercise incidents of a center against the plans (sim::ScoreDrill): a table in
// `lang`, or JSON. Center::Open's codes.
Status RunDrillReport(const std::string& db, bool json, Lang lang, std::ostream& out);

// Writes the fitted durations as TOML to `output` (or `out` when empty).
// Drive modes are not in a call log: they come from `elink validate-travel`'s fit and are
// written into the file as given (sim/scenario.hpp DriveMode).
Status RunFitDurations(const std::string& calls, const std::string& output, std::ostream& out,
                       const sim::DriveMode& emergency = {},
                       const sim::DriveMode& non_emergency = {});

struct ValidateSimOptions {
  std::string config;  // region configuration directory
  std::string graph;   // road graph file (import-osm)
  std::string calls;   // SF Fire Department CSV (plain or .gz)
  std::string
      stations;  // optional: SF fire stations GeoJSON, for units of stations not in the region
  std::string durations;   // optional: step times (default: as `simulate` finds them)
  std::string roster_out;  // optional: write the roster built from the calls as units.toml
  std::uint64_t seed = 2017;
  bool non_emergency_ambulance = false;  // SimOptions::non_emergency_ambulance
  double max_snap_m = 300;
  ProgressFn progress;
};

// Replays the log's calls inside the region with the closest-station policy and the roster of
// the units that answered them (sim/roster.hpp), each call keeping its real call processing,
// and prints simulated against real first unit on scene by priority (sim/validate_sim.hpp).
// Codes of the loaders; kInvalidArgument when no unit of the log can be placed.
Status RunValidateSim(const ValidateSimOptions& options, Lang lang, std::ostream& out);

}  // namespace elink::app
