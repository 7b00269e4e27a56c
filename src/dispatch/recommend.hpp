#pragma once
// Recommendation (出动建议): for an incident, the units its response plan asks for at its current
// level (levels are additive: a level-III incident gets the IV lines and the III lines), each line
// filled with the best available units. A unit is timed by what counts for the standard: its
// arrival after the call, i.e. the time since the call was received, its turnout (a crew at
// quarters; a crew on the road is rolling already) and its drive by road from where it is (last
// AVL report, else its station). Units already on the incident come first; then those arriving
// within the line's minutes: home and mutual-aid units soonest first (home first only on a tie:
// it is preferred only where it costs nothing), then neighbours without an agreement; then the
// late ones, soonest first from any district. So a neighbour without an agreement is sent when
// none of ours can come in time, or when none can and it comes sooner, and the region may forbid
// that
// (Organisation::aid_without_agreement). What cannot be met in time is reported with advice (ask
// named districts for mutual aid, or raise the level). Travel times for all units come from one
// many-to-one query over a geo::FleetIndex.

#include "core/model.hpp"
#include "core/state.hpp"
#include "geo/fleet.hpp"
#include "geo/router.hpp"
#include "units/origin.hpp"
#include "util/clock.hpp"
#include "util/lending_pool.hpp"
#include "util/status.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace elink::dispatch {

// Where a unit stands relative to the incident's district.
enum class Affiliation { kHome, kMutualAid, kOther };
// Where its travel time was measured from (units/origin.hpp).
using units::Origin;

struct Pick {
  core::UnitId unit;
  geo::TravelTime eta = geo::kNeverArrives;  // the drive there
  bool in_time = false;                      // arrival within the line's minutes after the call
  bool already_assigned = false;             // dispatched to this incident before
  Affiliation affiliation = Affiliation::kHome;
  Origin origin = Origin::kStation;
  geo::TravelTime turnout{0};  // crew at quarters: dispatched → rolling; on the road: 0
  // Call received → on scene: time since the call + turnout + drive (kNeverArrives: unreachable).
  geo::TravelTime arrival = geo::kNeverArrives;
};

struct LinePlan {
  core::PlanRequirement requirement;
  core::IncidentLevel level = core::IncidentLevel::kIV;  // the plan level the line comes from
  std::vector<Pick> picks;                               // best first, at most requirement.count
  int missing = 0;                                       // no eligible unit at all
  int late = 0;                                          // picked, but not in time
};

enum class Advice { kNone, kMutualAid, kRaiseLevel };

struct Recommendation {
  core::IncidentId incident;
  std::optional<core::PlanId> plan;  // empty when no plan covers the incident type
  core::IncidentLevel level = core::IncidentLevel::kIV;
  std::vector<LinePlan> lines;
  Advice advice = Advice::kNone;
  // Districts without an agreement whose available units would arrive in time for an unmet line,
  // and the districts of the picks sent without an agreement (their district is to be told).
  std::vector<core::OrgId> aid_from;
  // The region (or RecommendOptions) forbids sending a neighbour without an agreement here.
  bool other_forbidden = false;
  // Units that could not be placed on the road network (position off the map), with the reason.
  std::vector<std::pair<core::UnitId, Status>> unplaced;
};

struct RecommendOptions {
  // An AVL report older than this is still used, but the pick says it is stale.
  std::chrono::seconds stale_after{180};
  // False: units of neighbouring districts are not eligible even under an agreement (what a
  // center without mutual-aid agreements could send; the simulator compares both).
  bool mutual_aid = true;
  // False: a neighbour without an agreement is never sent, whatever the region allows.
  bool aid_without_agreement = true;
  // A crew's turnout at quarters (dispatched → rolling) for a unit and an incident type; empty:
  // DefaultTurnout. The simulator passes the times it draws from.
  std::function<geo::TravelTime(const core::Unit&, const std::string& incident_type)> turnout;
  // A unit whose last position is within this distance of its station is at quarters.
  double at_quarters_m = 150;
  // Optional: what sending a unit costs the coverage it leaves behind (e.g. the demand that it
  // alone of the free units of its type reaches within the standard). Among a line's units in time
  // (of the same tier: home and agreement, or neighbours without one) that arrive within
  // `coverage_slack` of the soonest of them and still in time, the one that costs least goes;
  // ties soonest first. Units already on the incident and late lines are not affected. Empty:
  // soonest first, as without it. Called at most once per candidate and recommendation.
  std::function<double(const core::Unit&)> leaving_cost;
  std::chrono::seconds coverage_slack{60};
};

// NFPA 1710's turnout objectives: 60 s for a medical crew (ambulance, medical team), 80 s for the
// others (fire and rescue companies dress in protective gear).
geo::TravelTime DefaultTurnout(core::UnitType type);

// Whether a unit's crew is at quarters, and so turns out before it rolls: timed from its station
// (`origin`), or last reported within `at_quarters_m` of its station.
bool AtQuarters(const core::State& state, const core::Unit& unit, Origin origin,
                double at_quarters_m);

// Whether the region lets a district's incident get a unit of a neighbour it has no agreement
// with: the nearest `aid_without_agreement` setting from the district up the organisation tree;
// allowed when none says.
bool AidWithoutAgreementAllowed(const core::State& state, const std::optional<core::OrgId>& org);

// The district an organisation belongs to (itself when it is one); the organisation itself when
// it has no district above it.
core::OrgId DistrictOf(const core::State& state, const core::OrgId& org);
// How a unit of `unit_org` stands to an incident owned by `incident_org`: home when in the same
// district, when the unit's organisation is above that district (a city's own units), or when
// the incident has no owner; mutual aid when either district lists the other in an agreement.
Affiliation AffiliationOf(const core::State& state, const core::OrgId& unit_org,
                          const std::optional<core::OrgId>& incident_org);
// The plan for an incident type: the first by plan id that lists the type; null when none.
const core::Plan* PlanFor(const core::State& state, const std::string& incident_type);
// The incident's activated plan, else the plan for its type (null when none).
const core::Plan* PlanOf(const core::State& state, const core::Incident& incident);
// The plan's lines for a level, IV first, each with the level it comes from.
std::vector<std::pair<core::IncidentLevel, core::PlanRequirement>> ActiveLines(
    const core::Plan& plan, core::IncidentLevel level);
// True when `unit` can fill `requirement` (its type, or its capability).
bool Matches(const core::Unit& unit, const core::PlanRequirement& requirement);

// What one incident gets from a joint assignment over several incidents.
struct IncidentShare {
  core::IncidentId incident;
  core::IncidentLevel level = core::IncidentLevel::kIV;
  std::uint32_t weight = 1;  // LevelWeight(level)
  // The plan lines still open after the units already on the incident, each with the units the
  // joint solution gives it (fastest first); `missing` counts its unfilled slots, `late` its
  // picks after the line's minutes.
  std::vector<LinePlan> lines;
  // Units its own recommendation (taken alone) would have had that the joint solution sent to
  // another incident instead: the reason this incident gets slower units.
  std::vector<std::pair<core::UnitId, core::IncidentId>> ceded;
};

struct JointAssignment {
  std::vector<IncidentShare> incidents;  // in the order asked
  std::int64_t total_cost = 0;           // Σ weight × travel time (ds), unfilled slots priced
  std::size_t unfilled = 0;
  std::vector<std::pair<core::UnitId, Status>> unplaced;
};

// Weight of an incident's slots in the joint assignment: I = 8, II = 4, III = 2, IV = 1.
std::uint32_t LevelWeight(core::IncidentLevel level);

// Keeps the region's units placed on the road network between calls (only units that moved are
// placed again). Thread-safe, and calls run side by side: each takes a lane of its own (a fleet
// index), so one long joint assignment does not hold up a single recommendation. The router must
// be the one for the state's region. Not movable: its lanes refer to its router.
class Recommender {
 public:
  Recommender(const Recommender&) = delete;
  Recommender& operator=(const Recommender&) = delete;
  explicit Recommender(std::shared_ptr<const geo::Router> router, RecommendOptions options = {});

  // kNotFound for an unknown incident (field "incident"); kFailedPrecondition for an incident
  // that is closed, merged or cancelled; snapping codes for an incident location off the road
  // network (field "location").
  Result<Recommendation> Recommend(const core::State& state, const core::IncidentId& incident,
                                   TimePoint now);

  // Fills the open lines of several incidents at once from the available units, at minimum total
  // weight × travel time (SolveAssignment), a unit serving one slot; the eligibility rules are
  // Recommend's (type or capability, home or mutual aid, reachable). kInvalidArgument when
  // `incidents` is empty, longer than 200 or names one twice; Recommend's codes for each.
  Result<JointAssignment> AssignJointly(const core::State& state,
                                        const std::vector<core::IncidentId>& incidents,
                                        TimePoint now);

 private:
  struct Candidate {
    const core::Unit* unit;
    geo::TravelTime eta;
    Affiliation affiliation;
    Origin origin;
    bool already;                // on this incident already
    bool used = false;           // picked for an earlier line
    geo::TravelTime turnout{0};  // at quarters: the crew's turnout; on the road: 0
    geo::TravelTime arrival{0};  // call → on scene (kNeverArrives when unreachable)
  };
  // Every unit that could go to `incident` (available ones, and with `include_assigned` those
  // already on it) with its travel time there; units that cannot be placed go to `unplaced`.
  // A fleet index and its slot numbering, lent to one call at a time (util::LendingPool): calls
  // run side by side, each on its own lane, and a lane keeps the places of the units it timed, so
  // the next call on it searches again only from units that moved.
  struct Lane {
    explicit Lane(std::shared_ptr<const geo::Router> router) : fleet(std::move(router)) {}
    geo::FleetIndex fleet;
    std::unordered_map<std::string, std::uint32_t> slot_of;  // unit -> slot
  };
  Result<std::vector<Candidate>> TimedCandidates(
      Lane& lane, const core::State& state, const core::Incident& incident, TimePoint now,
      bool include_assigned, std::vector<std::pair<core::UnitId, Status>>& unplaced) const;

  // Fills `rec`'s lines and advice from timed candidates (Recommend's rules); no plan, no lines.
  void Choose(const core::State& state, const core::Incident& incident, const core::Plan* plan,
              std::vector<Candidate> candidates, Recommendation& rec) const;
  // RecommendOptions::leaving_cost over a line's ranked candidates (recommend.cpp).
  void WeighCoverage(std::vector<Candidate*>& ranked, std::size_t want,
                     geo::TravelTime deadline) const;
  // Sets each candidate's turnout and arrival (call → on scene) at `now`, and in `rec` whether a
  // neighbour without an agreement may go (options and the region's setting).
  void TimeArrivals(const core::State& state, const core::Incident& incident, TimePoint now,
                    std::vector<Candidate>& candidates, Recommendation& rec) const;

  std::shared_ptr<const geo::Router> router_;
  RecommendOptions options_;
  std::unique_ptr<util::LendingPool<Lane>> lanes_;
};

// The recommendation as text a dispatcher reads: one line per plan line, one per pick with its
// ETA and reason, then the shortfall and the advice. zh-CN when `zh`, else English.
std::string Describe(const Recommendation& rec, const core::State& state, bool zh);
// The joint assignment as text: per incident its level and weight, each open line with the units
// it gets and their ETAs, the shortfall, and the units it ceded to which incident.
std::string DescribeJoint(const JointAssignment& joint, const core::State& state, bool zh);

}  // namespace elink::dispatch
