// SPDX-License-Identifier: Apache-2.0
// Sign-in limiting: growing delays per (name, address) pair, no lockout by name alone, the
// per-address window, atomic reservations under concurrency, and bounded memory; the window
// limiter of citizen reports.
#include "auth/login_limiter.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <latch>
#include <string>
#include <thread>
#include <vector>

namespace elink::auth {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

class LoginLimiterTest : public ::testing::Test {
 protected:
  ManualClock clock_{FromUnixMillis(1'764'000'000'000)};
};

TEST_F(LoginLimiterTest, FailuresFromOnePairGrowDelays) {
  LoginLimiter limiter(clock_);
  for (int i = 0; i < 4; ++i) limiter.RecordFailure("ann", "10.0.0.1");
  EXPECT_EQ(limiter.RetryAfter("ann", "10.0.0.1"), Millis(0)) << "four are free";
  EXPECT_TRUE(limiter.Check("ann", "10.0.0.1").ok());
  limiter.RecordFailure("ann", "10.0.0.1");  // the fifth
  EXPECT_EQ(limiter.RetryAfter("ann", "10.0.0.1"), seconds(1));
  EXPECT_EQ(limiter.Check("ann", "10.0.0.1"),
            Status::Unauthenticated("too many failed logins; try again in 1 s"));
  // Each further failure doubles the wait: 2 s, 4 s, 8 s ...
  Millis expected = seconds(1);
  for (int i = 0; i < 6; ++i) {
    clock_.Advance(expected);
    ASSERT_EQ(limiter.RetryAfter("ann", "10.0.0.1"), Millis(0)) << i;
    LoginLimiter::Attempt a = limiter.Begin("ann", "10.0.0.1");
    ASSERT_TRUE(a.ok());
    a.Failed();
    expected *= 2;
    EXPECT_EQ(limiter.RetryAfter("ann", "10.0.0.1"), expected) << i;
  }
  // ... capped at max_delay (5 minutes by default).
  for (int i = 0; i < 4; ++i) {
    clock_.Advance(minutes(5));
    limiter.Begin("ann", "10.0.0.1").Failed();
  }
  EXPECT_EQ(limiter.RetryAfter("ann", "10.0.0.1"), minutes(5));
  // A success forgets the pair.
  clock_.Advance(minutes(5));
  LoginLimiter::Attempt ok = limiter.Begin("ann", "10.0.0.1");
  ASSERT_TRUE(ok.ok());
  ok.Succeeded();
  EXPECT_EQ(limiter.RetryAfter("ann", "10.0.0.1"), Millis(0));
  for (int i = 0; i < 4; ++i) limiter.RecordFailure("ann", "10.0.0.1");
  EXPECT_EQ(limiter.RetryAfter("ann", "10.0.0.1"), Millis(0)) << "free again after a success";
}

// The hole of issue #16: a failure storm for a name from one address locked the name everywhere.
TEST_F(LoginLimiterTest, NobodyCanLockANameOutFromElsewhere) {
  LoginLimiter limiter(clock_);
  for (int i = 0; i < 200; ++i) {
    if (LoginLimiter::Attempt a = limiter.Begin("dispatcher", "203.0.113.66"); a.ok()) a.Failed();
    clock_.Advance(Millis(500));
  }
  EXPECT_GT(limiter.RetryAfter("dispatcher", "203.0.113.66"), Millis(0));
  EXPECT_EQ(limiter.RetryAfter("dispatcher", "10.1.1.5"), Millis(0));
  LoginLimiter::Attempt mine = limiter.Begin("dispatcher", "10.1.1.5");
  ASSERT_TRUE(mine.ok()) << "the dispatcher signs in from their own address";
  mine.Succeeded();
  EXPECT_GT(limiter.RetryAfter("dispatcher", "203.0.113.66"), Millis(0))
      << "and the attacker's pair stays slowed";
}

TEST_F(LoginLimiterTest, AnAddressGuessingAtManyNamesIsStopped) {
  LoginLimiter limiter(clock_, {.max_failures_per_address = 20});
  for (int i = 0; i < 20; ++i) limiter.RecordFailure("user" + std::to_string(i), "10.0.0.1");
  EXPECT_EQ(limiter.RetryAfter("bob", "10.0.0.1"), minutes(15));
  EXPECT_FALSE(limiter.Begin("bob", "10.0.0.1").ok());
  EXPECT_EQ(limiter.RetryAfter("bob", "10.0.0.2"), Millis(0));
  // One good password does not reset the address.
  limiter.RecordSuccess("user1", "10.0.0.1");
  EXPECT_GT(limiter.RetryAfter("carol", "10.0.0.1"), Millis(0));
  clock_.Advance(minutes(15));
  EXPECT_EQ(limiter.RetryAfter("carol", "10.0.0.1"), Millis(0)) << "the window slides";
}

TEST_F(LoginLimiterTest, AnAttemptNotEndedIsNotCounted) {
  LoginLimiter limiter(clock_, {.free_failures_per_pair = 1});
  {
    LoginLimiter::Attempt a = limiter.Begin("ann", "10.0.0.1");
    ASSERT_TRUE(a.ok());
    EXPECT_FALSE(limiter.Begin("ann", "10.0.0.1").ok()) << "the one slot is taken";
  }
  LoginLimiter::Attempt b = limiter.Begin("ann", "10.0.0.1");
  EXPECT_TRUE(b.ok()) << "released without counting";
  LoginLimiter::Attempt moved = std::move(b);
  EXPECT_TRUE(moved.ok());
  moved.Failed();
  EXPECT_EQ(limiter.RetryAfter("ann", "10.0.0.1"), seconds(1));
}

// Check and count were two steps: 40 concurrent wrong passwords let 6 through instead of 5.
TEST_F(LoginLimiterTest, ConcurrentAttemptsLetExactlyTheLimitThrough) {
  for (int round = 0; round < 20; ++round) {
    LoginLimiter limiter(clock_);
    constexpr int kThreads = 40;
    std::latch start(kThreads);
    std::latch all_begun(kThreads);
    std::atomic<int> through{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&] {
        start.arrive_and_wait();
        LoginLimiter::Attempt a = limiter.Begin("ann", "10.0.0.1");
        if (a.ok()) ++through;
        all_begun.arrive_and_wait();  // every check before any count
        if (a.ok()) a.Failed();
      });
    }
    for (auto& th : threads) th.join();
    EXPECT_EQ(through.load(), 5) << "round " << round;
    EXPECT_EQ(limiter.RetryAfter("ann", "10.0.0.1"), seconds(1));
  }
}

TEST_F(LoginLimiterTest, MemoryIsBounded) {
  LoginLimiter limiter(clock_, {.free_failures_per_pair = 1,
                                .max_failures_per_address = 1,
                                .window = minutes(15),
                                .max_keys = 3});
  for (int i = 0; i < 10; ++i) {
    limiter.RecordFailure("user" + std::to_string(i), "10.0.0." + std::to_string(i));
    EXPECT_LE(limiter.tracked_keys(), 6U);
    clock_.Advance(Millis(1));
  }
  clock_.Advance(seconds(2));
  // The three most recent addresses are still locked; the older were forgotten.
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(limiter.RetryAfter("x", "10.0.0." + std::to_string(i)) > Millis(0), i >= 7) << i;
  }
  // Keys whose failures have left the window are dropped on the next attempt.
  clock_.Advance(minutes(15));
  limiter.RecordFailure("late", "10.0.1.1");
  EXPECT_EQ(limiter.tracked_keys(), 2U);
}

TEST_F(LoginLimiterTest, OptionsAreChecked) {
  EXPECT_TRUE(LoginLimiterOptions{}.Validate().ok());
  EXPECT_EQ(LoginLimiterOptions{.free_failures_per_pair = 0}.Validate().field(),
            "free_failures_per_pair");
  EXPECT_EQ(LoginLimiterOptions{.first_delay = Millis(0)}.Validate().field(), "first_delay");
  EXPECT_EQ(LoginLimiterOptions{.max_delay = Millis(10)}.Validate().field(), "max_delay");
  EXPECT_EQ(LoginLimiterOptions{.max_failures_per_address = 0}.Validate().field(),
            "max_failures_per_address");
  EXPECT_EQ(LoginLimiterOptions{.window = Millis(0)}.Validate().field(), "window");
  EXPECT_EQ(LoginLimiterOptions{.max_keys = 0}.Validate().field(), "max_keys");
  EXPECT_EQ(WindowLimiterOptions{.max_per_window = 0}.Validate().field(), "max_per_window");
}

TEST_F(LoginLimiterTest, ThreadSafe) {
  LoginLimiter limiter(clock_, {.max_keys = 50});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&limiter, t] {
      for (int i = 0; i < 2000; ++i) {
        const std::string user = "u" + std::to_string((i * 7 + t) % 80);
        limiter.RecordFailure(user, "a" + std::to_string(t));
        static_cast<void>(limiter.RetryAfter(user, "a0"));
        if (LoginLimiter::Attempt a = limiter.Begin(user, "a9"); a.ok() && i % 3 == 0) a.Failed();
        if (i % 13 == 0) limiter.RecordSuccess(user, "a0");
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_LE(limiter.tracked_keys(), 100U);
  EXPECT_GT(limiter.RetryAfter("x", "a1"), Millis(0));
}

TEST_F(LoginLimiterTest, WindowLimiterCountsOnlyWhatHappened) {
  WindowLimiter limiter(clock_, {.max_per_window = 2, .window = minutes(10)});
  {
    WindowLimiter::Slot dropped = limiter.Begin("10.0.0.1");
    ASSERT_TRUE(dropped.ok());  // e.g. a malformed report: not counted
  }
  for (int i = 0; i < 2; ++i) {
    WindowLimiter::Slot s = limiter.Begin("10.0.0.1");
    ASSERT_TRUE(s.ok()) << i;
    s.Count();
    clock_.Advance(minutes(1));
  }
  const WindowLimiter::Slot refused = limiter.Begin("10.0.0.1");
  EXPECT_FALSE(refused.ok());
  EXPECT_EQ(refused.retry_after(), minutes(8)) << "the first counted, at minute 0, leaves at 10";
  EXPECT_TRUE(limiter.Begin("10.0.0.2").ok());
  clock_.Advance(minutes(8));
  EXPECT_TRUE(limiter.Begin("10.0.0.1").ok());
}

// 20 concurrent citizen reports let 6 through instead of 5.
TEST_F(LoginLimiterTest, WindowLimiterConcurrentSlotsLetExactlyTheLimitThrough) {
  for (int round = 0; round < 20; ++round) {
    WindowLimiter limiter(clock_, {.max_per_window = 5});
    constexpr int kThreads = 20;
    std::latch start(kThreads);
    std::latch all_begun(kThreads);
    std::atomic<int> through{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&] {
        start.arrive_and_wait();
        WindowLimiter::Slot s = limiter.Begin("10.0.0.1");
        if (s.ok()) ++through;
        all_begun.arrive_and_wait();
        if (s.ok()) s.Count();
      });
    }
    for (auto& th : threads) th.join();
    EXPECT_EQ(through.load(), 5) << "round " << round;
    EXPECT_GT(limiter.RetryAfter("10.0.0.1"), Millis(0));
  }
}

}  // namespace
}  // namespace elink::auth
