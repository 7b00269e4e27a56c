// SPDX-License-Identifier: Apache-2.0
// EventLog on SQLite (C API). File layout, record frame and hash chain: docs/formats/event-log.md.
#include "store/event_log.hpp"
#include "store/internal/record_frame.hpp"
#include "util/clock.hpp"
#include "util/sha256.hpp"
#include "util/status.hpp"
#include "util/thread_annotations.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <memory>
#include <mutex>
#include <string>
#include <system_error>
#include <utility>

namespace elink::store {
namespace {

// "ELNK" as a big-endian 32-bit integer; stored in the database header (PRAGMA application_id).
constexpr std::int64_t kApplicationId = 0x454C4E4B;
// PRAGMA user_version; bump when the tables or the frame change incompatibly.
constexpr std::int64_t kFormatVersion = 1;
constexpr int kBusyTimeoutMs = 5000;
constexpr int kSnapshotsKept = 3;
constexpr std::uint64_t kProgressEvery = 1000;
constexpr auto kMaxSqliteInt = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());

constexpr const char* kSchema =
    "CREATE TABLE events(seq INTEGER PRIMARY KEY, frame BLOB NOT NULL, hash BLOB NOT NULL);"
    "CREATE TABLE snapshots(seq INTEGER PRIMARY KEY, head_hash BLOB NOT NULL,"
    " taken_at INTEGER NOT NULL, state BLOB NOT NULL, state_hash BLOB NOT NULL);"
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "PRAGMA application_id = 1162628683;"
    "PRAGMA user_version = 1;"
    "INSERT INTO meta(key, value) VALUES('format_version', '1');";
static_assert(kApplicationId == 1162628683 && kFormatVersion == 1, "kSchema is out of date");

constexpr const char* kSelectTail = "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1";

struct DbCloser {
  void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
};
using DbHandle = std::unique_ptr<sqlite3, DbCloser>;

struct StmtFinalizer {
  void operator()(sqlite3_stmt* stmt) const noexcept { sqlite3_finalize(stmt); }
};
using StmtHandle = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

// Resets a cached statement when the scope ends, so that a statement left mid-result does not keep
// a read transaction (and the WAL) pinned.
class ScopedReset {
 public:
  explicit ScopedReset(sqlite3_stmt* stmt) : stmt_(stmt) {}
  ScopedReset(const ScopedReset&) = delete;
  ScopedReset& operator=(const ScopedReset&) = delete;
  ~ScopedReset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

 private:
  sqlite3_stmt* stmt_;
};

// SQLite reports a damaged or foreign file as CORRUPT/NOTADB at any call, not only at open.
Status SqliteStatus(std::string_view path, std::string_view what, sqlite3* db, int rc) {
  const char* detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  switch (rc & 0xFF) {
    case SQLITE_NOTADB:
      return Status::Corruption(
          fmt::format("{}: not an elink database (file is not a SQLite database)", path));
    case SQLITE_CORRUPT:
      return Status::Corruption(
          fmt::format("{}: {}: the database file is damaged ({})", path, what, detail));
    default: return Status::IOError(fmt::format("{}: {}: {}", path, what, detail));
  }
}

int BindBlob(sqlite3_stmt* stmt, int index, std::string_view bytes) {
  // A null pointer would bind NULL, which the NOT NULL columns reject.
  if (bytes.empty()) return sqlite3_bind_zeroblob(stmt, index, 0);
  // nullptr destructor is SQLITE_STATIC: every caller steps before `bytes` goes away.
  return sqlite3_bind_blob64(stmt, index, bytes.data(), bytes.size(), nullptr);
}

int BindDigest(sqlite3_stmt* stmt, int index, const Sha256Digest& d) {
  return sqlite3_bind_blob64(stmt, index, d.data(), d.size(), nullptr);
}

int BindText(sqlite3_stmt* stmt, int index, std::string_view text) {
  // The empty literal keeps the pointer non-null, so an empty value is '' and not NULL.
  const char* data = text.empty() ? "" : text.data();
  return sqlite3_bind_text64(stmt, index, data, text.size(), nullptr, SQLITE_UTF8);
}

std::optional<std::string_view> ColumnBytes(sqlite3_stmt* stmt, int column, int wanted_type) {
  if (sqlite3_column_type(stmt, column) != wanted_type) return std::nullopt;
  // column_blob also returns the bytes of a TEXT value, without a conversion.
  const void* data = sqlite3_column_blob(stmt, column);
  const int size = sqlite3_column_bytes(stmt, column);
  if (data == nullptr || size <= 0) return std::string_view{};
  return std::string_view(static_cast<const char*>(data), static_cast<std::size_t>(size));
}

std::optional<std::string_view> ColumnBlob(sqlite3_stmt* stmt, int column) {
  return ColumnBytes(stmt, column, SQLITE_BLOB);
}

std::optional<Sha256Digest> ColumnDigest(sqlite3_stmt* stmt, int column) {
  auto bytes = ColumnBlob(stmt, column);
  if (!bytes || bytes->size() != Sha256Digest{}.size()) return std::nullopt;
  Sha256Digest d{};
  std::memcpy(d.data(), bytes->data(), d.size());
  return d;
}

Result<DbHandle> OpenConnection(const std::string& path, int flags) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  // Even a failed open may allocate a handle that must be closed.
  DbHandle db(raw);
  if (rc != SQLITE_OK) return SqliteStatus(path, "open", db.get(), rc);
  sqlite3_extended_result_codes(db.get(), 1);
  sqlite3_busy_timeout(db.get(), kBusyTimeoutMs);
  return db;
}

Result<StmtHandle> Prepare(sqlite3* db, std::string_view path, const char* sql) {
  sqlite3_stmt* raw = nullptr;
  const int rc = sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
  StmtHandle stmt(raw);
  if ((rc & 0xFF) == SQLITE_ERROR) {
    // Our statements are fixed, so "no such table/column" means the file is not laid out as ours.
    return Status::Corruption(
        fmt::format("{}: not an elink database (tables do not match format version {}: {})", path,
                    kFormatVersion, sqlite3_errmsg(db)));
  }
  if (rc != SQLITE_OK) return SqliteStatus(path, "prepare", db, rc);
  return stmt;
}

Status Exec(sqlite3* db, std::string_view path, const char* sql, std::string_view what) {
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return SqliteStatus(path, what, db, rc);
  return Status::Ok();
}

Result<std::int64_t> QueryInt(sqlite3* db, std::string_view path, const char* sql,
                              std::string_view what) {
  ELINK_ASSIGN_OR_RETURN(StmtHandle stmt, Prepare(db, path, sql));
  const int rc = sqlite3_step(stmt.get());
  if (rc != SQLITE_ROW) return SqliteStatus(path, what, db, rc);
  return sqlite3_column_int64(stmt.get(), 0);
}

Result<std::string> QueryText(sqlite3* db, std::string_view path, const char* sql,
                              std::string_view what) {
  ELINK_ASSIGN_OR_RETURN(StmtHandle stmt, Prepare(db, path, sql));
  const int rc = sqlite3_step(stmt.get());
  if (rc != SQLITE_ROW) return SqliteStatus(path, what, db, rc);
  return std::string(ColumnBytes(stmt.get(), 0, SQLITE_TEXT).value_or(""));
}

// Rolls back the open transaction, if SQLite has not already done so after the error.
void RollbackIfOpen(sqlite3* db, std::string_view path) {
  if (sqlite3_get_autocommit(db) != 0) return;
  const int rc = sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) {
    spdlog::error("{}: rollback failed: {}", path, sqlite3_errmsg(db));
  }
}

// The last stored row, read leniently: a damaged hash is reported by Verify, not by open.
struct Tail {
  LogHead head;
  bool hash_ok = true;
};

Result<Tail> ReadTail(sqlite3* db, sqlite3_stmt* stmt, std::string_view path) {
  ScopedReset reset(stmt);
  const int rc = sqlite3_step(stmt);
  if (rc == SQLITE_DONE) return Tail{};
  if (rc != SQLITE_ROW) return SqliteStatus(path, "read the last event", db, rc);
  Tail tail;
  tail.head.seq =
      static_cast<std::uint64_t>(std::max<std::int64_t>(0, sqlite3_column_int64(stmt, 0)));
  if (auto hash = ColumnDigest(stmt, 1)) {
    tail.head.hash = *hash;
  } else {
    tail.hash_ok = false;
  }
  return tail;
}

struct WriterConnection {
  // Invariant: declared first, so the statements below are finalized before it closes.
  DbHandle db;
  StmtHandle begin;
  StmtHandle commit;
  StmtHandle tail;
  StmtHandle insert_event;
  StmtHandle event_hash;
  StmtHandle upsert_snapshot;
  StmtHandle prune_snapshots;
  StmtHandle set_meta;
};

struct ReaderConnection {
  DbHandle db;
  StmtHandle tail;
  StmtHandle read_events;
  StmtHandle snapshots;
  StmtHandle event_hash;
  StmtHandle snapshot_count;
  StmtHandle get_meta;
};

// Two connections, so that readers never wait for an append: WAL lets the reader connection see
// the last committed state while the writer connection holds a write transaction.
// Thread-safe: writer_mu_ serializes writes, reader_mu_ the cached read statements, head_mu_ the
// cached head. Lock order: writer_mu_ before head_mu_; reader_mu_ is never held with another.
class SqliteEventLog final : public EventLog {
 public:
  SqliteEventLog(std::string path, bool read_only)
      : path_(std::move(path)), read_only_(read_only) {}

  // Opens the connections, checks (or, when `may_create`, creates) the format and loads the head.
  // Runs before the log is shared with any other thread, so it takes no lock.
  Status Init(bool may_create, bool sync) ELINK_NO_THREAD_SAFETY_ANALYSIS;

  [[nodiscard]] LogHead Head() const override {
    const util::MutexLock lock(head_mu_);
    return head_;
  }

  Result<std::vector<Record>> Append(std::span<const NewRecord> records) override;
  Result<std::vector<Record>> Read(std::uint64_t from_seq, std::size_t limit) const override;
  Result<VerifyReport> Verify(std::optional<LogHead> expected_head,
                              const std::function<void(std::uint64_t, std::uint64_t)>& progress,
                              const std::atomic<bool>* cancel) const override;
  Status SaveSnapshot(const Snapshot& snapshot) override;
  Result<std::vector<Snapshot>> Snapshots(std::size_t limit) const override;
  [[nodiscard]] Result<std::uint64_t> SnapshotCount() const override;
  Status SetMeta(std::string_view key, std::string_view value) override;
  Result<std::optional<std::string>> GetMeta(std::string_view key) const override;

 private:
  Status CheckFormat(sqlite3* db, bool may_create);
  Status Initialize(sqlite3* db, bool* initialized);
  Status PrepareWriter() ELINK_REQUIRES(writer_mu_);
  Status PrepareReader() ELINK_REQUIRES(reader_mu_);
  Status ReadOnlyError(std::string_view what) const {
    return Status::FailedPrecondition(fmt::format("{}: opened read-only; cannot {}", path_, what));
  }
  Status Begin() ELINK_REQUIRES(writer_mu_);
  Status Commit() ELINK_REQUIRES(writer_mu_);
  Result<std::vector<Record>> AppendInTransaction(std::span<const NewRecord> records, LogHead* head)
      ELINK_REQUIRES(writer_mu_);
  Status SaveSnapshotInTransaction(const Snapshot& snapshot) ELINK_REQUIRES(writer_mu_);

  const std::string path_;  // as the caller gave it, so that messages name the file they know
  const bool read_only_;

  util::Mutex writer_mu_;
  WriterConnection writer_ ELINK_GUARDED_BY(writer_mu_);  // no connection when read_only_

  mutable util::Mutex reader_mu_;
  mutable ReaderConnection reader_ ELINK_GUARDED_BY(reader_mu_);

  // Written only with writer_mu_ held as well.
  mutable util::Mutex head_mu_;
  LogHead head_ ELINK_GUARDED_BY(head_mu_);
};

Status SqliteEventLog::Init(bool may_create, bool sync) {
  if (!read_only_) {
    const int flags = SQLITE_OPEN_READWRITE | (may_create ? SQLITE_OPEN_CREATE : 0);
    ELINK_ASSIGN_OR_RETURN(writer_.db, OpenConnection(path_, flags));
    ELINK_RETURN_IF_ERROR(CheckFormat(writer_.db.get(), may_create));
    ELINK_ASSIGN_OR_RETURN(const std::string mode,
                           QueryText(writer_.db.get(), path_, "PRAGMA journal_mode=WAL", "open"));
    if (mode != "wal") {
      return Status::IOError(
          fmt::format("{}: cannot switch to WAL journal mode (still \"{}\")", path_, mode));
    }
    // With WAL, FULL syncs the WAL on every commit; NORMAL only at checkpoints.
    ELINK_RETURN_IF_ERROR(Exec(writer_.db.get(), path_,
                               sync ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL",
                               "set synchronous"));
    ELINK_RETURN_IF_ERROR(PrepareWriter());
  }
  ELINK_ASSIGN_OR_RETURN(reader_.db, OpenConnection(path_, SQLITE_OPEN_READONLY));
  if (read_only_) ELINK_RETURN_IF_ERROR(CheckFormat(reader_.db.get(), /*may_create=*/false));
  ELINK_RETURN_IF_ERROR(PrepareReader());
  ELINK_ASSIGN_OR_RETURN(const Tail tail, ReadTail(reader_.db.get(), reader_.tail.get(), path_));
  head_ = tail.head;
  return Status::Ok();
}

Status SqliteEventLog::CheckFormat(sqlite3* db, bool may_create) {
  // The first read of the header is where SQLite finds out that a file is foreign or damaged.
  ELINK_ASSIGN_OR_RETURN(const std::int64_t app_id,
                         QueryInt(db, path_, "PRAGMA application_id", "open"));
  ELINK_ASSIGN_OR_RETURN(const std::int64_t version,
                         QueryInt(db, path_, "PRAGMA user_version", "open"));
  ELINK_ASSIGN_OR_RETURN(const std::int64_t objects,
                         QueryInt(db, path_, "SELECT count(*) FROM sqlite_master", "open"));
  if (app_id == 0 && version == 0 && objects == 0) {
    // A new (possibly 0-byte) SQLite file: ours to initialize only when creating was asked for.
    if (!may_create) {
      return Status::Corruption(
          fmt::format("{}: not an elink database (empty SQLite database)", path_));
    }
    bool initialized = false;
    ELINK_RETURN_IF_ERROR(Initialize(db, &initialized));
    if (initialized) return Status::Ok();
    // Someone else initialized it between our check and our write lock: check what they wrote.
    return CheckFormat(db, /*may_create=*/false);
  }
  if (app_id != kApplicationId) {
    return Status::Corruption(fmt::format(
        "{}: not an elink database (application_id is 0x{:08x}, expected 0x{:08x})", path_,
        static_cast<std::uint32_t>(app_id), static_cast<std::uint32_t>(kApplicationId)));
  }
  if (version != kFormatVersion) {
    return Status::Corruption(
        fmt::format("{}: unsupported elink format version {} (this build reads version {})", path_,
                    version, kFormatVersion));
  }
  return Status::Ok();
}

Status SqliteEventLog::Initialize(sqlite3* db, bool* initialized) {
  ELINK_ASSIGN_OR_RETURN(const std::string mode,
                         QueryText(db, path_, "PRAGMA journal_mode=WAL", "initialize"));
  if (mode != "wal") {
    return Status::IOError(
        fmt::format("{}: cannot switch to WAL journal mode (still \"{}\")", path_, mode));
  }
  ELINK_RETURN_IF_ERROR(Exec(db, path_, "BEGIN IMMEDIATE", "initialize"));
  auto objects = QueryInt(db, path_, "SELECT count(*) FROM sqlite_master", "initialize");
  if (!objects.ok() || *objects != 0) {
    RollbackIfOpen(db, path_);
    *initialized = false;
    return objects.status();
  }
  // application_id and user_version live in the header page, so they commit with the tables.
  Status status = Exec(db, path_, kSchema, "initialize");
  if (status.ok()) status = Exec(db, path_, "COMMIT", "initialize");
  if (!status.ok()) {
    RollbackIfOpen(db, path_);
    return status;
  }
  *initialized = true;
  return Status::Ok();
}

Status SqliteEventLog::PrepareWriter() {
  sqlite3* db = writer_.db.get();
  ELINK_ASSIGN_OR_RETURN(writer_.begin, Prepare(db, path_, "BEGIN IMMEDIATE"));
  ELINK_ASSIGN_OR_RETURN(writer_.commit, Prepare(db, path_, "COMMIT"));
  ELINK_ASSIGN_OR_RETURN(writer_.tail, Prepare(db, path_, kSelectTail));
  ELINK_ASSIGN_OR_RETURN(
      writer_.insert_event,
      Prepare(db, path_, "INSERT INTO events(seq, frame, hash) VALUES(?1, ?2, ?3)"));
  ELINK_ASSIGN_OR_RETURN(writer_.event_hash,
                         Prepare(db, path_, "SELECT hash FROM events WHERE seq = ?1"));
  ELINK_ASSIGN_OR_RETURN(
      writer_.upsert_snapshot,
      Prepare(db, path_,
              "INSERT OR REPLACE INTO snapshots(seq, head_hash, taken_at, state, state_hash)"
              " VALUES(?1, ?2, ?3, ?4, ?5)"));
  ELINK_ASSIGN_OR_RETURN(writer_.prune_snapshots,
                         Prepare(db, path_,
                                 "DELETE FROM snapshots WHERE seq NOT IN"
                                 " (SELECT seq FROM snapshots ORDER BY seq DESC LIMIT ?1)"));
  ELINK_ASSIGN_OR_RETURN(writer_.set_meta,
                         Prepare(db, path_,
                                 "INSERT INTO meta(key, value) VALUES(?1, ?2)"
                                 " ON CONFLICT(key) DO UPDATE SET value = excluded.value"));
  return Status::Ok();
}

Status SqliteEventLog::PrepareReader() {
  sqlite3* db = reader_.db.get();
  ELINK_ASSIGN_OR_RETURN(reader_.tail, Prepare(db, path_, kSelectTail));
  ELINK_ASSIGN_OR_RETURN(
      reader_.read_events,
      Prepare(db, path_,
              "SELECT seq, frame, hash FROM events WHERE seq >= ?1 ORDER BY seq LIMIT ?2"));
  ELINK_ASSIGN_OR_RETURN(reader_.snapshots,
                         Prepare(db, path_,
                                 "SELECT seq, head_hash, taken_at, state, state_hash FROM snapshots"
                                 " ORDER BY seq DESC"));
  ELINK_ASSIGN_OR_RETURN(reader_.event_hash,
                         Prepare(db, path_, "SELECT hash FROM events WHERE seq = ?1"));
  ELINK_ASSIGN_OR_RETURN(reader_.snapshot_count,
                         Prepare(db, path_, "SELECT count(*) FROM snapshots"));
  ELINK_ASSIGN_OR_RETURN(reader_.get_meta,
                         Prepare(db, path_, "SELECT value FROM meta WHERE key = ?1"));
  return Status::Ok();
}

Status SqliteEventLog::Begin() {
  ScopedReset reset(writer_.begin.get());
  const int rc = sqlite3_step(writer_.begin.get());
  if (rc != SQLITE_DONE) return SqliteStatus(path_, "begin transaction", writer_.db.get(), rc);
  return Status::Ok();
}

Status SqliteEventLog::Commit() {
  ScopedReset reset(writer_.commit.get());
  const int rc = sqlite3_step(writer_.commit.get());
  if (rc != SQLITE_DONE) return SqliteStatus(path_, "commit", writer_.db.get(), rc);
  return Status::Ok();
}

Result<std::vector<Record>> SqliteEventLog::Append(std::span<const NewRecord> records) {
  if (records.empty()) return std::vector<Record>{};
  if (read_only_) return ReadOnlyError("append");
  const util::MutexLock lock(writer_mu_);
  sqlite3* db = writer_.db.get();
  const auto max_frame = static_cast<std::size_t>(sqlite3_limit(db, SQLITE_LIMIT_LENGTH, -1));
  for (std::size_t i = 0; i < records.size(); ++i) {
    const std::size_t size = internal::FrameSize(records[i]);
    if (size > max_frame) {
      return Status::InvalidArgument(
          fmt::format("records[{}]", i),
          fmt::format("record of {} bytes is larger than the {} bytes a frame may hold", size,
                      max_frame));
    }
  }
  LogHead head = Head();
  ELINK_RETURN_IF_ERROR(Begin());
  auto stored = AppendInTransaction(records, &head);
  Status status = stored.status();
  if (status.ok()) status = Commit();
  if (!status.ok()) {
    RollbackIfOpen(db, path_);
    return status;
  }
  {
    const util::MutexLock head_lock(head_mu_);
    head_ = head;
  }
  return stored;
}

Result<std::vector<Record>> SqliteEventLog::AppendInTransaction(std::span<const NewRecord> records,
                                                                LogHead* head) {
  sqlite3* db = writer_.db.get();
  // The write lock is held now, so the tail cannot move under us; a mismatch with the cached head
  // means another process wrote to the file, and numbering on would fork the chain.
  ELINK_ASSIGN_OR_RETURN(const Tail tail, ReadTail(db, writer_.tail.get(), path_));
  if (!tail.hash_ok) {
    return Status::Corruption(
        fmt::format("{}: event {}: stored hash is not 32 bytes; refusing to extend a damaged log",
                    path_, tail.head.seq));
  }
  if (tail.head != *head) {
    return Status::IOError(
        fmt::format("{}: the log was changed by another writer (last event is {}, expected {})",
                    path_, tail.head.seq, head->seq));
  }
  std::vector<Record> stored;
  stored.reserve(records.size());
  sqlite3_stmt* insert = writer_.insert_event.get();
  for (const NewRecord& r : records) {
    const std::uint64_t seq = head->seq + 1;
    const std::string frame = internal::EncodeFrame(seq, head->hash, r);
    const Sha256Digest hash = Sha256(frame);
    ScopedReset reset(insert);
    int rc = sqlite3_bind_int64(insert, 1, static_cast<std::int64_t>(seq));
    if (rc == SQLITE_OK) rc = BindBlob(insert, 2, frame);
    if (rc == SQLITE_OK) rc = BindDigest(insert, 3, hash);
    if (rc == SQLITE_OK) rc = sqlite3_step(insert);
    if (rc != SQLITE_DONE) {
      return SqliteStatus(path_, fmt::format("append event {}", seq), db, rc);
    }
    stored.push_back(Record{.seq = seq,
                            .at = r.at,
                            .type = r.type,
                            .payload = r.payload,
                            .prev_hash = head->hash,
                            .hash = hash});
    *head = LogHead{.seq = seq, .hash = hash};
  }
  return stored;
}

Result<std::vector<Record>> SqliteEventLog::Read(std::uint64_t from_seq, std::size_t limit) const {
  std::vector<Record> out;
  if (limit == 0 || from_seq > kMaxSqliteInt) return out;
  const auto sql_limit = static_cast<std::int64_t>(std::min<std::uint64_t>(limit, kMaxSqliteInt));
  out.reserve(std::min<std::size_t>(limit, 1024));
  const util::MutexLock lock(reader_mu_);
  sqlite3* db = reader_.db.get();
  sqlite3_stmt* stmt = reader_.read_events.get();
  ScopedReset reset(stmt);
  int rc = sqlite3_bind_int64(stmt, 1, static_cast<std::int64_t>(from_seq));
  if (rc == SQLITE_OK) rc = sqlite3_bind_int64(stmt, 2, sql_limit);
  if (rc != SQLITE_OK) return SqliteStatus(path_, "read events", db, rc);
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    const std::int64_t seq = sqlite3_column_int64(stmt, 0);
    const auto frame = ColumnBlob(stmt, 1);
    const auto hash = ColumnBlob(stmt, 2);
    if (!frame || !hash) {
      return Status::Corruption(
          fmt::format("{}: event {}: stored frame or hash is not a BLOB", path_, seq));
    }
    auto record = internal::DecodeStoredRecord(seq, *frame, *hash);
    if (!record.ok()) return record.status().WithMessagePrefix(path_ + ": ");
    out.push_back(std::move(record).value());
  }
  if (rc != SQLITE_DONE) return SqliteStatus(path_, "read events", db, rc);
  return out;
}

Result<VerifyReport> SqliteEventLog::Verify(
    std::optional<LogHead> expected_head,
    const std::function<void(std::uint64_t, std::uint64_t)>& progress,
    const std::atomic<bool>* cancel) const {
  // A private connection: a full walk can take minutes and must not hold reader_mu_ meanwhile.
  ELINK_ASSIGN_OR_RETURN(const DbHandle db, OpenConnection(path_, SQLITE_OPEN_READONLY));
  ELINK_ASSIGN_OR_RETURN(const StmtHandle tail_stmt, Prepare(db.get(), path_, kSelectTail));
  ELINK_ASSIGN_OR_RETURN(
      const StmtHandle walk,
      Prepare(db.get(), path_, "SELECT seq, frame, hash FROM events ORDER BY seq"));
  // One read transaction, so the head and the walk see the same committed state.
  ELINK_RETURN_IF_ERROR(Exec(db.get(), path_, "BEGIN", "verify"));

  VerifyReport report;
  ELINK_ASSIGN_OR_RETURN(const Tail tail, ReadTail(db.get(), tail_stmt.get(), path_));
  report.head = tail.head;
  const std::uint64_t total = tail.head.seq;

  internal::ChainVerifier verifier(expected_head);
  std::uint64_t done = 0;
  {
    ScopedReset reset(walk.get());
    int rc = SQLITE_OK;
    while ((rc = sqlite3_step(walk.get())) == SQLITE_ROW) {
      ++done;
      const bool go_on = verifier.Next(sqlite3_column_int64(walk.get(), 0),
                                       ColumnBlob(walk.get(), 1), ColumnBlob(walk.get(), 2));
      if (!go_on) break;
      if (done % kProgressEvery == 0) {
        if (cancel != nullptr && cancel->load())
          return Status::Unavailable("verification cancelled");
        if (progress) progress(done, std::max(done, total));
      }
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return SqliteStatus(path_, "verify", db.get(), rc);
  }
  ELINK_RETURN_IF_ERROR(Exec(db.get(), path_, "COMMIT", "verify"));
  verifier.Finish();
  if (progress) progress(done, std::max(done, total));
  report.records_checked = verifier.records_checked();
  report.first_problem = verifier.problem();
  return report;
}

Status SqliteEventLog::SaveSnapshot(const Snapshot& snapshot) {
  if (read_only_) return ReadOnlyError("save a snapshot");
  if (snapshot.seq == 0 || snapshot.seq > kMaxSqliteInt) {
    return Status::InvalidArgument("snapshot.seq",
                                   fmt::format("no event {} in the log", snapshot.seq));
  }
  const util::MutexLock lock(writer_mu_);
  const auto max_blob =
      static_cast<std::size_t>(sqlite3_limit(writer_.db.get(), SQLITE_LIMIT_LENGTH, -1));
  if (snapshot.state.size() > max_blob) {
    return Status::InvalidArgument(
        "snapshot.state", fmt::format("{} bytes is larger than the {} bytes a BLOB may hold",
                                      snapshot.state.size(), max_blob));
  }
  ELINK_RETURN_IF_ERROR(Begin());
  Status status = SaveSnapshotInTransaction(snapshot);
  if (status.ok()) status = Commit();
  if (!status.ok()) RollbackIfOpen(writer_.db.get(), path_);
  return status;
}

Status SqliteEventLog::SaveSnapshotInTransaction(const Snapshot& snapshot) {
  sqlite3* db = writer_.db.get();
  const auto seq = static_cast<std::int64_t>(snapshot.seq);
  {
    sqlite3_stmt* stmt = writer_.event_hash.get();
    ScopedReset reset(stmt);
    int rc = sqlite3_bind_int64(stmt, 1, seq);
    if (rc == SQLITE_OK) rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE) {
      return Status::InvalidArgument("snapshot.seq", fmt::format("no event {} in the log", seq));
    }
    if (rc != SQLITE_ROW) return SqliteStatus(path_, "save snapshot", db, rc);
    if (ColumnDigest(stmt, 0) != snapshot.head_hash) {
      return Status::InvalidArgument("snapshot.head_hash",
                                     fmt::format("does not match the hash of event {}", seq));
    }
  }
  {
    sqlite3_stmt* stmt = writer_.upsert_snapshot.get();
    ScopedReset reset(stmt);
    const Sha256Digest state_hash = Sha256(snapshot.state);
    int rc = sqlite3_bind_int64(stmt, 1, seq);
    if (rc == SQLITE_OK) rc = BindDigest(stmt, 2, snapshot.head_hash);
    if (rc == SQLITE_OK) rc = sqlite3_bind_int64(stmt, 3, ToUnixMillis(snapshot.taken_at));
    if (rc == SQLITE_OK) rc = BindBlob(stmt, 4, snapshot.state);
    if (rc == SQLITE_OK) rc = BindDigest(stmt, 5, state_hash);
    if (rc == SQLITE_OK) rc = sqlite3_step(stmt);
    if (rc != SQLITE_DONE) return SqliteStatus(path_, "save snapshot", db, rc);
  }
  {
    sqlite3_stmt* stmt = writer_.prune_snapshots.get();
    ScopedReset reset(stmt);
    int rc = sqlite3_bind_int(stmt, 1, kSnapshotsKept);
    if (rc == SQLITE_OK) rc = sqlite3_step(stmt);
    if (rc != SQLITE_DONE) return SqliteStatus(path_, "prune snapshots", db, rc);
  }
  return Status::Ok();
}

Result<std::vector<Snapshot>> SqliteEventLog::Snapshots(std::size_t limit) const {
  if (limit == 0) return std::vector<Snapshot>();
  const util::MutexLock lock(reader_mu_);
  sqlite3* db = reader_.db.get();
  sqlite3_stmt* list = reader_.snapshots.get();
  sqlite3_stmt* lookup = reader_.event_hash.get();
  // Both statements run inside the read transaction `list` holds open, so they agree.
  ScopedReset reset_list(list);
  std::vector<Snapshot> out;
  int rc = SQLITE_OK;
  while (out.size() < limit && (rc = sqlite3_step(list)) == SQLITE_ROW) {
    const std::int64_t seq = sqlite3_column_int64(list, 0);
    const auto head_hash = ColumnDigest(list, 1);
    const auto state = ColumnBlob(list, 3);
    const auto state_hash = ColumnDigest(list, 4);
    std::string_view problem;
    if (!head_hash || !state || !state_hash) {
      problem = "a column is malformed";
    } else if (Sha256(*state) != *state_hash) {
      problem = "its state does not match state_hash";
    } else {
      ScopedReset reset_lookup(lookup);
      rc = sqlite3_bind_int64(lookup, 1, seq);
      if (rc == SQLITE_OK) rc = sqlite3_step(lookup);
      if (rc == SQLITE_DONE) {
        problem = "its event is missing";
      } else if (rc != SQLITE_ROW) {
        return SqliteStatus(path_, "read snapshot", db, rc);
      } else if (ColumnDigest(lookup, 0) != *head_hash) {
        problem = "its head_hash does not match its event";
      }
    }
    if (problem.empty()) {
      out.push_back(Snapshot{.seq = static_cast<std::uint64_t>(seq),
                             .head_hash = *head_hash,
                             .taken_at = FromUnixMillis(sqlite3_column_int64(list, 2)),
                             .state = std::string(*state),
                             .state_hash = *state_hash});
    } else {
      spdlog::warn("{}: skipping the snapshot at event {}: {}", path_, seq, problem);
    }
  }
  if (rc != SQLITE_DONE && rc != SQLITE_ROW) return SqliteStatus(path_, "read snapshots", db, rc);
  return out;
}

Result<std::uint64_t> SqliteEventLog::SnapshotCount() const {
  const util::MutexLock lock(reader_mu_);
  sqlite3_stmt* stmt = reader_.snapshot_count.get();
  ScopedReset reset(stmt);
  const int rc = sqlite3_step(stmt);
  if (rc != SQLITE_ROW) return SqliteStatus(path_, "count snapshots", reader_.db.get(), rc);
  return static_cast<std::uint64_t>(std::max<std::int64_t>(0, sqlite3_column_int64(stmt, 0)));
}

Status SqliteEventLog::SetMeta(std::string_view key, std::string_view value) {
  if (read_only_) return ReadOnlyError("set metadata");
  if (key.empty()) return Status::InvalidArgument("key", "must not be empty");
  const util::MutexLock lock(writer_mu_);
  sqlite3_stmt* stmt = writer_.set_meta.get();
  ScopedReset reset(stmt);
  int rc = BindText(stmt, 1, key);
  if (rc == SQLITE_OK) rc = BindText(stmt, 2, value);
  if (rc == SQLITE_OK) rc = sqlite3_step(stmt);
  if (rc != SQLITE_DONE) {
    return SqliteStatus(path_, fmt::format("set meta {}", key), writer_.db.get(), rc);
  }
  return Status::Ok();
}

Result<std::optional<std::string>> SqliteEventLog::GetMeta(std::string_view key) const {
  const util::MutexLock lock(reader_mu_);
  sqlite3_stmt* stmt = reader_.get_meta.get();
  ScopedReset reset(stmt);
  int rc = BindText(stmt, 1, key);
  if (rc == SQLITE_OK) rc = sqlite3_step(stmt);
  if (rc == SQLITE_DONE) return std::optional<std::string>();
  if (rc != SQLITE_ROW) {
    return SqliteStatus(path_, fmt::format("get meta {}", key), reader_.db.get(), rc);
  }
  const auto value = ColumnBytes(stmt, 0, SQLITE_TEXT);
  return std::optional<std::string>(std::string(value.value_or("")));
}

}  // namespace

Result<std::unique_ptr<EventLog>> OpenSqliteLog(const SqliteOptions& options) {
  const std::string path = options.path.string();
  if (path.empty()) return Status::InvalidArgument("path", "must not be empty");
  std::error_code ec;
  const auto file = std::filesystem::status(options.path, ec);
  if (file.type() == std::filesystem::file_type::none) {
    return Status::IOError(fmt::format("{}: cannot access: {}", path, ec.message()));
  }
  const bool may_create = options.create_if_missing && !options.read_only;
  if (!std::filesystem::exists(file) && !may_create) {
    return Status::NotFound(fmt::format("{}: no such file", path));
  }
  // SQLite would take a 0-byte file for a new database; without leave to create one, it is more
  // likely the wrong file (or one whose content was lost), so refuse it.
  if (std::filesystem::is_regular_file(file) && !may_create &&
      std::filesystem::file_size(options.path, ec) == 0 && !ec) {
    return Status::Corruption(fmt::format("{}: not an elink database (empty file)", path));
  }
  auto log = std::make_unique<SqliteEventLog>(path, options.read_only);
  ELINK_RETURN_IF_ERROR(log->Init(may_create, options.sync));
  return std::unique_ptr<EventLog>(std::move(log));
}

}  // namespace elink::store
