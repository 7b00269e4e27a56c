// SPDX-License-Identifier: Apache-2.0
// Fuzzes the OSM import's XML path (geo/osm_import.hpp): the input is an .osm file.
// Invariants: ImportOsm returns roads or kInvalidArgument / kCorruption (the file is there, so
// never kIOError), never throws or crashes. Roads it returns are a consistent graph: one OSM id
// per node, edges to nodes that exist, coordinates and POI positions on the globe, names that
// exist, the report's counts equal to what was returned; the POIs' GeoJSON is JSON with one
// feature per POI and the report can be written.
#include "fuzz.hpp"
#include "geo/osm_import.hpp"

#include <nlohmann/json.hpp>

namespace elink::fuzz {

namespace {

bool OnGlobe(geo::LatLonE6 p) {
  return p.lat_e6 >= -90'000'000 && p.lat_e6 <= 90'000'000 && p.lon_e6 >= -180'000'000 &&
         p.lon_e6 <= 180'000'000;
}

}  // namespace

int OsmXmlOneInput(const std::uint8_t* data, std::size_t size) {
  static const ScratchDir dir("osm");
  const std::string path = (dir.path() / "in.osm").string();
  WriteBytes(path, AsText(data, size));
  auto roads = geo::ImportOsm(path);
  if (!roads.ok()) {
    const StatusCode code = roads.status().code();
    ELINK_FUZZ_CHECK(code == StatusCode::kInvalidArgument || code == StatusCode::kCorruption);
    return 0;
  }
  const geo::RoadGraph& g = roads->graph;
  ELINK_FUZZ_CHECK(g.node_count() > 0 && g.edge_count() > 0);  // "no drivable road" is an error
  ELINK_FUZZ_CHECK(roads->osm_node_ids.size() == g.node_count());
  ELINK_FUZZ_CHECK(g.has_coordinates());
  for (geo::NodeIndex u = 0; u < g.node_count(); ++u) {
    ELINK_FUZZ_CHECK(OnGlobe(g.Coordinate(u)));
    for (std::size_t e = g.EdgeBegin(u); e < g.EdgeEnd(u); ++e) {
      ELINK_FUZZ_CHECK(g.Target(e) < g.node_count());
      const geo::NameId name = g.Name(e);
      ELINK_FUZZ_CHECK(name == geo::kNoName || name < g.names().size());
    }
  }
  const geo::OsmImportReport& r = roads->report;
  ELINK_FUZZ_CHECK(r.graph_nodes == g.node_count() && r.graph_edges == g.edge_count());
  std::uint64_t pois = 0;
  for (const std::uint64_t n : r.pois) pois += n;
  ELINK_FUZZ_CHECK(pois == roads->pois.size());
  for (const geo::Poi& p : roads->pois) ELINK_FUZZ_CHECK(OnGlobe(p.position));
  const auto geojson = nlohmann::json::parse(geo::PoisToGeoJson(roads->pois), nullptr, false);
  ELINK_FUZZ_CHECK(!geojson.is_discarded());
  ELINK_FUZZ_CHECK(geojson["features"].size() == roads->pois.size());
  ELINK_FUZZ_CHECK(!geo::FormatReport(r).empty());
  return 0;
}

}  // namespace elink::fuzz

#ifdef ELINK_FUZZ_MAIN
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return elink::fuzz::OsmXmlOneInput(data, size);
}
#endif
