// SPDX-License-Identifier: Apache-2.0
// The OR-Library p-median reader: the shipped files read (gzip), a repeated edge takes its last
// cost, distances are shortest paths; garbage, truncated, oversized and hostile files give
// kInvalidArgument naming the file and saying the line.
#include "coverage/orlib.hpp"

#include "orlib_dir.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

namespace elink::coverage {
namespace {

using test::kOrLibDir;

Cost At(const PMedianProblem& pr, int i, int j) {
  return pr.cost[static_cast<std::size_t>(i) * static_cast<std::size_t>(pr.candidates) +
                 static_cast<std::size_t>(j)];
}

TEST(OrLibTest, ReadsTheShippedGzipFiles) {
  const Result<PMedianProblem> pr = LoadOrLibPmed(kOrLibDir + "/pmed1.txt.gz");
  ASSERT_TRUE(pr.ok()) << pr.status().ToString();
  EXPECT_EQ(pr->clients, 100);
  EXPECT_EQ(pr->candidates, 100);
  EXPECT_EQ(pr->p, 5);
  EXPECT_TRUE(pr->weight.empty());
  for (int i = 0; i < 100; ++i) {
    EXPECT_EQ(At(*pr, i, i), 0);
    for (int j = 0; j < 100; ++j) EXPECT_EQ(At(*pr, i, j), At(*pr, j, i));
  }
  // The file's first edge is "1 2 30": no shorter path, so the distance is the edge.
  EXPECT_LE(At(*pr, 0, 1), 30);
  const Result<std::map<std::string, Cost>> opt = LoadOrLibOptima(kOrLibDir + "/pmedopt.txt");
  ASSERT_TRUE(opt.ok()) << opt.status().ToString();
  EXPECT_EQ(opt->at("pmed1"), 5819);
  EXPECT_EQ(opt->at("pmed40"), 5128);
}

TEST(OrLibTest, TheLastOccurrenceOfAnEdgeWinsAndDistancesAreShortestPaths) {
  const Result<PMedianProblem> pr = ParseOrLibPmed("4 4 2 \n1 2 5\n2 3 7\n1 2 9\n3 4 1\n", "t");
  ASSERT_TRUE(pr.ok()) << pr.status().ToString();
  EXPECT_EQ(At(*pr, 0, 1), 9);   // 5 then 9: the last wins, even though it is longer
  EXPECT_EQ(At(*pr, 0, 3), 17);  // 9 + 7 + 1
  EXPECT_EQ(At(*pr, 3, 0), 17);
  EXPECT_EQ(At(*pr, 1, 3), 8);
  // Reversed endpoints are the same edge.
  const Result<PMedianProblem> rev = ParseOrLibPmed("2 2 1\n1 2 5\n2 1 3\n", "t");
  ASSERT_TRUE(rev.ok());
  EXPECT_EQ(At(*rev, 0, 1), 3);
}

void ExpectRefused(std::string_view text, const std::string& why) {
  SCOPED_TRACE(why);
  const Result<PMedianProblem> r = ParseOrLibPmed(text, "f.txt");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().field(), "f.txt");
  EXPECT_FALSE(r.status().Text(Lang::kZhCN).empty());
  EXPECT_FALSE(r.status().message().empty());
}

TEST(OrLibTest, BadFilesAreRefusedWithAClearError) {
  ExpectRefused("", "empty");
  ExpectRefused("\n\n", "blank");
  ExpectRefused("hello world\n", "garbage");
  ExpectRefused("\x01\x02\xff\xfe", "binary");
  ExpectRefused("3 2\n1 2 1\n2 3 1\n", "header of two numbers");
  ExpectRefused("3 2 1 4\n1 2 1\n2 3 1\n", "header of four numbers");
  ExpectRefused("3 2 1\n1 2 1\n", "truncated: one edge of two");
  ExpectRefused("3 2 1\n1 2 1\n2 3", "truncated mid-line");
  ExpectRefused("3 1 1\n1 2 1\n2 3 1\n", "more edges than the header");
  ExpectRefused("3 2 1\n1 2 x\n2 3 1\n", "a word for a cost");
  ExpectRefused("3 2 1\n1 2 1.5\n2 3 1\n", "a fraction");
  ExpectRefused("3 2 1\n0 2 1\n2 3 1\n", "zero-based vertex");
  ExpectRefused("3 2 1\n-1 2 1\n2 3 1\n", "negative vertex");
  ExpectRefused("3 2 1\n1 4 1\n2 3 1\n", "vertex past n");
  ExpectRefused("3 2 1\n1 2 -1\n2 3 1\n", "negative cost");
  ExpectRefused("3 2 1\n1 2 99999999999\n2 3 1\n", "cost over the limit");
  ExpectRefused("3 2 1\n1 2 99999999999999999999999\n2 3 1\n", "cost over 64 bits");
  ExpectRefused("3 2 4\n1 2 1\n2 3 1\n", "p > n");
  ExpectRefused("3 2 0\n1 2 1\n2 3 1\n", "p = 0");
  ExpectRefused("3 2 -1\n1 2 1\n2 3 1\n", "negative p");
  ExpectRefused("0 0 0\n", "no vertices");
  ExpectRefused("-3 2 1\n", "negative n");
  ExpectRefused("3 -2 1\n", "negative m");
  ExpectRefused("1000000 1 1\n1 2 3\n", "n over the limit");
  ExpectRefused("5 999999999999 1\n1 2 3\n", "m over the limit");
  ExpectRefused("4 2 1\n1 2 1\n3 4 1\n", "not connected");
}

TEST(OrLibTest, TheErrorSaysTheLine) {
  const Result<PMedianProblem> r = ParseOrLibPmed("3 2 1\n1 2 1\n0 3 1\n", "f.txt");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("line 3"), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().Text(Lang::kZhCN).find("第 3 行"), std::string::npos);
}

TEST(OrLibTest, FilesOverTheSizeLimitAndMissingFilesAreRefused) {
  OrLibLimits small;
  small.max_file_bytes = 100;
  const Result<PMedianProblem> big = LoadOrLibPmed(kOrLibDir + "/pmed1.txt.gz", small);
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.status().code(), StatusCode::kInvalidArgument);
  const Result<PMedianProblem> none = LoadOrLibPmed(kOrLibDir + "/no-such-file.txt");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().code(), StatusCode::kIOError);
  // A gzip file cut short is damaged, not a shorter instance.
  const std::filesystem::path cut =
      std::filesystem::temp_directory_path() / "elink_orlib_cut.txt.gz";
  {
    std::ifstream in(kOrLibDir + "/pmed2.txt.gz", std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::ofstream(cut, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  }
  const Result<PMedianProblem> damaged = LoadOrLibPmed(cut.string());
  ASSERT_FALSE(damaged.ok());
  EXPECT_EQ(damaged.status().code(), StatusCode::kCorruption);
  std::filesystem::remove(cut);
}

// A small fuzzing pass without libFuzzer: random byte changes, insertions and cuts of a valid file
// either parse to a problem that passes ValidatePMedian or give kInvalidArgument naming the file.
TEST(OrLibTest, MutatedFilesParseOrAreRefusedCleanly) {
  const std::string valid = "6 7 2\n1 2 4\n2 3 5\n3 4 1\n4 5 9\n5 6 2\n6 1 3\n1 4 8\n";
  ASSERT_TRUE(ParseOrLibPmed(valid, "m").ok());
  const std::string alphabet = "0123456789 -\n\t\rx+.";
  std::mt19937 rng(42);
  int parsed = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string text = valid;
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits && !text.empty(); ++e) {
      const std::size_t at = rng() % text.size();
      switch (rng() % 4) {
        case 0: text[at] = alphabet[rng() % alphabet.size()]; break;
        case 1: text.insert(at, 1, alphabet[rng() % alphabet.size()]); break;
        case 2: text.erase(at, 1); break;
        default: text.resize(at); break;
      }
    }
    const Result<PMedianProblem> r = ParseOrLibPmed(text, "m");
    if (r.ok()) {
      ++parsed;
      EXPECT_TRUE(ValidatePMedian(*r).ok()) << text;
    } else {
      EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << text;
      EXPECT_EQ(r.status().field(), "m");
    }
  }
  EXPECT_GT(parsed, 0);
}

}  // namespace
}  // namespace elink::coverage
