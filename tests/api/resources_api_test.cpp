// SPDX-License-Identifier: Apache-2.0
// The resource base edited live over the API (issue #17): a unit added through the API is in the
// next recommendation, a retired one leaves it but stays in the chronology that names it, an
// edit names the revision it saw (409 when stale), a commander edits only within their subtree,
// and bad requests are refused naming the field with nothing written.
#include "api/service_fixture.hpp"
#include "api/sf_roads.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace elink::api {
namespace {

// Fire station 2 (North Beach, sf-east); the only boat of the demo is B16 at station 16 (Marina).
const std::string kStation2 = R"({"lat": 37.797034, "lon": -122.409879})";

class ResourcesApiTest : public ServiceTest {
 protected:
  void Configure(ServiceOptions& options) override { options.router = test::SfRouter(); }

  // The units a water rescue at station 2 is recommended, in order.
  std::vector<std::string> Picks(const std::string& token, std::uint64_t incident) {
    const Reply r =
        Call("GET", "/api/v1/incidents/" + std::to_string(incident) + "/recommendation", "", token);
    EXPECT_EQ(r.status, 200) << r.raw;
    std::vector<std::string> out;
    for (const Json& line : r.body["lines"]) {
      for (const Json& p : line["picks"]) out.push_back(p["unit"].get<std::string>());
    }
    return out;
  }
  std::uint64_t WaterRescue(const std::string& token) {
    const Reply r = Call("POST", "/api/v1/incidents",
                         R"({"type": "rescue.water", "location": )" + kStation2 + "}", token);
    EXPECT_EQ(r.status, 201) << r.raw;
    return r.body.value("id", std::uint64_t{0});
  }
  static bool Has(const std::vector<std::string>& v, const std::string& x) {
    return std::find(v.begin(), v.end(), x) != v.end();
  }
};

TEST_F(ResourcesApiTest, AnAddedUnitIsRecommendedAndARetiredOneLeavesButStaysInHistory) {
  const std::string admin = Login("admin");
  const std::string chief = Login("chief");
  const std::uint64_t first = WaterRescue(chief);
  ASSERT_TRUE(Has(Picks(chief, first), "B16")) << "the demo's only boat";

  // A boat joins station 2, next to the incident: the recommendation takes it, no restart.
  const Reply added = Call("POST", "/api/v1/units",
                           R"({"id": "B99", "name": "第2消防站 冲锋舟 B99", "name_en": "Boat B99",
                               "type": "boat", "capabilities": ["water_rescue"], "crew": 3,
                               "station": "sf-fs-02", "reason": "新购冲锋舟入列"})",
                           admin);
  ASSERT_EQ(added.status, 200) << added.raw;
  const std::vector<std::string> with = Picks(chief, first);
  EXPECT_TRUE(Has(with, "B99")) << added.raw;
  EXPECT_FALSE(Has(with, "B16")) << "one boat is asked for; B99 is at the scene's station";
  const Reply b99 = Call("GET", "/api/v1/units/B99", "", chief);
  ASSERT_EQ(b99.status, 200) << b99.raw;
  EXPECT_EQ(b99.body["org"], "sf-east") << "the station's organisation";
  EXPECT_EQ(b99.body["status"], "available");
  EXPECT_EQ(b99.body["revision"], added.body["first_seq"]);
  EXPECT_TRUE(b99.body["retired_at"].is_null());

  // The log says who added it and why.
  const Reply log = Call(
      "GET",
      "/api/v1/events?after=" + std::to_string(added.body["first_seq"].get<int>() - 1) + "&limit=1",
      "", admin);
  ASSERT_EQ(log.status, 200) << log.raw;
  ASSERT_EQ(log.body["items"].size(), 1U);
  EXPECT_EQ(log.body["items"][0]["type"], "unit_added");
  EXPECT_EQ(log.body["items"][0]["actor"], "admin");
  EXPECT_EQ(log.body["items"][0]["data"]["reason"], "新购冲锋舟入列");

  // It goes to the incident, comes back; then it is retired.
  const std::string inc = "/api/v1/incidents/" + std::to_string(first);
  ASSERT_EQ(Call("POST", inc + "/status", R"({"to": "verified"})", chief).status, 200);
  ASSERT_EQ(Call("POST", inc + "/dispatch", R"({"units": ["B99"]})", chief).status, 200);
  const Reply busy = Call("POST", "/api/v1/units/B99/retire", R"({"reason": "报废"})", admin);
  EXPECT_EQ(busy.status, 409) << "not while it is committed: " << busy.raw;
  for (const char* to : {"en_route", "on_scene", "returning", "available"}) {
    ASSERT_EQ(
        Call("POST", "/api/v1/units/B99/status", std::string(R"({"to": ")") + to + "\"}", chief)
            .status,
        200)
        << to;
  }
  const Reply retired = Call("POST", "/api/v1/units/B99/retire", R"({"reason": "报废"})", admin);
  ASSERT_EQ(retired.status, 200) << retired.raw;

  // Gone from the recommendation and the board, kept in the chronology and by id.
  const std::uint64_t second = WaterRescue(chief);
  const std::vector<std::string> after = Picks(chief, second);
  EXPECT_FALSE(Has(after, "B99"));
  EXPECT_TRUE(Has(after, "B16"));
  const Reply board = Call("GET", "/api/v1/units", "", chief);
  for (const Json& u : board.body["items"]) EXPECT_NE(u["id"], "B99");
  const Reply gone = Call("GET", "/api/v1/units?retired=true", "", chief);
  ASSERT_EQ(gone.status, 200);
  ASSERT_EQ(gone.body["items"].size(), 1U);
  EXPECT_EQ(gone.body["items"][0]["id"], "B99");
  EXPECT_EQ(gone.body["items"][0]["status"], "out_of_service");
  EXPECT_FALSE(gone.body["items"][0]["retired_at"].is_null());
  const Reply detail = Call("GET", inc, "", chief);
  ASSERT_EQ(detail.status, 200);
  bool named = false;
  for (const Json& c : detail.body["chronology"]) {
    named = named || c.dump().find("B99") != std::string::npos;
  }
  EXPECT_TRUE(named) << "the incident's chronology still names the retired unit";
  // A retired unit never comes back into service.
  const Reply revive =
      Call("POST", "/api/v1/units/B99/status", R"({"to": "out_of_service"})", chief);
  EXPECT_EQ(revive.status, 409) << revive.raw;
  EXPECT_EQ(Call("POST", "/api/v1/units/B99/change", R"({"crew": 2, "reason": "x"})", admin).status,
            409);
}

// An edit names the revision it saw: the second of two edits from the same revision is refused.
TEST_F(ResourcesApiTest, TheSecondEditOfTheSameRevisionIsRefused) {
  const std::string chief = Login("chief");
  const Reply e16 = Call("GET", "/api/v1/units/E16", "", chief);
  ASSERT_EQ(e16.status, 200);
  const std::string seen = std::to_string(e16.body["revision"].get<std::uint64_t>());
  const Reply one = Call("POST", "/api/v1/units/E16/change",
                         R"({"crew": 5, "reason": "补员", "revision": )" + seen + "}", chief);
  ASSERT_EQ(one.status, 200) << one.raw;
  const std::uint64_t head = Head();
  const Reply two =
      Call("POST", "/api/v1/units/E16/change",
           R"({"name": "改名", "reason": "同时编辑", "revision": )" + seen + "}", chief);
  ExpectProblem(two, 409, "revision", head);
  const Reply now = Call("GET", "/api/v1/units/E16", "", chief);
  EXPECT_EQ(now.body["crew"], 5);
  EXPECT_EQ(now.body["revision"], one.body["first_seq"]);
  // Moved to another organisation's station, it goes with that organisation.
  const Reply moved = Call("POST", "/api/v1/units/E16/change",
                           R"({"station": "sf-fs-02", "reason": "调防"})", chief);
  ASSERT_EQ(moved.status, 200) << moved.raw;
  EXPECT_EQ(Call("GET", "/api/v1/units/E16", "", chief).body["org"], "sf-east");
}

// A commander edits within their subtree only: sf-west's commander may add a unit at a west
// station, not at an east one, and may not move a west unit east.
TEST_F(ResourcesApiTest, ACommanderEditsOnlyWithinTheirSubtree) {
  ASSERT_TRUE(engine_
                  ->Execute({"admin", "",
                             auth::AddUser{"westcmd",
                                           {"westcmd", "westcmd"},
                                           core::Role::kCommander,
                                           core::OrgId("sf-west"),
                                           *hash_}})
                  .ok());
  const std::string west = Login("westcmd");
  const std::string body = R"({"id": "E90", "name": "E90", "type": "engine", "crew": 4,
                               "reason": "入列", "station": )";
  std::uint64_t head = Head();
  ExpectProblem(Call("POST", "/api/v1/units", body + R"("sf-fs-02"})", west), 403, "", head);
  ASSERT_EQ(Call("POST", "/api/v1/units", body + R"("sf-fs-10"})", west).status, 200);
  head = Head();
  ExpectProblem(Call("POST", "/api/v1/units/E90/change",
                     R"({"station": "sf-fs-02", "reason": "调防"})", west),
                403, "", head);
  EXPECT_EQ(Call("POST", "/api/v1/units/E16/retire", R"({"reason": "x"})", west).status, 403)
      << "E16 is sf-central's";
  EXPECT_EQ(Call("POST", "/api/v1/units", body + R"("sf-fs-10"})", Login("west")).status, 403)
      << "a dispatcher does not edit the resource base";
}

TEST_F(ResourcesApiTest, BadEditsAreRefusedNamingTheFieldAndNothingIsWritten) {
  const std::string admin = Login("admin");
  const std::string good =
      R"("name": "新车", "type": "engine", "crew": 4, "station": "sf-fs-16", "reason": "入列")";
  const std::string long_name(300, 'x');
  struct Case {
    std::string path, body;
    int status;
    std::string field;
  };
  const std::vector<Case> cases = {
      {"/api/v1/units", "", 400, ""},
      {"/api/v1/units", "not json", 400, ""},
      {"/api/v1/units", "[]", 400, ""},
      {"/api/v1/units", R"({"id": "N1", )" + good.substr(0, good.size() / 2), 400, ""},
      {"/api/v1/units", R"({)" + good + "}", 400, "id"},
      {"/api/v1/units", R"({"id": "", )" + good + "}", 400, "id"},
      {"/api/v1/units", R"({"id": ")" + std::string(65, 'x') + R"(", )" + good + "}", 400, "id"},
      {"/api/v1/units",
       R"({"id": "N1", "name": ")" + long_name +
           R"(", "type": "engine", "crew": 4, "station": "sf-fs-16", "reason": "r"})",
       400, "name"},
      {"/api/v1/units",
       R"({"id": "N1", "name": "", "type": "engine", "crew": 4, "station": "sf-fs-16", "reason": "r"})",
       400, "name"},
      {"/api/v1/units",
       R"({"id": "N1", "name": "n", "type": "spaceship", "crew": 4, "station": "sf-fs-16", "reason": "r"})",
       400, "type"},
      {"/api/v1/units",
       R"({"id": "N1", "name": "n", "type": "engine", "crew": -1, "station": "sf-fs-16", "reason": "r"})",
       400, "crew"},
      {"/api/v1/units",
       R"({"id": "N1", "name": "n", "type": "engine", "crew": 1000, "station": "sf-fs-16", "reason": "r"})",
       400, "crew"},
      {"/api/v1/units",
       R"({"id": "N1", "name": "n", "type": "engine", "crew": 4, "station": "nowhere", "reason": "r"})",
       400, "station"},
      {"/api/v1/units",
       R"({"id": "N1", "name": "n", "type": "engine", "crew": 4, "station": "sf-fs-16", "org": "atlantis", "reason": "r"})",
       400, "org"},
      {"/api/v1/units",
       R"({"id": "N1", "name": "n", "type": "engine", "crew": 4, "station": "sf-fs-16", "reason": ""})",
       400, "reason"},
      {"/api/v1/units",
       R"({"id": "N1", "name": "n", "type": "engine", "crew": 4, "station": "sf-fs-16"})", 400,
       "reason"},
      {"/api/v1/units",
       R"({"id": "N1", "name": "n", "type": "engine", "crew": 4, "station": "sf-fs-16", "reason": "r", "status": "on_scene"})",
       400, "status"},
      {"/api/v1/units",
       R"({"id": "N1", "name": "n", "type": "engine", "crew": 4, "station": "sf-fs-16", "reason": "r", "capabilities": ["flight"]})",
       400, "capabilities[0]"},
      {"/api/v1/units",
       R"({"id": "N1", "name": "n", "type": "engine", "crew": 4, "station": "sf-fs-16", "reason": "r", "capabilities": ["aerial", "aerial"]})",
       400, "capabilities"},
      {"/api/v1/units",
       R"({"id": "N1", "name": "n", "type": "engine", "crew": 4, "station": "sf-fs-16", "reason": "r", "colour": "red"})",
       400, "colour"},
      {"/api/v1/units", R"({"id": "E16", )" + good + "}", 409, "id"},
      {"/api/v1/units/E16/change", R"({"reason": "nothing"})", 409, ""},
      {"/api/v1/units/E16/change", R"({"crew": 4.5, "reason": "r"})", 400, "crew"},
      {"/api/v1/units/E16/change", R"({"crew": 5, "reason": "r", "revision": -1})", 400,
       "revision"},
      {"/api/v1/units/E16/change", R"({"crew": 5, "reason": "r", "revision": "1"})", 400,
       "revision"},
      {"/api/v1/units/E16/change", R"({"station": "nowhere", "reason": "r"})", 400, "station"},
      {"/api/v1/units/E16/change", R"({"crew": 5})", 400, "reason"},
      {"/api/v1/units/NOPE/change", R"({"crew": 5, "reason": "r"})", 404, "id"},
      {"/api/v1/units/NOPE/retire", R"({"reason": "r"})", 404, "id"},
      {"/api/v1/units/E16/retire", R"({})", 400, "reason"},
      {"/api/v1/units/E16/retire", R"({"reason": "r", "revision": 12345678})", 409, "revision"},
  };
  for (const Case& c : cases) {
    const std::uint64_t head = Head();
    const Reply r = Call("POST", c.path, c.body, admin);
    ExpectProblem(r, c.status, c.field, head);
    if (::testing::Test::HasFailure()) {
      ADD_FAILURE() << c.path << " " << c.body.substr(0, 120);
      break;
    }
  }
  const Reply bad_query = Call("GET", "/api/v1/units?retired=maybe", "", admin);
  EXPECT_EQ(bad_query.status, 400);
  EXPECT_EQ(bad_query.body.value("field", ""), "retired");
}

}  // namespace
}  // namespace elink::api
