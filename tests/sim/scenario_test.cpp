#include "sim/scenario.hpp"

#include "sim/sources.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace elink::sim {
namespace {

constexpr const char* kGood = R"(
name = "暴雨演练"
name_en = "Rainstorm drill"
seed = 9
start = "2026-07-01T08:00:00Z"
hours = 3
policies = ["recommend", "closest_station"]
exercise = true
speed = 10

[standard]
default_minutes = 10
[standard.types]
"fire.residential" = 5

[[script]]
at_min = 15
type = "flood.waterlogging"
lat = 37.80
lon = -122.43
level = "III"
description = "积水没过车轮"
description_en = "Water above the wheels"

[[script]]
at_min = 40.5
type = "geo.landslide"
lat = 37.79
lon = -122.42
)";

TEST(ScenarioTest, ReadsEveryKey) {
  Result<Scenario> s = ParseScenario(kGood, "/tmp", "drill.toml");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->name.zh, "暴雨演练");
  EXPECT_EQ(s->seed, 9U);
  EXPECT_EQ(FormatTime(*s->start), "2026-07-01T08:00:00.000Z");
  EXPECT_EQ(s->policies, (std::vector<Policy>{Policy::kRecommend, Policy::kClosestStation}));
  EXPECT_TRUE(s->exercise);
  EXPECT_DOUBLE_EQ(s->StandardMinutes("fire.residential"), 5);
  EXPECT_DOUBLE_EQ(s->StandardMinutes("geo.landslide"), 10);
  ASSERT_EQ(s->script.size(), 2U);
  EXPECT_EQ(s->script[0].incident.level, core::IncidentLevel::kIII);
  EXPECT_EQ(s->script[1].incident.level, core::IncidentLevel::kIV);
  Result<BuiltIncidents> built = BuildIncidents(*s);
  ASSERT_TRUE(built.ok()) << built.status().ToString();
  ASSERT_EQ(built->incidents.size(), 2U);
  EXPECT_EQ(FormatTime(built->incidents[1].at), "2026-07-01T08:40:30.000Z");
}

// Each bad input is refused with the file, the line and the field, never accepted silently.
TEST(ScenarioTest, RefusesBadInputNamingTheField) {
  struct Case {
    const char* what;
    std::string text;
    const char* expect;  // in the message
  };
  const std::string head = "name = \"x\"\n";
  const std::string step =
      "[[script]]\nat_min = 1\ntype = \"fire.residential\"\nlat = 1\nlon = 1\n";
  const std::vector<Case> cases = {
      {"garbage", "\x01\x02 not toml ]]", "drill.toml"},
      {"truncated", head + "[[script]\nat_min = 1", "drill.toml:2"},
      {"not UTF-8", head + "name_en = \"\xff\xfe\"\n" + step, "UTF-8"},
      {"unknown key", head + "colour = 1\n" + step, "colour: unknown key"},
      {"no incidents", head, "no incidents"},
      {"no name", step, "name: missing"},
      {"unknown policy", head + "policies = [\"fastest\"]\n" + step, "unknown policy"},
      {"policy twice", head + "policies = [\"joint\", \"joint\"]\n" + step, "twice"},
      {"empty policies", head + "policies = []\n" + step, "policies"},
      {"negative hours", head + "hours = -1\n" + step, "hours: must be between"},
      {"huge hours", head + "hours = 1e12\n" + step, "hours: must be between"},
      {"nan speed", head + "speed = nan\n" + step, "speed"},
      {"bad start", head + "start = \"yesterday\"\n" + step, "start"},
      {"negative seed", head + "seed = -4\n" + step, "seed"},
      {"unknown type", head + "[[script]]\nat_min = 1\ntype = \"fire.dragon\"\nlat = 1\nlon = 1\n",
       "unknown incident type 'fire.dragon'"},
      {"latitude 91",
       head + "[[script]]\nat_min = 1\ntype = \"fire.residential\"\nlat = 91\nlon = 1\n",
       "script[0].lat"},
      {"missing lon", head + "[[script]]\nat_min = 1\ntype = \"fire.residential\"\nlat = 1\n",
       "needs at_min"},
      {"bad level", head + step + "level = \"V\"\n", "level"},
      {"string for number",
       head + "[[script]]\nat_min = \"soon\"\ntype = \"fire.residential\"\nlat = 1\nlon = 1\n",
       "at_min: expected a number"},
      {"bad call format", head + "[[calls]]\npath = \"x.csv\"\nformat = \"xml\"\n", "format"},
      {"standard zero", head + "[standard]\ndefault_minutes = 0\n" + step, "default_minutes"},
      {"standard unknown type", head + "[standard.types]\n\"fire.dragon\" = 5\n" + step,
       "fire.dragon"},
      {"oversized", head + "# " + std::string(5u << 20, 'x') + "\n" + step, "larger than 4 MiB"},
  };
  for (const Case& c : cases) {
    Result<Scenario> s = ParseScenario(c.text, "/tmp", "drill.toml");
    ASSERT_FALSE(s.ok()) << c.what;
    EXPECT_NE(s.status().message().find(c.expect), std::string::npos)
        << c.what << ": " << s.status().ToString();
  }
}

TEST(ScenarioTest, MissingFilesAreNamed) {
  EXPECT_EQ(LoadScenario("/nonexistent/drill.toml").status().code(), StatusCode::kNotFound);
  testing::TempDir dir;
  std::ofstream(dir.path() / "s.toml") << "name = \"x\"\n[[calls]]\npath = \"gone.csv\"\n";
  Result<Scenario> s = LoadScenario(dir.path() / "s.toml");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  Result<BuiltIncidents> built = BuildIncidents(*s);
  ASSERT_FALSE(built.ok());
  EXPECT_NE(built.status().ToString().find("gone.csv"), std::string::npos)
      << built.status().ToString();
}

TEST(ScenarioTest, DurationsRoundTripAndRefuseNonsense) {
  Durations d;
  d.source = "a \"quoted\" source";
  d.by_type["fire.residential"] = {{10, 20}, {30, 40}, {500, 900}};
  testing::TempDir dir;
  std::ofstream(dir.path() / "d.toml") << DurationsToToml(d);
  Result<Durations> back = LoadDurations(dir.path() / "d.toml");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->source, d.source);
  EXPECT_EQ(back->by_type, d.by_type);
  EXPECT_EQ(back->fallback, d.fallback);
  std::ofstream(dir.path() / "bad.toml") << "[default]\nturnout = { median_s = 60, p90_s = 30 }\n";
  EXPECT_NE(LoadDurations(dir.path() / "bad.toml").status().message().find("p90_s is below"),
            std::string::npos);
}

// Draws follow the fitted law: the sample median and 90th percentile land near the parameters.
TEST(ScenarioTest, DistributionSamplesMatchTheirMedianAndP90) {
  const Distribution d{120, 400};
  Rng rng(3);
  std::vector<double> s;
  for (int i = 0; i < 20'000; ++i) s.push_back(static_cast<double>(d.Sample(rng).count()) / 1000);
  std::sort(s.begin(), s.end());
  EXPECT_NEAR(s[10'000], 120, 6);
  EXPECT_NEAR(s[18'000], 400, 25);
  const Distribution constant{90, 90};
  EXPECT_EQ(constant.Sample(rng), Millis(90'000));
}

}  // namespace
}  // namespace elink::sim
