#pragma once
// Engine: the single writer of a center. Commands arrive on a bounded queue from any thread; the
// writer thread takes a batch, decides each command against the state (decide.hpp), appends all
// resulting events to the log in one transaction (group commit: one fsync for the batch), applies
// them, publishes an immutable snapshot of the state, answers each command and then tells the
// subscribers. Readers use View() and never block the writer.
//
//   ELINK_ASSIGN_OR_RETURN(auto engine, engine::Engine::Open(*log, clock, {}));
//   Result<Reply> r = engine->Execute({.actor = "dispatcher1", .body = ReportIncident{...}});

#include "core/state.hpp"
#include "engine/commands.hpp"
#include "engine/registry.hpp"
#include "store/event_log.hpp"
#include "util/clock.hpp"
#include "util/status.hpp"

#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <span>

namespace elink::engine {

struct EngineOptions {
  // Default: 4096. Commands waiting beyond this are refused with kUnavailable.
  // REQUIRES: >= 1
  std::size_t queue_capacity = 4096;
  // Default: 512. Most commands committed in one transaction.
  // REQUIRES: >= 1
  std::size_t max_batch = 512;
  // Default: 1000. A snapshot is written once at least this many events, and at least as many
  // events as the state has entities, have passed since the last one (so that the cost of
  // snapshots per event stays constant as the state grows); 0 turns snapshots off. Snapshots are
  // encoded and written by a background thread from the published immutable state.
  std::uint64_t snapshot_every = 1000;
  // Default: 10 minutes. A snapshot is also written at the first commit once this long has passed
  // since the last one (counted from the snapshot in the log, across restarts); 0 turns this off.
  Millis snapshot_interval = std::chrono::minutes(10);

  [[nodiscard]] Status Validate() const;
};

// The walk of the whole hash chain at start-up: done at once by a full replay, else in the
// background after a snapshot was used (a damaged chain then stops writes: Engine::health()).
enum class LogCheck { kPending, kIntact, kDamaged };

struct EngineStats {
  std::uint64_t commands_committed = 0;
  std::uint64_t commands_refused = 0;
  std::uint64_t batches = 0;
  std::uint64_t max_batch_seen = 0;
  std::uint64_t snapshots_written = 0;
  std::uint64_t events_replayed_at_open = 0;    // events after the snapshot used at start-up
  std::uint64_t snapshots_skipped_at_open = 0;  // newer snapshots not used (unbound or false)
  LogCheck log_check = LogCheck::kPending;
};

// Thread-safe: Submit, Execute, View, Subscribe, health and stats may be called from any thread.
// `log` and `clock` must outlive the engine.
class Engine {
 public:
  using Listener = std::function<void(std::span<const Event>)>;

  // Rebuilds the state from the newest snapshot bound to the chain and the events after it
  // (recover.hpp), then starts the writer thread. kCorruption when the log or a needed event does
  // not decode or apply, or an event after the snapshot does not link to the one before it;
  // kInvalidArgument for bad options; kIOError when the log cannot be read.
  static Result<std::unique_ptr<Engine>> Open(store::EventLog& log, const Clock& clock,
                                              EngineOptions options);

  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;
  Engine(Engine&&) = delete;
  Engine& operator=(Engine&&) = delete;
  ~Engine();  // Stop()s

  // Queues `command`. The future completes with the Reply once its events are durable, or with
  // the reason it was refused: kUnavailable when the queue is full, the engine is stopping or the
  // log failed earlier (fail-stop); kIOError when the log write of its batch failed; the Decide
  // codes otherwise. Never blocks on the queue.
  std::future<Result<Reply>> Submit(Command command);
  // As Submit, but `done` is called with the outcome instead, once the command's events are
  // durable (or it is refused): on the writer thread when its batch held one or two commands and
  // nothing earlier was still waiting to be answered, else on the replier thread (answers keep
  // their order either way); or at once on this thread when it is refused before being queued.
  // `done` must be quick and must not wait on the engine (it holds the writer, or every answer
  // after it): hand anything longer to another executor. It may submit.
  void SubmitAsync(Command command, std::function<void(Result<Reply>)> done);
  // Submit and wait.
  Result<Reply> Execute(Command command);

  // The state as of the last commit. Immutable; safe to read from any thread.
  [[nodiscard]] std::shared_ptr<const core::State> View() const;

  // `listener` is called on the replier thread with each committed batch's events, in commit
  // order, after the batch's commands are answered. It must be quick (a slow listener holds the
  // writer back once 64 batches wait) and must not call back into Submit and wait.
  std::uint64_t Subscribe(Listener listener);
  void Unsubscribe(std::uint64_t id);

  // OK while the engine accepts writes; after a log failure, the failure (fail-stop).
  [[nodiscard]] Status health() const;
  [[nodiscard]] EngineStats stats() const;
  [[nodiscard]] std::size_t queue_depth() const;

  // Stops taking commands, finishes those already queued and any snapshot under way, and joins
  // the writer and snapshot threads. Idempotent.
  void Stop();

 private:
  class Impl;
  explicit Engine(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace elink::engine
