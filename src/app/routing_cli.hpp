#pragma once
// The routing commands of the `elink` binary: import an OpenStreetMap extract into a graph file
// (import-osm), and answer route / matrix / isochrone questions from such a file. Output is JSON
// or GeoJSON on the given stream; progress goes to the progress callback.

#include "app/i18n.hpp"
#include "geo/router.hpp"
#include "util/status.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace elink::app {

using ProgressFn =
    std::function<void(std::string_view stage, std::uint64_t done, std::uint64_t total)>;

struct ImportOsmOptions {
  std::string input;   // .osm.pbf / .osm / .osm.gz / .osm.bz2
  std::string output;  // graph file to write
  std::string pois;    // GeoJSON file for the points of interest; empty: not written
  // The vehicle class whose access tags are read (geo::ParseVehicleClass): "motorcar" or "hgv".
  std::string vehicle = "motorcar";
  ProgressFn progress;
};

// Imports for the vehicle class, contracts and writes the graph file, which records the class in
// its profile ("emergency-motorcar"); prints a summary in `lang` and the detailed import report.
// kInvalidArgument at "--vehicle" for an unknown class (nothing read or written); codes of
// geo::ImportOsm and geo::WriteGraphFile.
Status RunImportOsm(const ImportOsmOptions& options, Lang lang, std::ostream& out);

// Loads a graph file written by import-osm and makes a router of it. Codes of
// geo::ReadGraphFile; kFailedPrecondition when the file has no hierarchy.
Result<std::shared_ptr<const geo::Router>> LoadRouter(const std::string& graph_file,
                                                      double max_snap_m);

// "lat,lon" (decimal degrees). kInvalidArgument naming `field` otherwise.
Result<geo::Position> ParsePosition(std::string_view text, const std::string& field);
// "lat,lon;lat,lon;..." or, when `text` starts with '@', a file with one "lat,lon" per line
// ('#' comments and blank lines skipped). At most `max_points`.
Result<std::vector<geo::Position>> ParsePositions(std::string_view text, const std::string& field,
                                                  std::size_t max_points);

enum class OutputFormat { kJson, kGeoJson, kText };

// One route: JSON {seconds, distance_m, from/to snaps}, GeoJSON Feature, or a line of text.
Status RunRoute(const geo::Router& router, geo::Position from, geo::Position to,
                OutputFormat format, Lang lang, std::ostream& out);
// Travel times in seconds, JSON {"from": [...], "to": [...], "seconds": [[...]]}, null where
// no route exists; or CSV text.
Status RunMatrix(const geo::Router& router, const std::vector<geo::Position>& from,
                 const std::vector<geo::Position>& to, OutputFormat format, std::ostream& out);
// The area reachable within `minutes`, as a GeoJSON Feature (MultiPolygon).
Status RunIsochrone(const geo::Router& router, geo::Position at, double minutes, double cell_m,
                    std::ostream& out);

}  // namespace elink::app
