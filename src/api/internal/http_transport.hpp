#pragma once
// The transport of HttpServer (api/http_server.hpp), private to src/api: the names every part of
// the server shares (Beast aliases, limits, small header helpers), the Gate that keeps late
// replies out of a stopped server, the counters, the Connection every session is, and ServerCore:
// the listener, the acceptor, the registry of open connections and the stop with its drain.

#include "api/http_server.hpp"
#include "api/problem.hpp"
#include "util/thread_annotations.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

namespace elink::api::internal {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using SteadyClock = std::chrono::steady_clock;

inline constexpr std::size_t kReadChunk = 4096;
// After an error response that closes the connection, the rest of what the client sent is read
// and dropped for a while before closing, so that the kernel does not answer unread data with a
// reset that could destroy the response before the client reads it (RFC 9112 section 9.6).
inline constexpr std::chrono::seconds kLingerTime{2};
inline constexpr std::size_t kLingerMaxBytes = std::size_t{1} << 20;
// A close frame's reason: RFC 6455 section 5.5 allows a 125-byte control payload.
inline constexpr std::size_t kMaxCloseReason = 123;
// How long a WebSocket closed as a slow consumer gets to answer the close frame.
inline constexpr std::chrono::seconds kSlowConsumerCloseWait{1};
// The kernel send buffer of a WebSocket (Linux doubles it): 128 KiB in flight a socket, ample for
// an event stream (~1 MB/s at 100 ms round trip).
inline constexpr std::size_t kWsSendBuffer = std::size_t{64} << 10;

inline std::string ToStd(beast::string_view s) { return {s.data(), s.size()}; }

inline char LowerAscii(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

inline bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return LowerAscii(x) == LowerAscii(y);
         });
}

inline std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), LowerAscii);
  return out;
}

// RFC 9110 section 5.6.2 token characters.
inline bool IsToken(std::string_view s) {
  if (s.empty()) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
  });
}

inline bool IsSafeHeaderValue(std::string_view s) {
  return s.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

inline std::string EndpointText(const tcp::endpoint& ep) {
  const auto addr = ep.address();
  const std::string host = addr.is_v6() ? "[" + addr.to_string() + "]" : addr.to_string();
  return host + ":" + std::to_string(ep.port());
}

// The server's own error replies: problem documents in the request's language.
inline HttpResponse OwnProblem(int status, std::string_view kind, const Status& detail,
                               ApiLang lang) {
  return ResponseOf(ProblemOf(status, kind, detail, lang));
}

inline std::int64_t MicrosSince(SteadyClock::time_point start) {
  return std::chrono::duration_cast<std::chrono::microseconds>(SteadyClock::now() - start).count();
}

// Lets threads outside the server post work to it only while its io_context may still run it.
// Invariant: once `open` has been set false (under the exclusive lock), nothing posts again, so the
// io_context and every connection may be destroyed.
struct Gate {
  // A reader-writer lock, which util::Mutex is not: the annotations do not cover it.
  std::shared_mutex mu;
  bool open = true;  // guarded by mu
};

struct Counters {
  std::atomic<std::size_t> connections_open{0};
  std::atomic<std::size_t> websockets_open{0};
  std::atomic<std::uint64_t> requests_served{0};
  std::atomic<std::uint64_t> rejected_for_limits{0};
  std::atomic<std::size_t> ws_queued_bytes{0};
};

// One accepted connection, as the ServerCore tracks it. Every method runs on the connection's
// strand, except CloseAfterJoin, which runs once the server's threads are joined.
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection() = default;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  virtual ~Connection() = default;

  virtual asio::any_io_executor executor() = 0;
  // The server is stopping: finish what is in flight, close what is idle.
  virtual void Drain() = 0;
  // The grace period is over and no thread runs any more: close now.
  virtual void CloseAfterJoin() = 0;
};

// Everything the sessions share: options, handlers, the registry of open connections, counters.
// Thread-safe. Outlives every connection's handlers (they run only while its threads do).
class ServerCore {
 public:
  ServerCore(ServerOptions options, HttpHandler handler, WsHandler ws_handler)
      : ioc_(options.threads),
        options_(std::move(options)),
        handler_(std::move(handler)),
        ws_handler_(std::move(ws_handler)),
        acceptor_(asio::make_strand(ioc_)),
        accept_retry_(acceptor_.get_executor()) {
    for (const std::string& a : options_.trusted_proxies) {
      beast::error_code ec;
      const auto parsed = asio::ip::make_address(a, ec);
      if (!ec) exempt_.push_back(parsed);
    }
  }
  ServerCore(const ServerCore&) = delete;
  ServerCore& operator=(const ServerCore&) = delete;
  ~ServerCore() { Stop(std::chrono::seconds(5)); }

  Status Listen();
  void Run();
  void Stop(std::chrono::milliseconds grace) ELINK_EXCLUDES(mu_, stop_mu_);

  [[nodiscard]] unsigned short port() const { return port_; }
  [[nodiscard]] ServerStats stats() const ELINK_EXCLUDES(body_mu_) {
    ServerStats s{.connections_open = counters_.connections_open.load(),
                  .websockets_open = counters_.websockets_open.load(),
                  .requests_served = counters_.requests_served.load(),
                  .rejected_for_limits = counters_.rejected_for_limits.load(),
                  .ws_queued_bytes = counters_.ws_queued_bytes.load()};
    const util::MutexLock lock(body_mu_);
    s.body_bytes_reserved = body_bytes_;
    return s;
  }

  // For the sessions.
  [[nodiscard]] const ServerOptions& options() const { return options_; }
  // The body limit of a request (ServerOptions::route_body_limits, else max_body_bytes), and the
  // largest of all, which the parser holds until the request line is known.
  [[nodiscard]] std::size_t BodyLimitFor(std::string_view method, std::string_view target) const {
    const std::string_view path = target.substr(0, target.find('?'));
    for (const RouteBodyLimit& r : options_.route_body_limits) {
      if (r.method == method && r.path == path) return r.max_bytes;
    }
    return options_.max_body_bytes;
  }
  [[nodiscard]] std::size_t LargestBodyLimit() const {
    std::size_t largest = options_.max_body_bytes;
    for (const RouteBodyLimit& r : options_.route_body_limits) {
      largest = std::max(largest, r.max_bytes);
    }
    return largest;
  }
  [[nodiscard]] const HttpHandler& handler() const { return handler_; }
  [[nodiscard]] const WsHandler& ws_handler() const { return ws_handler_; }
  [[nodiscard]] Counters& counters() { return counters_; }
  [[nodiscard]] const std::shared_ptr<Gate>& gate() const { return gate_; }
  [[nodiscard]] bool draining() const { return draining_.load(); }
  void Log(const AccessLogEntry& entry) const;
  // Tracks `conn` as connection `id`, from `address` ("" when exempt from the per-address
  // limit), until Unregister(id).
  void Register(std::uint64_t id, std::shared_ptr<Connection> conn, std::string address)
      ELINK_EXCLUDES(mu_);
  // Reserves `bytes` of the body budget (ServerOptions::max_unauthenticated_body_bytes) and, when
  // `large`, one of the large bodies (max_large_bodies); false, reserving nothing, when over.
  bool ReserveBody(std::size_t bytes, bool large) ELINK_EXCLUDES(body_mu_);
  void ReleaseBody(std::size_t bytes, bool large) ELINK_EXCLUDES(body_mu_);
  // Puts `conn` in the place of connection `id` (an HTTP session upgraded to a WebSocket).
  void Replace(std::uint64_t id, std::shared_ptr<Connection> conn) ELINK_EXCLUDES(mu_);
  // Forgets connection `id` (0: an untracked one); no-op when it is not tracked.
  void Unregister(std::uint64_t id) ELINK_EXCLUDES(mu_);

 private:
  void DoAccept();
  void OnAccept(beast::error_code ec, tcp::socket socket);
  void RunThread();
  // The client address of `socket` as the per-address limit counts it: "" when exempt
  // (ServerOptions::trusted_proxies, exempt_loopback).
  std::string LimitedAddress(const tcp::socket& socket) const;
  // Open connections from `address` (one more counted when under the limit); "" is never limited.
  bool AdmitAddress(const std::string& address) ELINK_EXCLUDES(mu_);
  // Waits up to `grace` for every connection to be unregistered.
  void AwaitNoConnections(std::chrono::milliseconds grace) ELINK_EXCLUDES(mu_);

  asio::io_context ioc_;  // first member: destroyed last, after everything that uses it
  const ServerOptions options_;
  const HttpHandler handler_;
  const WsHandler ws_handler_;
  std::shared_ptr<Gate> gate_ = std::make_shared<Gate>();
  Counters counters_;
  tcp::acceptor acceptor_;
  asio::steady_timer accept_retry_;
  unsigned short port_ = 0;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work_;
  std::vector<std::thread> threads_;
  std::atomic<bool> draining_{false};

  std::atomic<std::uint64_t> next_id_{1};

  util::Mutex mu_;
  std::condition_variable_any conns_empty_;  // notified when conns_ becomes empty
  std::unordered_map<std::uint64_t, std::shared_ptr<Connection>> conns_ ELINK_GUARDED_BY(mu_);
  // Open connections per limited client address, and each connection's address.
  std::unordered_map<std::string, std::size_t> per_address_ ELINK_GUARDED_BY(mu_);
  std::unordered_map<std::uint64_t, std::string> address_of_ ELINK_GUARDED_BY(mu_);
  std::vector<asio::ip::address> exempt_;  // trusted_proxies, parsed

  mutable util::Mutex body_mu_;
  std::size_t body_bytes_ ELINK_GUARDED_BY(body_mu_) = 0;
  std::size_t large_bodies_ ELINK_GUARDED_BY(body_mu_) = 0;

  util::Mutex stop_mu_;
  bool stopped_ ELINK_GUARDED_BY(stop_mu_) = false;
};

}  // namespace elink::api::internal
