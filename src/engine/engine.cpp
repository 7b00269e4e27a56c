// SPDX-License-Identifier: Apache-2.0
#include "engine/engine.hpp"

#include "core/codec.hpp"
#include "engine/decide.hpp"
#include "engine/journal.hpp"
#include "engine/machine.hpp"
#include "engine/messages.hpp"
#include "engine/recover.hpp"
#include "util/thread_annotations.hpp"

#include <fmt/format.h>
#include <pthread.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace elink::engine {

Status EngineOptions::Validate() const {
  if (queue_capacity < 1) return Status::InvalidArgument("queue_capacity", "must be at least 1");
  if (max_batch < 1) return Status::InvalidArgument("max_batch", "must be at least 1");
  return {};
}

class Engine::Impl {
  struct Pending {
    Command command;
    // Called exactly once with the outcome: on the writer thread, or on the submitter's when the
    // command is refused before it is queued.
    std::function<void(Result<Reply>)> done;
  };

 public:
  Impl(store::EventLog& log, const Clock& clock, EngineOptions options, Recovered recovered)
      : log_(log),
        clock_(clock),
        options_(options),
        machine_(std::move(recovered.state)),
        view_(std::make_shared<const core::State>(machine_.state())),
        // The schedule counts from the snapshot in the log, not from this start: a center
        // restarted more often than snapshot_every events still writes one.
        last_snapshot_seq_(recovered.snapshot_seq),
        last_snapshot_at_(recovered.snapshot_at.value_or(clock.Now())) {
    stats_.events_replayed_at_open = recovered.replayed;
    stats_.snapshots_skipped_at_open = recovered.skipped.size();
    // A full replay checked every link; after a snapshot, the events before it are checked by a
    // walk of the whole chain in the background.
    stats_.log_check = recovered.snapshot_seq == 0 ? LogCheck::kIntact : LogCheck::kPending;
    if (recovered.snapshot_seq != 0) verifier_ = std::thread([this] { CheckWholeLog(); });
    // A long replay is not repeated at the next start.
    const store::LogHead head = log.Head();
    if (head.seq > 0) {
      std::shared_ptr<const core::State> view;
      {
        const util::MutexLock lock(view_mu_);
        view = view_;
      }
      MaybeSnapshot({.seq = head.seq, .hash = head.hash}, std::move(view), false);
    }
    snapshotter_ = std::thread([this] { RunSnapshots(); });
    replier_ = std::thread([this] { RunReplies(); });
    writer_ = std::thread([this] { Run(); });
    // Named so that top, perf and gdb show which thread is which.
    pthread_setname_np(writer_.native_handle(), "elink-writer");
    pthread_setname_np(snapshotter_.native_handle(), "elink-snapshot");
    pthread_setname_np(replier_.native_handle(), "elink-replier");
  }

  ~Impl() { Stop(); }
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  void Submit(Command command, std::function<void(Result<Reply>)> done) {
    Status refused;
    {
      const util::MutexLock lock(mu_);
      if (!failed_.ok()) {
        refused = StoppedWrites(failed_);
      } else if (stopping_) {
        refused = Status::Unavailable(msg::kShuttingDown);
      } else if (queue_.size() >= options_.queue_capacity) {
        ++stats_.commands_refused;
        refused = Status::Unavailable(msg::kQueueFull, options_.queue_capacity);
      } else {
        queue_.push_back(Pending{std::move(command), std::move(done)});
      }
    }
    // Outside the lock: a callback may submit again.
    if (!refused.ok()) {
      done(std::move(refused));
      return;
    }
    cv_.notify_one();
  }

  std::shared_ptr<const core::State> View() const {
    const util::MutexLock lock(view_mu_);
    return view_;
  }

  std::uint64_t Subscribe(Listener listener) {
    const util::MutexLock lock(listeners_mu_);
    listeners_.emplace(++next_listener_, std::move(listener));
    has_listeners_ = true;
    return next_listener_;
  }

  void Unsubscribe(std::uint64_t id) {
    const util::MutexLock lock(listeners_mu_);
    listeners_.erase(id);
    has_listeners_ = !listeners_.empty();
  }

  Status health() const {
    const util::MutexLock lock(mu_);
    return failed_;
  }

  EngineStats stats() const {
    const util::MutexLock lock(mu_);
    return stats_;
  }

  std::size_t queue_depth() const {
    const util::MutexLock lock(mu_);
    return queue_.size();
  }

  void Stop() {
    verify_cancel_ = true;
    if (verifier_.joinable()) verifier_.join();
    // The snapshot thread next: a snapshot under way is finished and its binding queued while the
    // writer still takes commands (an unbound snapshot is not used at the next start).
    {
      const util::MutexLock lock(snap_mu_);
      snap_stopping_ = true;
    }
    snap_cv_.notify_all();
    if (snapshotter_.joinable()) snapshotter_.join();
    {
      const util::MutexLock lock(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    if (writer_.joinable()) writer_.join();
    {
      const util::MutexLock lock(reply_mu_);
      replies_stopping_ = true;
    }
    reply_cv_.notify_all();
    if (replier_.joinable()) replier_.join();
  }

 private:
  static Status StoppedWrites(const Status& failure) {
    return Status::Unavailable(msg::kStoppedWrites, failure);
  }

  void Run() {
    std::vector<Pending> batch;
    for (;;) {
      {
        util::MutexLock lock(mu_);
        lock.Await(cv_,
                   [&]() ELINK_NO_THREAD_SAFETY_ANALYSIS { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;  // stopping, and everything queued is done
        const std::size_t n = std::min(queue_.size(), options_.max_batch);
        for (std::size_t i = 0; i < n; ++i) {
          batch.push_back(std::move(queue_.front()));
          queue_.pop_front();
        }
      }
      ProcessBatch(batch);
      batch.clear();
    }
  }

  void ProcessBatch(std::vector<Pending>& batch) {
    if (const Status failure = health(); !failure.ok()) {
      for (auto& p : batch) p.done(StoppedWrites(failure));
      return;
    }
    std::vector<std::optional<Result<Reply>>> outcomes(batch.size());
    std::vector<Event> events;
    std::vector<store::NewRecord> records;
    std::uint64_t refused = 0;
    for (std::size_t i = 0; i < batch.size(); ++i) {
      const std::size_t first_new = events.size();
      // Later commands of the batch are decided against the state that includes the earlier ones.
      auto stepped = machine_.Step(batch[i].command, clock_.Now(), events);
      if (!stepped.ok()) ++refused;
      for (std::size_t k = first_new; k < events.size(); ++k) {
        const Event& e = events[k];
        records.push_back({e.at, std::string(TypeOf(e.body)), EncodePayload(e)});
      }
      outcomes[i] = std::move(stepped);
    }

    if (!records.empty()) {
      auto stored = log_.Append(records);
      if (!stored.ok()) {
        FailStop(stored.status(), batch, outcomes);
        return;
      }
      ELINK_CHECK(stored->size() == events.size() && stored->front().seq == events.front().seq)
          << "log numbered the batch differently from the engine";
      auto view = std::make_shared<const core::State>(machine_.state());
      {
        const util::MutexLock lock(view_mu_);
        view_ = view;
      }
      // A batch of nothing but snapshot bindings does not count towards the next snapshot.
      const bool only_bindings = std::all_of(events.begin(), events.end(), [](const Event& e) {
        return std::holds_alternative<journal::SnapshotTaken>(e.body);
      });
      MaybeSnapshot(stored->back(), std::move(view), only_bindings);
    }
    {
      const util::MutexLock lock(mu_);
      stats_.commands_committed += batch.size() - refused;
      stats_.commands_refused += refused;
      ++stats_.batches;
      stats_.max_batch_seen = std::max<std::uint64_t>(stats_.max_batch_seen, batch.size());
    }
    bool direct = false;
    if (batch.size() <= kDirectReplyMax) {
      const util::MutexLock lock(reply_mu_);
      direct = replies_.empty();  // nothing earlier still waiting to be answered
    }
    if (!direct) {
      HandToReplier({std::move(batch), std::move(outcomes), std::move(events)});
      return;
    }
    // For a batch or two, waking the submitter here is cheaper than waking the replier to do it.
    for (std::size_t i = 0; i < batch.size(); ++i) {
      batch[i].done(std::move(*outcomes[i]));
    }
    if (!events.empty() && has_listeners_.load()) HandToReplier({{}, {}, std::move(events)});
  }

  struct Completed {
    std::vector<Pending> batch;
    std::vector<std::optional<Result<Reply>>> outcomes;
    std::vector<Event> events;
  };

  // Waking each submitter is a syscall per command; a thread of its own does it (and tells the
  // subscribers) while the writer goes on with the next batch. Bounded, so that a slow subscriber
  // holds the writer back instead of growing memory.
  void HandToReplier(Completed done) {
    util::MutexLock lock(reply_mu_);
    lock.Await(reply_space_cv_, [&]() ELINK_NO_THREAD_SAFETY_ANALYSIS {
      return replies_.size() < kMaxPendingReplies;
    });
    replies_.push_back(std::move(done));
    reply_cv_.notify_one();
  }

  void RunReplies() {
    for (;;) {
      Completed done;
      {
        util::MutexLock lock(reply_mu_);
        lock.Await(reply_cv_, [&]() ELINK_NO_THREAD_SAFETY_ANALYSIS {
          return replies_stopping_ || !replies_.empty();
        });
        if (replies_.empty()) return;
        done = std::move(replies_.front());
        replies_.pop_front();
      }
      reply_space_cv_.notify_one();
      for (std::size_t i = 0; i < done.batch.size(); ++i) {
        done.batch[i].done(std::move(*done.outcomes[i]));
      }
      if (!done.events.empty()) {
        const util::MutexLock lock(listeners_mu_);
        for (const auto& [id, listener] : listeners_) listener(done.events);
      }
    }
  }

  // The batch is not on disk: nobody is told "saved", and no later write is accepted, because the
  // in-memory state now holds events the log does not (LevelDB's background error).
  void FailStop(const Status& cause, std::vector<Pending>& batch,
                std::vector<std::optional<Result<Reply>>>& outcomes) {
    spdlog::critical("event log append failed: {}; refusing all further writes", cause.ToString());
    std::deque<Pending> rest;
    const Status failure = Status::IOError(msg::kWriteFailed, cause);
    {
      const util::MutexLock lock(mu_);
      failed_ = failure;
      rest.swap(queue_);
    }
    const Status not_saved = Status::IOError(msg::kNotSaved, cause);
    for (std::size_t i = 0; i < batch.size(); ++i) {
      if (outcomes[i]->ok()) {
        batch[i].done(not_saved);
      } else {
        batch[i].done(std::move(*outcomes[i]));
      }
    }
    for (auto& p : rest) p.done(StoppedWrites(failure));
  }

  void CheckWholeLog() {
    auto report = log_.Verify(std::nullopt, {}, &verify_cancel_);
    if (!report.ok()) {
      if (!verify_cancel_) {
        spdlog::error("the event log could not be checked: {}", report.status().ToString());
      }
      return;
    }
    const util::MutexLock lock(mu_);
    if (!report->first_problem) {
      stats_.log_check = LogCheck::kIntact;
      return;
    }
    const store::VerifyProblem& p = *report->first_problem;
    stats_.log_check = LogCheck::kDamaged;
    const Status damage =
        Status::Corruption(fmt::format("the event log is damaged at event {} ({}): {}; run elink "
                                       "verify-log",
                                       p.seq, store::DamageName(p.damage), p.message));
    spdlog::error("{}; the center stops taking writes", damage.ToString());
    if (failed_.ok()) failed_ = damage;
  }

  struct SnapshotJob {
    std::shared_ptr<const core::State> state;
    store::Record head;
  };

  // Runs on the writer thread after a commit: decides whether a snapshot is due and hands the
  // immutable published state to the snapshot thread, so encoding never delays a commit.
  void MaybeSnapshot(const store::Record& head, std::shared_ptr<const core::State> view,
                     bool only_bindings) {
    if (options_.snapshot_every == 0 || only_bindings || head.seq <= last_snapshot_seq_) return;
    const std::uint64_t since = head.seq - last_snapshot_seq_;
    const std::uint64_t entities = view->incidents().size() + view->units().size() +
                                   view->grids().size() + view->organisations().size();
    const TimePoint now = clock_.Now();
    const bool by_events = since >= std::max(options_.snapshot_every, entities);
    const bool by_time = options_.snapshot_interval.count() > 0 &&
                         now - last_snapshot_at_ >= options_.snapshot_interval;
    if (!by_events && !by_time) return;
    last_snapshot_seq_ = head.seq;
    last_snapshot_at_ = now;
    {
      const util::MutexLock lock(snap_mu_);
      // A job still waiting is superseded by the newer state: at most one is ever queued.
      pending_snapshot_ = SnapshotJob{std::move(view), head};
    }
    snap_cv_.notify_one();
  }

  void RunSnapshots() {
    for (;;) {
      SnapshotJob job;
      {
        util::MutexLock lock(snap_mu_);
        lock.Await(snap_cv_, [&]() ELINK_NO_THREAD_SAFETY_ANALYSIS {
          return snap_stopping_ || pending_snapshot_.has_value();
        });
        if (!pending_snapshot_) return;
        job = std::move(*pending_snapshot_);
        pending_snapshot_.reset();
      }
      std::string bytes = core::EncodeState(*job.state);
      const Sha256Digest sha = Sha256(bytes);
      const Status s = log_.SaveSnapshot({job.head.seq, job.head.hash, clock_.Now(), bytes});
      if (!s.ok()) {
        // A snapshot only shortens start-up; the log alone still holds everything.
        spdlog::warn("snapshot at event {} not written: {}", job.head.seq, s.ToString());
        continue;
      }
      {
        const util::MutexLock lock(mu_);
        ++stats_.snapshots_written;
      }
      // Binds it to the chain: only a snapshot whose hashes the log records is used at start-up.
      const std::uint64_t seq = job.head.seq;
      Submit({.actor = std::string(journal::kActor),
              .request_id = "",
              .body = journal::BindSnapshot{seq, ToHex(job.head.hash), ToHex(sha)}},
             [seq](Result<Reply> r) {
               if (!r.ok()) {
                 spdlog::warn("snapshot at event {} not bound to the log: {}", seq,
                              r.status().ToString());
               }
             });
    }
  }

  store::EventLog& log_;
  const Clock& clock_;
  const EngineOptions options_;

  Machine machine_;  // writer thread only

  mutable util::Mutex view_mu_;
  std::shared_ptr<const core::State> view_ ELINK_GUARDED_BY(view_mu_);

  mutable util::Mutex mu_;
  std::condition_variable_any cv_;
  std::deque<Pending> queue_ ELINK_GUARDED_BY(mu_);
  bool stopping_ ELINK_GUARDED_BY(mu_) = false;
  Status failed_ ELINK_GUARDED_BY(mu_);
  EngineStats stats_ ELINK_GUARDED_BY(mu_);
  std::uint64_t last_snapshot_seq_ = 0;  // writer thread only (and the constructor)
  TimePoint last_snapshot_at_{};         // writer thread only (and the constructor)

  util::Mutex snap_mu_;
  std::condition_variable_any snap_cv_;
  std::optional<SnapshotJob> pending_snapshot_ ELINK_GUARDED_BY(snap_mu_);
  bool snap_stopping_ ELINK_GUARDED_BY(snap_mu_) = false;
  std::thread snapshotter_;

  std::atomic<bool> verify_cancel_{false};
  std::thread verifier_;

  static constexpr std::size_t kMaxPendingReplies = 64;  // batches
  static constexpr std::size_t kDirectReplyMax = 2;      // commands
  util::Mutex reply_mu_;
  std::condition_variable_any reply_cv_;
  std::condition_variable_any reply_space_cv_;
  std::deque<Completed> replies_ ELINK_GUARDED_BY(reply_mu_);
  bool replies_stopping_ ELINK_GUARDED_BY(reply_mu_) = false;
  std::thread replier_;

  util::Mutex listeners_mu_;
  std::map<std::uint64_t, Listener> listeners_ ELINK_GUARDED_BY(listeners_mu_);
  std::uint64_t next_listener_ ELINK_GUARDED_BY(listeners_mu_) = 0;
  std::atomic<bool> has_listeners_{false};

  std::thread writer_;  // last: started after everything it uses is built
};

Result<std::unique_ptr<Engine>> Engine::Open(store::EventLog& log, const Clock& clock,
                                             EngineOptions options) {
  ELINK_RETURN_IF_ERROR(options.Validate());
  ELINK_ASSIGN_OR_RETURN(Recovered recovered, Recover(log));
  return std::unique_ptr<Engine>(
      new Engine(std::make_unique<Impl>(log, clock, options, std::move(recovered))));
}

Engine::Engine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Engine::~Engine() = default;

std::future<Result<Reply>> Engine::Submit(Command command) {
  auto promise = std::make_shared<std::promise<Result<Reply>>>();
  auto future = promise->get_future();
  impl_->Submit(std::move(command),
                [promise](Result<Reply> r) { promise->set_value(std::move(r)); });
  return future;
}

void Engine::SubmitAsync(Command command, std::function<void(Result<Reply>)> done) {
  impl_->Submit(std::move(command), std::move(done));
}

Result<Reply> Engine::Execute(Command command) { return Submit(std::move(command)).get(); }

std::shared_ptr<const core::State> Engine::View() const { return impl_->View(); }
std::uint64_t Engine::Subscribe(Listener listener) { return impl_->Subscribe(std::move(listener)); }
void Engine::Unsubscribe(std::uint64_t id) { impl_->Unsubscribe(id); }
Status Engine::health() const { return impl_->health(); }
EngineStats Engine::stats() const { return impl_->stats(); }
std::size_t Engine::queue_depth() const { return impl_->queue_depth(); }
void Engine::Stop() { impl_->Stop(); }

}  // namespace elink::engine
