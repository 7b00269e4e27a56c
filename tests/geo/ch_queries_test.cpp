// SPDX-License-Identifier: Apache-2.0
// The many-source / many-target queries of the contraction hierarchy (ChQuery between endpoints,
// ChSweep, TimeMatrix) and the bidirectional Dijkstra baseline, each against plain Dijkstra.
#include "geo/ch.hpp"
#include "geo/dijkstra.hpp"
#include "geo/graph.hpp"
#include "geo_test_util.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

namespace elink::geo {
namespace {

using testing::HandMadeGraph;
using testing::PathTime;
using testing::RandomGraph;

std::vector<Endpoint> RandomEndpoints(std::mt19937& rng, NodeIndex n) {
  std::uniform_int_distribution<NodeIndex> node(0, n - 1);
  std::uniform_int_distribution<Distance> offset(0, 300);
  std::vector<Endpoint> out(1 + rng() % 2);
  for (Endpoint& e : out) e = {node(rng), offset(rng)};
  return out;
}

// Best over the target endpoints of (time to the endpoint's node + its offset).
Distance BestArrival(const std::vector<Distance>& dist, const std::vector<Endpoint>& targets) {
  Distance best = kUnreachable;
  for (const Endpoint& t : targets) {
    if (dist[t.node] != kUnreachable) best = std::min(best, dist[t.node] + t.offset);
  }
  return best;
}

class ChQueriesTest : public ::testing::TestWithParam<std::uint32_t> {
 protected:
  static constexpr NodeIndex kN = 2000;
  void SetUp() override {
    graph_ = RandomGraph(GetParam(), kN);
    reverse_ = ReverseGraph(graph_);
    ch_ = ContractionHierarchy::Build(graph_, {.witness_settled_limit = 40});
  }
  RoadGraph graph_;
  RoadGraph reverse_;
  ContractionHierarchy ch_;
};

TEST_P(ChQueriesTest, SweepFromSourcesEqualsDijkstra) {
  ChSweep sweep(ch_);
  std::mt19937 rng(GetParam());
  for (int i = 0; i < 20; ++i) {
    const std::vector<Endpoint> sources = RandomEndpoints(rng, kN);
    const std::vector<Distance> oracle = DijkstraAll(graph_, sources).value();
    ASSERT_TRUE(sweep.FromSources(sources).ok());
    ASSERT_EQ(sweep.Times(), oracle) << "round " << i;
    for (NodeIndex u = 0; u < kN; u += 97) ASSERT_EQ(sweep.TimeAt(u), oracle[u]);
  }
}

TEST_P(ChQueriesTest, SweepToTargetsEqualsDijkstraOnReversedGraph) {
  ChSweep sweep(ch_);
  std::mt19937 rng(GetParam() + 7);
  for (int i = 0; i < 20; ++i) {
    const std::vector<Endpoint> targets = RandomEndpoints(rng, kN);
    // Times to the targets are times from them in the reversed graph.
    const std::vector<Distance> oracle = DijkstraAll(reverse_, targets).value();
    ASSERT_TRUE(sweep.ToTargets(targets).ok());
    ASSERT_EQ(sweep.Times(), oracle) << "round " << i;
    // A point's time is the best over its endpoints with their offsets.
    const std::vector<Endpoint> unit = RandomEndpoints(rng, kN);
    ASSERT_EQ(sweep.TimeAt(unit), BestArrival(oracle, unit));
  }
}

TEST_P(ChQueriesTest, EndpointRoutesEqualDijkstra) {
  ChQuery q(ch_);
  std::mt19937 rng(GetParam() + 11);
  int found = 0;
  for (int i = 0; i < 300; ++i) {
    const std::vector<Endpoint> sources = RandomEndpoints(rng, kN);
    const std::vector<Endpoint> targets = RandomEndpoints(rng, kN);
    const Distance expected = BestArrival(DijkstraAll(graph_, sources).value(), targets);
    const Result<Route> r = q.FindRoute(sources, targets);
    if (expected == kUnreachable) {
      ASSERT_EQ(r.status().code(), StatusCode::kNotFound);
      continue;
    }
    ++found;
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    ASSERT_EQ(r->time, expected);
    // The path runs between one source endpoint and one target endpoint, and its edges plus those
    // two offsets make up the time.
    const auto src = std::find_if(sources.begin(), sources.end(),
                                  [&](const Endpoint& e) { return e.node == r->nodes.front(); });
    const auto dst = std::find_if(targets.begin(), targets.end(),
                                  [&](const Endpoint& e) { return e.node == r->nodes.back(); });
    ASSERT_NE(src, sources.end());
    ASSERT_NE(dst, targets.end());
    Distance best_offsets = kUnreachable;
    for (const Endpoint& s : sources) {
      for (const Endpoint& t : targets) {
        if (s.node == r->nodes.front() && t.node == r->nodes.back()) {
          best_offsets = std::min(best_offsets, s.offset + t.offset);
        }
      }
    }
    ASSERT_EQ(PathTime(graph_, r->nodes) + best_offsets, r->time);
  }
  EXPECT_GT(found, 200);
}

TEST_P(ChQueriesTest, MatrixEqualsPerPairDijkstra) {
  std::mt19937 rng(GetParam() + 13);
  std::vector<std::vector<Endpoint>> sources(100);
  std::vector<std::vector<Endpoint>> targets(100);
  for (auto& s : sources) s = RandomEndpoints(rng, kN);
  for (auto& t : targets) t = RandomEndpoints(rng, kN);
  const std::vector<Distance> m = TimeMatrix(ch_, sources, targets).value();
  ASSERT_EQ(m.size(), 10'000U);
  for (std::size_t i = 0; i < sources.size(); ++i) {
    const std::vector<Distance> oracle = DijkstraAll(graph_, sources[i]).value();
    for (std::size_t j = 0; j < targets.size(); ++j) {
      ASSERT_EQ(m[i * targets.size() + j], BestArrival(oracle, targets[j])) << i << "," << j;
    }
  }
}

TEST_P(ChQueriesTest, BidirectionalDijkstraEqualsDijkstra) {
  std::mt19937 rng(GetParam() + 17);
  std::uniform_int_distribution<NodeIndex> node(0, kN - 1);
  for (int i = 0; i < 50; ++i) {
    const NodeIndex s = node(rng);
    const std::vector<Distance> oracle = DijkstraAll(graph_, s).value();
    for (int j = 0; j < 20; ++j) {
      const NodeIndex t = node(rng);
      const Result<Distance> d = BidirectionalDijkstraTime(graph_, reverse_, s, t);
      if (oracle[t] == kUnreachable) {
        ASSERT_EQ(d.status().code(), StatusCode::kNotFound);
      } else {
        ASSERT_EQ(d.value(), oracle[t]) << s << "->" << t;
      }
    }
  }
}

TEST_P(ChQueriesTest, SourceIndexFollowsMovingSourcesAndEqualsDijkstra) {
  ChSourceIndex index(ch_);
  std::mt19937 rng(GetParam() + 19);
  std::vector<std::vector<Endpoint>> units(80);
  for (std::uint32_t id = 0; id < units.size(); ++id) {
    units[id] = RandomEndpoints(rng, kN);
    ASSERT_TRUE(index.Set(id, units[id]).ok());
  }
  std::vector<Distance> times;
  for (int round = 0; round < 30; ++round) {
    // Between queries some units move and one leaves (an AVL report, going out of service).
    for (int k = 0; k < 5; ++k) {
      const auto id = static_cast<std::uint32_t>(rng() % units.size());
      units[id] = RandomEndpoints(rng, kN);
      ASSERT_TRUE(index.Set(id, units[id]).ok());
    }
    const auto gone = static_cast<std::uint32_t>(rng() % units.size());
    index.Remove(gone);
    const std::vector<Endpoint> incident = RandomEndpoints(rng, kN);
    const std::vector<Distance> to_incident = DijkstraAll(reverse_, incident).value();
    ASSERT_TRUE(index.TimesTo(incident, times).ok());
    ASSERT_EQ(times.size(), units.size());
    for (std::uint32_t id = 0; id < units.size(); ++id) {
      const Distance expected = id == gone ? kUnreachable : BestArrival(to_incident, units[id]);
      ASSERT_EQ(times[id], expected) << "round " << round << " unit " << id;
    }
    ASSERT_TRUE(index.Set(gone, units[gone]).ok());
  }
  EXPECT_EQ(index.source_count(), units.size());
  const std::vector<Endpoint> bad = {{kN + 1, 0}};
  EXPECT_EQ(index.Set(3, bad).field(), "endpoints[0]");
  EXPECT_EQ(index.source_count(), units.size()) << "a refused move keeps the unit where it was";
  EXPECT_EQ(index.Set(ChSourceIndex::kMaxSourceId, units[0]).field(), "id");
  EXPECT_EQ(index.TimesTo({}, times).field(), "targets");
}

INSTANTIATE_TEST_SUITE_P(Seeds, ChQueriesTest, ::testing::Values(21U, 22U, 23U));

TEST(ChQueriesBadInputTest, RefusedWithFieldAndNoEffect) {
  const RoadGraph g = HandMadeGraph();
  const ContractionHierarchy ch = ContractionHierarchy::Build(g);
  ChQuery q(ch);
  const std::vector<Endpoint> ok = {{0, 0}};
  const std::vector<Endpoint> none;
  const std::vector<Endpoint> bad = {{1, 0}, {99, 0}};
  const std::vector<Endpoint> huge = {{1, kUnreachable - 1}};
  EXPECT_EQ(q.FindRoute(none, ok).status().field(), "sources");
  EXPECT_EQ(q.FindRoute(ok, bad).status().field(), "targets[1]");
  EXPECT_EQ(q.FindRoute(huge, ok).status().code(), StatusCode::kInvalidArgument);
  ChSweep sweep(ch);
  ASSERT_TRUE(sweep.FromSources(ok).ok());
  const std::vector<Distance> before = sweep.Times();
  EXPECT_EQ(sweep.FromSources(bad).field(), "sources[1]");
  EXPECT_EQ(sweep.ToTargets(none).field(), "targets");
  EXPECT_EQ(sweep.Times(), before) << "a refused call leaves the last answer";
  const std::vector<std::vector<Endpoint>> rows = {ok, bad};
  EXPECT_EQ(TimeMatrix(ch, rows, rows).status().field(), "sources[1][1]");
  const std::vector<std::vector<Endpoint>> good = {ok};
  EXPECT_TRUE(TimeMatrix(ch, {}, good).value().empty());
  const RoadGraph reverse = ReverseGraph(g);
  EXPECT_EQ(BidirectionalDijkstraTime(g, reverse, 0, 9).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(BidirectionalDijkstraTime(g, reverse, 3, 0).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(BidirectionalDijkstraTime(g, reverse, 0, 3).value(), 7U);
}

}  // namespace
}  // namespace elink::geo
