// SPDX-License-Identifier: Apache-2.0
// WsSession and the WsConnection handle (api/internal/ws_session.hpp).
#include "api/internal/ws_session.hpp"

#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

#include <exception>
#include <mutex>
#include <shared_mutex>
#include <utility>

namespace elink::api::internal {

void WsSession::Accept(http::request<http::string_body> req) {
  upgrade_ = std::move(req);
  const ServerOptions& opt = core_.options();
  beast::get_lowest_layer(ws_).expires_never();  // the websocket stream runs its own timers
  // A fixed kernel send buffer instead of the autotuned one (up to 4 MiB on Linux): what a client
  // that does not read holds back then shows in its queue (WsConnection::queued_bytes), which a
  // producer can see and hold back for, instead of vanishing into the kernel.
  beast::error_code ignored;
  beast::get_lowest_layer(ws_).socket().set_option(
      asio::socket_base::send_buffer_size(static_cast<int>(kWsSendBuffer)), ignored);
  websocket::stream_base::timeout timeouts{};
  timeouts.handshake_timeout = opt.header_timeout;  // also bounds the close handshake
  timeouts.idle_timeout = opt.idle_timeout;
  timeouts.keep_alive_pings = true;
  ws_.set_option(timeouts);
  ws_.set_option(websocket::stream_base::decorator(
      [](websocket::response_type& res) { res.set(http::field::server, "elink"); }));
  ws_.read_message_max(static_cast<std::uint64_t>(opt.max_body_bytes));
  ws_.async_accept(upgrade_, beast::bind_front_handler(&WsSession::OnAccept, Self()));
}

void WsSession::Drain() {
  if (finished_) return;
  {
    const util::MutexLock lock(channel_->mu);
    channel_->closed = true;
  }
  // Still in the handshake: OnAccept sees the server draining and says goodbye then (the
  // handshake is bounded by its timeout, and all of it by the grace of Stop).
  if (!accepted_) return;
  StartClose(websocket::close_code::going_away, "server stopping");
}

void WsSession::CloseAfterJoin() {
  beast::error_code ec;
  beast::get_lowest_layer(ws_).socket().close(ec);
  Finish("server stopped");
}

void WsSession::Pump() {
  if (finished_ || write_in_flight_) return;
  {
    const util::MutexLock lock(channel_->mu);
    if (channel_->queue.empty()) {
      channel_->pumping = false;
    } else {
      writing_ = std::move(channel_->queue.front());
      channel_->queue.pop_front();
      channel_->writing_bytes = writing_.size();
      write_in_flight_ = true;
    }
  }
  if (!write_in_flight_) return SendCloseIfFlushed();
  ws_.text(true);
  ws_.async_write(asio::buffer(writing_), beast::bind_front_handler(&WsSession::OnWrite, Self()));
}

void WsSession::RequestClose(std::string reason, bool slow) {
  if (finished_) return;
  if (!slow) return StartClose(websocket::close_code::normal, std::move(reason));
  close_reason_ = "slow consumer";
  if (write_in_flight_) {
    // The peer is not reading: a close frame would wait forever behind the stuck write.
    beast::get_lowest_layer(ws_).close();
    return;
  }
  // Say why, but do not wait long for an answer from a peer that reads this slowly.
  StartClose(websocket::close_code::policy_error, "slow consumer");
  close_timer_.expires_after(kSlowConsumerCloseWait);
  close_timer_.async_wait([self = Self()](beast::error_code ec) {
    if (!ec && !self->finished_) beast::get_lowest_layer(self->ws_).close();
  });
}

void WsSession::OnAccept(beast::error_code ec) {
  if (finished_) return;
  if (ec) return Finish("handshake failed: " + ec.message());
  accepted_ = true;
  core_.counters().websockets_open.fetch_add(1);
  log_.status = 101;
  log_.micros = MicrosSince(start_);
  core_.Log(log_);
  bool start_pump = false;
  bool slow = false;
  std::optional<std::string> close;
  {
    const util::MutexLock lock(channel_->mu);
    channel_->session = Self();
    slow = channel_->slow;
    close = std::move(channel_->close);
    if (!channel_->queue.empty() && !channel_->pumping) {
      channel_->pumping = true;
      start_pump = true;
    }
  }
  DoRead();
  if (start_pump) Pump();
  if (core_.draining()) {
    Drain();
  } else if (slow) {
    RequestClose("slow consumer", true);
  } else if (close) {
    RequestClose(std::move(*close), false);
  }
}

void WsSession::DoRead() {
  ws_.async_read(read_buffer_, beast::bind_front_handler(&WsSession::OnRead, Self()));
}

void WsSession::OnRead(beast::error_code ec, std::size_t /*n*/) {
  if (finished_) return;
  if (ec) {
    if (ec == websocket::error::closed && !close_sent_) {
      const auto& why = ws_.reason().reason;
      return Finish(why.empty() ? std::string("client closed")
                                : "client closed: " + std::string(why.data(), why.size()));
    }
    return Finish(ec == websocket::error::closed ? "closed" : ec.message());
  }
  std::string message = beast::buffers_to_string(read_buffer_.data());
  read_buffer_.consume(read_buffer_.size());
  if (callbacks_.on_message) {
    try {
      callbacks_.on_message(std::move(message));
    } catch (const std::exception& e) {
      spdlog::error("ws: the message handler for {} threw: {}", channel_->remote, e.what());
    } catch (...) {
      spdlog::error("ws: the message handler for {} threw", channel_->remote);
    }
  }
  DoRead();
}

void WsSession::OnWrite(beast::error_code ec, std::size_t /*n*/) {
  write_in_flight_ = false;
  writing_ = std::string();
  {
    const util::MutexLock lock(channel_->mu);
    channel_->queued_bytes -= channel_->writing_bytes;
    channel_->counters->ws_queued_bytes.fetch_sub(channel_->writing_bytes);
    channel_->writing_bytes = 0;
    if (ec || finished_) channel_->pumping = false;
  }
  if (finished_) return;
  if (ec) return Finish(ec.message());
  Pump();
}

void WsSession::StartClose(websocket::close_code code, std::string reason) {
  if (finished_ || close_requested_) return;
  if (reason.size() > kMaxCloseReason) reason.resize(kMaxCloseReason);
  close_requested_ = true;
  close_code_ = code;
  close_reason_ = std::move(reason);
  SendCloseIfFlushed();
}

void WsSession::SendCloseIfFlushed() {
  if (!close_requested_ || close_sent_ || write_in_flight_ || finished_ || !accepted_) return;
  {
    const util::MutexLock lock(channel_->mu);
    if (channel_->pumping) return;  // the pump comes back here when the queue is empty
  }
  close_sent_ = true;
  ws_.async_close(websocket::close_reason(close_code_, close_reason_),
                  [self = Self()](beast::error_code ec) {
                    // On success the read loop ends when the peer answers the close.
                    if (ec) beast::get_lowest_layer(self->ws_).close();
                  });
}

void WsSession::Finish(std::string reason) {
  if (finished_) return;
  finished_ = true;
  std::deque<std::string> dropped;
  {
    const util::MutexLock lock(channel_->mu);
    channel_->closed = true;
    channel_->session.reset();
    dropped = channel_->DropAllLocked();
  }
  beast::get_lowest_layer(ws_).close();  // cancels a write still in flight
  close_timer_.cancel();
  if (accepted_) core_.counters().websockets_open.fetch_sub(1);
  if (callbacks_.on_close) {
    try {
      callbacks_.on_close(close_reason_.empty() ? std::move(reason) : close_reason_);
    } catch (const std::exception& e) {
      spdlog::error("ws: the close handler for {} threw: {}", channel_->remote, e.what());
    } catch (...) {
      spdlog::error("ws: the close handler for {} threw", channel_->remote);
    }
  }
  core_.Unregister(id_);
}

bool WsHandle::Send(std::string text) {
  WsChannel& ch = *channel_;
  const std::shared_lock gate_lock(ch.gate->mu);
  if (!ch.gate->open) return false;
  std::shared_ptr<WsSession> kick;
  std::deque<std::string> dropped;  // freed after the lock is released
  bool accepted = true;
  {
    const util::MutexLock lock(ch.mu);
    if (ch.closed) return false;
    if (text.size() > ch.max_queued - ch.queued_bytes) {
      ch.closed = true;
      ch.slow = true;
      dropped = ch.DropAllLocked();
      kick = ch.session.lock();
      accepted = false;
    } else {
      ch.queued_bytes += text.size();
      ch.counters->ws_queued_bytes.fetch_add(text.size());
      ch.queue.push_back(std::move(text));
      if (!ch.pumping) {
        kick = ch.session.lock();
        if (kick) ch.pumping = true;
      }
    }
  }
  if (kick) {
    auto executor = kick->executor();
    if (accepted) {
      asio::post(executor, [s = std::move(kick)] { s->Pump(); });
    } else {
      spdlog::warn("ws: {} is not reading; closed as a slow consumer", ch.remote);
      asio::post(executor, [s = std::move(kick)] { s->RequestClose("slow consumer", true); });
    }
  }
  return accepted;
}

void WsHandle::Close(std::string reason) {
  WsChannel& ch = *channel_;
  const std::shared_lock gate_lock(ch.gate->mu);
  if (!ch.gate->open) return;
  std::shared_ptr<WsSession> kick;
  {
    const util::MutexLock lock(ch.mu);
    if (ch.closed) return;
    ch.closed = true;
    kick = ch.session.lock();
    if (!kick) ch.close = reason;
  }
  if (kick) {
    auto executor = kick->executor();
    asio::post(executor, [s = std::move(kick), r = std::move(reason)]() mutable {
      s->RequestClose(std::move(r), false);
    });
  }
}

}  // namespace elink::api::internal
