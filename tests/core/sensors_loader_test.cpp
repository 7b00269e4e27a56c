// SPDX-License-Identifier: Apache-2.0
// sensors.toml: the fixture region (tests/core/data/monitoring-region) loads with its sensors;
// each kind of bad sensor, made by breaking one thing in a copy, fails naming the file, the line
// and the field, and no region comes back. Sensors also survive the codec (region_imported event
// and the state snapshot).
#include "core/codec.hpp"
#include "core/region_loader.hpp"
#include "core/state.hpp"
#include "engine/registry.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <string>
#include <string_view>

namespace elink::core {
namespace {

// The domains' commands and events by name (engine/registry.hpp lists them).
using namespace elink::engine::domains;  // NOLINT(google-build-using-namespace)
using engine::DecodeEvent;
using engine::EncodePayload;
using engine::Event;
using engine::EventBody;
using engine::TypeOf;

namespace fs = std::filesystem;

fs::path FixtureDir() {
  return fs::path(ELINK_SOURCE_DIR) / "tests" / "core" / "data" / "monitoring-region";
}

class Copy {
 public:
  Copy() { fs::copy(FixtureDir(), tmp_.path(), fs::copy_options::recursive); }
  [[nodiscard]] const fs::path& dir() const { return tmp_.path(); }
  [[nodiscard]] std::string Read() const {
    std::ifstream in(dir() / "sensors.toml", std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
  }
  void Write(std::string_view text) const {
    std::ofstream out(dir() / "sensors.toml", std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
  }
  // Replaces the first `from` by `to`; returns the 1-based line where it was.
  std::size_t Replace(std::string_view from, std::string_view to) const {
    std::string text = Read();
    const std::size_t pos = text.find(from);
    if (pos == std::string::npos) {
      ADD_FAILURE() << "'" << from << "' not in sensors.toml";
      return 0;
    }
    const auto line = 1 + static_cast<std::size_t>(std::count(
                              text.begin(), text.begin() + static_cast<std::ptrdiff_t>(pos), '\n'));
    text.replace(pos, from.size(), to);
    Write(text);
    return line;
  }

 private:
  testing::TempDir tmp_;
};

// The load fails with kInvalidArgument, no region, and a message starting "sensors.toml:<line>: "
// (any line when `line` is 0) that contains every part.
void ExpectRefused(const fs::path& dir, std::size_t line,
                   std::initializer_list<std::string_view> parts) {
  const Result<Region> r = LoadRegion(dir);
  ASSERT_FALSE(r.ok()) << "loaded a region that should have been refused";
  const Status& s = r.status();
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << s.ToString();
  const std::string prefix =
      line == 0 ? "sensors.toml:" : "sensors.toml:" + std::to_string(line) + ": ";
  EXPECT_EQ(s.message().rfind(prefix, 0), 0U) << s.message() << "\nexpected prefix " << prefix;
  for (std::string_view part : parts) {
    EXPECT_NE(s.message().find(part), std::string::npos)
        << s.message() << "\nexpected to contain: " << part;
  }
}

TEST(SensorsLoaderTest, FixtureLoadsWithItsSensors) {
  const Result<Region> r = LoadRegion(FixtureDir());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->sensors.size(), 2U);
  const Sensor& wl = r->sensors[0];
  EXPECT_EQ(wl.id, SensorId("WL-east-1"));
  EXPECT_EQ(wl.name.zh, "东河水位站");
  EXPECT_EQ(wl.name.en, "East River gauge");
  EXPECT_EQ(wl.kind, SensorKind::kWaterLevel);
  EXPECT_EQ(wl.unit, "m");
  EXPECT_EQ(wl.location, (LatLon{30.005, 120.005}));
  EXPECT_EQ(wl.org, OrgId("east"));
  EXPECT_EQ(wl.thresholds.blue, 2.5);
  EXPECT_EQ(wl.thresholds.yellow, 2.8);
  EXPECT_EQ(wl.thresholds.orange, 3.2);
  EXPECT_EQ(wl.thresholds.red, 3.6);
  ASSERT_TRUE(wl.rise.has_value());
  EXPECT_EQ(wl.rise->per_hour, 0.5);
  EXPECT_EQ(wl.rise->level, SensorLevel::kYellow);
  EXPECT_EQ(wl.rise->window_minutes, 30);
  const Sensor& rf = r->sensors[1];
  EXPECT_EQ(rf.kind, SensorKind::kRainfall);
  EXPECT_EQ(rf.name.en, "");
  EXPECT_FALSE(rf.thresholds.blue.has_value());
  EXPECT_EQ(rf.thresholds.orange, 50.0);
  EXPECT_FALSE(rf.rise.has_value());
}

TEST(SensorsLoaderTest, NoSensorsTomlMeansNoSensors) {
  Copy copy;
  fs::remove(copy.dir() / "sensors.toml");
  const Result<Region> r = LoadRegion(copy.dir());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->sensors.empty());
}

TEST(SensorsLoaderTest, WindowDefaultsToAnHour) {
  Copy copy;
  copy.Replace("window_min = 30\n", "");
  const Result<Region> r = LoadRegion(copy.dir());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->sensors[0].rise->window_minutes, 60);
}

TEST(SensorsLoaderTest, UnknownKeys) {
  Copy copy;
  const std::size_t line = copy.Replace("unit = \"m\"", "unit = \"m\"\ncolour = \"blue\"");
  ExpectRefused(copy.dir(), line + 1, {"sensors[0].colour: unknown key", "allowed keys: id"});
  Copy inner;
  const std::size_t l2 = inner.Replace("red = 3.6 }", "red = 3.6, purple = 4 }");
  ExpectRefused(inner.dir(), l2, {"sensors[0].thresholds.purple: unknown key"});
  Copy rise;
  const std::size_t l3 = rise.Replace("level = \"yellow\" }", "level = \"yellow\", x = 1 }");
  ExpectRefused(rise.dir(), l3, {"sensors[0].rise_per_hour.x: unknown key"});
  Copy top;
  top.Replace("[[sensors]]", "gauges = 2\n[[sensors]]");
  ExpectRefused(top.dir(), 3, {"gauges: unknown key"});
}

TEST(SensorsLoaderTest, WrongTypes) {
  Copy a;
  std::size_t line = a.Replace("lat = 30.005", "lat = \"30.005\"");
  ExpectRefused(a.dir(), line, {"sensors[0].lat: expected a number, got a string"});
  Copy b;
  line = b.Replace("thresholds = { blue = 2.5, yellow = 2.8, orange = 3.2, red = 3.6 }",
                   "thresholds = 3.2");
  ExpectRefused(b.dir(), line, {"sensors[0].thresholds: expected a table, got a float"});
  Copy c;
  line = c.Replace("yellow = 2.8", "yellow = \"2.8\"");
  ExpectRefused(c.dir(), line, {"sensors[0].thresholds.yellow: expected a number, got a string"});
  Copy d;
  line = d.Replace("window_min = 30", "window_min = 30.5");
  ExpectRefused(d.dir(), line, {"sensors[0].window_min: expected an integer, got a float"});
  Copy e;
  line = e.Replace("rise_per_hour = { value = 0.5, level = \"yellow\" }", "rise_per_hour = 0.5");
  ExpectRefused(e.dir(), line, {"sensors[0].rise_per_hour: expected a table"});
  Copy f;
  line = f.Replace("kind = \"water_level\"", "kind = \"tide\"");
  ExpectRefused(f.dir(), line,
                {"sensors[0].kind: unknown sensor kind 'tide'", "water_level, rainfall"});
  Copy g;
  line = g.Replace("level = \"yellow\"", "level = \"purple\"");
  ExpectRefused(g.dir(), line, {"sensors[0].rise_per_hour.level: unknown level 'purple'"});
  Copy h;
  line = h.Replace("[[sensors]]\nid = \"RF-west-1\"", "[[sensors]]\nid = 7");
  ExpectRefused(h.dir(), line + 1, {"sensors[1].id: expected a string, got an integer"});
}

TEST(SensorsLoaderTest, MissingFields) {
  Copy a;
  a.Replace("org = \"west\"\n", "");
  ExpectRefused(a.dir(), 0, {"sensors[1].org: missing required key"});
  Copy b;
  b.Replace("thresholds = { orange = 50, red = 80 }\n", "");
  ExpectRefused(b.dir(), 0, {"sensors[1].thresholds: missing required key"});
  Copy c;
  const std::size_t line = c.Replace("thresholds = { orange = 50, red = 80 }", "thresholds = {}");
  ExpectRefused(c.dir(), line, {"sensors[1].thresholds: give at least one of blue"});
  Copy d;
  d.Replace("rise_per_hour = { value = 0.5, level = \"yellow\" }", "rise_per_hour = { value = 1 }");
  ExpectRefused(d.dir(), 0, {"sensors[0].rise_per_hour.level: missing required key"});
  Copy e;
  e.Replace("rise_per_hour = { value = 0.5, level = \"yellow\" }\n", "");
  ExpectRefused(e.dir(), 0, {"sensors[0].window_min: only meaningful with rise_per_hour"});
}

TEST(SensorsLoaderTest, ThresholdsMustIncreaseAndBeFinite) {
  Copy a;
  std::size_t line = a.Replace("orange = 3.2", "orange = 2.8");
  ExpectRefused(a.dir(), line,
                {"sensors[0].thresholds.orange: must be greater than the yellow threshold 2.8, "
                 "not 2.8"});
  Copy b;
  line = b.Replace("red = 80", "red = 40");
  ExpectRefused(b.dir(), line, {"sensors[1].thresholds.red: must be greater than the orange"});
  Copy c;
  line = c.Replace("blue = 2.5", "blue = nan");
  ExpectRefused(c.dir(), line, {"sensors[0].thresholds.blue: must be a finite number"});
  Copy d;
  line = d.Replace("red = 3.6", "red = inf");
  ExpectRefused(d.dir(), line, {"sensors[0].thresholds.red: must be a finite number"});
  Copy e;
  line = e.Replace("value = 0.5", "value = -0.5");
  ExpectRefused(e.dir(), line, {"sensors[0].rise_per_hour.value: must be a finite number above 0"});
  Copy f;
  line = f.Replace("level = \"yellow\"", "level = \"none\"");
  ExpectRefused(f.dir(), line, {"sensors[0].rise_per_hour.level: must be one of blue"});
  Copy g;
  line = g.Replace("window_min = 30", "window_min = 4");
  ExpectRefused(g.dir(), line, {"sensors[0].window_min: must be within [5, 1440] minutes, not 4"});
  Copy h;
  line = h.Replace("window_min = 30", "window_min = 1441");
  ExpectRefused(h.dir(), line, {"sensors[0].window_min: must be within [5, 1440]"});
}

TEST(SensorsLoaderTest, ReferencesAndRanges) {
  Copy a;
  std::size_t line = a.Replace("org = \"west\"", "org = \"north\"");
  ExpectRefused(a.dir(), line, {"sensors[1].org: no organisation 'north'"});
  Copy b;
  line = b.Replace("id = \"RF-west-1\"", "id = \"WL-east-1\"");
  ExpectRefused(b.dir(), line, {"sensors[1].id: duplicate id 'WL-east-1'"});
  Copy c;
  line = c.Replace("lat = 30.006", "lat = 91");
  ExpectRefused(c.dir(), line, {"sensors[1].lat"});
  Copy d;
  line = d.Replace("lon = 120.005", "lon = -181");
  ExpectRefused(d.dir(), line, {"sensors[0].lon"});
  Copy e;
  line = e.Replace("lat = 30.005", "lat = nan");
  ExpectRefused(e.dir(), line, {"sensors[0].lat"});
  Copy f;
  line = f.Replace("unit = \"mm/h\"", "unit = \"millimetres per hour\"");
  ExpectRefused(f.dir(), line, {"sensors[1].unit: longer than 16 bytes"});
  Copy g;
  line = g.Replace("name = \"西区雨量站\"", "name = \"\"");
  ExpectRefused(g.dir(), line, {"sensors[1].name: must not be empty"});
}

TEST(SensorsLoaderTest, GarbageAndTruncatedToml) {
  Copy a;
  a.Write("[[sensors]\nid = ");
  ExpectRefused(a.dir(), 1, {});
  Copy b;
  const std::string text = b.Read();
  b.Write(text.substr(0, text.find("red = 3.6") + 5));  // cut inside the inline table
  ExpectRefused(b.dir(), 0, {});
  Copy c;
  c.Write(std::string("\x01\x02garbage = = =\n", 17));
  ExpectRefused(c.dir(), 1, {});
  Copy d;
  d.Write("sensors = 5\n");
  ExpectRefused(d.dir(), 1, {"sensors: expected an array of tables, got an integer"});
  Copy e;
  e.Write("id = \"\xff\xfe\"\n");
  ExpectRefused(e.dir(), 1, {"invalid UTF-8"});
}

TEST(SensorsLoaderTest, SensorsSurviveTheCodec) {
  const Result<Region> r = LoadRegion(FixtureDir());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const Event e{1, FromUnixMillis(1'000), "elink-init", "", RegionImported{*r}};
  const std::string payload = EncodePayload(e);
  EXPECT_NE(payload.find("\"sensors\":["), std::string::npos);
  const Result<Event> back = DecodeEvent(1, e.at, "region_imported", payload);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, e);

  // A region without sensors is written as before sensors existed, so older logs re-encode the
  // same; an explicit empty list is not a second spelling of it.
  Region bare = *r;
  bare.sensors.clear();
  const std::string old = EncodePayload(Event{1, e.at, "elink-init", "", RegionImported{bare}});
  EXPECT_EQ(old.find("sensors"), std::string::npos);
  ASSERT_TRUE(DecodeEvent(1, e.at, "region_imported", old).ok());
  std::string with_empty = old;
  with_empty.replace(with_empty.find("\"stations\""), 0, "\"sensors\":[],");
  EXPECT_FALSE(DecodeEvent(1, e.at, "region_imported", with_empty).ok());

  State state;
  ASSERT_TRUE(engine::Apply(state, e).ok());
  const SensorState* s = state.FindSensor(SensorId("WL-east-1"));
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->live.level, SensorLevel::kNone);
  EXPECT_EQ(s->live.level_since, e.at);
  ASSERT_TRUE(
      engine::Apply(state, Event{2, FromUnixMillis(2'000), "t", "",
                                 ReadingRecorded{SensorId("WL-east-1"), FromUnixMillis(1'500), 3.3,
                                                 SensorLevel::kOrange, false}})
          .ok());
  ASSERT_TRUE(
      engine::Apply(state, Event{3, FromUnixMillis(2'000), "t", "",
                                 SensorLevelChanged{SensorId("WL-east-1"), SensorLevel::kNone,
                                                    SensorLevel::kOrange, "水位", "water", false}})
          .ok());
  const Result<State> decoded = DecodeState(EncodeState(state));
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(*decoded, state);
  EXPECT_EQ(decoded->FindSensor(SensorId("WL-east-1"))->live.level_since, FromUnixMillis(1'500));
}

}  // namespace
}  // namespace elink::core
