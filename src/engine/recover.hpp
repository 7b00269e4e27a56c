#pragma once
// Rebuilding a center's state from its log, and checking its snapshots. Start-up (Engine::Open)
// takes the newest snapshot that is bound to the hash chain (journal.hpp: a later event records its
// event's hash and the SHA-256 of its bytes) and replays the events after it, checking that each
// links to the one before; a false or unbound snapshot is skipped loudly, and a broken link refuses
// the start. `elink verify-log` replays the whole log to check every stored snapshot's content.

#include "core/state.hpp"
#include "store/event_log.hpp"
#include "util/clock.hpp"
#include "util/status.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace elink::engine {

struct Recovered {
  core::State state;
  std::uint64_t replayed = 0;            // events applied after the snapshot
  std::uint64_t snapshot_seq = 0;        // the snapshot used; 0 when the whole log was replayed
  std::optional<TimePoint> snapshot_at;  // when it was taken, else the log's first event's time
  std::vector<std::string> skipped;      // why each newer snapshot was not used
};

// kCorruption when an event does not decode or apply, or does not link to the one before it (an
// event edited with its hash recomputed), naming the event; kIOError when the log cannot be read.
Result<Recovered> Recover(const store::EventLog& log);

struct SnapshotCheck {
  std::uint64_t seq = 0;
  bool bound = false;    // a SnapshotTaken in the log records its hashes
  bool matches = false;  // its bytes are the state the log replays to at `seq`
  // Empty when it matches and is bound, or matches and no binding names it (then `note` says so:
  // a crash between storing and binding; start-up never uses it).
  std::string problem;
  std::string note;
};

// Replays the whole log and checks each stored snapshot against the state at its event.
// `progress(done, total)` now and then. Errors as Recover's.
Result<std::vector<SnapshotCheck>> CheckSnapshots(
    const store::EventLog& log, const std::function<void(std::uint64_t, std::uint64_t)>& progress);

}  // namespace elink::engine
