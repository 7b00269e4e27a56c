#pragma once
// Clock: the only way domain code learns the time. Live service injects SystemClock; simulation,
// replay and tests inject ManualClock, so the engine is deterministic given its events and clock.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

namespace elink {

// Milliseconds since the Unix epoch, UTC. Events carry this resolution.
using TimePoint = std::chrono::sys_time<std::chrono::milliseconds>;
using Millis = std::chrono::milliseconds;

inline std::int64_t ToUnixMillis(TimePoint t) { return t.time_since_epoch().count(); }
inline TimePoint FromUnixMillis(std::int64_t ms) { return TimePoint(Millis(ms)); }

// ISO 8601 UTC with milliseconds: "2026-11-29T01:02:03.456Z".
std::string FormatTime(TimePoint t);

// Implementations must be safe to call from any thread.
class Clock {
 public:
  virtual ~Clock() = default;
  [[nodiscard]] virtual TimePoint Now() const = 0;
};

// The wall clock. Stateless; thread-safe.
class SystemClock final : public Clock {
 public:
  [[nodiscard]] TimePoint Now() const override;
};

// Every SystemClock reads the wall through one process-wide source. A test replaces it with one
// that fails when called, to prove that code on a simulated clock (the simulator, drills' replay)
// never reads the wall. Returns the source it replaced. Thread-safe.
using WallSource = TimePoint (*)();
WallSource ReplaceWallSourceForTesting(WallSource source);

// A clock that moves only when told. Thread-safe (atomic).
class ManualClock final : public Clock {
 public:
  explicit ManualClock(TimePoint start = FromUnixMillis(0)) : now_ms_(ToUnixMillis(start)) {}
  [[nodiscard]] TimePoint Now() const override { return FromUnixMillis(now_ms_.load()); }
  void Set(TimePoint t) { now_ms_.store(ToUnixMillis(t)); }
  void Advance(Millis d) { now_ms_.fetch_add(d.count()); }

 private:
  std::atomic<std::int64_t> now_ms_;
};

}  // namespace elink
