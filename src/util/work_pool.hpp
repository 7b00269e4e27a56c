#pragma once
// WorkPool: a fixed set of threads that run queued jobs, with a bounded queue. The server's
// compute executor: recommendations, joint assignments, routes and duplicate searches run here,
// neither on the I/O threads (which must keep answering) nor on the engine's writer thread (which
// must only decide, append and apply).
//
//   util::WorkPool pool({.name = "compute", .threads = 2, .max_queued = 256});
//   if (!pool.TryPost([call] { ... call->Reply(...); })) { /* full: answer 503 */ }

#include "util/thread_annotations.hpp"

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <string>
#include <thread>
#include <vector>

namespace elink::util {

struct WorkPoolOptions {
  std::string name = "work";     // the threads' name (at most 15 characters are kept)
  int threads = 2;               // REQUIRES: >= 1
  std::size_t max_queued = 256;  // jobs waiting, not counting those running. REQUIRES: >= 1
};

// Thread-safe. Jobs run in the order posted (with several threads, they may finish out of order).
// A job must not throw; one that does ends the process (std::terminate), as on any thread.
class WorkPool {
 public:
  explicit WorkPool(WorkPoolOptions options);
  WorkPool(const WorkPool&) = delete;
  WorkPool& operator=(const WorkPool&) = delete;
  ~WorkPool();  // Stop()

  // Queues `job`; false (and the job is dropped unrun) when max_queued jobs are waiting or the
  // pool is stopping. Never blocks on the queue.
  bool TryPost(std::function<void()> job) ELINK_EXCLUDES(mu_);

  // Runs the jobs already queued, refuses new ones, and joins the threads. Idempotent. Not from a
  // job of this pool.
  void Stop() ELINK_EXCLUDES(mu_);

  [[nodiscard]] std::size_t queued() const ELINK_EXCLUDES(mu_);
  [[nodiscard]] std::size_t running() const ELINK_EXCLUDES(mu_);
  [[nodiscard]] std::size_t threads() const { return workers_.size(); }

 private:
  void Work() ELINK_EXCLUDES(mu_);

  const WorkPoolOptions options_;
  mutable Mutex mu_;
  std::condition_variable_any ready_;
  std::deque<std::function<void()>> queue_ ELINK_GUARDED_BY(mu_);
  std::size_t running_ ELINK_GUARDED_BY(mu_) = 0;
  bool stopping_ ELINK_GUARDED_BY(mu_) = false;
  std::vector<std::thread> workers_;  // set in the constructor, joined in Stop
  Mutex stop_mu_;                     // one Stop at a time
};

}  // namespace elink::util
