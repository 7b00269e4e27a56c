#pragma once
// A blocking Beast WebSocket client for the tests of the event stream and the WebSocket server.
// Apart from test_client.hpp so that only the tests that use it compile Beast.

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <sys/socket.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace elink::api::testing {

using namespace std::chrono_literals;

namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace asio = boost::asio;

// A blocking Beast WebSocket client. A watchdog shuts its socket down after 10 s so that a broken
// server fails the test instead of hanging it.
class WsClient {
 public:
  WsClient() : ws_(ioc_) {}
  WsClient(const WsClient&) = delete;
  WsClient& operator=(const WsClient&) = delete;
  ~WsClient() {
    {
      const std::lock_guard lock(mu_);
      done_ = true;
    }
    cv_.notify_all();
    if (watchdog_.joinable()) watchdog_.join();
  }

  // Connects and upgrades. `res`, when given, receives the server's answer to the upgrade, also
  // when it declines it (Beast 1.74 hands a declined answer back only to an asynchronous
  // handshake, hence one here). `headers` are added to the upgrade request.
  beast::error_code Connect(unsigned short port, const std::string& path, int rcvbuf = 0,
                            websocket::response_type* res = nullptr,
                            const std::vector<std::pair<std::string, std::string>>& headers = {}) {
    beast::error_code ec;
    auto& sock = ws_.next_layer();
    sock.open(asio::ip::tcp::v4(), ec);
    if (ec) return ec;
    if (rcvbuf > 0) sock.set_option(asio::socket_base::receive_buffer_size(rcvbuf), ec);
    sock.connect({asio::ip::make_address("127.0.0.1"), port}, ec);
    if (ec) return ec;
    const int fd = sock.native_handle();
    watchdog_ = std::thread([this, fd] {
      std::unique_lock lock(mu_);
      if (!cv_.wait_for(lock, 10s, [this] { return done_; })) ::shutdown(fd, SHUT_RDWR);
    });
    if (!headers.empty()) {
      ws_.set_option(websocket::stream_base::decorator([headers](websocket::request_type& req) {
        for (const auto& [name, value] : headers) req.set(name, value);
      }));
    }
    websocket::response_type ignored;
    ws_.async_handshake(res ? *res : ignored, "127.0.0.1", path,
                        [&ec](beast::error_code e) { ec = e; });
    ioc_.run();
    ioc_.restart();
    return ec;
  }

  websocket::stream<asio::ip::tcp::socket>& ws() { return ws_; }

  std::optional<std::string> ReadText(beast::error_code& ec) {
    beast::flat_buffer buffer;
    ws_.read(buffer, ec);
    if (ec) return std::nullopt;
    return beast::buffers_to_string(buffer.data());
  }

 private:
  asio::io_context ioc_;
  websocket::stream<asio::ip::tcp::socket> ws_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
  std::thread watchdog_;
};

}  // namespace elink::api::testing
