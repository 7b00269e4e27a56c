#pragma once
// FaultInjectingLog: wraps a real EventLog and, on request, fails appends or holds them until
// released, so that tests can reach fail-stop and full-queue paths (LevelDB's fault injection).
// Thread-safe.

#include "store/event_log.hpp"

#include <condition_variable>
#include <mutex>

namespace elink::testing {

class FaultInjectingLog final : public store::EventLog {
 public:
  explicit FaultInjectingLog(store::EventLog& inner) : inner_(inner) {}

  // Appends after the next `n` succeed fail with kIOError and write nothing.
  void FailAppendsAfter(int n) {
    std::lock_guard lock(mu_);
    appends_before_failure_ = n;
  }
  // While held, Append waits (the engine's writer is stuck in "fsync").
  void Hold() {
    std::lock_guard lock(mu_);
    held_ = true;
  }
  void Release() {
    {
      std::lock_guard lock(mu_);
      held_ = false;
    }
    cv_.notify_all();
  }
  // True once an Append is waiting on Hold().
  bool AppendWaiting() {
    std::lock_guard lock(mu_);
    return waiting_;
  }

  [[nodiscard]] store::LogHead Head() const override { return inner_.Head(); }
  Result<std::vector<store::Record>> Append(std::span<const store::NewRecord> records) override {
    {
      std::unique_lock lock(mu_);
      waiting_ = true;
      cv_.wait(lock, [&] { return !held_; });
      waiting_ = false;
      if (appends_before_failure_ == 0) return Status::IOError("injected: disk full");
      if (appends_before_failure_ > 0) --appends_before_failure_;
    }
    return inner_.Append(records);
  }
  Result<std::vector<store::Record>> Read(std::uint64_t from, std::size_t limit) const override {
    return inner_.Read(from, limit);
  }
  Result<store::VerifyReport> Verify(
      std::optional<store::LogHead> expected,
      const std::function<void(std::uint64_t, std::uint64_t)>& progress,
      const std::atomic<bool>* cancel) const override {
    return inner_.Verify(expected, progress, cancel);
  }
  Status SaveSnapshot(const store::Snapshot& s) override { return inner_.SaveSnapshot(s); }
  Result<std::vector<store::Snapshot>> Snapshots(std::size_t limit) const override {
    return inner_.Snapshots(limit);
  }
  [[nodiscard]] Result<std::uint64_t> SnapshotCount() const override {
    return inner_.SnapshotCount();
  }
  Status SetMeta(std::string_view k, std::string_view v) override { return inner_.SetMeta(k, v); }
  Result<std::optional<std::string>> GetMeta(std::string_view k) const override {
    return inner_.GetMeta(k);
  }

 private:
  store::EventLog& inner_;
  std::mutex mu_;
  std::condition_variable cv_;
  int appends_before_failure_ = -1;  // -1: never fail
  bool held_ = false;
  bool waiting_ = false;
};

}  // namespace elink::testing
