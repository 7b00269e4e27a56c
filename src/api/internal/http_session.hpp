#pragma once
// The HTTP session of HttpServer, private to src/api: one HTTP/1.1 connection (reading requests
// within the header and body limits, keep-alive and pipelining, the access log, the upgrade to a
// WebSocket), and ReplyState, the state behind one request's Respond.

#include "api/internal/http_transport.hpp"
#include "api/internal/messages.hpp"

#include <spdlog/spdlog.h>

#include <array>
#include <atomic>
#include <memory>
#include <optional>
#include <string>

namespace elink::api::internal {

class HttpSession;

// The state behind one request's Respond. Delivers the first reply to the session's strand; a
// Respond dropped without a reply becomes a 500, in the request's language.
class ReplyState {
 public:
  ReplyState(std::weak_ptr<HttpSession> session, std::shared_ptr<Gate> gate, std::uint64_t seq,
             ApiLang lang)
      : session_(std::move(session)), gate_(std::move(gate)), seq_(seq), lang_(lang) {}
  ReplyState(const ReplyState&) = delete;
  ReplyState& operator=(const ReplyState&) = delete;
  ~ReplyState() {
    if (!replied_.exchange(true)) {
      Deliver(OwnProblem(500, "internal", Status::Internal(msg::kNoReply), lang_));
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
  ApiLang lang_;
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

  void Start();

  // Answers `response` at once and closes, without reading a request (connection limit).
  void StartRejected(HttpResponse response);
  void Drain() override;
  void CloseAfterJoin() override;
  void OnReply(std::uint64_t seq, HttpResponse response);

 private:
  enum class State { kIdle, kReading, kHandling, kWriting, kClosing, kClosed };
  std::shared_ptr<HttpSession> Self() {
    return std::static_pointer_cast<HttpSession>(shared_from_this());
  }

  void DoReadRequest();
  void OnFirstBytes(beast::error_code ec, std::size_t n);
  void ReadHeader();
  // Reads until the request line and headers are here whole (or over the limit), then refuses a
  // folded header line or hands them to the parser.
  void AwaitHeaderEnd();
  void OnHeader(beast::error_code ec, std::size_t /*n*/);
  void ReadBody();
  // Holds `bytes` of the server's body budget for the request being read when it counts there
  // (ServerOptions::max_unauthenticated_body_bytes); false when over the budget.
  bool ReserveBody(std::size_t bytes);
  // Gives back what ReserveBody held (on the reply, or when the connection ends).
  void ReleaseBody();

  // The body limit of the request being read: its route's once the request line is parsed.
  std::size_t RequestBodyLimit() const;
  void OnReadError(beast::error_code ec);

  // A problem document in the language the request asks for, as far as it could be read: its
  // parsed headers, or else the raw bytes received (a header too large or malformed).
  void SendLimitError(int status, std::string_view kind, const Status& detail);
  void OnRequest(beast::error_code ec, std::size_t /*n*/);
  void Upgrade(http::request<http::string_body> req, const HttpRequest& request);
  void WriteResponse(HttpResponse response, bool keep_alive);
  void OnWrite(beast::error_code ec, std::size_t /*n*/);
  void LingerClose();
  void DoLingerRead();
  void Finish();

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
  std::uint64_t seq_ = 0;        // the request being handled; matches ReplyState::seq_
  ApiLang lang_ = ApiLang::kZh;  // the language the request being handled asks for
  SteadyClock::time_point request_start_ = SteadyClock::now();
  std::string log_method_;
  std::string log_path_;
  int log_status_ = 0;
  std::size_t log_bytes_ = 0;
  std::array<char, kReadChunk> discard_{};
  std::size_t linger_bytes_ = 0;
  std::size_t reserved_body_bytes_ = 0;  // of the server's body budget, for this request
  bool reserved_large_body_ = false;
};

}  // namespace elink::api::internal
