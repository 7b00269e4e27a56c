#pragma once
// The route table of the REST API and what every resource's handlers share: RouteTable (each
// route with its method, pattern, operationId, summary and whether it is public: what the router
// serves and the OpenAPI document lists), RouteContext (the service's parts a handler uses, and
// submitting a command), the checks and readers the handlers of several resources use, and one
// Add*Routes function per resource (src/api/routes/<resource>.cpp).

#include "api/internal/call.hpp"
#include "api/internal/schema.hpp"
#include "api/json_input.hpp"
#include "auth/login_limiter.hpp"
#include "auth/policy.hpp"
#include "core/codec.hpp"
#include "dispatch/duplicates.hpp"
#include "dispatch/recommend.hpp"
#include "engine/engine.hpp"
#include "geo/gazetteer.hpp"
#include "util/work_pool.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace elink::api::internal {

using CallPtr = std::shared_ptr<Service::Call>;
// Replies itself (now or later) and returns OK, or returns the error to reply with.
using Handler = std::function<Status(const CallPtr&)>;

// What a resource says of one of its routes.
struct RouteSpec {
  std::string_view method;   // "GET", "POST"
  std::string_view pattern;  // "/api/v1/incidents/{id}": "{name}" is a path parameter
  // The OpenAPI operationId: lowerCamelCase, unique in the table ("listIncidents").
  std::string_view operation_id;
  std::string_view summary;
  bool is_public = false;  // served without a bearer token
};

// The routes of the service, in the order they were added (the router tries them in turn).
// Not thread-safe: filled once, while the service is built, and only read after.
class RouteTable {
 public:
  RouteTable(std::vector<Service::Route>& routes, Json& schemas)
      : routes_(routes), schemas_(schemas) {}

  // Adds a route; returns it, for the OpenAPI details a resource adds (request and answer
  // schemas, query parameters, errors). A missing or repeated operationId, or a repeated
  // (method, pattern), is a programmer error.
  Service::Route& Add(const RouteSpec& spec, Handler handler);

  // Names `schema` in the document's components (the dashboard's type of that name is generated
  // from it) and returns a reference to it. Naming two different schemas alike is a programmer
  // error; naming the same one twice is fine.
  Json Schema(std::string_view name, Json schema);

 private:
  std::vector<Service::Route>& routes_;
  Json& schemas_;
};

// The service's parts the handlers use; lives as long as the service (handlers keep a reference).
struct RouteContext {
  const Service& service;  // its OpenAPI document
  engine::Engine& engine;
  const Clock& clock;
  const ServiceOptions& options;
  Metrics& metrics;
  auth::LoginLimiter& login_limiter;
  // Public citizen reports per client address.
  auth::WindowLimiter& report_limiter;
  dispatch::DuplicateIndex& duplicates;
  dispatch::Recommender* recommender;  // null without a road graph
  const geo::Gazetteer* gazetteer;     // likewise
  const std::string& roads_geojson;    // likewise empty
  // Gauges the server adds to /metrics; may be empty.
  const std::function<std::vector<std::pair<std::pair<std::string, std::string>, double>>()>&
      extra_gauges;
  util::WorkPool& compute;
  // Password checks (argon2id): the only place a login's password is verified.
  util::WorkPool& login_pool;

  // The engine names the fields of its command; a FieldOf turns such a name into the request's
  // own (the merged incident is the engine's "duplicate" and the path's "id").
  using FieldOf = std::function<std::string(const std::string&)>;
  // Submits a command as the caller and answers `ok(reply)` once it is durable, or the engine's
  // refusal. Returns OK: the call is answered either way.
  Status Submit(const CallPtr& call, engine::CommandBody body,
                std::function<void(const engine::Reply&)> ok, FieldOf field_of = nullptr) const;
  // Runs `work` on the compute pool; an error it returns is the call's answer. kUnavailable at
  // once (503) when the pool's queue is full.
  Status OnCompute(const CallPtr& call, std::function<Status()> work) const;
};

// The usual answer to a command once it is durable: 200 {"saved", "first_seq", "last_seq"}.
std::function<void(const engine::Reply&)> Saved(const CallPtr& call);
// Its schema (the document's CommandResponse).
Json SavedSchema();

// The incident `text` names, if the caller may see it; errors name `field` (the path's "id", or
// the body's field that named it). kInvalidArgument, kNotFound, kPermissionDenied.
Result<const core::Incident*> VisibleIncident(const Service::Call& call, const std::string& text,
                                              const std::string& field = "id");
// The unit `id`, if the caller may see it. kNotFound, kPermissionDenied naming `field`.
Result<const core::Unit*> VisibleUnit(const Service::Call& call, const std::string& id,
                                      const std::string& field);
// Whether the caller may do `action` (on `target`'s jurisdiction): auth::Check.
Status Allowed(const Service::Call& call, auth::Action action,
               std::optional<core::OrgId> target = std::nullopt);

// {"to": <code>, <text_field>: optional free text}: the body of every status-like change.
template <typename E>
Result<std::pair<E, std::string>> ReadChange(const std::string& body,
                                             std::string_view text_field = "reason") {
  ELINK_ASSIGN_OR_RETURN(JsonObject j, JsonObject::Parse(body));
  std::string to;
  std::string text;
  ELINK_RETURN_IF_ERROR(j.String("to", &to, true, 32));
  ELINK_RETURN_IF_ERROR(j.String(text_field, &text, false));
  ELINK_RETURN_IF_ERROR(j.Finish());
  ELINK_ASSIGN_OR_RETURN(const E value, core::ParseEnumField<E>(to, "to"));
  return std::pair{value, std::move(text)};
}

// The schema of ReadChange's body: {"to": `to`, <text_field>?: string}.
inline Json StatusChangeSchema(Json to, std::string_view text_field = "reason") {
  Json s = schema::Obj({{"to", std::move(to)}});
  s["properties"][std::string(text_field)] = schema::Str();
  return s;
}

// Whether the request says its body is JSON: Content-Type application/json, in any case, with
// parameters or not ("application/json; charset=utf-8"). The public routes that take a body
// require it: any other type (text/plain, a form) is a CORS "simple" request that a foreign page
// can make its visitors' browsers send without a preflight. Otherwise answers 415 and returns
// false; the handler then returns OK without reading the body.
bool RequireJsonBody(Service::Call& call);

// A public warning as the API shows it, with its CAP link.
Json AlertJson(const core::Alert& a, TimePoint now);
// The schema of AlertJson ("AlertItem"), or of the public one without "org" ("PublicAlert").
Json AlertSchema(RouteTable& table, bool with_org);

// The routes of each resource (src/api/routes/<resource>.cpp), added in this order:
// operations.cpp (healthz, readyz, metrics, openapi.json), session.cpp (login, me), public.cpp
// (citizen reports, public warnings), reference.cpp (incident types, organisations, grids,
// stations, plans, roads, places), units.cpp, incidents.cpp, dispatch.cpp (recommendation, unit
// routes, dispatch, joint assignment), tasks.cpp, warnings.cpp (alerts, sensors), events.cpp,
// users.cpp (user administration). The schemas several resources use: Localized ({zh, en}), LatLon,
// CommandResponse (Saved).
void AddCommonSchemas(RouteTable& table);
void AddOperationsRoutes(RouteTable& table, RouteContext& ctx);
void AddSessionRoutes(RouteTable& table, RouteContext& ctx);
void AddPublicRoutes(RouteTable& table, RouteContext& ctx);
void AddReferenceRoutes(RouteTable& table, RouteContext& ctx);
void AddUnitRoutes(RouteTable& table, RouteContext& ctx);
void AddIncidentRoutes(RouteTable& table, RouteContext& ctx);
void AddDispatchRoutes(RouteTable& table, RouteContext& ctx);
void AddTaskRoutes(RouteTable& table, RouteContext& ctx);
void AddWarningRoutes(RouteTable& table, RouteContext& ctx);
void AddEventLogRoutes(RouteTable& table, RouteContext& ctx);
void AddUserRoutes(RouteTable& table, RouteContext& ctx);

}  // namespace elink::api::internal
