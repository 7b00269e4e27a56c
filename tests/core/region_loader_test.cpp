// SPDX-License-Identifier: Apache-2.0
// The demo region loads and validates; each kind of bad configuration, made by copying the demo
// and breaking one thing, fails with a message that names the file, the line and the field.
#include "core/region_loader.hpp"

#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <string_view>

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

std::size_t LineAt(std::string_view text, std::size_t offset) {
  return 1 + static_cast<std::size_t>(std::count(
                 text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
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
  EXPECT_EQ(region().stations.size(), 9U);
  EXPECT_EQ(region().units.size(), 27U);
  ASSERT_EQ(region().plans.size(), 3U);
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
  EXPECT_EQ(r->stations.size(), 9U);
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
  EXPECT_EQ(r->plans.size(), 3U);
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
