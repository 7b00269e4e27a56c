// SPDX-License-Identifier: Apache-2.0
// Every OpenStreetMap extract in data/roads, imported with the emergency profile: contraction
// hierarchy times and paths, 100 x 100 matrices, one-to-all sweeps and isochrones against plain
// Dijkstra on the same integer weights (10,000 pairs per graph), and the graph file round trip.
#include "geo/ch.hpp"
#include "geo/dijkstra.hpp"
#include "geo/graph_file.hpp"
#include "geo/isochrone.hpp"
#include "geo/osm_import.hpp"
#include "geo_test_util.hpp"
#include "support/data_files.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

namespace elink::geo {
namespace {

using testing::PathTime;

const std::string kData = elink::testing::DataPath("roads");

class OsmOracleTest : public ::testing::TestWithParam<const char*> {};

TEST_P(OsmOracleTest, ChMatrixSweepAndIsochroneEqualDijkstra) {
  const std::string path = kData + "/" + GetParam();
  ELINK_REQUIRE_DATA(path);
  const Result<ImportedRoads> imported = ImportOsm(path);
  ASSERT_TRUE(imported.ok()) << imported.status().ToString();
  const RoadGraph& g = imported->graph;
  ASSERT_GT(g.node_count(), 1000U);
  const ContractionHierarchy ch = ContractionHierarchy::Build(g);

  // The graph file round trip gives a hierarchy that answers the same.
  elink::testing::TempDir dir;
  const std::string file = (dir / "g.graph").string();
  ASSERT_TRUE(WriteGraphFile(file, g, &ch, {.source = GetParam(), .profile = "emergency"}).ok());
  Result<LoadedGraph> loaded = ReadGraphFile(file);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  ASSERT_TRUE(loaded->ch.has_value());
  ChQuery q(*loaded->ch);
  ChSweep sweep(*loaded->ch);

  std::mt19937 rng(7);
  std::uniform_int_distribution<NodeIndex> node(0, g.node_count() - 1);
  std::vector<NodeIndex> sources(100);
  std::vector<NodeIndex> targets(100);
  for (NodeIndex& s : sources) s = node(rng);
  for (NodeIndex& t : targets) t = node(rng);
  std::vector<std::vector<Endpoint>> rows;
  std::vector<std::vector<Endpoint>> cols;
  for (const NodeIndex s : sources) rows.push_back({{s, 0}});
  for (const NodeIndex t : targets) cols.push_back({{t, 0}});
  const std::vector<Distance> matrix = TimeMatrix(*loaded->ch, rows, cols).value();

  std::size_t pairs = 0;
  for (std::size_t i = 0; i < sources.size(); ++i) {
    const std::vector<Distance> oracle = DijkstraAll(g, sources[i]).value();
    for (std::size_t j = 0; j < targets.size(); ++j, ++pairs) {
      const NodeIndex t = targets[j];
      // The largest strongly connected component is all that is kept: everything is reachable.
      ASSERT_NE(oracle[t], kUnreachable) << sources[i] << "->" << t;
      ASSERT_EQ(q.Time(sources[i], t).value(), oracle[t]) << sources[i] << "->" << t;
      ASSERT_EQ(matrix[i * targets.size() + j], oracle[t]) << i << "," << j;
      if (j % 10 == 0) {
        const Route r = q.FindRoute(sources[i], t).value();
        ASSERT_EQ(PathTime(g, r.nodes), oracle[t]);
      }
    }
    if (i % 20 == 0) {
      const Endpoint start{sources[i], 0};
      ASSERT_TRUE(sweep.FromSources({&start, 1}).ok());
      ASSERT_EQ(sweep.Times(), oracle);
      // Isochrone of a third of the farthest time: Dijkstra's reachable nodes all inside.
      const Distance limit = *std::max_element(oracle.begin(), oracle.end()) / 3;
      const Isochrone iso = ComputeIsochrone(g, oracle, limit).value();
      std::size_t reachable = 0;
      for (NodeIndex u = 0; u < g.node_count(); ++u) {
        if (oracle[u] > limit) continue;
        ++reachable;
        const LatLonE6 c = g.Coordinate(u);
        const bool inside =
            std::any_of(iso.polygons.begin(), iso.polygons.end(), [&](const PolygonRings& p) {
              return PolygonContains(p, c.lon_e6 / 1e6, c.lat_e6 / 1e6);
            });
        ASSERT_TRUE(inside) << "node " << u << " reachable in " << oracle[u];
      }
      EXPECT_EQ(iso.reachable_nodes, reachable);
    }
  }
  EXPECT_EQ(pairs, 10'000U);
}

INSTANTIATE_TEST_SUITE_P(Extracts, OsmOracleTest,
                         ::testing::Values("andorra.osm.pbf", "andorra.osm.gz", "baltimore.osm.pbf",
                                           "helsinki-centre.osm.pbf", "sf-north.osm.gz"));

}  // namespace
}  // namespace elink::geo
