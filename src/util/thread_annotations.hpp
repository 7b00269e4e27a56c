#pragma once
// Thread-safety annotations (clang's -Wthread-safety; no-ops for other compilers) and a Mutex that
// carries them. Members a mutex protects say so in the type system instead of a comment:
//
//   util::Mutex mu_;
//   std::deque<Job> queue_ ELINK_GUARDED_BY(mu_);
//   void Drain() ELINK_REQUIRES(mu_);
//   { util::MutexLock lock(mu_); queue_.push_back(job); }
//
// `scripts/tidy.sh` (clang-tidy) checks them; g++ ignores them.

#include <condition_variable>
#include <mutex>

#if defined(__clang__)
#define ELINK_THREAD_ANNOTATION(x) __attribute__((x))
#else
#define ELINK_THREAD_ANNOTATION(x)
#endif

#define ELINK_CAPABILITY(x) ELINK_THREAD_ANNOTATION(capability(x))
#define ELINK_SCOPED_CAPABILITY ELINK_THREAD_ANNOTATION(scoped_lockable)
#define ELINK_GUARDED_BY(x) ELINK_THREAD_ANNOTATION(guarded_by(x))
#define ELINK_PT_GUARDED_BY(x) ELINK_THREAD_ANNOTATION(pt_guarded_by(x))
#define ELINK_REQUIRES(...) ELINK_THREAD_ANNOTATION(requires_capability(__VA_ARGS__))
#define ELINK_EXCLUDES(...) ELINK_THREAD_ANNOTATION(locks_excluded(__VA_ARGS__))
#define ELINK_ACQUIRE(...) ELINK_THREAD_ANNOTATION(acquire_capability(__VA_ARGS__))
#define ELINK_RELEASE(...) ELINK_THREAD_ANNOTATION(release_capability(__VA_ARGS__))
#define ELINK_NO_THREAD_SAFETY_ANALYSIS ELINK_THREAD_ANNOTATION(no_thread_safety_analysis)

namespace elink::util {

// A std::mutex the analysis knows as a capability. Lockable, so std::condition_variable_any and
// std::unique_lock work with it.
class ELINK_CAPABILITY("mutex") Mutex {
 public:
  void lock() ELINK_ACQUIRE() { mu_.lock(); }
  void unlock() ELINK_RELEASE() { mu_.unlock(); }
  bool try_lock() { return mu_.try_lock(); }

 private:
  std::mutex mu_;
};

// Holds `mu` for its scope.
class ELINK_SCOPED_CAPABILITY MutexLock {
 public:
  explicit MutexLock(Mutex& mu) ELINK_ACQUIRE(mu) : mu_(mu) { mu_.lock(); }
  ~MutexLock() ELINK_RELEASE() { mu_.unlock(); }
  MutexLock(const MutexLock&) = delete;
  MutexLock& operator=(const MutexLock&) = delete;

  // Waits on `cv` until `ready()` holds; the lock is released while waiting.
  template <typename Ready>
  void Await(std::condition_variable_any& cv, Ready ready) ELINK_NO_THREAD_SAFETY_ANALYSIS {
    cv.wait(mu_, ready);
  }

 private:
  Mutex& mu_;
};

}  // namespace elink::util
