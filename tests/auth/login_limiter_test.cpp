// SPDX-License-Identifier: Apache-2.0
// Failed-login limiting: the lock after five failures, the sliding window, separate keys, success,
// and bounded memory.
#include "auth/login_limiter.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace elink::auth {
namespace {

using std::chrono::minutes;

class LoginLimiterTest : public ::testing::Test {
 protected:
  ManualClock clock_{FromUnixMillis(1'764'000'000'000)};
};

TEST_F(LoginLimiterTest, FiveFailuresLockTheNameForTheRestOfTheWindow) {
  LoginLimiter limiter(clock_);
  for (int i = 0; i < 4; ++i) {
    limiter.RecordFailure("ann", "10.0.0.1");
    clock_.Advance(minutes(1));
  }
  EXPECT_EQ(limiter.RetryAfter("ann", "10.0.0.1"), Millis(0));
  EXPECT_TRUE(limiter.Check("ann", "10.0.0.1").ok());
  limiter.RecordFailure("ann", "10.0.0.1");  // the fifth, at minute 4
  // Locked until the first failure (minute 0) is 15 minutes old, from any address.
  EXPECT_EQ(limiter.RetryAfter("ann", "10.0.0.1"), minutes(11));
  EXPECT_EQ(limiter.RetryAfter("ann", "192.168.1.9"), minutes(11));
  EXPECT_EQ(limiter.Check("ann", "10.0.0.1"),
            Status::Unauthenticated("too many failed logins; try again in 660 s"));
  clock_.Advance(minutes(11) - Millis(1));
  EXPECT_EQ(limiter.RetryAfter("ann", "10.0.0.1"), Millis(1));
  EXPECT_EQ(limiter.Check("ann", "10.0.0.1").message(), "too many failed logins; try again in 1 s");
  clock_.Advance(Millis(1));
  EXPECT_EQ(limiter.RetryAfter("ann", "10.0.0.1"), Millis(0));
  // Sliding: one more failure now makes five within the window again, until minute 16.
  limiter.RecordFailure("ann", "10.0.0.1");
  EXPECT_EQ(limiter.RetryAfter("ann", "10.0.0.1"), minutes(1));
}

TEST_F(LoginLimiterTest, KeysAreSeparate) {
  LoginLimiter limiter(clock_);
  for (int i = 0; i < 5; ++i) limiter.RecordFailure("ann", "10.0.0.1");
  EXPECT_GT(limiter.RetryAfter("ann", "10.0.0.2"), Millis(0));
  EXPECT_EQ(limiter.RetryAfter("bob", "10.0.0.1"), Millis(0)) << "5 < 20 for an address";
  // One address guessing at many names is stopped at 20 failures.
  for (int i = 0; i < 15; ++i) limiter.RecordFailure("user" + std::to_string(i), "10.0.0.1");
  EXPECT_EQ(limiter.RetryAfter("bob", "10.0.0.1"), minutes(15));
  EXPECT_EQ(limiter.RetryAfter("bob", "10.0.0.2"), Millis(0));
}

TEST_F(LoginLimiterTest, SuccessForgetsTheNameNotTheAddress) {
  LoginLimiter limiter(clock_, {.max_failures_per_user = 3, .max_failures_per_address = 4});
  for (int i = 0; i < 3; ++i) limiter.RecordFailure("ann", "10.0.0.1");
  EXPECT_GT(limiter.RetryAfter("ann", "10.0.0.9"), Millis(0));
  limiter.RecordSuccess("ann", "10.0.0.1");
  EXPECT_EQ(limiter.RetryAfter("ann", "10.0.0.9"), Millis(0));
  limiter.RecordFailure("bob", "10.0.0.1");
  EXPECT_GT(limiter.RetryAfter("carol", "10.0.0.1"), Millis(0)) << "3 + 1 failures from there";
}

TEST_F(LoginLimiterTest, MemoryIsBounded) {
  LoginLimiter limiter(clock_, {.max_failures_per_user = 1,
                                .max_failures_per_address = 1,
                                .window = minutes(15),
                                .max_keys = 3});
  for (int i = 0; i < 10; ++i) {
    limiter.RecordFailure("user" + std::to_string(i), "10.0.0." + std::to_string(i));
    EXPECT_LE(limiter.tracked_keys(), 6U);
    clock_.Advance(Millis(1));
  }
  // The three most recent are still locked; the older were forgotten.
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(limiter.RetryAfter("user" + std::to_string(i), "elsewhere") > Millis(0), i >= 7) << i;
  }
  // Keys whose failures have left the window are dropped on the next failure.
  clock_.Advance(minutes(15));
  limiter.RecordFailure("late", "10.0.1.1");
  EXPECT_EQ(limiter.tracked_keys(), 2U);
}

TEST_F(LoginLimiterTest, OptionsAreChecked) {
  EXPECT_TRUE(LoginLimiterOptions{}.Validate().ok());
  EXPECT_EQ(LoginLimiterOptions{.max_failures_per_user = 0}.Validate().field(),
            "max_failures_per_user");
  EXPECT_EQ(LoginLimiterOptions{.max_failures_per_address = 0}.Validate().field(),
            "max_failures_per_address");
  EXPECT_EQ(LoginLimiterOptions{.window = Millis(0)}.Validate().field(), "window");
  EXPECT_EQ(LoginLimiterOptions{.max_keys = 0}.Validate().field(), "max_keys");
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
        if (i % 13 == 0) limiter.RecordSuccess(user, "a0");
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_LE(limiter.tracked_keys(), 100U);
  EXPECT_GT(limiter.RetryAfter("x", "a1"), Millis(0));
}

}  // namespace
}  // namespace elink::auth
