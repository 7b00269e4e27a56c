// SPDX-License-Identifier: Apache-2.0
// The real DIMACS New York graph from ../shared/data/dimacs-ny (see its PROVENANCE.md).
#include "geo/ch.hpp"
#include "geo/dijkstra.hpp"
#include "geo/dimacs.hpp"
#include "geo_test_util.hpp"

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

const std::string kDir = ELINK_SOURCE_DIR "/../shared/data/dimacs-ny";

TEST(NewYorkTest, LoadsAndChMatchesDijkstra) {
  if (!std::filesystem::exists(kDir + "/USA-road-t.NY.gr.gz")) {
    GTEST_SKIP() << "no DIMACS NY data at " << kDir;
  }
  const Result<RoadGraph> loaded = LoadDimacs({.time_gr = kDir + "/USA-road-t.NY.gr.gz",
                                               .distance_gr = kDir + "/USA-road-d.NY.gr.gz",
                                               .coordinates = kDir + "/USA-road-d.NY.co.gz"});
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
  std::mt19937 rng(20260101);
  std::uniform_int_distribution<NodeIndex> node(0, g.node_count() - 1);
  std::size_t pairs = 0;
  for (int i = 0; i < 100; ++i) {
    const NodeIndex s = node(rng);
    const std::vector<Distance> oracle = DijkstraAll(g, s).value();
    for (int j = 0; j < 100; ++j, ++pairs) {
      const NodeIndex t = node(rng);
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
  EXPECT_EQ(pairs, 10'000U);
}

}  // namespace
}  // namespace elink::geo
