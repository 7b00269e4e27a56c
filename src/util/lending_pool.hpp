#pragma once
// LendingPool<T>: objects that are costly to build and hold scratch space (a search's O(nodes)
// arrays, a fleet's placed vehicles) lent out one per call and given back when the lease ends, so
// that concurrent callers never share one and a busy server reuses a few instead of building one
// per call. The pool grows to the number of callers that ever held a lease at once.

#include "util/thread_annotations.hpp"

#include <cstddef>
#include <functional>
#include <memory>
#include <utility>
#include <vector>

namespace elink::util {

// Thread-safe. The pool must outlive every lease it gave.
template <typename T>
class LendingPool {
 public:
  explicit LendingPool(std::function<std::unique_ptr<T>()> make) : make_(std::move(make)) {}
  LendingPool(const LendingPool&) = delete;
  LendingPool& operator=(const LendingPool&) = delete;

  // One object for the holder alone until it is destroyed, when the object goes back.
  class Lease {
   public:
    Lease(LendingPool* pool, std::unique_ptr<T> item) : pool_(pool), item_(std::move(item)) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() { pool_->Return(std::move(item_)); }
    T& operator*() { return *item_; }
    T* operator->() { return item_.get(); }

   private:
    LendingPool* pool_;
    std::unique_ptr<T> item_;
  };

  // An idle object if there is one, else a new one (built outside the lock).
  Lease Take() ELINK_EXCLUDES(mu_) {
    std::unique_ptr<T> item;
    {
      const MutexLock lock(mu_);
      if (!idle_.empty()) {
        item = std::move(idle_.back());
        idle_.pop_back();
      } else {
        ++built_;
      }
    }
    if (!item) item = make_();
    return Lease(this, std::move(item));
  }

  // How many objects the pool has built so far (idle or lent).
  [[nodiscard]] std::size_t built() const ELINK_EXCLUDES(mu_) {
    const MutexLock lock(mu_);
    return built_;
  }

 private:
  void Return(std::unique_ptr<T> item) ELINK_EXCLUDES(mu_) {
    const MutexLock lock(mu_);
    idle_.push_back(std::move(item));
  }

  const std::function<std::unique_ptr<T>()> make_;
  mutable Mutex mu_;
  std::vector<std::unique_ptr<T>> idle_ ELINK_GUARDED_BY(mu_);
  std::size_t built_ ELINK_GUARDED_BY(mu_) = 0;
};

}  // namespace elink::util
