#pragma once
// HttpServer: the HTTP/1.1 + WebSocket transport of `elink serve`, on Boost.Beast, with no business
// logic. It accepts connections, enforces the limits (body, headers, connections, slow clients),
// keeps connections alive, and hands each request to one HttpHandler and each WebSocket upgrade to
// one WsHandler. Routing, auth and JSON live in those handlers. Beast stays out of this header.
//
//   auto server = HttpServer::Start({.port = 8080}, handler, ws_handler);  // Result<...>
//   ...; server.value()->Stop(std::chrono::seconds(5));

#include "api/http_types.hpp"
#include "util/status.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace elink::api {

// The handler answers a request by calling Respond exactly once, from any thread, now or later
// (e.g. once the engine has made the event durable); later calls are ignored. If every copy of the
// Respond is destroyed without being called, the client gets 500. If the connection is gone (closed
// by the client, or the server stopped), the reply is dropped. Respond never blocks.
using Respond = std::function<void(HttpResponse)>;

// Called on one of the server's threads for every request that is not a WebSocket upgrade. It must
// not block for long: other requests of the same connection wait for it (other connections do not).
// An exception it throws becomes a 500.
using HttpHandler = std::function<void(HttpRequest, Respond)>;

// The server side of one accepted WebSocket, handed to the WsHandler. Thread-safe: every method may
// be called from any thread, before or after the connection closed. Holding it does not keep the
// connection (or the server) alive.
class WsConnection {
 public:
  WsConnection() = default;
  WsConnection(const WsConnection&) = delete;
  WsConnection& operator=(const WsConnection&) = delete;
  virtual ~WsConnection() = default;

  // Queues one text message; messages are sent in the order of Send calls. Returns false once the
  // connection is closed (or closing). When the queued bytes would exceed
  // ServerOptions::ws_max_queued_bytes, the queue is dropped, the connection is closed ("slow
  // consumer") and false is returned. Never blocks on the network.
  virtual bool Send(std::string text) = 0;
  // Starts a close handshake with `reason` (truncated to 123 bytes); on_close follows. Idempotent.
  virtual void Close(std::string reason) = 0;
  [[nodiscard]] virtual std::string remote_address() const = 0;
  // Bytes queued and not yet written (what a client that does not read lets pile up); 0 once
  // closed. A producer may hold back while this is high instead of filling the queue.
  [[nodiscard]] virtual std::size_t queued_bytes() const { return 0; }
};

// What the server calls for an accepted WebSocket, one call at a time per connection, on the
// server's threads. on_close is called exactly once, with a short reason ("client closed",
// "slow consumer", "server stopping", the reason given to Close, or the network error).
struct WsCallbacks {
  std::function<void(std::string)> on_message;       // text or binary payload
  std::function<void(std::string reason)> on_close;  // may be empty
};

// What a WsHandler answers to an upgrade: accept it (callbacks), or refuse it with a reply of its
// own (a problem document: 401 with WWW-Authenticate, 403, 400 ...; a status under 400 is sent as
// 500), or refuse it without one (std::nullopt): the client then gets 404 (problem document).
struct WsAnswer {
  WsAnswer(std::nullopt_t /*refused*/) {}  // NOLINT(google-explicit-constructor)
  WsAnswer(WsCallbacks callbacks)          // NOLINT(google-explicit-constructor)
      : accept(std::move(callbacks)) {}
  WsAnswer(std::optional<WsCallbacks> callbacks)  // NOLINT(google-explicit-constructor)
      : accept(std::move(callbacks)) {}
  WsAnswer(HttpResponse refusal)  // NOLINT(google-explicit-constructor)
      : refuse(std::move(refusal)) {}

  std::optional<WsCallbacks> accept;   // set: the handshake goes on
  std::optional<HttpResponse> refuse;  // the reply when `accept` is empty
};

// Called for every WebSocket upgrade request, on a server thread. Unless it refuses (WsAnswer), the
// server completes the handshake; the connection may be used (Send) right away, messages queue
// until the handshake is done.
using WsHandler =
    std::function<WsAnswer(const HttpRequest& upgrade, std::shared_ptr<WsConnection> connection)>;

// One line of the access log: a response written (or failed to be) for one request.
struct AccessLogEntry {
  std::string method;  // empty when the request could not be parsed
  std::string path;
  int status = 0;
  std::size_t bytes = 0;       // response body bytes
  std::int64_t micros = 0;     // from the request's first byte to the response written
  std::string remote_address;  // "ip:port"
};

// A larger (or smaller) body limit for one route than ServerOptions::max_body_bytes: requests whose
// method and path (without the query) are exactly these. E.g. a citizen's report with a photo.
struct RouteBodyLimit {
  std::string method;
  std::string path;
  std::size_t max_bytes = 0;  // REQUIRES: > 0
};

struct ServerOptions {
  // Address to listen on: an IPv4 or IPv6 literal. Default: 127.0.0.1
  std::string address = "127.0.0.1";
  // Default: 0, any free port (see HttpServer::port()).
  unsigned short port = 0;
  // Threads running the I/O and the handlers. Default: 2. REQUIRES: 1..256.
  int threads = 2;
  // Largest request body; a larger one gets 413. Default: 1 MiB. REQUIRES: > 0.
  std::size_t max_body_bytes = std::size_t{1} << 20;
  // Routes with their own body limit instead of max_body_bytes. Default: none.
  std::vector<RouteBodyLimit> route_body_limits;
  // Largest request line + headers; larger gets 431. Default: 16 KiB. REQUIRES: 256..4 GiB.
  std::size_t max_header_bytes = std::size_t{16} << 10;
  // Connections open at once (WebSockets included); the next one gets 503 and is closed.
  // Default: 1024. REQUIRES: > 0.
  std::size_t max_connections = 1024;
  // Connections open at once from one client address (WebSockets included); the next one from
  // that address gets 503 and is closed, and other addresses are served as before. Default: 64.
  // REQUIRES: > 0.
  std::size_t max_connections_per_address = 64;
  // Client addresses exempt from max_connections_per_address: the reverse proxies the operator
  // trusts, as IPv4 or IPv6 literals. Default: none.
  std::vector<std::string> trusted_proxies;
  // Whether loopback clients (127.0.0.0/8, ::1) are exempt from max_connections_per_address too.
  // Default: false (only when the operator says so).
  bool exempt_loopback = false;
  // Bytes of request bodies held at once (from the headers until the reply is written) for
  // requests without an Authorization header and for any body larger than max_body_bytes (a
  // citizen's photo on a route with its own larger limit): a request that would go over is
  // answered 503 with Retry-After before its body is read. A chunked body counts as its route's
  // limit. Default: 32 MiB. REQUIRES: > 0.
  std::size_t max_unauthenticated_body_bytes = std::size_t{32} << 20;
  // Bodies larger than max_body_bytes held at once, whoever sends them; over it, 503 likewise.
  // Default: 8. REQUIRES: > 0.
  std::size_t max_large_bodies = 8;
  // Time a client has to send a whole request line + headers once it has started (slow loris),
  // and a new connection has to start its first request. Default: 10 s. REQUIRES: > 0.
  std::chrono::seconds header_timeout{10};
  // Time a keep-alive connection may wait for its next request, and the limit for reading a body or
  // writing a response; for a WebSocket, the silence after which it is pinged, then closed.
  // Default: 60 s. REQUIRES: > 0.
  std::chrono::seconds idle_timeout{60};
  // Bytes a WebSocket may have queued and not yet written before it is closed as a slow consumer.
  // Default: 4 MiB. REQUIRES: > 0.
  std::size_t ws_max_queued_bytes = std::size_t{4} << 20;
  // Called once per response (including the server's own 4xx/5xx), on a server thread. Optional.
  std::function<void(const AccessLogEntry&)> access_log;

  // kInvalidArgument naming the field when a REQUIRES does not hold.
  [[nodiscard]] Status Validate() const;
};

// A consistent-enough snapshot of counters (each read atomically, not all together).
struct ServerStats {
  std::size_t connections_open = 0;  // HTTP and WebSocket
  std::size_t websockets_open = 0;
  std::uint64_t requests_served = 0;      // responses written, the server's own errors included
  std::uint64_t rejected_for_limits = 0;  // 400, 413, 431, 503 on accept, header timeouts
  std::size_t body_bytes_reserved = 0;    // of max_unauthenticated_body_bytes, held now
  std::size_t ws_queued_bytes = 0;        // bytes queued on all WebSockets, not yet written
};

// The server. Thread-safe: port(), stats() and Stop() may be called from any thread except the
// server's own (Stop joins them, so never from a handler). The handlers are destroyed with the
// server; a Respond or WsConnection kept longer is harmless: what it sends after Stop is dropped.
class HttpServer {
 public:
  // Binds, listens and starts `options.threads` threads. kInvalidArgument for bad options (or a
  // null handler); kIOError with the address and the system's reason when it cannot bind or listen
  // (port in use). `ws_handler` may be null: every upgrade is then refused with 404.
  static Result<std::unique_ptr<HttpServer>> Start(ServerOptions options, HttpHandler handler,
                                                   WsHandler ws_handler = nullptr);

  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;
  HttpServer(HttpServer&&) = delete;
  HttpServer& operator=(HttpServer&&) = delete;
  // Stop(5 s) when not stopped yet.
  ~HttpServer();

  // The port listened on (the chosen one when options.port was 0).
  [[nodiscard]] unsigned short port() const;

  // Stops accepting (new connections are refused), closes idle keep-alive connections, lets
  // requests in flight finish (their replies are still sent, with Connection: close) and closes
  // WebSockets with a close frame ("server stopping"), waiting up to `grace` for all of it; then
  // closes whatever is left, drops later replies and joins the threads. Idempotent.
  void Stop(std::chrono::milliseconds grace);

  [[nodiscard]] ServerStats stats() const;

 private:
  struct Impl;
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace elink::api
