// The simulator against the real log: the first-unit table (validate_sim.hpp) against a hand
// recount of a checked-in excerpt of the real SF week, the roster built from the calls
// (roster.hpp), the durations file's new keys, and bad input.
#include "sim/validate_sim.hpp"

#include "core/region_loader.hpp"
#include "sim/roster.hpp"
#include "sim/sources.hpp"
#include "support/temp_dir.hpp"
#include "util/file.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>

namespace elink::sim {
namespace {

const std::string kExcerpt = std::string(ELINK_SOURCE_DIR) + "/tests/sim/data/sf-calls-excerpt.csv";

std::string ExcerptText() { return ReadWholeFile(kExcerpt, 1 << 20).value(); }

CallLog Excerpt() {
  auto log = ParseSfFireCalls(ExcerptText(), "sf-calls-excerpt.csv");
  EXPECT_TRUE(log.ok()) << log.status().ToString();
  return std::move(*log);
}

// A run whose outcome for the call `ref` is (report → dispatch, report → first on scene), s.
RunResult FakeRun(const std::vector<SimIncident>& incidents,
                  const std::map<std::string, std::pair<int, int>>& times) {
  RunResult run;
  for (std::size_t i = 0; i < incidents.size(); ++i) {
    IncidentOutcome o;
    o.input = i;
    o.ref = incidents[i].ref;
    if (const auto it = times.find(o.ref); it != times.end()) {
      o.to_dispatch = Millis(it->second.first * 1000);
      o.to_first_arrival = Millis(it->second.second * 1000);
    } else {
      o.unserved = true;
    }
    run.incidents.push_back(o);
  }
  return run;
}

// Real first unit of each excerpt call, counted by hand from the CSV (received, first dispatch,
// first on scene; seconds):
//   163663962 P3  23:36:30 23:38:37 23:40:36 (E03)   → 246 from received, 119 from dispatch
//   163663807 P2  23:03:48 23:05:04 23:11:03 (EMS6)  → 435, 359
//   163663729 P3  22:45:15 22:45:39 22:48:06 (50)    → 171, 147
//   163663137 P3  20:00:10 20:04:14 20:13:25 (E02)   → 795, 551
//   163663090 P2  19:48:39 19:50:33 19:54:43 (KM11)  → 364, 250
//   163663036 P2  19:35:53 19:36:47 19:43:08 (52)    → 435, 381
//   163662843 P3  18:49:12 18:50:44 18:53:27 (E03; the two medics never arrived) → 255, 163
// Quantile = sorted[floor(q·n)]: P3 (n = 4) received 171 246 255 795 → p50 255, p90 795;
// dispatch 119 147 163 551 → 163, 551. P2 (n = 3) 364 435 435 → 435, 435; 250 359 381 → 359,
// 381. All (n = 7) 171 246 255 364 435 435 795 → 364, 795; 119 147 163 250 359 381 551 → 250,
// 551.
TEST(ValidateSim, TableMatchesHandRecountOfTheExcerpt) {
  const CallLog log = Excerpt();
  ASSERT_EQ(log.calls.size(), 7U);
  EXPECT_EQ(log.report.rows_rejected, 0U);
  const std::vector<SimIncident> incidents = FromCalls(log.calls, true);
  // Simulated: P3 arrivals 300 200 600 240 s after the report, each dispatched at 100 s;
  // P2 arrivals 500 400 450, dispatched at 50 s.
  const RunResult run = FakeRun(incidents, {{"163663962", {100, 300}},
                                            {"163663729", {100, 200}},
                                            {"163663137", {100, 600}},
                                            {"163662843", {100, 240}},
                                            {"163663807", {50, 500}},
                                            {"163663090", {50, 400}},
                                            {"163663036", {50, 450}}});
  const FirstUnitComparison c = CompareFirstUnit(log.calls, incidents, run);
  ASSERT_EQ(c.rows.size(), 3U);
  EXPECT_TRUE(c.left_out.empty());
  const auto m = [](double s) { return s / 60.0; };
  const FirstUnitRow& p3 = c.rows[0];
  EXPECT_EQ(p3.label, "priority 3");
  EXPECT_EQ(p3.calls, 4U);
  EXPECT_DOUBLE_EQ(p3.real_p50, m(255));
  EXPECT_DOUBLE_EQ(p3.real_p90, m(795));
  EXPECT_DOUBLE_EQ(p3.real_dispatch_p50, m(163));
  EXPECT_DOUBLE_EQ(p3.real_dispatch_p90, m(551));
  // Sim: 200 240 300 600 → 300, 600; from dispatch 100 140 200 500 → 200, 500.
  EXPECT_DOUBLE_EQ(p3.sim_p50, m(300));
  EXPECT_DOUBLE_EQ(p3.sim_p90, m(600));
  EXPECT_DOUBLE_EQ(p3.sim_dispatch_p50, m(200));
  EXPECT_DOUBLE_EQ(p3.sim_dispatch_p90, m(500));
  const FirstUnitRow& p2 = c.rows[1];
  EXPECT_EQ(p2.label, "priority 2");
  EXPECT_EQ(p2.calls, 3U);
  EXPECT_DOUBLE_EQ(p2.real_p50, m(435));
  EXPECT_DOUBLE_EQ(p2.real_p90, m(435));
  EXPECT_DOUBLE_EQ(p2.real_dispatch_p50, m(359));
  EXPECT_DOUBLE_EQ(p2.real_dispatch_p90, m(381));
  // Sim: 400 450 500 → 450, 500; from dispatch 350 400 450 → 400, 450.
  EXPECT_DOUBLE_EQ(p2.sim_p50, m(450));
  EXPECT_DOUBLE_EQ(p2.sim_p90, m(500));
  EXPECT_DOUBLE_EQ(p2.sim_dispatch_p50, m(400));
  EXPECT_DOUBLE_EQ(p2.sim_dispatch_p90, m(450));
  const FirstUnitRow& all = c.rows[2];
  EXPECT_EQ(all.label, "all");
  EXPECT_EQ(all.calls, 7U);
  EXPECT_DOUBLE_EQ(all.real_p50, m(364));
  EXPECT_DOUBLE_EQ(all.real_p90, m(795));
  EXPECT_DOUBLE_EQ(all.real_dispatch_p50, m(250));
  EXPECT_DOUBLE_EQ(all.real_dispatch_p90, m(551));
  const std::string text = FormatComparison(c);
  EXPECT_NE(text.find("priority 3"), std::string::npos) << text;
  EXPECT_NE(text.find("+18 %"), std::string::npos) << text;  // P3 sim p50 300 / real 255
}

TEST(ValidateSim, CallsWithoutASimulatedOrRealArrivalAreCountedNotCompared) {
  CallLog log = Excerpt();
  // A call whose every unit was cancelled on the way.
  Call cancelled = log.calls.front();
  cancelled.source_id = "cancelled";
  for (UnitResponse& u : cancelled.units) u.on_scene.reset();
  log.calls.push_back(cancelled);
  // A call with its arrival before its report (a clerical error).
  Call backwards = log.calls.front();
  backwards.source_id = "backwards";
  backwards.received = *backwards.units.front().on_scene + std::chrono::minutes(5);
  log.calls.push_back(backwards);
  std::vector<SimIncident> incidents = FromCalls(log.calls, true);
  // Two calls left out of the run, one unserved (not in the times given).
  incidents.erase(std::remove_if(incidents.begin(), incidents.end(),
                                 [](const SimIncident& s) { return s.ref == "163663090"; }),
                  incidents.end());
  const RunResult run = FakeRun(incidents, {{"163663962", {100, 300}},
                                            {"163663729", {100, 200}},
                                            {"163663137", {100, 600}},
                                            {"163662843", {100, 240}},
                                            {"163663807", {50, 500}},
                                            {"cancelled", {50, 500}},
                                            {"backwards", {50, 500}}});
  const FirstUnitComparison c = CompareFirstUnit(log.calls, incidents, run);
  EXPECT_EQ(c.calls, 9U);
  EXPECT_EQ(c.left_out.at("no real arrival"), 1U);
  EXPECT_EQ(c.left_out.at("real times out of order"), 1U);
  EXPECT_EQ(c.left_out.at("not simulated"), 1U);
  EXPECT_EQ(c.left_out.at("no simulated arrival"), 1U);
  EXPECT_EQ(c.rows.back().calls, 5U);
}

TEST(ValidateSim, EmptyInputGivesAnEmptyTable) {
  const FirstUnitComparison c = CompareFirstUnit({}, {}, RunResult{});
  ASSERT_EQ(c.rows.size(), 1U);
  EXPECT_EQ(c.rows[0].calls, 0U);
  EXPECT_EQ(c.rows[0].real_p50, 0);
  EXPECT_FALSE(FormatComparison(c).empty());
  EXPECT_FALSE(Quantile({}, 0.5));
  EXPECT_EQ(Quantile({3, 1, 2}, 0.5), 2);
  EXPECT_EQ(Quantile({3, 1, 2}, 0.9), 3);
}

TEST(ValidateSim, RealProcessingIsKeptWhenAsked) {
  const CallLog log = Excerpt();
  const std::vector<SimIncident> drawn = FromCalls(log.calls);
  const std::vector<SimIncident> real = FromCalls(log.calls, true);
  for (const SimIncident& s : drawn) EXPECT_FALSE(s.processing);
  const auto it = std::find_if(real.begin(), real.end(),
                               [](const SimIncident& s) { return s.ref == "163663137"; });
  ASSERT_NE(it, real.end());
  EXPECT_EQ(it->priority, 3);
  EXPECT_EQ(it->processing, Millis(244'000));  // 20:00:10 → 20:04:14
}

TEST(Roster, UnitsOfTheExcerptAtTheirStations) {
  const core::Region region =
      core::LoadRegion(std::string(ELINK_SOURCE_DIR) + "/data/regions/demo").value();
  CallLog log = Excerpt();
  // An airport unit (no elink type) and an engine of station 1 (not in the demo region).
  UnitResponse air = log.calls[0].units[0];
  air.unit_id = "AIR1";
  air.unit_type = "AIRPORT";
  UnitResponse e01 = log.calls[0].units[0];
  e01.unit_id = "E01";
  e01.unit_type = "ENGINE";
  log.calls[0].units.push_back(air);
  log.calls[0].units.push_back(e01);
  auto roster = RosterFromCalls(log.calls, region, {});
  ASSERT_TRUE(roster.ok()) << roster.status().ToString();
  std::map<std::string, const core::Unit*> by_id;
  for (const core::Unit& u : roster->units) by_id[u.id.value()] = &u;
  ASSERT_EQ(by_id.size(), 12U);
  const auto station = [&](const char* id) { return by_id.at(id)->station.value(); };
  EXPECT_EQ(station("E03"), "sf-fs-03");
  EXPECT_EQ(station("E41"), "sf-fs-41");
  EXPECT_EQ(station("E02"), "sf-fs-02");
  EXPECT_EQ(station("EMS6"), "sf-fs-13");   // first unit only in area 13 (2nd in 03)
  EXPECT_EQ(station("52"), "sf-fs-03");     // first in 03
  EXPECT_EQ(station("50"), "sf-fs-41");     // first in 41
  EXPECT_EQ(station("71"), "sf-fs-02");     // never first: where it answered, 02
  EXPECT_EQ(station("SJ114"), "sf-fs-13");  // never first: 13
  EXPECT_EQ(by_id.at("E03")->type, core::UnitType::kEngine);
  EXPECT_TRUE(by_id.at("E03")->Has(core::Capability::kAdvancedLifeSupport));
  EXPECT_EQ(by_id.at("52")->type, core::UnitType::kAmbulance);
  EXPECT_TRUE(by_id.at("52")->Has(core::Capability::kAdvancedLifeSupport));
  EXPECT_EQ(by_id.at("KM11")->type, core::UnitType::kAmbulance);
  EXPECT_FALSE(by_id.at("KM11")->Has(core::Capability::kAdvancedLifeSupport));
  EXPECT_EQ(by_id.at("EMS6")->type, core::UnitType::kCommand);
  EXPECT_EQ(roster->left_out_by_type.at("AIRPORT"), 1U);
  EXPECT_EQ(roster->left_out_by_type.at("ENGINE"), 1U);  // E01: no station 1
  // Every approximate placing and type is named.
  const auto named = [&](const std::string& what) {
    return std::any_of(roster->approximations.begin(), roster->approximations.end(),
                       [&](const std::string& a) { return a.find(what) != std::string::npos; });
  };
  EXPECT_TRUE(named("KM11 (PRIVATE)"));
  EXPECT_TRUE(named("EMS6 (CHIEF)"));
  EXPECT_TRUE(named("71 (MEDIC): at sf-fs-02"));
  EXPECT_FALSE(named("E03"));

  // With the SF stations file, station 1 is added and E01 placed there.
  RosterOptions with_extra;
  with_extra.extra_stations.push_back({1, "Fire Station #1", {37.7807, -122.4018}});
  auto more = RosterFromCalls(log.calls, region, with_extra);
  ASSERT_TRUE(more.ok());
  EXPECT_EQ(more->units.size(), 13U);
  ASSERT_EQ(more->stations.size(), 1U);
  EXPECT_EQ(more->stations[0].id.value(), "sf-fs-01");
  EXPECT_FALSE(more->stations[0].org.value().empty());

  // The roster is a region the engine takes, and its TOML reads back as one.
  core::Region replaced = region;
  replaced.units = more->units;
  replaced.stations.insert(replaced.stations.end(), more->stations.begin(), more->stations.end());
  EXPECT_TRUE(core::ValidateRegion(replaced).ok()) << core::ValidateRegion(replaced).ToString();
  // The roster's units.toml in a copy of the demo region loads as the same units.
  elink::testing::TempDir dir;
  std::filesystem::copy(std::string(ELINK_SOURCE_DIR) + "/data/regions/demo", dir.path(),
                        std::filesystem::copy_options::recursive);
  {
    std::ofstream f(dir / "units.toml", std::ios::trunc);
    f << RosterToml(*roster, "excerpt\nwith a line break");
  }
  auto loaded = core::LoadRegion(dir.path().string());
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  ASSERT_EQ(loaded->units.size(), roster->units.size());
  for (std::size_t k = 0; k < roster->units.size(); ++k) {
    EXPECT_EQ(loaded->units[k].id, roster->units[k].id);
    EXPECT_EQ(loaded->units[k].type, roster->units[k].type);
    EXPECT_EQ(loaded->units[k].capabilities, roster->units[k].capabilities);
    EXPECT_EQ(loaded->units[k].station, roster->units[k].station);
  }
}

TEST(Roster, NoPlaceableUnitIsAnError) {
  const core::Region region =
      core::LoadRegion(std::string(ELINK_SOURCE_DIR) + "/data/regions/demo").value();
  EXPECT_EQ(RosterFromCalls({}, region, {}).status().code(), StatusCode::kInvalidArgument);
  Call call;
  call.units.push_back({});
  call.units[0].unit_id = "X1";
  call.units[0].unit_type = "HOVERCRAFT";
  auto r = RosterFromCalls({call}, region, {});
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
}

TEST(ValidateSimInput, GarbageAndTruncatedLogs) {
  // Garbage: no header with the SF columns.
  EXPECT_EQ(ParseSfFireCalls("\x01\x02garbage,,,\n\xff\xfe", "g").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_FALSE(ParseSfFireCalls("", "empty").ok());
  // Truncated in the middle of a row: the cut row is rejected and counted, the rest is used.
  const std::string text = ExcerptText();
  for (std::size_t cut : {text.find('\n') + 1, text.size() / 2, text.size() - 7}) {
    auto log = ParseSfFireCalls(text.substr(0, cut), "cut");
    ASSERT_TRUE(log.ok()) << cut;
    EXPECT_EQ(log->report.rows_read, log->report.rows_used + log->report.rows_rejected);
    const auto incidents = FromCalls(log->calls, true);
    const FirstUnitComparison c = CompareFirstUnit(log->calls, incidents, RunResult{});
    EXPECT_EQ(c.rows.back().calls, 0U);
  }
  // An ALS Unit that is neither true nor false rejects its row.
  std::string bad = text;
  const std::size_t at = bad.find(",true,");
  ASSERT_NE(at, std::string::npos);
  bad.replace(at, 6, ",maybe,");
  auto log = ParseSfFireCalls(bad, "bad-als");
  ASSERT_TRUE(log.ok());
  EXPECT_EQ(log->report.rows_rejected, 1U);
  EXPECT_EQ(log->report.rejected_by_code.at(std::string(kRejectBadNumber)), 1U);
}

TEST(Durations, OldFilesReadAndNewKeysRoundTrip) {
  auto old = LoadDurations(std::string(ELINK_SOURCE_DIR) + "/data/sim/durations-sf-2017.toml");
  ASSERT_TRUE(old.ok()) << old.status().ToString();
  elink::testing::TempDir dir;
  Durations d = *old;
  d.emergency = {60.5, 0.8};
  d.non_emergency = {90, 1.25};
  d.turnout_by_unit["ambulance"] = {10, 45};
  d.turnout_by_unit["engine"] = {74, 130};
  {
    std::ofstream f(dir / "d.toml");
    f << DurationsToToml(d);
  }
  auto back = LoadDurations(dir / "d.toml");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->emergency, d.emergency);
  EXPECT_EQ(back->non_emergency, d.non_emergency);
  EXPECT_EQ(back->turnout_by_unit, d.turnout_by_unit);
  EXPECT_EQ(&back->ModeFor(3), &back->emergency);
  EXPECT_EQ(&back->ModeFor(0), &back->emergency);
  EXPECT_EQ(&back->ModeFor(2), &back->non_emergency);
  {
    std::ofstream f(dir / "bad.toml");
    f << "[unit_turnout]\nhovercraft = { median_s = 1, p90_s = 2 }\n";
  }
  auto bad = LoadDurations(dir / "bad.toml");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().ToString().find("hovercraft"), std::string::npos);
  {
    std::ofstream f(dir / "bad2.toml");
    f << "emergency = { overhead_s = -5 }\n";
  }
  EXPECT_FALSE(LoadDurations(dir / "bad2.toml").ok());
}

}  // namespace
}  // namespace elink::sim
