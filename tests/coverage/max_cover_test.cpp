// SPDX-License-Identifier: Apache-2.0
// Maximal covering against brute force on small random problems; the covered weight and share
// of given sites; move-up advice against the best single move found by brute force.
#include "coverage/max_cover.hpp"

#include "test_util.hpp"

#include <gtest/gtest.h>

#include <string>

namespace elink::coverage {
namespace {

TEST(MaxCoverTest, MatchesBruteForceOnSmallRandomProblems) {
  for (std::uint32_t seed = 1; seed <= 60; ++seed) {
    const int demands = 5 + static_cast<int>(seed % 23);
    const int sites = 3 + static_cast<int>(seed % 10);
    const int p = 1 + static_cast<int>(seed % 4) % sites;
    const CoverProblem pr = testing::RandomCover(seed, demands, sites, p, 150 + 25 * (seed % 12));
    SCOPED_TRACE("seed " + std::to_string(seed));
    const Cost brute = testing::BruteMaxCover(pr);
    const Result<CoverSolution> exact = SolveMaxCover(pr);
    ASSERT_TRUE(exact.ok()) << exact.status().ToString();
    EXPECT_EQ(exact->covered, brute);
    EXPECT_TRUE(exact->proven_optimal);
    EXPECT_EQ(testing::CoveredBy(pr, exact->open), exact->covered);
    ASSERT_EQ(static_cast<int>(exact->open.size()), p);
    // The heuristic alone: a feasible set, never more than the optimum.
    CoverOptions no_exact;
    no_exact.max_exact_sets = 0;
    const Result<CoverSolution> heur = SolveMaxCover(pr, no_exact);
    ASSERT_TRUE(heur.ok());
    EXPECT_LE(heur->covered, brute);
    EXPECT_EQ(testing::CoveredBy(pr, heur->open), heur->covered);
    EXPECT_EQ(heur->proven_optimal, heur->covered == heur->total);
  }
}

TEST(MaxCoverTest, CoveredWeightAndShareOfGivenSites) {
  // Demands on a line at 0, 10, 20, 30 (weights 1, 2, 3, 4); sites at 0 and 30; standard 10.
  CoverProblem pr;
  pr.demands = 4;
  pr.sites = 2;
  pr.cost = {0, 30, 10, 20, 20, 10, 30, 0};
  pr.weight = {1, 2, 3, 4};
  pr.standard = 10;
  EXPECT_EQ(*CoveredWeight(pr, {0}), 3);
  EXPECT_EQ(*CoveredWeight(pr, {1}), 7);
  EXPECT_EQ(*CoveredWeight(pr, {0, 1}), 10);
  EXPECT_EQ(*CoveredWeight(pr, {1, 1}), 7);  // two units at one station
  EXPECT_EQ(*CoveredWeight(pr, {}), 0);
  EXPECT_DOUBLE_EQ(*CoverageShare(pr, {1}), 0.7);
  const Result<Cost> bad = CoveredWeight(pr, {0, 2});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().field(), "open[1]");
  pr.weight = {0, 0, 0, 0};
  EXPECT_DOUBLE_EQ(*CoverageShare(pr, {}), 1.0);
}

TEST(MaxCoverTest, MoveUpsRestoreTheMostCoverageOneMoveAtATime) {
  for (std::uint32_t seed = 1; seed <= 30; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    const CoverProblem pr = testing::RandomCover(seed, 40, 12, 1, 250);
    // Three free units bunched at sites 0 and 1; every site is a station they may move to.
    const std::vector<int> positions = {0, 0, 1};
    std::vector<int> stations;
    for (int s = 0; s < pr.sites; ++s) stations.push_back(s);
    const Result<std::vector<MoveUp>> moves = ProposeMoveUps(pr, positions, stations, 2);
    ASSERT_TRUE(moves.ok()) << moves.status().ToString();
    // The first move is the best single move, by brute force.
    const Cost now = testing::CoveredBy(pr, positions);
    Cost best_single = now;
    for (std::size_t u = 0; u < positions.size(); ++u) {
      for (int s : stations) {
        std::vector<int> after = positions;
        after[u] = s;
        best_single = std::max(best_single, testing::CoveredBy(pr, after));
      }
    }
    if (best_single == now) {
      EXPECT_TRUE(moves->empty());
      continue;
    }
    ASSERT_FALSE(moves->empty());
    EXPECT_EQ((*moves)[0].covered_before, now);
    EXPECT_EQ((*moves)[0].covered_after, best_single);
    std::vector<int> where = positions;
    for (const MoveUp& m : *moves) {
      EXPECT_EQ(m.from_site, where[static_cast<std::size_t>(m.unit)]);
      EXPECT_EQ(m.covered_before, testing::CoveredBy(pr, where));
      where[static_cast<std::size_t>(m.unit)] = m.to_site;
      EXPECT_EQ(m.covered_after, testing::CoveredBy(pr, where));
      EXPECT_GT(m.covered_after, m.covered_before);
    }
    if (moves->size() == 2) {
      EXPECT_NE((*moves)[0].unit, (*moves)[1].unit);
    }
  }
}

TEST(MaxCoverTest, BadInputNamesTheField) {
  const CoverProblem good = testing::RandomCover(5, 6, 4, 2, 300);
  ASSERT_TRUE(SolveMaxCover(good).ok());
  const auto field_of = [](const Status& s) {
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
    return s.field();
  };
  CoverProblem pr = good;
  pr.p = 0;
  EXPECT_EQ(field_of(SolveMaxCover(pr).status()), "p");
  pr.p = 5;
  EXPECT_EQ(field_of(SolveMaxCover(pr).status()), "p");
  pr = good;
  pr.standard = -1;
  EXPECT_EQ(field_of(SolveMaxCover(pr).status()), "standard");
  pr = good;
  pr.cost.resize(3);
  EXPECT_EQ(field_of(SolveMaxCover(pr).status()), "cost");
  pr = good;
  pr.weight[2] = kMaxWeight + 1;
  EXPECT_EQ(field_of(SolveMaxCover(pr).status()), "weight[2]");
  EXPECT_EQ(field_of(ProposeMoveUps(good, {0, 9}, {1}, 1).status()), "positions[1]");
  EXPECT_EQ(field_of(ProposeMoveUps(good, {0}, {1, -1}, 1).status()), "stations[1]");
  EXPECT_EQ(field_of(ProposeMoveUps(good, {0}, {1}, -1).status()), "k");
  const Result<std::vector<MoveUp>> none = ProposeMoveUps(good, {0}, {1}, 0);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

}  // namespace
}  // namespace elink::coverage
