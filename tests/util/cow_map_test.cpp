// SPDX-License-Identifier: Apache-2.0
// CowMap against std::map as the oracle, and copies that stay independent of each other.
#include "util/cow_map.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>
#include <vector>

namespace elink {
namespace {

template <typename K, typename V>
void ExpectSame(const CowMap<K, V>& cow, const std::map<K, V>& oracle) {
  ASSERT_EQ(cow.size(), oracle.size());
  auto it = oracle.begin();
  for (const auto& [k, v] : cow) {
    ASSERT_NE(it, oracle.end());
    EXPECT_EQ(k, it->first);
    EXPECT_EQ(v, it->second);
    ++it;
  }
  EXPECT_EQ(it, oracle.end());
}

TEST(CowMapTest, RandomOperationsMatchStdMap) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> key(0, 5000);
  CowMap<int, int> cow;
  std::map<int, int> oracle;
  for (int i = 0; i < 20000; ++i) {
    const int k = key(rng);
    switch (i % 3) {
      case 0:
      case 1: {
        const auto [v, inserted] = cow.try_emplace(k, i);
        const auto [o, o_inserted] = oracle.try_emplace(k, i);
        ASSERT_EQ(inserted, o_inserted);
        ASSERT_EQ(*v, o->second);
        break;
      }
      case 2: {
        int* v = cow.FindMutable(k);
        auto o = oracle.find(k);
        ASSERT_EQ(v != nullptr, o != oracle.end());
        if (v != nullptr) {
          *v += 1;
          o->second += 1;
        }
        break;
      }
    }
    ASSERT_EQ(cow.Find(k) != nullptr, oracle.count(k) == 1);
  }
  ExpectSame(cow, oracle);
  for (int k = -5; k < 5010; ++k) EXPECT_EQ(cow.contains(k), oracle.count(k) == 1) << k;
}

TEST(CowMapTest, CopiesAreIndependent) {
  CowMap<std::string, std::vector<int>> a;
  std::map<std::string, std::vector<int>> a_oracle;
  for (int i = 0; i < 1000; ++i) {
    const std::string k = "unit-" + std::to_string(i * 7919 % 1000);
    a.try_emplace(k, {i});
    a_oracle.try_emplace(k, std::vector<int>{i});
  }
  const auto snapshot = a;  // a published view
  const auto snapshot_oracle = a_oracle;
  for (int i = 0; i < 1000; i += 3) {
    const std::string k = "unit-" + std::to_string(i);
    a.FindMutable(k)->push_back(-1);
    a_oracle[k].push_back(-1);
  }
  a.try_emplace("zzz", {1});
  a_oracle.try_emplace("zzz", std::vector<int>{1});
  a.try_emplace("aaa", {2});
  a_oracle.try_emplace("aaa", std::vector<int>{2});
  ExpectSame(a, a_oracle);
  ExpectSame(snapshot, snapshot_oracle);
  EXPECT_FALSE(a == snapshot);
  auto b = snapshot;
  EXPECT_TRUE(b == snapshot);
  b.clear();
  EXPECT_TRUE(b.empty());
  EXPECT_EQ(snapshot.size(), 1000U);
}

TEST(CowMapTest, SequentialAppendsAndLookups) {
  CowMap<std::uint64_t, int> m;
  for (std::uint64_t i = 1; i <= 10000; ++i)
    ASSERT_TRUE(m.try_emplace(i, static_cast<int>(i)).second);
  EXPECT_FALSE(m.try_emplace(5, 0).second);
  EXPECT_EQ(m.at(5), 5);
  EXPECT_EQ(m.Find(0), nullptr);
  EXPECT_EQ(m.Find(10001), nullptr);
  std::uint64_t expect = 1;
  for (const auto& [k, v] : m) EXPECT_EQ(k, expect++);
  EXPECT_EQ(expect, 10001U);
}

}  // namespace
}  // namespace elink
