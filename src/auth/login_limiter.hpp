#pragma once
// Limits on sign-in attempts (LoginLimiter) and on counted actions per key (WindowLimiter, e.g.
// public citizen reports per client address), for `elink serve`.
//
// LoginLimiter counts failed sign-ins per (user name, client address) pair and per address:
//   - a pair with `free_failures_per_pair` failures in a row must wait `first_delay` before its
//     next attempt, then twice that after each further failure, up to `max_delay` (1 s, 2 s,
//     4 s, ... 5 min); a success forgets the pair, and so does `window` without a failure;
//   - an address with `max_failures_per_address` failures within the sliding `window` is refused
//     for every name until the oldest of them leaves the window (higher: many people may share
//     one address behind NAT).
// There is no lock per user name alone: failures for name X from address A never stop X from
// signing in from address B, so nobody can lock a dispatcher out by guessing at their name.
//
// Check and count are one atomic step: Begin reserves the attempt (a reserved attempt counts as a
// failure for everyone else until it ends), and the attempt ends as Succeeded, Failed, or
// neither (destroyed unfinished: not counted). N concurrent attempts where the limit leaves room
// for k therefore let exactly k through.
//
//   LoginLimiter::Attempt attempt = limiter.Begin(name, address);
//   if (!attempt.ok()) → refuse, Retry-After attempt.retry_after()
//   Result<const User*> u = auth::CheckPassword(*state, name, password);   // on a worker thread
//   u.ok() ? attempt.Succeeded() : attempt.Failed();
//
// Memory is bounded: each limiter keeps at most `max_keys` pairs and `max_keys` addresses; when
// full, the least recently used is forgotten (an attempt whose key was forgotten while it ran
// ends without counting). Thread-safe.

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

namespace internal {

// Keys in order of last use (oldest first), at most `max_keys`; not thread-safe.
template <typename V>
class LruMap {
 public:
  explicit LruMap(std::size_t max_keys) : max_keys_(max_keys) {}

  V* Find(std::string_view key) {
    const auto it = index_.find(key);
    return it == index_.end() ? nullptr : &it->second->value;
  }
  const V* Find(std::string_view key) const {
    const auto it = index_.find(key);
    return it == index_.end() ? nullptr : &it->second->value;
  }
  // The value of `key`, made when missing (forgetting the oldest key when full), now the most
  // recently used.
  V& Touch(std::string_view key) {
    auto it = index_.find(key);
    if (it == index_.end()) {
      if (index_.size() >= max_keys_) {
        index_.erase(by_age_.front().key);
        by_age_.pop_front();
      }
      by_age_.push_back(Entry{std::string(key), V{}});
      it = index_.emplace(std::string(key), std::prev(by_age_.end())).first;
    } else {
      by_age_.splice(by_age_.end(), by_age_, it->second);
    }
    return it->second->value;
  }
  void Erase(std::string_view key) {
    const auto it = index_.find(key);
    if (it == index_.end()) return;
    by_age_.erase(it->second);
    index_.erase(it);
  }
  // Forgets the oldest keys while `stale(value)` holds for them.
  void DropStale(const std::function<bool(const V&)>& stale) {
    while (!by_age_.empty() && stale(by_age_.front().value)) {
      index_.erase(by_age_.front().key);
      by_age_.pop_front();
    }
  }
  [[nodiscard]] std::size_t size() const { return index_.size(); }

 private:
  struct Entry {
    std::string key;
    V value;
  };
  std::size_t max_keys_;
  std::list<Entry> by_age_;  // by last use, oldest first
  std::map<std::string, typename std::list<Entry>::iterator, std::less<>> index_;
};

// Counted events of one key within a sliding window, and the attempts reserved but not ended.
struct WindowCount {
  std::deque<TimePoint> times;  // oldest first, at most the limit
  std::size_t pending = 0;
  TimePoint last_use{};

  // Zero when one more may start now, else how long until it may (`busy` when only pending
  // attempts fill the window: they end soon).
  [[nodiscard]] Millis Wait(std::size_t limit, Millis window, TimePoint now, Millis busy) const;
  void Count(std::size_t limit, TimePoint now);
};

}  // namespace internal

struct LoginLimiterOptions {
  // Default: 5. Failed sign-ins in a row from one (user name, address) pair before each further
  // attempt from it must wait. REQUIRES: >= 1
  std::size_t free_failures_per_pair = 5;
  // Default: 1 s. The wait after the last free failure; it doubles with each further failure.
  // REQUIRES: > 0
  Millis first_delay = std::chrono::seconds(1);
  // Default: 5 minutes. The longest wait. REQUIRES: >= first_delay
  Millis max_delay = std::chrono::minutes(5);
  // Default: 50. Failures within the window that lock a client address, for every name.
  // REQUIRES: >= 1
  std::size_t max_failures_per_address = 50;
  // Default: 15 minutes. The address's sliding window, and how long a pair's failures are
  // remembered after its last. REQUIRES: > 0
  Millis window = std::chrono::minutes(15);
  // Default: 10000. Most pairs, and most addresses, tracked at once. REQUIRES: >= 1
  std::size_t max_keys = 10'000;

  [[nodiscard]] Status Validate() const;
};

class LoginLimiter {
 public:
  // A reserved sign-in attempt (or a refused one: !ok()). Move-only; ends once.
  class Attempt {
   public:
    Attempt() = default;
    Attempt(Attempt&& other) noexcept;
    Attempt& operator=(Attempt&& other) noexcept;
    Attempt(const Attempt&) = delete;
    Attempt& operator=(const Attempt&) = delete;
    ~Attempt();  // not ended: released without counting

    // True when the attempt may go ahead (its slot is reserved).
    [[nodiscard]] bool ok() const { return limiter_ != nullptr; }
    explicit operator bool() const { return ok(); }
    // When refused: how long until an attempt may start (> 0).
    [[nodiscard]] Millis retry_after() const { return retry_after_; }

    // The password was right: forgets the pair's failures (not the address's).
    void Succeeded();
    // The password was wrong (or the name unknown): counts for the pair and the address.
    void Failed();

   private:
    friend class LoginLimiter;
    LoginLimiter* limiter_ = nullptr;
    std::string user_;
    std::string address_;
    Millis retry_after_{0};
  };

  // `clock` must outlive the limiter, and the limiter its attempts. REQUIRES: options valid
  explicit LoginLimiter(const Clock& clock, LoginLimiterOptions options = {});

  // Reserves an attempt to sign in as `user` from `address`, or refuses it with how long to wait.
  [[nodiscard]] Attempt Begin(std::string_view user, std::string_view address) ELINK_EXCLUDES(mu_);

  // Zero when an attempt may start now; otherwise how long until it may (the longer of the
  // pair's and the address's waits). Reserves nothing.
  [[nodiscard]] Millis RetryAfter(std::string_view user, std::string_view address) const
      ELINK_EXCLUDES(mu_);
  // OK, or kUnauthenticated "too many failed logins; try again in N s".
  [[nodiscard]] Status Check(std::string_view user, std::string_view address) const
      ELINK_EXCLUDES(mu_);

  // An attempt's end without a reservation (tests, and callers that verify synchronously).
  void RecordFailure(std::string_view user, std::string_view address) ELINK_EXCLUDES(mu_);
  void RecordSuccess(std::string_view user, std::string_view address) ELINK_EXCLUDES(mu_);

  // Keys tracked now, pairs and addresses together (for tests and metrics).
  [[nodiscard]] std::size_t tracked_keys() const ELINK_EXCLUDES(mu_);

 private:
  struct Pair {
    std::size_t failures = 0;  // in a row
    TimePoint last_failure{};
    std::size_t pending = 0;
    TimePoint last_use{};
  };
  enum class End { kRelease, kSuccess, kFailure };

  void Finish(const std::string& user, const std::string& address, End end, bool reserved)
      ELINK_EXCLUDES(mu_);
  [[nodiscard]] Millis PairWait(const Pair& p, TimePoint now) const;
  [[nodiscard]] Millis WaitLocked(std::string_view pair_key, std::string_view address,
                                  TimePoint now) const ELINK_REQUIRES(mu_);
  void DropStaleLocked(TimePoint now) ELINK_REQUIRES(mu_);

  const Clock& clock_;
  const LoginLimiterOptions options_;
  mutable util::Mutex mu_;
  internal::LruMap<Pair> pairs_ ELINK_GUARDED_BY(mu_);
  internal::LruMap<internal::WindowCount> addresses_ ELINK_GUARDED_BY(mu_);
};

struct WindowLimiterOptions {
  // Default: 5. Counted actions per key within the window. REQUIRES: >= 1
  std::size_t max_per_window = 5;
  // Default: 10 minutes. REQUIRES: > 0
  Millis window = std::chrono::minutes(10);
  // Default: 10000. Most keys tracked at once. REQUIRES: >= 1
  std::size_t max_keys = 10'000;

  [[nodiscard]] Status Validate() const;
};

// At most `max_per_window` counted actions per key within a sliding window (citizen reports per
// client address). Like LoginLimiter's: reserve a slot first (Begin), then Count it or drop it.
// Thread-safe.
class WindowLimiter {
 public:
  class Slot {
   public:
    Slot() = default;
    Slot(Slot&& other) noexcept;
    Slot& operator=(Slot&& other) noexcept;
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;
    ~Slot();  // not counted: released

    [[nodiscard]] bool ok() const { return limiter_ != nullptr; }
    explicit operator bool() const { return ok(); }
    [[nodiscard]] Millis retry_after() const { return retry_after_; }
    // The action happened: it counts for the window.
    void Count();

   private:
    friend class WindowLimiter;
    WindowLimiter* limiter_ = nullptr;
    std::string key_;
    Millis retry_after_{0};
  };

  // `clock` must outlive the limiter, and the limiter its slots. REQUIRES: options valid
  explicit WindowLimiter(const Clock& clock, WindowLimiterOptions options = {});

  [[nodiscard]] Slot Begin(std::string_view key) ELINK_EXCLUDES(mu_);
  [[nodiscard]] Millis RetryAfter(std::string_view key) const ELINK_EXCLUDES(mu_);
  [[nodiscard]] std::size_t tracked_keys() const ELINK_EXCLUDES(mu_);

 private:
  void Finish(const std::string& key, bool count) ELINK_EXCLUDES(mu_);

  const Clock& clock_;
  const WindowLimiterOptions options_;
  mutable util::Mutex mu_;
  internal::LruMap<internal::WindowCount> keys_ ELINK_GUARDED_BY(mu_);
};

}  // namespace elink::auth
