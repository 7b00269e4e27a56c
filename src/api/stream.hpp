#pragma once
// The live event stream (WebSocket /api/v1/stream?token=...&after=SEQ): every event committed
// after SEQ that the user may see (visibility.hpp), in order, as one JSON text message each
// ({"kind":"event", "seq", "at", "type", "actor", "data"}), then live as they commit. A client
// that reconnects with the last seq it got misses nothing and sees nothing twice: it first reads
// the log from there, and goes live only when it has caught up with the engine's published state
// (a {"kind":"caught_up","seq":N} message says so). Slow consumers are dropped by the server's
// bounded send queue; users disabled or whose tokens were revoked are dropped at the next commit.

#include "api/http_server.hpp"
#include "auth/token.hpp"
#include "engine/engine.hpp"
#include "store/event_log.hpp"
#include "util/clock.hpp"
#include "util/thread_annotations.hpp"

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace elink::api {

class StreamHub {
 public:
  // `engine`, `log` and `clock` must outlive the hub.
  StreamHub(engine::Engine& engine, const store::EventLog& log, const Clock& clock,
            auth::LiveKeyRing keys);
  StreamHub(const StreamHub&) = delete;
  StreamHub& operator=(const StreamHub&) = delete;
  ~StreamHub();  // unsubscribes and joins the catch-up thread; closes no connection

  // A WsHandler: accepts /api/v1/stream for a signed-in user who may read incidents. The token is
  // the query's "token" (browsers cannot set headers on a WebSocket) or an Authorization: Bearer
  // header. Refusals are problem documents in the request's language: 401 with
  // WWW-Authenticate: Bearer when the token is missing, malformed, forged, expired, revoked or of
  // a user who no longer exists or is disabled; 403 when the user's role may not read incidents;
  // 400 for an "after" that is not a sequence number. Any other path is not ours (404).
  WsAnswer Accept(const HttpRequest& upgrade, std::shared_ptr<WsConnection> conn);

  [[nodiscard]] std::size_t clients() const;

 private:
  struct Client;
  void OnCommit(std::span<const engine::Event> events);
  // Serves the clients catching up in turns, one page of the log each per turn (round robin).
  void CatchUpLoop();
  enum class Turn { kMore, kLive, kFailed };
  // Sends the client one page of the log after its last seq: kLive once it caught up with the
  // engine (and is live), kMore when there is more, kFailed when it must be dropped.
  Turn CatchUp(const std::shared_ptr<Client>& client);
  void Drop(const std::shared_ptr<Client>& client, const std::string& reason) ELINK_REQUIRES(mu_);

  engine::Engine& engine_;
  const store::EventLog& log_;
  const Clock& clock_;
  auth::LiveKeyRing keys_;
  std::uint64_t subscription_ = 0;

  mutable util::Mutex mu_;
  std::condition_variable_any cv_;  // to_catch_up_ got a client, or stopping_
  bool stopping_ ELINK_GUARDED_BY(mu_) = false;
  std::vector<std::shared_ptr<Client>> clients_ ELINK_GUARDED_BY(mu_);
  std::deque<std::shared_ptr<Client>> to_catch_up_ ELINK_GUARDED_BY(mu_);
  std::thread catch_up_thread_;
};

}  // namespace elink::api
