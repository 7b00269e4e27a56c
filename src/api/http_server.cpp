// SPDX-License-Identifier: Apache-2.0
#include "api/http_server.hpp"

#include "api/problem.hpp"
#include "util/text.hpp"

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <exception>
#include <mutex>
#include <shared_mutex>
#include <thread>
#include <unordered_map>

namespace elink::api {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using SteadyClock = std::chrono::steady_clock;

constexpr std::size_t kReadChunk = 4096;
// After an error response that closes the connection, the rest of what the client sent is read
// and dropped for a while before closing, so that the kernel does not answer unread data with a
// reset that could destroy the response before the client reads it (RFC 9112 section 9.6).
constexpr std::chrono::seconds kLingerTime{2};
constexpr std::size_t kLingerMaxBytes = std::size_t{1} << 20;
constexpr std::size_t kMaxCloseReason = 123;
// How long a WebSocket closed as a slow consumer gets to answer the close frame.
constexpr std::chrono::seconds kSlowConsumerCloseWait{
    1};  // RFC 6455 section 5.5: 125-byte control payload

std::string ToStd(beast::string_view s) { return {s.data(), s.size()}; }

char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return LowerAscii(x) == LowerAscii(y);
         });
}

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), LowerAscii);
  return out;
}

// RFC 9110 section 5.6.2 token characters.
bool IsToken(std::string_view s) {
  if (s.empty()) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
  });
}

bool IsSafeHeaderValue(std::string_view s) {
  return s.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

std::string EndpointText(const tcp::endpoint& ep) {
  const auto addr = ep.address();
  const std::string host = addr.is_v6() ? "[" + addr.to_string() + "]" : addr.to_string();
  return host + ":" + std::to_string(ep.port());
}

// The language a request asks for (problem.hpp), from its target and its Accept-Language.
ApiLang LangOfTarget(std::string_view target, std::string accept_language) {
  HttpRequest r;
  if (const std::size_t q = target.find('?'); q != std::string_view::npos) {
    r.query = std::string(target.substr(q + 1));
  }
  r.headers.emplace_back("accept-language", std::move(accept_language));
  return LangOf(r);
}

// The language of a request whose headers could not be parsed whole (too large, malformed): from
// what the parser took of them (`target`, `accept_language`; empty when it did not get that
// far) and else from the raw bytes it left unread: a request line, or any Accept-Language line.
ApiLang LangOfPartial(std::string target, std::string accept_language, std::string_view raw) {
  std::size_t pos = 0;
  while (pos < raw.size() && (target.empty() || accept_language.empty())) {
    const std::size_t end = raw.find("\r\n", pos);
    const std::string_view line = raw.substr(pos, end == std::string_view::npos ? end : end - pos);
    if (pos == 0 && target.empty() && line.find(" HTTP/") != std::string_view::npos) {
      if (const std::size_t sp = line.find(' '); sp != std::string_view::npos) {
        const std::string_view rest = line.substr(sp + 1);
        target = std::string(rest.substr(0, rest.find(' ')));
      }
    }
    const std::size_t colon = line.find(':');
    if (accept_language.empty() && colon != std::string_view::npos &&
        EqualsIgnoreCase(line.substr(0, colon), "accept-language")) {
      std::string_view value = line.substr(colon + 1);
      while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
        value.remove_prefix(1);
      }
      accept_language = std::string(value);
    }
    if (end == std::string_view::npos) break;
    pos = end + 2;
  }
  return LangOfTarget(target, std::move(accept_language));
}

// The server's own error replies: problem documents in the request's language.
HttpResponse OwnProblem(int status, std::string_view kind, std::string_view detail, ApiLang lang) {
  return ResponseOf(ProblemOf(status, kind, detail, lang));
}

std::int64_t MicrosSince(SteadyClock::time_point start) {
  return std::chrono::duration_cast<std::chrono::microseconds>(SteadyClock::now() - start).count();
}

// Lets threads outside the server post work to it only while its io_context may still run it.
// Invariant: once `open` has been set false (under the exclusive lock), nothing posts again, so the
// io_context and every connection may be destroyed.
struct Gate {
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
        accept_retry_(acceptor_.get_executor()) {}
  ServerCore(const ServerCore&) = delete;
  ServerCore& operator=(const ServerCore&) = delete;
  ~ServerCore() { Stop(std::chrono::seconds(5)); }

  Status Listen();
  void Run();
  void Stop(std::chrono::milliseconds grace);

  [[nodiscard]] unsigned short port() const { return port_; }
  [[nodiscard]] ServerStats stats() const {
    return {counters_.connections_open.load(), counters_.websockets_open.load(),
            counters_.requests_served.load(), counters_.rejected_for_limits.load(),
            counters_.ws_queued_bytes.load()};
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
  // Tracks `conn` as connection `id` until Unregister(id).
  void Register(std::uint64_t id, std::shared_ptr<Connection> conn);
  // Puts `conn` in the place of connection `id` (an HTTP session upgraded to a WebSocket).
  void Replace(std::uint64_t id, std::shared_ptr<Connection> conn);
  // Forgets connection `id` (0: an untracked one); no-op when it is not tracked.
  void Unregister(std::uint64_t id);

 private:
  void DoAccept();
  void OnAccept(beast::error_code ec, tcp::socket socket);
  void RunThread();

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

  std::mutex mu_;
  std::condition_variable conns_empty_;
  std::unordered_map<std::uint64_t, std::shared_ptr<Connection>> conns_;  // guarded by mu_

  std::mutex stop_mu_;
  bool stopped_ = false;  // guarded by stop_mu_
};

// ---------------------------------------------------------------------------------------------
// HTTP

class HttpSession;

// The state behind one request's Respond. Delivers the first reply to the session's strand; a
// Respond dropped without a reply becomes a 500.
class ReplyState {
 public:
  ReplyState(std::weak_ptr<HttpSession> session, std::shared_ptr<Gate> gate, std::uint64_t seq)
      : session_(std::move(session)), gate_(std::move(gate)), seq_(seq) {}
  ReplyState(const ReplyState&) = delete;
  ReplyState& operator=(const ReplyState&) = delete;
  ~ReplyState() {
    if (!replied_.exchange(true)) {
      Deliver(ProblemResponse(500, "the request handler finished without replying"));
    }
  }

  void Reply(HttpResponse response) {
    if (replied_.exchange(true)) {
      spdlog::warn("http: a request was answered twice; the second reply is ignored");
      return;
    }
    Deliver(std::move(response));
  }

 private:
  void Deliver(HttpResponse response);

  std::weak_ptr<HttpSession> session_;
  std::shared_ptr<Gate> gate_;
  std::uint64_t seq_;
  std::atomic<bool> replied_{false};
};

// One HTTP/1.1 connection: reads one request at a time (pipelined ones wait in the buffer, so they
// are answered in order), calls the handler, writes its reply, and either reads the next request
// or closes. All members are used on the strand only.
class HttpSession final : public Connection {
 public:
  HttpSession(ServerCore& core, tcp::socket socket, std::uint64_t id)
      : core_(core), stream_(std::move(socket)), id_(id) {
    beast::error_code ec;
    const auto ep = stream_.socket().remote_endpoint(ec);
    remote_ = ec ? std::string("unknown") : EndpointText(ep);
  }

  asio::any_io_executor executor() override { return stream_.get_executor(); }

  void Start() {
    asio::dispatch(stream_.get_executor(), [self = Self()] { self->DoReadRequest(); });
  }

  // Answers `response` at once and closes, without reading a request (connection limit).
  void StartRejected(HttpResponse response) {
    asio::dispatch(stream_.get_executor(), [self = Self(), r = std::move(response)]() mutable {
      self->request_start_ = SteadyClock::now();
      self->WriteResponse(std::move(r), false);
    });
  }

  void Drain() override {
    // Idle, or lingering after its last response: nothing in flight.
    if (state_ == State::kIdle || state_ == State::kClosing) Finish();
  }

  void CloseAfterJoin() override {
    state_ = State::kClosed;
    beast::error_code ec;
    stream_.socket().close(ec);
  }

  void OnReply(std::uint64_t seq, HttpResponse response) {
    // A reply for a connection that closed meanwhile (or a stale one) is dropped.
    if (state_ != State::kHandling || seq != seq_) return;
    WriteResponse(std::move(response), keep_alive_);
  }

 private:
  enum class State { kIdle, kReading, kHandling, kWriting, kClosing, kClosed };

  std::shared_ptr<HttpSession> Self() {
    return std::static_pointer_cast<HttpSession>(shared_from_this());
  }

  void DoReadRequest() {
    if (core_.draining()) return Finish();
    const ServerOptions& opt = core_.options();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(opt.max_header_bytes));
    parser_->body_limit(static_cast<std::uint64_t>(core_.LargestBodyLimit()));
    if (buffer_.size() > 0) {  // a pipelined request is already here
      request_start_ = SteadyClock::now();
      return ReadHeader();
    }
    // A new connection must start its first request within the header timeout, a kept-alive
    // one its next request within the idle timeout; once the first byte is here, the whole
    // header must arrive within the header timeout.
    state_ = State::kIdle;
    stream_.expires_after(seq_ == 0 ? opt.header_timeout : opt.idle_timeout);
    stream_.async_read_some(buffer_.prepare(kReadChunk),
                            beast::bind_front_handler(&HttpSession::OnFirstBytes, Self()));
  }

  void OnFirstBytes(beast::error_code ec, std::size_t n) {
    if (state_ == State::kClosed) return;
    if (ec) return Finish();  // closed, idle timeout, or drained
    buffer_.commit(n);
    request_start_ = SteadyClock::now();
    ReadHeader();
  }

  void ReadHeader() {
    state_ = State::kReading;
    stream_.expires_after(core_.options().header_timeout);
    http::async_read_header(stream_, buffer_, *parser_,
                            beast::bind_front_handler(&HttpSession::OnHeader, Self()));
  }

  void OnHeader(beast::error_code ec, std::size_t /*n*/) {
    if (state_ == State::kClosed) return;
    if (ec) return OnReadError(ec);
    stream_.expires_after(core_.options().idle_timeout);  // for the body
    if (parser_->is_done()) return OnRequest({}, 0);
    const auto& req = parser_->get();
    // The route's own limit, now that the request line is known: a declared length over it is
    // refused before the body is read (or a 100 Continue sent), a chunked body while it is read.
    const std::size_t limit = RequestBodyLimit();
    if (const auto length = parser_->content_length(); length && *length > limit) {
      return OnReadError(http::error::body_limit);
    }
    parser_->body_limit(static_cast<std::uint64_t>(limit));
    if (req.version() >= 11 && EqualsIgnoreCase(ToStd(req[http::field::expect]), "100-continue")) {
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      asio::async_write(stream_, asio::buffer(kContinue.data(), kContinue.size()),
                        [self = Self()](beast::error_code wec, std::size_t) {
                          if (self->state_ == State::kClosed) return;
                          if (wec) return self->Finish();
                          self->ReadBody();
                        });
      return;
    }
    ReadBody();
  }

  void ReadBody() {
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&HttpSession::OnRequest, Self()));
  }

  // The body limit of the request being read: its route's once the request line is parsed.
  std::size_t RequestBodyLimit() const {
    if (!parser_) return core_.options().max_body_bytes;
    const auto& req = parser_->get();
    return core_.BodyLimitFor(ToStd(req.method_string()), ToStd(req.target()));
  }

  void OnReadError(beast::error_code ec) {
    if (ec == http::error::body_limit) {
      return SendLimitError(
          413, "payload_too_large",
          "the request body is larger than " + std::to_string(RequestBodyLimit()) + " bytes");
    }
    if (ec == http::error::header_limit) {
      return SendLimitError(431, "request_header_fields_too_large",
                            "the request line and headers are larger than " +
                                std::to_string(core_.options().max_header_bytes) + " bytes");
    }
    if (ec == beast::error::timeout) {
      if (state_ == State::kReading) {
        core_.counters().rejected_for_limits.fetch_add(1);
        spdlog::debug("http: {} did not send its request in time; closed", remote_);
      }
      return Finish();
    }
    if (ec == http::error::end_of_stream || ec == http::error::partial_message) return Finish();
    if (ec.category() == http::make_error_code(http::error::bad_method).category()) {
      return SendLimitError(400, "invalid_argument", "malformed request: " + ec.message());
    }
    Finish();  // network errors: reset, aborted, ...
  }

  // A problem document in the language the request asks for, as far as it could be read: its
  // parsed headers, or else the raw bytes received (a header too large or malformed).
  void SendLimitError(int status, std::string_view kind, const std::string& detail) {
    core_.counters().rejected_for_limits.fetch_add(1);
    // The parser takes the request line and each whole header line as it goes (and drops them
    // from the buffer), so what it has and what is left are read together.
    std::string target;
    std::string accept_language;
    if (parser_) {
      const auto& req = parser_->get();
      target = ToStd(req.target());
      accept_language = ToStd(req[http::field::accept_language]);
      if (parser_->is_header_done()) {
        log_method_ = ToStd(req.method_string());
        log_path_ = target.substr(0, target.find('?'));
      }
    }
    const auto data = buffer_.data();
    const ApiLang lang = LangOfPartial(std::move(target), std::move(accept_language),
                                       {static_cast<const char*>(data.data()), data.size()});
    WriteResponse(OwnProblem(status, kind, detail, lang), false);
  }

  void OnRequest(beast::error_code ec, std::size_t /*n*/) {
    if (state_ == State::kClosed) return;
    if (ec) return OnReadError(ec);
    http::request<http::string_body> req = parser_->release();
    parser_.reset();
    version_ = req.version();
    keep_alive_ = req.keep_alive();

    HttpRequest request;
    request.method = ToStd(req.method_string());
    request.target = ToStd(req.target());
    const auto q = request.target.find('?');
    request.path = request.target.substr(0, q);
    if (q != std::string::npos) request.query = request.target.substr(q + 1);
    for (const auto& field : req) {
      request.headers.emplace_back(Lower(ToStd(field.name_string())), ToStd(field.value()));
    }
    request.body = std::move(req.body());
    request.remote_address = remote_;
    log_method_ = request.method;
    log_path_ = request.path;

    if (websocket::is_upgrade(req)) return Upgrade(std::move(req), request);

    state_ = State::kHandling;
    ++seq_;
    stream_.expires_never();
    auto reply = std::make_shared<ReplyState>(Self(), core_.gate(), seq_);
    Respond respond = [reply](HttpResponse r) { reply->Reply(std::move(r)); };
    try {
      core_.handler()(std::move(request), std::move(respond));
    } catch (const std::exception& e) {
      spdlog::error("http: the handler of {} {} threw: {}", log_method_, log_path_, e.what());
      reply->Reply(ProblemResponse(500, "internal error"));
    } catch (...) {
      spdlog::error("http: the handler of {} {} threw", log_method_, log_path_);
      reply->Reply(ProblemResponse(500, "internal error"));
    }
  }

  void Upgrade(http::request<http::string_body> req, const HttpRequest& request);

  void WriteResponse(HttpResponse response, bool keep_alive) {
    state_ = State::kWriting;
    keep_alive = keep_alive && !core_.draining();
    int status = response.status;
    if (status < 200 || status > 599) {
      spdlog::error("http: the handler of {} {} answered status {}; sent as 500", log_method_,
                    log_path_, status);
      response = ProblemResponse(500, "internal error");
      status = 500;
    }
    http::response<http::string_body> res;
    res.version(version_);
    res.result(static_cast<unsigned>(status));
    res.set(http::field::server, "elink");
    if (!response.content_type.empty()) res.set(http::field::content_type, response.content_type);
    for (const auto& [name, value] : response.headers) {
      if (!IsToken(name) || !IsSafeHeaderValue(value)) {
        spdlog::warn("http: dropped an invalid response header for {} {}", log_method_, log_path_);
        continue;
      }
      if (EqualsIgnoreCase(name, "connection")) {
        if (EqualsIgnoreCase(value, "close")) keep_alive = false;
        continue;
      }
      if (EqualsIgnoreCase(name, "content-length") || EqualsIgnoreCase(name, "server") ||
          EqualsIgnoreCase(name, "transfer-encoding")) {
        continue;
      }
      if (EqualsIgnoreCase(name, "content-type")) {
        res.set(http::field::content_type, value);
      } else {
        res.insert(name, value);
      }
    }
    if (status == 204 || status == 304) {
      res.erase(http::field::content_type);
    } else {
      res.body() = std::move(response.body);
      res.prepare_payload();  // Content-Length
    }
    res.keep_alive(keep_alive);
    log_status_ = status;
    log_bytes_ = res.body().size();
    response_ = std::move(res);
    stream_.expires_after(core_.options().idle_timeout);
    http::async_write(stream_, response_, beast::bind_front_handler(&HttpSession::OnWrite, Self()));
  }

  void OnWrite(beast::error_code ec, std::size_t /*n*/) {
    if (state_ == State::kClosed) return;
    core_.counters().requests_served.fetch_add(1);
    core_.Log(
        {log_method_, log_path_, log_status_, log_bytes_, MicrosSince(request_start_), remote_});
    log_method_.clear();
    log_path_.clear();
    const bool close = response_.need_eof();
    response_ = {};
    if (ec) return Finish();
    // While stopping there is no time to linger; the request was read whole, so closing now
    // does not reset the connection under the response.
    if (close && core_.draining()) return Finish();
    if (close) return LingerClose();
    DoReadRequest();
  }

  void LingerClose() {
    state_ = State::kClosing;
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.expires_after(
        std::min<SteadyClock::duration>(kLingerTime, core_.options().idle_timeout));
    linger_bytes_ = 0;
    DoLingerRead();
  }

  void DoLingerRead() {
    stream_.async_read_some(asio::buffer(discard_),
                            [self = Self()](beast::error_code ec, std::size_t n) {
                              self->linger_bytes_ += n;
                              if (ec || self->linger_bytes_ > kLingerMaxBytes) {
                                return self->Finish();
                              }
                              self->DoLingerRead();
                            });
  }

  void Finish() {
    if (state_ == State::kClosed) return;
    state_ = State::kClosed;
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.close();
    core_.Unregister(id_);
  }

  ServerCore& core_;
  beast::tcp_stream stream_;
  const std::uint64_t id_;
  std::string remote_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> response_;
  State state_ = State::kIdle;
  unsigned version_ = 11;
  bool keep_alive_ = false;
  std::uint64_t seq_ = 0;  // the request being handled; matches ReplyState::seq_
  SteadyClock::time_point request_start_ = SteadyClock::now();
  std::string log_method_;
  std::string log_path_;
  int log_status_ = 0;
  std::size_t log_bytes_ = 0;
  std::array<char, kReadChunk> discard_{};
  std::size_t linger_bytes_ = 0;
};

void ReplyState::Deliver(HttpResponse response) {
  std::shared_lock lock(gate_->mu);
  if (!gate_->open) return;
  std::shared_ptr<HttpSession> session = session_.lock();
  if (!session) return;
  auto executor = session->executor();
  // The session reference moves into the posted handler, which the io_context owns.
  asio::post(executor, [s = std::move(session), seq = seq_, r = std::move(response)]() mutable {
    s->OnReply(seq, std::move(r));
  });
}

// ---------------------------------------------------------------------------------------------
// WebSocket

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

  std::mutex mu;
  std::deque<std::string> queue;     // guarded by mu
  std::size_t queued_bytes = 0;      // guarded by mu; includes the message being written
  std::size_t writing_bytes = 0;     // guarded by mu; size of the message being written
  bool closed = false;               // guarded by mu; Send refuses once set
  bool pumping = false;              // guarded by mu; the session's write pump is running
  bool slow = false;                 // guarded by mu; closed as a slow consumer
  std::optional<std::string> close;  // guarded by mu; Close(reason) before the handshake ended
  std::weak_ptr<WsSession> session;  // guarded by mu; set once the handshake is done

  // Forgets every queued byte (the message being written included). REQUIRES: mu held.
  std::deque<std::string> DropAllLocked() {
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

  void Accept(http::request<http::string_body> req) {
    upgrade_ = std::move(req);
    const ServerOptions& opt = core_.options();
    beast::get_lowest_layer(ws_).expires_never();  // the websocket stream runs its own timers
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

  void Drain() override {
    if (finished_) return;
    {
      const std::lock_guard lock(channel_->mu);
      channel_->closed = true;
    }
    // Still in the handshake: OnAccept sees the server draining and says goodbye then (the
    // handshake is bounded by its timeout, and all of it by the grace of Stop).
    if (!accepted_) return;
    StartClose(websocket::close_code::going_away, "server stopping");
  }

  void CloseAfterJoin() override {
    beast::error_code ec;
    beast::get_lowest_layer(ws_).socket().close(ec);
    Finish("server stopped");
  }

  // Writes the next queued message, or ends the pump when the queue is empty.
  void Pump() {
    if (finished_ || write_in_flight_) return;
    {
      const std::lock_guard lock(channel_->mu);
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

  // Close(reason) from the handle, or the slow-consumer verdict of Send.
  void RequestClose(std::string reason, bool slow) {
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

 private:
  std::shared_ptr<WsSession> Self() {
    return std::static_pointer_cast<WsSession>(shared_from_this());
  }

  void OnAccept(beast::error_code ec) {
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
      const std::lock_guard lock(channel_->mu);
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

  void DoRead() {
    ws_.async_read(read_buffer_, beast::bind_front_handler(&WsSession::OnRead, Self()));
  }

  void OnRead(beast::error_code ec, std::size_t /*n*/) {
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

  void OnWrite(beast::error_code ec, std::size_t /*n*/) {
    write_in_flight_ = false;
    writing_ = std::string();
    {
      const std::lock_guard lock(channel_->mu);
      channel_->queued_bytes -= channel_->writing_bytes;
      channel_->counters->ws_queued_bytes.fetch_sub(channel_->writing_bytes);
      channel_->writing_bytes = 0;
      if (ec || finished_) channel_->pumping = false;
    }
    if (finished_) return;
    if (ec) return Finish(ec.message());
    Pump();
  }

  void StartClose(websocket::close_code code, std::string reason) {
    if (finished_ || close_requested_) return;
    if (reason.size() > kMaxCloseReason) reason.resize(kMaxCloseReason);
    close_requested_ = true;
    close_code_ = code;
    close_reason_ = std::move(reason);
    SendCloseIfFlushed();
  }

  // Sends the close frame once everything queued before the close request is written.
  void SendCloseIfFlushed() {
    if (!close_requested_ || close_sent_ || write_in_flight_ || finished_ || !accepted_) return;
    {
      const std::lock_guard lock(channel_->mu);
      if (channel_->pumping) return;  // the pump comes back here when the queue is empty
    }
    close_sent_ = true;
    ws_.async_close(websocket::close_reason(close_code_, close_reason_),
                    [self = Self()](beast::error_code ec) {
                      // On success the read loop ends when the peer answers the close.
                      if (ec) beast::get_lowest_layer(self->ws_).close();
                    });
  }

  void Finish(std::string reason) {
    if (finished_) return;
    finished_ = true;
    std::deque<std::string> dropped;
    {
      const std::lock_guard lock(channel_->mu);
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

bool WsHandle::Send(std::string text) {
  WsChannel& ch = *channel_;
  const std::shared_lock gate_lock(ch.gate->mu);
  if (!ch.gate->open) return false;
  std::shared_ptr<WsSession> kick;
  std::deque<std::string> dropped;  // freed after the lock is released
  bool accepted = true;
  {
    const std::lock_guard lock(ch.mu);
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
    const std::lock_guard lock(ch.mu);
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

void HttpSession::Upgrade(http::request<http::string_body> req, const HttpRequest& request) {
  const WsHandler& handler = core_.ws_handler();
  const ApiLang lang = LangOf(request);
  const auto not_found = [&] {
    return OwnProblem(404, "not_found", "no WebSocket endpoint at " + request.path, lang);
  };
  if (!handler) return WriteResponse(not_found(), false);
  auto channel = std::make_shared<WsChannel>(core_.gate(), &core_.counters(),
                                             core_.options().ws_max_queued_bytes, remote_);
  std::optional<WsAnswer> answer;
  try {
    answer = handler(request, std::make_shared<WsHandle>(channel));
  } catch (const std::exception& e) {
    spdlog::error("ws: the upgrade handler of {} threw: {}", request.path, e.what());
    return WriteResponse(ProblemResponse(500, "internal error"), false);
  } catch (...) {
    spdlog::error("ws: the upgrade handler of {} threw", request.path);
    return WriteResponse(ProblemResponse(500, "internal error"), false);
  }
  if (!answer->accept) {
    {
      const std::lock_guard lock(channel->mu);
      channel->closed = true;
    }
    HttpResponse refusal = answer->refuse ? std::move(*answer->refuse) : not_found();
    if (refusal.status < 400) {
      // A refusal that looks like a success would leave the client waiting for a handshake.
      spdlog::error("ws: the upgrade handler of {} refused with status {}; sent as 500",
                    request.path, refusal.status);
      refusal = ProblemResponse(500, "internal error");
    }
    return WriteResponse(std::move(refusal), false);
  }
  state_ = State::kClosed;  // the stream moves to the WebSocket session
  auto ws = std::make_shared<WsSession>(
      core_, std::move(stream_), id_, std::move(channel), std::move(*answer->accept),
      AccessLogEntry{request.method, request.path, 0, 0, 0, remote_});
  core_.Replace(id_, ws);
  ws->Accept(std::move(req));
}

// ---------------------------------------------------------------------------------------------
// ServerCore

Status ServerCore::Listen() {
  beast::error_code ec;
  const auto address = asio::ip::make_address(options_.address, ec);
  if (ec) return Status::InvalidArgument("address", "not an IP address: " + options_.address);
  const tcp::endpoint endpoint(address, options_.port);
  const std::string where = EndpointText(endpoint);
  acceptor_.open(endpoint.protocol(), ec);
  if (ec) return Status::IOError("cannot listen on " + where + ": " + ec.message());
  acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (ec) return Status::IOError("cannot listen on " + where + ": " + ec.message());
  acceptor_.bind(endpoint, ec);
  if (ec) return Status::IOError("cannot listen on " + where + ": " + ec.message());
  acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return Status::IOError("cannot listen on " + where + ": " + ec.message());
  const auto local = acceptor_.local_endpoint(ec);
  if (ec) return Status::IOError("cannot listen on " + where + ": " + ec.message());
  port_ = local.port();
  return Status::Ok();
}

void ServerCore::Run() {
  work_.emplace(ioc_.get_executor());
  asio::dispatch(acceptor_.get_executor(), [this] { DoAccept(); });
  threads_.reserve(static_cast<std::size_t>(options_.threads));
  for (int i = 0; i < options_.threads; ++i) threads_.emplace_back([this] { RunThread(); });
}

void ServerCore::RunThread() {
  for (;;) {
    try {
      ioc_.run();
      return;
    } catch (const std::exception& e) {
      spdlog::error("http: unexpected exception on a server thread: {}", e.what());
    } catch (...) {
      spdlog::error("http: unexpected exception on a server thread");
    }
  }
}

void ServerCore::DoAccept() {
  acceptor_.async_accept(asio::make_strand(ioc_), [this](beast::error_code ec, tcp::socket socket) {
    OnAccept(ec, std::move(socket));
  });
}

void ServerCore::OnAccept(beast::error_code ec, tcp::socket socket) {
  if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
  if (ec) {
    // Out of descriptors, for instance: wait a little rather than spin, then go on accepting.
    spdlog::warn("http: accept failed: {}", ec.message());
    accept_retry_.expires_after(std::chrono::milliseconds(50));
    accept_retry_.async_wait([this](beast::error_code wec) {
      if (!wec && acceptor_.is_open()) DoAccept();
    });
    return;
  }
  if (draining_.load()) {
    socket.close(ec);
    return;
  }
  if (counters_.connections_open.load() >= options_.max_connections) {
    counters_.rejected_for_limits.fetch_add(1);
    // Nothing of the request is read: the default language.
    HttpResponse busy =
        OwnProblem(503, "unavailable",
                   "too many connections (" + std::to_string(options_.max_connections) + " open)",
                   ApiLang::kZh);
    busy.headers.emplace_back("Retry-After", "1");
    std::make_shared<HttpSession>(*this, std::move(socket), 0)->StartRejected(std::move(busy));
  } else {
    const std::uint64_t id = next_id_.fetch_add(1);
    auto session = std::make_shared<HttpSession>(*this, std::move(socket), id);
    Register(id, session);
    session->Start();
  }
  DoAccept();
}

void ServerCore::Register(std::uint64_t id, std::shared_ptr<Connection> conn) {
  const std::lock_guard lock(mu_);
  conns_[id] = std::move(conn);
  counters_.connections_open.fetch_add(1);
}

void ServerCore::Replace(std::uint64_t id, std::shared_ptr<Connection> conn) {
  std::shared_ptr<Connection> old;  // released outside the lock
  const std::lock_guard lock(mu_);
  auto it = conns_.find(id);
  if (it == conns_.end()) {
    conns_.emplace(id, std::move(conn));
    counters_.connections_open.fetch_add(1);
  } else {
    old = std::exchange(it->second, std::move(conn));
  }
}

void ServerCore::Unregister(std::uint64_t id) {
  if (id == 0) return;
  std::shared_ptr<Connection> old;  // released outside the lock
  {
    const std::lock_guard lock(mu_);
    auto it = conns_.find(id);
    if (it == conns_.end()) return;
    old = std::move(it->second);
    conns_.erase(it);
    counters_.connections_open.fetch_sub(1);
    if (conns_.empty()) conns_empty_.notify_all();
  }
}

void ServerCore::Log(const AccessLogEntry& entry) const {
  if (!options_.access_log) return;
  try {
    options_.access_log(entry);
  } catch (const std::exception& e) {
    spdlog::error("http: the access log hook threw: {}", e.what());
  } catch (...) {
    spdlog::error("http: the access log hook threw");
  }
}

void ServerCore::Stop(std::chrono::milliseconds grace) {
  const std::lock_guard stop_lock(stop_mu_);
  if (stopped_) return;
  stopped_ = true;
  for (const auto& t : threads_) {
    ELINK_CHECK(t.get_id() != std::this_thread::get_id())
        << "HttpServer::Stop called from one of the server's own threads";
  }
  draining_.store(true);
  asio::post(acceptor_.get_executor(), [this] {
    beast::error_code ec;
    acceptor_.close(ec);
    accept_retry_.cancel();
  });
  std::vector<std::shared_ptr<Connection>> open;
  {
    const std::lock_guard lock(mu_);
    for (const auto& [id, conn] : conns_) open.push_back(conn);
  }
  for (auto& conn : open) {
    auto executor = conn->executor();
    asio::post(executor, [c = std::move(conn)] { c->Drain(); });
  }
  open.clear();
  if (!threads_.empty()) {
    std::unique_lock lock(mu_);
    conns_empty_.wait_for(lock, grace, [this] { return conns_.empty(); });
  }
  {
    const std::unique_lock gate_lock(gate_->mu);
    gate_->open = false;  // late replies and Sends are dropped from here on
  }
  work_.reset();
  ioc_.stop();
  for (auto& t : threads_) t.join();
  threads_.clear();
  std::unordered_map<std::uint64_t, std::shared_ptr<Connection>> left;
  {
    const std::lock_guard lock(mu_);
    left.swap(conns_);
  }
  if (!left.empty()) spdlog::warn("http: {} connections still open after the grace", left.size());
  for (auto& [id, conn] : left) conn->CloseAfterJoin();
  counters_.connections_open.store(0);
  left.clear();
  beast::error_code ec;
  acceptor_.close(ec);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Public API

std::string HttpRequest::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (EqualsIgnoreCase(key, name)) return value;
  }
  return {};
}

namespace {

int Hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string UrlDecode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() && Hex(s[i + 1]) >= 0 && Hex(s[i + 2]) >= 0) {
      out += static_cast<char>(Hex(s[i + 1]) * 16 + Hex(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string HttpRequest::Query(std::string_view name) const {
  std::string_view q = query;
  while (!q.empty()) {
    const std::size_t amp = q.find('&');
    const std::string_view pair = q.substr(0, amp);
    const std::size_t eq = pair.find('=');
    if (UrlDecode(pair.substr(0, eq)) == name) {
      return eq == std::string_view::npos ? std::string() : UrlDecode(pair.substr(eq + 1));
    }
    if (amp == std::string_view::npos) break;
    q.remove_prefix(amp + 1);
  }
  return {};
}

std::string_view ReasonPhrase(int status) {
  if (status < 100 || status > 999) return "Unknown";
  const auto code = http::int_to_status(static_cast<unsigned>(status));
  if (code == http::status::unknown) return "Unknown";
  const auto phrase = http::obsolete_reason(code);
  return {phrase.data(), phrase.size()};
}

HttpResponse ProblemResponse(int status, std::string_view detail, std::string_view type) {
  HttpResponse response;
  response.status = status;
  response.content_type = "application/problem+json";
  std::string body = "{\"type\":";
  AppendJsonString(body, type);
  body += ",\"title\":";
  AppendJsonString(body, ReasonPhrase(status));
  body += ",\"status\":" + std::to_string(status) + ",\"detail\":";
  AppendJsonString(body, detail);
  body += '}';
  response.body = std::move(body);
  return response;
}

Status ServerOptions::Validate() const {
  beast::error_code ec;
  asio::ip::make_address(address, ec);
  if (ec) {
    return Status::InvalidArgument("address",
                                   "must be an IPv4 or IPv6 address, got \"" + address + "\"");
  }
  if (threads < 1 || threads > 256) {
    return Status::InvalidArgument("threads", "must be within [1, 256]");
  }
  if (max_body_bytes == 0) return Status::InvalidArgument("max_body_bytes", "must be > 0");
  for (std::size_t i = 0; i < route_body_limits.size(); ++i) {
    const RouteBodyLimit& r = route_body_limits[i];
    const std::string field = "route_body_limits[" + std::to_string(i) + "]";
    if (r.method.empty()) return Status::InvalidArgument(field + ".method", "must not be empty");
    if (r.path.empty()) return Status::InvalidArgument(field + ".path", "must not be empty");
    if (r.max_bytes == 0) return Status::InvalidArgument(field + ".max_bytes", "must be > 0");
  }
  if (max_header_bytes < 256 || max_header_bytes > 0xffffffffU) {
    return Status::InvalidArgument("max_header_bytes", "must be within [256, 4294967295]");
  }
  if (max_connections == 0) return Status::InvalidArgument("max_connections", "must be > 0");
  if (header_timeout.count() <= 0) {
    return Status::InvalidArgument("header_timeout", "must be > 0");
  }
  if (idle_timeout.count() <= 0) return Status::InvalidArgument("idle_timeout", "must be > 0");
  if (ws_max_queued_bytes == 0) {
    return Status::InvalidArgument("ws_max_queued_bytes", "must be > 0");
  }
  return Status::Ok();
}

struct HttpServer::Impl {
  Impl(ServerOptions options, HttpHandler handler, WsHandler ws_handler)
      : core(std::move(options), std::move(handler), std::move(ws_handler)) {}
  ServerCore core;
};

Result<std::unique_ptr<HttpServer>> HttpServer::Start(ServerOptions options, HttpHandler handler,
                                                      WsHandler ws_handler) {
  ELINK_RETURN_IF_ERROR(options.Validate());
  if (!handler) return Status::InvalidArgument("handler", "must not be empty");
  auto impl = std::make_unique<Impl>(std::move(options), std::move(handler), std::move(ws_handler));
  ELINK_RETURN_IF_ERROR(impl->core.Listen());
  impl->core.Run();
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpServer::~HttpServer() = default;  // ServerCore's destructor stops

unsigned short HttpServer::port() const { return impl_->core.port(); }

void HttpServer::Stop(std::chrono::milliseconds grace) { impl_->core.Stop(grace); }

ServerStats HttpServer::stats() const { return impl_->core.stats(); }

}  // namespace elink::api
