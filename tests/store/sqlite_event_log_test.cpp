// SPDX-License-Identifier: Apache-2.0
#include "store/event_log.hpp"
#include "store/internal/record_frame.hpp"
#include "support/raw_db.hpp"
#include "util/clock.hpp"
#include "util/sha256.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace elink::store {
namespace {

namespace fs = std::filesystem;

// A fresh directory per test, removed with everything in it afterwards.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    const std::uint64_t tag = (std::uint64_t{rd()} << 32) | rd();
    path_ = fs::temp_directory_path() / fmt::format("elink-store-test-{:016x}", tag);
    fs::create_directories(path_);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  [[nodiscard]] const fs::path& Path() const { return path_; }

 private:
  fs::path path_;
};

using testing::Bytes;
using testing::RawDb;

std::vector<NewRecord> MakeRecords(std::size_t count, std::size_t first = 1) {
  std::vector<NewRecord> out;
  for (std::size_t i = first; i < first + count; ++i) {
    out.push_back(
        NewRecord{.at = FromUnixMillis(1'700'000'000'000 + static_cast<std::int64_t>(i) * 1000),
                  .type = i % 2 == 0 ? "unit.dispatched" : "incident.created",
                  .payload = fmt::format(R"({{"n":{},"note":"record number {}"}})", i, i)});
  }
  return out;
}

void WriteFile(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

class SqliteEventLogTest : public ::testing::Test {
 protected:
  [[nodiscard]] fs::path DbPath() const { return dir_.Path() / "center.db"; }

  static std::unique_ptr<EventLog> Open(const SqliteOptions& options) {
    auto log = OpenSqliteLog(options);
    EXPECT_TRUE(log.ok()) << log.status().ToString();
    return log.ok() ? std::move(log).value() : nullptr;
  }
  [[nodiscard]] std::unique_ptr<EventLog> OpenCreating() const {
    return Open({.path = DbPath(), .create_if_missing = true});
  }
  // A log of `count` records, open.
  [[nodiscard]] std::unique_ptr<EventLog> LogWith(std::size_t count) const {
    auto log = OpenCreating();
    if (log == nullptr) return nullptr;
    const auto records = MakeRecords(count);
    auto stored = log->Append(records);
    EXPECT_TRUE(stored.ok()) << stored.status().ToString();
    return log;
  }

  static VerifyProblem ProblemOf(const EventLog& log, std::optional<LogHead> anchor = {}) {
    auto report = log.Verify(anchor);
    EXPECT_TRUE(report.ok()) << report.status().ToString();
    if (!report.ok() || !report->first_problem) {
      ADD_FAILURE() << "expected Verify to report a problem";
      return {};
    }
    return *report->first_problem;
  }

  static void ExpectOpenFails(const SqliteOptions& options, StatusCode code,
                              std::string_view message_part) {
    auto log = OpenSqliteLog(options);
    ASSERT_FALSE(log.ok()) << options.path;
    EXPECT_EQ(log.status().code(), code) << log.status().ToString();
    EXPECT_NE(log.status().message().find(message_part), std::string::npos)
        << log.status().message();
  }

  TempDir dir_;
};

// --- Append, Read, Head ---

TEST_F(SqliteEventLogTest, AppendThenReadReturnsTheSameRecords) {
  auto log = OpenCreating();
  ASSERT_NE(log, nullptr);
  const auto records = MakeRecords(3);
  auto stored = log->Append(records);
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  ASSERT_EQ(stored->size(), 3U);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ((*stored)[i].seq, i + 1);
    EXPECT_EQ((*stored)[i].at, records[i].at);
    EXPECT_EQ((*stored)[i].type, records[i].type);
    EXPECT_EQ((*stored)[i].payload, records[i].payload);
  }
  auto read = log->Read(1, 100);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(*read, *stored);
}

TEST_F(SqliteEventLogTest, RecordsAreNumberedFromOneAndChained) {
  auto log = OpenCreating();
  ASSERT_NE(log, nullptr);
  auto stored = log->Append(MakeRecords(4));
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  Sha256Digest prev{};
  for (const Record& r : *stored) {
    EXPECT_EQ(r.prev_hash, prev) << "event " << r.seq;
    const NewRecord as_new{.at = r.at, .type = r.type, .payload = r.payload};
    EXPECT_EQ(r.hash, Sha256(internal::EncodeFrame(r.seq, r.prev_hash, as_new)))
        << "hash must be SHA-256 of the documented frame, event " << r.seq;
    prev = r.hash;
  }
  EXPECT_EQ(log->Head(), (LogHead{.seq = 4, .hash = stored->back().hash}));
}

TEST_F(SqliteEventLogTest, StoredFrameIsTheDocumentedFrame) {
  auto log = OpenCreating();
  ASSERT_NE(log, nullptr);
  auto stored = log->Append(MakeRecords(2));
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  RawDb raw(DbPath());
  const Record& second = (*stored)[1];
  EXPECT_EQ(raw.Frame(2), internal::EncodeFrame(2, second.prev_hash, MakeRecords(1, 2).front()));
  EXPECT_EQ(raw.Hash(2), Bytes(second.hash));
}

TEST_F(SqliteEventLogTest, EmptyAppendReturnsNothingAndKeepsHead) {
  auto log = LogWith(2);
  ASSERT_NE(log, nullptr);
  const LogHead before = log->Head();
  auto stored = log->Append({});
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  EXPECT_TRUE(stored->empty());
  EXPECT_EQ(log->Head(), before);
}

TEST_F(SqliteEventLogTest, EmptyLogHasZeroHead) {
  auto log = OpenCreating();
  ASSERT_NE(log, nullptr);
  EXPECT_EQ(log->Head(), LogHead{});
  auto read = log->Read(1, 10);
  ASSERT_TRUE(read.ok());
  EXPECT_TRUE(read->empty());
}

TEST_F(SqliteEventLogTest, HeadAndChainContinueAcrossReopen) {
  LogHead head_before;
  {
    auto log = LogWith(5);
    ASSERT_NE(log, nullptr);
    head_before = log->Head();
    EXPECT_EQ(head_before.seq, 5U);
  }
  auto log = Open({.path = DbPath()});
  ASSERT_NE(log, nullptr);
  EXPECT_EQ(log->Head(), head_before);
  auto more = log->Append(MakeRecords(3, 6));
  ASSERT_TRUE(more.ok()) << more.status().ToString();
  EXPECT_EQ(more->front().seq, 6U);
  EXPECT_EQ(more->front().prev_hash, head_before.hash);
  EXPECT_EQ(log->Head().seq, 8U);

  auto report = log->Verify();
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_FALSE(report->first_problem.has_value()) << report->first_problem->message;
  EXPECT_EQ(report->records_checked, 8U);
}

TEST_F(SqliteEventLogTest, ReadHonoursFromAndLimit) {
  auto log = LogWith(10);
  ASSERT_NE(log, nullptr);
  auto middle = log->Read(3, 2);
  ASSERT_TRUE(middle.ok()) << middle.status().ToString();
  ASSERT_EQ(middle->size(), 2U);
  EXPECT_EQ((*middle)[0].seq, 3U);
  EXPECT_EQ((*middle)[1].seq, 4U);

  auto from_zero = log->Read(0, 1);
  ASSERT_TRUE(from_zero.ok());
  ASSERT_EQ(from_zero->size(), 1U);
  EXPECT_EQ(from_zero->front().seq, 1U);

  auto tail = log->Read(9, 100);
  ASSERT_TRUE(tail.ok());
  EXPECT_EQ(tail->size(), 2U);

  for (auto [from, limit] :
       {std::pair<std::uint64_t, std::size_t>{11, 5}, {1, 0}, {~std::uint64_t{0}, 5}}) {
    auto none = log->Read(from, limit);
    ASSERT_TRUE(none.ok()) << none.status().ToString();
    EXPECT_TRUE(none->empty()) << "from " << from << " limit " << limit;
  }
}

TEST_F(SqliteEventLogTest, BinaryAndEdgeCaseRecordsRoundTrip) {
  auto log = OpenCreating();
  ASSERT_NE(log, nullptr);
  const std::vector<NewRecord> records = {
      {.at = FromUnixMillis(-86'400'000), .type = "", .payload = ""},
      {.at = FromUnixMillis(0),
       .type = std::string("t\0y", 3),
       .payload = std::string("\x00\xff\x80\x01", 4)},
      {.at = FromUnixMillis(4'102'444'800'000),
       .type = "big",
       .payload = std::string(100'000, 'x')},
  };
  auto stored = log->Append(records);
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  log.reset();
  log = Open({.path = DbPath()});
  ASSERT_NE(log, nullptr);
  auto read = log->Read(1, 10);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  ASSERT_EQ(read->size(), records.size());
  for (std::size_t i = 0; i < records.size(); ++i) {
    EXPECT_EQ((*read)[i].at, records[i].at) << i;
    EXPECT_EQ((*read)[i].type, records[i].type) << i;
    EXPECT_EQ((*read)[i].payload, records[i].payload) << i;
  }
}

TEST_F(SqliteEventLogTest, FailedAppendRollsBackTheWholeBatchAndKeepsHead) {
  auto log = LogWith(1);
  ASSERT_NE(log, nullptr);
  const LogHead before = log->Head();
  {
    RawDb raw(DbPath());
    raw.Exec(
        "CREATE TRIGGER fail_third BEFORE INSERT ON events WHEN NEW.seq = 3"
        " BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
  }
  auto failed = log->Append(MakeRecords(3, 2));
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().code(), StatusCode::kIOError);
  EXPECT_NE(failed.status().message().find("injected failure"), std::string::npos)
      << failed.status().message();
  EXPECT_EQ(log->Head(), before);
  auto read = log->Read(1, 10);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->size(), 1U) << "event 2 of the failed batch must not be stored";

  {
    RawDb raw(DbPath());
    raw.Exec("DROP TRIGGER fail_third");
  }
  auto retried = log->Append(MakeRecords(3, 2));
  ASSERT_TRUE(retried.ok()) << retried.status().ToString();
  EXPECT_EQ(retried->front().seq, 2U);
  EXPECT_EQ(retried->front().prev_hash, before.hash);
  auto report = log->Verify();
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->first_problem.has_value());
}

TEST_F(SqliteEventLogTest, AppendRefusesWhenAnotherWriterMovedTheTail) {
  auto log = LogWith(3);
  ASSERT_NE(log, nullptr);
  {
    auto other = Open({.path = DbPath()});
    ASSERT_NE(other, nullptr);
    ASSERT_TRUE(other->Append(MakeRecords(1, 4)).ok());
  }
  auto stale = log->Append(MakeRecords(1, 4));
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.status().code(), StatusCode::kIOError);
  EXPECT_NE(stale.status().message().find("another writer"), std::string::npos);
  EXPECT_EQ(log->Head().seq, 3U);
}

TEST_F(SqliteEventLogTest, ReadersSeeWholeCommittedBatchesDuringAppends) {
  auto log = OpenCreating();
  ASSERT_NE(log, nullptr);
  constexpr std::size_t kBatches = 100;
  constexpr std::size_t kBatchSize = 5;
  std::atomic<bool> writer_done{false};
  std::thread writer([&] {
    for (std::size_t b = 0; b < kBatches; ++b) {
      auto stored = log->Append(MakeRecords(kBatchSize, b * kBatchSize + 1));
      EXPECT_TRUE(stored.ok()) << stored.status().ToString();
    }
    writer_done = true;
  });
  std::size_t last_seen = 0;
  bool done = false;
  for (int round = 0; !done; ++round) {
    done = writer_done.load();  // one more read after the writer finished
    if (round % 8 == 0) {
      auto report = log->Verify();
      ASSERT_TRUE(report.ok()) << report.status().ToString();
      EXPECT_FALSE(report->first_problem.has_value()) << report->first_problem->message;
    }
    auto read = log->Read(1, kBatches * kBatchSize);
    ASSERT_TRUE(read.ok()) << read.status().ToString();
    EXPECT_EQ(read->size() % kBatchSize, 0U) << "a batch was visible before its commit";
    EXPECT_GE(read->size(), last_seen);
    for (std::size_t i = 0; i < read->size(); ++i) ASSERT_EQ((*read)[i].seq, i + 1);
    last_seen = read->size();
  }
  writer.join();
  EXPECT_EQ(last_seen, kBatches * kBatchSize);
  EXPECT_EQ(log->Head().seq, kBatches * kBatchSize);
}

// --- Verify ---

TEST_F(SqliteEventLogTest, VerifyAcceptsAGoodLogAndReportsProgress) {
  auto log = LogWith(2500);
  ASSERT_NE(log, nullptr);
  std::vector<std::pair<std::uint64_t, std::uint64_t>> calls;
  auto report = log->Verify(std::nullopt, [&](std::uint64_t done, std::uint64_t total) {
    calls.emplace_back(done, total);
  });
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_FALSE(report->first_problem.has_value()) << report->first_problem->message;
  EXPECT_EQ(report->records_checked, 2500U);
  EXPECT_EQ(report->head, log->Head());
  ASSERT_FALSE(calls.empty());
  EXPECT_EQ(calls.back(), std::make_pair(std::uint64_t{2500}, std::uint64_t{2500}));
  for (std::size_t i = 1; i < calls.size(); ++i) EXPECT_GT(calls[i].first, calls[i - 1].first);
  EXPECT_EQ(calls.front().first, 1000U);
}

TEST_F(SqliteEventLogTest, VerifyWithMatchingAnchorIsOk) {
  auto log = LogWith(500);
  ASSERT_NE(log, nullptr);
  const LogHead anchor = log->Head();
  ASSERT_TRUE(log->Append(MakeRecords(10, 501)).ok());
  auto older_anchor = log->Verify(anchor);
  ASSERT_TRUE(older_anchor.ok());
  EXPECT_FALSE(older_anchor->first_problem.has_value());
  auto current = log->Verify(log->Head());
  ASSERT_TRUE(current.ok());
  EXPECT_FALSE(current->first_problem.has_value());
  EXPECT_EQ(current->records_checked, 510U);
}

TEST_F(SqliteEventLogTest, VerifyOfEmptyLogIsOk) {
  auto log = OpenCreating();
  ASSERT_NE(log, nullptr);
  auto report = log->Verify(LogHead{});
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->first_problem.has_value());
  EXPECT_EQ(report->records_checked, 0U);
  EXPECT_EQ(report->head, LogHead{});
}

TEST_F(SqliteEventLogTest, FlippedPayloadByteIsAlteredAtThatEvent) {
  auto log = LogWith(500);
  ASSERT_NE(log, nullptr);
  RawDb raw(DbPath());
  std::string frame = raw.Frame(137);
  frame[frame.size() - 3] ^= 0x01;
  raw.SetFrame(137, frame);

  const VerifyProblem p = ProblemOf(*log);
  EXPECT_EQ(p.damage, Damage::kAltered);
  EXPECT_EQ(p.seq, 137U);
  EXPECT_NE(p.message.find("event 137"), std::string::npos) << p.message;
}

TEST_F(SqliteEventLogTest, FlippedHeaderByteIsAlteredNotUnreadable) {
  auto log = LogWith(50);
  ASSERT_NE(log, nullptr);
  RawDb raw(DbPath());
  for (std::size_t offset : {0UL, 40UL, 55UL}) {  // magic, embedded seq, type length
    const std::string original = raw.Frame(20);
    std::string frame = original;
    frame[offset] ^= 0x40;
    raw.SetFrame(20, frame);
    const VerifyProblem p = ProblemOf(*log);
    EXPECT_EQ(p.damage, Damage::kAltered) << "offset " << offset << ": " << p.message;
    EXPECT_EQ(p.seq, 20U) << "offset " << offset;
    raw.SetFrame(20, original);
  }
}

TEST_F(SqliteEventLogTest, ReadOfAlteredEventIsCorruptionNamingIt) {
  auto log = LogWith(30);
  ASSERT_NE(log, nullptr);
  {
    RawDb raw(DbPath());
    std::string frame = raw.Frame(17);
    frame.back() ^= 0x20;
    raw.SetFrame(17, frame);
  }
  auto read = log->Read(10, 20);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().code(), StatusCode::kCorruption);
  EXPECT_NE(read.status().message().find("event 17"), std::string::npos) << read.status().message();
  auto before = log->Read(1, 16);
  ASSERT_TRUE(before.ok()) << "records before the damage stay readable";
  EXPECT_EQ(before->size(), 16U);
}

TEST_F(SqliteEventLogTest, DeletedRowIsRemoved) {
  auto log = LogWith(500);
  ASSERT_NE(log, nullptr);
  RawDb raw(DbPath());
  raw.Exec("DELETE FROM events WHERE seq = 42");
  const VerifyProblem p = ProblemOf(*log);
  EXPECT_EQ(p.damage, Damage::kRemoved);
  EXPECT_EQ(p.seq, 42U);
  EXPECT_NE(p.message.find("event 42 missing"), std::string::npos) << p.message;
}

TEST_F(SqliteEventLogTest, DeletedRangeIsRemovedNamingTheRange) {
  auto log = LogWith(20);
  ASSERT_NE(log, nullptr);
  RawDb raw(DbPath());
  raw.Exec("DELETE FROM events WHERE seq BETWEEN 6 AND 8");
  const VerifyProblem p = ProblemOf(*log);
  EXPECT_EQ(p.damage, Damage::kRemoved);
  EXPECT_EQ(p.seq, 6U);
  EXPECT_NE(p.message.find("events 6\u20138 missing"), std::string::npos) << p.message;
}

TEST_F(SqliteEventLogTest, DeletedFirstRowIsRemoved) {
  auto log = LogWith(5);
  ASSERT_NE(log, nullptr);
  RawDb raw(DbPath());
  raw.Exec("DELETE FROM events WHERE seq = 1");
  const VerifyProblem p = ProblemOf(*log);
  EXPECT_EQ(p.damage, Damage::kRemoved);
  EXPECT_EQ(p.seq, 1U);
}

TEST_F(SqliteEventLogTest, SwappedRowsAreReordered) {
  auto log = LogWith(500);
  ASSERT_NE(log, nullptr);
  RawDb raw(DbPath());
  const std::string frame5 = raw.Frame(5);
  const std::string hash5 = raw.Hash(5);
  raw.SetFrame(5, raw.Frame(6));
  raw.SetHash(5, raw.Hash(6));
  raw.SetFrame(6, frame5);
  raw.SetHash(6, hash5);

  const VerifyProblem p = ProblemOf(*log);
  EXPECT_EQ(p.damage, Damage::kReordered);
  EXPECT_EQ(p.seq, 5U);
  EXPECT_NE(p.message.find("position 5 holds event 6"), std::string::npos) << p.message;

  auto read = log->Read(5, 1);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().code(), StatusCode::kCorruption);
}

TEST_F(SqliteEventLogTest, RewrittenEventWithRecomputedHashBreaksTheNextLink) {
  auto log = LogWith(100);
  ASSERT_NE(log, nullptr);
  const std::uint64_t victim = 20;
  auto original = log->Read(victim, 1);
  ASSERT_TRUE(original.ok());
  const Record& r = original->front();
  const std::string forged = internal::EncodeFrame(
      victim, r.prev_hash, NewRecord{.at = r.at, .type = r.type, .payload = R"({"forged":true})"});
  {
    RawDb raw(DbPath());
    raw.SetFrame(victim, forged);
    raw.SetHash(victim, Bytes(Sha256(forged)));
  }
  auto read = log->Read(victim, 1);
  ASSERT_TRUE(read.ok()) << "Read checks each record, not the chain";
  EXPECT_EQ(read->front().payload, R"({"forged":true})");

  const VerifyProblem p = ProblemOf(*log);
  EXPECT_EQ(p.damage, Damage::kAltered);
  EXPECT_EQ(p.seq, victim + 1);
  EXPECT_NE(p.message.find("link to event 20"), std::string::npos) << p.message;
}

TEST_F(SqliteEventLogTest, ChangedFirstPrevHashIsAltered) {
  auto log = LogWith(3);
  ASSERT_NE(log, nullptr);
  const std::string forged = internal::EncodeFrame(1, Sha256("not zero"), MakeRecords(1).front());
  RawDb raw(DbPath());
  raw.SetFrame(1, forged);
  raw.SetHash(1, Bytes(Sha256(forged)));
  const VerifyProblem p = ProblemOf(*log);
  EXPECT_EQ(p.damage, Damage::kAltered);
  EXPECT_EQ(p.seq, 1U);
}

TEST_F(SqliteEventLogTest, CutTailIsTruncatedAgainstTheAnchor) {
  auto log = LogWith(500);
  ASSERT_NE(log, nullptr);
  const LogHead anchor = log->Head();
  {
    RawDb raw(DbPath());
    raw.Exec("DELETE FROM events WHERE seq = 500");
  }
  auto without_anchor = log->Verify();
  ASSERT_TRUE(without_anchor.ok());
  EXPECT_FALSE(without_anchor->first_problem.has_value())
      << "a cut tail cannot be seen without an anchor";
  EXPECT_EQ(without_anchor->head.seq, 499U);

  const VerifyProblem p = ProblemOf(*log, anchor);
  EXPECT_EQ(p.damage, Damage::kTruncated);
  EXPECT_EQ(p.seq, 500U);
  EXPECT_NE(p.message.find("event 500 missing"), std::string::npos) << p.message;
}

TEST_F(SqliteEventLogTest, RewrittenLastEventIsAlteredAgainstTheAnchor) {
  auto log = LogWith(50);
  ASSERT_NE(log, nullptr);
  const LogHead anchor = log->Head();
  auto last = log->Read(50, 1);
  ASSERT_TRUE(last.ok());
  const std::string forged = internal::EncodeFrame(
      50, last->front().prev_hash, NewRecord{.at = last->front().at, .type = "x", .payload = "y"});
  {
    RawDb raw(DbPath());
    raw.SetFrame(50, forged);
    raw.SetHash(50, Bytes(Sha256(forged)));
  }
  auto without_anchor = log->Verify();
  ASSERT_TRUE(without_anchor.ok());
  EXPECT_FALSE(without_anchor->first_problem.has_value());

  const VerifyProblem p = ProblemOf(*log, anchor);
  EXPECT_EQ(p.damage, Damage::kAltered);
  EXPECT_EQ(p.seq, 50U);
  EXPECT_NE(p.message.find(ToHex(anchor.hash)), std::string::npos) << p.message;
}

TEST_F(SqliteEventLogTest, FrameThatHashesButDoesNotParseIsUnreadable) {
  auto log = LogWith(10);
  ASSERT_NE(log, nullptr);
  const std::string junk = "not a frame at all";
  RawDb raw(DbPath());
  raw.SetFrame(4, junk);
  raw.SetHash(4, Bytes(Sha256(junk)));
  const VerifyProblem p = ProblemOf(*log);
  EXPECT_EQ(p.damage, Damage::kUnreadable);
  EXPECT_EQ(p.seq, 4U);
  EXPECT_NE(p.message.find("too short"), std::string::npos) << p.message;
}

TEST_F(SqliteEventLogTest, MalformedHashColumnIsUnreadable) {
  auto log = LogWith(10);
  ASSERT_NE(log, nullptr);
  RawDb raw(DbPath());
  raw.Exec("UPDATE events SET hash = 'abc' WHERE seq = 7");
  const VerifyProblem p = ProblemOf(*log);
  EXPECT_EQ(p.damage, Damage::kUnreadable);
  EXPECT_EQ(p.seq, 7U);
}

TEST_F(SqliteEventLogTest, DamagedTailIsNotExtended) {
  auto log = LogWith(3);
  ASSERT_NE(log, nullptr);
  log.reset();
  {
    RawDb raw(DbPath());
    raw.Exec("UPDATE events SET hash = x'00' WHERE seq = 3");
  }
  log = Open({.path = DbPath()});
  ASSERT_NE(log, nullptr) << "a damaged log must still open, so that it can be verified";
  auto appended = log->Append(MakeRecords(1, 4));
  ASSERT_FALSE(appended.ok());
  EXPECT_EQ(appended.status().code(), StatusCode::kCorruption);
  EXPECT_EQ(ProblemOf(*log).damage, Damage::kUnreadable);
}

// --- Opening files that are not (good) elink databases ---

TEST_F(SqliteEventLogTest, CreatedFileIsAnElinkDatabaseInWalMode) {
  ASSERT_NE(OpenCreating(), nullptr);
  RawDb raw(DbPath());
  EXPECT_EQ(raw.Int("PRAGMA application_id"), 0x454C4E4B);
  EXPECT_EQ(raw.Int("PRAGMA user_version"), 1);
  EXPECT_EQ(raw.Text("PRAGMA journal_mode"), "wal");
  EXPECT_EQ(raw.Text("SELECT value FROM meta WHERE key = 'format_version'"), "1");
}

TEST_F(SqliteEventLogTest, MissingFileIsNotFound) {
  ExpectOpenFails({.path = DbPath()}, StatusCode::kNotFound, "center.db: no such file");
  ExpectOpenFails({.path = DbPath(), .create_if_missing = true, .read_only = true},
                  StatusCode::kNotFound, "no such file");
  EXPECT_FALSE(fs::exists(DbPath())) << "a failed open must not leave a file behind";
}

TEST_F(SqliteEventLogTest, GarbageFileIsNotAnElinkDatabase) {
  std::mt19937 rng(7);
  std::string bytes(16384, '\0');
  for (char& c : bytes) c = static_cast<char>(rng() & 0xFF);
  WriteFile(DbPath(), bytes);
  for (bool read_only : {false, true}) {
    ExpectOpenFails({.path = DbPath(), .create_if_missing = true, .read_only = read_only},
                    StatusCode::kCorruption,
                    "center.db: not an elink database (file is not a SQLite database)");
  }
}

TEST_F(SqliteEventLogTest, TextFileIsNotAnElinkDatabase) {
  WriteFile(DbPath(), "[center]\nname = \"North\"\n# this is a config file, not a database\n");
  ExpectOpenFails({.path = DbPath()}, StatusCode::kCorruption, "not an elink database");
  ExpectOpenFails({.path = DbPath(), .create_if_missing = true}, StatusCode::kCorruption,
                  "not an elink database");
}

TEST_F(SqliteEventLogTest, EmptyFileIsRefusedUnlessCreating) {
  WriteFile(DbPath(), "");
  ExpectOpenFails({.path = DbPath()}, StatusCode::kCorruption,
                  "center.db: not an elink database (empty file)");
  ExpectOpenFails({.path = DbPath(), .create_if_missing = true, .read_only = true},
                  StatusCode::kCorruption, "empty file");
  EXPECT_EQ(fs::file_size(DbPath()), 0U) << "a refused open must not write to the file";

  auto log = Open({.path = DbPath(), .create_if_missing = true});
  ASSERT_NE(log, nullptr) << "create_if_missing treats a 0-byte file like a missing one";
  ASSERT_TRUE(log->Append(MakeRecords(1)).ok());
  EXPECT_EQ(log->Head().seq, 1U);
}

TEST_F(SqliteEventLogTest, TruncatedCopyIsCorruption) {
  {
    auto log = LogWith(500);
    ASSERT_NE(log, nullptr);
  }
  ASSERT_FALSE(fs::exists(fs::path(DbPath()).concat("-wal")))
      << "closing the log must checkpoint the WAL into the main file";
  const auto full_size = fs::file_size(DbPath());
  ASSERT_GT(full_size, 8U * 4096U);
  for (std::uintmax_t size : {std::uintmax_t{10}, std::uintmax_t{100}, std::uintmax_t{4096},
                              full_size / 2, full_size - 4096}) {
    const fs::path copy = dir_.Path() / fmt::format("truncated-{}.db", size);
    fs::copy_file(DbPath(), copy);
    fs::resize_file(copy, size);
    auto log = OpenSqliteLog({.path = copy});
    ASSERT_FALSE(log.ok()) << "truncated to " << size << " bytes";
    EXPECT_EQ(log.status().code(), StatusCode::kCorruption)
        << size << ": " << log.status().ToString();
    EXPECT_NE(log.status().message().find(copy.string()), std::string::npos)
        << log.status().message();
  }
}

TEST_F(SqliteEventLogTest, ForeignSqliteDatabaseIsRejected) {
  const fs::path plain = dir_.Path() / "plain.db";
  {
    RawDb raw(plain);
    raw.Exec("CREATE TABLE contacts(name TEXT)");
  }
  ExpectOpenFails({.path = plain, .create_if_missing = true}, StatusCode::kCorruption,
                  "plain.db: not an elink database (application_id is 0x00000000");

  const fs::path other = dir_.Path() / "other.db";
  {
    RawDb raw(other);
    raw.Exec("PRAGMA application_id = 1234; CREATE TABLE events(seq INTEGER PRIMARY KEY)");
  }
  ExpectOpenFails({.path = other}, StatusCode::kCorruption, "application_id is 0x000004d2");
  ExpectOpenFails({.path = other, .read_only = true}, StatusCode::kCorruption, "application_id");

  const fs::path empty_sqlite = dir_.Path() / "empty.db";
  {
    RawDb raw(empty_sqlite);
    raw.Exec("PRAGMA journal_mode = WAL; CREATE TABLE t(x); DROP TABLE t");
  }
  ExpectOpenFails({.path = empty_sqlite}, StatusCode::kCorruption, "empty SQLite database");
}

TEST_F(SqliteEventLogTest, UnsupportedFormatVersionIsRejected) {
  ASSERT_NE(OpenCreating(), nullptr);
  {
    RawDb raw(DbPath());
    raw.Exec("PRAGMA user_version = 2");
  }
  ExpectOpenFails({.path = DbPath()}, StatusCode::kCorruption, "format version 2");
}

TEST_F(SqliteEventLogTest, ElinkIdWithoutTablesIsCorruption) {
  {
    RawDb raw(DbPath());
    raw.Exec("PRAGMA application_id = 1162628683; PRAGMA user_version = 1; CREATE TABLE x(y)");
  }
  ExpectOpenFails({.path = DbPath()}, StatusCode::kCorruption, "no such table");
}

// --- Read-only ---

TEST_F(SqliteEventLogTest, ReadOnlyReadsAndVerifiesButCannotWrite) {
  LogHead head;
  {
    auto log = LogWith(20);
    ASSERT_NE(log, nullptr);
    head = log->Head();
    ASSERT_TRUE(log->SetMeta("center_name", "North").ok());
  }
  auto log = Open({.path = DbPath(), .read_only = true});
  ASSERT_NE(log, nullptr);
  EXPECT_EQ(log->Head(), head);
  auto read = log->Read(1, 100);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(read->size(), 20U);
  auto report = log->Verify(head);
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->first_problem.has_value());
  auto name = log->GetMeta("center_name");
  ASSERT_TRUE(name.ok());
  EXPECT_EQ(*name, std::optional<std::string>("North"));

  auto appended = log->Append(MakeRecords(1, 21));
  ASSERT_FALSE(appended.ok());
  EXPECT_EQ(appended.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(log->SetMeta("k", "v").code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(log->SaveSnapshot({.seq = 20, .head_hash = head.hash, .state = "s"}).code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(log->Head(), head);
}

// --- Snapshots ---

TEST_F(SqliteEventLogTest, NoSnapshotIsNullopt) {
  auto log = LogWith(3);
  ASSERT_NE(log, nullptr);
  auto latest = log->LatestSnapshot();
  ASSERT_TRUE(latest.ok()) << latest.status().ToString();
  EXPECT_FALSE(latest->has_value());
  auto count = log->SnapshotCount();
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 0U);
}

TEST_F(SqliteEventLogTest, SavedSnapshotIsLatestAndSurvivesReopen) {
  const std::string state("state \0 with binary \xff bytes", 27);
  {
    auto log = LogWith(10);
    ASSERT_NE(log, nullptr);
    auto seven = log->Read(7, 1);
    ASSERT_TRUE(seven.ok());
    ASSERT_TRUE(log->SaveSnapshot({.seq = 7,
                                   .head_hash = seven->front().hash,
                                   .taken_at = FromUnixMillis(1'700'000'123'456),
                                   .state = "older"})
                    .ok());
    const LogHead head = log->Head();
    const Status saved = log->SaveSnapshot({.seq = head.seq,
                                            .head_hash = head.hash,
                                            .taken_at = FromUnixMillis(1'700'000'999'000),
                                            .state = state});
    ASSERT_TRUE(saved.ok()) << saved.ToString();
  }
  auto log = Open({.path = DbPath()});
  ASSERT_NE(log, nullptr);
  auto latest = log->LatestSnapshot();
  ASSERT_TRUE(latest.ok()) << latest.status().ToString();
  ASSERT_TRUE(latest->has_value());
  const Snapshot& s = **latest;
  EXPECT_EQ(s.seq, 10U);
  EXPECT_EQ(s.head_hash, log->Head().hash);
  EXPECT_EQ(s.taken_at, FromUnixMillis(1'700'000'999'000));
  EXPECT_EQ(s.state, state);
  auto count = log->SnapshotCount();
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 2U);
}

TEST_F(SqliteEventLogTest, SnapshotMustMatchARecord) {
  auto log = LogWith(5);
  ASSERT_NE(log, nullptr);
  const LogHead head = log->Head();

  const Status wrong_hash =
      log->SaveSnapshot({.seq = head.seq, .head_hash = Sha256("other"), .state = "s"});
  EXPECT_EQ(wrong_hash.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(wrong_hash.field(), "snapshot.head_hash");

  const Status no_event = log->SaveSnapshot({.seq = 6, .head_hash = head.hash, .state = "s"});
  EXPECT_EQ(no_event.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(no_event.field(), "snapshot.seq");

  const Status seq_zero = log->SaveSnapshot({.seq = 0, .head_hash = {}, .state = "s"});
  EXPECT_EQ(seq_zero.code(), StatusCode::kInvalidArgument);

  auto count = log->SnapshotCount();
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 0U) << "rejected snapshots must not be stored";
}

TEST_F(SqliteEventLogTest, TamperedSnapshotStateFallsBackToAnOlderGoodOne) {
  auto log = LogWith(20);
  ASSERT_NE(log, nullptr);
  auto records = log->Read(1, 20);
  ASSERT_TRUE(records.ok());
  ASSERT_TRUE(
      log->SaveSnapshot({.seq = 10, .head_hash = (*records)[9].hash, .state = "state at 10"}).ok());
  ASSERT_TRUE(
      log->SaveSnapshot({.seq = 20, .head_hash = (*records)[19].hash, .state = "state at 20"})
          .ok());
  {
    RawDb raw(DbPath());
    raw.ExecWithBlob("UPDATE snapshots SET state = ?1 WHERE seq = ?2", "state at 2O", 20);
  }
  auto latest = log->LatestSnapshot();
  ASSERT_TRUE(latest.ok()) << latest.status().ToString();
  ASSERT_TRUE(latest->has_value());
  EXPECT_EQ((*latest)->seq, 10U);
  EXPECT_EQ((*latest)->state, "state at 10");

  {
    RawDb raw(DbPath());
    raw.ExecWithBlob("UPDATE snapshots SET state = ?1 WHERE seq = ?2", "tampered", 10);
  }
  auto none = log->LatestSnapshot();
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value()) << "no snapshot verifies any more";
}

TEST_F(SqliteEventLogTest, SnapshotWhoseEventChangedIsSkipped) {
  auto log = LogWith(20);
  ASSERT_NE(log, nullptr);
  auto records = log->Read(1, 20);
  ASSERT_TRUE(records.ok());
  ASSERT_TRUE(log->SaveSnapshot({.seq = 10, .head_hash = (*records)[9].hash, .state = "a"}).ok());
  ASSERT_TRUE(log->SaveSnapshot({.seq = 20, .head_hash = (*records)[19].hash, .state = "b"}).ok());
  {
    RawDb raw(DbPath());
    raw.SetHash(20, Bytes(Sha256("rewritten")));
  }
  auto latest = log->LatestSnapshot();
  ASSERT_TRUE(latest.ok());
  ASSERT_TRUE(latest->has_value());
  EXPECT_EQ((*latest)->seq, 10U);
}

TEST_F(SqliteEventLogTest, OnlyTheThreeNewestSnapshotsAreKept) {
  auto log = LogWith(10);
  ASSERT_NE(log, nullptr);
  auto records = log->Read(1, 10);
  ASSERT_TRUE(records.ok());
  for (std::uint64_t seq : {2U, 4U, 6U, 8U, 10U}) {
    ASSERT_TRUE(log->SaveSnapshot({.seq = seq,
                                   .head_hash = (*records)[seq - 1].hash,
                                   .state = fmt::format("state {}", seq)})
                    .ok());
  }
  auto count = log->SnapshotCount();
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 3U);
  RawDb raw(DbPath());
  EXPECT_EQ(raw.Int("SELECT min(seq) FROM snapshots"), 6);
  EXPECT_EQ(raw.Int("SELECT max(seq) FROM snapshots"), 10);
  auto latest = log->LatestSnapshot();
  ASSERT_TRUE(latest.ok());
  ASSERT_TRUE(latest->has_value());
  EXPECT_EQ((*latest)->state, "state 10");
}

// --- Meta ---

TEST_F(SqliteEventLogTest, MetaRoundTripsAndPersists) {
  {
    auto log = OpenCreating();
    ASSERT_NE(log, nullptr);
    auto version = log->GetMeta("format_version");
    ASSERT_TRUE(version.ok());
    EXPECT_EQ(*version, std::optional<std::string>("1"));
    auto missing = log->GetMeta("center_name");
    ASSERT_TRUE(missing.ok());
    EXPECT_FALSE(missing->has_value());

    ASSERT_TRUE(log->SetMeta("center_name", "Nord").ok());
    ASSERT_TRUE(log->SetMeta("center_name", "North \u2013 Region 2").ok());
    ASSERT_TRUE(log->SetMeta("created_at", "").ok());
    EXPECT_EQ(log->SetMeta("", "x").code(), StatusCode::kInvalidArgument);
  }
  auto log = Open({.path = DbPath()});
  ASSERT_NE(log, nullptr);
  auto name = log->GetMeta("center_name");
  ASSERT_TRUE(name.ok());
  EXPECT_EQ(*name, std::optional<std::string>("North \u2013 Region 2"));
  auto empty = log->GetMeta("created_at");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(*empty, std::optional<std::string>(""));
}

TEST(DamageTest, NamesAreStable) {
  EXPECT_EQ(DamageName(Damage::kAltered), "altered");
  EXPECT_EQ(DamageName(Damage::kRemoved), "removed");
  EXPECT_EQ(DamageName(Damage::kReordered), "reordered");
  EXPECT_EQ(DamageName(Damage::kUnreadable), "unreadable");
  EXPECT_EQ(DamageName(Damage::kTruncated), "truncated");
}

}  // namespace
}  // namespace elink::store
