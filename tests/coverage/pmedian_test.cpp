// SPDX-License-Identifier: Apache-2.0
// SolvePMedian against the published OR-Library optima (a fast subset; bench/coverage_bench.cpp
// runs all 40) and against brute force on small random problems; the bounds bracket the optimum
// when the branch and bound is cut short; bad problems give kInvalidArgument naming the field.
#include "coverage/pmedian.hpp"

#include "coverage/orlib.hpp"
#include "orlib_dir.hpp"
#include "test_util.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace elink::coverage {
namespace {

using test::kOrLibDir;

const std::map<std::string, Cost>& Optima() {
  static const std::map<std::string, Cost> optima = [] {
    Result<std::map<std::string, Cost>> r = LoadOrLibOptima(kOrLibDir + "/pmedopt.txt");
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : std::map<std::string, Cost>{};
  }();
  return optima;
}

PMedianProblem Load(const std::string& name) {
  Result<PMedianProblem> r = LoadOrLibPmed(kOrLibDir + "/" + name + ".txt.gz");
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *std::move(r) : PMedianProblem{};
}

TEST(PMedianTest, ThePublishedOptimaOnAFastSubsetAreReachedAndProven) {
  ASSERT_EQ(Optima().size(), 40U);
  // The instances each solved in well under 0.1 s in the benchmark (bench/README.md).
  for (int k : {1, 2, 3, 4, 5, 7, 8, 9, 10, 13, 14, 15, 21}) {
    const std::string name = "pmed" + std::to_string(k);
    SCOPED_TRACE(name);
    const PMedianProblem pr = Load(name);
    const Result<PMedianSolution> sol = SolvePMedian(pr);
    ASSERT_TRUE(sol.ok()) << sol.status().ToString();
    EXPECT_EQ(sol->cost, Optima().at(name));
    EXPECT_TRUE(sol->proven_optimal);
    EXPECT_EQ(sol->lower_bound, sol->cost);
    ASSERT_EQ(static_cast<int>(sol->open.size()), pr.p);
    EXPECT_EQ(PMedianCost(pr, sol->open), sol->cost);
  }
}

TEST(PMedianTest, BoundsBracketTheOptimumWhenTheSearchIsCutShort) {
  PMedianOptions few;
  few.max_nodes = 2;
  few.root_iterations = 200;
  for (int k : {3, 6, 11}) {
    const std::string name = "pmed" + std::to_string(k);
    SCOPED_TRACE(name);
    const PMedianProblem pr = Load(name);
    const Result<PMedianSolution> sol = SolvePMedian(pr, few);
    ASSERT_TRUE(sol.ok()) << sol.status().ToString();
    const Cost opt = Optima().at(name);
    EXPECT_LE(sol->lower_bound, opt);
    EXPECT_GE(sol->cost, opt);
    EXPECT_EQ(PMedianCost(pr, sol->open), sol->cost);
    if (!sol->proven_optimal) {
      EXPECT_LT(sol->lower_bound, sol->cost);
    }
  }
}

TEST(PMedianTest, MatchesBruteForceOnSmallRandomProblems) {
  for (std::uint32_t seed = 1; seed <= 40; ++seed) {
    const int clients = 5 + static_cast<int>(seed % 11);
    const int candidates = 4 + static_cast<int>(seed % 9);
    const int p = 1 + static_cast<int>(seed % static_cast<std::uint32_t>(candidates));
    const PMedianProblem pr = testing::RandomPMedian(seed, clients, candidates, p, seed % 2 == 0);
    SCOPED_TRACE("seed " + std::to_string(seed));
    const Result<PMedianSolution> sol = SolvePMedian(pr);
    ASSERT_TRUE(sol.ok()) << sol.status().ToString();
    const Cost brute = testing::BrutePMedian(pr);
    EXPECT_EQ(sol->cost, brute);
    EXPECT_TRUE(sol->proven_optimal);
    EXPECT_EQ(sol->lower_bound, brute);
    EXPECT_EQ(PMedianCost(pr, sol->open), sol->cost);
  }
}

TEST(PMedianTest, BadProblemsNameTheField) {
  const PMedianProblem good = testing::RandomPMedian(7, 6, 5, 2, true);
  ASSERT_TRUE(SolvePMedian(good).ok());
  const auto field_of = [](const PMedianProblem& pr) {
    const Result<PMedianSolution> r = SolvePMedian(pr);
    EXPECT_FALSE(r.ok());
    if (!r.ok()) {
      EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
      EXPECT_NE(r.status().message_id(), nullptr);
      EXPECT_FALSE(r.status().Text(Lang::kZhCN).empty());
    }
    return r.ok() ? std::string("(ok)") : r.status().field();
  };
  PMedianProblem pr = good;
  pr.p = 0;
  EXPECT_EQ(field_of(pr), "p");
  pr.p = 6;
  EXPECT_EQ(field_of(pr), "p");
  pr = good;
  pr.clients = 0;
  EXPECT_EQ(field_of(pr), "clients");
  pr = good;
  pr.cost.pop_back();
  EXPECT_EQ(field_of(pr), "cost");
  pr = good;
  pr.cost[3] = -1;
  EXPECT_EQ(field_of(pr), "cost[3]");
  pr = good;
  pr.cost[4] = kMaxCost + 1;
  EXPECT_EQ(field_of(pr), "cost[4]");
  pr = good;
  pr.weight[1] = -2;
  EXPECT_EQ(field_of(pr), "weight[1]");
  pr = good;
  pr.weight.pop_back();
  EXPECT_EQ(field_of(pr), "weight");
  pr = good;
  pr.candidates = 100'000;
  pr.clients = 100'000;
  EXPECT_EQ(field_of(pr), "cost");  // too large, refused before any allocation
}

TEST(PMedianTest, EveryCandidateOpenCostsTheNearestOfAll) {
  PMedianProblem pr = testing::RandomPMedian(3, 8, 4, 4, false);
  const Result<PMedianSolution> sol = SolvePMedian(pr);
  ASSERT_TRUE(sol.ok());
  EXPECT_EQ(sol->open, (std::vector<int>{0, 1, 2, 3}));
  EXPECT_TRUE(sol->proven_optimal);
  EXPECT_EQ(sol->cost, testing::BrutePMedian(pr));
}

}  // namespace
}  // namespace elink::coverage
