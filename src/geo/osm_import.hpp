#pragma once
// OpenStreetMap import: ImportOsm reads an OSM extract (PBF or XML, plain, gzip or bzip2) and
// builds the RoadGraph an emergency vehicle drives on (one-ways, access, barriers and turn
// restrictions applied, largest strongly connected component kept), the emergency POIs (fire
// stations, hospitals, police, shelters) and a report of what was used and what was left out.
// Profile rules and their reasons: docs/osm-import.md.

#include "geo/graph.hpp"
#include "geo/vehicle_class.hpp"
#include "util/status.hpp"

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace elink::geo {

// How an emergency vehicle (fire engine, ambulance, police car) uses the roads. The defaults are
// first guesses, to be calibrated against real response times; docs/osm-import.md explains each.
struct OsmProfile {
  std::string name = "emergency";
  // Whose access tags are read: motorcar (ambulance, patrol car) or hgv (fire engine), each under
  // access → vehicle → motor_vehicle, and emergency=* above them all. One graph per class.
  VehicleClass vehicle = VehicleClass::kMotorcar;
  // Travel speed in km/h per RoadClass (indexed by its value) when a road has no usable
  // maxspeed. kUnknown is unused.
  std::array<double, kRoadClassCount> speed_kmh = {
      0,   // unknown
      90,  // motorway
      70,  // trunk
      55,  // primary
      45,  // secondary
      40,  // tertiary
      30,  // unclassified
      25,  // residential
      15,  // service
      10,  // living_street
      10,  // track
      20,  // other (highway=road)
  };
  // motorway_link … tertiary_link keep their parent's class and drive at this fraction of it.
  double link_factor = 0.7;
  // footway/path/cycleway/pedestrian opened by emergency=yes|designated (or motor_vehicle /
  // vehicle = yes|designated) become RoadClass::kOther at this speed.
  double opened_path_speed_kmh = 10;
  // A usable maxspeed replaces the class speed but is capped at class speed × this factor, so a
  // wrong or rural maxspeed cannot turn a residential street into a highway.
  double maxspeed_cap_factor = 1.5;
  // Every edge speed is clamped into [min_speed_kmh, vehicle_max_speed_kmh] (fire engines are
  // governed at about 110 km/h).
  double min_speed_kmh = 5;
  double vehicle_max_speed_kmh = 110;
  // Real drives are slower than the roads' speeds: intersections, turns, traffic, finding the
  // address. Every speed above is divided by this after clamping. 1.41 is the factor that best
  // matched 517 real San Francisco first-due drives (docs/travel-validation.md, `elink
  // validate-travel`): it took the median error on held-out calls from 53 s to 38 s.
  double drive_time_factor = 1.41;
  // Roads taken only when the call is on them or there is no other way: the time on them is
  // multiplied by these factors after calibration, so a route prefers a street to a farm track or
  // a car park of the same length. The predicted drive along them is that much longer too.
  double track_penalty = 2.0;          // highway=track, unless tracktype=grade1
  double track_grade1_penalty = 1.25;  // highway=track + tracktype=grade1 (paved or solid)
  double service_penalty = 1.25;       // highway=service
  double minor_service_penalty = 2.0;  // service=driveway|parking_aisle|drive-through
  // barrier=height_restrictor blocks unless its maxheight is at least this (fire engine ≈ 3.5 m).
  double vehicle_height_m = 3.5;
  // oneway:psv=no (contraflow bus lanes) opens the other direction for us too. Off: emergency
  // vehicles are not public service vehicles, and routes should not assume a bus lane.
  bool use_psv_contraflow = false;
};

enum class PoiKind : std::uint8_t { kFireStation, kHospital, kPolice, kShelter };
// "fire_station", "hospital", "police", "shelter".
const char* PoiKindName(PoiKind kind);

struct Poi {
  PoiKind kind = PoiKind::kFireStation;
  std::string name;     // name=*
  std::string name_en;  // name:en=*
  std::string name_zh;  // name:zh=*
  LatLonE6 position;    // the node, or the mean of a way's node locations
  std::int64_t osm_id = 0;
  char osm_type = 'n';  // 'n' node, 'w' way
};

// What the import read, used and left out. Counts are of OSM objects unless named otherwise.
struct OsmImportReport {
  std::uint64_t bytes = 0;  // file size
  std::uint64_t nodes_read = 0;
  std::uint64_t ways_read = 0;
  std::uint64_t relations_read = 0;

  // Ways.
  std::uint64_t highway_ways = 0;        // ways with a highway tag
  std::uint64_t drivable_ways = 0;       // used for the graph
  std::uint64_t oneway_ways = 0;         // used, drivable in one direction only
  std::uint64_t reversible_ways = 0;     // oneway=reversible|alternating, used as two-way
  std::uint64_t oneway_exempt_ways = 0;  // one-way for others, two-way for us (oneway:emergency=no)
  std::uint64_t area_highways = 0;       // highway with area=yes, not a road
  std::uint64_t ways_refused_by_access = 0;
  std::map<std::string, std::uint64_t> refused_by_tag;  // "motor_vehicle=no", "hgv=no" → ways
  std::uint64_t ways_opened_by_emergency = 0;  // closed to others, open by emergency=yes|designated
  // footway etc. with motorcar|hgv / motor_vehicle / vehicle = yes|designated
  std::uint64_t paths_opened_by_vehicle_access = 0;
  // Ways whose own class key (motorcar=*, hgv=*) decided their access against a less specific
  // tag that said otherwise ("motor_vehicle=no + motorcar=yes" opened, "hgv=no" closed).
  std::uint64_t ways_opened_by_class_tag = 0;
  std::uint64_t ways_closed_by_class_tag = 0;
  std::uint64_t penalised_ways = 0;     // tracks and service roads used at a penalty
  std::uint64_t maxspeed_used = 0;      // way directions whose speed came from maxspeed
  std::uint64_t maxspeed_unusable = 0;  // way directions with a maxspeed we could not use

  // Nodes.
  std::uint64_t blocking_barriers = 0;  // barrier nodes on roads that block passage
  std::uint64_t barriers_opened = 0;    // blocking kinds that the node's access tags open for us
  std::uint64_t segments_missing_node = 0;     // way segments dropped: a node is not in the file
  std::uint64_t missing_nodes = 0;             // distinct node ids referenced by roads but absent
  std::uint64_t invalid_coordinate_nodes = 0;  // nodes out of range, not used by any road

  // Turn restrictions (type=restriction relations that concern us).
  std::uint64_t restrictions_read = 0;
  std::uint64_t restrictions_applied = 0;
  std::map<std::string, std::uint64_t> restrictions_skipped;  // reason → relations
  std::uint64_t via_nodes_split = 0;
  std::uint64_t node_copies = 0;  // graph nodes added by barrier and restriction splitting

  // Components (on the graph after splitting).
  std::uint64_t components = 0;  // strongly connected components
  std::uint64_t nodes_before_components = 0;
  std::uint64_t edges_before_components = 0;
  std::uint64_t nodes_dropped = 0;  // outside the largest component
  std::uint64_t edges_dropped = 0;

  // Result.
  std::uint64_t graph_nodes = 0;
  std::uint64_t graph_edges = 0;
  std::uint64_t street_names = 0;
  std::array<std::uint64_t, 4> pois = {};   // by PoiKind
  std::uint64_t poi_relations_skipped = 0;  // multipolygon POIs, not supported
  std::uint64_t poi_ways_without_location = 0;
};

struct OsmImportOptions {
  OsmProfile profile;
  // Called with ("reading", bytes read, file size) after each block, then ("restrictions", done,
  // total) and ("components", nodes done, total). May be empty. Called on the caller's thread.
  std::function<void(std::string_view stage, std::uint64_t done, std::uint64_t total)> progress;
};

struct ImportedRoads {
  // Coordinates, RoadClass and street names (from name=*) on every edge; times in deciseconds.
  RoadGraph graph;
  // Graph node → OSM node id. Split nodes (barriers, turn restrictions) share their OSM id.
  std::vector<std::int64_t> osm_node_ids;
  std::vector<Poi> pois;
  OsmImportReport report;
};

// Reads `path` (.osm.pbf / .pbf / .osm / .osm.gz / .osm.bz2; the format comes from the name) and
// builds the graph for `options.profile`. Nodes must precede the ways that use them (as in every
// standard extract). Never throws. Returns:
//   kIOError          the file is missing, not a regular file or unreadable;
//   kInvalidArgument  unsupported file name, no drivable road in the file, or a road uses a node
//                     whose coordinates are invalid (out of range or unparseable; the field
//                     names the node when known);
//   kCorruption       the file is truncated or damaged (the library's message is included).
// Thread-safe: no shared state (the OSM library uses its own worker threads while reading).
Result<ImportedRoads> ImportOsm(const std::string& path, const OsmImportOptions& options = {});

// GeoJSON FeatureCollection of Point features; properties kind, name, name_en, name_zh (empty
// strings when absent), osm_id and osm_type ("node" / "way").
std::string PoisToGeoJson(const std::vector<Poi>& pois);

// The report as English lines, one fact per line, for a planner reading the import log.
std::string FormatReport(const OsmImportReport& report);

}  // namespace elink::geo
