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
  EXPECT_EQ(s->policies, (std::vector<PolicySpec>{Policy::kRecommend, Policy::kClosestStation}));
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
      // [[policy]] variants.
      {"policy without base", head + "[[policy]]\nname = \"x\"\n" + step, "policy[0].base"},
      {"policy unknown base", head + "[[policy]]\nname = \"x\"\nbase = \"fastest\"\n" + step,
       "policy[0].base: unknown policy"},
      {"policy takes a built-in name",
       head + "[[policy]]\nname = \"joint\"\nbase = \"joint\"\n" + step, "already taken"},
      {"policy name with markup", head + "[[policy]]\nname = \"<b>\"\nbase = \"joint\"\n" + step,
       "policy[0].name: use"},
      {"window on recommend",
       head + "[[policy]]\nname = \"r\"\nbase = \"recommend\"\nwindow_s = 60\n" + step,
       "only a joint policy"},
      {"negative window",
       head + "[[policy]]\nname = \"j\"\nbase = \"joint\"\nwindow_s = -1\n" + step,
       "window_s: must be between"},
      {"mutual aid on closest",
       head + "[[policy]]\nname = \"c\"\nbase = \"closest_station\"\nmutual_aid = false\n" + step,
       "mutual_aid"},
      {"coverage on joint",
       head + "[[policy]]\nname = \"j\"\nbase = \"joint\"\ncoverage_minutes = 5\n" + step,
       "only a recommend policy"},
      {"coverage too long",
       head + "[[policy]]\nname = \"r\"\nbase = \"recommend\"\ncoverage_minutes = 61\n" + step,
       "coverage_minutes: must be between"},
      {"coverage as text",
       head + "[[policy]]\nname = \"r\"\nbase = \"recommend\"\ncoverage_minutes = \"5\"\n" + step,
       "coverage_minutes: expected a number"},
      {"variant not listed",
       head + "policies = [\"joint\"]\n[[policy]]\nname = \"j\"\nbase = \"joint\"\n" + step,
       "defined but not listed"},
      {"nine policies",
       head +
           "policies = [\"joint\", \"recommend\", \"closest_station\", \"a\", \"b\", \"c\", "
           "\"d\", \"e\", \"f\"]\n" +
           step,
       "more than 8"},
      // Scripted readings and warnings.
      {"unknown step kind", head + step + "kind = \"sms\"\n", "kind: expected incident"},
      {"reading without sensor", head + "[[script]]\nkind = \"reading\"\nat_min = 1\nvalue = 2\n",
       "script[0].sensor: missing"},
      {"reading value text",
       head + "[[script]]\nkind = \"reading\"\nat_min = 1\nsensor = \"s\"\nvalue = \"high\"\n",
       "value: expected a number"},
      {"ramp without end",
       head + "[[script]]\nkind = \"reading\"\nat_min = 1\nsensor = \"s\"\nvalue = 2\n"
              "to_value = 3\n",
       "needs both"},
      {"ramp backwards",
       head + "[[script]]\nkind = \"reading\"\nat_min = 10\nsensor = \"s\"\nvalue = 2\n"
              "to_value = 3\nuntil_min = 5\n",
       "until_min: must be after"},
      {"ramp of a million readings",
       head + "[[script]]\nkind = \"reading\"\nat_min = 0\nsensor = \"s\"\nvalue = 2\n"
              "to_value = 3\nuntil_min = 100000\nevery_min = 0.1\n",
       "more than 10000"},
      {"incident keys on a reading",
       head + "[[script]]\nkind = \"reading\"\nat_min = 1\nsensor = \"s\"\nvalue = 2\n"
              "type = \"fire.residential\"\n",
       "type: unknown key"},
      {"warning without headline",
       head + "[[script]]\nkind = \"warning\"\nat_min = 1\norg = \"o\"\ncolour = \"red\"\n"
              "lat = 1\nlon = 1\nradius_km = 5\n",
       "needs at_min, org, colour, headline"},
      {"warning colour purple",
       head + "[[script]]\nkind = \"warning\"\nat_min = 1\norg = \"o\"\ncolour = \"purple\"\n"
              "headline = \"h\"\narea = \"a\"\nlat = 1\nlon = 1\nradius_km = 5\n",
       "colour: expected blue"},
      {"warning category",
       head + "[[script]]\nkind = \"warning\"\nat_min = 1\norg = \"o\"\ncolour = \"red\"\n"
              "category = \"Weather\"\nheadline = \"h\"\narea = \"a\"\nlat = 1\nlon = 1\nradius_km "
              "= 5\n",
       "category: expected"},
      {"warning radius zero",
       head + "[[script]]\nkind = \"warning\"\nat_min = 1\norg = \"o\"\ncolour = \"red\"\n"
              "headline = \"h\"\narea = \"a\"\nlat = 1\nlon = 1\nradius_km = 0\n",
       "radius_km: must be between"},
      {"warning for a month",
       head + "[[script]]\nkind = \"warning\"\nat_min = 1\norg = \"o\"\ncolour = \"red\"\n"
              "headline = \"h\"\narea = \"a\"\nlat = 1\nlon = 1\nradius_km = 5\nexpires_h = 720\n",
       "expires_h: must be between"},
  };
  for (const Case& c : cases) {
    Result<Scenario> s = ParseScenario(c.text, "/tmp", "drill.toml");
    ASSERT_FALSE(s.ok()) << c.what;
    EXPECT_NE(s.status().message().find(c.expect), std::string::npos)
        << c.what << ": " << s.status().ToString();
  }
}

// A scenario names its own policies: variants of the built-ins with their settings changed, run
// in the order listed; without a list, the two defaults and then every variant.
TEST(ScenarioTest, ReadsPolicyVariants) {
  const std::string step =
      "[[script]]\nat_min = 1\ntype = \"fire.residential\"\nlat = 1\nlon = 1\n";
  const std::string variants = R"(
[[policy]]
name = "joint-5min"
label = "五分钟联合指派"
label_en = "Joint, 5-minute windows"
base = "joint"
window_s = 300

[[policy]]
name = "home-only"
base = "recommend"
mutual_aid = false
coverage_minutes = 5.5
)";
  Result<Scenario> listed = ParseScenario(
      "name = \"x\"\npolicies = [\"home-only\", \"joint\", \"joint-5min\"]\n" + variants + step,
      "/tmp", "p.toml");
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  ASSERT_EQ(listed->policies.size(), 3U);
  EXPECT_EQ(listed->policies[0].name, "home-only");
  EXPECT_EQ(listed->policies[0].base, Policy::kRecommend);
  EXPECT_FALSE(listed->policies[0].mutual_aid);
  EXPECT_DOUBLE_EQ(listed->policies[0].coverage_minutes, 5.5);
  EXPECT_DOUBLE_EQ(listed->policies[2].coverage_minutes, 0) << "off unless asked";
  EXPECT_EQ(listed->policies[0].label.en, "home-only") << "a variant without a label: its name";
  EXPECT_EQ(listed->policies[1], PolicySpec(Policy::kJoint));
  EXPECT_EQ(listed->policies[2].label.zh, "五分钟联合指派");
  EXPECT_DOUBLE_EQ(listed->policies[2].window_s, 300);
  EXPECT_TRUE(listed->policies[2].mutual_aid);

  Result<Scenario> unlisted = ParseScenario("name = \"x\"\n" + variants + step, "/tmp", "p.toml");
  ASSERT_TRUE(unlisted.ok()) << unlisted.status().ToString();
  std::vector<std::string> names;
  for (const PolicySpec& p : unlisted->policies) names.push_back(p.name);
  EXPECT_EQ(names,
            (std::vector<std::string>{"closest_station", "recommend", "joint-5min", "home-only"}));
}

// A drill's rising river and the weather bureau's warning: a ramp gives a reading every
// `every_min` with its last exactly at `until_min`, values on the straight line between.
TEST(ScenarioTest, ReadsScriptedReadingsAndWarnings) {
  const std::string text = R"(
name = "x"

[[script]]
kind = "reading"
at_min = 0
sensor = "river-1"
value = 2.0
to_value = 3.4
until_min = 60
every_min = 25

[[script]]
kind = "reading"
at_min = 70
sensor = "rain-1"
value = 45.5

[[script]]
kind = "warning"
at_min = 5
org = "city"
colour = "orange"
category = "Met"
urgency = "Immediate"
certainty = "Observed"
event = "暴雨"
event_en = "Rainstorm"
headline = "暴雨橙色预警"
headline_en = "Orange rainstorm warning"
area = "全市"
lat = 37.8
lon = -122.4
radius_km = 12.5
expires_h = 3
)";
  Result<Scenario> s = ParseScenario(text, "/tmp", "d.toml");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_TRUE(s->script.empty());
  ASSERT_EQ(s->readings.size(), 2U);
  const auto ramp = s->readings[0].Series();
  ASSERT_EQ(ramp.size(), 4U);  // minutes 0, 25, 50 and 60
  EXPECT_DOUBLE_EQ(ramp[0].first, 0);
  EXPECT_DOUBLE_EQ(ramp[1].first, 25);
  EXPECT_DOUBLE_EQ(ramp[1].second, 2.0 + 1.4 * 25 / 60);
  EXPECT_DOUBLE_EQ(ramp[3].first, 60);
  EXPECT_DOUBLE_EQ(ramp[3].second, 3.4);
  EXPECT_EQ(s->readings[1].Series(), (std::vector<std::pair<double, double>>{{70, 45.5}}));
  ASSERT_EQ(s->warnings.size(), 1U);
  const core::AlertContent& a = s->warnings[0].content;
  EXPECT_EQ(a.org.value(), "city");
  EXPECT_EQ(a.level, core::AlertLevel::kOrange);
  EXPECT_EQ(a.category, core::AlertCategory::kMet);
  EXPECT_EQ(a.urgency, core::AlertUrgency::kImmediate);
  EXPECT_EQ(a.certainty, core::AlertCertainty::kObserved);
  EXPECT_EQ(a.headline.en, "Orange rainstorm warning");
  EXPECT_DOUBLE_EQ(a.area.radius_km, 12.5);
  EXPECT_TRUE(a.exercise) << "a drill's warning is always an exercise";
  EXPECT_DOUBLE_EQ(s->warnings[0].expires_h, 3);
}

TEST(ScenarioTest, MissingFilesAreNamed) {
  EXPECT_EQ(LoadScenario("/nonexistent/drill.toml").status().code(), StatusCode::kNotFound);
  elink::testing::TempDir dir;
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
  elink::testing::TempDir dir;
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
