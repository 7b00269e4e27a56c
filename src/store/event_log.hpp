#pragma once
// EventLog: the durable, hash-chained, append-only log of a center's events, and its snapshots.
// The log stores opaque records (time, type, payload bytes); it knows nothing of the domain.
// Every record has a sequence number (1, 2, 3, ...) and a SHA-256 hash that covers its content and
// the previous record's hash, so that an altered, removed or reordered record is found by Verify().
// Record layout and chain: docs/formats/event-log.md.
//
//   ELINK_ASSIGN_OR_RETURN(auto log, store::OpenSqliteLog({.path = "center.db"}));
//   ELINK_ASSIGN_OR_RETURN(auto stored, log->Append(records));   // durable when it returns

#include "util/clock.hpp"
#include "util/sha256.hpp"
#include "util/status.hpp"

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace elink::store {

// A record to append; the log gives it its sequence number and hash.
struct NewRecord {
  TimePoint at{};
  std::string type;
  std::string payload;
};

struct Record {
  std::uint64_t seq = 0;
  TimePoint at{};
  std::string type;
  std::string payload;
  Sha256Digest prev_hash{};
  Sha256Digest hash{};
  friend bool operator==(const Record&, const Record&) = default;
};

// The last record of the log: seq 0 and an all-zero hash for an empty log.
struct LogHead {
  std::uint64_t seq = 0;
  Sha256Digest hash{};
  friend bool operator==(const LogHead&, const LogHead&) = default;
};

// A serialized State as of record `seq`, whose hash was `head_hash`.
struct Snapshot {
  std::uint64_t seq = 0;
  Sha256Digest head_hash{};
  TimePoint taken_at{};
  std::string state;
  // SHA-256(state): filled by Snapshots() once it has checked it; SaveSnapshot computes its own.
  Sha256Digest state_hash{};
};

enum class Damage {
  kAltered,     // content or hash changed, or the chain link to the previous record is broken
  kRemoved,     // a sequence number is missing
  kReordered,   // a record sits at another position than the one it was written at
  kUnreadable,  // the stored frame cannot be parsed at all
  kTruncated,   // the log ends before the head the caller expected
};
std::string_view DamageName(Damage d);

struct VerifyProblem {
  std::uint64_t seq = 0;  // position where the problem was found
  Damage damage = Damage::kAltered;
  std::string message;  // e.g. "event 7: hash does not match its content (altered)"
};

struct VerifyReport {
  std::uint64_t records_checked = 0;
  LogHead head;                                // as found in the log
  std::optional<VerifyProblem> first_problem;  // empty when the whole chain verifies
};

// Thread-safe: appends are serialized; reads may run concurrently with an append and see only
// committed records.
class EventLog {
 public:
  EventLog() = default;
  EventLog(const EventLog&) = delete;
  EventLog& operator=(const EventLog&) = delete;
  virtual ~EventLog() = default;

  [[nodiscard]] virtual LogHead Head() const = 0;

  // Appends `records` in one transaction, numbered from Head().seq + 1. Returns only after the
  // transaction is durable (synchronous commit), with the stored records. On error (kIOError;
  // kCorruption if the stored tail is damaged) nothing was appended; the caller must treat the log
  // as failed (fail-stop). kInvalidArgument (nothing appended) if a record is too large to store;
  // kFailedPrecondition if the log was opened read-only.
  virtual Result<std::vector<Record>> Append(std::span<const NewRecord> records) = 0;

  // Up to `limit` records with seq >= from_seq, in order. kCorruption if a stored frame is
  // unreadable or its hash does not match (Read checks each record it returns, not the chain).
  virtual Result<std::vector<Record>> Read(std::uint64_t from_seq, std::size_t limit) const = 0;

  // Walks the whole log checking numbering, frames, hashes and links; reports the first problem.
  // `expected_head`, when given (an anchor the operator kept), also detects a cut-off tail.
  // `progress(done, total)` is called now and then. kIOError only when the log cannot be read
  // (kCorruption when the database file itself is damaged below the level of records).
  // kUnavailable when `cancel` (if given) becomes true before the walk ends.
  virtual Result<VerifyReport> Verify(
      std::optional<LogHead> expected_head = std::nullopt,
      const std::function<void(std::uint64_t, std::uint64_t)>& progress = {},
      const std::atomic<bool>* cancel = nullptr) const = 0;

  // Stores a snapshot durably. kInvalidArgument if its seq/head_hash do not match a record;
  // kFailedPrecondition if opened read-only.
  virtual Status SaveSnapshot(const Snapshot& snapshot) = 0;
  // The stored snapshots that are whole (their state matches the hash stored with it) and whose
  // head_hash matches the record at their seq, newest first; the others are skipped with a
  // warning. That a snapshot's state is what the log replays to is the engine's check (a snapshot
  // is bound to the chain by a later event that records its hashes: engine/journal.hpp).
  // At most `limit` of them (the newest).
  virtual Result<std::vector<Snapshot>> Snapshots(std::size_t limit) const = 0;
  // The first of Snapshots(); nullopt when there is none.
  Result<std::optional<Snapshot>> LatestSnapshot() const;
  [[nodiscard]] virtual Result<std::uint64_t> SnapshotCount() const = 0;

  // Small key/value metadata about the center (format version, center name, creation time).
  // SetMeta: kInvalidArgument for an empty key, kFailedPrecondition if opened read-only.
  virtual Status SetMeta(std::string_view key, std::string_view value) = 0;
  virtual Result<std::optional<std::string>> GetMeta(std::string_view key) const = 0;
};

struct SqliteOptions {
  std::filesystem::path path;
  // Default: false. When false, a missing file is kNotFound.
  bool create_if_missing = false;
  // Default: true. PRAGMA synchronous=FULL (fsync on every commit). Only benchmarks turn it off.
  bool sync = true;
  // Default: false. Open without write access (verify-log, info). Writes return
  // kFailedPrecondition, and Head() stays the head found at open.
  bool read_only = false;
};

// Opens (or creates) a center database: SQLite in WAL mode. kNotFound if missing and not
// create_if_missing; kCorruption if the file is not a SQLite database or not an elink database
// (wrong application id or format version); kIOError for other failures.
Result<std::unique_ptr<EventLog>> OpenSqliteLog(const SqliteOptions& options);

}  // namespace elink::store
