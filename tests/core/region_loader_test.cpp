// SPDX-License-Identifier: Apache-2.0
// The demo region loads and validates; each kind of bad configuration, made by copying the demo
// and breaking one thing, fails with a message that names the file, the line and the field.
#include "core/region_loader.hpp"

#include "core/toml_reader.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace elink::core {
namespace {

namespace fs = std::filesystem;

fs::path DemoDir() { return fs::path(ELINK_SOURCE_DIR) / "data" / "regions" / "demo"; }

std::string ReadAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void WriteAll(const fs::path& p, std::string_view text) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
}

// A copy of the demo region in a temporary directory, to break one thing in.
class RegionCopy {
 public:
  RegionCopy() { fs::copy(DemoDir(), dir(), fs::copy_options::recursive); }

  [[nodiscard]] const fs::path& dir() const { return tmp_.path(); }
  [[nodiscard]] std::string Read(const std::string& file) const { return ReadAll(dir() / file); }
  void Write(const std::string& file, std::string_view text) const { WriteAll(dir() / file, text); }
  void Remove(const std::string& file) const { fs::remove_all(dir() / file); }

  // The 1-based line of the `nth` occurrence (from 1) of `needle` in `file`.
  [[nodiscard]] std::size_t LineOf(const std::string& file, std::string_view needle,
                                   int nth = 1) const {
    const std::string text = Read(file);
    std::size_t pos = std::string::npos;
    for (int i = 0; i < nth; ++i) {
      pos = text.find(needle, pos == std::string::npos ? 0 : pos + 1);
      if (pos == std::string::npos) {
        ADD_FAILURE() << "'" << needle << "' not found in " << file;
        return 0;
      }
    }
    return LineAt(text, pos);
  }

  // Replaces the `nth` occurrence of `from` in `file` by `to`; returns the line where it was.
  std::size_t Replace(const std::string& file, std::string_view from, std::string_view to,
                      int nth = 1) const {
    std::string text = Read(file);
    std::size_t pos = std::string::npos;
    for (int i = 0; i < nth; ++i) {
      pos = text.find(from, pos == std::string::npos ? 0 : pos + 1);
      if (pos == std::string::npos) {
        ADD_FAILURE() << "'" << from << "' not found in " << file;
        return 0;
      }
    }
    const std::size_t line = LineAt(text, pos);
    text.replace(pos, from.size(), to);
    Write(file, text);
    return line;
  }

 private:
  testing::TempDir tmp_;
};

// The status of a load that must fail; also checks that no region came back.
Status LoadError(const fs::path& dir) {
  Result<Region> r = LoadRegion(dir);
  EXPECT_FALSE(r.ok()) << "loaded a region that should have been refused";
  return r.status();
}

std::string At(const std::string& file, std::size_t line) {
  return file + ":" + std::to_string(line) + ": ";
}

// The message starts with "<file>:<line>: " and contains every one of `parts`.
void ExpectMessage(const Status& s, const std::string& prefix,
                   std::initializer_list<std::string_view> parts) {
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << s.ToString();
  EXPECT_EQ(s.message().rfind(prefix, 0), 0U)
      << "message: " << s.message() << "\nexpected prefix: " << prefix;
  for (std::string_view part : parts) {
    EXPECT_NE(s.message().find(part), std::string::npos)
        << "message: " << s.message() << "\nexpected to contain: " << part;
  }
}

// ------------------------------------------------------------------------------------------------
// The demo region

class RegionDemoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<Region> r = LoadRegion(DemoDir());
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    region_ = std::move(r).value();
  }
  [[nodiscard]] const Region& region() const { return region_; }

 private:
  Region region_;
};

TEST_F(RegionDemoTest, LoadsWithTheGeneratedCounts) {
  // scripts/gen_demo_region.py prints these counts; see data/PROVENANCE.md.
  EXPECT_EQ(region().id, "bay-area-demo");
  EXPECT_EQ(region().name.zh, "湾区应急联动区域");
  EXPECT_EQ(region().name.en, "Bay Area emergency region");
  EXPECT_EQ(region().organisations.size(), 23U);
  EXPECT_EQ(region().grids.size(), 32U);
  EXPECT_EQ(region().stations.size(), 12U);  // 9 fire stations + 3 hospitals
  EXPECT_EQ(region().units.size(), 39U);     // 30 generated + 9 written by hand for the plans
  ASSERT_EQ(region().plans.size(), 21U);
  EXPECT_TRUE(ValidateRegion(region()).ok());
}

TEST_F(RegionDemoTest, EveryUnitIsAtAnExistingStationAndOrganisation) {
  std::set<std::string> stations;
  std::set<std::string> orgs;
  for (const auto& s : region().stations) stations.insert(s.id.value());
  for (const auto& o : region().organisations) orgs.insert(o.id.value());
  for (const auto& u : region().units) {
    EXPECT_TRUE(stations.count(u.station.value())) << u.id;
    EXPECT_TRUE(orgs.count(u.org.value())) << u.id;
    EXPECT_TRUE(std::is_sorted(u.capabilities.begin(), u.capabilities.end())) << u.id;
  }
}

TEST_F(RegionDemoTest, UnitDefaultsAndOverrides) {
  std::map<std::string, const Unit*> units;
  for (const auto& u : region().units) units.emplace(u.id.value(), &u);
  ASSERT_TRUE(units.count("E2") && units.count("C1") && units.count("E305") && units.count("M3"));
  // No org in units.toml: the station's (station 2 is in the east district).
  EXPECT_EQ(units["E2"]->org.value(), "sf-east");
  EXPECT_EQ(units["E2"]->type, UnitType::kEngine);
  EXPECT_EQ(units["E2"]->crew, 4);
  EXPECT_TRUE(units["E2"]->Has(Capability::kFireSuppression));
  // The command car belongs to the city although it is housed at a district's station.
  EXPECT_EQ(units["C1"]->org.value(), "sf");
  EXPECT_EQ(units["E305"]->status, UnitStatus::kOutOfService);
  EXPECT_EQ(units["M3"]->status, UnitStatus::kAvailable);
  EXPECT_TRUE(units["M3"]->Has(Capability::kAdvancedLifeSupport));
}

TEST_F(RegionDemoTest, TreeHasOneRegionOneCityAndCommunitiesOwnTheGrids) {
  std::map<OrgTier, int> per_tier;
  std::map<std::string, OrgTier> tier_of;
  for (const auto& o : region().organisations) {
    ++per_tier[o.tier];
    tier_of[o.id.value()] = o.tier;
  }
  EXPECT_EQ(per_tier[OrgTier::kRegion], 1);
  EXPECT_EQ(per_tier[OrgTier::kCity], 1);
  EXPECT_EQ(per_tier[OrgTier::kDistrict], 3);
  EXPECT_EQ(per_tier[OrgTier::kTown], 6);
  EXPECT_EQ(per_tier[OrgTier::kCommunity], 12);
  for (const auto& g : region().grids) {
    EXPECT_EQ(tier_of[g.community.value()], OrgTier::kCommunity) << g.id;
  }
}

TEST_F(RegionDemoTest, PlansHaveAllFourLevelsInOrder) {
  std::map<std::string, const Plan*> plans;
  for (const auto& p : region().plans) plans.emplace(p.id.value(), &p);
  ASSERT_TRUE(plans.count("fire-residential") && plans.count("traffic-entrapment"));
  for (const auto& [id, plan] : plans) {
    ASSERT_EQ(plan->levels.size(), 4U) << id;
    EXPECT_EQ(plan->levels[0].level, IncidentLevel::kIV) << id;
    EXPECT_EQ(plan->levels[0].command_tier, OrgTier::kDistrict) << id;
    EXPECT_EQ(plan->levels[1].command_tier, OrgTier::kCity) << id;
    EXPECT_EQ(plan->levels[3].level, IncidentLevel::kI) << id;
    for (const auto& level : plan->levels) {
      EXPECT_FALSE(level.units.empty()) << id;
      EXPECT_FALSE(level.tasks.empty()) << id;
      EXPECT_FALSE(level.checklist.empty()) << id;
    }
  }
  // Files load in name order: fire.toml before traffic.toml.
  EXPECT_EQ(region().plans[0].id.value(), "fire-residential");
  EXPECT_EQ(region().plans[0].incident_types, std::vector<std::string>{"fire.residential"});
  const PlanRequirement& first = region().plans[0].levels[0].units[0];
  EXPECT_EQ(first.unit_type, UnitType::kEngine);
  EXPECT_EQ(first.count, 2);
  EXPECT_EQ(first.within_minutes, 8);
  EXPECT_EQ(region().plans[0].levels[0].units[1].capability, Capability::kAerial);
}

// Sample points over the extract: each falls in exactly one grid.
TEST_F(RegionDemoTest, SamplePointsFallInExactlyOneGrid) {
  std::vector<LatLon> samples = {
      {37.8024, -122.4058},   // Coit Tower
      {37.7955, -122.3937},   // Ferry Building: just east of the lattice, see below
      {37.7880, -122.4075},   // Union Square area
      {37.8030, -122.4487},   // Palace of Fine Arts
      {37.7850, -122.4800},   // Outer Richmond
      {37.7805, -122.4850},   // the lattice's south-west corner (edges are half-open)
      {37.79575, -122.4396},  // a lattice corner shared by four cells
  };
  for (const auto& s : region().stations) samples.push_back(s.location);
  for (const LatLon& p : samples) {
    int hits = 0;
    for (const auto& g : region().grids) {
      for (const auto& poly : g.area) hits += Contains(poly, p) ? 1 : 0;
    }
    const bool inside_box =
        p.lat >= 37.7805 && p.lat < 37.811 && p.lon >= -122.485 && p.lon < -122.3942;
    EXPECT_EQ(hits, inside_box ? 1 : 0) << p.lat << ", " << p.lon;
  }
}

TEST_F(RegionDemoTest, EveryGridCentreIsInItsOwnGridOnly) {
  for (const auto& g : region().grids) {
    const auto& ring = g.area.at(0).outer;
    LatLon centre{(ring[0].lat + ring[2].lat) / 2, (ring[0].lon + ring[2].lon) / 2};
    for (const auto& other : region().grids) {
      EXPECT_EQ(Contains(other.area.at(0), centre), other.id == g.id) << g.id << " vs " << other.id;
    }
  }
}

// ------------------------------------------------------------------------------------------------
// Missing and optional files

TEST(RegionLoaderTest, MissingDirectoryIsNotFound) {
  const Result<Region> r = LoadRegion(DemoDir() / "no-such-dir");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
}

TEST(RegionLoaderTest, DirectoryWithoutRegionTomlIsNotFound) {
  RegionCopy copy;
  copy.Remove("region.toml");
  const Status s = LoadError(copy.dir());
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_NE(s.message().find("region.toml"), std::string::npos) << s.message();
}

TEST(RegionLoaderTest, OptionalFilesMayBeAbsent) {
  RegionCopy copy;
  copy.Remove("units.toml");
  copy.Remove("plans");
  copy.Remove("grids.geojson");
  Result<Region> r = LoadRegion(copy.dir());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->stations.size(), 12U);
  EXPECT_TRUE(r->units.empty());
  EXPECT_TRUE(r->plans.empty());
  EXPECT_TRUE(r->grids.empty());
  copy.Remove("stations.toml");
  r = LoadRegion(copy.dir());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->stations.empty());
}

TEST(RegionLoaderTest, NonTomlFilesInPlansAreIgnored) {
  RegionCopy copy;
  copy.Write("plans/README.md", "notes\n");
  copy.Write("plans/.fire.toml.swp", "\xff\xfe");
  const Result<Region> r = LoadRegion(copy.dir());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->plans.size(), 21U);
}

// ------------------------------------------------------------------------------------------------
// Schema errors (TOML)

TEST(RegionLoaderTest, MissingRequiredField) {
  RegionCopy copy;
  const std::size_t header = copy.LineOf("units.toml", "[[units]]");
  copy.Replace("units.toml", "crew = 4\n", "");
  ExpectMessage(LoadError(copy.dir()), At("units.toml", header),
                {"units[0].crew: missing required key"});
}

TEST(RegionLoaderTest, WrongTypeStringWhereIntegerExpected) {
  RegionCopy copy;
  const std::size_t line = copy.Replace("units.toml", "crew = 4", "crew = \"4\"");
  ExpectMessage(LoadError(copy.dir()), At("units.toml", line),
                {"units[0].crew: expected an integer, got a string"});
}

TEST(RegionLoaderTest, WrongTypeForATable) {
  RegionCopy copy;
  const std::size_t line =
      copy.Replace("region.toml",
                   "[region]\nid = \"bay-area-demo\"\nname = \"湾区应急联动区域\"\n"
                   "name_en = \"Bay Area emergency region\"\n",
                   "region = 5\n");
  ExpectMessage(LoadError(copy.dir()), At("region.toml", line),
                {"region: expected a table, got an integer"});
}

TEST(RegionLoaderTest, UnknownKey) {
  RegionCopy copy;
  const std::size_t line = copy.Replace("units.toml", "crew = 4\n", "crew = 4\ncolour = \"red\"\n");
  ExpectMessage(LoadError(copy.dir()), At("units.toml", line + 1),
                {"units[0].colour: unknown key", "allowed keys: id, name"});
}

TEST(RegionLoaderTest, UnknownTopLevelKey) {
  RegionCopy copy;
  copy.Replace("stations.toml", "[[stations]]", "station_count = 9\n\n[[stations]]");
  ExpectMessage(LoadError(copy.dir()), "stations.toml:", {"station_count: unknown key"});
}

TEST(RegionLoaderTest, UnknownUnitType) {
  RegionCopy copy;
  const std::size_t line = copy.Replace("units.toml", "type = \"ladder\"", "type = \"firetruck\"");
  ExpectMessage(LoadError(copy.dir()), At("units.toml", line),
                {"units[1].type: unknown unit type 'firetruck' (expected one of engine, ladder, "});
}

TEST(RegionLoaderTest, UnknownCapability) {
  RegionCopy copy;
  const std::size_t line = copy.Replace("units.toml", "\"water_supply\"", "\"water_supplies\"");
  ExpectMessage(LoadError(copy.dir()), At("units.toml", line),
                {"units[0].capabilities[1]: unknown capability 'water_supplies'",
                 "expected one of fire_suppression, water_supply"});
}

TEST(RegionLoaderTest, DuplicateCapability) {
  RegionCopy copy;
  const std::size_t line = copy.Replace("units.toml", "\"water_supply\", \"bls\"]",
                                        "\"water_supply\", \"bls\", \"bls\"]");
  ExpectMessage(LoadError(copy.dir()), At("units.toml", line),
                {"units[0].capabilities[3]: duplicate capability 'bls'"});
}

TEST(RegionLoaderTest, UnknownTier) {
  RegionCopy copy;
  const std::size_t line = copy.Replace("region.toml", "tier = \"city\"", "tier = \"metropolis\"");
  ExpectMessage(LoadError(copy.dir()), At("region.toml", line),
                {"organisations[1].tier: unknown tier 'metropolis'",
                 "(expected one of region, city, district, town, community)"});
}

TEST(RegionLoaderTest, UnknownUnitStatusInConfiguration) {
  RegionCopy copy;
  const std::size_t line =
      copy.Replace("units.toml", "status = \"out_of_service\"", "status = \"on_scene\"");
  ExpectMessage(LoadError(copy.dir()), At("units.toml", line),
                {".status: unknown unit status 'on_scene'", "available, out_of_service"});
}

TEST(RegionLoaderTest, PlanRequirementNeedsExactlyOneOfTypeOrCapability) {
  RegionCopy copy;
  const std::size_t header = copy.LineOf("plans/fire.toml", "[[plans.levels.units]]");
  copy.Replace("plans/fire.toml", "type = \"engine\"\n",
               "type = \"engine\"\ncapability = \"aerial\"\n");
  ExpectMessage(LoadError(copy.dir()), At("plans/fire.toml", header),
                {"plans[0].levels[0].units[0]: give exactly one of 'type'"});
}

TEST(RegionLoaderTest, PlanWithUnknownIncidentType) {
  RegionCopy copy;
  const std::size_t line = copy.Replace("plans/traffic.toml", "[\"traffic.entrapment\"]",
                                        "[\"traffic.entrapment\", \"traffic.jam\"]");
  ExpectMessage(LoadError(copy.dir()), At("plans/traffic.toml", line),
                {"plans[0].incident_types[1]: unknown incident type 'traffic.jam'"});
}

TEST(RegionLoaderTest, IncidentTypeCoveredByTwoPlans) {
  RegionCopy copy;
  // The second file's plans[0] is the region's plans[1]; the message uses the file's numbering.
  const std::size_t line = copy.Replace("plans/traffic.toml", "[\"traffic.entrapment\"]",
                                        "[\"traffic.entrapment\", \"fire.residential\"]");
  ExpectMessage(
      LoadError(copy.dir()), At("plans/traffic.toml", line),
      {"plans[0].incident_types[1]: incident type 'fire.residential' is already covered"});
}

TEST(RegionLoaderTest, PlanRequirementCountMustBePositive) {
  RegionCopy copy;
  const std::size_t line = copy.Replace("plans/traffic.toml", "count = 1", "count = 0");
  ExpectMessage(LoadError(copy.dir()), At("plans/traffic.toml", line),
                {"plans[0].levels[0].units[0].count: must be at least 1"});
}

TEST(RegionLoaderTest, PlanLevelsOutOfOrderOrRepeated) {
  RegionCopy copy;
  const std::size_t line = copy.Replace("plans/fire.toml", "level = \"III\"", "level = \"IV\"");
  ExpectMessage(LoadError(copy.dir()), At("plans/fire.toml", line),
                {"plans[0].levels[1].level: duplicate level 'IV'"});
}

// ------------------------------------------------------------------------------------------------
// Plan errors. The demo's plans are replaced by one hand-written file of three plans, so that each
// test breaks one thing at a known place. Schema errors come from the loader, rule errors from
// ValidateRegion; both name the file, the line and the field path, and no region loads.

constexpr std::string_view kPlanFile = "plans/test.toml";

// plans[0] fire (IV, III), plans[1] crowd (IV only), plans[2] flood (IV, III, II, I).
constexpr std::string_view kPlans = R"toml([[plans]]
id = "p-fire"
name = "火灾预案"
name_en = "Fire plan"
incident_types = ["fire.residential"]

  [[plans.levels]]
  level = "IV"
  command = "district"
  checklist = [{ item = "核实火情", item_en = "Confirm the fire" }]

    [[plans.levels.units]]
    type = "engine"
    count = 2
    within_minutes = 8

    [[plans.levels.tasks]]
    department = "fire"
    task = "出动灭火力量"
    task_en = "Send engines"
    ack_within_minutes = 1

  [[plans.levels]]
  level = "III"
  command = "city"

    [[plans.levels.units]]
    capability = "aerial"
    count = 1
    within_minutes = 12

[[plans]]
id = "p-crowd"
name = "踩踏预案"
incident_types = ["social.crowd"]

  [[plans.levels]]
  level = "IV"
  command = "district"

    [[plans.levels.tasks]]
    department = "police"
    task = "限流疏导"
    ack_within_minutes = 2

[[plans]]
id = "p-flood"
name = "防汛预案"
incident_types = ["flood.waterlogging", "flood.river"]

  [[plans.levels]]
  level = "IV"
  command = "district"

    [[plans.levels.units]]
    type = "pump"
    count = 1
    within_minutes = 20

  [[plans.levels]]
  level = "III"
  command = "city"

    [[plans.levels.units]]
    capability = "water_rescue"
    count = 2
    within_minutes = 30

    [[plans.levels.tasks]]
    department = "water"
    task = "开启泵站强排"
    ack_within_minutes = 10

  [[plans.levels]]
  level = "II"
  command = "region"

  [[plans.levels]]
  level = "I"
  command = "region"
)toml";

// A copy of the demo region whose plans are kPlans, to break one thing in.
class PlanFile {
 public:
  PlanFile() {
    copy_.Remove("plans");
    fs::create_directories(copy_.dir() / "plans");
    copy_.Write(std::string(kPlanFile), kPlans);
  }

  // Replaces the `nth` `from` by `to`; returns the line where it was.
  std::size_t Break(std::string_view from, std::string_view to, int nth = 1) const {
    return copy_.Replace(std::string(kPlanFile), from, to, nth);
  }
  [[nodiscard]] std::size_t LineOf(std::string_view needle, int nth = 1) const {
    return copy_.LineOf(std::string(kPlanFile), needle, nth);
  }
  [[nodiscard]] Result<Region> Load() const { return LoadRegion(copy_.dir()); }

  // The load is refused with "plans/test.toml:<line>: " and every one of `parts`.
  void ExpectRefused(std::size_t line, std::initializer_list<std::string_view> parts) const {
    ExpectMessage(LoadError(copy_.dir()), At(std::string(kPlanFile), line), parts);
  }

 private:
  RegionCopy copy_;
};

TEST(PlanValidationTest, TheUnbrokenFileLoads) {
  const PlanFile f;
  const Result<Region> r = f.Load();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->plans.size(), 3U);
  EXPECT_EQ(r->plans[2].levels.size(), 4U);
  EXPECT_EQ(r->plans[2].levels[1].units[0].capability, Capability::kWaterRescue);
}

TEST(PlanValidationTest, UnknownUnitType) {
  const PlanFile f;
  const std::size_t line = f.Break("type = \"engine\"", "type = \"fire_engine\"");
  f.ExpectRefused(line, {"plans[0].levels[0].units[0].type: unknown unit type 'fire_engine'",
                         "expected one of engine, ladder"});
}

TEST(PlanValidationTest, UnknownCapability) {
  const PlanFile f;
  const std::size_t line = f.Break("capability = \"water_rescue\"", "capability = \"swimming\"");
  f.ExpectRefused(line, {"plans[2].levels[1].units[0].capability: unknown capability 'swimming'",
                         "expected one of fire_suppression"});
}

TEST(PlanValidationTest, UnitLineWithBothTypeAndCapability) {
  const PlanFile f;
  const std::size_t header = f.LineOf("[[plans.levels.units]]", 2);
  f.Break("capability = \"aerial\"\n", "capability = \"aerial\"\n    type = \"ladder\"\n");
  f.ExpectRefused(header, {"plans[0].levels[1].units[0]: give exactly one of 'type'"});
}

TEST(PlanValidationTest, UnitLineWithNeitherTypeNorCapability) {
  const PlanFile f;
  const std::size_t header = f.LineOf("[[plans.levels.units]]", 3);
  f.Break("    type = \"pump\"\n", "");
  f.ExpectRefused(header, {"plans[2].levels[0].units[0]: give exactly one of 'type'"});
}

TEST(PlanValidationTest, CountOutOfRange) {
  for (const auto& [count, reason] :
       std::vector<std::pair<std::string, std::string>>{{"0", "must be at least 1"},
                                                        {"-3", "must be at least 1"},
                                                        {"101", "must be at most 100, not 101"},
                                                        {"2147483647", "must be at most 100"}}) {
    const PlanFile f;
    const std::size_t line = f.Break("count = 2", "count = " + count, 2);
    f.ExpectRefused(line, {"plans[2].levels[1].units[0].count: " + reason});
  }
  const PlanFile f;
  f.Break("count = 2", "count = 100", 2);
  EXPECT_TRUE(f.Load().ok()) << "100 is the largest count";
}

TEST(PlanValidationTest, WithinMinutesOutOfRange) {
  for (const auto& [minutes, reason] : std::vector<std::pair<std::string, std::string>>{
           {"0", "must be at least 1"},
           {"-10", "must be at least 1"},
           {"1441", "must be at most 1440 (24 hours), not 1441"}}) {
    const PlanFile f;
    const std::size_t line = f.Break("within_minutes = 20", "within_minutes = " + minutes);
    f.ExpectRefused(line, {"plans[2].levels[0].units[0].within_minutes: " + reason});
  }
  const PlanFile f;
  f.Break("within_minutes = 20", "within_minutes = 1440");
  EXPECT_TRUE(f.Load().ok()) << "a day is the longest deadline";
}

TEST(PlanValidationTest, UnknownDepartment) {
  const PlanFile f;
  const std::size_t line = f.Break("department = \"water\"", "department = \"waterworks\"");
  f.ExpectRefused(line,
                  {"plans[2].levels[1].tasks[0].department: unknown department kind 'waterworks'",
                   "expected one of emergency_management, fire"});
}

TEST(PlanValidationTest, EmptyOrMissingTaskText) {
  {
    const PlanFile f;
    const std::size_t line = f.Break("task = \"限流疏导\"", "task = \"\"");
    f.ExpectRefused(line, {"plans[1].levels[0].tasks[0].task: must not be empty"});
  }
  {
    const PlanFile f;
    const std::size_t line = f.Break("task = \"限流疏导\"", "task = \" \\t \"");
    f.ExpectRefused(line, {"plans[1].levels[0].tasks[0].task: must not be blank"});
  }
  {
    const PlanFile f;
    const std::size_t header = f.LineOf("[[plans.levels.tasks]]", 2);
    f.Break("    task = \"限流疏导\"\n", "");
    f.ExpectRefused(header, {"plans[1].levels[0].tasks[0].task: missing required key"});
  }
}

TEST(PlanValidationTest, AckWithinMinutesOutOfRange) {
  for (const auto& [minutes, reason] : std::vector<std::pair<std::string, std::string>>{
           {"0", "must be at least 1"},
           {"-1", "must be at least 1"},
           {"1441", "must be at most 1440 (24 hours)"}}) {
    const PlanFile f;
    const std::size_t line = f.Break("ack_within_minutes = 2", "ack_within_minutes = " + minutes);
    f.ExpectRefused(line, {"plans[1].levels[0].tasks[0].ack_within_minutes: " + reason});
  }
}

TEST(PlanValidationTest, DuplicateLevel) {
  const PlanFile f;
  const std::size_t line = f.Break("level = \"II\"", "level = \"III\"");
  f.ExpectRefused(line, {"plans[2].levels[2].level: duplicate level 'III'"});
}

TEST(PlanValidationTest, LevelsOutOfOrder) {
  const PlanFile f;
  f.Break("level = \"III\"", "level = \"I\"", 2);  // plans[2]: IV, I, II, I
  const std::size_t line = f.LineOf("level = \"II\"");
  f.ExpectRefused(line,
                  {"plans[2].levels[2].level: levels must be ordered IV → I; 'II' follows 'I'"});
}

TEST(PlanValidationTest, PlanWithoutLevelFour) {
  // Levels are additive from IV: a plan that starts higher would send nothing at level IV.
  const PlanFile f;
  const std::size_t line = f.Break("level = \"IV\"", "level = \"III\"", 2);  // plans[1]
  f.ExpectRefused(line, {"plans[1].levels[0].level: a plan starts at level 'IV'", "not 'III'"});
}

TEST(PlanValidationTest, PlanWithoutLevels) {
  // plans[1]'s only level, from its header to its last line.
  const std::string_view only_level =
      "  [[plans.levels]]\n  level = \"IV\"\n  command = \"district\"\n\n"
      "    [[plans.levels.tasks]]\n    department = \"police\"\n    task = \"限流疏导\"\n"
      "    ack_within_minutes = 2\n";
  {
    const PlanFile f;
    const std::size_t header = f.LineOf("[[plans]]", 2);
    f.Break(only_level, "");
    f.ExpectRefused(header, {"plans[1].levels: missing required key"});
  }
  {
    const PlanFile f;
    f.Break(only_level, "");
    const std::size_t line = f.Break("incident_types = [\"social.crowd\"]\n",
                                     "incident_types = [\"social.crowd\"]\nlevels = []\n");
    f.ExpectRefused(line + 1, {"plans[1].levels: must have at least one level"});
  }
}

TEST(PlanValidationTest, UnknownLevelOrCommandCode) {
  {
    const PlanFile f;
    const std::size_t line = f.Break("level = \"IV\"", "level = \"V\"");
    f.ExpectRefused(line, {"plans[0].levels[0].level: unknown level 'V' (expected one of I, II, "
                           "III, IV)"});
  }
  {
    const PlanFile f;
    const std::size_t line = f.Break("command = \"city\"", "command = \"province\"");
    f.ExpectRefused(line, {"plans[0].levels[1].command: unknown tier 'province'",
                           "expected one of region, city"});
  }
}

TEST(PlanValidationTest, CommandTierGoesDownAsTheLevelRises) {
  const PlanFile f;
  const std::size_t line =
      f.Break("command = \"region\"", "command = \"district\"");  // plans[2] II
  f.ExpectRefused(line, {"plans[2].levels[2].command: level 'II' is commanded by a lower tier "
                         "('district') than level 'III' ('city')"});
}

TEST(PlanValidationTest, UnknownKeys) {
  struct Case {
    std::string after;  // the line after which the key goes
    std::string key;
    std::string path;
  };
  for (const Case& c : std::vector<Case>{
           {"name_en = \"Fire plan\"\n", "priority = 1\n", "plans[0].priority"},
           {"command = \"district\"\n", "  colour = \"red\"\n", "plans[0].levels[0].colour"},
           {"within_minutes = 8\n", "    eta = 5\n", "plans[0].levels[0].units[0].eta"},
           {"ack_within_minutes = 1\n", "    owner = \"x\"\n", "plans[0].levels[0].tasks[0].owner"},
       }) {
    const PlanFile f;
    const std::size_t line = f.Break(c.after, c.after + c.key);
    f.ExpectRefused(line + 1, {c.path + ": unknown key (allowed keys: "});
  }
}

TEST(PlanValidationTest, IncidentTypeClaimedByTwoPlans) {
  const PlanFile f;
  const std::size_t line =
      f.Break("[\"flood.waterlogging\", \"flood.river\"]",
              "[\"flood.waterlogging\", \"flood.river\", \"fire.residential\"]");
  f.ExpectRefused(line, {"plans[2].incident_types[2]: incident type 'fire.residential' is already "
                         "covered by plan 'p-fire'"});
}

TEST(PlanValidationTest, PlanForAnUnknownIncidentType) {
  const PlanFile f;
  const std::size_t line = f.Break("[\"social.crowd\"]", "[\"social.riot\"]");
  f.ExpectRefused(line, {"plans[1].incident_types[0]: unknown incident type 'social.riot'",
                         "expected one of fire.residential"});
}

// ------------------------------------------------------------------------------------------------
// Referential errors, found by ValidateRegion and mapped back to the file and line

TEST(RegionLoaderTest, DuplicateIds) {
  RegionCopy copy;
  const std::size_t line = copy.Replace("units.toml", "id = \"T2\"", "id = \"E2\"");
  ExpectMessage(LoadError(copy.dir()), At("units.toml", line), {"units[1].id: duplicate id 'E2'"});
}

TEST(RegionLoaderTest, DuplicateStationIds) {
  RegionCopy copy;
  const std::size_t line = copy.Replace("stations.toml", "id = \"sf-fs-03\"", "id = \"sf-fs-02\"");
  ExpectMessage(LoadError(copy.dir()), At("stations.toml", line),
                {"stations[1].id: duplicate id 'sf-fs-02'"});
}

TEST(RegionLoaderTest, UnitAtMissingStation) {
  RegionCopy copy;
  const std::size_t line =
      copy.Replace("units.toml", "station = \"sf-fs-10\"", "station = \"sf-fs-99\"");
  ExpectMessage(LoadError(copy.dir()), At("units.toml", line), {".station: no station 'sf-fs-99'"});
}

TEST(RegionLoaderTest, StationOfUnknownOrganisation) {
  RegionCopy copy;
  const std::size_t line = copy.Replace("stations.toml", "org = \"sf-west\"", "org = \"sf-north\"");
  ExpectMessage(LoadError(copy.dir()), At("stations.toml", line),
                {".org: no organisation 'sf-north'"});
}

TEST(RegionLoaderTest, ParentCycle) {
  RegionCopy copy;
  // sf → sf-marina (a community under sf-central, under sf): a loop.
  const std::size_t line =
      copy.Replace("region.toml", "parent = \"bay-area\"", "parent = \"sf-marina\"");
  ExpectMessage(LoadError(copy.dir()), At("region.toml", line),
                {"organisations[1].parent: parent cycle: sf → sf-marina → sf-marina-street → "
                 "sf-central → sf"});
}

TEST(RegionLoaderTest, TwoRoots) {
  RegionCopy copy;
  // sf-west loses its parent; its entry has no parent line, so the error is at its header.
  const std::size_t header = copy.LineOf("region.toml", "id = \"sf-west\"") - 1;
  copy.Replace("region.toml", "parent = \"sf\"\n", "");
  ExpectMessage(LoadError(copy.dir()), At("region.toml", header),
                {"organisations[2].parent: second root organisation 'sf-west'"});
}

TEST(RegionLoaderTest, TierMustGoDown) {
  RegionCopy copy;
  const std::size_t line = copy.Replace("region.toml", "tier = \"town\"", "tier = \"city\"");
  ExpectMessage(LoadError(copy.dir()), At("region.toml", line),
                {".tier: tier 'city' must be below the tier of its parent"});
}

TEST(RegionLoaderTest, MutualAidWithItself) {
  RegionCopy copy;
  const std::size_t line =
      copy.Replace("region.toml", "mutual_aid = [\"sf-central\"]", "mutual_aid = [\"sf-west\"]");
  ExpectMessage(LoadError(copy.dir()), At("region.toml", line),
                {"organisations[2].mutual_aid[0]: an organisation cannot have a mutual-aid"});
}

TEST(RegionLoaderTest, StationCoordinatesOutOfRange) {
  RegionCopy copy;
  const std::size_t line = copy.Replace("stations.toml", "lat = 37.797034", "lat = 97.797034");
  ExpectMessage(LoadError(copy.dir()), At("stations.toml", line),
                {"stations[0].lat: must be within [-90, 90]"});
}

// ------------------------------------------------------------------------------------------------
// GeoJSON

// Line 3 + i holds features[i] in the generated file (one feature per line).
constexpr std::size_t kFeature4Line = 7;

std::string EditFeatureLine(const RegionCopy& copy, std::size_t line, std::string_view from,
                            std::string_view to) {
  std::string text = copy.Read("grids.geojson");
  std::size_t start = 0;
  for (std::size_t l = 1; l < line; ++l) start = text.find('\n', start) + 1;
  const std::size_t end = text.find('\n', start);
  std::string feature = text.substr(start, end - start);
  const std::size_t pos = feature.find(from);
  EXPECT_NE(pos, std::string::npos) << from << " not on line " << line;
  if (pos == std::string::npos) return text;
  feature.replace(pos, from.size(), to);
  text.replace(start, end - start, feature);
  return text;
}

TEST(RegionLoaderTest, GridPolygonNotClosed) {
  RegionCopy copy;
  ASSERT_NE(copy.Read("grids.geojson").find("sf-g-r1c5"), std::string::npos);
  ASSERT_EQ(copy.LineOf("grids.geojson", "sf-g-r1c5"), kFeature4Line);
  copy.Write("grids.geojson", EditFeatureLine(copy, kFeature4Line, "]]]", "], [-122.43, 37.79]]]"));
  ExpectMessage(LoadError(copy.dir()), At("grids.geojson", kFeature4Line),
                {"features[4].geometry.coordinates[0]: ring is not closed"});
}

TEST(RegionLoaderTest, GridPolygonWithThreePoints) {
  RegionCopy copy;
  std::string text = copy.Read("grids.geojson");
  const std::string line =
      text.substr(text.find("{\"type\": \"Feature\", \"properties\": {\"id\": \"sf-g-r1c5\""));
  const std::size_t from = line.find("[[[");
  const std::size_t to = line.find("]]]") + 3;
  const std::string coords = line.substr(from, to - from);
  copy.Write("grids.geojson",
             EditFeatureLine(copy, kFeature4Line, coords,
                             "[[[-122.43, 37.78], [-122.42, 37.78], [-122.43, 37.78]]]"));
  ExpectMessage(LoadError(copy.dir()), At("grids.geojson", kFeature4Line),
                {"features[4].geometry.coordinates[0]: ring has 3 positions; a closed ring needs "
                 "at least 4"});
}

TEST(RegionLoaderTest, GridCoordinatesOutOfRange) {
  RegionCopy copy;
  // Latitude and longitude swapped: a classic GeoJSON mistake.
  copy.Write("grids.geojson", EditFeatureLine(copy, kFeature4Line, "[[[-122.4396, 37.7805]",
                                              "[[[37.7805, -122.4396]"));
  ExpectMessage(
      LoadError(copy.dir()), At("grids.geojson", kFeature4Line),
      {"features[4].geometry.coordinates[0][0]: latitude -122.4396 is outside [-90, 90]"});
}

TEST(RegionLoaderTest, GridOwnedByNonCommunity) {
  RegionCopy copy;
  copy.Write("grids.geojson",
             EditFeatureLine(copy, kFeature4Line, "\"community\": \"sf-pacific-heights\"",
                             "\"community\": \"sf-central\""));
  ExpectMessage(LoadError(copy.dir()), At("grids.geojson", kFeature4Line),
                {"features[4].properties.community: 'sf-central' has tier 'district'"});
}

TEST(RegionLoaderTest, GridUnknownProperty) {
  RegionCopy copy;
  copy.Write("grids.geojson",
             EditFeatureLine(copy, kFeature4Line, "\"community\"", "\"fid\": 7, \"community\""));
  ExpectMessage(LoadError(copy.dir()), At("grids.geojson", kFeature4Line),
                {"features[4].properties.fid: unknown key"});
}

TEST(RegionLoaderTest, GridUnsupportedGeometry) {
  RegionCopy copy;
  copy.Write("grids.geojson",
             EditFeatureLine(copy, kFeature4Line, "\"Polygon\"", "\"LineString\""));
  ExpectMessage(LoadError(copy.dir()), At("grids.geojson", kFeature4Line),
                {"features[4].geometry.type: unsupported geometry type 'LineString'"});
}

TEST(RegionLoaderTest, MultiPolygonGridLoads) {
  RegionCopy copy;
  // Wrap feature 4's polygon in a MultiPolygon, plus a hole-free second polygon far away.
  std::string text = EditFeatureLine(copy, kFeature4Line, "\"Polygon\", \"coordinates\": [",
                                     "\"MultiPolygon\", \"coordinates\": [[");
  copy.Write("grids.geojson", text);
  copy.Write("grids.geojson",
             EditFeatureLine(copy, kFeature4Line, "]]]}}",
                             "]]], [[[-122.0, 37.0], [-121.9, 37.0], [-121.9, 37.1], "
                             "[-122.0, 37.0]]]]}}"));
  Result<Region> r = LoadRegion(copy.dir());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->grids[4].area.size(), 2U);
  // And its errors carry the extra level of the path.
  copy.Write("grids.geojson",
             EditFeatureLine(copy, kFeature4Line, "[-122.0, 37.0]]]]}}", "[-122.0, 37.05]]]]}}"));
  ExpectMessage(LoadError(copy.dir()), At("grids.geojson", kFeature4Line),
                {"features[4].geometry.coordinates[1][0]: ring is not closed"});
}

// ------------------------------------------------------------------------------------------------
// Malformed and hostile files

TEST(RegionLoaderTest, TruncatedToml) {
  RegionCopy copy;
  const std::string text = copy.Read("units.toml");
  const std::size_t cut = text.find("name = \"第3消防站") + 12;  // inside the string
  copy.Write("units.toml", text.substr(0, cut));
  ExpectMessage(LoadError(copy.dir()), At("units.toml", LineAt(text, cut)), {});
}

TEST(RegionLoaderTest, TomlSyntaxError) {
  RegionCopy copy;
  const std::size_t line = copy.Replace("stations.toml", "lat = 37.797034", "lat = = 37.797034");
  ExpectMessage(LoadError(copy.dir()), At("stations.toml", line), {});
}

TEST(RegionLoaderTest, TruncatedGeoJson) {
  RegionCopy copy;
  const std::string text = copy.Read("grids.geojson");
  copy.Write("grids.geojson", text.substr(0, text.size() / 2));
  ExpectMessage(LoadError(copy.dir()), "grids.geojson:", {"malformed JSON"});
  const Status s = LoadError(copy.dir());
  EXPECT_NE(s.message().find("grids.geojson:" + std::to_string(LineAt(text, text.size() / 2))),
            std::string::npos)
      << s.message();
}

TEST(RegionLoaderTest, NonUtf8Bytes) {
  RegionCopy copy;
  const std::size_t line = copy.Replace("stations.toml", "第3消防站", "第3\xff消防站");
  ExpectMessage(LoadError(copy.dir()), At("stations.toml", line), {"invalid UTF-8"});
}

TEST(RegionLoaderTest, OverlongUtf8AndSurrogatesAreRefused) {
  for (const std::string bad : {"\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe4\xb8"}) {
    RegionCopy copy;
    const std::size_t line = copy.Replace("grids.geojson", "中里士满", "中" + bad + "里士满");
    ExpectMessage(LoadError(copy.dir()), At("grids.geojson", line), {"invalid UTF-8"});
  }
}

TEST(RegionLoaderTest, DeeplyNestedJson) {
  RegionCopy copy;
  const std::string deep(100000, '[');
  copy.Write("grids.geojson", "{\"type\": \"FeatureCollection\",\n \"features\": " + deep);
  ExpectMessage(LoadError(copy.dir()), At("grids.geojson", 2), {"nested deeper than 64 levels"});
}

TEST(RegionLoaderTest, DeeplyNestedToml) {
  RegionCopy copy;
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  copy.Replace("region.toml", "mutual_aid = [\"sf-central\"]", "mutual_aid = " + deep);
  ExpectMessage(LoadError(copy.dir()), "region.toml:", {});
}

TEST(RegionLoaderTest, EmptyFiles) {
  for (const std::string file : {"region.toml", "stations.toml", "units.toml", "plans/fire.toml"}) {
    RegionCopy copy;
    copy.Write(file, "");
    const std::string key = file == "region.toml"     ? "region"
                            : file == "stations.toml" ? "stations"
                            : file == "units.toml"    ? "units"
                                                      : "plans";
    ExpectMessage(LoadError(copy.dir()), At(file, 1), {key + ": missing required key"});
  }
  RegionCopy copy;
  copy.Write("grids.geojson", "");
  ExpectMessage(LoadError(copy.dir()), At("grids.geojson", 1), {"malformed JSON"});
}

TEST(RegionLoaderTest, EmptyListsAreFine) {
  RegionCopy copy;
  copy.Write("units.toml", "units = []\n");
  copy.Write("grids.geojson", R"({"type": "FeatureCollection", "features": []})");
  const Result<Region> r = LoadRegion(copy.dir());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->units.empty());
  EXPECT_TRUE(r->grids.empty());
}

TEST(RegionLoaderTest, OversizedFileIsRefused) {
  RegionCopy copy;
  // Sparse: costs no disk, but its size is over the limit.
  fs::resize_file(copy.dir() / "units.toml", (std::uintmax_t{64} << 20) + 1);
  ExpectMessage(LoadError(copy.dir()), At("units.toml", 1), {"the limit is 64 MiB"});
}

TEST(RegionLoaderTest, ControlCharactersInValuesAreEscapedInMessages) {
  RegionCopy copy;
  copy.Replace("units.toml", "type = \"engine\"", "type = \"eng\\u001bine\"");
  const Status s = LoadError(copy.dir());
  EXPECT_EQ(s.message().find('\x1b'), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("'eng\\x1bine'"), std::string::npos) << s.message();
}

}  // namespace
}  // namespace elink::core
