// SPDX-License-Identifier: Apache-2.0
// Public warnings through the API: a commander publishes one, the public reads the feed and the
// CAP 1.2 document without signing in, a cancel takes it off the feed and turns the document into
// a Cancel message, drills never reach the public; bad bodies are refused naming the field.
#include "api/service_fixture.hpp"

#include <gtest/gtest.h>

#include <string>

namespace elink::api {
namespace {

class AlertsApiTest : public ServiceTest {
 protected:
  static Json Warning() {
    return {{"level", "orange"},
            {"category", "Met"},
            {"urgency", "Expected"},
            {"certainty", "Likely"},
            {"event", {{"zh", "暴雨"}, {"en", "Rainstorm"}}},
            {"headline", {{"zh", "3小时内降雨50毫米以上"}, {"en", "50 mm of rain within 3 hours"}}},
            {"instruction", {{"zh", "远离低洼地带"}, {"en", "Keep off low ground"}}},
            {"area",
             {{"description", {{"zh", "滨海区低洼地带"}, {"en", "Low ground by the bay"}}},
              {"lat", 37.8003},
              {"lon", -122.4372},
              {"radius_km", 3.5}}},
            {"expires_in_minutes", 180}};
  }

  std::uint64_t Publish(const std::string& token, const Json& body) {
    const Reply r = Call("POST", "/api/v1/alerts", body.dump(), token);
    EXPECT_EQ(r.status, 201) << r.raw;
    return r.body.value("id", std::uint64_t{0});
  }
};

TEST_F(AlertsApiTest, PublishedWarningsReachThePublicUntilCancelled) {
  const std::string chief = Login("chief");
  const std::uint64_t id = Publish(chief, Warning());
  ASSERT_EQ(id, 1U);

  // No sign-in needed for the feed and the CAP document.
  const Reply feed = Call("GET", "/api/v1/public/alerts");
  ASSERT_EQ(feed.status, 200) << feed.raw;
  ASSERT_EQ(feed.body["items"].size(), 1U);
  const Json& item = feed.body["items"][0];
  EXPECT_EQ(item["id"], 1);
  EXPECT_EQ(item["level"], "orange");
  EXPECT_EQ(item["severity"], "Severe");
  EXPECT_EQ(item["headline"]["en"], "50 mm of rain within 3 hours");
  EXPECT_EQ(item["area"]["radius_km"], 3.5);
  EXPECT_EQ(item["active"], true);
  EXPECT_EQ(item["cap"], "/api/v1/public/alerts/1");
  EXPECT_FALSE(item.contains("org"));

  testing::Client c(server_->port());
  ASSERT_TRUE(c.Send(testing::Get("/api/v1/public/alerts/1")));
  auto cap = c.Read();
  ASSERT_TRUE(cap.has_value());
  EXPECT_EQ(cap->status, 200);
  EXPECT_EQ(cap->Header("content-type"), "application/cap+xml; charset=utf-8");
  EXPECT_NE(cap->body.find("<msgType>Alert</msgType>"), std::string::npos) << cap->body;
  EXPECT_NE(cap->body.find("<status>Actual</status>"), std::string::npos);
  EXPECT_NE(cap->body.find("<circle>37.800300,-122.437200 3.500</circle>"), std::string::npos);

  // The list for signed-in users; then the cancel.
  const Reply listed = Call("GET", "/api/v1/alerts?active=true", "", Login("watcher"));
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(listed.body["items"].size(), 1U);
  const Reply cancelled = Call("POST", "/api/v1/alerts/1/cancel", R"({"reason": "雨停了"})", chief);
  ASSERT_EQ(cancelled.status, 200) << cancelled.raw;
  EXPECT_EQ(cancelled.body["saved"], true);
  EXPECT_EQ(Call("GET", "/api/v1/public/alerts").body["items"].size(), 0U);
  EXPECT_EQ(Call("GET", "/api/v1/alerts?active=true", "", chief).body["items"].size(), 0U);
  const Reply all = Call("GET", "/api/v1/alerts", "", chief);
  ASSERT_EQ(all.body["items"].size(), 1U);
  EXPECT_EQ(all.body["items"][0]["cancel_reason"], "雨停了");
  testing::Client c2(server_->port());
  ASSERT_TRUE(c2.Send(testing::Get("/api/v1/public/alerts/1")));
  cap = c2.Read();
  ASSERT_TRUE(cap.has_value());
  EXPECT_NE(cap->body.find("<msgType>Cancel</msgType>"), std::string::npos) << cap->body;
  EXPECT_NE(cap->body.find("<note>雨停了</note>"), std::string::npos);

  // Expiry takes a warning off the feed too.
  Publish(chief, Warning());
  EXPECT_EQ(Call("GET", "/api/v1/public/alerts").body["items"].size(), 1U);
  clock_.Advance(std::chrono::minutes(181));
  EXPECT_EQ(Call("GET", "/api/v1/public/alerts").body["items"].size(), 0U);
}

TEST_F(AlertsApiTest, DrillsStayOffThePublicFeed) {
  const std::string chief = Login("chief");
  Json drill = Warning();
  drill["exercise"] = true;
  const std::uint64_t id = Publish(chief, drill);
  EXPECT_EQ(Call("GET", "/api/v1/public/alerts").body["items"].size(), 0U);
  EXPECT_EQ(Call("GET", "/api/v1/public/alerts/" + std::to_string(id)).status, 404);
  const Reply inside = Call("GET", "/api/v1/alerts", "", chief);
  ASSERT_EQ(inside.body["items"].size(), 1U);
  EXPECT_EQ(inside.body["items"][0]["exercise"], true);
}

TEST_F(AlertsApiTest, OnlyCommandersPublishAndOnlyWithinTheirJurisdiction) {
  const std::uint64_t head = Head();
  ExpectProblem(Call("POST", "/api/v1/alerts", Warning().dump(), Login("central")), 403, "", head);
  ExpectProblem(Call("POST", "/api/v1/alerts", Warning().dump()), 401, "", head);
  Json elsewhere = Warning();
  elsewhere["org"] = "bay-area";  // above the chief's city
  ExpectProblem(Call("POST", "/api/v1/alerts", elsewhere.dump(), Login("chief")), 403, "org", head);
  // The region's root may warn anywhere below it.
  Json west = Warning();
  west["org"] = "sf-west";
  EXPECT_EQ(Publish(Login("admin"), west), 1U);
}

TEST_F(AlertsApiTest, BadWarningsAreRefusedNamingTheFieldAndChangeNothing) {
  const std::string chief = Login("chief");
  const std::uint64_t head = Head();
  const auto post = [&](const std::string& body) {
    return Call("POST", "/api/v1/alerts", body, chief);
  };
  const auto with = [](const std::string& path, const Json& value) {
    Json j = Warning();
    j[Json::json_pointer(path)] = value;
    return j.dump();
  };
  const auto without = [](const std::string& key) {
    Json j = Warning();
    j.erase(key);
    return j.dump();
  };
  ExpectProblem(post(""), 400, "body", head);
  ExpectProblem(post("{\"level\": "), 400, "body", head);
  ExpectProblem(post("[]"), 400, "body", head);
  ExpectProblem(post(without("level")), 400, "level", head);
  ExpectProblem(post(without("area")), 400, "area", head);
  ExpectProblem(post(without("expires_in_minutes")), 400, "expires_in_minutes", head);
  ExpectProblem(post(with("/level", "purple")), 400, "level", head);
  ExpectProblem(post(with("/level", 3)), 400, "level", head);
  ExpectProblem(post(with("/category", "Weather")), 400, "category", head);
  ExpectProblem(post(with("/urgency", "Now")), 400, "urgency", head);
  ExpectProblem(post(with("/certainty", "")), 400, "certainty", head);
  ExpectProblem(post(with("/headline", Json::object())), 400, "headline", head);
  ExpectProblem(post(with("/headline", "text, not an object")), 400, "headline", head);
  ExpectProblem(post(with("/headline/fr", "Pluie")), 400, "headline.fr", head);
  ExpectProblem(post(with("/headline/en", std::string(201, 'x'))), 400, "headline.en", head);
  ExpectProblem(post(with("/headline/zh", "a\u0007b")), 400, "headline.zh", head);
  ExpectProblem(post(with("/description/en", std::string(4001, 'x'))), 400, "description.en", head);
  ExpectProblem(post(with("/area/lat", 91)), 400, "area.lat", head);
  ExpectProblem(post(with("/area/lon", "west")), 400, "area.lon", head);
  ExpectProblem(post(with("/area/radius_km", 0)), 400, "area.radius_km", head);
  ExpectProblem(post(with("/area/radius_km", 1e308)), 400, "area.radius_km", head);
  ExpectProblem(post(with("/area/description", Json::object())), 400, "area.description", head);
  ExpectProblem(post(with("/area/shape", "polygon")), 400, "area.shape", head);
  ExpectProblem(post(with("/expires_in_minutes", 0)), 400, "expires_in_minutes", head);
  ExpectProblem(post(with("/expires_in_minutes", 7 * 24 * 60 + 1)), 400, "expires_in_minutes",
                head);
  ExpectProblem(post(with("/expires_in_minutes", 99999999999999999999.0)), 400,
                "expires_in_minutes", head);
  ExpectProblem(post(with("/incident", 424242)), 404, "id", head);
  ExpectProblem(post(with("/incident", -1)), 400, "incident", head);
  ExpectProblem(post(with("/org", "atlantis")), 400, "org", head);
  ExpectProblem(post(with("/exercise", "yes")), 400, "exercise", head);
  ExpectProblem(post(with("/sirens", true)), 400, "sirens", head);
  // Cancel: unknown, malformed ids and bodies.
  ExpectProblem(Call("POST", "/api/v1/alerts/7/cancel", "{}", chief), 404, "id", head);
  ExpectProblem(Call("POST", "/api/v1/alerts/x/cancel", "{}", chief), 400, "id", head);
  ExpectProblem(Call("GET", "/api/v1/public/alerts/0"), 400, "id", head);
  ExpectProblem(Call("GET", "/api/v1/public/alerts/7"), 404, "id", head);
  ExpectProblem(Call("GET", "/api/v1/alerts?active=maybe", "", chief), 400, "active", head);
  Publish(chief, Warning());
  const std::uint64_t after = Head();
  ExpectProblem(Call("POST", "/api/v1/alerts/1/cancel", R"({"why": "x"})", chief), 400, "why",
                after);
  ExpectProblem(Call("POST", "/api/v1/alerts/1/cancel", "[1]", chief), 400, "body", after);
  // Still works after all that.
  EXPECT_EQ(Call("POST", "/api/v1/alerts/1/cancel", "", chief).status, 200);
}

}  // namespace
}  // namespace elink::api
