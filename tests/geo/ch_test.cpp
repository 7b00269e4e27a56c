// SPDX-License-Identifier: Apache-2.0
#include "geo/ch.hpp"

#include "geo/dijkstra.hpp"
#include "geo/graph.hpp"
#include "geo_test_util.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <thread>
#include <utility>
#include <vector>

namespace elink::geo {
namespace {

using testing::HandMadeGraph;
using testing::Make;
using testing::PathTime;
using testing::RandomGraph;

TEST(ChTest, HandMadeGraph) {
  const RoadGraph g = HandMadeGraph();
  const ContractionHierarchy ch = ContractionHierarchy::Build(g);
  ChQuery q(ch);
  EXPECT_EQ(q.Time(0, 3).value(), 7U);
  const Route r = q.FindRoute(0, 3).value();
  EXPECT_EQ(r.time, 7U);
  EXPECT_EQ(r.nodes, (std::vector<NodeIndex>{0, 1, 2, 3}));
  EXPECT_EQ(q.Time(3, 0).status().code(), StatusCode::kNotFound) << "one-way";
  EXPECT_EQ(q.Time(0, 5).status().code(), StatusCode::kNotFound) << "other component";
  EXPECT_EQ(q.Time(4, 5).value(), 1U);
  EXPECT_EQ(q.FindRoute(2, 2).value().nodes, (std::vector<NodeIndex>{2}));
  EXPECT_EQ(q.Time(0, 6).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(q.Time(60, 0).status().code(), StatusCode::kInvalidArgument);
}

TEST(ChTest, LongLineNeedsNestedShortcuts) {
  constexpr NodeIndex kN = 500;
  std::vector<EdgeInput> edges;
  for (NodeIndex i = 0; i + 1 < kN; ++i) {
    edges.push_back({i, i + 1, i % 7 + 1, 0});
    edges.push_back({i + 1, i, i % 5 + 1, 0});
  }
  const RoadGraph g = Make(kN, edges);
  const ContractionHierarchy ch = ContractionHierarchy::Build(g);
  ChQuery q(ch);
  const Route r = q.FindRoute(0, kN - 1).value();
  ASSERT_EQ(r.nodes.size(), kN);
  for (NodeIndex i = 0; i < kN; ++i) EXPECT_EQ(r.nodes[i], i);
  EXPECT_EQ(PathTime(g, r.nodes), r.time);
  EXPECT_EQ(q.Time(kN - 1, 0).value(), DijkstraRoute(g, kN - 1, 0).value().time);
}

TEST(ChTest, EmptyAndSingleNode) {
  const RoadGraph empty = Make(0, {});
  const ContractionHierarchy ch0 = ContractionHierarchy::Build(empty);
  ChQuery q0(ch0);
  EXPECT_EQ(q0.Time(0, 0).status().code(), StatusCode::kInvalidArgument);
  const RoadGraph one = Make(1, {{0, 0, 5, 0}});
  const ContractionHierarchy ch1 = ContractionHierarchy::Build(one);
  ChQuery q1(ch1);
  EXPECT_EQ(q1.Time(0, 0).value(), 0U);
}

TEST(ChTest, ReportsProgress) {
  const RoadGraph g = Make(300, {{0, 1, 1, 0}});
  std::size_t calls = 0;
  std::size_t last_done = 0;
  std::size_t last_total = 0;
  ChOptions options;
  options.progress = [&](std::size_t done, std::size_t total) {
    ++calls;
    EXPECT_GE(done, last_done);
    last_done = done;
    last_total = total;
  };
  (void)ContractionHierarchy::Build(g, options);
  EXPECT_GE(calls, 2U);
  EXPECT_EQ(last_done, 300U);
  EXPECT_EQ(last_total, 300U);
}

class ChOracleTest : public ::testing::TestWithParam<std::uint32_t> {};

TEST_P(ChOracleTest, MatchesDijkstraOnRandomGraphs) {
  constexpr NodeIndex kN = 2000;
  const RoadGraph g = RandomGraph(GetParam(), kN);
  const ContractionHierarchy ch = ContractionHierarchy::Build(g, {.witness_settled_limit = 30});
  ChQuery q(ch);
  std::mt19937 rng(GetParam() + 1000);
  std::uniform_int_distribution<NodeIndex> node(0, kN - 1);
  std::size_t pairs = 0;
  std::size_t unreachable = 0;
  // 100 sources x 100 targets: one Dijkstra per source serves its 100 pairs.
  for (int i = 0; i < 100; ++i) {
    const NodeIndex s = node(rng);
    const std::vector<Distance> oracle = DijkstraAll(g, s).value();
    for (int j = 0; j < 100; ++j, ++pairs) {
      const NodeIndex t = node(rng);
      const Result<Route> r = q.FindRoute(s, t);
      if (oracle[t] == kUnreachable) {
        ++unreachable;
        ASSERT_EQ(r.status().code(), StatusCode::kNotFound) << s << "->" << t;
        continue;
      }
      ASSERT_TRUE(r.ok()) << s << "->" << t << ": " << r.status().ToString();
      ASSERT_EQ(r->time, oracle[t]) << s << "->" << t;
      ASSERT_EQ(q.Time(s, t).value(), oracle[t]);
      ASSERT_EQ(r->nodes.front(), s);
      ASSERT_EQ(r->nodes.back(), t);
      ASSERT_EQ(PathTime(g, r->nodes), oracle[t]) << s << "->" << t;
    }
  }
  EXPECT_EQ(pairs, 10'000U);
  EXPECT_GT(unreachable, 0U) << "the isolated tail nodes should show up";
  EXPECT_LT(unreachable, pairs / 2);
}

INSTANTIATE_TEST_SUITE_P(Seeds, ChOracleTest, ::testing::Values(1U, 2U, 3U, 4U));

TEST(ChTest, WitnessLimitDoesNotChangeAnswers) {
  const RoadGraph g = RandomGraph(9, 1500);
  const ContractionHierarchy tight = ContractionHierarchy::Build(g, {.witness_settled_limit = 1});
  const ContractionHierarchy loose =
      ContractionHierarchy::Build(g, {.witness_settled_limit = 5000});
  EXPECT_GE(tight.shortcut_count(), loose.shortcut_count());
  ChQuery a(tight);
  ChQuery b(loose);
  std::mt19937 rng(5);
  std::uniform_int_distribution<NodeIndex> node(0, 1499);
  for (int i = 0; i < 2000; ++i) {
    const NodeIndex s = node(rng);
    const NodeIndex t = node(rng);
    const Result<Distance> x = a.Time(s, t);
    const Result<Distance> y = b.Time(s, t);
    ASSERT_EQ(x.ok(), y.ok());
    if (x.ok()) {
      ASSERT_EQ(*x, *y);
    }
  }
}

TEST(ChTest, ConcurrentQueriesOnSharedHierarchy) {
  constexpr NodeIndex kN = 1500;
  const RoadGraph g = RandomGraph(11, kN);
  const ContractionHierarchy ch = ContractionHierarchy::Build(g);
  std::vector<std::pair<NodeIndex, NodeIndex>> pairs;
  std::vector<Distance> expected;
  std::mt19937 rng(12);
  std::uniform_int_distribution<NodeIndex> node(0, kN - 1);
  for (int i = 0; i < 400; ++i) {
    pairs.emplace_back(node(rng), node(rng));
    const Result<Route> r = DijkstraRoute(g, pairs.back().first, pairs.back().second);
    expected.push_back(r.ok() ? r->time : kUnreachable);
  }
  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < mismatches.size(); ++t) {
    threads.emplace_back([&, t] {
      ChQuery q(ch);  // one scratch space per thread; the hierarchy itself is shared
      for (std::size_t i = 0; i < pairs.size(); ++i) {
        const Result<Distance> d = q.Time(pairs[i].first, pairs[i].second);
        if ((d.ok() ? *d : kUnreachable) != expected[i]) ++mismatches[t];
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (const int m : mismatches) EXPECT_EQ(m, 0);
}

}  // namespace
}  // namespace elink::geo
