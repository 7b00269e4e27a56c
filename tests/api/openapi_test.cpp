// SPDX-License-Identifier: Apache-2.0
// The OpenAPI document as a client generator needs it (every operation with its answer's schema,
// its errors and its security; every reference resolving; no schema left unused), and the checker
// every API test runs each answer through (tests/api/openapi_check.hpp) catching what it must.
#include "api/openapi_check.hpp"
#include "api/service_fixture.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <set>
#include <string>

namespace elink::api {
namespace {

using testing::AnswerError;
using testing::FindOperation;
using testing::SchemaError;

// Every "$ref" under `j`.
void CollectRefs(const Json& j, std::set<std::string>* refs) {
  if (j.is_object()) {
    for (const auto& [k, v] : j.items()) {
      if (k == "$ref" && v.is_string()) refs->insert(v.get<std::string>());
      CollectRefs(v, refs);
    }
  } else if (j.is_array()) {
    for (const Json& v : j) CollectRefs(v, refs);
  }
}

TEST_F(ServiceTest, EveryOperationSaysWhatItTakesAnswersAndRefuses) {
  const Reply doc = Call("GET", "/api/v1/openapi.json");
  ASSERT_EQ(doc.status, 200);
  ASSERT_TRUE(doc.body["servers"].is_array() && !doc.body["servers"].empty());
  for (const auto& [path, ops] : doc.body["paths"].items()) {
    for (const auto& [method, op] : ops.items()) {
      const std::string name = method + " " + path;
      ASSERT_TRUE(op.contains("security")) << name;
      const bool is_public = op["security"].empty();
      const Json& responses = op["responses"];
      bool success = false;
      bool client_error = false;
      for (const auto& [code, response] : responses.items()) {
        const int status = std::stoi(code);
        if (status >= 200 && status < 300) {
          success = true;
          // JSON with its schema, or the media types of the bytes it sends.
          ASSERT_TRUE(response.contains("content")) << name << " " << code;
          for (const auto& [type, media] : response["content"].items()) {
            EXPECT_TRUE(media.contains("schema")) << name << " " << type;
          }
        }
        if (status >= 400 && status < 500) {
          client_error = true;
          EXPECT_TRUE(response["content"].contains("application/problem+json")) << name << code;
        }
      }
      EXPECT_TRUE(success) << name;
      // Only what reads no input and needs no token cannot be refused (healthz, metrics, ...).
      EXPECT_EQ(client_error, !is_public || op.contains("parameters") || method == "post") << name;
      if (!is_public) {
        EXPECT_TRUE(responses.contains("401") && responses.contains("403")) << name;
      }
      if (method == "post") {
        EXPECT_TRUE(op.contains("requestBody")) << name << " takes a body: its schema";
        EXPECT_TRUE(responses.contains("413")) << name;
      }
    }
  }
  // Every reference resolves, and every named schema is used somewhere.
  std::set<std::string> refs;
  CollectRefs(doc.body["paths"], &refs);
  for (std::size_t before = 0; before != refs.size();) {
    before = refs.size();
    for (const std::string& ref : std::set<std::string>(refs)) {
      CollectRefs(doc.body["components"]["schemas"][ref.substr(ref.rfind('/') + 1)], &refs);
    }
  }
  std::set<std::string> named;
  for (const auto& [name, s] : doc.body["components"]["schemas"].items()) {
    named.insert("#/components/schemas/" + name);
  }
  EXPECT_EQ(refs, named);
}

TEST_F(ServiceTest, TheDashboardsTypesAreInTheDocument) {
  const Reply doc = Call("GET", "/api/v1/openapi.json");
  ASSERT_EQ(doc.status, 200);
  // The names web/src/api/types.ts takes from the generated types.
  for (const char* name : {"Localized",
                           "Role",
                           "User",
                           "LoginResponse",
                           "UnitStatus",
                           "UnitType",
                           "IncidentStatus",
                           "Level",
                           "Category",
                           "Source",
                           "TaskStatus",
                           "LatLon",
                           "UnitPosition",
                           "Unit",
                           "IncidentSummary",
                           "Casualties",
                           "Task",
                           "ChronologyEntry",
                           "IncidentDetail",
                           "Pick",
                           "RecommendationLine",
                           "Recommendation",
                           "DuplicateCandidate",
                           "CreateIncidentBody",
                           "CreateIncidentResponse",
                           "IncidentNoteBody",
                           "CommandResponse",
                           "Department",
                           "OrgTier",
                           "Organisation",
                           "Grid",
                           "Station",
                           "PlanLevel",
                           "Plan",
                           "Place",
                           "UnitRoute",
                           "RoutesResponse",
                           "AlertLevel",
                           "AlertItem",
                           "IncidentPage",
                           "Problem",
                           "SensorItem",
                           "SensorTrackItem",
                           "IncidentType",
                           "DuplicateRule"}) {
    EXPECT_TRUE(doc.body["components"]["schemas"].contains(name)) << name;
  }
  // Vocabularies are the server's own codes, in order.
  Json statuses = Json::array();
  for (const auto& info : core::EnumTable<core::UnitStatus>()) statuses.push_back(info.code);
  EXPECT_EQ(doc.body["components"]["schemas"]["UnitStatus"]["enum"], statuses);
}

// The checker the fixture runs on every answer: what it must catch.
TEST(OpenApiCheckTest, CatchesAnswersThatDoNotMatch) {
  const Json doc = Json::parse(R"({
    "paths": {
      "/things/{id}": {"get": {"operationId": "getThing", "responses": {
        "200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/T"}}}},
        "404": {"content": {"application/problem+json": {"schema": {"type": "object"}}}}}}},
      "/things/new": {"get": {"operationId": "newThing", "responses": {"200": {}}}},
      "/things": {"post": {"operationId": "addThing",
        "requestBody": {"content": {"application/json": {"schema": {"type": "object",
          "properties": {"n": {"type": "integer"}}, "additionalProperties": false}}}},
        "responses": {"201": {}}}}
    },
    "components": {"schemas": {"T": {"type": "object", "required": ["id", "kind"],
      "additionalProperties": false,
      "properties": {"id": {"type": "integer"},
                     "kind": {"type": "string", "enum": ["a", "b"]},
                     "at": {"type": "string", "format": "date-time", "nullable": true},
                     "tags": {"type": "array", "items": {"type": "string"}},
                     "parent": {"allOf": [{"$ref": "#/components/schemas/T"}], "nullable": true}}}}}
  })");
  const auto answer = [&](const std::string& body, int status = 200) {
    return AnswerError(doc, "GET", "/things/7?x=1", "", status, "application/json", body);
  };
  EXPECT_EQ(answer(R"({"id": 7, "kind": "a"})"), "");
  EXPECT_EQ(answer(R"({"id": 7, "kind": "a", "at": null, "parent": null})"), "");
  EXPECT_EQ(answer(R"({"id": 7, "kind": "a", "at": "2026-12-07T09:30:00Z", "tags": ["x"]})"), "");
  EXPECT_EQ(answer(R"({"id": 7, "kind": "a", "parent": {"id": 1, "kind": "b"}})"), "");
  EXPECT_NE(answer(R"({"id": 7})"), "") << "a required field missing";
  EXPECT_NE(answer(R"({"id": 7, "kind": "a", "extra": 1})"), "") << "a field the schema lacks";
  EXPECT_NE(answer(R"({"id": 7, "kind": "c"})"), "") << "a code outside the enum";
  EXPECT_NE(answer(R"({"id": "7", "kind": "a"})"), "") << "a string for an integer";
  EXPECT_NE(answer(R"({"id": 7.5, "kind": "a"})"), "") << "a fraction for an integer";
  EXPECT_NE(answer(R"({"id": 7, "kind": null})"), "") << "null where none is allowed";
  EXPECT_NE(answer(R"({"id": 7, "kind": "a", "at": "yesterday"})"), "") << "not a date-time";
  EXPECT_NE(answer(R"({"id": 7, "kind": "a", "tags": [1]})"), "") << "an item of the wrong type";
  EXPECT_NE(answer(R"({"id": 7, "kind": "a", "parent": {"id": 1}})"), "") << "nested, by $ref";
  EXPECT_NE(answer("not json"), "");
  EXPECT_NE(answer("{}", 409), "") << "a status the operation does not declare";
  EXPECT_EQ(AnswerError(doc, "GET", "/things/7", "", 200, "text/html", "<p>"),
            "answered 200 as text/html, which the operation does not declare");
  // A literal segment wins over a parameter; unknown targets are not the checker's business.
  ASSERT_NE(FindOperation(doc, "GET", "/things/new"), nullptr);
  EXPECT_EQ((*FindOperation(doc, "GET", "/things/new"))["operationId"], "newThing");
  EXPECT_EQ((*FindOperation(doc, "GET", "/things/8"))["operationId"], "getThing");
  EXPECT_EQ(FindOperation(doc, "DELETE", "/things/8"), nullptr);
  EXPECT_EQ(AnswerError(doc, "GET", "/elsewhere", "", 200, "text/html", ""), "");
  // A request the server accepted must be one its schema accepts.
  EXPECT_EQ(AnswerError(doc, "POST", "/things", R"({"n": 2})", 201, "", ""), "");
  EXPECT_EQ(AnswerError(doc, "POST", "/things", R"({"n": 2.0})", 201, "", ""), "");
  EXPECT_NE(AnswerError(doc, "POST", "/things", R"({"n": 2, "m": 1})", 201, "", ""), "");
  // An unresolvable reference is an error, not a pass.
  EXPECT_NE(SchemaError(doc, Json{{"$ref", "#/components/schemas/Nope"}}, Json(1)), "");
}

}  // namespace
}  // namespace elink::api
