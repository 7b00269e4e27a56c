// SPDX-License-Identifier: Apache-2.0
// The engine over a real SQLite log: answers only after commit, group commit, bounded queue,
// fail-stop, snapshots and replay giving back the same state, readers that do not block.
#include "engine/engine.hpp"

#include "core/codec.hpp"
#include "support/fault_log.hpp"
#include "support/temp_dir.hpp"
#include "support/test_region.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>
#include <set>
#include <thread>

namespace elink::engine {
namespace {

// The domains' commands and events by name (engine/registry.hpp lists them).
using namespace elink::engine::domains;  // NOLINT(google-build-using-namespace)

using core::IncidentId;
using core::IncidentStatus;
using core::UnitId;

Command Cmd(CommandBody body, std::string request_id = {}) {
  return Command{"tester", std::move(request_id), std::move(body)};
}

ReportIncident Fire(double lat = 30.005, double lon = 120.005) {
  ReportIncident r;
  r.type = "fire.residential";
  r.location = {lat, lon};
  r.description = "三楼冒烟 smoke on the third floor";
  return r;
}

class EngineTest : public ::testing::Test {
 protected:
  void SetUp() override { OpenLog(); }

  void OpenLog() {
    auto log = store::OpenSqliteLog({.path = dir_ / "center.db", .create_if_missing = true});
    ASSERT_TRUE(log.ok()) << log.status().ToString();
    log_ = std::move(log).value();
  }

  std::unique_ptr<Engine> OpenEngine(store::EventLog& log, EngineOptions options = {}) {
    auto engine = Engine::Open(log, clock_, options);
    EXPECT_TRUE(engine.ok()) << engine.status().ToString();
    return engine.ok() ? std::move(engine).value() : nullptr;
  }

  void Init(Engine& engine) {
    const auto r = engine.Execute(Cmd(ImportRegion{testing::SmallRegion()}));
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }

  // Reads every event back from the log.
  std::vector<engine::Event> LoggedEvents() {
    auto records = log_->Read(1, 1'000'000);
    EXPECT_TRUE(records.ok());
    std::vector<engine::Event> out;
    for (const auto& r : *records) {
      auto e = engine::DecodeEvent(r.seq, r.at, r.type, r.payload);
      EXPECT_TRUE(e.ok()) << e.status().ToString();
      out.push_back(std::move(e).value());
    }
    return out;
  }

  testing::TempDir dir_;
  ManualClock clock_{FromUnixMillis(1'800'000'000'000)};
  std::unique_ptr<store::EventLog> log_;
};

TEST_F(EngineTest, ReplyComesAfterTheEventsAreInTheLog) {
  auto engine = OpenEngine(*log_);
  Init(*engine);
  clock_.Advance(Millis(1500));
  const auto r = engine->Execute(Cmd(Fire(), "req-1"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_TRUE(r->incident.has_value());
  EXPECT_EQ(r->first_seq, 2U);
  EXPECT_EQ(log_->Head().seq, 2U);
  const auto events = LoggedEvents();
  ASSERT_EQ(events.size(), 2U);
  const auto& reported = std::get<dispatch::IncidentReported>(events[1].body);
  EXPECT_EQ(reported.id, *r->incident);
  EXPECT_EQ(events[1].request_id, "req-1");
  EXPECT_EQ(events[1].actor, "tester");
  EXPECT_EQ(events[1].at, clock_.Now()) << "event time comes from the injected clock";
  EXPECT_EQ(engine->View()->FindIncident(*r->incident)->reported_at, clock_.Now());
}

TEST_F(EngineTest, APhotoIsInTheLogInTheSameCommitAsItsReportAndNotInTheState) {
  auto engine = OpenEngine(*log_);
  Init(*engine);
  const std::string jpeg = std::string("\xFF\xD8\xFF\xE0", 4) + std::string(300'000, '\xAB');
  ReportIncident r = Fire();
  r.photo = PhotoUpload{"image/jpeg", jpeg};
  const auto reply = engine->Execute(Cmd(r));
  ASSERT_TRUE(reply.ok()) << reply.status().ToString();
  // The reply names both events: when it says saved, the photo is on disk too.
  EXPECT_EQ(reply->first_seq, 2U);
  EXPECT_EQ(reply->last_seq, 3U);
  EXPECT_EQ(log_->Head().seq, 3U);
  const auto events = LoggedEvents();
  ASSERT_EQ(events.size(), 3U);
  const auto& attached = std::get<dispatch::IncidentPhotoAttached>(events[2].body);
  EXPECT_EQ(attached.data.bytes, jpeg);
  EXPECT_EQ(attached.incident, *reply->incident);
  // The state (and so its snapshots) holds the description and where the bytes are.
  const core::Incident* inc = engine->View()->FindIncident(*reply->incident);
  ASSERT_NE(inc, nullptr);
  ASSERT_EQ(inc->photos.size(), 1U);
  EXPECT_EQ(inc->photos[0].seq, 3U);
  EXPECT_LT(core::EncodeState(*engine->View()).size(), jpeg.size());
  // A refused photo writes nothing, not even the report.
  r.photo = PhotoUpload{"image/png", jpeg};
  EXPECT_EQ(engine->Execute(Cmd(r)).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(log_->Head().seq, 3U);
}

TEST_F(EngineTest, RefusedCommandWritesNothing) {
  auto engine = OpenEngine(*log_);
  Init(*engine);
  const auto head = log_->Head();
  const auto view = engine->View();
  const auto r = engine->Execute(Cmd(DispatchUnits{IncidentId(42), {UnitId("E1")}}));
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(log_->Head(), head);
  EXPECT_TRUE(*engine->View() == *view);
}

TEST_F(EngineTest, RestartGivesTheSameStateFieldForField) {
  core::State before;
  {
    auto engine = OpenEngine(*log_, {.snapshot_every = 7});
    Init(*engine);
    for (int i = 0; i < 20; ++i) {
      clock_.Advance(Millis(1000));
      auto r = engine->Execute(Cmd(Fire(30.001 + 0.0004 * i, 120.001 + 0.0009 * i)));
      ASSERT_TRUE(r.ok());
      const IncidentId id = *r->incident;
      ASSERT_TRUE(
          engine->Execute(Cmd(ChangeIncidentStatus{id, IncidentStatus::kVerified, "ok"})).ok());
      if (i == 3) {
        ASSERT_TRUE(engine->Execute(Cmd(DispatchUnits{id, {UnitId("E1"), UnitId("L2")}})).ok());
        ASSERT_TRUE(
            engine->Execute(Cmd(ReportPositions{{{UnitId("E1"), {30.002, 120.003}, clock_.Now()}}}))
                .ok());
      }
      if (i == 5) {
        ASSERT_TRUE(
            engine->Execute(Cmd(ChangeIncidentLevel{id, core::IncidentLevel::kII, "x"})).ok());
      }
    }
    engine->Stop();  // waits for the snapshot thread, whose binding is an event of its own
    before = *engine->View();
    EXPECT_GT(engine->stats().snapshots_written, 0U);
  }
  log_.reset();
  OpenLog();
  {
    auto engine = OpenEngine(*log_);
    EXPECT_TRUE(*engine->View() == before);
    EXPECT_LT(engine->stats().events_replayed_at_open, log_->Head().seq)
        << "start-up used a snapshot";
  }
  // Without snapshots (or with all of them unusable) a full replay gives the same state too.
  core::State replayed;
  for (const auto& e : LoggedEvents()) ASSERT_TRUE(engine::Apply(replayed, e).ok());
  EXPECT_TRUE(replayed == before);
  EXPECT_TRUE(*core::DecodeState(core::EncodeState(before)) == before);
}

TEST_F(EngineTest, ConcurrentSubmittersShareCommits) {
  auto engine = OpenEngine(*log_);
  Init(*engine);
  constexpr int kThreads = 16;
  constexpr int kPerThread = 25;
  std::atomic<int> acked{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        auto r = engine->Execute(Cmd(Fire(), "t" + std::to_string(t) + "-" + std::to_string(i)));
        if (r.ok()) ++acked;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(acked.load(), kThreads * kPerThread);
  EXPECT_EQ(engine->View()->incidents().size(), static_cast<std::size_t>(kThreads * kPerThread));
  const auto stats = engine->stats();
  EXPECT_LT(stats.batches, static_cast<std::uint64_t>(kThreads * kPerThread) + 1)
      << "some commands shared a commit";
  std::set<std::string> ids;
  for (const auto& e : LoggedEvents()) ids.insert(e.request_id);
  EXPECT_EQ(ids.size(), static_cast<std::size_t>(kThreads * kPerThread) + 1);  // + init's ""
  const auto report = log_->Verify();
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->first_problem.has_value());
}

TEST_F(EngineTest, FullQueueAnswersUnavailableAndReadersDoNotBlock) {
  testing::FaultInjectingLog faulty(*log_);
  auto engine = OpenEngine(faulty, {.queue_capacity = 3, .max_batch = 1});
  Init(*engine);
  faulty.Hold();
  auto first = engine->Submit(Cmd(Fire()));  // taken by the writer, which then waits in Append
  while (!faulty.AppendWaiting()) std::this_thread::yield();
  std::vector<std::future<Result<Reply>>> queued;
  for (int i = 0; i < 3; ++i) queued.push_back(engine->Submit(Cmd(Fire())));
  EXPECT_EQ(engine->queue_depth(), 3U);
  auto refused = engine->Submit(Cmd(Fire()));
  ASSERT_EQ(refused.wait_for(std::chrono::seconds(0)), std::future_status::ready);
  EXPECT_EQ(refused.get().status().code(), StatusCode::kUnavailable);
  // The writer is stuck in a commit, yet a reader gets the last committed state at once.
  const auto view = engine->View();
  EXPECT_EQ(view->incidents().size(), 0U);
  faulty.Release();
  EXPECT_TRUE(first.get().ok());
  for (auto& f : queued) EXPECT_TRUE(f.get().ok());
  EXPECT_EQ(engine->View()->incidents().size(), 4U);
}

TEST_F(EngineTest, LogFailureStopsWritesAndNeverSaysSaved) {
  testing::FaultInjectingLog faulty(*log_);
  auto engine = OpenEngine(faulty);
  Init(*engine);
  ASSERT_TRUE(engine->Execute(Cmd(Fire())).ok());
  const auto committed = *engine->View();
  faulty.FailAppendsAfter(0);
  const auto r = engine->Execute(Cmd(Fire()));
  EXPECT_EQ(r.status().code(), StatusCode::kIOError);
  EXPECT_NE(r.status().message().find("not saved"), std::string::npos);
  EXPECT_FALSE(engine->health().ok());
  EXPECT_TRUE(*engine->View() == committed) << "readers never see unsaved events";
  faulty.FailAppendsAfter(-1);  // even once the disk is back, the engine stays stopped
  const auto after = engine->Execute(Cmd(Fire()));
  EXPECT_EQ(after.status().code(), StatusCode::kUnavailable);
  engine.reset();
  // What a restart sees is exactly what was acknowledged.
  auto reopened = OpenEngine(*log_);
  EXPECT_TRUE(*reopened->View() == committed);
  EXPECT_TRUE(reopened->health().ok());
}

TEST_F(EngineTest, SubscribersSeeCommittedEventsInOrder) {
  auto engine = OpenEngine(*log_);
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::uint64_t> seen;
  engine->Subscribe([&](std::span<const engine::Event> events) {
    std::lock_guard lock(mu);
    for (const auto& e : events) seen.push_back(e.seq);
    cv.notify_all();
  });
  Init(*engine);
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(engine->Execute(Cmd(Fire())).ok());
  // Subscribers hear of a batch after its commands are answered, so wait for the last one.
  std::unique_lock lock(mu);
  ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(30), [&] { return seen.size() >= 6; }));
  EXPECT_EQ(seen, (std::vector<std::uint64_t>{1, 2, 3, 4, 5, 6}));
}

TEST_F(EngineTest, StopFinishesQueuedCommandsThenRefuses) {
  auto engine = OpenEngine(*log_);
  Init(*engine);
  std::vector<std::future<Result<Reply>>> futures;
  for (int i = 0; i < 50; ++i) futures.push_back(engine->Submit(Cmd(Fire())));
  engine->Stop();
  for (auto& f : futures) EXPECT_TRUE(f.get().ok());
  EXPECT_EQ(engine->Execute(Cmd(Fire())).status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(log_->Head().seq, 51U);
}

TEST_F(EngineTest, SubmitAsyncCallsBackOnceTheEventsAreDurable) {
  auto engine = OpenEngine(*log_);
  Init(*engine);
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::uint64_t> seen_heads;
  std::vector<Result<Reply>> outcomes;
  for (int i = 0; i < 20; ++i) {
    engine->SubmitAsync(Cmd(Fire()), [&](Result<Reply> r) {
      // Durable before the callback: the log already holds the command's event.
      const std::uint64_t head = log_->Head().seq;
      std::lock_guard lock(mu);
      seen_heads.push_back(head);
      outcomes.push_back(std::move(r));
      cv.notify_all();
    });
  }
  {
    std::unique_lock lock(mu);
    ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(10), [&] { return outcomes.size() == 20; }));
  }
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    ASSERT_TRUE(outcomes[i].ok()) << outcomes[i].status().ToString();
    EXPECT_GE(seen_heads[i], outcomes[i]->last_seq);
  }
  // A callback may submit again (it runs outside the engine's locks).
  std::promise<Result<Reply>> second;
  engine->SubmitAsync(Cmd(Fire()), [&](Result<Reply> r) {
    ASSERT_TRUE(r.ok());
    engine->SubmitAsync(Cmd(Fire()), [&](Result<Reply> r2) { second.set_value(std::move(r2)); });
  });
  EXPECT_TRUE(second.get_future().get().ok());
  // Refused before queueing: called at once, on this thread.
  engine->Stop();
  bool called = false;
  engine->SubmitAsync(Cmd(Fire()), [&](Result<Reply> r) {
    called = true;
    EXPECT_EQ(r.status().code(), StatusCode::kUnavailable);
  });
  EXPECT_TRUE(called);
}

TEST_F(EngineTest, BadOptionsRefused) {
  EXPECT_EQ(Engine::Open(*log_, clock_, {.queue_capacity = 0}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(Engine::Open(*log_, clock_, {.max_batch = 0}).status().field(), "max_batch");
}

}  // namespace
}  // namespace elink::engine
