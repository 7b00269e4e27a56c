// SPDX-License-Identifier: Apache-2.0
// CBC (coinor-cbc) as the exact referee: the p-median and maximal covering models of
// coverage/lp_model.hpp solved by `cbc` give the same optimum as SolvePMedian and SolveMaxCover.
// CBC is installed by scripts/install-deps.sh; without it these tests fail, they do not skip.
#include "cbc.hpp"

#include "coverage/lp_model.hpp"
#include "coverage/max_cover.hpp"
#include "coverage/orlib.hpp"
#include "coverage/pmedian.hpp"
#include "orlib_dir.hpp"
#include "test_util.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <string>

namespace elink::coverage {
namespace {

using test::kOrLibDir;

class CbcTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(testing::CbcPresent())
        << "cbc is missing: scripts/install-deps.sh installs coinor-cbc";
    dir_ = std::filesystem::temp_directory_path() /
           ("elink_cbc_" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(CbcTest, AgreesOnOrLibInstances) {
  // pmed1, 4 and 5 are the ones CBC solves in under a second (bench/README.md).
  for (int k : {1, 4, 5}) {
    const std::string name = "pmed" + std::to_string(k);
    SCOPED_TRACE(name);
    const Result<PMedianProblem> pr = LoadOrLibPmed(kOrLibDir + "/" + name + ".txt.gz");
    ASSERT_TRUE(pr.ok()) << pr.status().ToString();
    const Result<PMedianSolution> ours = SolvePMedian(*pr);
    ASSERT_TRUE(ours.ok());
    const testing::CbcRun cbc = testing::RunCbc(PMedianLp(*pr), dir_, name, 60);
    ASSERT_TRUE(cbc.ran) << "see " << (dir_ / (name + ".log"));
    ASSERT_TRUE(cbc.optimal) << cbc.status;
    EXPECT_EQ(std::llround(cbc.objective), ours->cost);
  }
}

TEST_F(CbcTest, AgreesOnSmallRandomPMedianProblems) {
  for (std::uint32_t seed = 1; seed <= 6; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    const PMedianProblem pr =
        testing::RandomPMedian(seed, 30, 20, 2 + static_cast<int>(seed), true);
    const Result<PMedianSolution> ours = SolvePMedian(pr);
    ASSERT_TRUE(ours.ok());
    const testing::CbcRun cbc =
        testing::RunCbc(PMedianLp(pr), dir_, "r" + std::to_string(seed), 60);
    ASSERT_TRUE(cbc.ran && cbc.optimal) << cbc.status;
    EXPECT_EQ(std::llround(cbc.objective), ours->cost);
    EXPECT_TRUE(ours->proven_optimal);
  }
}

TEST_F(CbcTest, AgreesOnSmallRandomMaxCoverProblems) {
  for (std::uint32_t seed = 1; seed <= 8; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    const CoverProblem pr = testing::RandomCover(seed, 40, 15, 2 + static_cast<int>(seed % 4), 200);
    const Result<CoverSolution> ours = SolveMaxCover(pr);
    ASSERT_TRUE(ours.ok());
    ASSERT_TRUE(ours->proven_optimal);
    const testing::CbcRun cbc =
        testing::RunCbc(MaxCoverLp(pr), dir_, "c" + std::to_string(seed), 60);
    ASSERT_TRUE(cbc.ran && cbc.optimal) << cbc.status;
    EXPECT_EQ(std::llround(cbc.objective), ours->covered);
  }
}

}  // namespace
}  // namespace elink::coverage
