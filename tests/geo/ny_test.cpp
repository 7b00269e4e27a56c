// SPDX-License-Identifier: Apache-2.0
// The real DIMACS New York graph from data/roads/dimacs-ny (see data/PROVENANCE.md).
#include "geo/ch.hpp"
#include "geo/dijkstra.hpp"
#include "geo/dimacs.hpp"
#include "geo_test_util.hpp"
#include "support/data_files.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <string>
#include <vector>

namespace elink::geo {
namespace {

using testing::HandMadeGraph;
using testing::Make;
using testing::PathTime;

const std::string kDir = elink::testing::DataPath("roads/dimacs-ny");

TEST(NewYorkTest, LoadsAndChMatrixSweepMatchDijkstra) {
  ELINK_REQUIRE_DATA(kDir + "/USA-road-t.NY.gr.gz");
  ELINK_REQUIRE_DATA(kDir + "/USA-road-d.NY.co.gz");
  const Result<RoadGraph> loaded = LoadDimacs(
      {.time_gr = kDir + "/USA-road-t.NY.gr.gz", .coordinates = kDir + "/USA-road-d.NY.co.gz"});
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  const RoadGraph& g = *loaded;
  ASSERT_EQ(g.node_count(), 264'346U);
  ASSERT_EQ(g.edge_count(), 733'846U);
  ASSERT_TRUE(g.has_coordinates());
  for (NodeIndex u = 0; u < g.node_count(); ++u) {
    const LatLonE6 c = g.Coordinate(u);
    ASSERT_GE(c.lon_e6, -74'500'000);
    ASSERT_LE(c.lon_e6, -73'500'000);
    ASSERT_GE(c.lat_e6, 40'300'000);
    ASSERT_LE(c.lat_e6, 41'300'000);
  }

  const ContractionHierarchy ch = ContractionHierarchy::Build(g);
  ChQuery q(ch);
  ChSweep sweep(ch);
  std::mt19937 rng(20260101);
  std::uniform_int_distribution<NodeIndex> node(0, g.node_count() - 1);
  // 100 sources x the same 100 targets, so that the matrix covers the same 10,000 pairs.
  std::vector<std::vector<Endpoint>> rows(100);
  std::vector<std::vector<Endpoint>> cols(100);
  for (auto& r : rows) r = {{node(rng), 0}};
  for (auto& c : cols) c = {{node(rng), 0}};
  const std::vector<Distance> matrix = TimeMatrix(ch, rows, cols).value();
  std::size_t pairs = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const NodeIndex s = rows[i][0].node;
    const std::vector<Distance> oracle = DijkstraAll(g, s).value();
    if (i % 25 == 0) {
      ASSERT_TRUE(sweep.FromSources(rows[i]).ok());
      ASSERT_EQ(sweep.Times(), oracle) << "one-to-all from " << s;
    }
    for (std::size_t j = 0; j < cols.size(); ++j, ++pairs) {
      const NodeIndex t = cols[j][0].node;
      ASSERT_EQ(matrix[i * cols.size() + j], oracle[t]) << "matrix " << i << "," << j;
      if (oracle[t] == kUnreachable) {
        ASSERT_EQ(q.Time(s, t).status().code(), StatusCode::kNotFound);
        continue;
      }
      ASSERT_EQ(q.Time(s, t).value(), oracle[t]) << s << "->" << t;
      if (j % 10 == 0) {
        const Route r = q.FindRoute(s, t).value();
        ASSERT_EQ(r.nodes.front(), s);
        ASSERT_EQ(r.nodes.back(), t);
        ASSERT_EQ(PathTime(g, r.nodes), oracle[t]) << s << "->" << t;
      }
    }
  }
  // All-to-one (the dispatch query) against Dijkstra on the reversed graph.
  const RoadGraph reverse = ReverseGraph(g);
  ASSERT_TRUE(sweep.ToTargets(cols[0]).ok());
  ASSERT_EQ(sweep.Times(), DijkstraAll(reverse, cols[0][0].node).value());
  EXPECT_EQ(pairs, 10'000U);
}

}  // namespace
}  // namespace elink::geo
