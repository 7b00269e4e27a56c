// SPDX-License-Identifier: Apache-2.0
// Unit recommendation: 500 random scenarios against a brute force that times every unit with
// plain Dijkstra and fills the plan's lines by the documented rule, written separately here; and
// scenarios on the real demo region (San Francisco's northern fire stations) over the real
// OpenStreetMap roads of data/roads/sf-north.osm.gz.
#include "dispatch/recommend.hpp"

#include "core/messages.hpp"
#include "core/region_loader.hpp"
#include "dispatch/messages.hpp"
#include "engine/registry.hpp"
#include "geo/dijkstra.hpp"
#include "geo/geo_test_util.hpp"
#include "geo/messages.hpp"
#include "geo/osm_import.hpp"
#include "road_oracle.hpp"
#include "support/constants.hpp"
#include "support/data_files.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <random>
#include <string>
#include <thread>
#include <tuple>

namespace elink::dispatch {
namespace {

using core::Capability;
using core::IncidentLevel;
using core::UnitType;

using testing::kTestNow;

// Applies events one after the other, as the engine would after deciding them.
class StateBuilder {
 public:
  core::State& state() { return state_; }
  void Apply(engine::EventBody body, TimePoint at = kTestNow) {
    const Status s =
        engine::Apply(state_, {state_.last_seq() + 1, at, "tester", "", std::move(body)});
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

 private:
  core::State state_;
};

core::Organisation Org(const std::string& id, core::OrgTier tier, const char* parent) {
  core::Organisation o;
  o.id = core::OrgId(id);
  o.name = {id + "组织", "Org " + id};
  o.tier = tier;
  if (parent != nullptr) o.parent = core::OrgId(parent);
  return o;
}

std::vector<Capability> CapabilitiesOf(UnitType t) {
  switch (t) {
    case UnitType::kEngine: return {Capability::kFireSuppression, Capability::kWaterSupply};
    case UnitType::kLadder: return {Capability::kFireSuppression, Capability::kAerial};
    case UnitType::kRescue: return {Capability::kExtrication};
    default: return {Capability::kBasicLifeSupport};
  }
}

// A random region over the random test city (lat 42.500–42.510, lon 1.500–1.554): districts D1
// and D2 with a mutual-aid agreement, D3 without; stations and units at random places.
core::Region RandomRegion(std::mt19937& rng) {
  std::uniform_real_distribution<double> lat(42.5005, 42.5095);
  std::uniform_real_distribution<double> lon(1.5005, 1.5530);
  std::uniform_int_distribution<int> minutes(2, 25);
  core::Region r;
  r.id = "random";
  r.name = {"随机区域", "Random region"};
  r.organisations = {
      Org("R", core::OrgTier::kRegion, nullptr), Org("C", core::OrgTier::kCity, "R"),
      Org("D1", core::OrgTier::kDistrict, "C"),  Org("D2", core::OrgTier::kDistrict, "C"),
      Org("D3", core::OrgTier::kDistrict, "C"),  Org("K1", core::OrgTier::kCommunity, "D1")};
  r.organisations[2].mutual_aid = {core::OrgId("D2")};
  // Sometimes the region, or the district itself, forbids a neighbour without an agreement (the
  // district's own word wins over the region's).
  switch (rng() % 4) {
    case 0: r.organisations[0].aid_without_agreement = false; break;
    case 1: r.organisations[2].aid_without_agreement = false; break;
    case 2:
      r.organisations[0].aid_without_agreement = false;
      r.organisations[2].aid_without_agreement = true;
      break;
    default: break;
  }
  const char* districts[] = {"D1", "D2", "D3"};
  for (int s = 0; s < 6; ++s) {
    core::Station st;
    st.id = core::StationId("S" + std::to_string(s));
    st.name = {"站" + std::to_string(s), "Station " + std::to_string(s)};
    st.org = core::OrgId(districts[s % 3]);
    st.location = {lat(rng), lon(rng)};
    r.stations.push_back(st);
  }
  const UnitType types[] = {UnitType::kEngine, UnitType::kLadder, UnitType::kAmbulance,
                            UnitType::kRescue};
  for (int u = 0; u < 30; ++u) {
    core::Unit unit;
    unit.id = core::UnitId("U" + std::to_string(100 + u));
    unit.name = {"车" + std::to_string(u), "Unit " + std::to_string(u)};
    unit.type = types[rng() % 4];
    unit.capabilities = CapabilitiesOf(unit.type);
    std::sort(unit.capabilities.begin(), unit.capabilities.end());
    const core::Station& st = r.stations[rng() % r.stations.size()];
    unit.station = st.id;
    unit.org = st.org;
    unit.crew = 4;
    r.units.push_back(unit);
  }
  core::Plan plan;
  plan.id = core::PlanId("fire");
  plan.name = {"火灾预案", "Fire plan"};
  plan.incident_types = {"fire.residential"};
  core::PlanLevel iv;
  iv.level = IncidentLevel::kIV;
  iv.units = {{UnitType::kEngine, std::nullopt, 2, minutes(rng)},
              {std::nullopt, Capability::kAerial, 1, minutes(rng)},
              {UnitType::kAmbulance, std::nullopt, 1, minutes(rng)}};
  core::PlanLevel iii;
  iii.level = IncidentLevel::kIII;
  iii.command_tier = core::OrgTier::kCity;
  iii.units = {{UnitType::kEngine, std::nullopt, 2, minutes(rng)},
               {UnitType::kRescue, Capability::kExtrication, 1, minutes(rng)}};
  plan.levels = {iv, iii};
  r.plans = {plan};
  return r;
}

using test::DijkstraEta;

struct Expected {
  std::vector<std::vector<std::tuple<std::string, geo::Distance, bool>>> lines;
  std::vector<std::vector<geo::Distance>> arrivals;  // call → on scene of each pick
  std::vector<int> missing;
};

// `cost`: RecommendOptions::leaving_cost with a 60 s slack, when given.
Expected BruteForce(const core::State& state, const geo::Router& router, const core::Incident& inc,
                    TimePoint now, const std::function<double(const core::Unit&)>& cost = {}) {
  Expected out;
  const core::Plan& plan = state.plans().begin()->second;
  const geo::Snap target = router.SnapTo({inc.location.lat, inc.location.lon}).value();
  struct C {
    const core::Unit* u;
    geo::Distance eta;      // the drive
    geo::Distance arrival;  // call → on scene
    int affiliation;        // 0 home, 1 agreement, 2 other
    bool already;
  };
  // A neighbour without an agreement: forbidden when the district (D1) says so, else when the
  // region (R) does.
  const core::Organisation* d1 = state.FindOrg(core::OrgId("D1"));
  const core::Organisation* root = state.FindOrg(core::OrgId("R"));
  const bool forbidden =
      inc.jurisdiction &&
      (d1->aid_without_agreement ? !*d1->aid_without_agreement
                                 : root->aid_without_agreement && !*root->aid_without_agreement);
  // Until the first dispatch (then from when asked).
  const auto since_call =
      inc.dispatched_at
          ? geo::Distance{0}
          : static_cast<geo::Distance>(
                std::chrono::duration_cast<geo::TravelTime>(now - inc.reported_at).count());
  std::vector<C> all;
  for (const auto& [id, u] : state.units()) {
    const bool already = u.incident == inc.id && u.status != core::UnitStatus::kOutOfService;
    if (!already && u.status != core::UnitStatus::kAvailable) continue;
    const core::LatLon station = state.stations().Find(u.station)->location;
    const core::LatLon from = u.position ? *u.position : station;
    // Districts: D1 and D2 agree; D3 stands alone; the incident belongs to K1 (D1) or to none.
    int aff = 0;
    if (inc.jurisdiction) {
      const std::string d = u.org.value();
      aff = d == "D1" ? 0 : d == "D2" ? 1 : 2;
    }
    // A crew at quarters (no position, or within 150 m of its station) turns out: NFPA 1710's
    // 60 s for an ambulance, 80 s for the others.
    const bool at_quarters =
        !already && (!u.position || core::HaversineMeters(*u.position, station) <= 150);
    const geo::Distance turnout = at_quarters ? (u.type == UnitType::kAmbulance ? 600 : 800) : 0;
    const geo::Distance eta = DijkstraEta(router, from, target);
    all.push_back(
        {&u, eta, eta == geo::kUnreachable ? eta : since_call + turnout + eta, aff, already});
  }
  std::vector<std::pair<IncidentLevel, core::PlanRequirement>> lines;
  for (const IncidentLevel lv : {IncidentLevel::kIV, IncidentLevel::kIII, IncidentLevel::kII}) {
    if (static_cast<int>(lv) < static_cast<int>(inc.level)) continue;
    for (const core::PlanLevel& pl : plan.levels) {
      if (pl.level == lv) {
        for (const auto& r : pl.units) lines.emplace_back(lv, r);
      }
    }
  }
  std::vector<std::string> used;
  for (const auto& [lv, req] : lines) {
    const geo::Distance deadline = static_cast<geo::Distance>(req.within_minutes) * 600;
    std::vector<C> ok;
    for (const C& c : all) {
      const bool type_ok = !req.unit_type || c.u->type == *req.unit_type;
      const bool cap_ok =
          !req.capability || std::find(c.u->capabilities.begin(), c.u->capabilities.end(),
                                       *req.capability) != c.u->capabilities.end();
      if (type_ok && cap_ok && !(forbidden && c.affiliation == 2) && c.eta != geo::kUnreachable &&
          std::find(used.begin(), used.end(), c.u->id.value()) == used.end()) {
        ok.push_back(c);
      }
    }
    // Already there first; then in time: home and agreement soonest first (home on a tie), then
    // other districts; then late, soonest first from anywhere.
    auto rank = [&](const C& c) {
      const bool late = c.arrival > deadline;
      return std::make_tuple(!c.already, late, !late && c.affiliation == 2, c.arrival,
                             late ? 0 : c.affiliation, c.u->id.value());
    };
    std::sort(ok.begin(), ok.end(), [&](const C& a, const C& b) { return rank(a) < rank(b); });
    std::vector<std::tuple<std::string, geo::Distance, bool>> picks;
    std::vector<geo::Distance> arrivals;
    std::vector<bool> taken(ok.size(), false);
    while (static_cast<int>(picks.size()) < req.count) {
      // The best-ranked unit not yet taken; with a cost, the cheapest of those of its tier in
      // time and within 60 s (600 tenths) of it, the best-ranked among equals.
      std::size_t first = 0;
      while (first < ok.size() && taken[first]) ++first;
      if (first == ok.size()) break;
      std::size_t pick = first;
      const C& f = ok[first];
      if (cost && !f.already && f.arrival <= deadline) {
        for (std::size_t j = 0; j < ok.size(); ++j) {
          const C& c = ok[j];
          if (taken[j] || c.already || c.arrival > deadline || c.arrival > f.arrival + 600 ||
              (c.affiliation == 2) != (f.affiliation == 2)) {
            continue;
          }
          const double cj = cost(*c.u), cp = cost(*ok[pick].u);
          if (cj < cp || (cj == cp && rank(c) < rank(ok[pick]))) pick = j;
        }
      }
      taken[pick] = true;
      const C& c = ok[pick];
      picks.emplace_back(c.u->id.value(), c.eta, c.already);
      arrivals.push_back(c.arrival);
      used.push_back(c.u->id.value());
    }
    out.missing.push_back(req.count - static_cast<int>(picks.size()));
    out.lines.push_back(std::move(picks));
    out.arrivals.push_back(std::move(arrivals));
  }
  return out;
}

TEST(RecommendOracleTest, EqualsDijkstraBruteForceOn500Scenarios) {
  int scenarios = 0;
  int picks = 0;
  int late = 0;
  int missing = 0;
  int mutual_aid = 0;
  int others = 0;
  int moved = 0;  // picks that weighing coverage changed
  for (std::uint32_t city = 0; city < 10; ++city) {
    auto router = geo::Router::Create(geo::testing::RandomGraph(city + 70, 540, true), std::nullopt,
                                      {.max_snap_m = 400})
                      .value();
    Recommender plain(router);
    // Weighing coverage: a made-up cost per unit (0 to 3, from its id and the city).
    const auto cost = [city](const core::Unit& u) {
      return static_cast<double>((std::hash<std::string>{}(u.id.value()) + city) % 4);
    };
    RecommendOptions weighing;
    weighing.leaving_cost = cost;
    Recommender covering(router, weighing);
    std::mt19937 rng(city);
    std::uniform_real_distribution<double> lat(42.5005, 42.5095);
    std::uniform_real_distribution<double> lon(1.5005, 1.5530);
    for (int k = 0; k < 50; ++k, ++scenarios) {
      StateBuilder b;
      b.Apply(region::RegionImported{RandomRegion(rng)});
      core::State& st = b.state();
      // Incident 1 elsewhere takes some units; incident 2 is the one we recommend for.
      dispatch::IncidentReported other;
      other.id = core::IncidentId(1);
      other.type = "fire.residential";
      other.location = {lat(rng), lon(rng)};
      b.Apply(other);
      dispatch::IncidentReported inc;
      inc.id = core::IncidentId(2);
      inc.type = "fire.residential";
      inc.level = rng() % 2 == 0 ? IncidentLevel::kIV : IncidentLevel::kIII;
      inc.location = {lat(rng), lon(rng)};
      if (rng() % 5 != 0) {
        inc.grid = core::GridId("none");
        inc.jurisdiction = core::OrgId("K1");
      }
      // Received up to 5 minutes ago: the time since the call counts against the standard.
      b.Apply(inc, kTestNow - std::chrono::seconds(rng() % 300));
      std::vector<core::UnitId> ids;
      for (const auto& [id, u] : st.units()) ids.push_back(id);
      for (const core::UnitId& id : ids) {
        const int roll = static_cast<int>(rng() % 10);
        if (roll == 0)
          b.Apply(units::UnitStatusChanged{id, core::UnitStatus::kAvailable,
                                           core::UnitStatus::kOutOfService, "repair"});
        if (roll == 1) b.Apply(dispatch::UnitDispatched{id, core::IncidentId(1)});
        if (roll == 2) b.Apply(dispatch::UnitDispatched{id, core::IncidentId(2)});
        if (roll >= 5) {
          // AVL: fresh or stale, a few off the map (they must be reported as unplaced).
          const auto age = std::chrono::seconds(rng() % 600);
          const core::LatLon where = roll == 9 && rng() % 4 == 0 ? core::LatLon{10.0, 10.0}
                                                                 : core::LatLon{lat(rng), lon(rng)};
          b.Apply(units::UnitPositionReported{id, where, kTestNow - age});
        }
      }
      const core::Incident& incident = *st.FindIncident(core::IncidentId(2));
      const bool weigh = k % 2 == 1;
      const Recommendation rec =
          (weigh ? covering : plain).Recommend(st, incident.id, kTestNow).value();
      const Expected expected =
          BruteForce(st, *router, incident, kTestNow,
                     weigh ? std::function<double(const core::Unit&)>(cost) : nullptr);
      if (weigh) {
        // Count the picks the cost changed against the plain rule.
        const Recommendation soonest = plain.Recommend(st, incident.id, kTestNow).value();
        for (std::size_t l = 0; l < rec.lines.size(); ++l) {
          for (std::size_t p = 0; p < rec.lines[l].picks.size(); ++p) {
            const Pick& mine = rec.lines[l].picks[p];
            const Pick& theirs = soonest.lines[l].picks[p];
            if (mine.unit != theirs.unit) ++moved;
          }
        }
      }
      ASSERT_EQ(rec.lines.size(), expected.lines.size());
      for (std::size_t l = 0; l < rec.lines.size(); ++l) {
        const LinePlan& line = rec.lines[l];
        ASSERT_EQ(line.picks.size(), expected.lines[l].size()) << "scenario " << scenarios;
        for (std::size_t p = 0; p < line.picks.size(); ++p) {
          const auto& [uid, eta, already] = expected.lines[l][p];
          ASSERT_EQ(line.picks[p].unit.value(), uid) << "scenario " << scenarios << " line " << l;
          ASSERT_EQ(line.picks[p].eta, geo::ToTravelTime(eta));
          ASSERT_EQ(line.picks[p].already_assigned, already);
          const geo::Distance arrival = expected.arrivals[l][p];
          ASSERT_EQ(line.picks[p].arrival, geo::ToTravelTime(arrival));
          ASSERT_EQ(line.picks[p].in_time,
                    arrival <= static_cast<geo::Distance>(line.requirement.within_minutes) * 600);
          others += line.picks[p].affiliation == Affiliation::kOther ? 1 : 0;
          ++picks;
          late += line.picks[p].in_time ? 0 : 1;
        }
        ASSERT_EQ(line.missing, expected.missing[l]);
        missing += line.missing;
      }
      for (const auto& [uid, status] : rec.unplaced) {
        EXPECT_EQ(status.code(), StatusCode::kNotFound) << uid.value();
      }
      mutual_aid += rec.advice == Advice::kMutualAid ? 1 : 0;
      // A neighbour sent without an agreement is said so, in both languages, with its district
      // among those to tell.
      for (const LinePlan& line : rec.lines) {
        for (const Pick& p : line.picks) {
          if (p.affiliation != Affiliation::kOther) continue;
          EXPECT_NE(Describe(rec, st, true).find("无协议邻区"), std::string::npos);
          EXPECT_NE(Describe(rec, st, false).find("neighbour without an agreement"),
                    std::string::npos);
          EXPECT_NE(std::find(rec.aid_from.begin(), rec.aid_from.end(), core::OrgId("D3")),
                    rec.aid_from.end());
        }
      }
      ASSERT_EQ(rec.advice != Advice::kNone,
                std::any_of(rec.lines.begin(), rec.lines.end(),
                            [](const LinePlan& l) { return l.missing > 0 || l.late > 0; }));
    }
  }
  EXPECT_EQ(scenarios, 500);
  // The scenarios exercise every branch: late picks, shortfalls, advice to ask for aid.
  EXPECT_GT(picks, 2000);
  EXPECT_GT(late, 50);
  EXPECT_GT(missing, 20);
  EXPECT_GT(mutual_aid, 10);
  EXPECT_GT(others, 20) << "neighbours without an agreement are sent where allowed";
  EXPECT_GT(moved, 30) << "weighing coverage changes picks in a share of the scenarios";
}

// The demo region (9 real San Francisco fire stations, DataSF) on the real OSM roads of northern
// San Francisco.
class SanFranciscoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string osm = elink::testing::DataPath("roads/sf-north.osm.gz");
    ELINK_REQUIRE_DATA(osm);
    Result<geo::ImportedRoads> roads = geo::ImportOsm(osm);
    ASSERT_TRUE(roads.ok()) << roads.status().ToString();
    router_ = geo::Router::Create(std::move(roads->graph), std::nullopt).value();
    Result<core::Region> region =
        core::LoadRegion(std::string(ELINK_SOURCE_DIR) + "/data/regions/demo");
    ASSERT_TRUE(region.ok()) << region.status().ToString();
    b_.Apply(region::RegionImported{std::move(region).value()});
    // A residential fire in the Marina (Chestnut St), owned by its community.
    dispatch::IncidentReported fire;
    fire.id = core::IncidentId(1);
    fire.type = "fire.residential";
    fire.location = {37.8003, -122.4372};
    for (const auto& [id, grid] : b_.state().grids()) {
      for (const auto& poly : grid.area) {
        if (core::Contains(poly, fire.location)) {
          fire.grid = id;
          fire.jurisdiction = grid.community;
        }
      }
    }
    ASSERT_TRUE(fire.jurisdiction.has_value()) << "the demo grids cover the Marina";
    b_.Apply(fire);
  }

  Recommendation Recommend() {
    Result<Recommendation> r = recommender_->Recommend(b_.state(), core::IncidentId(1), kTestNow);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : Recommendation{};
  }

  StateBuilder b_;
  std::shared_ptr<const geo::Router> router_;
  std::unique_ptr<Recommender> recommender_;
};

TEST_F(SanFranciscoTest, ResidentialFireGetsTheFirstAlarmAndLevelThreeAddsUnits) {
  recommender_ = std::make_unique<Recommender>(router_);
  const Recommendation iv = Recommend();
  ASSERT_TRUE(iv.plan.has_value());
  ASSERT_FALSE(iv.lines.empty());
  std::vector<core::UnitId> first_alarm;
  for (const LinePlan& line : iv.lines) {
    EXPECT_EQ(line.missing, 0) << "the demo region covers a level-IV residential fire";
    for (const Pick& p : line.picks) {
      const core::Unit* u = b_.state().FindUnit(p.unit);
      ASSERT_NE(u, nullptr);
      EXPECT_TRUE(Matches(*u, line.requirement));
      EXPECT_GT(p.eta, geo::TravelTime::zero());
      EXPECT_LT(p.eta, std::chrono::minutes(15))
          << "northern SF is small: every pick is within 15 minutes";
      EXPECT_NE(p.affiliation, Affiliation::kOther);
      first_alarm.push_back(p.unit);
    }
  }
  // Picks within a line come fastest first (all in time here).
  for (const LinePlan& line : iv.lines) {
    for (std::size_t i = 1; i < line.picks.size(); ++i) {
      if (line.picks[i - 1].in_time == line.picks[i].in_time &&
          (line.picks[i - 1].affiliation == Affiliation::kOther) ==
              (line.picks[i].affiliation == Affiliation::kOther)) {
        EXPECT_LE(line.picks[i - 1].arrival, line.picks[i].arrival);
      }
    }
  }
  const std::string zh = Describe(iv, b_.state(), true);
  EXPECT_NE(zh.find("预计"), std::string::npos) << zh;
  EXPECT_NE(Describe(iv, b_.state(), false).find("ETA"), std::string::npos);

  // Dispatch the first alarm, raise to level III: the IV lines keep those units, III adds more.
  for (const core::UnitId& u : first_alarm)
    b_.Apply(dispatch::UnitDispatched{u, core::IncidentId(1)});
  b_.Apply(dispatch::IncidentLevelChanged{core::IncidentId(1), IncidentLevel::kIV,
                                          IncidentLevel::kIII, "spreading"});
  const Recommendation iii = Recommend();
  ASSERT_GT(iii.lines.size(), iv.lines.size()) << "level III adds lines to level IV's";
  std::size_t already = 0;
  std::size_t added = 0;
  for (const LinePlan& line : iii.lines) {
    for (const Pick& p : line.picks) {
      if (p.already_assigned) {
        ++already;
        EXPECT_NE(std::find(first_alarm.begin(), first_alarm.end(), p.unit), first_alarm.end());
      } else {
        ++added;
      }
    }
  }
  EXPECT_EQ(already, first_alarm.size()) << "raising the level is additive, not a restart";
  EXPECT_GT(added, 0U);
}

// The time since the call counts against the plan's minutes until the first dispatch: 20 minutes
// after an unanswered call every unit is late; once units went, a raised level's reinforcements
// are timed from when they are asked.
TEST_F(SanFranciscoTest, TheTimeSinceTheCallCountsUntilTheFirstDispatch) {
  recommender_ = std::make_unique<Recommender>(router_);
  const TimePoint later = kTestNow + std::chrono::minutes(20);
  const Recommendation waiting =
      recommender_->Recommend(b_.state(), core::IncidentId(1), later).value();
  ASSERT_FALSE(waiting.lines.empty());
  for (const LinePlan& line : waiting.lines) {
    for (const Pick& p : line.picks) {
      EXPECT_FALSE(p.in_time) << p.unit.value();
      EXPECT_EQ(p.arrival, geo::TravelTime(std::chrono::minutes(20)) + p.turnout + p.eta);
    }
  }
  EXPECT_NE(waiting.advice, Advice::kNone);
  b_.Apply(dispatch::IncidentStatusChanged{core::IncidentId(1), core::IncidentStatus::kReported,
                                           core::IncidentStatus::kVerified, ""},
           later);
  b_.Apply(dispatch::IncidentStatusChanged{core::IncidentId(1), core::IncidentStatus::kVerified,
                                           core::IncidentStatus::kDispatched, ""},
           later);
  const Recommendation asked =
      recommender_->Recommend(b_.state(), core::IncidentId(1), later + std::chrono::minutes(1))
          .value();
  int in_time = 0;
  for (const LinePlan& line : asked.lines) {
    for (const Pick& p : line.picks) {
      EXPECT_EQ(p.arrival, p.turnout + p.eta) << p.unit.value();
      in_time += p.in_time ? 1 : 0;
    }
  }
  EXPECT_GT(in_time, 0) << "timed from when asked, the first alarm is in time again";
}

TEST_F(SanFranciscoTest, CallsSideBySideGiveTheAnswerOfOneCallAlone) {
  recommender_ = std::make_unique<Recommender>(router_);
  const std::string alone = Describe(Recommend(), b_.state(), false);
  ASSERT_NE(alone.find("ETA"), std::string::npos) << alone;
  Result<JointAssignment> joint_alone =
      recommender_->AssignJointly(b_.state(), {core::IncidentId(1)}, kTestNow);
  ASSERT_TRUE(joint_alone.ok()) << joint_alone.status().ToString();
  const std::string joint_text = DescribeJoint(*joint_alone, b_.state(), false);
  // Four callers at once, as the compute pool's threads are: each gets a lane of its own, and
  // a joint assignment over the same incident runs among them.
  constexpr std::size_t kThreads = 4;
  std::vector<std::string> seen(kThreads * 10);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (std::size_t i = 0; i < 10; ++i) {
        if (i % 3 == 2) {
          Result<JointAssignment> j =
              recommender_->AssignJointly(b_.state(), {core::IncidentId(1)}, kTestNow);
          seen[t * 10 + i] =
              j.ok() && DescribeJoint(*j, b_.state(), false) == joint_text
                  ? alone
                  : (j.ok() ? DescribeJoint(*j, b_.state(), false) : j.status().ToString());
          continue;
        }
        Result<Recommendation> r =
            recommender_->Recommend(b_.state(), core::IncidentId(1), kTestNow);
        seen[t * 10 + i] = r.ok() ? Describe(*r, b_.state(), false) : r.status().ToString();
      }
    });
  }
  for (auto& th : threads) th.join();
  for (const std::string& s : seen) EXPECT_EQ(s, alone);
}

TEST_F(SanFranciscoTest, OutOfServiceUnitsAreSkippedAndShortfallsAdvised) {
  recommender_ = std::make_unique<Recommender>(router_);
  const Recommendation before = Recommend();
  const core::UnitId fastest = before.lines.front().picks.front().unit;
  b_.Apply(units::UnitStatusChanged{fastest, core::UnitStatus::kAvailable,
                                    core::UnitStatus::kOutOfService, "pump repair"});
  const Recommendation after = Recommend();
  for (const LinePlan& line : after.lines) {
    for (const Pick& p : line.picks) EXPECT_NE(p.unit, fastest) << "out of service";
  }
  // Take every unit that can fill the aerial line out of service: that line falls short.
  std::vector<core::UnitId> aerials;
  for (const auto& [id, u] : b_.state().units()) {
    if (u.Has(Capability::kAerial) && u.status == core::UnitStatus::kAvailable)
      aerials.push_back(id);
  }
  ASSERT_FALSE(aerials.empty());
  for (const core::UnitId& id : aerials) {
    b_.Apply(units::UnitStatusChanged{id, core::UnitStatus::kAvailable,
                                      core::UnitStatus::kOutOfService, "drill"});
  }
  const Recommendation shortfall = Recommend();
  const auto aerial_line =
      std::find_if(shortfall.lines.begin(), shortfall.lines.end(), [](const LinePlan& l) {
        return l.requirement.capability == Capability::kAerial ||
               l.requirement.unit_type == UnitType::kLadder;
      });
  ASSERT_NE(aerial_line, shortfall.lines.end());
  EXPECT_EQ(aerial_line->missing, aerial_line->requirement.count);
  EXPECT_NE(shortfall.advice, Advice::kNone);
  EXPECT_NE(Describe(shortfall, b_.state(), true).find("缺口"), std::string::npos);
}

TEST_F(SanFranciscoTest, BadRequestsAreRefused) {
  recommender_ = std::make_unique<Recommender>(router_);
  const Status missing =
      recommender_->Recommend(b_.state(), core::IncidentId(99), kTestNow).status();
  EXPECT_EQ(missing.code(), StatusCode::kNotFound);
  EXPECT_EQ(missing.message_id(), &core::msg::kNoIncident);
  EXPECT_EQ(missing.field(), "incident");
  EXPECT_EQ(missing.Text(Lang::kZhCN), "没有编号为 99 的事件");
  dispatch::IncidentReported sea;
  sea.id = core::IncidentId(2);
  sea.type = "fire.residential";
  sea.location = {37.85, -122.55};  // the Pacific, off the Golden Gate
  b_.Apply(sea);
  const auto r = recommender_->Recommend(b_.state(), core::IncidentId(2), kTestNow);
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(r.status().field(), "location");
  // The road graph's refusal, renamed to the incident's field, keeps its declared message.
  EXPECT_EQ(r.status().message_id(), &geo::msg::kNoRoadWithinNearest);
  EXPECT_TRUE(r.status().Text(Lang::kZhCN).find("米内没有道路") != std::string::npos)
      << r.status().Text(Lang::kZhCN);
  b_.Apply(dispatch::IncidentStatusChanged{core::IncidentId(1), core::IncidentStatus::kReported,
                                           core::IncidentStatus::kCancelled, "prank"});
  const Status closed = recommender_->Recommend(b_.state(), core::IncidentId(1), kTestNow).status();
  EXPECT_EQ(closed.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(closed.message_id(), &msg::kNoLongerOpen);
  EXPECT_EQ(closed.message(), "incident 1 is no longer open");
  EXPECT_EQ(closed.Text(Lang::kZhCN), "事件 1 已结束");
}

}  // namespace
}  // namespace elink::dispatch
