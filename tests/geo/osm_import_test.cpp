// SPDX-License-Identifier: Apache-2.0
// OSM import: hand-drawn scenarios (tests/geo/data/osm/*.osm, each with its map and the expected
// routes in a comment) checked by Dijkstra routes and hand-computed times; every input format;
// bad and hostile files; the real extracts in data/roads (a missing one fails).
#include "geo/osm_import.hpp"

#include "geo/dijkstra.hpp"
#include "geo/internal/osm_graph.hpp"
#include "geo/internal/osm_tags.hpp"
#include "support/data_files.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <osmium/builder/attr.hpp>
#include <osmium/io/bzip2_compression.hpp>
#include <osmium/io/gzip_compression.hpp>
#include <osmium/io/pbf_input.hpp>
#include <osmium/io/pbf_output.hpp>
#include <osmium/io/reader.hpp>
#include <osmium/io/writer.hpp>
#include <osmium/io/xml_input.hpp>
#include <osmium/io/xml_output.hpp>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

namespace elink::geo {
namespace {

namespace fs = std::filesystem;

const std::string kData = ELINK_SOURCE_DIR "/tests/geo/data/osm/";
const std::string kRoads = elink::testing::DataPath("roads");

// Per-test scratch directory.
class OsmTempDir {
 public:
  OsmTempDir()
      : dir_(fs::temp_directory_path() /
             ("elink_osm_" + std::to_string(::getpid()) + "_" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name())) {
    fs::create_directories(dir_);
  }
  ~OsmTempDir() { fs::remove_all(dir_); }
  OsmTempDir(const OsmTempDir&) = delete;
  OsmTempDir& operator=(const OsmTempDir&) = delete;

  [[nodiscard]] std::string Path(const std::string& name) const { return (dir_ / name).string(); }
  std::string Write(const std::string& name, const std::string& bytes) const {
    std::ofstream(Path(name), std::ios::binary) << bytes;
    return Path(name);
  }

 private:
  fs::path dir_;
};

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Copies an OSM file into another format chosen by the name (.osm.pbf, .osm.gz, .osm.bz2).
void Convert(const std::string& from, const std::string& to) {
  osmium::io::Reader reader(from);
  osmium::io::Header header = reader.header();
  osmium::io::Writer writer(to, header, osmium::io::overwrite::allow);
  while (osmium::memory::Buffer buffer = reader.read()) writer(std::move(buffer));
  writer.close();
  reader.close();
}

// The tag rules are checked against free-flow times (no drive-time calibration), so that expected
// times can be worked out from the class speeds by hand.
OsmProfile FreeFlowProfile() {
  OsmProfile p;
  p.drive_time_factor = 1;
  return p;
}
OsmImportOptions FreeFlow() {
  OsmImportOptions o;
  o.profile = FreeFlowProfile();
  return o;
}

ImportedRoads Load(const std::string& path) {
  Result<ImportedRoads> r = ImportOsm(path, FreeFlow());
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  if (!r.ok()) return {};
  return std::move(r).value();
}

// The one graph node of an OSM node; kNoNode when there is none or it was split.
NodeIndex NodeOf(const ImportedRoads& r, std::int64_t osm_id) {
  NodeIndex found = kNoNode;
  for (NodeIndex u = 0; u < r.osm_node_ids.size(); ++u) {
    if (r.osm_node_ids[u] != osm_id) continue;
    if (found != kNoNode) return kNoNode;
    found = u;
  }
  return found;
}

std::size_t CopiesOf(const ImportedRoads& r, std::int64_t osm_id) {
  return static_cast<std::size_t>(std::count(r.osm_node_ids.begin(), r.osm_node_ids.end(), osm_id));
}

struct OsmRoute {
  Distance time = kUnreachable;
  std::vector<std::int64_t> osm;  // OSM ids along the route
};

// Shortest route between two unsplit OSM nodes; time kUnreachable when there is none.
OsmRoute RouteOf(const ImportedRoads& r, std::int64_t from, std::int64_t to) {
  const NodeIndex s = NodeOf(r, from);
  const NodeIndex t = NodeOf(r, to);
  EXPECT_NE(s, kNoNode) << "OSM node " << from;
  EXPECT_NE(t, kNoNode) << "OSM node " << to;
  OsmRoute out;
  if (s == kNoNode || t == kNoNode) return out;
  const Result<Route> route = DijkstraRoute(r.graph, s, t);
  if (!route.ok()) return out;
  out.time = route->time;
  for (const NodeIndex u : route->nodes) out.osm.push_back(r.osm_node_ids[u]);
  return out;
}

using Ids = std::vector<std::int64_t>;

// Times of every graph edge from a copy of OSM node a to a copy of OSM node b.
std::vector<Weight> EdgeTimes(const ImportedRoads& r, std::int64_t a, std::int64_t b) {
  std::vector<Weight> times;
  for (NodeIndex u = 0; u < r.graph.node_count(); ++u) {
    if (r.osm_node_ids[u] != a) continue;
    for (std::size_t e = r.graph.EdgeBegin(u); e < r.graph.EdgeEnd(u); ++e) {
      if (r.osm_node_ids[r.graph.Target(e)] == b) times.push_back(r.graph.Time(e));
    }
  }
  return times;
}

// Every edge as (from OSM id, to OSM id, time, length, class, name), sorted: two imports of the
// same data give the same list whatever the node numbering.
using EdgeKey = std::tuple<std::int64_t, std::int64_t, Weight, std::uint32_t, int, std::string>;
std::vector<EdgeKey> EdgeList(const ImportedRoads& r) {
  std::vector<EdgeKey> edges;
  for (NodeIndex u = 0; u < r.graph.node_count(); ++u) {
    for (std::size_t e = r.graph.EdgeBegin(u); e < r.graph.EdgeEnd(u); ++e) {
      const NameId name = r.graph.Name(e);
      edges.emplace_back(r.osm_node_ids[u], r.osm_node_ids[r.graph.Target(e)], r.graph.Time(e),
                         r.graph.LengthM(e), static_cast<int>(r.graph.Class(e)),
                         name == kNoName ? std::string() : r.graph.names()[name]);
    }
  }
  std::sort(edges.begin(), edges.end());
  return edges;
}

std::uint64_t SkippedTotal(const OsmImportReport& report) {
  std::uint64_t n = 0;
  for (const auto& [reason, count] : report.restrictions_skipped) n += count;
  return n;
}

// The whole graph is one strongly connected component (the import's promise), checked with the
// Dijkstra oracle from node 0 on the graph and on its reverse.
void ExpectStronglyConnected(const ImportedRoads& r) {
  const RoadGraph& g = r.graph;
  ASSERT_GT(g.node_count(), 0U);
  const std::vector<Distance> forward = DijkstraAll(g, 0).value();
  EXPECT_EQ(std::count(forward.begin(), forward.end(), kUnreachable), 0);
  RoadGraphBuilder reverse(g.node_count());
  for (NodeIndex u = 0; u < g.node_count(); ++u) {
    for (std::size_t e = g.EdgeBegin(u); e < g.EdgeEnd(u); ++e) {
      reverse.AddEdge({g.Target(e), u, g.Time(e), 0});
    }
  }
  const RoadGraph rg = std::move(reverse).Build().value();
  const std::vector<Distance> backward = DijkstraAll(rg, 0).value();
  EXPECT_EQ(std::count(backward.begin(), backward.end(), kUnreachable), 0);
}

// Scenario times (see the comments in the .osm files): 0.001 degrees on the equator is
// 111.195 m; ds = round(m × 36 / km/h).
constexpr Distance kResidential = 160;  // 25 km/h
constexpr Distance kPrimary = 73;       // 55 km/h
constexpr Distance kPrimary2 = 146;     // 222.39 m at 55 km/h

TEST(OsmImport, OneWayRules) {
  const ImportedRoads r = Load(kData + "oneway.osm");
  EXPECT_EQ(RouteOf(r, 1, 2).osm, (Ids{1, 2}));
  EXPECT_EQ(RouteOf(r, 2, 1).osm, (Ids{2, 5, 4, 1}));
  EXPECT_EQ(RouteOf(r, 3, 2).osm, (Ids{3, 2}));        // oneway=-1 runs C to B
  EXPECT_EQ(RouteOf(r, 2, 3).osm, (Ids{2, 5, 6, 3}));  // 14 two-way for us, 15 motorway oneway=no
  EXPECT_EQ(RouteOf(r, 6, 5).osm, (Ids{6, 5}));        // oneway:emergency=no
  EXPECT_EQ(RouteOf(r, 5, 7).osm, (Ids{5, 7}));        // motorway: implied one-way
  EXPECT_EQ(RouteOf(r, 7, 5).osm, (Ids{7, 6, 5}));
  EXPECT_EQ(RouteOf(r, 3, 6).osm, (Ids{3, 6}));
  EXPECT_TRUE(EdgeTimes(r, 2, 1).empty());
  EXPECT_TRUE(EdgeTimes(r, 2, 3).empty());
  EXPECT_TRUE(EdgeTimes(r, 7, 5).empty());
  EXPECT_EQ(r.report.drivable_ways, 8U);
  EXPECT_EQ(r.report.oneway_ways, 3U);  // 10, 11, 16
  EXPECT_EQ(r.report.oneway_exempt_ways, 1U);
  EXPECT_EQ(r.graph.node_count(), 7U);
  EXPECT_EQ(r.graph.edge_count(), 15U);
}

TEST(OsmImport, Roundabout) {
  const ImportedRoads r = Load(kData + "roundabout.osm");
  EXPECT_EQ(RouteOf(r, 5, 6).osm, (Ids{5, 1, 4, 3, 6}));
  EXPECT_EQ(RouteOf(r, 6, 5).osm, (Ids{6, 3, 2, 1, 5}));
  EXPECT_EQ(RouteOf(r, 1, 2).osm, (Ids{1, 4, 3, 2}));
  EXPECT_EQ(r.report.oneway_ways, 1U);
  const NodeIndex w = NodeOf(r, 1);
  ASSERT_NE(w, kNoNode);
  for (std::size_t e = r.graph.EdgeBegin(w); e < r.graph.EdgeEnd(w); ++e) {
    if (r.osm_node_ids[r.graph.Target(e)] == 4) {
      EXPECT_EQ(r.graph.Class(e), RoadClass::kTertiary);
      ASSERT_NE(r.graph.Name(e), kNoName);
      EXPECT_EQ(r.graph.names()[r.graph.Name(e)], "Ring");
    }
  }
}

TEST(OsmImport, AccessTags) {
  const ImportedRoads r = Load(kData + "access.osm");
  EXPECT_EQ(RouteOf(r, 1, 2).osm, (Ids{1, 11, 12, 2}));  // access=no
  EXPECT_EQ(RouteOf(r, 1, 2).time, 3 * kResidential);
  EXPECT_EQ(RouteOf(r, 2, 3).osm, (Ids{2, 3}));  // access=no + emergency=yes
  EXPECT_EQ(RouteOf(r, 2, 3).time, kResidential);
  EXPECT_EQ(RouteOf(r, 3, 4).osm, (Ids{3, 4}));  // motor_vehicle=no + emergency=designated
  EXPECT_EQ(RouteOf(r, 4, 5).osm, (Ids{4, 5}));  // access=private
  EXPECT_EQ(r.report.ways_refused_by_access, 1U);
  EXPECT_EQ(r.report.refused_by_tag, (std::map<std::string, std::uint64_t>{{"access=no", 1}}));
  EXPECT_EQ(r.report.ways_opened_by_emergency, 2U);
}

ImportedRoads LoadFor(const std::string& path, VehicleClass vehicle) {
  OsmImportOptions o = FreeFlow();
  o.profile.vehicle = vehicle;
  Result<ImportedRoads> r = ImportOsm(path, o);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  if (!r.ok()) return {};
  return std::move(r).value();
}

// access_classes.osm: each shortcut open or closed per class; closed ones go round (3 segments).
TEST(OsmImport, AccessPerVehicleClass) {
  const ImportedRoads car = LoadFor(kData + "access_classes.osm", VehicleClass::kMotorcar);
  const ImportedRoads hgv = LoadFor(kData + "access_classes.osm", VehicleClass::kHgv);
  constexpr Distance kRound = 3 * kResidential;
  // 30: the main road with motor_vehicle=no + motorcar=yes.
  EXPECT_EQ(RouteOf(car, 1, 2).osm, (Ids{1, 2}));
  EXPECT_EQ(RouteOf(car, 1, 2).time, kPrimary);
  EXPECT_EQ(RouteOf(hgv, 1, 2).osm, (Ids{1, 11, 12, 2}));
  EXPECT_EQ(RouteOf(hgv, 1, 2).time, kRound);
  // 31: hgv=no closes to fire engines only.
  EXPECT_EQ(RouteOf(car, 2, 3).time, kResidential);
  EXPECT_EQ(RouteOf(hgv, 2, 3).osm, (Ids{2, 12, 13, 3}));
  // 32: access=no + emergency=yes opens to both.
  EXPECT_EQ(RouteOf(car, 3, 4).osm, (Ids{3, 4}));
  EXPECT_EQ(RouteOf(hgv, 3, 4).osm, (Ids{3, 4}));
  // 33: psv=yes on access=no opens to buses, not to us.
  EXPECT_EQ(RouteOf(car, 4, 5).osm, (Ids{4, 14, 15, 5}));
  EXPECT_EQ(RouteOf(hgv, 4, 5).osm, (Ids{4, 14, 15, 5}));
  // 34: vehicle=no + motor_vehicle=yes opens to both.
  EXPECT_EQ(RouteOf(car, 5, 6).time, kResidential);
  EXPECT_EQ(RouteOf(hgv, 5, 6).time, kResidential);
  // 35: access=no + hgv=designated: a truck route, closed to cars.
  EXPECT_EQ(RouteOf(car, 6, 7).osm, (Ids{6, 16, 17, 7}));
  EXPECT_EQ(RouteOf(hgv, 6, 7).osm, (Ids{6, 7}));

  EXPECT_EQ(car.report.refused_by_tag, (std::map<std::string, std::uint64_t>{{"access=no", 2}}));
  EXPECT_EQ(hgv.report.refused_by_tag,
            (std::map<std::string, std::uint64_t>{
                {"access=no", 1}, {"hgv=no", 1}, {"motor_vehicle=no", 1}}));
  EXPECT_EQ(car.report.ways_opened_by_class_tag, 1U);  // 30
  EXPECT_EQ(car.report.ways_closed_by_class_tag, 0U);
  EXPECT_EQ(hgv.report.ways_opened_by_class_tag, 1U);  // 35
  EXPECT_EQ(hgv.report.ways_closed_by_class_tag, 1U);  // 31
  EXPECT_EQ(car.report.ways_opened_by_emergency, 1U);
  EXPECT_EQ(hgv.report.ways_opened_by_emergency, 1U);
  // Every format reads the same.
  const OsmTempDir tmp;
  Convert(kData + "access_classes.osm", tmp.Path("a.osm.pbf"));
  EXPECT_EQ(EdgeList(LoadFor(tmp.Path("a.osm.pbf"), VehicleClass::kHgv)), EdgeList(hgv));
}

// penalties.osm: residential, track and service at one class speed; the penalties choose.
TEST(OsmImport, TracksAndServiceRoadsArePenalised) {
  OsmImportOptions o = FreeFlow();
  for (const RoadClass c : {RoadClass::kResidential, RoadClass::kTrack, RoadClass::kService}) {
    o.profile.speed_kmh[static_cast<std::size_t>(c)] = 25;
  }
  const Result<ImportedRoads> r = ImportOsm(kData + "penalties.osm", o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const std::vector<Weight> street = EdgeTimes(*r, 1, 13);
  const std::vector<Weight> track = EdgeTimes(*r, 1, 3);
  const std::vector<Weight> grade1 = EdgeTimes(*r, 2, 5);
  const std::vector<Weight> service = EdgeTimes(*r, 4, 7);
  const std::vector<Weight> driveway = EdgeTimes(*r, 4, 17);
  ASSERT_EQ(street.size(), 1U);
  ASSERT_EQ(track.size(), 1U);
  ASSERT_EQ(grade1.size(), 1U);
  ASSERT_EQ(service.size(), 1U);
  ASSERT_EQ(driveway.size(), 1U);
  // 157.25 m at 25 km/h = 226 ds; × 2 for a track or a driveway, × 1.25 for grade1 or service.
  EXPECT_EQ(street[0], 226U);
  EXPECT_NEAR(track[0], 2 * 226.4, 1);
  EXPECT_NEAR(driveway[0], 2 * 226.4, 1);
  EXPECT_NEAR(grade1[0], 1.25 * 226.4, 1);
  EXPECT_NEAR(service[0], 1.25 * 226.4, 1);
  EXPECT_EQ(RouteOf(*r, 1, 2).osm, (Ids{1, 13, 2}));  // the street, not the track
  EXPECT_EQ(RouteOf(*r, 1, 2).time, 2 * street[0]);
  EXPECT_EQ(RouteOf(*r, 2, 4).osm, (Ids{2, 5, 4}));  // the grade1 track, not the plain one
  EXPECT_EQ(RouteOf(*r, 4, 6).osm, (Ids{4, 7, 6}));  // the service road, not the driveway
  EXPECT_EQ(RouteOf(*r, 6, 4).osm, (Ids{6, 7, 4}));
  EXPECT_EQ(r->report.penalised_ways, 5U);
  // Without penalties the two sides of a diamond tie.
  o.profile.track_penalty = o.profile.track_grade1_penalty = o.profile.service_penalty =
      o.profile.minor_service_penalty = 1;
  const Result<ImportedRoads> flat = ImportOsm(kData + "penalties.osm", o);
  ASSERT_TRUE(flat.ok());
  EXPECT_EQ(EdgeTimes(*flat, 1, 3), street);
  EXPECT_EQ(EdgeTimes(*flat, 4, 17), street);
  EXPECT_EQ(flat->report.penalised_ways, 0U);
}

TEST(OsmImport, PathsAndClosingTags) {
  const ImportedRoads r = Load(kData + "paths.osm");
  EXPECT_EQ(RouteOf(r, 1, 2).osm, (Ids{1, 11, 12, 2}));  // footway is no road
  EXPECT_EQ(RouteOf(r, 2, 3).osm, (Ids{2, 3}));          // footway + emergency=yes
  EXPECT_EQ(RouteOf(r, 2, 3).time, 400U);                // 111.195 m at 10 km/h
  EXPECT_EQ(RouteOf(r, 3, 4).osm, (Ids{3, 13, 14, 4}));  // motor_vehicle=no
  EXPECT_EQ(RouteOf(r, 4, 5).osm, (Ids{4, 14, 15, 5}));  // emergency=no
  EXPECT_EQ(RouteOf(r, 4, 5).time, 3 * kResidential);
  const std::vector<EdgeKey> edges = EdgeList(r);
  EXPECT_EQ(std::count_if(edges.begin(), edges.end(),
                          [](const EdgeKey& k) {
                            return std::get<4>(k) == static_cast<int>(RoadClass::kOther);
                          }),
            2);
  EXPECT_EQ(r.report.area_highways, 1U);
  EXPECT_EQ(r.report.refused_by_tag,
            (std::map<std::string, std::uint64_t>{{"emergency=no", 1}, {"motor_vehicle=no", 1}}));
  EXPECT_EQ(r.report.ways_opened_by_emergency, 1U);
}

TEST(OsmImport, Barriers) {
  const ImportedRoads r = Load(kData + "barriers.osm");
  EXPECT_EQ(RouteOf(r, 1, 2).osm, (Ids{1, 11, 12, 2}));  // bollard blocks
  EXPECT_EQ(RouteOf(r, 2, 1).osm, (Ids{2, 12, 11, 1}));
  EXPECT_EQ(RouteOf(r, 2, 3).osm, (Ids{2, 22, 3}));  // bollard + emergency=yes
  EXPECT_EQ(RouteOf(r, 3, 4).osm, (Ids{3, 23, 4}));  // lift_gate
  // The blocked bollard stays drawn: one dead-end copy per side, each only back the way it came.
  EXPECT_EQ(CopiesOf(r, 21), 2U);
  for (NodeIndex u = 0; u < r.graph.node_count(); ++u) {
    if (r.osm_node_ids[u] != 21) continue;
    ASSERT_EQ(r.graph.EdgeEnd(u) - r.graph.EdgeBegin(u), 1U);
    const std::int64_t back = r.osm_node_ids[r.graph.Target(r.graph.EdgeBegin(u))];
    EXPECT_TRUE(back == 1 || back == 2);
    EXPECT_EQ(r.graph.Coordinate(u), (LatLonE6{1000, 500}));
  }
  EXPECT_EQ(r.report.blocking_barriers, 1U);
  EXPECT_EQ(r.report.barriers_opened, 1U);
  EXPECT_EQ(r.report.node_copies, 1U);
}

TEST(OsmImport, TurnRestrictions) {
  const ImportedRoads r = Load(kData + "restrictions.osm");
  // no_left_turn S to W: on to E, back from the dead end, straight on to W.
  EXPECT_EQ(RouteOf(r, 4, 1).osm, (Ids{4, 5, 3, 5, 1}));
  EXPECT_EQ(RouteOf(r, 4, 1).time, 4 * kPrimary);  // 292
  // only_straight_on from W: to N only after turning back at E.
  EXPECT_EQ(RouteOf(r, 1, 2).osm, (Ids{1, 5, 3, 5, 2}));
  EXPECT_EQ(RouteOf(r, 1, 2).time, 3 * kPrimary + kPrimary2);  // 365
  EXPECT_EQ(RouteOf(r, 1, 4).osm, (Ids{1, 5, 3, 5, 4}));
  EXPECT_EQ(RouteOf(r, 1, 3).osm, (Ids{1, 5, 3}));
  // Allowed turns stay direct; the except=emergency restriction does not bind us.
  EXPECT_EQ(RouteOf(r, 4, 3).osm, (Ids{4, 5, 3}));
  EXPECT_EQ(RouteOf(r, 4, 3).time, 2 * kPrimary);
  EXPECT_EQ(RouteOf(r, 2, 1).osm, (Ids{2, 5, 1}));
  EXPECT_EQ(RouteOf(r, 2, 1).time, kPrimary2 + kPrimary);
  EXPECT_EQ(RouteOf(r, 3, 1).osm, (Ids{3, 5, 1}));
  // X split into one copy per incoming edge.
  EXPECT_EQ(CopiesOf(r, 5), 4U);
  EXPECT_EQ(r.report.restrictions_read, 6U);
  EXPECT_EQ(r.report.restrictions_applied, 2U);
  EXPECT_EQ(r.report.via_nodes_split, 1U);
  EXPECT_EQ(r.report.restrictions_skipped, (std::map<std::string, std::uint64_t>{
                                               {"emergency vehicles exempt (except=emergency)", 1},
                                               {"from way does not touch the via node", 1},
                                               {"from way not a drivable road in the file", 1},
                                               {"via way not supported yet", 1}}));
}

TEST(OsmImport, AdjacentSplitViaNodes) {
  const ImportedRoads r = Load(kData + "adjacent_via.osm");
  EXPECT_EQ(CopiesOf(r, 2), 4U);
  EXPECT_EQ(CopiesOf(r, 5), 4U);
  EXPECT_EQ(r.report.via_nodes_split, 2U);
  EXPECT_EQ(r.report.restrictions_applied, 4U);
  // W: only on to X2; at X2 neither left to N2 nor back; turn at the E dead end, right to N2.
  EXPECT_EQ(RouteOf(r, 1, 6).osm, (Ids{1, 2, 5, 7, 5, 6}));
  EXPECT_EQ(RouteOf(r, 1, 6).time, kPrimary + kPrimary2 + 3 * kPrimary);  // 438
  // W to N1: through X2 and E back to X1, where the right turn to N1 is banned: via S1.
  EXPECT_EQ(RouteOf(r, 1, 3).osm, (Ids{1, 2, 5, 7, 5, 2, 4, 2, 3}));
  EXPECT_EQ(RouteOf(r, 1, 3).time, 6 * kPrimary + 2 * kPrimary2);  // 730
  EXPECT_EQ(RouteOf(r, 7, 1).osm, (Ids{7, 5, 2, 1}));
  EXPECT_EQ(RouteOf(r, 7, 1).time, 2 * kPrimary + kPrimary2);
  EXPECT_EQ(RouteOf(r, 4, 3).osm, (Ids{4, 2, 3}));
  // The edge X1 to X2 leaves only the X1 copies that may take it (arrived from W, N1, S1 and not
  // from X2: that would be a U-turn, which no rule at X1 bans, so all four) and enters the X2
  // copy of its own.
  EXPECT_EQ(EdgeTimes(r, 2, 5).size(), 4U);
  // X2 to X1: the copies of X2 reached from E, N2 and S2 (not the one reached from X1).
  EXPECT_EQ(EdgeTimes(r, 5, 2).size(), 3U);
}

TEST(OsmImport, LargestComponentKept) {
  const ImportedRoads r = Load(kData + "disconnected.osm");
  EXPECT_EQ(r.graph.node_count(), 3U);
  EXPECT_EQ(r.graph.edge_count(), 6U);
  std::vector<std::int64_t> ids = r.osm_node_ids;
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (Ids{1, 2, 3}));
  EXPECT_EQ(r.report.components, 3U);
  EXPECT_EQ(r.report.nodes_before_components, 6U);
  EXPECT_EQ(r.report.nodes_dropped, 3U);
  EXPECT_EQ(r.report.edges_before_components, 9U);
  EXPECT_EQ(r.report.edges_dropped, 3U);
  EXPECT_EQ(r.report.missing_nodes, 1U);
  EXPECT_EQ(r.report.segments_missing_node, 1U);
  ExpectStronglyConnected(r);
}

TEST(OsmImport, SpeedsLengthsClassesNames) {
  const ImportedRoads r = Load(kData + "maxspeed.osm");
  const auto time = [&](std::int64_t a, std::int64_t b) {
    const std::vector<Weight> t = EdgeTimes(r, a, b);
    EXPECT_EQ(t.size(), 1U) << a << "->" << b;
    return t.empty() ? Weight{0} : t[0];
  };
  EXPECT_EQ(time(1, 2), 83U);   // 30 mph
  EXPECT_EQ(time(2, 3), 107U);  // residential maxspeed=50 capped at 37.5
  EXPECT_EQ(time(3, 4), 160U);  // walk: class speed
  EXPECT_EQ(time(4, 5), 200U);  // 20
  EXPECT_EQ(time(5, 6), 64U);   // motorway_link 63
  EXPECT_EQ(time(6, 7), 200U);  // maxspeed:forward=20
  EXPECT_EQ(time(7, 6), 107U);  // maxspeed:backward=40, capped at 37.5
  EXPECT_EQ(time(7, 8), 80U);   // 50 km/h
  EXPECT_EQ(time(8, 9), 36U);   // 130 capped at 110
  for (NodeIndex u = 0; u < r.graph.node_count(); ++u) {
    for (std::size_t e = r.graph.EdgeBegin(u); e < r.graph.EdgeEnd(u); ++e) {
      EXPECT_EQ(r.graph.LengthM(e), 111U);
    }
  }
  EXPECT_EQ(r.report.maxspeed_used, 12U);     // 120, 121, 123, 125, 126, 127 in both directions
  EXPECT_EQ(r.report.maxspeed_unusable, 2U);  // walk, both directions
  const NodeIndex p4 = NodeOf(r, 5);
  ASSERT_NE(p4, kNoNode);
  for (std::size_t e = r.graph.EdgeBegin(p4); e < r.graph.EdgeEnd(p4); ++e) {
    const std::int64_t to = r.osm_node_ids[r.graph.Target(e)];
    EXPECT_EQ(r.graph.Class(e), to == 6 ? RoadClass::kMotorway : RoadClass::kResidential);
  }
  EXPECT_EQ(r.graph.Coordinate(NodeOf(r, 9)), (LatLonE6{0, 8000}));
}

TEST(OsmImport, PoisAndGeoJson) {
  const ImportedRoads r = Load(kData + "pois.osm");
  ASSERT_EQ(r.pois.size(), 5U);
  const Poi& fire = r.pois[0];
  EXPECT_EQ(fire.kind, PoiKind::kFireStation);
  EXPECT_EQ(fire.name, "Station 1");
  EXPECT_EQ(fire.name_en, "Fire Station One");
  EXPECT_EQ(fire.name_zh, "一号消防站");
  EXPECT_EQ(fire.osm_id, 201);
  EXPECT_EQ(fire.osm_type, 'n');
  EXPECT_EQ(fire.position, (LatLonE6{500, 500}));
  EXPECT_EQ(r.pois[1].kind, PoiKind::kPolice);
  EXPECT_EQ(r.pois[2].kind, PoiKind::kShelter);  // assembly point; the bus shelter is left out
  EXPECT_EQ(r.pois[2].osm_id, 204);
  EXPECT_EQ(r.pois[3].kind, PoiKind::kHospital);  // healthcare=hospital
  EXPECT_EQ(r.pois[3].position, (LatLonE6{-2000, -2000}));
  const Poi& hospital = r.pois[4];
  EXPECT_EQ(hospital.kind, PoiKind::kHospital);
  EXPECT_EQ(hospital.osm_type, 'w');
  EXPECT_EQ(hospital.osm_id, 210);
  EXPECT_EQ(hospital.name, "General \"Hospital\"");
  EXPECT_EQ(hospital.name_zh, "总医院");
  EXPECT_EQ(hospital.position, (LatLonE6{11000, 11000}));
  EXPECT_EQ(r.report.pois, (std::array<std::uint64_t, 4>{1, 2, 1, 1}));
  EXPECT_EQ(r.report.poi_relations_skipped, 1U);
  ASSERT_EQ(r.graph.names().size(), 1U);
  EXPECT_EQ(r.graph.names()[0], "Station Road");

  const nlohmann::json doc = nlohmann::json::parse(PoisToGeoJson(r.pois));
  EXPECT_EQ(doc["type"], "FeatureCollection");
  ASSERT_EQ(doc["features"].size(), 5U);
  const nlohmann::json& f = doc["features"][4];
  EXPECT_EQ(f["geometry"]["type"], "Point");
  EXPECT_DOUBLE_EQ(f["geometry"]["coordinates"][0].get<double>(), 0.011);
  EXPECT_DOUBLE_EQ(f["geometry"]["coordinates"][1].get<double>(), 0.011);
  EXPECT_EQ(f["properties"]["kind"], "hospital");
  EXPECT_EQ(f["properties"]["name"], "General \"Hospital\"");
  EXPECT_EQ(f["properties"]["name_en"], "");
  EXPECT_EQ(f["properties"]["name_zh"], "总医院");
  EXPECT_EQ(f["properties"]["osm_id"], 210);
  EXPECT_EQ(f["properties"]["osm_type"], "way");
  EXPECT_EQ(doc["features"][3]["geometry"]["coordinates"][0].get<double>(), -0.002);
  EXPECT_EQ(nlohmann::json::parse(PoisToGeoJson({}))["features"].size(), 0U);
}

TEST(OsmImport, GeoJsonEscapesControlCharacters) {
  Poi p;
  p.name = std::string("a\x01") + "b\\\n";
  const nlohmann::json doc = nlohmann::json::parse(PoisToGeoJson({p}));
  EXPECT_EQ(doc["features"][0]["properties"]["name"], p.name);
  EXPECT_EQ(doc["features"][0]["properties"]["kind"], "fire_station");
}

TEST(OsmImport, SameGraphFromEveryFormat) {
  const OsmTempDir tmp;
  for (const char* scenario : {"restrictions.osm", "adjacent_via.osm", "barriers.osm"}) {
    SCOPED_TRACE(scenario);
    const ImportedRoads xml = Load(kData + scenario);
    for (const char* suffix : {".osm.pbf", ".pbf", ".osm.gz", ".osm.bz2"}) {
      SCOPED_TRACE(suffix);
      const std::string path = tmp.Path(std::string("copy") + suffix);
      Convert(kData + scenario, path);
      const ImportedRoads other = Load(path);
      EXPECT_EQ(EdgeList(other), EdgeList(xml));
      EXPECT_EQ(other.graph.node_count(), xml.graph.node_count());
      EXPECT_EQ(other.report.restrictions_applied, xml.report.restrictions_applied);
    }
  }
}

// The default profile is calibrated to real drives: every edge takes 1.41 × its free-flow time
// (give or take the rounding of each to whole deciseconds).
TEST(OsmImport, DefaultProfileIsCalibratedToRealDrives) {
  EXPECT_DOUBLE_EQ(OsmProfile{}.drive_time_factor, 1.41);
  const Result<ImportedRoads> free = ImportOsm(kData + "restrictions.osm", FreeFlow());
  const Result<ImportedRoads> real = ImportOsm(kData + "restrictions.osm");
  ASSERT_TRUE(free.ok() && real.ok());
  ASSERT_EQ(free->graph.edge_count(), real->graph.edge_count());
  ASSERT_GT(free->graph.edge_count(), 0U);
  for (std::size_t e = 0; e < free->graph.edge_count(); ++e) {
    EXPECT_NEAR(static_cast<double>(real->graph.Time(e)), free->graph.Time(e) * 1.41, 1.0) << e;
    EXPECT_EQ(real->graph.LengthM(e), free->graph.LengthM(e));
  }
}

TEST(OsmImport, ProgressAndReport) {
  std::vector<std::tuple<std::string, std::uint64_t, std::uint64_t>> calls;
  OsmImportOptions options = FreeFlow();
  options.progress = [&](std::string_view stage, std::uint64_t done, std::uint64_t total) {
    calls.emplace_back(std::string(stage), done, total);
  };
  const Result<ImportedRoads> r = ImportOsm(kData + "restrictions.osm", options);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const auto size = static_cast<std::uint64_t>(fs::file_size(kData + "restrictions.osm"));
  ASSERT_FALSE(calls.empty());
  EXPECT_EQ(calls.front(), std::make_tuple(std::string("reading"), std::uint64_t{0}, size));
  std::vector<std::string> stages;
  for (const auto& [stage, done, total] : calls) {
    EXPECT_LE(done, total) << stage;
    if (stages.empty() || stages.back() != stage) stages.push_back(stage);
  }
  EXPECT_EQ(stages, (std::vector<std::string>{"reading", "restrictions", "components"}));
  const auto last_reading = std::find_if(calls.rbegin(), calls.rend(),
                                         [](const auto& c) { return std::get<0>(c) == "reading"; });
  EXPECT_EQ(*last_reading, std::make_tuple(std::string("reading"), size, size));
  EXPECT_EQ(calls.back(),
            std::make_tuple(std::string("components"), std::uint64_t{8}, std::uint64_t{8}));

  const std::string text = FormatReport(r->report);
  EXPECT_NE(text.find("turn restrictions: 6 read, 2 applied, 4 skipped"), std::string::npos)
      << text;
  EXPECT_NE(text.find("via way not supported yet: 1"), std::string::npos) << text;
  EXPECT_NE(text.find("graph: 8 nodes"), std::string::npos) << text;
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 12);
  // A profile option reaches the import: everything twice as slow doubles every edge time.
  OsmImportOptions slow = FreeFlow();
  for (double& kmh : slow.profile.speed_kmh) kmh /= 2;
  const Result<ImportedRoads> s = ImportOsm(kData + "restrictions.osm", slow);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(RouteOf(*s, 4, 3).time, 2 * 146U);  // 111.195 m at 27.5 km/h = 145.6 ds per arm
}

// ---- bad input ----

TEST(OsmBadInput, MissingDirectoryAndUnsupportedName) {
  const OsmTempDir tmp;
  Result<ImportedRoads> r = ImportOsm(tmp.Path("nothing.osm.pbf"));
  EXPECT_EQ(r.status().code(), StatusCode::kIOError);
  EXPECT_NE(r.status().message().find("nothing.osm.pbf: cannot open"), std::string::npos)
      << r.status().ToString();
  fs::create_directories(tmp.Path("dir.osm"));
  r = ImportOsm(tmp.Path("dir.osm"));
  EXPECT_EQ(r.status().code(), StatusCode::kIOError);
  EXPECT_NE(r.status().message().find("not a regular file"), std::string::npos);
  r = ImportOsm(tmp.Write("roads.txt", ReadAll(kData + "oneway.osm")));
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("unsupported file type"), std::string::npos);
  // Names osmium would read from stdin or a URL are plain files to us.
  r = ImportOsm(tmp.Write("http:example.osm", ReadAll(kData + "oneway.osm")));
  EXPECT_TRUE(r.ok()) << r.status().ToString();
}

TEST(OsmBadInput, EmptyFiles) {
  const OsmTempDir tmp;
  for (const char* name : {"empty.osm.pbf", "empty.osm", "empty.osm.gz"}) {
    const Result<ImportedRoads> r = ImportOsm(tmp.Write(name, ""));
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << name;
    EXPECT_NE(r.status().message().find("empty file"), std::string::npos) << name;
  }
  // Well-formed but empty of data.
  const Result<ImportedRoads> r =
      ImportOsm(tmp.Write("nothing.osm", "<?xml version='1.0'?><osm version='0.6'></osm>"));
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("no drivable road in"), std::string::npos);
}

TEST(OsmBadInput, TruncatedAndGarbage) {
  const OsmTempDir tmp;
  const std::string pbf = tmp.Path("whole.osm.pbf");
  Convert(kData + "restrictions.osm", pbf);
  const std::string bytes = ReadAll(pbf);
  ASSERT_GT(bytes.size(), 100U);
  for (const std::size_t cut : {bytes.size() / 2, bytes.size() - 1, std::size_t{10}}) {
    const Result<ImportedRoads> r = ImportOsm(tmp.Write("cut.osm.pbf", bytes.substr(0, cut)));
    EXPECT_EQ(r.status().code(), StatusCode::kCorruption) << cut << " " << r.status().ToString();
    EXPECT_NE(r.status().message().find("cut.osm.pbf: damaged or truncated PBF"), std::string::npos)
        << r.status().ToString();
  }
  std::mt19937 rng(7);
  std::string garbage(4096, '\0');
  for (char& c : garbage) c = static_cast<char>(rng() & 0xff);
  for (const char* name : {"garbage.osm.pbf", "garbage.osm", "garbage.osm.gz", "garbage.osm.bz2"}) {
    const Result<ImportedRoads> r = ImportOsm(tmp.Write(name, garbage));
    EXPECT_EQ(r.status().code(), StatusCode::kCorruption) << name << " " << r.status().ToString();
  }
  // A PBF with a byte flipped inside its compressed data.
  std::string flipped = bytes;
  flipped[flipped.size() - 20] = static_cast<char>(flipped[flipped.size() - 20] ^ 0x5a);
  const Result<ImportedRoads> f = ImportOsm(tmp.Write("flipped.osm.pbf", flipped));
  EXPECT_EQ(f.status().code(), StatusCode::kCorruption) << f.status().ToString();
}

TEST(OsmBadInput, TruncatedXmlAndGzip) {
  const OsmTempDir tmp;
  const std::string xml = ReadAll(kData + "oneway.osm");
  const std::size_t way = xml.find("<way id=\"13\"");
  ASSERT_NE(way, std::string::npos);
  Result<ImportedRoads> r = ImportOsm(tmp.Write("cut.osm", xml.substr(0, way + 20)));
  EXPECT_EQ(r.status().code(), StatusCode::kCorruption) << r.status().ToString();
  EXPECT_NE(r.status().message().find("damaged or truncated OSM XML"), std::string::npos);

  const std::string gz = tmp.Path("whole.osm.gz");
  Convert(kData + "oneway.osm", gz);
  const std::string bytes = ReadAll(gz);
  r = ImportOsm(tmp.Write("cut.osm.gz", bytes.substr(0, bytes.size() / 2)));
  EXPECT_EQ(r.status().code(), StatusCode::kCorruption) << r.status().ToString();
  const std::string bz2 = tmp.Path("whole.osm.bz2");
  Convert(kData + "oneway.osm", bz2);
  const std::string bz = ReadAll(bz2);
  r = ImportOsm(tmp.Write("cut.osm.bz2", bz.substr(0, bz.size() / 2)));
  EXPECT_EQ(r.status().code(), StatusCode::kCorruption) << r.status().ToString();
}

TEST(OsmBadInput, HostileXml) {
  const OsmTempDir tmp;
  // Billion laughs: entity declarations are refused outright.
  const Result<ImportedRoads> r = ImportOsm(tmp.Write(
      "laughs.osm",
      "<?xml version=\"1.0\"?><!DOCTYPE osm [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b "
      "\"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]><osm version=\"0.6\"><node id=\"1\" lat=\"0\" "
      "lon=\"0\"><tag k=\"name\" v=\"&b;\"/></node></osm>"));
  EXPECT_EQ(r.status().code(), StatusCode::kCorruption) << r.status().ToString();
  // Invalid UTF-8 in a name is replaced, not passed on.
  std::string xml = ReadAll(kData + "pois.osm");
  const std::size_t at = xml.find("Station Road");
  ASSERT_NE(at, std::string::npos);
  xml.replace(at, 7, "Sta\xff\xfeon");
  const Result<ImportedRoads> bad = ImportOsm(tmp.Write("latin1.osm", xml));
  EXPECT_EQ(bad.status().code(), StatusCode::kCorruption) << bad.status().ToString();
  // (expat refuses the bytes above as not UTF-8; PBF strings are not checked by the library, so
  // CleanText is what protects the graph there.)
}

constexpr const char* kBadLat = R"(<?xml version="1.0"?>
<osm version="0.6">
  <node id="1" lat="LAT" lon="0"/>
  <node id="2" lat="0" lon="0.001"/>
  <node id="3" lat="0.001" lon="0.001"/>
  <node id="4" lat="0.001" lon="0"/>
  <way id="9"><nd ref="ROAD"/><nd ref="2"/><nd ref="3"/><nd ref="ROAD"/><tag k="highway" v="residential"/></way>
</osm>
)";

std::string BadLat(const std::string& lat, const std::string& road_node) {
  std::string s = kBadLat;
  s.replace(s.find("LAT"), 3, lat);
  for (std::size_t at; (at = s.find("ROAD")) != std::string::npos;) s.replace(at, 4, road_node);
  return s;
}

TEST(OsmBadInput, InvalidCoordinates) {
  const OsmTempDir tmp;
  // Out of range on a road node: refused, naming the node.
  Result<ImportedRoads> r = ImportOsm(tmp.Write("lat95.osm", BadLat("95", "1")));
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << r.status().ToString();
  EXPECT_EQ(r.status().field(), "node/1");
  EXPECT_NE(r.status().message().find("node 1 used by way 9 has invalid coordinates"),
            std::string::npos)
      << r.status().ToString();
  // Out of range on a node no road uses: counted, the import goes on.
  r = ImportOsm(tmp.Write("lat95-unused.osm", BadLat("95", "4")));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->report.invalid_coordinate_nodes, 1U);
  EXPECT_EQ(r->graph.node_count(), 3U);
  // Not a number: the parser refuses the file; the message quotes the value.
  for (const char* lat : {"nan", "NaN", "1e5", "", "12abc", "0x10"}) {
    r = ImportOsm(tmp.Write("latnan.osm", BadLat(lat, "1")));
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << lat << r.status().ToString();
    EXPECT_NE(r.status().message().find("invalid node coordinate"), std::string::npos)
        << r.status().ToString();
  }
}

TEST(OsmBadInput, PbfWithoutRoads) {
  const OsmTempDir tmp;
  const std::string path = tmp.Path("stations.osm.pbf");
  {
    using namespace osmium::builder::attr;  // NOLINT(google-build-using-namespace)
    osmium::memory::Buffer buffer{4096, osmium::memory::Buffer::auto_grow::yes};
    osmium::builder::add_node(buffer, _id(1), _version(1), _location(1.5, 42.5));
    osmium::builder::add_node(buffer, _id(2), _version(1), _location(1.51, 42.5),
                              _tag("amenity", "fire_station"), _tag("name", "Bombers"));
    osmium::builder::add_way(buffer, _id(3), _version(1), _nodes({1, 2}),
                             _tag("highway", "footway"));
    osmium::io::Header header;
    osmium::io::Writer writer(path, header, osmium::io::overwrite::allow);
    writer(std::move(buffer));
    writer.close();
  }
  const Result<ImportedRoads> r = ImportOsm(path);
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().message(), "no drivable road in " + path);
}

TEST(OsmBadInput, AndorraCutInHalf) {
  const std::string andorra = kRoads + "/andorra.osm.pbf";
  ELINK_REQUIRE_DATA(andorra);
  const OsmTempDir tmp;
  const std::string bytes = ReadAll(andorra);
  const Result<ImportedRoads> r =
      ImportOsm(tmp.Write("half.osm.pbf", bytes.substr(0, bytes.size() / 2)));
  EXPECT_EQ(r.status().code(), StatusCode::kCorruption) << r.status().ToString();
  EXPECT_NE(r.status().message().find("truncated"), std::string::npos) << r.status().ToString();
}

// ---- tag rules ----

// Tags for osm_internal::Tags from a literal list.
class TagMap {
 public:
  TagMap(std::initializer_list<std::pair<const std::string, std::string>> tags) : tags_(tags) {}
  const char* operator[](const char* key) const {
    const auto it = tags_.find(key);
    return it == tags_.end() ? nullptr : it->second.c_str();
  }
  [[nodiscard]] const std::map<std::string, std::string>& tags() const { return tags_; }

 private:
  std::map<std::string, std::string> tags_;
};

TEST(OsmTags, Maxspeed) {
  using osm_internal::ParseMaxspeedKmh;
  EXPECT_DOUBLE_EQ(ParseMaxspeedKmh("50").value(), 50);
  EXPECT_DOUBLE_EQ(ParseMaxspeedKmh(" 50 km/h").value(), 50);
  EXPECT_DOUBLE_EQ(ParseMaxspeedKmh("50kmh").value(), 50);
  EXPECT_DOUBLE_EQ(ParseMaxspeedKmh("30 mph").value(), 30 * 1.609344);
  EXPECT_DOUBLE_EQ(ParseMaxspeedKmh("25.5").value(), 25.5);
  EXPECT_DOUBLE_EQ(ParseMaxspeedKmh("10 knots").value(), 18.52);
  for (const char* bad : {"walk", "none", "signals", "variable", "DE:urban", "RU:rural", "50;30",
                          "0", "-30", "500", "", "mph", "30 furlongs", "1e3"}) {
    EXPECT_FALSE(ParseMaxspeedKmh(bad).has_value()) << bad;
  }
}

TEST(OsmTags, Height) {
  using osm_internal::ParseHeightM;
  EXPECT_DOUBLE_EQ(ParseHeightM("3.5").value(), 3.5);
  EXPECT_DOUBLE_EQ(ParseHeightM("3,5 m").value(), 3.5);
  EXPECT_NEAR(ParseHeightM("12'6\"").value(), 3.81, 1e-9);
  EXPECT_NEAR(ParseHeightM("7 ft").value(), 2.1336, 1e-9);
  EXPECT_FALSE(ParseHeightM("default").has_value());
  EXPECT_FALSE(ParseHeightM("0").has_value());
}

TEST(OsmTags, Barriers) {
  using osm_internal::BarrierState;
  const OsmProfile p = FreeFlowProfile();
  const auto classify = [&](const TagMap& t) {
    return osm_internal::ClassifyBarrier(osm_internal::Tags(t), p);
  };
  EXPECT_EQ(classify({{"barrier", "bollard"}}), BarrierState::kBlocking);
  EXPECT_EQ(classify({{"barrier", "bollard"}, {"emergency", "designated"}}), BarrierState::kOpened);
  EXPECT_EQ(classify({{"barrier", "bollard"}, {"motor_vehicle", "yes"}}), BarrierState::kOpened);
  EXPECT_EQ(classify({{"barrier", "bollard"}, {"access", "no"}}), BarrierState::kBlocking);
  EXPECT_EQ(classify({{"barrier", "bollard"}, {"access", "private"}, {"emergency", "no"}}),
            BarrierState::kBlocking);
  EXPECT_EQ(classify({{"barrier", "gate"}}), BarrierState::kNone);
  EXPECT_EQ(classify({{"barrier", "gate"}, {"access", "private"}}), BarrierState::kNone);
  EXPECT_EQ(classify({{"barrier", "gate"}, {"locked", "yes"}}), BarrierState::kBlocking);
  EXPECT_EQ(classify({{"barrier", "gate"}, {"locked", "yes"}, {"access", "yes"}}),
            BarrierState::kBlocking);
  EXPECT_EQ(classify({{"barrier", "gate"}, {"locked", "yes"}, {"emergency", "yes"}}),
            BarrierState::kOpened);
  EXPECT_EQ(classify({{"barrier", "lift_gate"}, {"emergency", "no"}}), BarrierState::kBlocking);
  EXPECT_EQ(classify({{"barrier", "cattle_grid"}}), BarrierState::kNone);
  EXPECT_EQ(classify({{"barrier", "height_restrictor"}, {"maxheight", "2.1"}}),
            BarrierState::kBlocking);
  EXPECT_EQ(classify({{"barrier", "height_restrictor"}, {"maxheight", "4"}}), BarrierState::kNone);
  EXPECT_EQ(classify({{"barrier", "height_restrictor"}}), BarrierState::kBlocking);
  EXPECT_EQ(classify({{"amenity", "bench"}}), BarrierState::kNone);
}

TEST(OsmTags, WaysAndPois) {
  const OsmProfile p = FreeFlowProfile();
  const auto way = [&](const TagMap& t) {
    return osm_internal::ClassifyWay(osm_internal::Tags(t), p);
  };
  using Verdict = osm_internal::WayDecision::Verdict;
  EXPECT_EQ(way({{"highway", "steps"}, {"emergency", "yes"}}).verdict, Verdict::kNotRoad);
  EXPECT_EQ(way({{"highway", "construction"}}).verdict, Verdict::kNotRoad);
  EXPECT_EQ(way({{"highway", "cycleway"}, {"vehicle", "yes"}}).verdict, Verdict::kUsed);
  EXPECT_EQ(way({{"highway", "cycleway"}, {"access", "yes"}}).verdict, Verdict::kNotRoad);
  EXPECT_EQ(way({{"highway", "service"}, {"access", "military"}}).verdict, Verdict::kRefused);
  EXPECT_EQ(way({{"highway", "service"}, {"access", "destination"}}).verdict, Verdict::kUsed);
  EXPECT_EQ(way({{"highway", "residential"}, {"access", "no"}, {"motor_vehicle", "yes"}}).verdict,
            Verdict::kUsed);
  const osm_internal::WayDecision rev = way({{"highway", "primary"}, {"oneway", "reversible"}});
  EXPECT_TRUE(rev.forward && rev.backward && rev.reversible);
  const osm_internal::WayDecision ring =
      way({{"highway", "primary"}, {"junction", "circular"}, {"oneway", "bogus"}});
  EXPECT_TRUE(ring.forward && !ring.backward);
  const osm_internal::WayDecision psv =
      way({{"highway", "primary"}, {"oneway", "yes"}, {"oneway:psv", "no"}});
  EXPECT_FALSE(psv.backward);  // not for us by default
  OsmProfile contraflow;
  contraflow.use_psv_contraflow = true;
  const TagMap psv_tags{{"highway", "primary"}, {"oneway", "yes"}, {"oneway:psv", "no"}};
  EXPECT_TRUE(osm_internal::ClassifyWay(osm_internal::Tags(psv_tags), contraflow).backward);
  const osm_internal::WayDecision link = way({{"highway", "trunk_link"}});
  EXPECT_EQ(link.road_class, RoadClass::kTrunk);
  EXPECT_DOUBLE_EQ(link.speed_forward_kmh, 70 * 0.7);

  const auto poi = [](const TagMap& t) { return osm_internal::ClassifyPoi(osm_internal::Tags(t)); };
  EXPECT_EQ(poi({{"amenity", "shelter"}}), PoiKind::kShelter);  // untagged type: mountain huts
  EXPECT_EQ(poi({{"amenity", "shelter"}, {"shelter_type", "picnic_shelter"}}), std::nullopt);
  EXPECT_EQ(poi({{"amenity", "shelter"}, {"shelter_type", "weather_shelter"}}), std::nullopt);
  EXPECT_EQ(poi({{"social_facility", "shelter"}}), PoiKind::kShelter);
  EXPECT_EQ(poi({{"emergency", "yes"}}), std::nullopt);
  EXPECT_EQ(poi({{"amenity", "clinic"}}), std::nullopt);
}

TEST(OsmTags, AccessHierarchyPerClass) {
  using Verdict = osm_internal::WayDecision::Verdict;
  const auto verdict = [](VehicleClass v, const TagMap& t) {
    OsmProfile p = FreeFlowProfile();
    p.vehicle = v;
    return osm_internal::ClassifyWay(osm_internal::Tags(t), p);
  };
  constexpr VehicleClass kCar = VehicleClass::kMotorcar;
  constexpr VehicleClass kHgv = VehicleClass::kHgv;
  struct Case {
    TagMap tags;
    Verdict car;
    Verdict hgv;
  };
  const Verdict kUsed = Verdict::kUsed;
  const Verdict kRefused = Verdict::kRefused;
  const Verdict kNotRoad = Verdict::kNotRoad;
  const std::vector<Case> cases = {
      {{{"highway", "primary"}, {"motor_vehicle", "no"}, {"motorcar", "yes"}}, kUsed, kRefused},
      {{{"highway", "primary"}, {"hgv", "no"}}, kUsed, kRefused},
      {{{"highway", "primary"}, {"motorcar", "no"}}, kRefused, kUsed},
      {{{"highway", "primary"}, {"access", "no"}, {"emergency", "yes"}}, kUsed, kUsed},
      {{{"highway", "primary"}, {"hgv", "no"}, {"emergency", "designated"}}, kUsed, kUsed},
      {{{"highway", "primary"}, {"motorcar", "yes"}, {"emergency", "no"}}, kRefused, kRefused},
      {{{"highway", "primary"}, {"access", "no"}, {"psv", "yes"}}, kRefused, kRefused},
      {{{"highway", "primary"}, {"access", "no"}, {"bus", "yes"}}, kRefused, kRefused},
      {{{"highway", "primary"}, {"access", "no"}, {"goods", "yes"}}, kRefused, kRefused},
      {{{"highway", "primary"}, {"vehicle", "no"}, {"motor_vehicle", "yes"}}, kUsed, kUsed},
      {{{"highway", "primary"}, {"motor_vehicle", "yes"}, {"vehicle", "no"}}, kUsed, kUsed},
      {{{"highway", "primary"}, {"access", "no"}, {"hgv", "designated"}}, kRefused, kUsed},
      {{{"highway", "primary"}, {"hgv", "destination"}}, kUsed, kUsed},
      {{{"highway", "track"}, {"motorcar", "agricultural"}}, kUsed, kUsed},
      {{{"highway", "service"}, {"motorcar", "private"}, {"hgv", "military"}}, kUsed, kRefused},
      // Conditional tags are not read: the road is open whatever the condition says.
      {{{"highway", "primary"}, {"hgv:conditional", "no @ (22:00-06:00)"}}, kUsed, kUsed},
      // A footway opens only by an explicit yes|designated of our chain (not access=*).
      {{{"highway", "footway"}, {"motorcar", "yes"}}, kUsed, kNotRoad},
      {{{"highway", "footway"}, {"hgv", "designated"}}, kNotRoad, kUsed},
      {{{"highway", "footway"}, {"access", "yes"}}, kNotRoad, kNotRoad},
  };
  for (const Case& c : cases) {
    std::string text;
    for (const auto& [k, v] : c.tags.tags()) text += k + "=" + v + " ";
    EXPECT_EQ(verdict(kCar, c.tags).verdict, c.car) << "motorcar: " << text;
    EXPECT_EQ(verdict(kHgv, c.tags).verdict, c.hgv) << "hgv: " << text;
  }
  const osm_internal::WayDecision closed =
      verdict(kHgv, {{"highway", "primary"}, {"motor_vehicle", "no"}, {"motorcar", "yes"}});
  EXPECT_EQ(closed.refused_by, "motor_vehicle=no");
  EXPECT_EQ(verdict(kHgv, {{"highway", "primary"}, {"hgv", "no"}}).refused_by, "hgv=no");

  // Barriers read the class chain too: a bollard with motorcar=yes lets cars through only.
  const TagMap bollard{{"barrier", "bollard"}, {"motorcar", "yes"}};
  OsmProfile p = FreeFlowProfile();
  EXPECT_EQ(osm_internal::ClassifyBarrier(osm_internal::Tags(bollard), p),
            osm_internal::BarrierState::kOpened);
  p.vehicle = kHgv;
  EXPECT_EQ(osm_internal::ClassifyBarrier(osm_internal::Tags(bollard), p),
            osm_internal::BarrierState::kBlocking);
}

TEST(OsmTags, RestrictionsPerClass) {
  const auto classify = [](const TagMap& t, VehicleClass v) {
    return osm_internal::ClassifyRestriction(osm_internal::Tags(t), v);
  };
  const TagMap hgv_only{{"type", "restriction"}, {"restriction:hgv", "no_left_turn"}};
  EXPECT_FALSE(classify(hgv_only, VehicleClass::kMotorcar).skip_reason.empty());
  EXPECT_TRUE(classify(hgv_only, VehicleClass::kHgv).skip_reason.empty());
  const TagMap legacy{{"type", "restriction:hgv"}, {"restriction", "only_straight_on"}};
  EXPECT_FALSE(classify(legacy, VehicleClass::kMotorcar).skip_reason.empty());
  const osm_internal::RestrictionTags r = classify(legacy, VehicleClass::kHgv);
  EXPECT_TRUE(r.skip_reason.empty() && r.only);
  const TagMap except{{"type", "restriction"}, {"restriction", "no_u_turn"}, {"except", "hgv"}};
  EXPECT_TRUE(classify(except, VehicleClass::kMotorcar).skip_reason.empty());
  EXPECT_EQ(classify(except, VehicleClass::kHgv).skip_reason,
            "our vehicle class exempt (except=hgv)");
  // The class's own value beats the general one.
  const TagMap lifted{
      {"type", "restriction"}, {"restriction", "no_left_turn"}, {"restriction:motorcar", "none"}};
  EXPECT_FALSE(classify(lifted, VehicleClass::kMotorcar).skip_reason.empty());
  EXPECT_TRUE(classify(lifted, VehicleClass::kHgv).skip_reason.empty());
}

TEST(VehicleClassNames, ParseAndProfile) {
  EXPECT_EQ(ParseVehicleClass("motorcar", "--vehicle").value(), VehicleClass::kMotorcar);
  EXPECT_EQ(ParseVehicleClass("hgv", "--vehicle").value(), VehicleClass::kHgv);
  for (const char* bad : {"", "HGV", "car", "bus", "motor_vehicle", "hgv ", "emergency"}) {
    const Result<VehicleClass> r = ParseVehicleClass(bad, "--vehicle");
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(r.status().field(), "--vehicle");
    EXPECT_EQ(r.status().Text(Lang::kEn),
              "unknown vehicle class '" + std::string(bad) + "' (expected motorcar or hgv)");
    EXPECT_NE(r.status().Text(Lang::kZhCN).find("未知的车辆类别"), std::string::npos);
  }
  for (const VehicleClass v : kVehicleClasses) {
    EXPECT_EQ(VehicleClassOfProfile(GraphProfileName(v)), v);
  }
  EXPECT_EQ(GraphProfileName(VehicleClass::kHgv), "emergency-hgv");
  EXPECT_EQ(VehicleClassOfProfile("emergency"), std::nullopt);  // written before classes
  EXPECT_EQ(VehicleClassOfProfile("walking"), std::nullopt);
}

TEST(OsmTags, Restrictions) {
  const auto classify = [](const TagMap& t) {
    return osm_internal::ClassifyRestriction(osm_internal::Tags(t));
  };
  EXPECT_FALSE(classify({{"type", "multipolygon"}}).is_restriction);
  osm_internal::RestrictionTags r =
      classify({{"type", "restriction"}, {"restriction", "only_left_turn"}});
  EXPECT_TRUE(r.is_restriction && r.only && r.skip_reason.empty());
  r = classify({{"type", "restriction"},
                {"restriction", "no_left_turn"},
                {"restriction:emergency", "none"}});
  EXPECT_EQ(r.skip_reason, "lifted for emergency vehicles (none)");
  r = classify({{"type", "restriction"}, {"restriction:hgv", "no_left_turn"}});
  EXPECT_EQ(r.skip_reason, "for other vehicles or no restriction value");
  r = classify({{"type", "restriction"}, {"restriction:motor_vehicle", "no_left_turn"}});
  EXPECT_TRUE(r.skip_reason.empty());
  r = classify({{"type", "restriction:hgv"}, {"restriction", "no_left_turn"}});
  EXPECT_EQ(r.skip_reason, "for other vehicles (type=restriction:hgv)");
  r = classify(
      {{"type", "restriction"}, {"restriction", "no_left_turn"}, {"except", "bus; emergency"}});
  EXPECT_EQ(r.skip_reason, "emergency vehicles exempt (except=emergency)");
  r = classify(
      {{"type", "restriction"}, {"restriction", "no_left_turn"}, {"except", "emergency_x"}});
  EXPECT_TRUE(r.skip_reason.empty());
  r = classify({{"type", "restriction"}, {"restriction", "give_way"}});
  EXPECT_EQ(r.skip_reason, "unknown restriction value");
}

// ---- components ----

TEST(OsmComponents, IterativeTarjanOnLongCycleAndChain) {
  // 300,000 nodes: a recursive search would overflow the stack, above all under ASan.
  constexpr NodeIndex kN = 300'000;
  std::vector<std::size_t> offsets(kN + 1);
  std::vector<NodeIndex> targets(kN);
  for (NodeIndex u = 0; u < kN; ++u) {
    offsets[u + 1] = u + 1;
    targets[u] = (u + 1) % kN;
  }
  std::uint32_t count = 0;
  std::vector<std::uint32_t> component = osm_internal::StrongComponents(offsets, targets, count);
  EXPECT_EQ(count, 1U);
  EXPECT_EQ(std::count(component.begin(), component.end(), component[0]),
            static_cast<std::ptrdiff_t>(kN));
  // Open the cycle: a one-way chain has one component per node.
  targets.pop_back();
  offsets.back() = kN - 1;
  component = osm_internal::StrongComponents(offsets, targets, count);
  EXPECT_EQ(count, kN);
  // Two cycles joined one way: 2 components.
  const std::vector<std::size_t> o = {0, 1, 3, 4, 5};
  const std::vector<NodeIndex> t = {1, 0, 2, 3, 2};
  component = osm_internal::StrongComponents(o, t, count);
  EXPECT_EQ(count, 2U);
  EXPECT_EQ(component[0], component[1]);
  EXPECT_EQ(component[2], component[3]);
  EXPECT_NE(component[0], component[2]);
}

// ---- the real extracts ----

TEST(OsmRealData, AndorraPbfAndXmlGiveTheSameGraph) {
  const std::string dir = kRoads;
  ELINK_REQUIRE_DATA(dir + "/andorra.osm.pbf");
  ELINK_REQUIRE_DATA(dir + "/andorra.osm.gz");
  const ImportedRoads pbf = Load(dir + "/andorra.osm.pbf");
  const ImportedRoads xml = Load(dir + "/andorra.osm.gz");
  EXPECT_EQ(pbf.graph.node_count(), 20'388U);
  EXPECT_EQ(pbf.graph.node_count(), xml.graph.node_count());
  EXPECT_EQ(pbf.graph.edge_count(), xml.graph.edge_count());
  std::vector<EdgeKey> a = EdgeList(pbf);
  std::vector<EdgeKey> b = EdgeList(xml);
  std::vector<EdgeKey> only_pbf;
  std::vector<EdgeKey> only_xml;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(only_pbf));
  std::set_difference(b.begin(), b.end(), a.begin(), a.end(), std::back_inserter(only_xml));
  // The files are two snapshots a week apart (PROVENANCE.md). The one difference the road graph
  // sees: way 6185986 (secondary, 35 segments, two-way) is "FIXME: Missing name" in the XML of
  // 2013-05-22 and "Av. de Joan Martí" in the PBF of 2013-05-28. Same nodes, times, lengths and
  // classes: only the name differs, on exactly those 70 edges.
  ASSERT_EQ(only_pbf.size(), 70U);
  ASSERT_EQ(only_xml.size(), 70U);
  for (std::size_t i = 0; i < only_pbf.size(); ++i) {
    EXPECT_EQ(std::get<5>(only_pbf[i]), "Av. de Joan Martí");
    EXPECT_EQ(std::get<5>(only_xml[i]), "");
    EdgeKey unnamed = only_pbf[i];
    std::get<5>(unnamed) = "";
    EXPECT_EQ(unnamed, only_xml[i]);
  }
  EXPECT_EQ(pbf.graph.names().size(), xml.graph.names().size() + 1);
  // Restrictions, barriers and POIs agree too, except one more mountain hut in the XML.
  EXPECT_EQ(pbf.report.blocking_barriers, xml.report.blocking_barriers);
  EXPECT_EQ(pbf.report.restrictions_read, xml.report.restrictions_read);
  EXPECT_EQ(pbf.report.pois[1], xml.report.pois[1]);
  EXPECT_EQ(pbf.report.pois[2], xml.report.pois[2]);
}

struct Extract {
  const char* path;
  std::uint64_t min_nodes;
  std::uint64_t min_oneway_ways;
};

TEST(OsmRealData, EveryExtractImportsPlausibly) {
  for (const Extract& x :
       {Extract{"/andorra.osm.pbf", 15'000, 200}, Extract{"/andorra.osm.gz", 15'000, 200},
        Extract{"/sf-north.osm.gz", 10'000, 1'000}, Extract{"/baltimore.osm.pbf", 10'000, 500},
        Extract{"/helsinki-centre.osm.pbf", 1'500, 300}}) {
    SCOPED_TRACE(x.path);
    ELINK_REQUIRE_DATA(kRoads + x.path);
    const ImportedRoads r = Load(kRoads + x.path);
    const OsmImportReport& rep = r.report;
    EXPECT_GE(r.graph.node_count(), x.min_nodes);
    EXPECT_GE(rep.oneway_ways, x.min_oneway_ways);
    EXPECT_EQ(r.osm_node_ids.size(), r.graph.node_count());
    EXPECT_EQ(rep.graph_nodes, r.graph.node_count());
    // The largest component holds most of the network.
    EXPECT_GE(rep.graph_nodes * 100, rep.nodes_before_components * 85);
    EXPECT_EQ(rep.graph_nodes + rep.nodes_dropped, rep.nodes_before_components);
    EXPECT_EQ(rep.graph_edges + rep.edges_dropped, rep.edges_before_components);
    EXPECT_EQ(rep.restrictions_read, rep.restrictions_applied + SkippedTotal(rep));
    EXPECT_GT(r.graph.names().size(), 50U);
    ASSERT_TRUE(r.graph.has_coordinates());
    for (NodeIndex u = 0; u < r.graph.node_count(); ++u) {
      for (std::size_t e = r.graph.EdgeBegin(u); e < r.graph.EdgeEnd(u); ++e) {
        ASSERT_GE(r.graph.Time(e), 1U);
        // Length and time agree within the profile's speed bounds (5..110 km/h, and down to
        // 2.5 km/h on a track or driveway at its penalty of 2; Load() imports at free flow).
        ASSERT_LE(r.graph.LengthM(e), r.graph.Time(e) * 110 / 36 + 2);
        ASSERT_GE(r.graph.LengthM(e) + 1, r.graph.Time(e) * 5 / 72);
      }
    }
    ExpectStronglyConnected(r);
  }
  const ImportedRoads baltimore = Load(kRoads + "/baltimore.osm.pbf");
  EXPECT_EQ(baltimore.report.pois[static_cast<std::size_t>(PoiKind::kFireStation)], 10U);
  EXPECT_GE(baltimore.report.pois[static_cast<std::size_t>(PoiKind::kHospital)], 8U);
  EXPECT_GE(baltimore.report.pois[static_cast<std::size_t>(PoiKind::kPolice)], 4U);
  const ImportedRoads andorra = Load(kRoads + "/andorra.osm.pbf");
  EXPECT_EQ(andorra.report.pois[static_cast<std::size_t>(PoiKind::kHospital)], 7U);
  EXPECT_EQ(andorra.report.pois[static_cast<std::size_t>(PoiKind::kPolice)], 2U);
  const ImportedRoads helsinki = Load(kRoads + "/helsinki-centre.osm.pbf");
  EXPECT_GE(helsinki.report.restrictions_applied, 30U);
  EXPECT_GT(helsinki.report.via_nodes_split, 20U);
  EXPECT_GT(helsinki.report.missing_nodes, 0U);  // the extract is cut at its bbox
}

}  // namespace
}  // namespace elink::geo
