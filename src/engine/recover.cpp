// SPDX-License-Identifier: Apache-2.0
#include "engine/recover.hpp"

#include "core/codec.hpp"
#include "engine/journal.hpp"
#include "engine/registry.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <map>

namespace elink::engine {

namespace {

// Records per read while replaying. A citizen's photo event holds up to ~2.8 MB, so a page is kept
// small enough that a photo-heavy stretch of the log stays within a few hundred MB.
constexpr std::size_t kReplayPage = 128;

// Calls `each` with every record from `from` to the head, in order, a page at a time, until it
// returns false or an error.
template <typename Each>
Status ForEachRecord(const store::EventLog& log, std::uint64_t from, Each each) {
  for (;;) {
    ELINK_ASSIGN_OR_RETURN(auto records, log.Read(from, kReplayPage));
    if (records.empty()) return {};
    for (const auto& r : records) {
      ELINK_ASSIGN_OR_RETURN(const bool go_on, each(r));
      if (!go_on) return {};
    }
    from = records.back().seq + 1;
  }
}

Result<std::optional<journal::SnapshotTaken>> BindingOf(const store::Record& r) {
  if (r.type != journal::SnapshotTaken::kType) return std::optional<journal::SnapshotTaken>();
  ELINK_ASSIGN_OR_RETURN(Event e, DecodeEvent(r.seq, r.at, r.type, r.payload));
  return std::optional<journal::SnapshotTaken>(std::get<journal::SnapshotTaken>(e.body));
}

// Why `snap` may not be used, or empty: its binding must follow it in the log (normally within a
// few events) and record its event's hash and its bytes' hash.
Result<std::string> ProblemWith(const store::EventLog& log, const store::Snapshot& snap) {
  std::optional<journal::SnapshotTaken> binding;
  auto look = [&](const store::Record& r) -> Result<bool> {
    ELINK_ASSIGN_OR_RETURN(auto b, BindingOf(r));
    if (b && b->seq == snap.seq) binding = std::move(b);
    return !binding.has_value();
  };
  ELINK_RETURN_IF_ERROR(ForEachRecord(log, snap.seq + 1, look));
  if (!binding)
    return std::string("no event in the log binds it (taken before an interrupted stop)");
  if (binding->head_hash != ToHex(snap.head_hash)) {
    return std::string("the log records another hash for its event");
  }
  if (binding->state_sha256 != ToHex(snap.state_hash)) {
    return std::string("its content is not the one the log records (a false snapshot)");
  }
  return std::string();
}

Status Replay(const store::EventLog& log, core::State& state, Sha256Digest prev,
              std::uint64_t& replayed,
              const std::function<Status(const store::Record&, const core::State&)>& after = {}) {
  replayed = 0;
  auto apply = [&](const store::Record& r) -> Result<bool> {
    if (r.prev_hash != prev) {
      return Status::Corruption(fmt::format(
          "event {} does not link to event {} in the hash chain (an event was edited and its "
          "hash recomputed): the center will not start on an altered log; elink verify-log "
          "names the damage",
          r.seq, r.seq - 1));
    }
    prev = r.hash;
    ELINK_ASSIGN_OR_RETURN(Event e, DecodeEvent(r.seq, r.at, r.type, r.payload));
    ELINK_RETURN_IF_ERROR(Apply(state, e));
    ++replayed;
    if (after) ELINK_RETURN_IF_ERROR(after(r, state));
    return true;
  };
  ELINK_RETURN_IF_ERROR(ForEachRecord(log, state.last_seq() + 1, apply));
  const store::LogHead head = log.Head();
  if (state.last_seq() != head.seq) {
    return Status::Corruption("log replay stopped at event " + std::to_string(state.last_seq()) +
                              " but the log head is " + std::to_string(head.seq));
  }
  if (head.seq > 0 && head.hash != prev) {
    return Status::Corruption(fmt::format("the log head's hash is not event {}'s", head.seq));
  }
  return {};
}

}  // namespace

Result<Recovered> Recover(const store::EventLog& log) {
  Recovered out;
  Sha256Digest prev{};
  // The newest first; the older ones are read only when it cannot be used.
  auto snaps = log.Snapshots(1);
  if (snaps.ok() && snaps->size() == 1) {
    ELINK_ASSIGN_OR_RETURN(std::string problem, ProblemWith(log, snaps->front()));
    if (!problem.empty()) snaps = log.Snapshots(SIZE_MAX);
  }
  if (!snaps.ok()) {
    spdlog::warn("snapshots unreadable ({}); replaying the whole log", snaps.status().ToString());
  } else {
    for (const store::Snapshot& snap : *snaps) {
      ELINK_ASSIGN_OR_RETURN(std::string problem, ProblemWith(log, snap));
      if (problem.empty()) {
        auto decoded = core::DecodeState(snap.state);
        if (!decoded.ok()) {
          problem = "it does not decode: " + decoded.status().ToString();
        } else if (decoded->last_seq() != snap.seq) {
          problem = "it holds the state of another event";
        } else {
          out.state = std::move(decoded).value();
          out.snapshot_seq = snap.seq;
          out.snapshot_at = snap.taken_at;
          prev = snap.head_hash;
          break;
        }
      }
      spdlog::error("not using the snapshot at event {}: {}", snap.seq, problem);
      out.skipped.push_back(fmt::format("{}: {}", snap.seq, problem));
    }
    if (out.snapshot_seq == 0 && !snaps->empty()) spdlog::warn("replaying the whole log");
  }
  ELINK_RETURN_IF_ERROR(Replay(log, out.state, prev, out.replayed));
  if (!out.snapshot_at && out.state.last_seq() > 0) {
    // No snapshot yet: the schedule counts from the log's first event.
    ELINK_ASSIGN_OR_RETURN(auto first, log.Read(1, 1));
    if (!first.empty()) out.snapshot_at = first.front().at;
  }
  return out;
}

Result<std::vector<SnapshotCheck>> CheckSnapshots(
    const store::EventLog& log, const std::function<void(std::uint64_t, std::uint64_t)>& progress) {
  ELINK_ASSIGN_OR_RETURN(std::vector<store::Snapshot> snaps, log.Snapshots(SIZE_MAX));
  std::map<std::uint64_t, const store::Snapshot*> by_seq;
  for (const auto& s : snaps) by_seq[s.seq] = &s;
  std::map<std::uint64_t, SnapshotCheck> checks;
  std::map<std::uint64_t, journal::SnapshotTaken> bindings;
  const std::uint64_t total = log.Head().seq;
  core::State state;
  std::uint64_t replayed = 0;
  auto check = [&](const store::Record& r, const core::State& now) -> Status {
    ELINK_ASSIGN_OR_RETURN(auto b, BindingOf(r));
    if (b) bindings[b->seq] = *b;
    if (const auto it = by_seq.find(r.seq); it != by_seq.end()) {
      SnapshotCheck& c = checks[r.seq];
      c.seq = r.seq;
      c.matches = Sha256(core::EncodeState(now)) == it->second->state_hash;
    }
    if (progress && r.seq % 1000 == 0) progress(r.seq, total);
    return {};
  };
  ELINK_RETURN_IF_ERROR(Replay(log, state, {}, replayed, check));
  if (progress) progress(total, total);
  std::vector<SnapshotCheck> out;
  for (const auto& s : snaps) {
    SnapshotCheck c = checks[s.seq];
    c.seq = s.seq;
    const auto b = bindings.find(s.seq);
    c.bound = b != bindings.end() && b->second.head_hash == ToHex(s.head_hash) &&
              b->second.state_sha256 == ToHex(s.state_hash);
    if (!c.matches) {
      c.problem = "its content is not the state the log replays to (a false snapshot)";
    } else if (b != bindings.end() && !c.bound) {
      c.problem = "the log records other hashes for it";
    } else if (!c.bound) {
      // The process stopped between storing and binding it: true, but never used at start-up.
      c.note = "not bound to the chain (the center stopped before binding it); never used";
    }
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace elink::engine
