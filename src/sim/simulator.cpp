#include "sim/simulator.hpp"

#include "dispatch/live_coverage.hpp"
#include "dispatch/recommend.hpp"
#include "engine/machine.hpp"
#include "geo/ch.hpp"
#include "geo/fleet.hpp"
#include "geo/snap.hpp"
#include "util/check.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <queue>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace elink::sim {
namespace {

constexpr const char* kActor = "elink-sim";

// Seeds one stream per (seed, incident, draw): the same incident meets the same times under
// every policy. Mix is SplitMix64's first output for a state, i.e. its finaliser.
std::uint64_t Mix(std::uint64_t x) { return Rng(x)(); }
Rng StreamFor(std::uint64_t seed, std::uint64_t incident, std::uint64_t draw) {
  return Rng(Mix(Mix(seed) ^ Mix(incident * 1'000'003ULL + draw)));
}

enum class Kind : std::uint8_t { kCall, kDispatch, kJointFlush, kEnRoute, kArrive, kClear, kHome };

struct Ev {
  std::int64_t t_ms;
  std::uint64_t order;  // ties keep the order events were scheduled in
  Kind kind;
  std::uint32_t a;  // incident index or unit index
  std::uint32_t trip;
};
struct Later {
  bool operator()(const Ev& x, const Ev& y) const {
    return x.t_ms != y.t_ms ? x.t_ms > y.t_ms : x.order > y.order;
  }
};

// An incident no unit could reach within this long is given up (counted as unserved).
constexpr Millis kGiveUpAfter{2 * 3'600'000};
// How often a unit on the road reports where it is (AVL).
constexpr Millis kAvlPeriod{30'000};

// A routed drive in a response mode: its fixed overhead plus its factor × the routed time
// (validate-travel's fit).
Millis Drive(const DriveMode& mode, geo::TravelTime routed) {
  return Millis(
      std::llround(mode.overhead_s * 1000 +
                   mode.travel_factor *
                       static_cast<double>(std::chrono::duration_cast<Millis>(routed).count())));
}

// A unit a policy chose, with its travel time there when the policy knows it.
struct Choice {
  core::UnitId unit;
  std::optional<geo::TravelTime> eta;
};

enum class Sent : std::uint8_t { kSent, kNoneFree, kCannot };

enum class Phase : std::uint8_t { kHome, kCommitted, kHomebound };

struct SimUnit {
  core::UnitId id;
  core::LatLon station;
  std::size_t station_index = 0;
  Phase phase = Phase::kHome;
  std::uint32_t trip = 0;      // bumped on every dispatch; stale events are ignored
  std::uint32_t draw = 0;      // which unit sent to its incident this is (random streams)
  std::uint32_t incident = 0;  // index while committed
  Millis travel{0};            // to the incident of this trip
  TimePoint since{};           // start of the current phase
  // Homebound: the road route from the scene to the station, for the position on the way.
  std::vector<geo::Position> route;
  std::vector<double> route_m;  // distance along the route at each point
  TimePoint home_at{};
  core::LatLon scene;     // homebound: where it left from
  bool reported = false;  // homebound: its place on the way was reported at reported_at
  TimePoint reported_at{};
};

struct SimInc {
  core::IncidentId id;
  std::uint32_t active = 0;  // units committed now
  std::uint32_t draws = 0;   // units sent so far (numbers their random streams)
  bool reported = false;
  bool closed = false;
  std::optional<geo::Snap> snap;  // empty: off the road network
};

// Travel times between every station and every road node, both ways: one sweep per station and
// direction at the start, then each question is a lookup over the point's endpoints. Stations
// never move, and a unit at quarters (most units, most of the time) is timed from its station.
class StationTable {
 public:
  // Refuses tables over 256 M entries (2 GiB): a region that large needs the per-query path.
  Status Build(const geo::Router& router, const std::vector<core::Station>& stations) {
    router_ = &router;
    const std::size_t nodes = router.graph().node_count();
    if (stations.size() * nodes * 2 > (std::size_t{256} << 20)) {
      return Status::InvalidArgument(
          "stations", std::to_string(stations.size()) + " stations × " + std::to_string(nodes) +
                          " road nodes is beyond the simulator's station table (256 M entries)");
    }
    geo::ChSweep sweep(router.hierarchy());
    for (const core::Station& st : stations) {
      auto snap = router.SnapTo({st.location.lat, st.location.lon});
      snaps_.push_back(snap.ok() ? std::optional<geo::Snap>(*snap) : std::nullopt);
      from_.emplace_back();
      to_.emplace_back();
      if (!snap.ok()) continue;
      ELINK_RETURN_IF_ERROR(sweep.FromSources(geo::DepartEndpoints(router.graph(), *snap)));
      from_.back() = sweep.Times();
      ELINK_RETURN_IF_ERROR(sweep.ToTargets(geo::ArriveEndpoints(router.graph(), *snap)));
      to_.back() = sweep.Times();
    }
    return Status::Ok();
  }
  // From station s to the point; kUnreachable when the station is off the road network.
  [[nodiscard]] geo::Distance From(std::size_t s, const geo::Snap& to) const {
    if (!snaps_[s]) return geo::kUnreachable;
    geo::Distance best = Best(from_[s], geo::ArriveEndpoints(router_->graph(), to));
    if (auto direct = router_->SameSegmentTime(*snaps_[s], to)) best = std::min(best, *direct);
    return best;
  }
  // From the point to station s.
  [[nodiscard]] geo::Distance To(std::size_t s, const geo::Snap& from) const {
    if (!snaps_[s]) return geo::kUnreachable;
    geo::Distance best = Best(to_[s], geo::DepartEndpoints(router_->graph(), from));
    if (auto direct = router_->SameSegmentTime(from, *snaps_[s])) best = std::min(best, *direct);
    return best;
  }

 private:
  static geo::Distance Best(const std::vector<geo::Distance>& times,
                            const std::vector<geo::Endpoint>& endpoints) {
    geo::Distance best = geo::kUnreachable;
    for (const geo::Endpoint& e : endpoints) {
      const geo::Distance t = times[e.node];
      if (t != geo::kUnreachable) best = std::min(best, t + e.offset);
    }
    return best;
  }
  const geo::Router* router_ = nullptr;
  std::vector<std::optional<geo::Snap>> snaps_;
  std::vector<std::vector<geo::Distance>> from_;  // by station, by node
  std::vector<std::vector<geo::Distance>> to_;
};

class Run_ {
 public:
  Run_(const core::Region& region, std::shared_ptr<const geo::Router> router,
       const std::vector<SimIncident>& incidents, const Durations& durations,
       const SimOptions& options)
      : router_(router),
        recommender_(router, RecommendOptionsFor(options.policy, durations)),
        unit_fleet_(std::move(router)),
        input_(incidents),
        durations_(durations),
        options_(options),
        machine_(core::State{}),
        region_(region) {}

  // The recommendation's estimate of a crew's turnout is the median the simulation draws from.
  // A policy that weighs coverage asks this run what a unit's leaving costs (called only while
  // the run goes, never while it is built).
  dispatch::RecommendOptions RecommendOptionsFor(const PolicySpec& policy,
                                                 const Durations& durations) {
    dispatch::RecommendOptions o;
    if (policy.base == Policy::kRecommend && policy.coverage_minutes > 0) {
      o.leaving_cost = [this](const core::Unit& unit) { return LeavingCost(unit); };
    }
    o.mutual_aid = policy.mutual_aid;
    o.aid_without_agreement = policy.mutual_aid;
    o.turnout = [&durations](const core::Unit& unit, const std::string& type) {
      return std::chrono::duration_cast<geo::TravelTime>(std::chrono::duration<double>(
          durations.Turnout(std::string(core::CodeOf(unit.type)), type).median_s));
    };
    return o;
  }
  [[nodiscard]] Millis JointWindow() const {
    return Millis(std::llround(options_.policy.window_s * 1000));
  }

  Result<RunResult> Go() {
    order_.resize(input_.size());
    std::iota(order_.begin(), order_.end(), std::size_t{0});
    std::stable_sort(order_.begin(), order_.end(),
                     [&](std::size_t x, std::size_t y) { return input_[x].at < input_[y].at; });
    const TimePoint start = input_.empty() ? TimePoint{} : input_[order_.front()].at;
    if (ToUnixMillis(start) < 0) {
      return Status::InvalidArgument("incidents", "an incident is dated before 1970");
    }
    now_ = start;
    ELINK_RETURN_IF_ERROR(Execute(region::ImportRegion{region_}).status());
    for (const core::Unit& u : region_.units) {
      SimUnit su;
      su.id = u.id;
      for (std::size_t s = 0; s < region_.stations.size(); ++s) {
        if (region_.stations[s].id == u.station) {
          su.station = region_.stations[s].location;
          su.station_index = s;
        }
      }
      su.since = start;
      unit_of_[u.id.value()] = static_cast<std::uint32_t>(units_.size());
      units_.push_back(std::move(su));
      UnitUsage usage;
      usage.unit = u.id.value();
      usage.type = std::string(core::CodeOf(u.type));
      usage.station = u.station.value();
      result_.units.push_back(std::move(usage));
    }
    ELINK_RETURN_IF_ERROR(stations_.Build(*router_, region_.stations));
    if (options_.policy.base == Policy::kRecommend && options_.policy.coverage_minutes > 0) {
      BuildCoverTable();
    }

    result_.policy = options_.policy;
    result_.start = start;
    result_.incidents.resize(input_.size());
    incs_.resize(input_.size());
    for (std::size_t i = 0; i < input_.size(); ++i) {
      IncidentOutcome& o = result_.incidents[i];
      o.input = i;
      o.ref = input_[i].ref;
      o.type = input_[i].type;
      o.level = input_[i].level;
      o.location = input_[i].location;
      o.at = input_[i].at;
    }
    // Calls are fed in one at a time so that the queue stays small on long runs.
    std::size_t next_call = 0;
    auto feed = [&] {
      if (next_call < order_.size()) {
        const std::size_t i = order_[next_call++];
        Schedule(input_[i].at, Kind::kCall, static_cast<std::uint32_t>(i), 0);
      }
    };
    feed();
    std::size_t reported = 0;
    const std::size_t step = std::max<std::size_t>(1, input_.size() / 200);
    while (!queue_.empty()) {
      const Ev ev = queue_.top();
      queue_.pop();
      now_ = FromUnixMillis(ev.t_ms);
      switch (ev.kind) {
        case Kind::kCall:
          OnCall(ev.a);
          feed();
          if (++reported % step == 0 && options_.progress) {
            options_.progress(reported, input_.size());
          }
          break;
        case Kind::kDispatch: OnDispatch(ev.a); break;
        case Kind::kJointFlush: OnJointFlush(); break;
        case Kind::kEnRoute: OnEnRoute(ev.a, ev.trip); break;
        case Kind::kArrive: OnArrive(ev.a, ev.trip); break;
        case Kind::kClear: OnClear(ev.a, ev.trip); break;
        case Kind::kHome: OnHome(ev.a, ev.trip); break;
      }
    }
    if (options_.progress) options_.progress(input_.size(), input_.size());
    result_.end = std::max(now_, start);
    for (std::size_t u = 0; u < units_.size(); ++u) EndPhase(static_cast<std::uint32_t>(u));
    return std::move(result_);
  }

 private:
  void Schedule(TimePoint t, Kind kind, std::uint32_t a, std::uint32_t trip) {
    queue_.push({ToUnixMillis(t), next_order_++, kind, a, trip});
  }

  Result<engine::Reply> Execute(engine::CommandBody body) {
    events_.clear();
    engine::Command cmd{kActor, "", std::move(body)};
    Result<engine::Reply> r = machine_.Step(cmd, now_, events_);
    if (r.ok()) {
      ++result_.commands;
      result_.events += events_.size();
    } else {
      ++result_.refused_commands;
    }
    return r;
  }
  // A command the simulation's own bookkeeping says must be accepted.
  void Must(engine::CommandBody body) {
    const auto r = Execute(std::move(body));
    ELINK_CHECK(r.ok()) << "simulation step refused by the engine: " << r.status().ToString();
  }

  // Closes the unit's current phase into its usage.
  void EndPhase(std::uint32_t u) {
    SimUnit& su = units_[u];
    const Millis spent = std::chrono::duration_cast<Millis>(now_ - su.since);
    UnitUsage& usage = result_.units[u];
    switch (su.phase) {
      case Phase::kHome: usage.idle += spent; break;
      case Phase::kCommitted: usage.busy += spent; break;
      case Phase::kHomebound: usage.homebound += spent; break;
    }
    su.since = now_;
  }

  void OnCall(std::uint32_t i) {
    const SimIncident& in = input_[i];
    // The incident's report, without a photo; its address is where it comes from (its ref).
    dispatch::ReportIncident report{in, std::nullopt};
    report.address = in.ref;
    report.exercise = options_.exercise;
    auto r = Execute(std::move(report));
    IncidentOutcome& o = result_.incidents[i];
    if (!r.ok()) {
      o.refused = r.status().message();
      return;
    }
    incs_[i].id = *r->incident;
    incs_[i].reported = true;
    if (auto snap = router_->SnapTo({in.location.lat, in.location.lon}); snap.ok()) {
      incs_[i].snap = *snap;
    }
    const core::Incident* inc = machine_.state().FindIncident(incs_[i].id);
    if (inc != nullptr && inc->grid && !cell_of_.empty()) {
      if (auto it = cell_of_.find(inc->grid->value()); it != cell_of_.end()) {
        ++cell_weight_[it->second];
      }
    }
    if (inc != nullptr && inc->jurisdiction) {
      o.district = dispatch::DistrictOf(machine_.state(), *inc->jurisdiction).value();
    }
    const core::Plan* plan = dispatch::PlanOf(machine_.state(), *inc);
    if (plan == nullptr) {
      o.no_plan = true;
    } else {
      for (const auto& [level, req] : dispatch::ActiveLines(*plan, in.level))
        o.required += req.count;
    }
    auto rng = StreamFor(options_.seed, i, 0);
    // A replayed call may keep its real call processing; the draw is made either way so that
    // the incident's stream stays the same.
    const Millis drawn = durations_.For(in.type).call_processing.Sample(rng);
    const Millis processing = in.processing.value_or(drawn);
    if (plan != nullptr)
      o.bound_first_arrival = BoundFirstArrival(i, *plan, inc->level, processing);
    Schedule(now_ + processing, Kind::kDispatch, i, 0);
  }

  // IncidentOutcome::bound_first_arrival: every unit of the roster free at its station.
  std::optional<Millis> BoundFirstArrival(std::uint32_t i, const core::Plan& plan,
                                          core::IncidentLevel level, Millis processing) const {
    if (!incs_[i].snap) return std::nullopt;
    const auto lines = dispatch::ActiveLines(plan, level);
    const DriveMode& mode = durations_.ModeFor(input_[i].priority);
    std::optional<Millis> best;
    for (std::uint32_t u = 0; u < units_.size(); ++u) {
      const core::Unit& unit = region_.units[u];
      if (std::none_of(lines.begin(), lines.end(),
                       [&](const auto& line) { return dispatch::Matches(unit, line.second); })) {
        continue;
      }
      const geo::Distance d = stations_.From(units_[u].station_index, *incs_[i].snap);
      if (d == geo::kUnreachable) continue;
      // The first unit sent draws its turnout from this stream (Dispatch, draw 0).
      auto rng = StreamFor(options_.seed, i, 1);
      const Millis turnout =
          durations_.Turnout(std::string(core::CodeOf(unit.type)), input_[i].type).Sample(rng);
      const Millis arrival = turnout + Drive(mode, geo::ToTravelTime(d));
      if (!best || arrival < *best) best = arrival;
    }
    if (!best) return std::nullopt;
    return processing + *best;
  }

  void OnDispatch(std::uint32_t i) {
    Must(dispatch::ChangeIncidentStatus{incs_[i].id, core::IncidentStatus::kVerified, ""});
    if (result_.incidents[i].no_plan) return CloseIfDone(i);
    if (options_.policy.base == Policy::kJoint) {
      if (joint_pending_.empty()) Schedule(now_ + JointWindow(), Kind::kJointFlush, 0, 0);
      joint_pending_.push_back(i);
      return;
    }
    Wait(i, SendUnits(i));
  }

  // Keeps an incident that found no free unit for later; one that cannot be served is given up.
  void Wait(std::uint32_t i, Sent sent) {
    if (sent == Sent::kSent) return;
    if (sent == Sent::kNoneFree && now_ - result_.incidents[i].at < kGiveUpAfter) {
      result_.incidents[i].waited = true;
      waiting_.push_back(i);
      return;
    }
    result_.incidents[i].unserved = true;
    CloseIfDone(i);
  }

  void OnJointFlush() {
    std::vector<std::uint32_t> pending;
    pending.swap(joint_pending_);
    SendJointly(pending);
  }

  // One joint assignment over `pending` (at most 200 incidents a call, the assignment's limit).
  void SendJointly(const std::vector<std::uint32_t>& all) {
    constexpr std::size_t kMaxJoint = 200;
    for (std::size_t from = 0; from < all.size(); from += kMaxJoint) {
      const std::vector<std::uint32_t> pending(
          all.begin() + static_cast<std::ptrdiff_t>(from),
          all.begin() + static_cast<std::ptrdiff_t>(std::min(all.size(), from + kMaxJoint)));
      SendJointlyChunk(pending);
    }
  }

  void SendJointlyChunk(const std::vector<std::uint32_t>& pending) {
    UpdateHomeboundPositions();
    std::vector<core::IncidentId> ids;
    for (std::uint32_t i : pending) ids.push_back(incs_[i].id);
    auto joint = recommender_.AssignJointly(machine_.state(), ids, now_);
    if (!joint.ok()) {
      // Only an incident off the road network fails the whole call: fall back to one by one.
      for (std::uint32_t i : pending) Wait(i, SendUnits(i));
      return;
    }
    for (std::size_t k = 0; k < pending.size(); ++k) {
      std::vector<Choice> units;
      int late = 0;
      for (const dispatch::LinePlan& line : joint->incidents[k].lines) {
        for (const dispatch::Pick& p : line.picks) units.push_back({p.unit, p.eta});
        late += line.late;
      }
      Wait(pending[k], Dispatch(pending[k], units, late));
    }
  }

  // Coverage (PolicySpec::coverage_minutes): every grid's centre is a demand point on the roads;
  // a unit covers it when its type's median turnout plus the emergency drive from its station is
  // within the minutes. A unit on its way home counts at its station (where it will be).
  void BuildCoverTable() {
    const double limit_ms = options_.policy.coverage_minutes * 60'000;
    std::vector<geo::Snap> cells;
    for (const core::Grid& grid : region_.grids) {
      const core::LatLon c = dispatch::GridCentre(grid);
      auto snap = router_->SnapTo({c.lat, c.lon});
      if (!snap.ok()) continue;  // off the roads: no demand point
      cell_of_[grid.id.value()] = cells.size();
      cells.push_back(*snap);
    }
    cell_weight_.assign(cells.size(), 1);
    covers_.assign(units_.size(), std::vector<bool>(cells.size(), false));
    for (std::uint32_t u = 0; u < units_.size(); ++u) {
      const Millis turnout = Millis(std::llround(
          durations_.Turnout(std::string(core::CodeOf(region_.units[u].type)), "").median_s *
          1000));
      for (std::size_t g = 0; g < cells.size(); ++g) {
        const geo::Distance d = stations_.From(units_[u].station_index, cells[g]);
        if (d == geo::kUnreachable) continue;
        const Millis at = turnout + Drive(durations_.emergency, geo::ToTravelTime(d));
        covers_[u][g] = static_cast<double>(at.count()) <= limit_ms;
      }
    }
  }
  // How many free units of each type cover each demand point now.
  void CountCover() {
    cover_count_.clear();
    const core::State& state = machine_.state();
    for (std::uint32_t u = 0; u < units_.size(); ++u) {
      const core::Unit* unit = state.FindUnit(units_[u].id);
      if (unit == nullptr || unit->status != core::UnitStatus::kAvailable) continue;
      auto& count = cover_count_[static_cast<int>(unit->type)];
      count.resize(cell_weight_.size(), 0);
      for (std::size_t g = 0; g < count.size(); ++g) count[g] += covers_[u][g] ? 1 : 0;
    }
  }
  // The demand weight a unit alone of the free units of its type covers: what its leaving
  // uncovers.
  double LeavingCost(const core::Unit& unit) const {
    const auto at = unit_of_.find(unit.id.value());
    const auto count = cover_count_.find(static_cast<int>(unit.type));
    if (at == unit_of_.end() || count == cover_count_.end()) return 0;
    double cost = 0;
    for (std::size_t g = 0; g < count->second.size(); ++g) {
      if (covers_[at->second][g] && count->second[g] == 1) {
        cost += static_cast<double>(cell_weight_[g]);
      }
    }
    return cost;
  }

  // Chooses units for incident i by the policy and dispatches them.
  Sent SendUnits(std::uint32_t i) {
    std::vector<Choice> units;
    int late = 0;
    if (options_.policy.base == Policy::kClosestStation) {
      auto picked = ClosestStationUnits(i);
      if (!picked) return Sent::kCannot;
      units = std::move(*picked);
      std::vector<core::UnitId> on_road;
      for (const Choice& c : units) {
        if (!c.eta) on_road.push_back(c.unit);
      }
      if (!on_road.empty()) UpdateHomeboundPositions(&on_road);
    } else {
      UpdateHomeboundPositions();
      if (!covers_.empty()) CountCover();
      auto rec = recommender_.Recommend(machine_.state(), incs_[i].id, now_);
      if (!rec.ok()) return Sent::kCannot;
      for (const dispatch::LinePlan& line : rec->lines) {
        for (const dispatch::Pick& p : line.picks) {
          if (!p.already_assigned) units.push_back({p.unit, p.eta});
        }
        late += line.late;
      }
    }
    return Dispatch(i, units, late);
  }

  // What most centers do: each plan line from the nearest stations (by road from the station)
  // that have a matching unit available, wherever that unit is now.
  // Nullopt when the incident is off the road network.
  std::optional<std::vector<Choice>> ClosestStationUnits(std::uint32_t i) {
    const core::State& state = machine_.state();
    const core::Incident* inc = state.FindIncident(incs_[i].id);
    const core::Plan* plan = dispatch::PlanOf(state, *inc);
    std::vector<Choice> out;
    if (plan == nullptr) return out;
    if (!incs_[i].snap) return std::nullopt;
    std::vector<geo::Distance> station_time(region_.stations.size());
    for (std::size_t st = 0; st < station_time.size(); ++st) {
      station_time[st] = stations_.From(st, *incs_[i].snap);
    }
    // Free units are those the engine holds as available (a region may start some out of
    // service); type and capabilities are the region's, which never change.
    std::vector<std::uint32_t> free;
    for (std::uint32_t u = 0; u < units_.size(); ++u) {
      const core::Unit* unit = state.FindUnit(units_[u].id);
      if (unit == nullptr || unit->status != core::UnitStatus::kAvailable) continue;
      if (station_time[units_[u].station_index] == geo::kUnreachable) continue;
      free.push_back(u);
    }
    auto key = [&](std::uint32_t u) {
      return std::make_pair(station_time[units_[u].station_index],
                            std::string_view(region_.units[u].id.value()));
    };
    std::stable_sort(free.begin(), free.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return key(a) < key(b); });
    std::vector<bool> used(free.size(), false);
    const bool ambulance_only = options_.non_emergency_ambulance && input_[i].priority > 0 &&
                                input_[i].priority < kEmergencyPriority;
    for (const auto& [level, line] : dispatch::ActiveLines(*plan, inc->level)) {
      core::PlanRequirement req = line;
      // SFFD's answer to a non-emergency medical call: an ambulance, not the closest ALS unit.
      if (ambulance_only && req.capability == core::Capability::kAdvancedLifeSupport) {
        req.capability.reset();
        req.unit_type = core::UnitType::kAmbulance;
      }
      int taken = 0;
      for (std::size_t k = 0; k < free.size() && taken < req.count; ++k) {
        const SimUnit& su = units_[free[k]];
        if (used[k] || !dispatch::Matches(region_.units[free[k]], req)) continue;
        used[k] = true;
        ++taken;
        // A unit at quarters drives the station's time; one on the road is timed from there.
        out.push_back({su.id, su.phase == Phase::kHome
                                  ? std::optional(geo::ToTravelTime(station_time[su.station_index]))
                                  : std::nullopt});
      }
    }
    return out;
  }

  Sent Dispatch(std::uint32_t i, const std::vector<Choice>& chosen, int late) {
    if (chosen.empty()) return Sent::kNoneFree;
    const core::Incident* inc = machine_.state().FindIncident(incs_[i].id);
    std::vector<core::UnitId> units;
    std::vector<geo::TravelTime> eta;
    bool untimed = false;
    for (const Choice& c : chosen) {
      units.push_back(c.unit);
      eta.push_back(c.eta.value_or(geo::kNeverArrives));
      untimed = untimed || !c.eta;
    }
    if (untimed) {
      // Timed from where each unit is now (placing a unit where it already is costs nothing).
      for (const Choice& c : chosen) {
        const std::uint32_t u = unit_of_.at(c.unit.value());
        const core::Unit* unit = machine_.state().FindUnit(c.unit);
        const core::LatLon at = unit->position.value_or(units_[u].station);
        if (!unit_fleet_.Place(u, {at.lat, at.lon}).ok()) return Sent::kCannot;
      }
      auto times = unit_fleet_.TimesTo({inc->location.lat, inc->location.lon});
      if (!times.ok()) return Sent::kCannot;
      for (std::size_t k = 0; k < chosen.size(); ++k) {
        if (!chosen[k].eta)
          eta[k] = geo::ToTravelTime((*times)[unit_of_.at(chosen[k].unit.value())]);
      }
    }
    Must(dispatch::DispatchUnits{incs_[i].id, units});
    IncidentOutcome& o = result_.incidents[i];
    if (!o.to_dispatch) o.to_dispatch = std::chrono::duration_cast<Millis>(now_ - o.at);
    o.sent += static_cast<int>(units.size());
    o.late += late;
    for (std::size_t k = 0; k < units.size(); ++k) {
      const std::uint32_t u = unit_of_.at(units[k].value());
      SimUnit& su = units_[u];
      const bool was_home = su.phase == Phase::kHome;
      EndPhase(u);
      su.phase = Phase::kCommitted;
      ++su.trip;
      su.incident = i;
      su.route.clear();
      su.route_m.clear();
      // A unit somewhere unreachable is given a long drive rather than none. A routed drive
      // takes the response mode's fixed overhead and factor (validate-travel's fit).
      const DriveMode& mode = durations_.ModeFor(input_[i].priority);
      su.travel = eta[k] == geo::kNeverArrives ? Millis(3'600'000) : Drive(mode, eta[k]);
      ++result_.units[u].responses;
      ++incs_[i].active;
      // The k-th unit sent to an incident draws the same times under every policy. A crew at
      // quarters turns out; a crew on the road is rolling already.
      su.draw = incs_[i].draws++;
      auto rng = StreamFor(options_.seed, i, 1 + su.draw);
      const Distribution& turnout_law =
          durations_.Turnout(std::string(core::CodeOf(region_.units[u].type)), input_[i].type);
      const Millis turnout = was_home ? turnout_law.Sample(rng) : Millis(0);
      Schedule(now_ + turnout, Kind::kEnRoute, u, su.trip);
    }
    return Sent::kSent;
  }

  void OnEnRoute(std::uint32_t u, std::uint32_t trip) {
    SimUnit& su = units_[u];
    if (su.trip != trip || su.phase != Phase::kCommitted) return;
    Must(dispatch::ChangeUnitStatus{su.id, core::UnitStatus::kEnRoute, ""});
    Schedule(now_ + su.travel, Kind::kArrive, u, trip);
  }

  void OnArrive(std::uint32_t u, std::uint32_t trip) {
    SimUnit& su = units_[u];
    if (su.trip != trip || su.phase != Phase::kCommitted) return;
    const std::uint32_t i = su.incident;
    const core::LatLon at = input_[i].location;
    Must(units::ReportPositions{{units::PositionReport{su.id, at, now_}}});
    Must(dispatch::ChangeUnitStatus{su.id, core::UnitStatus::kOnScene, ""});
    IncidentOutcome& o = result_.incidents[i];
    if (!o.to_first_arrival) o.to_first_arrival = std::chrono::duration_cast<Millis>(now_ - o.at);
    auto rng = StreamFor(options_.seed, i, 1'000'000 + su.draw);
    Schedule(now_ + durations_.For(input_[i].type).on_scene.Sample(rng), Kind::kClear, u, trip);
  }

  void OnClear(std::uint32_t u, std::uint32_t trip) {
    SimUnit& su = units_[u];
    if (su.trip != trip || su.phase != Phase::kCommitted) return;
    const std::uint32_t i = su.incident;
    Must(dispatch::ChangeUnitStatus{su.id, core::UnitStatus::kReturning, ""});
    // Available again on the radio as it leaves, and heads home.
    Must(dispatch::ChangeUnitStatus{su.id, core::UnitStatus::kAvailable, ""});
    EndPhase(u);
    --incs_[i].active;
    CloseIfDone(i);
    const core::LatLon at = input_[i].location;
    // The road geometry home is worked out only if a decision needs the unit's place on the way.
    su.route.clear();
    su.route_m.clear();
    su.scene = at;
    const geo::TravelTime back_time = geo::ToTravelTime(
        incs_[i].snap ? stations_.To(su.station_index, *incs_[i].snap) : geo::kUnreachable);
    const Millis back =
        back_time == geo::kNeverArrives ? Millis(0) : std::chrono::duration_cast<Millis>(back_time);
    su.phase = Phase::kHomebound;
    su.reported = false;
    su.home_at = now_ + back;
    Schedule(su.home_at, Kind::kHome, u, trip);
    ServeWaiting();
  }

  void OnHome(std::uint32_t u, std::uint32_t trip) {
    SimUnit& su = units_[u];
    if (su.trip != trip || su.phase != Phase::kHomebound) return;
    EndPhase(u);
    su.phase = Phase::kHome;
    su.route.clear();
    su.route_m.clear();
    Must(units::ReportPositions{{units::PositionReport{su.id, su.station, now_}}});
  }

  void CloseIfDone(std::uint32_t i) {
    SimInc& inc = incs_[i];
    if (inc.active > 0 || inc.closed) return;
    const core::Incident* state_inc = machine_.state().FindIncident(inc.id);
    if (state_inc->status == core::IncidentStatus::kOnScene) {
      Must(dispatch::ChangeIncidentStatus{inc.id, core::IncidentStatus::kControlled, ""});
    }
    if (state_inc = machine_.state().FindIncident(inc.id);
        state_inc->status == core::IncidentStatus::kControlled ||
        state_inc->status == core::IncidentStatus::kVerified) {
      const auto to = state_inc->status == core::IncidentStatus::kVerified
                          ? core::IncidentStatus::kCancelled
                          : core::IncidentStatus::kClosed;
      Must(dispatch::ChangeIncidentStatus{inc.id, to, ""});
    }
    inc.closed = true;
  }

  // Incidents that found no unit get one as units come free. Under elink's policies by urgency
  // and age together: each waits as if it had come in earlier by 2 minutes per step of its level
  // weight (a level-I call 14 minutes), so an urgent call goes first and none starves (a
  // level-IV call that has waited 14 minutes longer goes before a new level-I one). The
  // closest-station rule serves the oldest first, as a center does by hand. Under the joint
  // policy the waiting incidents share the free units in one assignment.
  void ServeWaiting() {
    std::vector<std::uint32_t> waiting;
    waiting.swap(waiting_);
    if (options_.policy.base == Policy::kJoint) return SendJointly(waiting);
    if (options_.policy.base == Policy::kRecommend) {
      auto since = [&](std::uint32_t i) {
        const auto head =
            std::chrono::minutes(2) * (dispatch::LevelWeight(result_.incidents[i].level) - 1);
        return result_.incidents[i].at - head;
      };
      std::stable_sort(waiting.begin(), waiting.end(),
                       [&](std::uint32_t a, std::uint32_t b) { return since(a) < since(b); });
    }
    for (std::uint32_t i : waiting) Wait(i, SendUnits(i));
  }

  // Where each homebound unit is now along its route, so that the recommendation starts it from
  // there (as live AVL would tell).
  // Only units that have driven on for an AVL period since their last report are reported again;
  // `only` limits the update to the units named (the closest-station policy needs the place of the
  // units it picked, nothing else).
  void UpdateHomeboundPositions(const std::vector<core::UnitId>* only = nullptr) {
    units::ReportPositions batch;
    for (SimUnit& su : units_) {
      if (su.phase != Phase::kHomebound) continue;
      if (su.reported && now_ - su.reported_at < kAvlPeriod) continue;
      if (only != nullptr && std::find(only->begin(), only->end(), su.id) == only->end()) continue;
      if (su.route.empty()) {
        auto route = router_->Route({su.scene.lat, su.scene.lon}, {su.station.lat, su.station.lon});
        if (!route.ok()) continue;
        su.route = std::move(route->geometry);
        double m = 0;
        for (std::size_t k = 0; k < su.route.size(); ++k) {
          if (k > 0) {
            m += core::HaversineMeters({su.route[k - 1].lat, su.route[k - 1].lon},
                                       {su.route[k].lat, su.route[k].lon});
          }
          su.route_m.push_back(m);
        }
      }
      if (su.route.size() < 2) continue;
      const double total_ms = static_cast<double>((su.home_at - su.since).count());
      const double f =
          total_ms <= 0
              ? 1.0
              : std::clamp(static_cast<double>((now_ - su.since).count()) / total_ms, 0.0, 1.0);
      const double want = f * su.route_m.back();
      auto it = std::lower_bound(su.route_m.begin(), su.route_m.end(), want);
      const std::size_t k = std::min<std::size_t>(static_cast<std::size_t>(it - su.route_m.begin()),
                                                  su.route.size() - 1);
      batch.reports.push_back({su.id, {su.route[k].lat, su.route[k].lon}, now_});
      su.reported = true;
      su.reported_at = now_;
      if (batch.reports.size() == 1000) {
        Must(std::move(batch));
        batch = {};
      }
    }
    if (!batch.reports.empty()) Must(std::move(batch));
  }

  std::shared_ptr<const geo::Router> router_;
  dispatch::Recommender recommender_;
  geo::FleetIndex unit_fleet_;  // slot = unit index
  StationTable stations_;
  const std::vector<SimIncident>& input_;
  const Durations& durations_;
  const SimOptions& options_;
  engine::Machine machine_;
  const core::Region& region_;

  TimePoint now_{};
  std::vector<engine::Event> events_;
  std::priority_queue<Ev, std::vector<Ev>, Later> queue_;
  std::uint64_t next_order_ = 0;
  std::vector<std::size_t> order_;
  std::vector<SimUnit> units_;
  std::unordered_map<std::string, std::uint32_t> unit_of_;
  std::vector<SimInc> incs_;
  std::vector<std::uint32_t> waiting_;
  std::vector<std::uint32_t> joint_pending_;
  // Coverage (BuildCoverTable): demand point by grid id, its weight, which units cover which
  // point from their station, and the free units of each type covering each point.
  std::unordered_map<std::string, std::size_t> cell_of_;
  std::vector<std::int64_t> cell_weight_;
  std::vector<std::vector<bool>> covers_;
  std::unordered_map<int, std::vector<int>> cover_count_;
  RunResult result_;
};

}  // namespace

Result<RunResult> Simulate(const core::Region& region, std::shared_ptr<const geo::Router> router,
                           const std::vector<SimIncident>& incidents, const Durations& durations,
                           const SimOptions& options) {
  Run_ run(region, std::move(router), incidents, durations, options);
  return run.Go();
}

}  // namespace elink::sim
