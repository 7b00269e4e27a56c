#pragma once
// `elink stress`: many threads submit real commands to a center as fast as it answers. Used as a
// load tool and by the crash-safety test, which kills the process at random moments and checks
// that every acknowledged command survived. Each thread repeats a cycle of three commands:
//   r: report an incident (1 event)  v: verify it (1 event)  p: three AVL positions (3 events)
// Request ids are "<run>-<thread>-<i>-<r|v|p>", so the log tells which command made which event.

#include "app/center.hpp"
#include "core/state.hpp"
#include "engine/commands.hpp"
#include "util/status.hpp"

#include <cstdint>
#include <functional>
#include <string>

namespace elink::app {

struct StressOptions {
  // Default: 4. REQUIRES: 1..1024
  int threads = 4;
  // Default: 100. Cycles per thread. REQUIRES: >= 1
  int cycles = 100;
  // Default: "s". Prefix of request ids, so that several runs on one database stay apart.
  std::string run_id = "s";
  [[nodiscard]] Status Validate() const;
};

struct StressReport {
  std::uint64_t acknowledged = 0;
  std::uint64_t refused = 0;
  double seconds = 0;
};

// Called (from the submitting threads, serialized) after each command is acknowledged.
using AckCallback = std::function<void(const std::string& request_id, const engine::Reply&)>;

// Runs the load against `center`, which must have a region with at least one unit and one grid.
// kFailedPrecondition when it has not; the first error of a command otherwise stops the run.
Result<StressReport> RunStress(Center& center, const StressOptions& options,
                               const AckCallback& on_ack);

// The number of events a stress command with this request id makes on a center with `state`'s
// region (a verification also activates the fire plan when the region has one), or 0 when the id
// is not one of the stress commands.
int StressEventsPerCommand(std::string_view request_id, const core::State& state);

}  // namespace elink::app
