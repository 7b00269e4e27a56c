// SPDX-License-Identifier: Apache-2.0
// Durable commands per second: the engine with 1 and with 64 concurrent submitters, beside the
// raw rate of single-row SQLite commits with the same sync setting (WAL, synchronous=FULL), all
// in the same run and on the same disk. bench/README.md has the command and the latest ratios.
#include "engine/engine.hpp"
#include "support/temp_dir.hpp"
#include "support/test_region.hpp"

#include <benchmark/benchmark.h>
#include <sqlite3.h>

#include <atomic>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace elink {
namespace {

// The payload of a typical incident report event, so both sides write rows of the same size.
constexpr std::size_t kPayloadBytes = 420;

// The baseline: a plain SQLite table in WAL mode with synchronous=FULL, one row per commit.
class RawDb {
 public:
  explicit RawDb(const std::filesystem::path& path) {
    sqlite3_open(path.string().c_str(), &db_);
    sqlite3_exec(
        db_,
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
        "CREATE TABLE t(seq INTEGER PRIMARY KEY, frame BLOB NOT NULL, hash BLOB NOT NULL);",
        nullptr, nullptr, nullptr);
    sqlite3_prepare_v2(db_, "INSERT INTO t(frame, hash) VALUES(?, ?)", -1, &insert_, nullptr);
  }
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;
  ~RawDb() {
    sqlite3_finalize(insert_);
    sqlite3_close(db_);
  }
  // One autocommit INSERT: one transaction, one fsync.
  bool Commit() {
    sqlite3_bind_blob(insert_, 1, frame_.data(), static_cast<int>(frame_.size()), SQLITE_STATIC);
    sqlite3_bind_blob(insert_, 2, hash_.data(), static_cast<int>(hash_.size()), SQLITE_STATIC);
    const bool ok = sqlite3_step(insert_) == SQLITE_DONE;
    sqlite3_reset(insert_);
    return ok;
  }

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* insert_ = nullptr;
  const std::string frame_ = std::string(kPayloadBytes, 'x');
  const std::string hash_ = std::string(32, 'h');
};

// A center's engine over a real SQLite log, with the small test region imported.
struct BenchEngine {
  explicit BenchEngine(const std::filesystem::path& db) {
    auto opened = store::OpenSqliteLog({.path = db, .create_if_missing = true});
    if (!opened.ok()) return;
    log = std::move(opened).value();
    auto started = engine::Engine::Open(*log, clock, {});
    if (!started.ok()) return;
    engine = std::move(started).value();
    if (!engine->Execute({"bench", "", region::ImportRegion{testing::SmallRegion()}}).ok()) {
      engine.reset();
    }
    report.type = "fire.residential";
    report.location = {30.005, 120.005};
    report.description = std::string(200, 'd');
  }
  bool Execute() { return engine->Execute({"bench", "", report}).ok(); }

  ManualClock clock{FromUnixMillis(1'800'000'000'000)};
  std::unique_ptr<store::EventLog> log;
  std::unique_ptr<engine::Engine> engine;  // null when start-up failed
  dispatch::ReportIncident report;
};

void BM_RawSqliteCommit(benchmark::State& state) {
  testing::TempDir dir;
  RawDb raw(dir / "raw.db");
  for (auto _ : state) {
    if (!raw.Commit()) state.SkipWithError("insert failed");
  }
  state.counters["commits_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_RawSqliteCommit)->UseRealTime()->MinTime(3.0)->Unit(benchmark::kMicrosecond);

// Each iteration: `submitters` threads each execute `per_thread` ReportIncident commands and wait
// for every acknowledgement (which means: on disk).
void BM_EngineDurableCommands(benchmark::State& state) {
  const int submitters = static_cast<int>(state.range(0));
  // Enough commands per thread that start-up and wind-down of the threads do not dominate.
  const int per_thread = std::max(50, 400 / submitters);
  testing::TempDir dir;
  BenchEngine bench(dir / "center.db");
  if (!bench.engine) {
    state.SkipWithError("engine did not start");
    return;
  }
  std::int64_t total = 0;
  for (auto _ : state) {
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < submitters; ++t) {
      threads.emplace_back([&] {
        for (int i = 0; i < per_thread; ++i) {
          if (!bench.Execute()) ++failures;
        }
      });
    }
    for (auto& th : threads) th.join();
    if (failures.load() > 0) state.SkipWithError("a command failed");
    total += submitters * per_thread;
  }
  state.SetItemsProcessed(total);
  state.counters["commands_per_s"] =
      benchmark::Counter(static_cast<double>(total), benchmark::Counter::kIsRate);
  const auto stats = bench.engine->stats();
  state.counters["mean_batch"] = static_cast<double>(stats.commands_committed) /
                                 static_cast<double>(std::max<std::uint64_t>(1, stats.batches));
}
BENCHMARK(BM_EngineDurableCommands)
    ->Arg(1)
    ->Arg(64)
    ->UseRealTime()
    ->MinTime(3.0)
    ->Unit(benchmark::kMillisecond);

// The aims compare rates, and this VM's fsync latency drifts by 2x within a minute, which makes
// ratios of separately timed benchmarks noisy. Here the three loads take turns in short slices
// (raw commits, 1 submitter, 64 submitters) on the same disk, and the ratios come from the summed
// times of each: the same-conditions figures bench/README.md records.
void BM_PairedRatios(benchmark::State& state) {
  testing::TempDir dir;
  RawDb raw(dir / "raw.db");
  BenchEngine bench(dir / "center.db");
  if (!bench.engine) {
    state.SkipWithError("engine did not start");
    return;
  }

  using Clock = std::chrono::steady_clock;
  constexpr int kSlice = 200;  // commits or commands per slice for raw and 1 submitter
  constexpr int kSubmitters = 64;
  constexpr int kPerSubmitter = 40;  // 2560 commands per 64-submitter slice
  double raw_s = 0;
  double one_s = 0;
  double many_s = 0;
  std::int64_t raw_n = 0;
  std::int64_t one_n = 0;
  std::int64_t many_n = 0;
  for (auto _ : state) {
    auto t0 = Clock::now();
    for (int i = 0; i < kSlice; ++i) (void)raw.Commit();
    auto t1 = Clock::now();
    for (int i = 0; i < kSlice; ++i) (void)bench.Execute();
    auto t2 = Clock::now();
    std::vector<std::thread> threads;
    for (int t = 0; t < kSubmitters; ++t) {
      threads.emplace_back([&] {
        for (int i = 0; i < kPerSubmitter; ++i) (void)bench.Execute();
      });
    }
    for (auto& th : threads) th.join();
    auto t3 = Clock::now();
    raw_s += std::chrono::duration<double>(t1 - t0).count();
    one_s += std::chrono::duration<double>(t2 - t1).count();
    many_s += std::chrono::duration<double>(t3 - t2).count();
    raw_n += kSlice;
    one_n += kSlice;
    many_n += kSubmitters * kPerSubmitter;
  }
  const double raw_rate = static_cast<double>(raw_n) / raw_s;
  const double one_rate = static_cast<double>(one_n) / one_s;
  const double many_rate = static_cast<double>(many_n) / many_s;
  state.counters["raw_per_s"] = raw_rate;
  state.counters["one_per_s"] = one_rate;
  state.counters["many_per_s"] = many_rate;
  state.counters["one_vs_raw"] = one_rate / raw_rate;
  state.counters["many_vs_one"] = many_rate / one_rate;
}
BENCHMARK(BM_PairedRatios)->UseRealTime()->Iterations(12)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace elink

BENCHMARK_MAIN();
