// SPDX-License-Identifier: Apache-2.0
#include "api/service.hpp"

#include "api/internal/call.hpp"
#include "api/internal/routes.hpp"
#include "api/map_layers.hpp"
#include "auth/policy.hpp"
#include "auth/token.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <optional>
#include <utility>

namespace elink::api {

namespace {

std::vector<std::string> Split(std::string_view path) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/') ++i;
    const std::size_t j = std::min(path.find('/', i), path.size());
    if (j > i) out.emplace_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

}  // namespace

Service::Service(engine::Engine& engine, const Clock& clock, ServiceOptions options)
    : engine_(engine),
      clock_(clock),
      options_(std::move(options)),
      login_limiter_(clock, options_.login_limits),
      report_limiter_(clock, {.max_per_window = options_.citizen_reports_per_window,
                              .window = options_.citizen_report_window}) {
  if (options_.router != nullptr) {
    recommender_ = std::make_unique<dispatch::Recommender>(options_.router);
    gazetteer_ = std::make_unique<geo::Gazetteer>(geo::Gazetteer::Build(options_.router->graph()));
    roads_geojson_ = RoadsGeoJson(options_.router->graph());
  }
  compute_ = std::make_unique<util::WorkPool>(
      util::WorkPoolOptions{.name = "elink-compute",
                            .threads = std::max(1, options_.compute_threads),
                            .max_queued = std::max<std::size_t>(1, options_.compute_queue)});
  login_pool_ = std::make_unique<util::WorkPool>(
      util::WorkPoolOptions{.name = "elink-login",
                            .threads = std::max(1, options_.login_threads),
                            .max_queued = std::max<std::size_t>(1, options_.login_queue)});
  AddRoutes();
}

Service::~Service() {
  login_pool_->Stop();
  compute_->Stop();
}

void Service::AddRoutes() {
  context_.reset(new internal::RouteContext{
      .service = *this,
      .engine = engine_,
      .clock = clock_,
      .options = options_,
      .metrics = metrics_,
      .login_limiter = login_limiter_,
      .report_limiter = report_limiter_,
      .duplicates = duplicates_,
      .recommender = recommender_.get(),
      .gazetteer = gazetteer_.get(),
      .roads_geojson = roads_geojson_,
      .extra_gauges = extra_,
      .compute = *compute_,
      .login_pool = *login_pool_,
  });
  internal::RouteTable table(routes_, schemas_);
  internal::AddCommonSchemas(table);
  internal::AddOperationsRoutes(table, *context_);
  internal::AddSessionRoutes(table, *context_);
  internal::AddPublicRoutes(table, *context_);
  internal::AddReferenceRoutes(table, *context_);
  internal::AddUnitRoutes(table, *context_);
  internal::AddIncidentRoutes(table, *context_);
  internal::AddDispatchRoutes(table, *context_);
  internal::AddTaskRoutes(table, *context_);
  internal::AddWarningRoutes(table, *context_);
  internal::AddEventLogRoutes(table, *context_);
  internal::AddUserRoutes(table, *context_);
}

std::vector<RouteBodyLimit> Service::BodyLimits() {
  return {{"POST", "/api/v1/public/reports", kMaxReportBodyBytes}};
}

void Service::SetExtraGauges(
    std::function<std::vector<std::pair<std::pair<std::string, std::string>, double>>()> gauges) {
  extra_ = std::move(gauges);
}

std::vector<std::pair<std::string, std::string>> Service::Routes() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const Route& r : routes_) out.emplace_back(r.method, r.pattern);
  return out;
}

void Service::Handle(HttpRequest request, Respond respond) {
  auto call = std::make_shared<Call>();
  call->started = std::chrono::steady_clock::now();
  call->metrics = &metrics_;
  call->request = std::move(request);
  call->respond = std::move(respond);
  call->lang = LangOf(call->Query("lang"), call->request.Header("accept-language"));
  Dispatch(call);
}

void Service::Dispatch(const std::shared_ptr<Call>& call) {
  const std::vector<std::string> parts = Split(call->request.path);
  bool path_known = false;
  std::string allow;  // the methods served on the path, for a preflight
  std::string known_pattern;
  for (const Route& route : routes_) {
    if (route.segments.size() != parts.size()) continue;
    std::vector<std::string> params;
    bool match = true;
    for (std::size_t i = 0; i < parts.size() && match; ++i) {
      if (route.segments[i].front() == '{') {
        params.push_back(UrlDecode(parts[i]));
      } else {
        match = route.segments[i] == parts[i];
      }
    }
    if (!match) continue;
    path_known = true;
    if (route.method != call->request.method) {
      allow += route.method + ", ";
      known_pattern = route.pattern;
      continue;
    }
    call->route = route.pattern;
    call->params = std::move(params);
    call->state = engine_.View();
    if (!route.public_route) {
      const std::string header = call->request.Header("authorization");
      const std::string_view bearer = auth::BearerToken(header).value_or(std::string_view());
      Result<const core::User*> user =
          auth::Authenticate(*call->state, *options_.token_key.Get(), bearer, clock_.Now());
      if (!user.ok()) {
        call->Fail(user.status());
        return;
      }
      call->user = *user;
    }
    try {
      if (const Status s = route.fn(call); !s.ok()) call->Fail(s);
    } catch (const std::exception& e) {
      // A handler bug must not take the server down; the client learns it was our fault.
      spdlog::error("{} {}: {}", call->request.method, route.pattern, e.what());
      call->Fail(Status::Internal(msg::kInternalError));
    }
    return;
  }
  if (!path_known && options_.web != nullptr && call->request.method == "GET") {
    if (std::optional<HttpResponse> file = options_.web->Get(call->request.path)) {
      call->route = "static";
      call->Send(std::move(*file));
      return;
    }
  }
  if (path_known && call->request.method == "OPTIONS") {
    // A CORS preflight (or a plain OPTIONS) is answered, and grants nothing: no
    // Access-Control-Allow-* header, so a browser keeps a foreign page from sending anything but
    // a "simple" request, and the routes that take a body without a token refuse those (415).
    // The dashboard is served from this origin and needs no CORS at all.
    call->route = known_pattern;
    HttpResponse r;
    r.status = 204;
    r.content_type.clear();
    r.headers.emplace_back("Allow", allow + "OPTIONS");
    call->Send(std::move(r));
    return;
  }
  if (path_known) {
    call->Fail(405, "method_not_allowed",
               Status::FailedPrecondition(msg::kMethodNotServed, call->request.method));
  } else {
    call->route = "unmatched";
    call->Fail(404, "not_found", Status::NotFound(msg::kNoSuchRoute));
  }
}

}  // namespace elink::api
