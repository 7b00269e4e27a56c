// SPDX-License-Identifier: Apache-2.0
// The OpenAPI document, made from the route table that serves the requests: each route's
// parameters, request and answer schemas (routes/*.cpp), the errors it can answer, and whether it
// needs a bearer token.
#include "api/internal/call.hpp"
#include "api/internal/schema.hpp"

#include <algorithm>
#include <cctype>
#include <set>

namespace elink::api {

namespace {

namespace s = internal::schema;

// What each error status means, as the document says it.
std::string_view ErrorMeaning(int status) {
  switch (status) {
    case 304: return "Not modified";
    case 400: return "The request is not valid: the problem's field names what is wrong";
    case 401: return "No bearer token, or one that is expired, revoked or not valid";
    case 403: return "The caller's role or jurisdiction does not allow this";
    case 404: return "No such resource (or none the caller may see)";
    case 409: return "The resource is not in a state that allows this";
    case 413: return "The request body is larger than this route accepts";
    case 415: return "The request body is not sent as Content-Type: application/json";
    case 429: return "Too many attempts from this client; retry after the Retry-After seconds";
    case 500: return "An internal error";
    case 503:
      return "The center cannot answer this now (no road graph, or busy); retry after the "
             "Retry-After seconds when given";
    default: return "A problem";
  }
}

// The errors a route answers because of its shape: a token (401, 403), an id in the path (400,
// 404), a body or query to check (400; 413 and 503 for a body), on top of what the route declares
// (and 304 Not Modified where the route declares it).
std::set<int> ErrorsOf(const Service::Route& r) {
  std::set<int> out(r.errors.begin(), r.errors.end());
  if (!r.public_route) out.insert({401, 403});
  const bool has_path_param = std::any_of(r.segments.begin(), r.segments.end(),
                                          [](const std::string& seg) { return seg[0] == '{'; });
  if (has_path_param) out.insert({400, 404});
  if (!r.parameters.empty()) out.insert(400);
  // Any body is read and checked; and the server refuses to read one (503) while too many
  // bytes of anonymous or large bodies are held (ServerOptions::max_unauthenticated_body_bytes).
  if (r.method == "POST") out.insert({400, 413, 503});
  return out;
}

Json ProblemResponse(int status) {
  if (status == 304) {
    return {{"description", "Not modified: the client's copy (If-None-Match) is current"}};
  }
  return {{"description", ErrorMeaning(status)},
          {"content", {{"application/problem+json", {{"schema", s::Ref("Problem")}}}}}};
}

Json Operation(const Service::Route& r) {
  Json ok = {{"description", "OK"}};
  if (!r.produces.empty()) {
    Json content = Json::object();
    // Bytes, or JSON of another media type (GeoJSON) when the route gives its schema.
    for (const std::string& type : r.produces) {
      content[type] = {{"schema", r.response_schema.is_null()
                                      ? Json{{"type", "string"}, {"format", "binary"}}
                                      : r.response_schema}};
    }
    ok["content"] = content;
  } else if (!r.response_schema.is_null()) {
    ok["content"] = {{"application/json", {{"schema", r.response_schema}}}};
  }
  Json responses = {{std::to_string(r.success_status), ok}};
  for (const int status : ErrorsOf(r)) responses[std::to_string(status)] = ProblemResponse(status);
  responses["500"] = ProblemResponse(500);

  Json op = {{"operationId", r.operation_id}, {"summary", r.summary}, {"responses", responses}};
  // Every operation names its security: the document's default is a bearer token.
  op["security"] = r.public_route ? Json::array() : Json::array({{{"bearer", Json::array()}}});
  Json params = Json::array();
  for (const std::string& seg : r.segments) {
    if (seg.front() == '{') {
      params.push_back({{"name", seg.substr(1, seg.size() - 2)},
                        {"in", "path"},
                        {"required", true},
                        {"schema", s::Str()}});
    }
  }
  for (const Json& p : r.parameters) params.push_back(p);
  if (!params.empty()) op["parameters"] = params;
  if (!r.request_schema.is_null()) {
    op["requestBody"] = {{"required", true},
                         {"content", {{"application/json", {{"schema", r.request_schema}}}}}};
  }
  return op;
}

Json ProblemSchema() {
  Json p = s::Obj({{"type", s::Str()},
                   {"title", s::Str()},
                   {"status", s::Int()},
                   {"detail?", s::Str()},
                   {"field?", s::Described(s::Str(), "The request's field the problem is about")},
                   {"message_id?",
                    s::Described(s::Str(),
                                 "The id of the declared message the detail says "
                                 "(\"dispatch.name_a_unit\"), the same in every language; absent "
                                 "for a detail not yet declared")}});
  p["description"] = "A problem document (RFC 9457)";
  return p;
}

}  // namespace

Json Service::OpenApi() const {
  Json paths = Json::object();
  for (const Route& r : routes_) {
    std::string method = r.method;
    std::transform(method.begin(), method.end(), method.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    paths[r.pattern][method] = Operation(r);
  }
  Json schemas = schemas_;
  schemas["Problem"] = ProblemSchema();
  return {{"openapi", "3.0.3"},
          {"info",
           {{"title", "elink command center API"},
            {"version", "1"},
            {"license",
             {{"name", "Apache-2.0"}, {"url", "https://www.apache.org/licenses/LICENSE-2.0"}}},
            {"description",
             "区域应急联动指挥平台 API. Errors are problem documents whose title and detail are in "
             "zh-CN; send Accept-Language: en (or ?lang=en) for English. The live event stream is "
             "a WebSocket at /api/v1/stream?token=…&after=SEQ (401 with WWW-Authenticate: Bearer "
             "when the token does not do)."}}},
          {"servers", Json::array({{{"url", "http://127.0.0.1:8080"},
                                    {"description", "elink serve on its default address"}}})},
          {"security", Json::array({{{"bearer", Json::array()}}})},
          {"paths", paths},
          {"components",
           {{"securitySchemes", {{"bearer", {{"type", "http"}, {"scheme", "bearer"}}}}},
            {"schemas", schemas}}}};
}

}  // namespace elink::api
