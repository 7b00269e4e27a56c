// SPDX-License-Identifier: Apache-2.0
// Snapshots bound to the hash chain (engine/journal.hpp, engine/recover.hpp): a snapshot edited on
// disk with its stored hash recomputed is not used, an event edited with its hash recomputed stops
// the center, and the snapshot schedule counts across restarts.
#include "core/codec.hpp"
#include "engine/engine.hpp"
#include "engine/recover.hpp"
#include "store/internal/record_frame.hpp"
#include "support/raw_db.hpp"
#include "support/temp_dir.hpp"
#include "support/test_region.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

namespace elink::engine {
namespace {

using namespace elink::engine::domains;  // NOLINT(google-build-using-namespace)

using testing::Bytes;
using testing::RawDb;

Command Cmd(CommandBody body) { return Command{"tester", "", std::move(body)}; }

ReportIncident Fire(int i) {
  ReportIncident r;
  r.type = "fire.residential";
  r.location = {30.001 + 0.0004 * i, 120.001 + 0.0009 * i};
  r.description = "三楼冒烟 smoke on the third floor";
  return r;
}

class SnapshotTest : public ::testing::Test {
 protected:
  void SetUp() override { OpenLog(); }

  void OpenLog() {
    log_.reset();
    auto log = store::OpenSqliteLog({.path = Db(), .create_if_missing = true});
    ASSERT_TRUE(log.ok()) << log.status().ToString();
    log_ = std::move(log).value();
  }
  [[nodiscard]] std::filesystem::path Db() const { return dir_ / "center.db"; }

  std::unique_ptr<Engine> Open(EngineOptions options = {}) {
    auto engine = Engine::Open(*log_, clock_, options);
    EXPECT_TRUE(engine.ok()) << engine.status().ToString();
    return engine.ok() ? std::move(engine).value() : nullptr;
  }

  // Reports incident `i` and verifies it: two events, one new entity.
  static void Incident(Engine& engine, int i) {
    auto r = engine.Execute(Cmd(Fire(i)));
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    ASSERT_TRUE(
        engine
            .Execute(Cmd(ChangeIncidentStatus{*r->incident, core::IncidentStatus::kVerified, "ok"}))
            .ok());
  }

  // A center with `n` incidents, snapshots every `every` events; returns its final state.
  core::State Build(int n, std::uint64_t every) {
    auto engine = Open({.snapshot_every = every});
    EXPECT_TRUE(engine->Execute(Cmd(ImportRegion{testing::SmallRegion()})).ok());
    for (int i = 0; i < n; ++i) {
      clock_.Advance(Millis(1000));
      Incident(*engine, i);
    }
    engine->Stop();
    return *engine->View();
  }

  static LogCheck WaitForLogCheck(Engine& engine) {
    for (int i = 0; i < 2000 && engine.stats().log_check == LogCheck::kPending; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return engine.stats().log_check;
  }

  // The last incident report in the log.
  std::uint64_t LastReport() {
    auto all = log_->Read(1, 100'000);
    EXPECT_TRUE(all.ok());
    std::uint64_t last = 0;
    for (const auto& r : *all) {
      if (r.type == IncidentReported::kType) last = r.seq;
    }
    return last;
  }

  // Rewrites the report at `seq` to say that all is well and recomputes its hash, as an attacker
  // with the file would: the event still decodes and applies.
  void RewriteReport(std::uint64_t seq) {
    auto r = log_->Read(seq, 1);
    ASSERT_TRUE(r.ok() && r->size() == 1);
    const store::Record& rec = r->front();
    std::string payload = rec.payload;
    const std::string truth = "三楼冒烟";
    ASSERT_NE(payload.find(truth), std::string::npos) << payload;
    payload.replace(payload.find(truth), truth.size(), "一切正常");
    const std::string forged = store::internal::EncodeFrame(
        seq, rec.prev_hash, store::NewRecord{.at = rec.at, .type = rec.type, .payload = payload});
    RawDb raw(Db());
    raw.SetFrame(static_cast<std::int64_t>(seq), forged);
    raw.SetHash(static_cast<std::int64_t>(seq), Bytes(Sha256(forged)));
  }

  testing::TempDir dir_;
  ManualClock clock_{FromUnixMillis(1'800'000'000'000)};
  std::unique_ptr<store::EventLog> log_;
};

TEST_F(SnapshotTest, EachSnapshotIsBoundToTheChainAndUsedAtStartUp) {
  const core::State before = Build(60, 10);
  auto snaps = log_->Snapshots(SIZE_MAX);
  ASSERT_TRUE(snaps.ok());
  ASSERT_FALSE(snaps->empty());
  auto engine = Open();
  EXPECT_TRUE(*engine->View() == before);
  EXPECT_EQ(engine->stats().snapshots_skipped_at_open, 0U);
  EXPECT_LT(engine->stats().events_replayed_at_open, log_->Head().seq);
  EXPECT_EQ(WaitForLogCheck(*engine), LogCheck::kIntact);
  EXPECT_TRUE(engine->health().ok());

  auto checks = CheckSnapshots(*log_, {});
  ASSERT_TRUE(checks.ok()) << checks.status().ToString();
  ASSERT_EQ(checks->size(), snaps->size());
  for (const SnapshotCheck& c : *checks) {
    EXPECT_TRUE(c.bound && c.matches) << c.seq << ": " << c.problem;
  }
}

TEST_F(SnapshotTest, AForgedSnapshotWithItsHashRecomputedIsRefusedAndNamed) {
  const core::State before = Build(60, 10);
  auto newest = log_->LatestSnapshot();
  ASSERT_TRUE(newest.ok() && newest->has_value());
  const std::uint64_t seq = (*newest)->seq;
  std::string state = (*newest)->state;
  const std::string truth = "三楼冒烟";
  const std::size_t at = state.find(truth);
  ASSERT_NE(at, std::string::npos);
  state.replace(at, truth.size(), "一切正常");
  {
    RawDb raw(Db());
    raw.ExecWithBlob("UPDATE snapshots SET state = ?1 WHERE seq = ?2", state,
                     static_cast<std::int64_t>(seq));
    raw.ExecWithBlob("UPDATE snapshots SET state_hash = ?1 WHERE seq = ?2", Bytes(Sha256(state)),
                     static_cast<std::int64_t>(seq));
  }
  OpenLog();
  // The store's own check passes: the edit is consistent with the hash stored beside it.
  auto stored = log_->LatestSnapshot();
  ASSERT_TRUE(stored.ok() && stored->has_value());
  ASSERT_EQ((*stored)->seq, seq);
  ASSERT_EQ((*stored)->state, state);

  auto engine = Open();
  EXPECT_TRUE(*engine->View() == before) << "the forged text must not be served";
  EXPECT_GE(engine->stats().snapshots_skipped_at_open, 1U);
  engine->Stop();

  auto checks = CheckSnapshots(*log_, {});
  ASSERT_TRUE(checks.ok()) << checks.status().ToString();
  bool named = false;
  for (const SnapshotCheck& c : *checks) {
    if (c.seq == seq) {
      named = true;
      EXPECT_FALSE(c.matches);
      EXPECT_NE(c.problem.find("false snapshot"), std::string::npos) << c.problem;
    } else {
      EXPECT_TRUE(c.matches) << c.seq << ": " << c.problem;
    }
  }
  EXPECT_TRUE(named);
}

TEST_F(SnapshotTest, ASnapshotWithoutItsBindingIsNotUsed) {
  const core::State before = Build(12, 0);
  ASSERT_EQ(*log_->SnapshotCount(), 0U);
  // A snapshot stored straight into the file, consistent with its event, but not in the chain.
  const store::LogHead head = log_->Head();
  core::State forged = before;
  ASSERT_TRUE(
      log_->SaveSnapshot({head.seq, head.hash, clock_.Now(), core::EncodeState(forged)}).ok());
  auto engine = Open({.snapshot_every = 0});
  EXPECT_TRUE(*engine->View() == before);
  EXPECT_EQ(engine->stats().snapshots_skipped_at_open, 1U);
  EXPECT_EQ(engine->stats().events_replayed_at_open, head.seq) << "the whole log was replayed";
}

TEST_F(SnapshotTest, AnEditedEventAfterTheSnapshotRefusesStartUp) {
  Build(60, 10);
  auto newest = log_->LatestSnapshot();
  ASSERT_TRUE(newest.ok() && newest->has_value());
  const std::uint64_t victim = LastReport();
  ASSERT_GT(victim, (*newest)->seq);
  RewriteReport(victim);
  OpenLog();
  auto engine = Engine::Open(*log_, clock_, {});
  ASSERT_FALSE(engine.ok()) << "the altered text must not be served";
  EXPECT_EQ(engine.status().code(), StatusCode::kCorruption);
  EXPECT_NE(engine.status().ToString().find("event " + std::to_string(victim + 1)),
            std::string::npos)
      << engine.status().ToString();
}

TEST_F(SnapshotTest, AnEditedEventBeforeTheSnapshotStopsWrites) {
  Build(60, 10);
  auto newest = log_->LatestSnapshot();
  ASSERT_TRUE(newest.ok() && newest->has_value());
  const std::uint64_t victim = 2;  // the first report
  ASSERT_LT(victim, (*newest)->seq);
  RewriteReport(victim);
  OpenLog();
  auto engine = Open();
  ASSERT_NE(engine, nullptr);
  EXPECT_EQ(WaitForLogCheck(*engine), LogCheck::kDamaged);
  EXPECT_EQ(engine->health().code(), StatusCode::kCorruption);
  const auto refused = engine->Execute(Cmd(Fire(99)));
  EXPECT_EQ(refused.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(refused.status().ToString().find("event 3"), std::string::npos)
      << refused.status().ToString();
}

TEST_F(SnapshotTest, TheScheduleCountsAcrossRestarts) {
  // Ten restarts of twelve events each: more than one snapshot's worth in all, though no single
  // run reaches it.
  {
    auto engine = Open({.snapshot_every = 50, .snapshot_interval = Millis(0)});
    ASSERT_TRUE(engine->Execute(Cmd(ImportRegion{testing::SmallRegion()})).ok());
  }
  std::uint64_t written = 0;
  for (int run = 0; run < 10; ++run) {
    auto engine = Open({.snapshot_every = 50, .snapshot_interval = Millis(0)});
    for (int i = 0; i < 12; ++i) Incident(*engine, run * 12 + i);
    engine->Stop();
    written += engine->stats().snapshots_written;
  }
  EXPECT_GE(written, 2U);
  EXPECT_GE(*log_->SnapshotCount(), 1U);
}

TEST_F(SnapshotTest, ASnapshotIsWrittenOnceTheIntervalHasPassed) {
  auto engine = Open({.snapshot_every = 1000, .snapshot_interval = std::chrono::minutes(10)});
  ASSERT_TRUE(engine->Execute(Cmd(ImportRegion{testing::SmallRegion()})).ok());
  ASSERT_TRUE(engine->Execute(Cmd(Fire(1))).ok());
  clock_.Advance(std::chrono::minutes(9));
  ASSERT_TRUE(engine->Execute(Cmd(Fire(2))).ok());
  engine->Stop();
  EXPECT_EQ(engine->stats().snapshots_written, 0U);

  engine = Open({.snapshot_every = 1000, .snapshot_interval = std::chrono::minutes(10)});
  clock_.Advance(std::chrono::minutes(2));  // eleven minutes since the center first started
  ASSERT_TRUE(engine->Execute(Cmd(Fire(3))).ok());
  engine->Stop();
  EXPECT_EQ(engine->stats().snapshots_written, 1U);
  // The binding is not an event that makes another snapshot due.
  EXPECT_EQ(*log_->SnapshotCount(), 1U);
}

TEST_F(SnapshotTest, BindingsAreRefusedWhenTheyNameNoEvent) {
  auto engine = Open();
  ASSERT_TRUE(engine->Execute(Cmd(ImportRegion{testing::SmallRegion()})).ok());
  const std::string hex(64, 'a');
  EXPECT_EQ(engine->Execute(Cmd(journal::BindSnapshot{99, hex, hex})).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(engine->Execute(Cmd(journal::BindSnapshot{1, "zz", hex})).status().field(),
            "head_hash");
  EXPECT_EQ(engine->Execute(Cmd(journal::BindSnapshot{1, hex, hex + "0"})).status().field(),
            "state_sha256");
}

}  // namespace
}  // namespace elink::engine
