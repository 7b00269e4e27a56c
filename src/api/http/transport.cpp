// SPDX-License-Identifier: Apache-2.0
// ServerCore (api/internal/http_transport.hpp) and HttpServer (api/http_server.hpp): listening,
// accepting within the connection limit, the registry of open connections, and the stop.
#include "api/http_server.hpp"
#include "api/internal/http_session.hpp"
#include "api/internal/messages.hpp"
#include "core/messages.hpp"
#include "util/check.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

#include <exception>
#include <mutex>
#include <shared_mutex>

namespace elink::api::internal {

namespace {

// Waits on `cv` until notified or `deadline`, `lock`'s mutex released meanwhile.
std::cv_status WaitUntil(util::MutexLock& /*lock*/, std::condition_variable_any& cv,
                         util::Mutex& mu,
                         SteadyClock::time_point deadline) ELINK_NO_THREAD_SAFETY_ANALYSIS {
  return cv.wait_until(mu, deadline);
}

}  // namespace

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
    HttpResponse busy = OwnProblem(
        503, "unavailable", Status::Unavailable(msg::kTooManyConnections, options_.max_connections),
        ApiLang::kZh);
    busy.headers.emplace_back("Retry-After", "1");
    std::make_shared<HttpSession>(*this, std::move(socket), 0)->StartRejected(std::move(busy));
  } else if (std::string address = LimitedAddress(socket); !AdmitAddress(address)) {
    // One address holding many connections must not crowd the others out.
    counters_.rejected_for_limits.fetch_add(1);
    HttpResponse busy = OwnProblem(503, "unavailable",
                                   Status::Unavailable(msg::kTooManyConnectionsFromAddress,
                                                       options_.max_connections_per_address),
                                   ApiLang::kZh);
    busy.headers.emplace_back("Retry-After", "1");
    std::make_shared<HttpSession>(*this, std::move(socket), 0)->StartRejected(std::move(busy));
  } else {
    const std::uint64_t id = next_id_.fetch_add(1);
    auto session = std::make_shared<HttpSession>(*this, std::move(socket), id);
    Register(id, session, std::move(address));
    session->Start();
  }
  DoAccept();
}

std::string ServerCore::LimitedAddress(const tcp::socket& socket) const {
  beast::error_code ec;
  const tcp::endpoint ep = socket.remote_endpoint(ec);
  if (ec) return "unknown";
  asio::ip::address a = ep.address();
  if (a.is_v6() && a.to_v6().is_v4_mapped()) {
    a = asio::ip::make_address_v4(asio::ip::v4_mapped, a.to_v6());
  }
  if (options_.exempt_loopback && a.is_loopback()) return {};
  if (std::find(exempt_.begin(), exempt_.end(), a) != exempt_.end()) return {};
  return a.to_string();
}

bool ServerCore::AdmitAddress(const std::string& address) {
  if (address.empty()) return true;
  const util::MutexLock lock(mu_);
  std::size_t& open = per_address_[address];
  if (open >= options_.max_connections_per_address) {
    if (open == 0) per_address_.erase(address);
    return false;
  }
  ++open;
  return true;
}

void ServerCore::Register(std::uint64_t id, std::shared_ptr<Connection> conn, std::string address) {
  const util::MutexLock lock(mu_);
  conns_[id] = std::move(conn);
  if (!address.empty()) address_of_[id] = std::move(address);
  counters_.connections_open.fetch_add(1);
}

bool ServerCore::ReserveBody(std::size_t bytes, bool large) {
  const util::MutexLock lock(body_mu_);
  if (body_bytes_ + bytes > options_.max_unauthenticated_body_bytes) return false;
  if (large && large_bodies_ >= options_.max_large_bodies) return false;
  body_bytes_ += bytes;
  if (large) ++large_bodies_;
  return true;
}

void ServerCore::ReleaseBody(std::size_t bytes, bool large) {
  const util::MutexLock lock(body_mu_);
  body_bytes_ -= std::min(bytes, body_bytes_);
  if (large && large_bodies_ > 0) --large_bodies_;
}

void ServerCore::Replace(std::uint64_t id, std::shared_ptr<Connection> conn) {
  std::shared_ptr<Connection> old;  // released outside the lock
  const util::MutexLock lock(mu_);
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
    const util::MutexLock lock(mu_);
    auto it = conns_.find(id);
    if (it == conns_.end()) return;
    old = std::move(it->second);
    conns_.erase(it);
    if (auto a = address_of_.find(id); a != address_of_.end()) {
      if (auto n = per_address_.find(a->second); n != per_address_.end() && --n->second == 0) {
        per_address_.erase(n);
      }
      address_of_.erase(a);
    }
    counters_.connections_open.fetch_sub(1);
    if (conns_.empty()) conns_empty_.notify_all();
  }
}

void ServerCore::AwaitNoConnections(std::chrono::milliseconds grace) {
  const auto deadline = SteadyClock::now() + grace;
  util::MutexLock lock(mu_);
  // condition_variable_any::wait_until with util::Mutex, which the analysis cannot follow into.
  while (!conns_.empty()) {
    if (WaitUntil(lock, conns_empty_, mu_, deadline) == std::cv_status::timeout) break;
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
  const util::MutexLock stop_lock(stop_mu_);
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
    const util::MutexLock lock(mu_);
    for (const auto& [id, conn] : conns_) open.push_back(conn);
  }
  for (auto& conn : open) {
    auto executor = conn->executor();
    asio::post(executor, [c = std::move(conn)] { c->Drain(); });
  }
  open.clear();
  if (!threads_.empty()) AwaitNoConnections(grace);
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
    const util::MutexLock lock(mu_);
    left.swap(conns_);
    per_address_.clear();
    address_of_.clear();
  }
  if (!left.empty()) spdlog::warn("http: {} connections still open after the grace", left.size());
  for (auto& [id, conn] : left) conn->CloseAfterJoin();
  counters_.connections_open.store(0);
  left.clear();
  beast::error_code ec;
  acceptor_.close(ec);
}

}  // namespace elink::api::internal

namespace elink::api {

namespace asio = boost::asio;
namespace beast = boost::beast;

Status ServerOptions::Validate() const {
  beast::error_code ec;
  asio::ip::make_address(address, ec);
  if (ec) {
    return Status::InvalidArgument("address",
                                   "must be an IPv4 or IPv6 address, got \"" + address + "\"");
  }
  if (threads < 1 || threads > 256) {
    return Status::InvalidArgument("threads", core::msg::kWithin, 1, 256);
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
    return Status::InvalidArgument("max_header_bytes", core::msg::kWithin, 256, 0xffffffffU);
  }
  if (max_connections == 0) return Status::InvalidArgument("max_connections", "must be > 0");
  if (max_connections_per_address == 0) {
    return Status::InvalidArgument("max_connections_per_address", "must be > 0");
  }
  for (std::size_t i = 0; i < trusted_proxies.size(); ++i) {
    asio::ip::make_address(trusted_proxies[i], ec);
    if (ec) {
      return Status::InvalidArgument(
          "trusted_proxies[" + std::to_string(i) + "]",
          "must be an IPv4 or IPv6 address, got \"" + trusted_proxies[i] + "\"");
    }
  }
  if (max_unauthenticated_body_bytes == 0) {
    return Status::InvalidArgument("max_unauthenticated_body_bytes", "must be > 0");
  }
  if (max_large_bodies == 0) return Status::InvalidArgument("max_large_bodies", "must be > 0");
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
  internal::ServerCore core;
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
