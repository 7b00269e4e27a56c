// SPDX-License-Identifier: Apache-2.0
// WorkPool: every job posted runs once; a full queue refuses at once instead of blocking; Stop
// runs what was queued and refuses what comes after; jobs run off the caller's thread.
#include "util/work_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <latch>
#include <set>
#include <thread>
#include <vector>

namespace elink::util {
namespace {

TEST(WorkPoolTest, RunsEveryJobOnceOffTheCallersThread) {
  std::atomic<int> sum = 0;
  std::set<std::thread::id> ran_on;
  Mutex mu;
  {
    WorkPool pool({.name = "test", .threads = 3, .max_queued = 1000});
    EXPECT_EQ(pool.threads(), 3U);
    for (int i = 1; i <= 500; ++i) {
      ASSERT_TRUE(pool.TryPost([&, i] {
        sum += i;
        const MutexLock lock(mu);
        ran_on.insert(std::this_thread::get_id());
      }));
    }
    pool.Stop();
  }
  EXPECT_EQ(sum.load(), 500 * 501 / 2);
  EXPECT_FALSE(ran_on.empty());
  EXPECT_EQ(ran_on.count(std::this_thread::get_id()), 0U);
}

TEST(WorkPoolTest, AFullQueueRefusesAtOnceAndTakesJobsAgainOnceItDrains) {
  WorkPool pool({.name = "test", .threads = 1, .max_queued = 2});
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::latch started(1);
  ASSERT_TRUE(pool.TryPost([&] {
    started.count_down();
    released.wait();
  }));
  started.wait();  // the one thread is busy: what follows waits in the queue
  EXPECT_EQ(pool.running(), 1U);
  std::atomic<int> ran = 0;
  EXPECT_TRUE(pool.TryPost([&] { ++ran; }));
  EXPECT_TRUE(pool.TryPost([&] { ++ran; }));
  EXPECT_EQ(pool.queued(), 2U);
  EXPECT_FALSE(pool.TryPost([&] { ran += 100; })) << "a third waiting job is refused";
  release.set_value();
  pool.Stop();
  EXPECT_EQ(ran.load(), 2) << "the refused job never ran";
  EXPECT_EQ(pool.queued(), 0U);
  EXPECT_EQ(pool.running(), 0U);
}

TEST(WorkPoolTest, StopRunsWhatWasQueuedAndRefusesWhatComesAfter) {
  WorkPool pool({.name = "test", .threads = 1, .max_queued = 100});
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> ran = 0;
  ASSERT_TRUE(pool.TryPost([&] { released.wait(); }));
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(pool.TryPost([&] { ++ran; }));
  std::thread stopper([&] { pool.Stop(); });
  // Stop is under way (or about to be): new jobs are refused once it has begun.
  while (pool.TryPost([] {})) {
    ++ran;  // accepted before Stop began: it runs too, count it
    std::this_thread::yield();
  }
  const int accepted_before_stop = ran.load();
  release.set_value();
  stopper.join();
  EXPECT_EQ(ran.load(), accepted_before_stop + 10) << "every queued job ran before Stop returned";
  EXPECT_FALSE(pool.TryPost([] {}));
  pool.Stop();  // idempotent
}

}  // namespace
}  // namespace elink::util
