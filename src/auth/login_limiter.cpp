// SPDX-License-Identifier: Apache-2.0
#include "auth/login_limiter.hpp"

#include "auth/messages.hpp"
#include "util/check.hpp"

#include <algorithm>
#include <utility>

namespace elink::auth {

namespace internal {

Millis WindowCount::Wait(std::size_t limit, Millis window, TimePoint now, Millis busy) const {
  // Counted events that have left the window say nothing any more.
  std::size_t live = 0;
  for (const TimePoint t : times) {
    if (t + window > now) ++live;
  }
  if (live + pending < limit) return Millis(0);
  if (live < limit) return busy;  // full only with attempts under way
  // Full: until the oldest of the last `limit` leaves the window.
  return std::max(Millis(1), times[times.size() - limit] + window - now);
}

void WindowCount::Count(std::size_t limit, TimePoint now) {
  times.push_back(now);
  while (times.size() > limit) times.pop_front();
}

}  // namespace internal

namespace {

// One key for a (user name, address) pair; a user name holds no control characters.
std::string PairKey(std::string_view user, std::string_view address) {
  std::string key(address);
  key += '\x1f';
  key += user;
  return key;
}

}  // namespace

Status LoginLimiterOptions::Validate() const {
  if (free_failures_per_pair < 1) {
    return Status::InvalidArgument("free_failures_per_pair", "must be at least 1");
  }
  if (first_delay <= Millis(0)) return Status::InvalidArgument("first_delay", "must be positive");
  if (max_delay < first_delay) {
    return Status::InvalidArgument("max_delay", "must be at least first_delay");
  }
  if (max_failures_per_address < 1) {
    return Status::InvalidArgument("max_failures_per_address", "must be at least 1");
  }
  if (window <= Millis(0)) return Status::InvalidArgument("window", "must be positive");
  if (max_keys < 1) return Status::InvalidArgument("max_keys", "must be at least 1");
  return {};
}

// ---- LoginLimiter::Attempt

LoginLimiter::Attempt::Attempt(Attempt&& other) noexcept
    : limiter_(std::exchange(other.limiter_, nullptr)),
      user_(std::move(other.user_)),
      address_(std::move(other.address_)),
      retry_after_(other.retry_after_) {}

LoginLimiter::Attempt& LoginLimiter::Attempt::operator=(Attempt&& other) noexcept {
  if (this != &other) {
    if (limiter_ != nullptr) limiter_->Finish(user_, address_, End::kRelease, true);
    limiter_ = std::exchange(other.limiter_, nullptr);
    user_ = std::move(other.user_);
    address_ = std::move(other.address_);
    retry_after_ = other.retry_after_;
  }
  return *this;
}

LoginLimiter::Attempt::~Attempt() {
  if (limiter_ != nullptr) limiter_->Finish(user_, address_, End::kRelease, true);
}

void LoginLimiter::Attempt::Succeeded() {
  if (limiter_ == nullptr) return;
  std::exchange(limiter_, nullptr)->Finish(user_, address_, End::kSuccess, true);
}

void LoginLimiter::Attempt::Failed() {
  if (limiter_ == nullptr) return;
  std::exchange(limiter_, nullptr)->Finish(user_, address_, End::kFailure, true);
}

// ---- LoginLimiter

LoginLimiter::LoginLimiter(const Clock& clock, LoginLimiterOptions options)
    : clock_(clock), options_(options), pairs_(options.max_keys), addresses_(options.max_keys) {
  ELINK_CHECK(options_.Validate().ok()) << options_.Validate().ToString();
}

Millis LoginLimiter::PairWait(const Pair& p, TimePoint now) const {
  const std::size_t free = options_.free_failures_per_pair;
  const std::size_t counted = p.failures + p.pending;
  if (counted < free) return Millis(0);
  // The wait after the k-th failure beyond the free ones: first_delay * 2^(k-1), capped.
  auto delay_after = [this](std::size_t failures) {
    Millis d = options_.first_delay;
    for (std::size_t i = options_.free_failures_per_pair; i < failures && d < options_.max_delay;
         ++i) {
      d *= 2;
    }
    return std::min(d, options_.max_delay);
  };
  if (p.failures < free) return options_.first_delay;  // full only with attempts under way
  const Millis since_last = p.last_failure + delay_after(p.failures) - now;
  // With an attempt under way, the next waits at least until it has ended.
  if (p.pending > 0) return std::max(since_last, delay_after(p.failures + 1));
  return std::max(Millis(0), since_last);
}

Millis LoginLimiter::WaitLocked(std::string_view pair_key, std::string_view address,
                                TimePoint now) const {
  Millis wait(0);
  if (const Pair* p = pairs_.Find(pair_key); p != nullptr) wait = PairWait(*p, now);
  if (const internal::WindowCount* a = addresses_.Find(address); a != nullptr) {
    wait = std::max(wait, a->Wait(options_.max_failures_per_address, options_.window, now,
                                  options_.first_delay));
  }
  return wait;
}

void LoginLimiter::DropStaleLocked(TimePoint now) {
  const Millis window = options_.window;
  pairs_.DropStale([now, window](const Pair& p) {
    return p.pending == 0 && p.last_use + window <= now && p.last_failure + window <= now;
  });
  addresses_.DropStale([now, window](const internal::WindowCount& a) {
    return a.pending == 0 && a.last_use + window <= now &&
           (a.times.empty() || a.times.back() + window <= now);
  });
}

LoginLimiter::Attempt LoginLimiter::Begin(std::string_view user, std::string_view address) {
  const TimePoint now = clock_.Now();
  const std::string key = PairKey(user, address);
  Attempt attempt;
  const util::MutexLock lock(mu_);
  DropStaleLocked(now);
  if (const Millis wait = WaitLocked(key, address, now); wait > Millis(0)) {
    attempt.retry_after_ = wait;
    return attempt;
  }
  Pair& p = pairs_.Touch(key);
  if (p.failures > 0 && p.last_failure + options_.window <= now) p.failures = 0;  // forgotten
  ++p.pending;
  p.last_use = now;
  internal::WindowCount& a = addresses_.Touch(address);
  ++a.pending;
  a.last_use = now;
  attempt.limiter_ = this;
  attempt.user_ = std::string(user);
  attempt.address_ = std::string(address);
  return attempt;
}

void LoginLimiter::Finish(const std::string& user, const std::string& address, End end,
                          bool reserved) {
  const TimePoint now = clock_.Now();
  const std::string key = PairKey(user, address);
  const util::MutexLock lock(mu_);
  if (end != End::kFailure) {
    // A success forgets the pair (its pending count with it: one attempt at a time is the rule
    // that matters, and the others end soon); a release only gives the slot back.
    if (Pair* p = pairs_.Find(key); p != nullptr) {
      if (reserved && p->pending > 0) --p->pending;
      if (end == End::kSuccess) {
        p->failures = 0;
        if (p->pending == 0) pairs_.Erase(key);
      }
    }
    if (internal::WindowCount* a = addresses_.Find(address); a != nullptr) {
      if (reserved && a->pending > 0) --a->pending;
    }
    return;
  }
  Pair& p = pairs_.Touch(key);
  if (reserved && p.pending > 0) --p.pending;
  if (p.failures > 0 && p.last_failure + options_.window <= now) p.failures = 0;
  ++p.failures;
  p.last_failure = now;
  p.last_use = now;
  internal::WindowCount& a = addresses_.Touch(address);
  if (reserved && a.pending > 0) --a.pending;
  a.Count(options_.max_failures_per_address, now);
  a.last_use = now;
}

Millis LoginLimiter::RetryAfter(std::string_view user, std::string_view address) const {
  const TimePoint now = clock_.Now();
  const std::string key = PairKey(user, address);
  const util::MutexLock lock(mu_);
  return WaitLocked(key, address, now);
}

Status LoginLimiter::Check(std::string_view user, std::string_view address) const {
  const Millis wait = RetryAfter(user, address);
  if (wait <= Millis(0)) return {};
  // Rounded up: "try again in 0 s" would be a lie.
  const auto seconds = (wait.count() + 999) / 1000;
  return Status::Unauthenticated(msg::kTooManyLogins, seconds);
}

void LoginLimiter::RecordFailure(std::string_view user, std::string_view address) {
  {
    const TimePoint now = clock_.Now();
    const util::MutexLock lock(mu_);
    DropStaleLocked(now);
  }
  Finish(std::string(user), std::string(address), End::kFailure, false);
}

void LoginLimiter::RecordSuccess(std::string_view user, std::string_view address) {
  Finish(std::string(user), std::string(address), End::kSuccess, false);
}

std::size_t LoginLimiter::tracked_keys() const {
  const util::MutexLock lock(mu_);
  return pairs_.size() + addresses_.size();
}

// ---- WindowLimiter

Status WindowLimiterOptions::Validate() const {
  if (max_per_window < 1) return Status::InvalidArgument("max_per_window", "must be at least 1");
  if (window <= Millis(0)) return Status::InvalidArgument("window", "must be positive");
  if (max_keys < 1) return Status::InvalidArgument("max_keys", "must be at least 1");
  return {};
}

WindowLimiter::Slot::Slot(Slot&& other) noexcept
    : limiter_(std::exchange(other.limiter_, nullptr)),
      key_(std::move(other.key_)),
      retry_after_(other.retry_after_) {}

WindowLimiter::Slot& WindowLimiter::Slot::operator=(Slot&& other) noexcept {
  if (this != &other) {
    if (limiter_ != nullptr) limiter_->Finish(key_, false);
    limiter_ = std::exchange(other.limiter_, nullptr);
    key_ = std::move(other.key_);
    retry_after_ = other.retry_after_;
  }
  return *this;
}

WindowLimiter::Slot::~Slot() {
  if (limiter_ != nullptr) limiter_->Finish(key_, false);
}

void WindowLimiter::Slot::Count() {
  if (limiter_ == nullptr) return;
  std::exchange(limiter_, nullptr)->Finish(key_, true);
}

WindowLimiter::WindowLimiter(const Clock& clock, WindowLimiterOptions options)
    : clock_(clock), options_(options), keys_(options.max_keys) {
  ELINK_CHECK(options_.Validate().ok()) << options_.Validate().ToString();
}

WindowLimiter::Slot WindowLimiter::Begin(std::string_view key) {
  const TimePoint now = clock_.Now();
  Slot slot;
  const util::MutexLock lock(mu_);
  const Millis window = options_.window;
  keys_.DropStale([now, window](const internal::WindowCount& c) {
    return c.pending == 0 && c.last_use + window <= now &&
           (c.times.empty() || c.times.back() + window <= now);
  });
  if (const internal::WindowCount* c = keys_.Find(key); c != nullptr) {
    if (const Millis wait = c->Wait(options_.max_per_window, window, now, std::chrono::seconds(1));
        wait > Millis(0)) {
      slot.retry_after_ = wait;
      return slot;
    }
  }
  internal::WindowCount& c = keys_.Touch(key);
  ++c.pending;
  c.last_use = now;
  slot.limiter_ = this;
  slot.key_ = std::string(key);
  return slot;
}

void WindowLimiter::Finish(const std::string& key, bool count) {
  const TimePoint now = clock_.Now();
  const util::MutexLock lock(mu_);
  internal::WindowCount* c = keys_.Find(key);
  if (c == nullptr) {
    if (!count) return;
    c = &keys_.Touch(key);  // forgotten while it ran (the map was full): counted afresh
  } else if (c->pending > 0) {
    --c->pending;
  }
  if (count) c->Count(options_.max_per_window, now);
  c->last_use = now;
}

Millis WindowLimiter::RetryAfter(std::string_view key) const {
  const TimePoint now = clock_.Now();
  const util::MutexLock lock(mu_);
  const internal::WindowCount* c = keys_.Find(key);
  return c == nullptr
             ? Millis(0)
             : c->Wait(options_.max_per_window, options_.window, now, std::chrono::seconds(1));
}

std::size_t WindowLimiter::tracked_keys() const {
  const util::MutexLock lock(mu_);
  return keys_.size();
}

}  // namespace elink::auth
