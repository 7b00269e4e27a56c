// SPDX-License-Identifier: Apache-2.0
#include "util/lending_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <barrier>
#include <set>
#include <thread>
#include <vector>

namespace elink::util {
namespace {

struct Scratch {
  int id = 0;
  int uses = 0;
};

TEST(LendingPoolTest, ReusesWhatWasGivenBack) {
  int next = 0;
  LendingPool<Scratch> pool([&next] { return std::make_unique<Scratch>(Scratch{++next, 0}); });
  for (int i = 0; i < 5; ++i) {
    auto lease = pool.Take();
    ++lease->uses;
    EXPECT_EQ(lease->id, 1) << "one caller at a time reuses the one object";
    EXPECT_EQ((*lease).uses, i + 1);
  }
  EXPECT_EQ(pool.built(), 1U);
}

TEST(LendingPoolTest, HoldersAtOnceNeverShareAnObject) {
  int next = 0;
  LendingPool<Scratch> pool([&next] { return std::make_unique<Scratch>(Scratch{++next, 0}); });
  {
    auto a = pool.Take();
    auto b = pool.Take();
    auto c = pool.Take();
    EXPECT_EQ((std::set<int>{a->id, b->id, c->id}).size(), 3U);
  }
  EXPECT_EQ(pool.built(), 3U);
  auto again = pool.Take();
  EXPECT_LE(again->id, 3) << "an idle object is lent before a new one is built";
  EXPECT_EQ(pool.built(), 3U);
}

TEST(LendingPoolTest, ThreadsHoldingLeasesTogetherGetDistinctObjects) {
  constexpr int kThreads = 4;
  constexpr int kRounds = 200;
  std::atomic<int> next{0};
  LendingPool<Scratch> pool([&next] { return std::make_unique<Scratch>(Scratch{++next, 0}); });
  std::atomic<int> overlaps{0};
  std::barrier sync(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int r = 0; r < kRounds; ++r) {
        auto lease = pool.Take();
        // Two holders of one object would both see the other's increment here.
        const int before = ++lease->uses;
        sync.arrive_and_wait();
        if (lease->uses != before) overlaps.fetch_add(1);
        sync.arrive_and_wait();
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(overlaps.load(), 0);
  EXPECT_EQ(pool.built(), static_cast<std::size_t>(kThreads))
      << "all four held a lease at the barrier, so four were built, and no more";
}

}  // namespace
}  // namespace elink::util
