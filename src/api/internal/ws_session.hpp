#pragma once
// The WebSocket session of HttpServer, private to src/api: the outgoing queue of one WebSocket
// (WsChannel, bounded; a slow consumer is closed), the WsConnection handle the application holds,
// and WsSession: the handshake, the read loop, the write pump and the close.

#include "api/internal/http_transport.hpp"

#include <deque>
#include <memory>
#include <optional>
#include <string>

namespace elink::api::internal {

class WsSession;

// The outgoing queue of one WebSocket, shared by its session and the WsConnection handle the
// application holds (which may outlive both the session and the server). Thread-safe.
// Invariant: queued_bytes <= max_queued, and counters->ws_queued_bytes includes queued_bytes.
struct WsChannel {
  WsChannel(std::shared_ptr<Gate> g, Counters* c, std::size_t limit, std::string r)
      : gate(std::move(g)), counters(c), max_queued(limit), remote(std::move(r)) {}

  const std::shared_ptr<Gate> gate;
  Counters* const counters;  // valid while the gate is open, and on the session's strand
  const std::size_t max_queued;
  const std::string remote;

  util::Mutex mu;
  std::deque<std::string> queue ELINK_GUARDED_BY(mu);
  std::size_t queued_bytes ELINK_GUARDED_BY(mu) = 0;   // includes the message being written
  std::size_t writing_bytes ELINK_GUARDED_BY(mu) = 0;  // size of the message being written
  bool closed ELINK_GUARDED_BY(mu) = false;            // Send refuses once set
  bool pumping ELINK_GUARDED_BY(mu) = false;           // the session's write pump is running
  bool slow ELINK_GUARDED_BY(mu) = false;              // closed as a slow consumer
  // Close(reason) before the handshake ended.
  std::optional<std::string> close ELINK_GUARDED_BY(mu);
  std::weak_ptr<WsSession> session ELINK_GUARDED_BY(mu);  // set once the handshake is done

  // Forgets every queued byte (the message being written included).
  std::deque<std::string> DropAllLocked() ELINK_REQUIRES(mu) {
    counters->ws_queued_bytes.fetch_sub(queued_bytes);
    queued_bytes = 0;
    writing_bytes = 0;
    return std::exchange(queue, {});
  }
};

class WsHandle final : public WsConnection {
 public:
  explicit WsHandle(std::shared_ptr<WsChannel> channel) : channel_(std::move(channel)) {}
  bool Send(std::string text) override;
  void Close(std::string reason) override;
  [[nodiscard]] std::string remote_address() const override { return channel_->remote; }
  [[nodiscard]] std::size_t queued_bytes() const override {
    const util::MutexLock lock(channel_->mu);
    return channel_->queued_bytes;
  }

 private:
  std::shared_ptr<WsChannel> channel_;
};

// One accepted WebSocket: the handshake, a read loop delivering messages, a write pump draining
// the channel, and the close. All members are used on the strand only.
class WsSession final : public Connection {
 public:
  WsSession(ServerCore& core, beast::tcp_stream stream, std::uint64_t id,
            std::shared_ptr<WsChannel> channel, WsCallbacks callbacks, AccessLogEntry log)
      : core_(core),
        ws_(std::move(stream)),
        id_(id),
        channel_(std::move(channel)),
        callbacks_(std::move(callbacks)),
        log_(std::move(log)) {}

  asio::any_io_executor executor() override { return ws_.get_executor(); }

  void Accept(http::request<http::string_body> req);
  void Drain() override;
  void CloseAfterJoin() override;

  // Writes the next queued message, or ends the pump when the queue is empty.
  void Pump();

  // Close(reason) from the handle, or the slow-consumer verdict of Send.
  void RequestClose(std::string reason, bool slow);

 private:
  std::shared_ptr<WsSession> Self() {
    return std::static_pointer_cast<WsSession>(shared_from_this());
  }

  void OnAccept(beast::error_code ec);
  void DoRead();
  void OnRead(beast::error_code ec, std::size_t /*n*/);
  void OnWrite(beast::error_code ec, std::size_t /*n*/);
  void StartClose(websocket::close_code code, std::string reason);

  // Sends the close frame once everything queued before the close request is written.
  void SendCloseIfFlushed();
  void Finish(std::string reason);

  ServerCore& core_;
  websocket::stream<beast::tcp_stream> ws_;
  asio::steady_timer close_timer_{ws_.get_executor()};
  const std::uint64_t id_;
  std::shared_ptr<WsChannel> channel_;
  WsCallbacks callbacks_;
  AccessLogEntry log_;
  SteadyClock::time_point start_ = SteadyClock::now();
  http::request<http::string_body> upgrade_;
  beast::flat_buffer read_buffer_;
  std::string writing_;  // the message being written
  bool write_in_flight_ = false;
  bool accepted_ = false;
  bool close_requested_ = false;
  bool close_sent_ = false;
  bool finished_ = false;
  websocket::close_code close_code_ = websocket::close_code::normal;
  std::string close_reason_;  // why the server closed; empty when it did not (yet)
};

}  // namespace elink::api::internal
