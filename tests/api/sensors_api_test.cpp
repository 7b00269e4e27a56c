// SPDX-License-Identifier: Apache-2.0
// Monitoring over the API, on a real center: a dispatcher posts a rising river and sees the level
// climb through GET /api/v1/sensors and /api/v1/sensors/{id}, with the reading_recorded and
// sensor_level_changed events in /api/v1/events; a drill's readings move only the exercise level;
// everything survives a restart.
#include "api/service_fixture.hpp"

#include <gtest/gtest.h>

#include <string>

namespace elink::api {
namespace {

class SensorsApiTest : public ServiceTest {
 protected:
  void AdjustRegion(core::Region& region) override { region.sensors.push_back(TestGauge()); }

  Reply Post(const std::string& token, double value, int minutes_ago, bool exercise = false) {
    const TimePoint at = clock_.Now() - std::chrono::minutes(minutes_ago);
    return Call("POST", "/api/v1/sensors/test-gauge-1/readings",
                Json{{"value", value}, {"at", FormatTime(at)}, {"exercise", exercise}}.dump(),
                token);
  }

  Json Gauge(const std::string& token) {
    const Reply list = Call("GET", "/api/v1/sensors", "", token);
    EXPECT_EQ(list.status, 200) << list.raw;
    for (const Json& s : list.body["items"]) {
      if (s["id"] == "test-gauge-1") return s;
    }
    ADD_FAILURE() << "test-gauge-1 not listed: " << list.raw;
    return {};
  }
};

TEST_F(SensorsApiTest, ARisingRiverRaisesTheLevelSeenThroughGetAndTheEventLog) {
  const std::string token = Login("central");
  Json g = Gauge(token);
  EXPECT_EQ(g["level"], "none");
  EXPECT_TRUE(g["last_value"].is_null());
  EXPECT_EQ(g["kind"], "water_level");
  EXPECT_EQ(g["unit"], "m");
  EXPECT_EQ(g["org"], "sf-central");
  EXPECT_EQ(g["thresholds"], (Json{{"blue", 2.5}, {"yellow", 2.8}, {"orange", 3.2}, {"red", 3.6}}));
  EXPECT_EQ(g["rise_per_hour"], (Json{{"value", 0.5}, {"level", "yellow"}, {"window_min", 60}}));
  EXPECT_FALSE(g.contains("readings"));

  const std::uint64_t head = Head();
  Reply r = Post(token, 2.0, 60);
  ASSERT_EQ(r.status, 201) << r.raw;
  EXPECT_EQ(r.body["level"], "none");
  EXPECT_EQ(r.body["level_changed"], false);
  EXPECT_EQ(r.body["saved"], true);
  r = Post(token, 2.2, 40);  // 0.2 m in 20 min = 0.6 m/h: yellow by the rate
  ASSERT_EQ(r.status, 201) << r.raw;
  EXPECT_EQ(r.body["level"], "yellow");
  EXPECT_EQ(r.body["level_changed"], true);
  r = Post(token, 3.42, 0);  // orange by threshold
  ASSERT_EQ(r.status, 201) << r.raw;
  EXPECT_EQ(r.body["level"], "orange");
  EXPECT_EQ(r.body["last_seq"], head + 5);  // three readings, two level changes

  g = Gauge(token);
  EXPECT_EQ(g["level"], "orange");
  EXPECT_EQ(g["last_value"], 3.42);
  EXPECT_EQ(g["last_at"], FormatTime(clock_.Now()));
  EXPECT_EQ(g["level_since"], FormatTime(clock_.Now()));
  EXPECT_EQ(g["reason"]["zh"].get<std::string>().rfind("水位 3.42 m 超过橙色阈值 3.2 m", 0), 0U)
      << g.dump();
  EXPECT_EQ(g["exercise"]["level"], "none");

  const Reply one = Call("GET", "/api/v1/sensors/test-gauge-1", "", token);
  ASSERT_EQ(one.status, 200) << one.raw;
  ASSERT_EQ(one.body["readings"].size(), 3U);
  EXPECT_EQ(one.body["readings"][1],
            (Json{{"at", FormatTime(clock_.Now() - std::chrono::minutes(40))},
                  {"value", 2.2},
                  {"level", "yellow"}}));
  EXPECT_EQ(Call("GET", "/api/v1/sensors/nope", "", token).status, 404);

  const Reply events =
      Call("GET", "/api/v1/events?after=" + std::to_string(head), "", Login("analyst"));
  ASSERT_EQ(events.status, 200) << events.raw;
  ASSERT_EQ(events.body["items"].size(), 5U) << events.raw;
  const Json& first = events.body["items"][0];
  EXPECT_EQ(first["type"], "reading_recorded");
  EXPECT_EQ(first["actor"], "central");
  EXPECT_EQ(first["data"]["sensor"], "test-gauge-1");
  EXPECT_EQ(first["data"]["value"], 2.0);
  EXPECT_EQ(first["data"]["level"], "none");
  EXPECT_EQ(first["data"]["exercise"], false);
  const Json& change = events.body["items"][4];
  EXPECT_EQ(change["type"], "sensor_level_changed");
  EXPECT_EQ(change["data"]["from"], "yellow");
  EXPECT_EQ(change["data"]["to"], "orange");
  EXPECT_FALSE(change["data"]["reason_zh"].get<std::string>().empty());
  EXPECT_FALSE(change["data"]["reason_en"].get<std::string>().empty());

  // A drill's red reading moves only the exercise level.
  clock_.Advance(std::chrono::minutes(1));
  r = Post(token, 3.9, 0, true);
  ASSERT_EQ(r.status, 201) << r.raw;
  EXPECT_EQ(r.body["level"], "red");
  EXPECT_EQ(r.body["exercise"], true);
  g = Gauge(token);
  EXPECT_EQ(g["level"], "orange");
  EXPECT_EQ(g["exercise"]["level"], "red");
  EXPECT_EQ(g["exercise"]["last_value"], 3.9);

  // What the API said was saved is there after a restart.
  const Json before = Gauge(token);
  Restart();
  EXPECT_EQ(Gauge(Login("central")), before);
}

}  // namespace
}  // namespace elink::api
