#pragma once
// `elink validate-travel`: loads a road graph, an SF Fire Department call log and the fire
// stations, compares the graph's drive times with the real drives (sim::CheckTravelTimes), prints
// the summary or the JSON report and writes report.json, report.html and pairs.csv
// (docs/travel-validation.md).

#include "sim/travel_check.hpp"
#include "util/status.hpp"

#include <cstddef>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>

namespace elink::app {

struct ValidateTravelOptions {
  std::string graph;     // graph file written by import-osm
  std::string calls;     // SF Fire Department CSV
  std::string stations;  // GeoJSON
  std::string out_dir;   // when set: report.json, report.html and pairs.csv written there
  bool json = false;     // print the JSON report instead of the summary
  bool chinese = true;
  sim::TravelCheckOptions check;
  std::function<void(std::string_view stage, std::size_t done, std::size_t total)> progress;
};

// Loads the three files, checks, prints and writes. Codes of the loaders (kIOError for a file
// that cannot be read, kCorruption for a damaged graph, kInvalidArgument for a bad file), and
// kIOError when the output directory cannot be written.
Status RunValidateTravel(const ValidateTravelOptions& options, std::ostream& out);

}  // namespace elink::app
