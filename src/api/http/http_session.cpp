// SPDX-License-Identifier: Apache-2.0
// HttpSession (api/internal/http_session.hpp).
#include "api/internal/http_session.hpp"

#include "api/internal/messages.hpp"
#include "api/internal/ws_session.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <spdlog/spdlog.h>

#include <exception>
#include <mutex>
#include <shared_mutex>

namespace elink::api::internal {

namespace {

// The last-resort 500 (a handler that threw or answered a status HTTP does not have).
HttpResponse InternalError(ApiLang lang) {
  return OwnProblem(500, "internal", Status::Internal(msg::kInternalError), lang);
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

// Whether the request line and header lines `head` (each ending in CRLF) hold a line that starts
// with a space or a tab: obsolete line folding, or whitespace before the first header (RFC 9112
// sections 2.2 and 5.2), which a server must refuse or rewrite; this one refuses.
bool HasFoldedLine(std::string_view head) {
  for (std::size_t pos = head.find("\r\n"); pos != std::string_view::npos;
       pos = head.find("\r\n", pos + 2)) {
    if (pos + 2 < head.size() && (head[pos + 2] == ' ' || head[pos + 2] == '\t')) return true;
  }
  return false;
}

// Whether the body's framing cannot be read two ways (RFC 9112 section 6.1; request smuggling
// behind a proxy): no Transfer-Encoding, or exactly one that says "chunked" and nothing else, with
// no Content-Length. Beast refuses some of the rest itself (a second "chunked", "chunked" beside
// Content-Length) but takes "gzip, chunked" as chunked and "chunked, identity" or "xchunked" as
// no body at all, leaving the body to be read as the next request.
bool FramingIsPlain(const http::request<http::string_body>& req) {
  std::size_t encodings = 0;
  bool chunked = false;
  for (const auto& field : req) {
    if (field.name() != http::field::transfer_encoding) continue;
    ++encodings;
    std::string_view value(field.value().data(), field.value().size());
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
      value.remove_prefix(1);
    }
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
    chunked = EqualsIgnoreCase(value, "chunked");
  }
  if (encodings == 0) return true;
  return encodings == 1 && chunked && req.find(http::field::content_length) == req.end();
}

}  // namespace

void HttpSession::Start() {
  asio::dispatch(stream_.get_executor(), [self = Self()] { self->DoReadRequest(); });
}

void HttpSession::StartRejected(HttpResponse response) {
  asio::dispatch(stream_.get_executor(), [self = Self(), r = std::move(response)]() mutable {
    self->request_start_ = SteadyClock::now();
    self->WriteResponse(std::move(r), false);
  });
}

void HttpSession::Drain() {
  // Idle, or lingering after its last response: nothing in flight.
  if (state_ == State::kIdle || state_ == State::kClosing) Finish();
}

void HttpSession::CloseAfterJoin() {
  ReleaseBody();
  state_ = State::kClosed;
  beast::error_code ec;
  stream_.socket().close(ec);
}

void HttpSession::OnReply(std::uint64_t seq, HttpResponse response) {
  // A reply for a connection that closed meanwhile (or a stale one) is dropped.
  if (state_ != State::kHandling || seq != seq_) return;
  WriteResponse(std::move(response), keep_alive_);
}

void HttpSession::DoReadRequest() {
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

void HttpSession::OnFirstBytes(beast::error_code ec, std::size_t n) {
  if (state_ == State::kClosed) return;
  if (ec) return Finish();  // closed, idle timeout, or drained
  buffer_.commit(n);
  request_start_ = SteadyClock::now();
  ReadHeader();
}

void HttpSession::ReadHeader() {
  state_ = State::kReading;
  stream_.expires_after(core_.options().header_timeout);
  AwaitHeaderEnd();
}

void HttpSession::AwaitHeaderEnd() {
  // Beast joins a folded header line to the one before it, silently; the raw header is looked at
  // whole, before the parser takes it, and one with a folded line is refused.
  const auto data = buffer_.data();
  const std::string_view raw(static_cast<const char*>(data.data()), data.size());
  const std::size_t end = raw.find("\r\n\r\n");
  if (end == std::string_view::npos && raw.size() <= core_.options().max_header_bytes) {
    stream_.async_read_some(buffer_.prepare(kReadChunk),
                            [self = Self()](beast::error_code ec, std::size_t n) {
                              if (self->state_ == State::kClosed) return;
                              if (ec) return self->OnReadError(ec);
                              self->buffer_.commit(n);
                              self->AwaitHeaderEnd();
                            });
    return;
  }
  // Over the limit without its end: the parser refuses it (431) as before.
  if (end != std::string_view::npos && HasFoldedLine(raw.substr(0, end + 2))) {
    return SendLimitError(400, "invalid_argument", Status::InvalidArgument("", msg::kFoldedHeader));
  }
  http::async_read_header(stream_, buffer_, *parser_,
                          beast::bind_front_handler(&HttpSession::OnHeader, Self()));
}

void HttpSession::OnHeader(beast::error_code ec, std::size_t /*n*/) {
  if (state_ == State::kClosed) return;
  if (ec) return OnReadError(ec);
  stream_.expires_after(core_.options().idle_timeout);  // for the body
  const auto& req = parser_->get();
  if (!FramingIsPlain(req)) {
    return SendLimitError(400, "invalid_argument",
                          Status::InvalidArgument("", msg::kTransferEncoding));
  }
  if (parser_->is_done()) return OnRequest({}, 0);
  // The route's own limit, now that the request line is known: a declared length over it is
  // refused before the body is read (or a 100 Continue sent), a chunked body while it is read.
  const std::size_t limit = RequestBodyLimit();
  if (const auto length = parser_->content_length(); length && *length > limit) {
    return OnReadError(http::error::body_limit);
  }
  parser_->body_limit(static_cast<std::uint64_t>(limit));
  if (!ReserveBody(parser_->content_length().value_or(limit))) {
    // Refused before a byte of the body is read; the linger drops what the client sends anyway.
    core_.counters().rejected_for_limits.fetch_add(1);
    log_method_ = ToStd(req.method_string());
    log_path_ = ToStd(req.target()).substr(0, req.target().find('?'));
    lang_ = LangOfTarget(ToStd(req.target()), ToStd(req[http::field::accept_language]));
    HttpResponse busy =
        OwnProblem(503, "unavailable", Status::Unavailable(msg::kBodiesBusy, 1), lang_);
    busy.headers.emplace_back("Retry-After", "1");
    return WriteResponse(std::move(busy), false);
  }
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

bool HttpSession::ReserveBody(std::size_t bytes) {
  const ServerOptions& opt = core_.options();
  const auto& req = parser_->get();
  const bool large = bytes > opt.max_body_bytes;
  // A signed-in client's ordinary body is bounded by its route's limit and its connections; an
  // anonymous one, or any large one, counts against the server's budget.
  if (!large && req.find(http::field::authorization) != req.end()) return true;
  if (bytes == 0) return true;
  if (!core_.ReserveBody(bytes, large)) return false;
  reserved_body_bytes_ = bytes;
  reserved_large_body_ = large;
  return true;
}

void HttpSession::ReleaseBody() {
  if (reserved_body_bytes_ == 0) return;
  core_.ReleaseBody(reserved_body_bytes_, reserved_large_body_);
  reserved_body_bytes_ = 0;
  reserved_large_body_ = false;
}

void HttpSession::ReadBody() {
  http::async_read(stream_, buffer_, *parser_,
                   beast::bind_front_handler(&HttpSession::OnRequest, Self()));
}

std::size_t HttpSession::RequestBodyLimit() const {
  if (!parser_) return core_.options().max_body_bytes;
  const auto& req = parser_->get();
  return core_.BodyLimitFor(ToStd(req.method_string()), ToStd(req.target()));
}

void HttpSession::OnReadError(beast::error_code ec) {
  if (ec == http::error::body_limit) {
    return SendLimitError(413, "payload_too_large",
                          Status::InvalidArgument("", msg::kBodyTooLarge, RequestBodyLimit()));
  }
  if (ec == http::error::header_limit) {
    return SendLimitError(
        431, "request_header_fields_too_large",
        Status::InvalidArgument("", msg::kHeadersTooLarge, core_.options().max_header_bytes));
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
    return SendLimitError(400, "invalid_argument",
                          Status::InvalidArgument("", msg::kMalformedRequest, ec.message()));
  }
  Finish();  // network errors: reset, aborted, ...
}

void HttpSession::SendLimitError(int status, std::string_view kind, const Status& detail) {
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

void HttpSession::OnRequest(beast::error_code ec, std::size_t /*n*/) {
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
  lang_ = LangOf(request);

  if (websocket::is_upgrade(req)) return Upgrade(std::move(req), request);

  state_ = State::kHandling;
  ++seq_;
  stream_.expires_never();
  auto reply = std::make_shared<ReplyState>(Self(), core_.gate(), seq_, lang_);
  Respond respond = [reply](HttpResponse r) { reply->Reply(std::move(r)); };
  try {
    core_.handler()(std::move(request), std::move(respond));
  } catch (const std::exception& e) {
    spdlog::error("http: the handler of {} {} threw: {}", log_method_, log_path_, e.what());
    reply->Reply(InternalError(lang_));
  } catch (...) {
    spdlog::error("http: the handler of {} {} threw", log_method_, log_path_);
    reply->Reply(InternalError(lang_));
  }
}

void HttpSession::WriteResponse(HttpResponse response, bool keep_alive) {
  ReleaseBody();  // answered: the request's body is no longer held for it
  state_ = State::kWriting;
  keep_alive = keep_alive && !core_.draining();
  int status = response.status;
  if (status < 200 || status > 599) {
    spdlog::error("http: the handler of {} {} answered status {}; sent as 500", log_method_,
                  log_path_, status);
    response = InternalError(lang_);
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

void HttpSession::OnWrite(beast::error_code ec, std::size_t /*n*/) {
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

void HttpSession::LingerClose() {
  state_ = State::kClosing;
  beast::error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  stream_.expires_after(std::min<SteadyClock::duration>(kLingerTime, core_.options().idle_timeout));
  linger_bytes_ = 0;
  DoLingerRead();
}

void HttpSession::DoLingerRead() {
  stream_.async_read_some(asio::buffer(discard_),
                          [self = Self()](beast::error_code ec, std::size_t n) {
                            self->linger_bytes_ += n;
                            if (ec || self->linger_bytes_ > kLingerMaxBytes) {
                              return self->Finish();
                            }
                            self->DoLingerRead();
                          });
}

void HttpSession::Finish() {
  if (state_ == State::kClosed) return;
  state_ = State::kClosed;
  ReleaseBody();
  beast::error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
  stream_.close();
  core_.Unregister(id_);
}

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

void HttpSession::Upgrade(http::request<http::string_body> req, const HttpRequest& request) {
  const WsHandler& handler = core_.ws_handler();
  const ApiLang lang = LangOf(request);
  const auto not_found = [&] {
    return OwnProblem(404, "not_found", Status::NotFound(msg::kNoWebSocket, request.path), lang);
  };
  if (!handler) return WriteResponse(not_found(), false);
  auto channel = std::make_shared<WsChannel>(core_.gate(), &core_.counters(),
                                             core_.options().ws_max_queued_bytes, remote_);
  std::optional<WsAnswer> answer;
  try {
    answer = handler(request, std::make_shared<WsHandle>(channel));
  } catch (const std::exception& e) {
    spdlog::error("ws: the upgrade handler of {} threw: {}", request.path, e.what());
    return WriteResponse(InternalError(lang), false);
  } catch (...) {
    spdlog::error("ws: the upgrade handler of {} threw", request.path);
    return WriteResponse(InternalError(lang), false);
  }
  if (!answer->accept) {
    {
      const util::MutexLock lock(channel->mu);
      channel->closed = true;
    }
    HttpResponse refusal = answer->refuse ? std::move(*answer->refuse) : not_found();
    if (refusal.status < 400) {
      // A refusal that looks like a success would leave the client waiting for a handshake.
      spdlog::error("ws: the upgrade handler of {} refused with status {}; sent as 500",
                    request.path, refusal.status);
      refusal = InternalError(lang);
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

}  // namespace elink::api::internal
