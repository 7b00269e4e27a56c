#pragma once
// The journal: the engine's own facts about its log, registered in registry.hpp like a domain.
// A snapshot (a State written aside so that start-up need not replay the whole log) is bound to the
// hash chain by SnapshotTaken, an event committed after it that records the snapshot's event and
// that event's hash, and the SHA-256 of the snapshot's bytes. Start-up uses a snapshot only when
// its binding is found in the chain after it, and `elink verify-log` replays the log to check
// every snapshot's bytes. docs/formats/event-log.md, "Snapshots".

#include "core/domain.hpp"
#include "core/fields.hpp"
#include "core/visibility.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <variant>
#include <vector>

namespace elink::engine::journal {

// The actor of the engine's own events.
inline constexpr std::string_view kActor = "elink-snapshot";

// Sent by the engine's snapshot thread once a snapshot is stored.
struct BindSnapshot {
  std::uint64_t seq = 0;     // the event the snapshot covers
  std::string head_hash;     // that event's hash, 64 hex digits
  std::string state_sha256;  // SHA-256 of the snapshot's bytes, 64 hex digits
};

// A snapshot of the state as of event `seq` was stored; its bytes hash to `state_sha256`.
struct SnapshotTaken {
  static constexpr std::string_view kType = "snapshot_taken";
  std::uint64_t seq = 0;
  std::string head_hash;
  std::string state_sha256;

  static constexpr auto Fields() {
    return std::tuple{core::F("seq", &SnapshotTaken::seq),
                      core::F("head_hash", &SnapshotTaken::head_hash),
                      core::F("state_sha256", &SnapshotTaken::state_sha256)};
  }
  [[nodiscard]] core::Visibility WhoSees() const { return core::Visibility::Admins(); }
  friend auto operator<=>(const SnapshotTaken&, const SnapshotTaken&) = default;
};

struct Domain {
  using Commands = core::TypeList<BindSnapshot>;
  using Events = core::TypeList<SnapshotTaken>;
};

using Emitted = std::variant<SnapshotTaken>;

// kInvalidArgument for an event not yet in the log or a hash that is not 64 hex digits.
Result<std::vector<Emitted>> Decide(const core::DecideContext& ctx, const BindSnapshot& c);
// Changes nothing in the state; kCorruption (core::NotApplicable) when the binding names an event
// at or after its own or a malformed hash.
Status Apply(core::StateWriter& w, const core::EventMeta& e, const SnapshotTaken& b);

}  // namespace elink::engine::journal
