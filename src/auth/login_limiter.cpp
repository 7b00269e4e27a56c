// SPDX-License-Identifier: Apache-2.0
#include "auth/login_limiter.hpp"

#include "auth/messages.hpp"
#include "util/check.hpp"

#include <algorithm>
#include <iterator>

namespace elink::auth {

Status LoginLimiterOptions::Validate() const {
  if (max_failures_per_user < 1) {
    return Status::InvalidArgument("max_failures_per_user", "must be at least 1");
  }
  if (max_failures_per_address < 1) {
    return Status::InvalidArgument("max_failures_per_address", "must be at least 1");
  }
  if (window <= Millis(0)) return Status::InvalidArgument("window", "must be positive");
  if (max_keys < 1) return Status::InvalidArgument("max_keys", "must be at least 1");
  return {};
}

Millis LoginLimiter::Window::RetryAfter(std::string_view key, TimePoint now, Millis window) const {
  const auto it = index_.find(key);
  if (it == index_.end()) return Millis(0);
  const std::deque<TimePoint>& failures = it->second->failures;
  if (failures.size() < max_failures_) return Millis(0);
  // Locked until the oldest of the last max_failures_ failures leaves the window.
  return std::max(Millis(0), failures.front() + window - now);
}

void LoginLimiter::Window::Fail(std::string_view key, TimePoint now, Millis window) {
  // Keys whose last failure has left the window say nothing any more.
  while (!by_age_.empty() && by_age_.front().failures.back() + window <= now) {
    index_.erase(by_age_.front().key);
    by_age_.pop_front();
  }
  auto it = index_.find(key);
  if (it == index_.end()) {
    if (index_.size() >= max_keys_) {
      index_.erase(by_age_.front().key);
      by_age_.pop_front();
    }
    by_age_.push_back(Entry{std::string(key), {}});
    it = index_.emplace(std::string(key), std::prev(by_age_.end())).first;
  } else {
    by_age_.splice(by_age_.end(), by_age_, it->second);  // now the most recent
  }
  std::deque<TimePoint>& failures = it->second->failures;
  failures.push_back(now);
  while (failures.size() > max_failures_) failures.pop_front();
}

void LoginLimiter::Window::Forget(std::string_view key) {
  const auto it = index_.find(key);
  if (it == index_.end()) return;
  by_age_.erase(it->second);
  index_.erase(it);
}

LoginLimiter::LoginLimiter(const Clock& clock, LoginLimiterOptions options)
    : clock_(clock),
      options_(options),
      users_(options.max_failures_per_user, options.max_keys),
      addresses_(options.max_failures_per_address, options.max_keys) {
  ELINK_CHECK(options_.Validate().ok()) << options_.Validate().ToString();
}

Millis LoginLimiter::RetryAfter(std::string_view user, std::string_view address) const {
  const TimePoint now = clock_.Now();
  const util::MutexLock lock(mu_);
  return std::max(users_.RetryAfter(user, now, options_.window),
                  addresses_.RetryAfter(address, now, options_.window));
}

Status LoginLimiter::Check(std::string_view user, std::string_view address) const {
  const Millis wait = RetryAfter(user, address);
  if (wait <= Millis(0)) return {};
  // Rounded up: "try again in 0 s" would be a lie.
  const auto seconds = (wait.count() + 999) / 1000;
  return Status::Unauthenticated(msg::kTooManyLogins, seconds);
}

void LoginLimiter::RecordFailure(std::string_view user, std::string_view address) {
  const TimePoint now = clock_.Now();
  const util::MutexLock lock(mu_);
  users_.Fail(user, now, options_.window);
  addresses_.Fail(address, now, options_.window);
}

void LoginLimiter::RecordSuccess(std::string_view user, std::string_view /*address*/) {
  const util::MutexLock lock(mu_);
  users_.Forget(user);
}

std::size_t LoginLimiter::tracked_keys() const {
  const util::MutexLock lock(mu_);
  return users_.size() + addresses_.size();
}

}  // namespace elink::auth
