// SPDX-License-Identifier: Apache-2.0
// The OpenAPI document, made from the route table that serves the requests.
#include "api/internal/call.hpp"

#include <algorithm>
#include <cctype>

namespace elink::api {

Json Service::OpenApi() const {
  Json paths = Json::object();
  for (const Route& r : routes_) {
    Json op = {{"operationId", r.operation_id},
               {"summary", r.summary},
               {"responses",
                {{"200", {{"description", "OK"}}},
                 {"default",
                  {{"description", "A problem document (RFC 9457)"},
                   {"content",
                    {{"application/problem+json",
                      {{"schema", {{"$ref", "#/components/schemas/Problem"}}}}}}}}}}}};
    if (!r.public_route) op["security"] = Json::array({{{"bearer", Json::array()}}});
    Json params = Json::array();
    for (const std::string& seg : r.segments) {
      if (seg.front() == '{') {
        params.push_back({{"name", seg.substr(1, seg.size() - 2)},
                          {"in", "path"},
                          {"required", true},
                          {"schema", {{"type", "string"}}}});
      }
    }
    if (!params.empty()) op["parameters"] = params;
    if (!r.produces.empty()) {
      Json content = Json::object();
      for (const std::string& type : r.produces) {
        content[type] = {{"schema", {{"type", "string"}, {"format", "binary"}}}};
      }
      op["responses"]["200"]["content"] = content;
    }
    if (!r.request_schema.is_null()) {
      op["requestBody"] = {{"required", true},
                           {"content", {{"application/json", {{"schema", r.request_schema}}}}}};
    }
    std::string method = r.method;
    std::transform(method.begin(), method.end(), method.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    paths[r.pattern][method] = op;
  }
  return {{"openapi", "3.0.3"},
          {"info",
           {{"title", "elink command center API"},
            {"version", "1"},
            {"description",
             "区域应急联动指挥平台 API. Errors are problem documents whose title and detail are in "
             "zh-CN; send Accept-Language: en (or ?lang=en) for English. The live event stream is "
             "a WebSocket at /api/v1/stream?token=…&after=SEQ (401 with WWW-Authenticate: Bearer "
             "when the token does not do)."}}},
          {"paths", paths},
          {"components",
           {{"securitySchemes", {{"bearer", {{"type", "http"}, {"scheme", "bearer"}}}}},
            {"schemas",
             {{"Problem",
               {{"type", "object"},
                {"properties",
                 {{"type", {{"type", "string"}}},
                  {"title", {{"type", "string"}}},
                  {"status", {{"type", "integer"}}},
                  {"detail", {{"type", "string"}}},
                  {"field", {{"type", "string"}}},
                  {"message_id",
                   {{"type", "string"},
                    {"description",
                     "The id of the declared message the detail says (\"dispatch.name_a_unit\"), "
                     "the same in every language; absent for a detail not yet declared"}}}}}}}}}}}};
}

}  // namespace elink::api
