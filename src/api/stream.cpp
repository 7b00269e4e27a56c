// SPDX-License-Identifier: Apache-2.0
#include "api/stream.hpp"

#include "api/internal/messages.hpp"
#include "api/problem.hpp"
#include "api/visibility.hpp"
#include "auth/policy.hpp"
#include "auth/token.hpp"
#include "core/codec.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <thread>

namespace elink::api {

namespace {

// Records read from the log at once while a client catches up. Small, because a record may hold
// a photo of up to 2 MiB (sent without its bytes, but read with them): 64 of those are the most
// the catch-up thread holds at a time.
constexpr std::size_t kCatchUpPage = 64;
// A client catching up with more than this queued and unwritten is not read a page for this turn:
// one that does not read costs the others nothing beyond it (its queue bound closes it if it ever
// takes more).
constexpr std::size_t kCatchUpMaxQueued = std::size_t{64} << 10;
// When every client catching up is waiting for its queue to drain, the loop sleeps this long.
constexpr std::chrono::milliseconds kCatchUpIdle{5};

std::string EventMessage(const engine::Event& e) {
  nlohmann::json j = EventJson(e);
  j["kind"] = "event";
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

struct StreamHub::Client {
  std::shared_ptr<WsConnection> conn;
  std::string user;
  std::uint32_t token_version = 0;
  std::uint64_t last_sent = 0;  // guarded by the hub's mu_ once live
  bool live = false;            // guarded by the hub's mu_
  bool closed = false;          // guarded by the hub's mu_
};

StreamHub::StreamHub(engine::Engine& engine, const store::EventLog& log, const Clock& clock,
                     auth::LiveKeyRing keys)
    : engine_(engine), log_(log), clock_(clock), keys_(std::move(keys)) {
  subscription_ =
      engine_.Subscribe([this](std::span<const engine::Event> events) { OnCommit(events); });
  catch_up_thread_ = std::thread([this] { CatchUpLoop(); });
}

StreamHub::~StreamHub() {
  engine_.Unsubscribe(subscription_);
  {
    const util::MutexLock lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  catch_up_thread_.join();
}

std::size_t StreamHub::clients() const {
  const util::MutexLock lock(mu_);
  return clients_.size();
}

WsAnswer StreamHub::Accept(const HttpRequest& upgrade, std::shared_ptr<WsConnection> conn) {
  if (upgrade.path != "/api/v1/stream") return std::nullopt;
  const ApiLang lang = LangOf(upgrade);
  const auto state = engine_.View();
  std::string token = upgrade.Query("token");
  if (token.empty()) {
    token = std::string(auth::BearerToken(upgrade.Header("authorization")).value_or(""));
  }
  Result<const core::User*> user = auth::Authenticate(*state, *keys_.Get(), token, clock_.Now());
  if (!user.ok()) {
    HttpResponse refusal = ResponseOf(ProblemOf(user.status(), lang));
    // RFC 6750 section 3: say how to authenticate, and whether the token given was the trouble.
    refusal.headers.emplace_back("WWW-Authenticate",
                                 token.empty() ? R"(Bearer realm="elink")"
                                               : R"(Bearer realm="elink", error="invalid_token")");
    return refusal;
  }
  // Every event the stream sends is about incidents, units or the region; a role that may not
  // read incidents has nothing to follow.
  if (const Status allowed = auth::Check(*state, **user, auth::Action::kReadIncidents);
      !allowed.ok()) {
    return ResponseOf(ProblemOf(allowed, lang));
  }
  auto client = std::make_shared<Client>();
  client->user = (*user)->name;
  client->token_version = (*user)->token_version;
  if (const std::string after = upgrade.Query("after"); !after.empty()) {
    std::uint64_t v = 0;
    const auto [end, ec] = std::from_chars(after.data(), after.data() + after.size(), v);
    if (ec != std::errc() || end != after.data() + after.size()) {
      return ResponseOf(ProblemOf(Status::InvalidArgument("after", msg::kSequenceNumber), lang));
    }
    client->last_sent = v;
  } else {
    client->last_sent = state->last_seq();  // no "after": from now on
  }
  client->conn = std::move(conn);
  {
    const util::MutexLock lock(mu_);
    clients_.push_back(client);
    to_catch_up_.push_back(client);
  }
  cv_.notify_all();
  WsCallbacks callbacks;
  callbacks.on_message = [](std::string) {};  // the stream is one way
  std::weak_ptr<Client> weak = client;
  callbacks.on_close = [this, weak](std::string) {
    if (auto c = weak.lock()) {
      const util::MutexLock lock(mu_);
      c->closed = true;
      std::erase(clients_, c);
    }
  };
  return callbacks;
}

void StreamHub::Drop(const std::shared_ptr<Client>& client, const std::string& reason) {
  client->closed = true;
  std::erase(clients_, client);
  client->conn->Close(reason);
}

StreamHub::Turn StreamHub::CatchUp(const std::shared_ptr<Client>& client) {
  // Off the hub's lock: reading the log may take a while; the client is not live, so the commit
  // listener leaves it alone and nobody else touches last_sent. One page per turn: the clients
  // catching up take turns, so that many of them (or a few that never read) cannot keep another
  // waiting for long; Send never blocks, and a client that does not read is closed by its
  // connection's bounded queue.
  Result<std::vector<store::Record>> page = log_.Read(client->last_sent + 1, kCatchUpPage);
  if (!page.ok()) {
    spdlog::warn("stream catch-up: {}", page.status().ToString());
    return Turn::kFailed;
  }
  // The state is taken after the read, and only events it already holds are judged: the log
  // gets a batch just before the engine publishes it, and an event about an incident the state
  // does not have yet would look invisible and be skipped for good.
  const auto state = engine_.View();
  const core::User* user = state->FindUser(client->user);
  if (user == nullptr || user->disabled || user->token_version != client->token_version) {
    return Turn::kFailed;
  }
  for (const store::Record& r : *page) {
    if (r.seq > state->last_seq()) {
      std::this_thread::yield();  // the engine is publishing that batch now
      return Turn::kMore;
    }
    Result<engine::Event> e = engine::DecodeEvent(r.seq, r.at, r.type, r.payload);
    if (!e.ok()) return Turn::kFailed;
    if (VisibleTo(*e, *state, *user) && !client->conn->Send(EventMessage(*e))) {
      return Turn::kFailed;
    }
    client->last_sent = r.seq;
  }
  if (page->size() < kCatchUpPage) {
    // Live only once nothing published is left unread: a batch published after this check
    // reaches the commit listener, which runs after we release the lock.
    const util::MutexLock lock(mu_);
    if (client->closed) return Turn::kFailed;
    if (engine_.View()->last_seq() <= client->last_sent) {
      client->live = true;
      return client->conn->Send(
                 nlohmann::json{{"kind", "caught_up"}, {"seq", client->last_sent}}.dump())
                 ? Turn::kLive
                 : Turn::kFailed;
    }
  }
  return Turn::kMore;
}

void StreamHub::CatchUpLoop() {
  std::size_t skipped = 0;  // turns in a row given up because the client's queue is full
  for (;;) {
    std::shared_ptr<Client> client;
    {
      util::MutexLock lock(mu_);
      lock.Await(cv_, [this]() ELINK_NO_THREAD_SAFETY_ANALYSIS {
        return stopping_ || !to_catch_up_.empty();
      });
      if (stopping_) return;
      client = std::move(to_catch_up_.front());
      to_catch_up_.pop_front();
      if (client->closed) continue;
    }
    // Off the hub's lock (the connection has a lock of its own).
    if (client->conn->queued_bytes() > kCatchUpMaxQueued) {
      // Not reading (or slow): its turn goes to the next; never a read of the log for it.
      std::size_t waiting = 0;
      {
        const util::MutexLock lock(mu_);
        if (!client->closed) to_catch_up_.push_back(std::move(client));
        waiting = to_catch_up_.size();
      }
      if (++skipped >= waiting) {
        // A whole round found every client behind: nothing to do until some of them read.
        skipped = 0;
        std::this_thread::sleep_for(kCatchUpIdle);
      }
      continue;
    }
    skipped = 0;
    const Turn turn = CatchUp(client);
    const util::MutexLock lock(mu_);
    if (turn == Turn::kFailed) {
      if (!client->closed) Drop(client, "stream ended: catch-up failed or access revoked");
    } else if (turn == Turn::kMore && !client->closed) {
      to_catch_up_.push_back(std::move(client));  // round robin: its next page after the others'
    }
  }
}

void StreamHub::OnCommit(std::span<const engine::Event> events) {
  if (events.empty()) return;
  const auto state = engine_.View();
  // Serialised once per event, whatever the number of clients.
  std::vector<std::string> messages;
  messages.reserve(events.size());
  for (const engine::Event& e : events) messages.push_back(EventMessage(e));
  const util::MutexLock lock(mu_);
  for (auto it = clients_.begin(); it != clients_.end();) {
    const std::shared_ptr<Client> c = *it;
    ++it;
    if (!c->live) continue;
    const core::User* user = state->FindUser(c->user);
    if (user == nullptr || user->disabled || user->token_version != c->token_version) {
      it = clients_.erase(it - 1);
      c->closed = true;
      c->conn->Close("access revoked");
      continue;
    }
    bool ok = true;
    for (std::size_t i = 0; i < events.size() && ok; ++i) {
      if (events[i].seq <= c->last_sent) continue;
      if (VisibleTo(events[i], *state, *user)) ok = c->conn->Send(messages[i]);
      c->last_sent = events[i].seq;
    }
    if (!ok) {
      // The server closed it as a slow consumer (or it is gone): forget it.
      it = clients_.erase(it - 1);
      c->closed = true;
    }
  }
}

}  // namespace elink::api
