#pragma once
// The REST API of a center under /api/v1 (DESIGN.md "API"): routes for the reference data,
// units, incidents, recommendations, dispatch, department tasks, the joint assignment, the event
// log and place search; login; health, readiness and metrics. Every route checks the caller's
// bearer token, role and jurisdiction (auth/policy.hpp) before it reads or acts; every command
// goes through the engine and is answered once its events are durable, without holding a thread.
// The same route table serves requests and writes the OpenAPI document, so the two cannot differ.

#include "api/http_server.hpp"
#include "api/metrics.hpp"
#include "api/static_files.hpp"
#include "auth/login_limiter.hpp"
#include "auth/token.hpp"
#include "core/model.hpp"
#include "dispatch/duplicates.hpp"
#include "dispatch/recommend.hpp"
#include "engine/engine.hpp"
#include "geo/gazetteer.hpp"
#include "geo/router.hpp"
#include "store/event_log.hpp"
#include "util/clock.hpp"
#include "util/work_pool.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace elink::api {

namespace internal {
struct RouteContext;
}  // namespace internal

struct ServiceOptions {
  std::shared_ptr<const geo::Router> router;  // null: routing answers 503 with the reason
  // The keys that sign and verify bearer tokens; a rotation while the server runs replaces them.
  auth::LiveKeyRing token_key{auth::TokenKey()};
  std::chrono::minutes token_ttl{12 * 60};
  std::chrono::seconds stale_after{180};  // AVL positions older than this are marked stale
  // Citizen reports accepted per client address within the window, before 429.
  std::size_t citizen_reports_per_window = 5;
  std::chrono::minutes citizen_report_window{10};
  const store::EventLog* log = nullptr;  // for /api/v1/events; null: 503
  // The dashboard, served at / (any GET outside /api/ that no route serves); null: 404 there.
  std::shared_ptr<const StaticFiles> web;
  // The compute executor: recommendations, joint assignments, unit routes and duplicate searches
  // run on these threads, never on the I/O threads or the engine's writer. A request finding
  // `compute_queue` jobs waiting is answered 503 at once.
  int compute_threads = 2;
  std::size_t compute_queue = 256;
  // Sign-in: the argon2id check of a login (~50-100 ms of CPU and 64 MiB each) runs on this
  // pool, never on the I/O threads, so that a flood of sign-ins cannot slow signed-in users'
  // requests. A login finding `login_queue` checks waiting is answered 503 with Retry-After at
  // once (and is not counted as a failure).
  int login_threads = 1;
  std::size_t login_queue = 4;
  // Failed sign-ins per (user name, address) pair and per address (auth/login_limiter.hpp).
  auth::LoginLimiterOptions login_limits;
  // For tests: runs on the login pool's thread just before each password check (e.g. to hold
  // the pool with a latch, or to see which thread checks). Empty in production.
  std::function<void()> before_password_check;
};

// The largest body of a citizen's report: its photo (core::kMaxPhotoBytes) in base64, and room for
// the rest of the report. Other routes keep the server's 1 MiB.
inline constexpr std::size_t kMaxReportBodyBytes =
    (core::kMaxPhotoBytes + 2) / 3 * 4 + (std::size_t{64} << 10);

class Service {
 public:
  // The routes whose bodies may be larger than ServerOptions::max_body_bytes, for the server that
  // serves this service (ServerOptions::route_body_limits).
  static std::vector<RouteBodyLimit> BodyLimits();

  // `engine`, `clock` and options.log must outlive the service.
  Service(engine::Engine& engine, const Clock& clock, ServiceOptions options);
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;
  ~Service();

  // An HttpHandler: answers through `respond`, now or when the engine has committed.
  void Handle(HttpRequest request, Respond respond);

  // OpenAPI 3.0 document of every route.
  [[nodiscard]] nlohmann::json OpenApi() const;
  // (method, pattern) of every route served, e.g. ("GET", "/api/v1/incidents/{id}").
  [[nodiscard]] std::vector<std::pair<std::string, std::string>> Routes() const;

  // Gauges the server adds to /metrics (e.g. WebSocket clients).
  void SetExtraGauges(
      std::function<std::vector<std::pair<std::pair<std::string, std::string>, double>>()> gauges);

  struct Call;
  struct Route;

 private:
  void AddRoutes();
  void Dispatch(const std::shared_ptr<Call>& call);

  engine::Engine& engine_;
  const Clock& clock_;
  ServiceOptions options_;
  std::vector<Route> routes_;
  nlohmann::json schemas_ = nlohmann::json::object();  // the OpenAPI document's named schemas
  Metrics metrics_;
  auth::LoginLimiter login_limiter_;
  // Public citizen reports per client address.
  auth::WindowLimiter report_limiter_;
  // Probable duplicates of new reports, without scanning the last half hour's incidents.
  dispatch::DuplicateIndex duplicates_;
  std::unique_ptr<dispatch::Recommender> recommender_;  // null without a road graph
  std::unique_ptr<geo::Gazetteer> gazetteer_;           // likewise
  std::string roads_geojson_;                           // likewise empty
  std::function<std::vector<std::pair<std::pair<std::string, std::string>, double>>()> extra_;
  // What the handlers use of the above (api/internal/routes.hpp).
  std::unique_ptr<internal::RouteContext> context_;
  // Last, so that they stop (running what is queued) before what their jobs use is destroyed.
  std::unique_ptr<util::WorkPool> compute_;
  std::unique_ptr<util::WorkPool> login_pool_;  // password checks (ServiceOptions::login_threads)
};

}  // namespace elink::api
