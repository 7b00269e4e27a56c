// SPDX-License-Identifier: Apache-2.0
// The REST API over real sockets, on a real SQLite center holding the demo region (San
// Francisco): sign-in and tokens, an incident's life through the API, jurisdiction and roles,
// bad input (each refusal a problem document naming the field, the log unchanged), the event log
// without secrets, operations endpoints, and the OpenAPI document against the routes served.
#include "api/service_fixture.hpp"
#include "api/ws_client.hpp"
#include "core/incident_types.hpp"
#include "dispatch/duplicates.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <map>
#include <set>
#include <string>
#include <thread>

namespace elink::api {
namespace {

using testing::Client;
namespace beast = boost::beast;

TEST_F(ServiceTest, SignInGivesATokenAndWrongPasswordsAreLimited) {
  const std::string token = Login("central");
  ASSERT_FALSE(token.empty());
  const Reply me = Call("GET", "/api/v1/me", "", token);
  EXPECT_EQ(me.status, 200);
  EXPECT_EQ(me.body["role"], "dispatcher");
  EXPECT_EQ(me.body["org"], "sf-central");
  EXPECT_EQ(me.raw.find("argon2"), std::string::npos) << "the hash never leaves the server";

  const std::uint64_t head = Head();
  const Reply wrong =
      Call("POST", "/api/v1/auth/login", R"({"user": "central", "password": "nope nope"})");
  ExpectProblem(wrong, 401, "", head);
  EXPECT_EQ(wrong.body["title"], "未登录或登录已过期") << "zh-CN by default";
  const Reply unknown =
      Call("POST", "/api/v1/auth/login", R"({"user": "nobody", "password": "nope nope"})", "",
           "Accept-Language: en-GB,en\r\n");
  EXPECT_EQ(unknown.status, 401);
  const Reply wrong_en =
      Call("POST", "/api/v1/auth/login", R"({"user": "central", "password": "nope nope"})", "",
           "Accept-Language: en-GB,en\r\n");
  EXPECT_EQ(unknown.body["detail"], wrong_en.body["detail"]) << "unknown and wrong look the same";
  EXPECT_EQ(wrong.body["detail"], "用户名或密码错误") << "zh-CN by default, the detail too";
  EXPECT_EQ(unknown.body["title"], "Not signed in, or the session has expired");
  for (int i = 0; i < 5; ++i) {
    Call("POST", "/api/v1/auth/login", R"({"user": "central", "password": "wrong again"})");
  }
  const Reply limited =
      Call("POST", "/api/v1/auth/login", Json{{"user", "central"}, {"password", kPassword}}.dump());
  EXPECT_EQ(limited.status, 429) << "even the right password waits once locked";
  clock_.Advance(std::chrono::minutes(16));
  EXPECT_FALSE(Login("central").empty()) << "the lock ends with its window";
}

TEST_F(ServiceTest, ExpiredForgedAndRevokedTokensAreRefused) {
  const std::string token = Login("central");
  EXPECT_EQ(Call("GET", "/api/v1/me").status, 401) << "no token";
  std::string forged = token;
  forged[forged.size() / 2] = forged[forged.size() / 2] == 'A' ? 'B' : 'A';
  EXPECT_EQ(Call("GET", "/api/v1/me", "", forged).status, 401);
  EXPECT_EQ(Call("GET", "/api/v1/me", "", "garbage.garbage").status, 401);
  clock_.Advance(std::chrono::hours(13));
  EXPECT_EQ(Call("GET", "/api/v1/me", "", token).status, 401) << "expired after 12 h";
  const std::string fresh = Login("central");
  EXPECT_EQ(Call("GET", "/api/v1/me", "", fresh).status, 200);
  ASSERT_TRUE(engine_->Execute({"admin", "", auth::SetUserDisabled{"central", true}}).ok());
  EXPECT_EQ(Call("GET", "/api/v1/me", "", fresh).status, 401) << "disabled user";
}

TEST_F(ServiceTest, AnIncidentFromCallToTasksThroughTheApi) {
  const std::string central = Login("central");
  const std::string chief = Login("chief");
  const std::uint64_t id = CreateIncident(central);
  ASSERT_GT(id, 0U);
  const std::string path = "/api/v1/incidents/" + std::to_string(id);
  const Reply list = Call("GET", "/api/v1/incidents", "", central);
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.body["items"].size(), 1U);
  EXPECT_EQ(list.body["items"][0]["jurisdiction"], "sf-marina");

  EXPECT_EQ(Call("POST", path + "/status", R"({"to": "verified"})", central).status, 200);
  const Reply detail = Call("GET", path, "", central);
  ASSERT_EQ(detail.status, 200);
  EXPECT_EQ(detail.body["status"], "verified");
  EXPECT_EQ(detail.body["plan"], "fire-residential");
  ASSERT_FALSE(detail.body["tasks"].empty());
  ASSERT_FALSE(detail.body["chronology"].empty());
  EXPECT_NE(detail.body["chronology"].back()["text"]["zh"].get<std::string>().find("启动"),
            std::string::npos);

  EXPECT_EQ(Call("POST", path + "/dispatch", R"({"units": ["E16", "T5"]})", central).status, 200);
  EXPECT_EQ(Call("POST", "/api/v1/units/E16/status", R"({"to": "en_route"})", central).status, 200);
  EXPECT_EQ(Call("POST", "/api/v1/units/positions",
                 R"({"reports": [{"unit": "E16", "lat": 37.801, "lon": -122.436}]})", central)
                .status,
            200);
  const Reply e16 = Call("GET", "/api/v1/units/E16", "", central);
  EXPECT_EQ(e16.body["status"], "en_route");
  EXPECT_EQ(e16.body["incident"], id);
  EXPECT_DOUBLE_EQ(e16.body["position"]["lat"].get<double>(), 37.801);
  EXPECT_EQ(
      Call("POST", path + "/tasks/1", R"({"to": "acknowledged", "note": "收到"})", central).status,
      200);
  // Raising the level is the commander's call.
  const std::uint64_t head = Head();
  ExpectProblem(Call("POST", path + "/level", R"({"to": "III"})", central), 403, "", head);
  EXPECT_EQ(Call("POST", path + "/level", R"({"to": "III"})", chief).status, 200);
  const Reply after = Call("GET", path, "", chief);
  EXPECT_EQ(after.body["level"], "III");
  EXPECT_EQ(after.body["tasks"][0]["status"], "acknowledged");
  EXPECT_GT(after.body["tasks"].size(), detail.body["tasks"].size()) << "level III adds tasks";
}

// A second report at the same place is saved and answered with the first as its probable
// duplicate (searched off the engine's writer thread, on the compute pool); the detail's own
// search finds the same.
TEST_F(ServiceTest, ASecondReportAtTheSamePlaceComesBackWithTheFirstAsItsDuplicate) {
  const std::string central = Login("central");
  const std::uint64_t first = CreateIncident(central);
  const Reply second =
      Call("POST", "/api/v1/incidents",
           R"({"type": "fire.residential", "location": )" + kMarina + "}", central);
  ASSERT_EQ(second.status, 201) << second.raw;
  EXPECT_TRUE(second.body["saved"].get<bool>());
  EXPECT_TRUE(second.body["duplicates_checked"].get<bool>()) << second.raw;
  ASSERT_EQ(second.body["duplicates"].size(), 1U) << second.raw;
  EXPECT_EQ(second.body["duplicates"][0]["id"], first);
  EXPECT_EQ(second.body["duplicates"][0]["type"], "fire.residential");
  const Reply again = Call(
      "GET",
      "/api/v1/incidents/" + std::to_string(second.body["id"].get<std::uint64_t>()) + "/duplicates",
      "", central);
  ASSERT_EQ(again.status, 200) << again.raw;
  ASSERT_EQ(again.body["items"].size(), 1U) << again.raw;
  EXPECT_EQ(again.body["items"][0], second.body["duplicates"][0]);
}

// A note (补充记录) goes into the incident's record, shown in its chronology in both languages;
// it is refused empty, too long, for a merged incident or outside the caller's jurisdiction.
TEST_F(ServiceTest, NotesGoIntoTheIncidentsChronology) {
  const std::string central = Login("central");
  const std::uint64_t id = CreateIncident(central);
  const std::string path = "/api/v1/incidents/" + std::to_string(id);
  const Reply added =
      Call("POST", path + "/notes", R"({"text": "报警人称三楼有老人未撤出"})", central);
  ASSERT_EQ(added.status, 201) << added.raw;
  EXPECT_TRUE(added.body["saved"].get<bool>());
  const Reply detail = Call("GET", path, "", central);
  ASSERT_EQ(detail.status, 200);
  const Json& last = detail.body["chronology"].back();
  EXPECT_EQ(last["what"], "incident_note_added") << last.dump();
  EXPECT_EQ(last["detail"], "报警人称三楼有老人未撤出") << last.dump();
  EXPECT_TRUE(last["text"]["zh"].get<std::string>().ends_with(
      "  central  补充记录：报警人称三楼有老人未撤出"))
      << last.dump();
  EXPECT_TRUE(
      last["text"]["en"].get<std::string>().ends_with("  central  note: 报警人称三楼有老人未撤出"))
      << last.dump();
  EXPECT_EQ(last["actor"], "central");

  const std::uint64_t head = Head();
  ExpectProblem(Call("POST", path + "/notes", R"({"text": ""})", central), 400, "text", head);
  ExpectProblem(
      Call("POST", path + "/notes", Json{{"text", std::string(4001, 'x')}}.dump(), central), 400,
      "text", head);
  ExpectProblem(Call("POST", path + "/notes", R"({"text": "x", "extra": 1})", central), 400,
                "extra", head);
  ExpectProblem(Call("POST", "/api/v1/incidents/999999/notes", R"({"text": "x"})", central), 404,
                "", head);
  // Another district does not see the incident; a viewer sees it and may not write.
  ExpectProblem(Call("POST", path + "/notes", R"({"text": "x"})", Login("west")), 403, "id", head);
  ExpectProblem(Call("POST", path + "/notes", R"({"text": "x"})", Login("watcher")), 403, "", head);
  const std::uint64_t other = CreateIncident(central);
  ASSERT_EQ(Call("POST", "/api/v1/incidents/" + std::to_string(other) + "/merge",
                 Json{{"into", id}}.dump(), Login("chief"))
                .status,
            200);
  const std::uint64_t merged_head = Head();
  ExpectProblem(Call("POST", "/api/v1/incidents/" + std::to_string(other) + "/notes",
                     R"({"text": "x"})", central),
                409, "incident", merged_head);
}

TEST_F(ServiceTest, EachUserSeesAndActsOnlyInItsJurisdiction) {
  const std::string central = Login("central");
  const std::string west = Login("west");
  const std::string chief = Login("chief");
  const std::string watcher = Login("watcher");
  const std::uint64_t marina = CreateIncident(central);
  const std::uint64_t richmond = CreateIncident(west, kRichmond);
  const std::string m = "/api/v1/incidents/" + std::to_string(marina);

  const auto ids = [&](const std::string& token) {
    std::set<std::uint64_t> out;
    const Reply list = Call("GET", "/api/v1/incidents", "", token);
    for (const auto& i : list.body["items"]) {
      out.insert(i["id"].get<std::uint64_t>());
    }
    return out;
  };
  EXPECT_EQ(ids(central), (std::set<std::uint64_t>{marina}));
  EXPECT_EQ(ids(west), (std::set<std::uint64_t>{richmond}));
  EXPECT_EQ(ids(chief), (std::set<std::uint64_t>{marina, richmond})) << "the city sees both";
  EXPECT_EQ(ids(watcher), (std::set<std::uint64_t>{marina}));

  std::uint64_t head = Head();
  ExpectProblem(Call("GET", m, "", west), 403, "id", head);
  ExpectProblem(Call("POST", m + "/status", R"({"to": "verified"})", west), 403, "id", head);
  ExpectProblem(Call("POST", m + "/status", R"({"to": "verified"})", watcher), 403, "", head);
  ExpectProblem(Call("POST", "/api/v1/incidents",
                     R"({"type": "fire.residential", "location": )" + kMarina + "}", west),
                403, "location", head);
  // A West unit is not Central's to move.
  ExpectProblem(Call("POST", "/api/v1/units/E41/status", R"({"to": "out_of_service"})", central),
                403, "id", head);

  // Shared with the West district, the Marina fire is West's to see and help with.
  EXPECT_EQ(Call("POST", m + "/share", R"({"org": "sf-west"})", chief).status, 200);
  EXPECT_EQ(Call("GET", m, "", west).status, 200);
  EXPECT_EQ(ids(west), (std::set<std::uint64_t>{marina, richmond}));
}

TEST_F(ServiceTest, BadInputIsAProblemNamingTheFieldAndChangesNothing) {
  const std::string token = Login("central");
  const std::uint64_t head = Head();
  const auto post = [&](const std::string& body) {
    return Call("POST", "/api/v1/incidents", body, token);
  };
  ExpectProblem(post(""), 400, "body", head);
  ExpectProblem(post("{\"type\": "), 400, "body", head);
  ExpectProblem(post("[1, 2]"), 400, "body", head);
  ExpectProblem(post(std::string(100000, '[')), 400, "body", head);
  ExpectProblem(post(R"({"location": )" + kMarina + "}"), 400, "type", head);
  ExpectProblem(post(R"({"type": 5, "location": )" + kMarina + "}"), 400, "type", head);
  ExpectProblem(post(R"({"type": "fire.residential"})"), 400, "location", head);
  ExpectProblem(post(R"({"type": "fire.residential", "location": {"lat": "north", "lon": 1}})"),
                400, "location.lat", head);
  ExpectProblem(post(R"({"type": "fire.residential", "location": {"lat": 1e308, "lon": 1}})"), 400,
                "location.lat", head);
  ExpectProblem(
      post(R"({"type": "fire.residential", "location": {"lat": 37.8, "lon": -122.4, "alt": 3}})"),
      400, "location.alt", head);
  ExpectProblem(
      post(R"({"type": "fire.residential", "colour": "red", "location": )" + kMarina + "}"), 400,
      "colour", head);
  ExpectProblem(post(R"({"type": "fire.nosuch", "location": )" + kMarina + "}"), 400, "type", head);
  ExpectProblem(post(R"({"type": "fire.residential", "level": "V", "location": )" + kMarina + "}"),
                400, "level", head);
  ExpectProblem(
      post(
          R"({"type": "fire.residential", "casualties": {"injured": 99999999999999999999}, "location": )" +
          kMarina + "}"),
      400, "casualties.injured", head);
  ExpectProblem(post(R"({"type": "fire.residential", "casualties": {"injured": -1}, "location": )" +
                     kMarina + "}"),
                400, "casualties.injured", head);
  ExpectProblem(post(Json{{"type", "fire.residential"},
                          {"description", std::string(5000, 'x')},
                          {"location", {{"lat", 37.8003}, {"lon", -122.4372}}}}
                         .dump()),
                400, "description", head);
  ExpectProblem(post(Json{{"type", "fire.residential"},
                          {"address", "a\u0001b"},
                          {"location", {{"lat", 37.8003}, {"lon", -122.4372}}}}
                         .dump()),
                400, "address", head);
  ExpectProblem(post("{\"type\": \"fire.residential\", \"address\": \"\xff\xfe\", \"location\": " +
                     kMarina + "}"),
                400, "body", head);
  // Over the server's body limit (1 MiB): refused before the service sees it.
  const Reply huge = post("{\"description\": \"" + std::string(2 << 20, 'x') + "\"}");
  EXPECT_EQ(huge.status, 413);
  EXPECT_EQ(Head(), head);
  // Routes: unknown ids and paths, wrong methods.
  ExpectProblem(Call("GET", "/api/v1/incidents/0", "", token), 400, "id", head);
  ExpectProblem(Call("GET", "/api/v1/incidents/abc", "", token), 400, "id", head);
  ExpectProblem(Call("GET", "/api/v1/incidents/99999999999999999999999", "", token), 400, "id",
                head);
  ExpectProblem(Call("GET", "/api/v1/incidents/42", "", token), 404, "id", head);
  ExpectProblem(Call("GET", "/api/v1/nothing", "", token), 404, "", head);
  ExpectProblem(Call("DELETE", "/api/v1/incidents", "", token), 405, "", head);
  ExpectProblem(Call("GET", "/api/v1/incidents?limit=0", "", token), 400, "limit", head);
  ExpectProblem(Call("GET", "/api/v1/incidents?status=burning", "", token), 400, "status", head);
  ExpectProblem(Call("GET", "/api/v1/units?type=spaceship", "", token), 400, "type", head);
  // Commands the engine refuses come back as problems too.
  const std::uint64_t id = CreateIncident(token);
  const std::string p = "/api/v1/incidents/" + std::to_string(id);
  const std::uint64_t after_create = Head();
  ExpectProblem(Call("POST", p + "/dispatch", R"({"units": ["E16"]})", token), 409, "incident",
                after_create);
  ExpectProblem(Call("POST", p + "/dispatch", R"({"units": []})", token), 400, "units",
                after_create);
  ExpectProblem(Call("POST", p + "/dispatch", R"({"units": ["NOPE"]})", token), 404, "units[0]",
                after_create);
  ExpectProblem(Call("POST", p + "/status", R"({"to": "flying"})", token), 400, "to", after_create);
  ExpectProblem(Call("POST", p + "/tasks/1", R"({"to": "done"})", token), 404, "task",
                after_create);
}

TEST_F(ServiceTest, CitizensReportWithoutSigningInAndAreLimitedPerAddress) {
  const std::string report =
      R"({"type": "flood.waterlogging", "text": "积水没过膝盖 water up to the knee", "location": )" +
      kMarina + R"(, "phone": "13800000000"})";
  const Reply first = Call("POST", "/api/v1/public/reports", report);
  ASSERT_EQ(first.status, 201) << first.raw;
  const std::uint64_t id = first.body["reference"].get<std::uint64_t>();
  const Reply seen = Call("GET", "/api/v1/incidents/" + std::to_string(id), "", Login("central"));
  ASSERT_EQ(seen.status, 200);
  EXPECT_EQ(seen.body["status"], "reported") << "a dispatcher verifies it";
  EXPECT_EQ(seen.body["source"], "citizen");
  EXPECT_EQ(seen.body["reporter"]["phone"], "13800000000");

  std::uint64_t head = Head();
  ExpectProblem(Call("POST", "/api/v1/public/reports", R"({"type": "flood.waterlogging"})"), 400,
                "text", head);
  ExpectProblem(
      Call("POST", "/api/v1/public/reports",
           R"({"type": "flood.waterlogging", "text": "   ", "location": )" + kMarina + "}"),
      400, "text", head);
  ExpectProblem(
      Call("POST", "/api/v1/public/reports",
           R"({"type": "flood.waterlogging", "text": "x", "photo": "AAAA", "location": )" +
               kMarina + "}"),
      400, "photo", head);
  ExpectProblem(Call("POST", "/api/v1/public/reports",
                     Json{{"type", "flood.waterlogging"},
                          {"text", std::string(2001, 'x')},
                          {"location", {{"lat", 37.8}, {"lon", -122.43}}}}
                         .dump()),
                400, "text", head);
  // Five well-formed reports per address per ten minutes; the sixth waits.
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(Call("POST", "/api/v1/public/reports", report).status, 201);
  }
  head = Head();
  ExpectProblem(Call("POST", "/api/v1/public/reports", report), 429, "", head);
  clock_.Advance(std::chrono::minutes(11));
  EXPECT_EQ(Call("POST", "/api/v1/public/reports", report).status, 201);
}

// RFC 9110 section 11.1: the scheme of Authorization is case-insensitive; the REST routes read it
// as the stream does (auth::BearerToken).
TEST_F(ServiceTest, TheBearerSchemeIsReadInAnyCase) {
  const std::string token = Login("central");
  for (const std::string scheme : {"Bearer", "bearer", "BEARER", "bEaReR"}) {
    const Reply me =
        Call("GET", "/api/v1/me", "", "", "Authorization: " + scheme + " " + token + "\r\n");
    EXPECT_EQ(me.status, 200) << scheme << ": " << me.raw;
  }
  EXPECT_EQ(Call("GET", "/api/v1/me", "", "", "Authorization: Basic " + token + "\r\n").status,
            401);
  EXPECT_EQ(Call("GET", "/api/v1/me", "", "", "Authorization: Bearertoken\r\n").status, 401);
}

// The routes that take a body without a token require Content-Type: application/json: any other
// type is a CORS "simple" request that a foreign page can make its visitors' browsers send. A
// refused request changes nothing: no incident, no failed sign-in counted.
TEST_F(ServiceTest, PublicWritesRequireJsonAndCountNothingOtherwise) {
  const std::string report =
      R"({"type": "flood.waterlogging", "text": "积水 water", "location": )" + kMarina + "}";
  const std::string login = Json{{"user", "central"}, {"password", kPassword}}.dump();
  const std::string wrong = R"({"user": "central", "password": "wrong wrong"})";
  const std::uint64_t head = Head();
  const std::string evil = "Origin: https://evil.example\r\n";
  for (const std::string type :
       {"text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x", "application/jsonp", "application/json-seq", ""}) {
    const std::string header = "Content-Type: " + type + "\r\n";
    for (const std::string target : {"/api/v1/public/reports", "/api/v1/auth/login"}) {
      const std::string& body = target == "/api/v1/auth/login" ? login : report;
      const Reply r = Call("POST", target, body, "", evil + header);
      ExpectProblem(r, 415, "", head);
      EXPECT_EQ(r.body.value("message_id", ""), "api.json_content_type") << r.raw;
      EXPECT_TRUE(r.Header("access-control-allow-origin").empty());
    }
  }
  // Without a Content-Type at all (the fixture's Call would add one).
  for (const std::string target : {"/api/v1/public/reports", "/api/v1/auth/login"}) {
    Client c(server_->port());
    ASSERT_TRUE(c.Send(testing::Post(target, target == "/api/v1/auth/login" ? login : report)));
    const auto r = c.Read();
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->status, 415) << r->body;
    EXPECT_EQ(r->Header("content-type"), "application/problem+json");
    EXPECT_NE(r->body.find("\"status\":415"), std::string::npos) << r->body;
  }
  EXPECT_EQ(Head(), head) << "no incident was created";
  // Many refused wrong passwords count for nothing: the right one still signs in.
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(Call("POST", "/api/v1/auth/login", wrong, "", "Content-Type: text/plain\r\n").status,
              415);
  }
  // The English detail, and JSON in any case and with parameters is fine.
  const Reply en = Call("POST", "/api/v1/auth/login", login, "",
                        "Content-Type: text/plain\r\nAccept-Language: en\r\n");
  EXPECT_EQ(en.body.value("detail", ""), "send the body as Content-Type: application/json");
  EXPECT_EQ(en.body.value("title", ""), "Unsupported media type");
  EXPECT_EQ(
      Call("POST", "/api/v1/auth/login", login, "", "Content-Type: Application/JSON\r\n").status,
      200);
  EXPECT_EQ(Call("POST", "/api/v1/public/reports", report, "",
                 "Content-Type: application/json; charset=utf-8\r\n")
                .status,
            201);
}

// A CORS preflight is answered and grants nothing: no Access-Control-Allow-* header, so a browser
// sends no JSON from a foreign page. The dashboard is served from the same origin.
TEST_F(ServiceTest, APreflightGrantsNothing) {
  for (const std::string target :
       {"/api/v1/public/reports", "/api/v1/auth/login", "/api/v1/incidents"}) {
    Client c(server_->port());
    ASSERT_TRUE(c.Send("OPTIONS " + target +
                       " HTTP/1.1\r\nHost: t\r\nOrigin: https://evil.example\r\n"
                       "Access-Control-Request-Method: POST\r\n"
                       "Access-Control-Request-Headers: content-type, authorization\r\n\r\n"));
    const auto r = c.Read();
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->status, 204) << target << ": " << r->body;
    EXPECT_NE(r->Header("allow").find("POST"), std::string::npos) << r->Header("allow");
    for (const auto& [name, value] : r->headers) {
      EXPECT_NE(name.rfind("access-control-", 0), 0U) << name << ": " << value;
    }
  }
  // A plain POST from a foreign origin is not given a CORS grant either.
  const Reply r =
      Call("POST", "/api/v1/auth/login", Json{{"user", "central"}, {"password", kPassword}}.dump(),
           "", "Origin: https://evil.example\r\n");
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(r.Header("access-control-allow-origin").empty());
}

// Every signed-in route, for each role in its own district (sf-central, which owns the Marina
// incident), in a sibling district (sf-west) and in the parent (the city, sf): access exactly
// where due. The expectations are written out here, independently of auth/policy: the role table
// of docs/auth.md and "your organisation and below". Each request is one the engine refuses once
// allowed (a transition that is not legal, a unit already busy ...), so the matrix runs on one
// unchanged state: 403 means refused by role or jurisdiction, anything else means let through.
TEST_F(ServiceTest, RoleByJurisdictionMatrixOverEveryRoute) {
  const std::string central = Login("central");
  const std::uint64_t id = CreateIncident(central);
  const std::string inc = "/api/v1/incidents/" + std::to_string(id);
  ASSERT_EQ(Call("POST", inc + "/status", R"({"to": "verified"})", central).status, 200);
  ASSERT_EQ(Call("POST", inc + "/dispatch", R"({"units": ["E16"]})", central).status, 200);
  // A warning of sf-central, cancelled: cancelling it again is refused by the engine (409).
  const std::string chief = Login("chief");
  const std::string warning =
      R"({"org": "sf-central", "level": "blue", "category": "Met", "event": {"zh": "大风"},
          "headline": {"zh": "阵风8级"}, "area": {"description": {"zh": "码头"},
          "lat": 37.8, "lon": -122.43, "radius_km": 2}, "expires_in_minutes": 60)";
  const Reply published = Call("POST", "/api/v1/alerts", warning + "}", chief);
  ASSERT_EQ(published.status, 201) << published.raw;
  const std::string alert = "/api/v1/alerts/" + std::to_string(published.body["id"].get<int>());
  ASSERT_EQ(Call("POST", alert + "/cancel", "{}", chief).status, 200);
  // A citizen's report in the Marina with a photo: its photo is seen where the incident is.
  const Reply photographed =
      Call("POST", "/api/v1/public/reports",
           Json{{"type", "flood.waterlogging"},
                {"text", "积水"},
                {"location", {{"lat", 37.8003}, {"lon", -122.4372}}},
                {"photo", {{"media_type", "image/jpeg"}, {"data", "/9j/4AAQ"}}}}
               .dump());
  ASSERT_EQ(photographed.status, 201) << photographed.raw;
  const std::string photo = "/api/v1/incidents/" +
                            std::to_string(photographed.body["reference"].get<std::uint64_t>()) +
                            "/photos/1";

  enum Need { kAny, kRead, kLog, kCreate, kDispatch, kCommand, kAssign, kManage };
  struct Probe {
    std::string method;
    std::string pattern;  // the route, as Service::Routes() names it
    std::string target;
    std::string body;
    Need need;
    bool scoped;  // about the Marina incident or unit E16 (sf-central)
  };
  const std::string future = std::to_string(ToUnixMillis(clock_.Now()) + 3'600'000);
  const std::vector<Probe> probes = {
      {"GET", "/api/v1/me", "/api/v1/me", "", kAny, false},
      {"GET", "/api/v1/organisations", "/api/v1/organisations", "", kRead, false},
      {"GET", "/api/v1/grids", "/api/v1/grids", "", kRead, false},
      {"GET", "/api/v1/stations", "/api/v1/stations", "", kRead, false},
      {"GET", "/api/v1/plans", "/api/v1/plans", "", kRead, false},
      {"GET", "/api/v1/incident-types", "/api/v1/incident-types", "", kRead, false},
      {"GET", "/api/v1/duplicate-rule", "/api/v1/duplicate-rule", "", kRead, false},
      {"GET", "/api/v1/places", "/api/v1/places?q=Lombard", "", kRead, false},
      {"GET", "/api/v1/units", "/api/v1/units", "", kRead, false},
      {"GET", "/api/v1/coverage", "/api/v1/coverage", "", kRead, false},
      {"GET", "/api/v1/units/{id}", "/api/v1/units/E16", "", kRead, true},
      {"POST", "/api/v1/units/{id}/status", "/api/v1/units/E16/status", R"({"to": "dispatched"})",
       kDispatch, true},
      // The resource base (units edited live): refused by the engine once allowed (a taken id, a
      // stale revision, a unit committed to an incident), so nothing changes.
      {"POST", "/api/v1/units", "/api/v1/units",
       R"({"id": "E16", "name": "重复", "type": "engine", "crew": 4, "station": "sf-fs-16",
           "reason": "matrix"})",
       kCommand, true},
      {"POST", "/api/v1/units/{id}/change", "/api/v1/units/E16/change",
       R"({"crew": 5, "revision": 999999, "reason": "matrix"})", kCommand, true},
      {"POST", "/api/v1/units/{id}/retire", "/api/v1/units/E16/retire", R"({"reason": "matrix"})",
       kCommand, true},
      {"POST", "/api/v1/units/positions", "/api/v1/units/positions",
       R"({"reports": [{"unit": "E16", "lat": 37.8, "lon": -122.43, "at_ms": )" + future + "}]}",
       kDispatch, true},
      {"GET", "/api/v1/incidents", "/api/v1/incidents", "", kRead, false},
      {"POST", "/api/v1/incidents", "/api/v1/incidents",
       R"({"type": "fire.nosuch", "location": )" + kMarina + "}", kCreate, true},
      {"GET", "/api/v1/incidents/{id}", inc, "", kRead, true},
      {"GET", "/api/v1/incidents/{id}/photos/{photo}", photo, "", kRead, true},
      {"POST", "/api/v1/incidents/{id}/status", inc + "/status", R"({"to": "reported"})", kDispatch,
       true},
      {"POST", "/api/v1/incidents/{id}/level", inc + "/level", R"({"to": "IV"})", kCommand, true},
      // Closing is the commander's; "closed" straight from dispatched is not a legal step.
      {"POST", "/api/v1/incidents/{id}/status", inc + "/status", R"({"to": "closed"})", kCommand,
       true},
      {"POST", "/api/v1/incidents/{id}/merge", inc + "/merge",
       R"({"into": )" + std::to_string(id) + "}", kCommand, true},
      {"POST", "/api/v1/incidents/{id}/share", inc + "/share", R"({"org": "sf-marina"})", kCommand,
       true},
      // An empty note is refused by the engine (400) once allowed.
      {"POST", "/api/v1/incidents/{id}/notes", inc + "/notes", R"({"text": ""})", kCreate, true},
      {"GET", "/api/v1/incidents/{id}/recommendation", inc + "/recommendation", "", kRead, true},
      {"GET", "/api/v1/incidents/{id}/duplicates", inc + "/duplicates", "", kRead, true},
      {"GET", "/api/v1/incidents/{id}/routes", inc + "/routes", "", kRead, true},
      {"GET", "/api/v1/map/roads", "/api/v1/map/roads", "", kRead, false},
      {"POST", "/api/v1/incidents/{id}/dispatch", inc + "/dispatch", R"({"units": ["E16"]})",
       kDispatch, true},
      {"POST", "/api/v1/incidents/{id}/tasks/{task}", inc + "/tasks/1", R"({"to": "pending"})",
       kDispatch, true},
      {"POST", "/api/v1/assignments", "/api/v1/assignments",
       R"({"incidents": [)" + std::to_string(id) + "]}", kAssign, true},
      {"GET", "/api/v1/events", "/api/v1/events", "", kLog, false},
      // About an incident that does not exist: 404 once allowed.
      {"POST", "/api/v1/alerts", "/api/v1/alerts", warning + R"(, "incident": 999999})", kCommand,
       true},
      {"POST", "/api/v1/alerts/{id}/cancel", alert + "/cancel", "{}", kCommand, true},
      {"GET", "/api/v1/alerts", "/api/v1/alerts", "", kRead, false},
      // The demo region has no sensor of the tests' own: 404 once allowed. A reading's
      // jurisdiction (the sensor's org) is checked where there is a sensor (bad_input_test.cpp,
      // sensors_api_test.cpp) and in tests/auth/policy_test.cpp.
      {"GET", "/api/v1/sensors", "/api/v1/sensors", "", kRead, false},
      {"GET", "/api/v1/sensors/{id}", "/api/v1/sensors/test-none", "", kRead, false},
      {"POST", "/api/v1/sensors/{id}/readings", "/api/v1/sensors/test-none/readings",
       R"({"value": 1})", kDispatch, false},
      // User administration (users.cpp), about "central" of sf-central: refused once allowed
      // (a taken name, already enabled, a bad role, a short password), or about no user (404).
      {"GET", "/api/v1/users", "/api/v1/users", "", kManage, false},
      {"POST", "/api/v1/users", "/api/v1/users",
       R"({"name": "central", "role": "viewer", "org": "sf-central", "password": "long enough"})",
       kManage, true},
      {"POST", "/api/v1/users/{name}/disable", "/api/v1/users/nosuch/disable", "", kManage, false},
      {"POST", "/api/v1/users/{name}/enable", "/api/v1/users/central/enable", "", kManage, true},
      {"POST", "/api/v1/users/{name}/revoke-tokens", "/api/v1/users/nosuch/revoke-tokens", "",
       kManage, false},
      {"POST", "/api/v1/users/{name}/role", "/api/v1/users/central/role", R"({"role": "emperor"})",
       kManage, true},
      {"POST", "/api/v1/users/{name}/password", "/api/v1/users/central/password",
       R"({"password": "short"})", kManage, true},
  };

  // The table must cover every signed-in route the service serves.
  std::set<std::pair<std::string, std::string>> covered;
  for (const Probe& p : probes) covered.insert({p.method, p.pattern});
  std::set<std::pair<std::string, std::string>> signed_in;
  for (const auto& [method, pattern] : service_->Routes()) {
    if (pattern == "/healthz" || pattern == "/readyz" || pattern == "/metrics" ||
        pattern == "/api/v1/openapi.json" || pattern == "/api/v1/auth/login" ||
        pattern == "/api/v1/public/reports" || pattern.rfind("/api/v1/public/alerts", 0) == 0) {
      continue;
    }
    signed_in.insert({method, pattern});
  }
  EXPECT_EQ(covered, signed_in) << "a route without a row in the matrix";

  // What each role may do, from docs/auth.md.
  const std::map<core::Role, std::set<Need>> may = {
      {core::Role::kViewer, {kAny, kRead}},
      {core::Role::kAnalyst, {kAny, kRead, kLog}},
      {core::Role::kGridWorker, {kAny, kRead, kCreate}},
      {core::Role::kDispatcher, {kAny, kRead, kCreate, kDispatch}},
      {core::Role::kCommander, {kAny, kRead, kLog, kCreate, kDispatch, kCommand}},
      {core::Role::kRegionalCoordinator,
       {kAny, kRead, kLog, kCreate, kDispatch, kCommand, kAssign}},
      {core::Role::kAdmin, {kAny, kRead, kLog, kCreate, kDispatch, kCommand, kAssign, kManage}},
  };
  struct Seat {
    std::string org;
    bool sees_marina;
  };
  const std::vector<Seat> seats = {{"sf-central", true}, {"sf-west", false}, {"sf", true}};
  int n = 0;
  for (const auto& [role, allowed] : may) {
    for (const Seat& seat : seats) {
      // A regional coordinator belongs to the region's root organisation only.
      const std::string org =
          role == core::Role::kRegionalCoordinator ? std::string("bay-area") : seat.org;
      const bool sees = role == core::Role::kRegionalCoordinator || seat.sees_marina;
      const std::string name = "m" + std::to_string(n++);
      ASSERT_TRUE(engine_
                      ->Execute({"admin", "",
                                 auth::AddUser{name, {name, name}, role, core::OrgId(org), *hash_}})
                      .ok());
      const std::string token = Login(name);
      const std::uint64_t head = Head();
      for (const Probe& p : probes) {
        const bool expect = allowed.count(p.need) > 0 && (!p.scoped || sees);
        const Reply r = Call(p.method, p.target, p.body, token);
        EXPECT_NE(r.status, 401) << name;
        // Let through, a photo is its bytes; refused, a problem like the incident's.
        if (p.pattern == "/api/v1/incidents/{id}/photos/{photo}" && expect) {
          EXPECT_EQ(r.status, 200) << r.raw;
          EXPECT_EQ(r.raw, std::string("\xFF\xD8\xFF\xE0\x00\x10", 6));
        }
        EXPECT_EQ(r.status != 403, expect)
            << core::CodeOf(role) << " at " << org << ": " << p.method << " " << p.target << " → "
            << r.status << " " << r.raw;
      }
      EXPECT_EQ(Head(), head) << "the matrix changed the center";
    }
  }
}

// The catalogue comes from core/incident_types.cpp and dispatch::RelatedTypes; lists say which
// log position they reflect, so that a client can follow on with the stream from there.
TEST_F(ServiceTest, TheTypeCatalogueAndListsThatSayWhereTheyStand) {
  const std::string central = Login("central");
  const Reply types = Call("GET", "/api/v1/incident-types", "", central);
  ASSERT_EQ(types.status, 200) << types.raw;
  EXPECT_EQ(types.body["items"].size(), core::IncidentTypes().size());
  bool found = false;
  for (const Json& t : types.body["items"]) {
    if (t["code"] != "fire.residential") continue;
    found = true;
    EXPECT_EQ(t["category"], "accident");
    EXPECT_EQ(t["name"]["en"], std::string(core::FindIncidentType("fire.residential")->en));
    std::set<std::string> related;
    for (const Json& r : t["related"]) related.insert(r.get<std::string>());
    for (const auto& other : core::IncidentTypes()) {
      EXPECT_EQ(related.count(std::string(other.code)) == 1,
                dispatch::RelatedTypes("fire.residential", other.code))
          << other.code;
    }
  }
  EXPECT_TRUE(found);
  // The rule duplicates are found by, so that the dashboard warns by the same one.
  const Reply rule = Call("GET", "/api/v1/duplicate-rule", "", central);
  ASSERT_EQ(rule.status, 200) << rule.raw;
  const dispatch::DuplicateOptions defaults;
  EXPECT_EQ(rule.body["max_distance_m"].get<double>(), defaults.max_distance_m);
  EXPECT_EQ(rule.body["max_age_s"].get<std::int64_t>(), defaults.max_age.count());
  CreateIncident(central);
  const std::uint64_t head = Head();
  EXPECT_EQ(Call("GET", "/api/v1/incidents", "", central).body["seq"].get<std::uint64_t>(), head);
  EXPECT_EQ(Call("GET", "/api/v1/units", "", central).body["seq"].get<std::uint64_t>(), head);
}

TEST_F(ServiceTest, TheEventLogShowsWhatTheUserMaySeeAndNoSecrets) {
  const std::string central = Login("central");
  const std::string west = Login("west");
  CreateIncident(central);
  CreateIncident(west, kRichmond);
  const Reply all = Call("GET", "/api/v1/events?limit=1000", "", Login("admin"));
  ASSERT_EQ(all.status, 200) << all.raw;
  EXPECT_EQ(all.raw.find("argon2"), std::string::npos) << "password hashes are never shown";
  std::set<std::string> types;
  for (const auto& e : all.body["items"]) types.insert(e["type"].get<std::string>());
  EXPECT_TRUE(types.count("user_added"));
  EXPECT_TRUE(types.count("region_imported"));
  EXPECT_EQ(all.body["head"], Head());

  const Reply analyst = Call("GET", "/api/v1/events?after=0&limit=1000", "", Login("analyst"));
  ASSERT_EQ(analyst.status, 200) << analyst.raw;
  std::size_t reported = 0;
  for (const auto& e : analyst.body["items"]) {
    EXPECT_NE(e["type"], "user_added") << "not an administrator";
    reported += e["type"] == "incident_reported";
  }
  EXPECT_EQ(reported, 2U) << "the city analyst sees both districts' incidents";
  const std::uint64_t head = Head();
  ExpectProblem(Call("GET", "/api/v1/events", "", central), 403, "", head);
  ExpectProblem(Call("GET", "/api/v1/events?after=x", "", Login("analyst")), 400, "after", head);
}

TEST_F(ServiceTest, OperationsEndpoints) {
  EXPECT_EQ(Call("GET", "/healthz").status, 200);
  const Reply ready = Call("GET", "/readyz");
  EXPECT_EQ(ready.status, 200);
  EXPECT_EQ(ready.body["last_seq"], Head());
  Login("central");
  Client c(server_->port());
  ASSERT_TRUE(c.Send(testing::Get("/metrics")));
  const auto metrics = c.Read();
  ASSERT_TRUE(metrics.has_value());
  EXPECT_EQ(metrics->status, 200);
  EXPECT_NE(metrics->body.find(
                "elink_http_requests_total{method=\"POST\",route=\"/api/v1/auth/login\",status="
                "\"200\"} 1"),
            std::string::npos)
      << metrics->body;
  EXPECT_NE(metrics->body.find("elink_engine_queue_depth"), std::string::npos);
  EXPECT_NE(metrics->body.find("elink_http_request_duration_seconds_bucket"), std::string::npos);
}

TEST_F(ServiceTest, OpenApiListsExactlyTheRoutesServed) {
  const Reply doc = Call("GET", "/api/v1/openapi.json");
  ASSERT_EQ(doc.status, 200);
  EXPECT_EQ(doc.body["openapi"], "3.0.3");
  std::set<std::pair<std::string, std::string>> documented;
  for (const auto& [path, ops] : doc.body["paths"].items()) {
    for (const auto& [method, op] : ops.items()) {
      std::string m = method;
      for (char& ch : m) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      documented.insert({m, path});
    }
  }
  const auto served = service_->Routes();
  const std::set<std::pair<std::string, std::string>> routes(served.begin(), served.end());
  EXPECT_EQ(documented, routes);
  // And each documented operation answers as a route: never "no such route" or a wrong method.
  const std::string token = Login("admin");
  for (const auto& [method, path] : documented) {
    std::string target = path;
    for (std::size_t at; (at = target.find('{')) != std::string::npos;) {
      target.replace(at, target.find('}', at) - at + 1, "1");
    }
    const Reply r = Call(method, target, method == "POST" ? "{}" : "", token);
    EXPECT_NE(r.status, 405) << method << " " << target;
    EXPECT_FALSE(r.status == 404 && r.body.value("detail", "") == "no such route")
        << method << " " << target;
  }
}

TEST_F(ServiceTest, EveryOperationHasAUniqueOperationId) {
  const Reply doc = Call("GET", "/api/v1/openapi.json");
  ASSERT_EQ(doc.status, 200);
  std::set<std::string> ids;
  std::size_t operations = 0;
  for (const auto& [path, ops] : doc.body["paths"].items()) {
    for (const auto& [method, op] : ops.items()) {
      ++operations;
      ASSERT_TRUE(op.contains("operationId") && op["operationId"].is_string())
          << method << " " << path;
      const std::string id = op["operationId"].get<std::string>();
      // lowerCamelCase: what code generators turn into method names.
      EXPECT_FALSE(id.empty()) << method << " " << path;
      EXPECT_TRUE(
          !id.empty() && std::islower(static_cast<unsigned char>(id[0])) != 0 &&
          std::all_of(id.begin(), id.end(), [](unsigned char c) { return std::isalnum(c) != 0; }))
          << id;
      EXPECT_TRUE(ids.insert(id).second) << "operationId " << id << " twice";
      EXPECT_FALSE(op.value("summary", "").empty()) << id;
    }
  }
  EXPECT_EQ(operations, service_->Routes().size());
  EXPECT_EQ(ids.size(), operations);
  // A few by name, as clients will call them.
  EXPECT_EQ(doc.body["paths"]["/api/v1/incidents"]["get"]["operationId"], "listIncidents");
  EXPECT_EQ(doc.body["paths"]["/api/v1/incidents"]["post"]["operationId"], "createIncident");
  EXPECT_EQ(doc.body["paths"]["/api/v1/incidents/{id}/notes"]["post"]["operationId"],
            "addIncidentNote");
}

// Reads stream messages until an event with `seq` >= until (or an error); appends event seqs.
bool ReadUntil(testing::WsClient& ws, std::uint64_t until, std::vector<std::uint64_t>& seqs,
               std::size_t max_events = SIZE_MAX) {
  std::size_t got = 0;
  while ((seqs.empty() || seqs.back() < until) && got < max_events) {
    beast::error_code ec;
    const auto text = ws.ReadText(ec);
    if (!text) return false;
    const Json m = Json::parse(*text, nullptr, false);
    if (m.value("kind", "") == "event") {
      seqs.push_back(m["seq"].get<std::uint64_t>());
      ++got;
    }
  }
  return true;
}

TEST_F(ServiceTest, TheStreamResumesWithoutGapOrDuplicateUnderConcurrentWrites) {
  const std::string token = Login("admin");
  const std::uint64_t start = Head();
  std::atomic<bool> done{false};
  std::thread writer([&] {
    for (int i = 0; i < 300; ++i) {
      dispatch::ReportIncident r;
      r.type = "medical.emergency";
      r.location = {37.8003, -122.4372};
      EXPECT_TRUE(engine_->Execute({"writer", "", r}).ok());
      if (i % 20 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    done = true;
  });
  std::vector<std::uint64_t> seqs;
  int reconnects = 0;
  while (!done || seqs.empty() || seqs.back() < Head()) {
    testing::WsClient ws;
    const std::uint64_t after = seqs.empty() ? start : seqs.back();
    ASSERT_FALSE(ws.Connect(server_->port(),
                            "/api/v1/stream?token=" + token + "&after=" + std::to_string(after)));
    // Drop the connection after a few events, mid-stream, and come back.
    ReadUntil(ws, done ? Head() : UINT64_MAX, seqs, 37);
    ++reconnects;
    ASSERT_LT(reconnects, 1000);
  }
  writer.join();
  ASSERT_EQ(seqs.size(), Head() - start) << "every event once";
  for (std::size_t i = 0; i < seqs.size(); ++i) ASSERT_EQ(seqs[i], start + 1 + i);
  EXPECT_GT(reconnects, 5);
}

TEST_F(ServiceTest, TheStreamCarriesOnlyWhatTheUserMaySee) {
  const std::string central = Login("central");
  const std::string west = Login("west");
  testing::WsClient ws;
  ASSERT_FALSE(ws.Connect(server_->port(), "/api/v1/stream?token=" + central));
  beast::error_code ec;
  const auto first = ws.ReadText(ec);
  ASSERT_TRUE(first.has_value()) << ec.message();
  EXPECT_EQ(Json::parse(*first)["kind"], "caught_up");
  CreateIncident(west, kRichmond);  // not Central's
  const std::uint64_t marina = CreateIncident(central);
  const auto next = ws.ReadText(ec);
  ASSERT_TRUE(next.has_value()) << ec.message();
  const Json event = Json::parse(*next);
  EXPECT_EQ(event["type"], "incident_reported");
  EXPECT_EQ(event["data"]["id"], marina) << "the Richmond incident never reached Central";

  // Refused upgrades: no token, a forged one, a bad "after".
  for (const std::string& target :
       std::vector<std::string>{"/api/v1/stream", "/api/v1/stream?token=x.y",
                                "/api/v1/stream?token=" + central + "&after=-1"}) {
    testing::WsClient refused;
    EXPECT_TRUE(refused.Connect(server_->port(), target)) << target;
  }
  // A disabled user's stream ends at the next commit.
  ASSERT_TRUE(engine_->Execute({"admin", "", auth::SetUserDisabled{"central", true}}).ok());
  const auto after_disable = ws.ReadText(ec);
  EXPECT_FALSE(after_disable.has_value());
}

// What a WebSocket client is told when the stream will not have it: the upgrade's answer, a
// problem document, through a real WebSocket handshake.
struct Refusal {
  beast::error_code ec;
  int status = 0;
  std::string www_authenticate;
  std::string content_type;
  Json problem;
};

Refusal Upgrade(unsigned short port, const std::string& target,
                const std::vector<std::pair<std::string, std::string>>& headers = {}) {
  testing::WsClient ws;
  testing::websocket::response_type res;
  Refusal out;
  out.ec = ws.Connect(port, target, 0, &res, headers);
  out.status = static_cast<int>(res.result_int());
  out.www_authenticate = std::string(res[boost::beast::http::field::www_authenticate]);
  out.content_type = std::string(res[boost::beast::http::field::content_type]);
  out.problem = Json::parse(res.body(), nullptr, false);
  return out;
}

TEST_F(ServiceTest, ARefusedStreamSaysWhy401WithAChallengeOr400And404ForOtherPaths) {
  const std::string central = Login("central");
  const unsigned short port = server_->port();
  const auto expect_401 = [&](const std::string& target, bool token_given,
                              const std::string& english_detail) {
    SCOPED_TRACE(target);
    // zh-CN by default, English on request, the same refusal either way.
    const Refusal zh = Upgrade(port, target);
    EXPECT_EQ(zh.ec, testing::websocket::error::upgrade_declined) << zh.ec.message();
    EXPECT_EQ(zh.status, 401);
    EXPECT_EQ(zh.www_authenticate, token_given ? R"(Bearer realm="elink", error="invalid_token")"
                                               : R"(Bearer realm="elink")");
    EXPECT_EQ(zh.content_type, "application/problem+json");
    EXPECT_EQ(zh.problem.value("status", 0), 401) << zh.problem;
    EXPECT_EQ(zh.problem.value("type", ""), "https://elink.dev/problems/unauthenticated");
    EXPECT_EQ(zh.problem.value("title", ""), "未登录或登录已过期");
    EXPECT_TRUE(HasCjk(zh.problem.value("detail", ""))) << zh.problem;
    const Refusal en = Upgrade(port, target, {{"Accept-Language", "en-US,en;q=0.9"}});
    EXPECT_EQ(en.status, 401);
    EXPECT_EQ(en.www_authenticate, zh.www_authenticate);
    EXPECT_EQ(en.problem.value("title", ""), "Not signed in, or the session has expired");
    EXPECT_EQ(en.problem.value("detail", ""), english_detail);
  };
  expect_401("/api/v1/stream", false, "missing token");
  expect_401("/api/v1/stream?token=", false, "missing token");
  expect_401("/api/v1/stream?token=x.y", true, "malformed token");
  std::string forged = central;
  forged[forged.size() - 3] = forged[forged.size() - 3] == 'A' ? 'B' : 'A';
  expect_401("/api/v1/stream?token=" + forged, true, "token signature does not verify");
  // A token of a user the center does not have (never added, or gone with another database).
  const std::string ghost =
      auth::IssueToken(key_, "ghost", 0, clock_.Now() + std::chrono::hours(1));
  expect_401("/api/v1/stream?token=" + ghost, true, "token of an unknown user");
  // Revoked, disabled, expired.
  const std::string west = Login("west");
  ASSERT_TRUE(engine_->Execute({"admin", "", auth::RevokeUserTokens{"west"}}).ok());
  expect_401("/api/v1/stream?token=" + west, true, "token revoked");
  const std::string watcher = Login("watcher");
  ASSERT_TRUE(engine_->Execute({"admin", "", auth::SetUserDisabled{"watcher", true}}).ok());
  expect_401("/api/v1/stream?token=" + watcher, true, "user 'watcher' is disabled");
  clock_.Advance(std::chrono::hours(13));
  expect_401("/api/v1/stream?token=" + central, true, "token expired");
  const std::string fresh = Login("central");

  // A bad "after" names the field; another path is not the stream's.
  const Refusal after = Upgrade(port, "/api/v1/stream?token=" + fresh + "&after=-1");
  EXPECT_EQ(after.status, 400);
  EXPECT_EQ(after.problem.value("field", ""), "after");
  EXPECT_TRUE(after.www_authenticate.empty());
  const Refusal elsewhere = Upgrade(port, "/api/v1/streams?token=" + fresh);
  EXPECT_EQ(elsewhere.status, 404);
  EXPECT_EQ(elsewhere.content_type, "application/problem+json");
  EXPECT_TRUE(HasCjk(elsewhere.problem.value("detail", ""))) << elsewhere.problem;

  // The token may also come as a header, for clients that can send one.
  testing::WsClient ws;
  ASSERT_FALSE(
      ws.Connect(port, "/api/v1/stream", 0, nullptr, {{"Authorization", "Bearer " + fresh}}));
  beast::error_code ec;
  const auto first = ws.ReadText(ec);
  ASSERT_TRUE(first.has_value()) << ec.message();
  EXPECT_EQ(Json::parse(*first)["kind"], "caught_up");
  // ... with the scheme in any case, as on the REST routes (auth::BearerToken).
  testing::WsClient lower;
  ASSERT_FALSE(
      lower.Connect(port, "/api/v1/stream", 0, nullptr, {{"Authorization", "bEARER " + fresh}}));
  const auto lower_first = lower.ReadText(ec);
  ASSERT_TRUE(lower_first.has_value()) << ec.message();
  EXPECT_EQ(Json::parse(*lower_first)["kind"], "caught_up");
  // Every role may read incidents today, so no role meets the stream's 403 (auth::Check on
  // read_incidents); the REST matrix above holds the roles to the same rule.
}

}  // namespace
}  // namespace elink::api
