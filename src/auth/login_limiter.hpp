#pragma once
// Failed-login limiting for `elink serve`: counts failed logins per user name and per client
// address in a sliding window. Once a key has `max_failures` failures within `window`, further
// attempts for it are refused until the oldest of them leaves the window (so five failures in
// fifteen minutes lock a name for what is left of those fifteen minutes).
//
// Memory is bounded: each kind of key keeps at most `max_keys` keys, each at most `max_failures`
// times; when full, the key whose last failure is oldest is forgotten. Thread-safe.
//
// Trade-offs: a locked name is locked for its owner too (someone guessing at it can keep it
// locked); the address limit is higher because many people may share one address (NAT).
//
//   if (Millis wait = limiter.RetryAfter(name, addr); wait > Millis(0)) → refuse, Retry-After
//   Result<const User*> u = auth::CheckPassword(*state, name, password);
//   u.ok() ? limiter.RecordSuccess(name, addr) : limiter.RecordFailure(name, addr);

#include "util/clock.hpp"
#include "util/status.hpp"
#include "util/thread_annotations.hpp"

#include <cstddef>
#include <deque>
#include <functional>
#include <list>
#include <map>
#include <string>
#include <string_view>

namespace elink::auth {

struct LoginLimiterOptions {
  // Default: 5. Failures within the window that lock a user name. REQUIRES: >= 1
  std::size_t max_failures_per_user = 5;
  // Default: 20. Failures within the window that lock a client address. REQUIRES: >= 1
  std::size_t max_failures_per_address = 20;
  // Default: 15 minutes. REQUIRES: > 0
  Millis window = std::chrono::minutes(15);
  // Default: 10000. Most user names, and most addresses, tracked at once. REQUIRES: >= 1
  std::size_t max_keys = 10'000;

  [[nodiscard]] Status Validate() const;
};

class LoginLimiter {
 public:
  // `clock` must outlive the limiter. REQUIRES: options.Validate().ok()
  explicit LoginLimiter(const Clock& clock, LoginLimiterOptions options = {});

  // Zero when a login as `user` from `address` may be tried now; otherwise how long until it
  // may (the longer of the two locks).
  [[nodiscard]] Millis RetryAfter(std::string_view user, std::string_view address) const;
  // OK, or kUnauthenticated "too many failed logins; try again in N s" (an API may prefer to
  // answer 429 with RetryAfter as Retry-After).
  [[nodiscard]] Status Check(std::string_view user, std::string_view address) const;

  void RecordFailure(std::string_view user, std::string_view address);
  // Forgets the user name's failures (not the address's: one good password must not reset the
  // count of an address that is guessing at many names).
  void RecordSuccess(std::string_view user, std::string_view address);

  // Keys tracked now, user names and addresses together (for tests and metrics).
  [[nodiscard]] std::size_t tracked_keys() const;

 private:
  // Failure times per key, with the keys in order of their last failure (oldest first).
  class Window {
   public:
    Window(std::size_t max_failures, std::size_t max_keys)
        : max_failures_(max_failures), max_keys_(max_keys) {}
    [[nodiscard]] Millis RetryAfter(std::string_view key, TimePoint now, Millis window) const;
    void Fail(std::string_view key, TimePoint now, Millis window);
    void Forget(std::string_view key);
    [[nodiscard]] std::size_t size() const { return index_.size(); }

   private:
    struct Entry {
      std::string key;
      std::deque<TimePoint> failures;  // oldest first, at most max_failures_
    };
    std::size_t max_failures_;
    std::size_t max_keys_;
    std::list<Entry> by_age_;  // by last failure, oldest first
    std::map<std::string, std::list<Entry>::iterator, std::less<>> index_;
  };

  const Clock& clock_;
  const LoginLimiterOptions options_;
  mutable util::Mutex mu_;
  Window users_ ELINK_GUARDED_BY(mu_);
  Window addresses_ ELINK_GUARDED_BY(mu_);
};

}  // namespace elink::auth
