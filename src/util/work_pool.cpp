// SPDX-License-Identifier: Apache-2.0
#include "util/work_pool.hpp"

#include "util/check.hpp"

#include <pthread.h>

#include <utility>

namespace elink::util {

WorkPool::WorkPool(WorkPoolOptions options) : options_(std::move(options)) {
  ELINK_CHECK(options_.threads >= 1) << "a work pool needs a thread";
  ELINK_CHECK(options_.max_queued >= 1) << "a work pool needs room for a job";
  workers_.reserve(static_cast<std::size_t>(options_.threads));
  for (int i = 0; i < options_.threads; ++i) {
    workers_.emplace_back([this] { Work(); });
    const std::string name = options_.name.substr(0, 15);
    pthread_setname_np(workers_.back().native_handle(), name.c_str());
  }
}

WorkPool::~WorkPool() { Stop(); }

bool WorkPool::TryPost(std::function<void()> job) {
  {
    const MutexLock lock(mu_);
    if (stopping_ || queue_.size() >= options_.max_queued) return false;
    queue_.push_back(std::move(job));
  }
  ready_.notify_one();
  return true;
}

void WorkPool::Stop() {
  const MutexLock stop_lock(stop_mu_);
  {
    const MutexLock lock(mu_);
    stopping_ = true;
  }
  ready_.notify_all();
  for (std::thread& t : workers_) {
    if (t.joinable()) t.join();
  }
}

std::size_t WorkPool::queued() const {
  const MutexLock lock(mu_);
  return queue_.size();
}

std::size_t WorkPool::running() const {
  const MutexLock lock(mu_);
  return running_;
}

void WorkPool::Work() {
  for (;;) {
    std::function<void()> job;
    {
      MutexLock lock(mu_);
      lock.Await(ready_,
                 [this]() ELINK_NO_THREAD_SAFETY_ANALYSIS { return stopping_ || !queue_.empty(); });
      // Stopping still runs what was queued: each job answers a caller.
      if (queue_.empty()) return;
      job = std::move(queue_.front());
      queue_.pop_front();
      ++running_;
    }
    job();
    const MutexLock lock(mu_);
    --running_;
  }
}

}  // namespace elink::util
