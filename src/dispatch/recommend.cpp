// SPDX-License-Identifier: Apache-2.0
#include "dispatch/recommend.hpp"

#include "core/enums.hpp"
#include "core/messages.hpp"
#include "dispatch/messages.hpp"

#include <algorithm>
#include <cstdio>
#include <set>
#include <string_view>
#include <tuple>

namespace elink::dispatch {
namespace {

geo::TravelTime Deadline(const core::PlanRequirement& r) {
  return geo::TravelTimeFromMinutes(r.within_minutes);
}

// Affiliation in the order a line prefers among units that all arrive in time.
int AffiliationRank(Affiliation a) {
  switch (a) {
    case Affiliation::kHome: return 0;
    case Affiliation::kMutualAid: return 1;
    case Affiliation::kOther: return 2;
  }
  return 2;
}

}  // namespace

geo::TravelTime DefaultTurnout(core::UnitType type) {
  const bool medical = type == core::UnitType::kAmbulance || type == core::UnitType::kMedicalTeam;
  return geo::TravelTime(medical ? 600 : 800);
}

bool AtQuarters(const core::State& state, const core::Unit& unit, Origin origin,
                double at_quarters_m) {
  if (origin == Origin::kStation) return true;
  if (!unit.position) return false;
  const core::Station* st = state.stations().Find(unit.station);
  return st != nullptr && core::HaversineMeters(*unit.position, st->location) <= at_quarters_m;
}

bool AidWithoutAgreementAllowed(const core::State& state, const std::optional<core::OrgId>& org) {
  if (!org) return true;
  const core::Organisation* o = state.FindOrg(*org);
  // Bounded by the organisation count, so a damaged tree with a cycle cannot loop.
  for (std::size_t steps = 0; o != nullptr && steps <= state.organisations().size(); ++steps) {
    if (o->aid_without_agreement) return *o->aid_without_agreement;
    if (!o->parent) break;
    o = state.FindOrg(*o->parent);
  }
  return true;
}

core::OrgId DistrictOf(const core::State& state, const core::OrgId& org) {
  const core::Organisation* o = state.FindOrg(org);
  // Bounded by the organisation count, so a damaged tree with a cycle cannot loop.
  for (std::size_t steps = 0; o != nullptr && steps <= state.organisations().size(); ++steps) {
    if (o->tier == core::OrgTier::kDistrict) return o->id;
    if (!o->parent) break;
    o = state.FindOrg(*o->parent);
  }
  return org;
}

Affiliation AffiliationOf(const core::State& state, const core::OrgId& unit_org,
                          const std::optional<core::OrgId>& incident_org) {
  if (!incident_org) return Affiliation::kHome;
  const core::OrgId home = DistrictOf(state, *incident_org);
  const core::OrgId theirs = DistrictOf(state, unit_org);
  // A unit of the city (or region) above the district serves every district under it.
  if (home == theirs || state.IsWithin(home, theirs)) return Affiliation::kHome;
  // An agreement recorded on either side counts.
  const core::Organisation* h = state.FindOrg(home);
  const core::Organisation* t = state.FindOrg(theirs);
  const auto lists = [](const core::Organisation* o, const core::OrgId& other) {
    return o != nullptr &&
           std::find(o->mutual_aid.begin(), o->mutual_aid.end(), other) != o->mutual_aid.end();
  };
  if (lists(h, theirs) || lists(t, home)) return Affiliation::kMutualAid;
  return Affiliation::kOther;
}

const core::Plan* PlanFor(const core::State& state, const std::string& incident_type) {
  for (const auto& [id, plan] : state.plans()) {
    if (std::find(plan.incident_types.begin(), plan.incident_types.end(), incident_type) !=
        plan.incident_types.end()) {
      return &plan;
    }
  }
  return nullptr;
}

const core::Plan* PlanOf(const core::State& state, const core::Incident& incident) {
  return incident.plan ? state.plans().Find(*incident.plan) : PlanFor(state, incident.type);
}

std::vector<std::pair<core::IncidentLevel, core::PlanRequirement>> ActiveLines(
    const core::Plan& plan, core::IncidentLevel level) {
  std::vector<std::pair<core::IncidentLevel, core::PlanRequirement>> out;
  // IV is 4 and I is 1: a level-II incident takes the IV, III and II lines.
  std::vector<const core::PlanLevel*> levels;
  for (const core::PlanLevel& l : plan.levels) {
    if (static_cast<int>(l.level) >= static_cast<int>(level)) levels.push_back(&l);
  }
  std::stable_sort(levels.begin(), levels.end(), [](const auto* a, const auto* b) {
    return static_cast<int>(a->level) > static_cast<int>(b->level);
  });
  for (const core::PlanLevel* l : levels) {
    for (const core::PlanRequirement& r : l->units) out.emplace_back(l->level, r);
  }
  return out;
}

bool Matches(const core::Unit& unit, const core::PlanRequirement& requirement) {
  if (requirement.unit_type && unit.type != *requirement.unit_type) return false;
  if (requirement.capability && !unit.Has(*requirement.capability)) return false;
  return requirement.unit_type || requirement.capability;
}

Recommender::Recommender(std::shared_ptr<const geo::Router> router, RecommendOptions options)
    : router_(std::move(router)),
      options_(options),
      lanes_(std::make_unique<util::LendingPool<Lane>>(
          [this] { return std::make_unique<Lane>(router_); })) {}

Result<std::vector<Recommender::Candidate>> Recommender::TimedCandidates(
    Lane& lane, const core::State& state, const core::Incident& incident, TimePoint now,
    bool include_assigned, std::vector<std::pair<core::UnitId, Status>>& unplaced) const {
  // Place every unit that could go (available, or already on this incident) where it is now.
  std::vector<Candidate> candidates;
  std::vector<std::uint32_t> slots;
  std::map<core::OrgId, Affiliation> affiliation_of;
  for (const auto& [uid, unit] : state.units()) {
    const bool already = include_assigned && unit.incident == incident.id &&
                         unit.status != core::UnitStatus::kOutOfService;
    const bool available = unit.status == core::UnitStatus::kAvailable;
    auto [it, added] =
        lane.slot_of.try_emplace(uid.value(), static_cast<std::uint32_t>(lane.slot_of.size()));
    const std::uint32_t slot = it->second;
    if (!already && !available) {
      lane.fleet.Remove(slot);
      continue;
    }
    const std::optional<units::UnitOrigin> from =
        units::OriginOf(state, unit, now, options_.stale_after);
    if (!from) {
      unplaced.emplace_back(uid, Status::NotFound(msg::kNoPosition).At("unit"));
      lane.fleet.Remove(slot);
      continue;
    }
    const Origin origin = from->origin;
    const core::LatLon at = from->at;
    if (const Status placed = lane.fleet.Place(slot, {at.lat, at.lon}); !placed.ok()) {
      unplaced.emplace_back(uid, placed);
      continue;
    }
    // Units share a handful of organisations: work out each one's standing once per call.
    auto aff = affiliation_of.find(unit.org);
    if (aff == affiliation_of.end()) {
      Affiliation a = AffiliationOf(state, unit.org, incident.jurisdiction);
      if (a == Affiliation::kMutualAid && !options_.mutual_aid) a = Affiliation::kOther;
      aff = affiliation_of.emplace(unit.org, a).first;
    }
    candidates.push_back({&unit, geo::kNeverArrives, aff->second, origin, already});
    slots.push_back(slot);
  }
  Result<std::vector<geo::Distance>> times =
      lane.fleet.TimesTo({incident.location.lat, incident.location.lon});
  if (!times.ok()) {
    const Status& s = times.status();
    // The same error (its declared message too) about the incident's location.
    if (s.code() == StatusCode::kInvalidArgument || s.code() == StatusCode::kNotFound) {
      return Status(s).At("location");
    }
    return s;
  }
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    candidates[i].eta =
        slots[i] < times->size() ? geo::ToTravelTime((*times)[slots[i]]) : geo::kNeverArrives;
  }
  return candidates;
}

Result<Recommendation> Recommender::Recommend(const core::State& state, const core::IncidentId& id,
                                              TimePoint now) {
  const core::Incident* incident = state.FindIncident(id);
  if (incident == nullptr) {
    return Status::NotFound(core::msg::kNoIncident, id.value()).At("incident");
  }
  if (!incident->IsOpen()) {
    return Status::FailedPrecondition(msg::kNoLongerOpen, id.value());
  }
  Recommendation rec;
  rec.incident = id;
  rec.level = incident->level;
  const core::Plan* plan = PlanOf(state, *incident);
  if (plan != nullptr) rec.plan = plan->id;

  auto lane = lanes_->Take();
  ELINK_ASSIGN_OR_RETURN(std::vector<Candidate> candidates,
                         TimedCandidates(*lane, state, *incident, now, true, rec.unplaced));
  TimeArrivals(state, *incident, now, candidates, rec);
  Choose(state, *incident, plan, std::move(candidates), rec);
  return rec;
}

void Recommender::TimeArrivals(const core::State& state, const core::Incident& incident,
                               TimePoint now, std::vector<Candidate>& candidates,
                               Recommendation& rec) const {
  rec.other_forbidden =
      !options_.aid_without_agreement || !AidWithoutAgreementAllowed(state, incident.jurisdiction);
  // Until the first dispatch the time since the call counts against the standard for every unit
  // alike; units asked for later (a raised level, a reinforcement) are timed from when asked.
  const geo::TravelTime since_call =
      incident.dispatched_at
          ? geo::TravelTime::zero()
          : std::max(geo::TravelTime::zero(),
                     std::chrono::duration_cast<geo::TravelTime>(now - incident.reported_at));
  for (Candidate& c : candidates) {
    if (c.eta == geo::kNeverArrives) {
      c.arrival = geo::kNeverArrives;
      continue;
    }
    // A crew at quarters turns out; one on the road (homebound, or already on this incident) is
    // rolling. Without a position the unit is timed from its station: at quarters.
    const bool at_quarters =
        !c.already && AtQuarters(state, *c.unit, c.origin, options_.at_quarters_m);
    c.turnout = !at_quarters       ? geo::TravelTime::zero()
                : options_.turnout ? options_.turnout(*c.unit, incident.type)
                                   : DefaultTurnout(c.unit->type);
    c.arrival = since_call + c.turnout + c.eta;
  }
}

// RecommendOptions::leaving_cost: `ranked` is in the line's order; for each of the first `want`
// places, the new unit of the place, when it is in time and not on the incident already, may give
// way to a later one of the same tier, arriving within the slack of it and in time, that costs
// the coverage less.
void Recommender::WeighCoverage(std::vector<Candidate*>& ranked, std::size_t want,
                                geo::TravelTime deadline) const {
  std::unordered_map<const Candidate*, double> cost;
  const auto cost_of = [&](const Candidate* c) {
    auto [it, fresh] = cost.try_emplace(c, 0.0);
    if (fresh) it->second = options_.leaving_cost(*c->unit);
    return it->second;
  };
  const geo::TravelTime slack = options_.coverage_slack;
  for (std::size_t k = 0; k < std::min(want, ranked.size()); ++k) {
    const Candidate* first = ranked[k];
    if (first->already || first->arrival > deadline) continue;
    const bool tier = first->affiliation == Affiliation::kOther;
    std::size_t best = k;
    for (std::size_t j = k + 1; j < ranked.size(); ++j) {
      const Candidate* c = ranked[j];
      if (c->arrival > deadline || c->arrival > first->arrival + slack) break;
      if ((c->affiliation == Affiliation::kOther) != tier) continue;
      if (cost_of(c) < cost_of(ranked[best])) best = j;
    }
    // The chosen one takes place k; the others keep their order.
    std::rotate(ranked.begin() + static_cast<std::ptrdiff_t>(k),
                ranked.begin() + static_cast<std::ptrdiff_t>(best),
                ranked.begin() + static_cast<std::ptrdiff_t>(best) + 1);
  }
}

void Recommender::Choose(const core::State& state, const core::Incident& incident,
                         const core::Plan* plan, std::vector<Candidate> candidates,
                         Recommendation& rec) const {
  if (plan == nullptr) return;

  // Lines in plan order; a unit serves one line. Within a line: units already on the incident;
  // then those arriving within the line's minutes after the call: home and agreement units
  // soonest first (home first only on a tie: it is preferred only where it costs nothing), then
  // neighbours without an agreement (used in time only when ours are not); then the late ones,
  // soonest first from any district. Ties by unit id. A neighbour without an agreement is left
  // out where the region forbids it.
  for (const auto& [level, requirement] : ActiveLines(*plan, incident.level)) {
    LinePlan line;
    line.requirement = requirement;
    line.level = level;
    std::vector<Candidate*> eligible;
    for (Candidate& c : candidates) {
      if (c.arrival == geo::kNeverArrives || c.used) continue;
      if (!Matches(*c.unit, requirement)) continue;
      if (c.affiliation == Affiliation::kOther && rec.other_forbidden) continue;
      eligible.push_back(&c);
    }
    const geo::TravelTime deadline = Deadline(requirement);
    auto key = [deadline](const Candidate* c) {
      const bool late = c->arrival > deadline;
      // In time, a neighbour without an agreement only after every home and agreement unit.
      const bool other_in_time = !late && c->affiliation == Affiliation::kOther;
      return std::make_tuple(!c->already, late, other_in_time, c->arrival,
                             late ? 0 : AffiliationRank(c->affiliation),
                             std::string_view(c->unit->id.value()));
    };
    const auto want = static_cast<std::size_t>(std::max(requirement.count, 0));
    if (options_.leaving_cost) {
      std::stable_sort(eligible.begin(), eligible.end(),
                       [&](const Candidate* a, const Candidate* b) { return key(a) < key(b); });
      WeighCoverage(eligible, want, deadline);
    } else {
      // Only the first `count` are needed, in order.
      std::partial_sort(
          eligible.begin(),
          eligible.begin() + static_cast<std::ptrdiff_t>(std::min(eligible.size(), want)),
          eligible.end(), [&](const Candidate* a, const Candidate* b) { return key(a) < key(b); });
    }
    eligible.resize(std::min(eligible.size(), want));
    for (Candidate* c : eligible) {
      if (static_cast<int>(line.picks.size()) >= requirement.count) break;
      c->used = true;
      const bool in_time = c->arrival <= deadline;
      line.picks.push_back({c->unit->id, c->eta, in_time, c->already, c->affiliation, c->origin,
                            c->turnout, c->arrival});
      if (!in_time) ++line.late;
    }
    line.missing = requirement.count - static_cast<int>(line.picks.size());
    rec.lines.push_back(std::move(line));
  }

  // Advice for unmet lines: districts without an agreement that have a unit in time (when the
  // region forbids sending them unasked), else raise the level. Picks from such districts are
  // named too: they are sent, and their district is to be told.
  std::set<core::OrgId> aid;
  bool unmet = false;
  for (const LinePlan& line : rec.lines) {
    for (const Pick& p : line.picks) {
      if (p.affiliation != Affiliation::kOther) continue;
      if (const core::Unit* u = state.FindUnit(p.unit)) aid.insert(DistrictOf(state, u->org));
    }
    if (line.missing == 0 && line.late == 0) continue;
    unmet = true;
    for (const Candidate& c : candidates) {
      if (c.affiliation == Affiliation::kOther && !c.used && Matches(*c.unit, line.requirement) &&
          c.arrival <= Deadline(line.requirement)) {
        aid.insert(DistrictOf(state, c.unit->org));
      }
    }
  }
  rec.aid_from.assign(aid.begin(), aid.end());
  if (unmet) {
    rec.advice = !aid.empty() || incident.level == core::IncidentLevel::kI ? Advice::kMutualAid
                                                                           : Advice::kRaiseLevel;
  }
}

namespace {

std::string Minutes(geo::TravelTime eta, bool zh) {
  if (eta == geo::kNeverArrives) return zh ? "无法到达" : "unreachable";
  // Half a second rounds up.
  const auto s = static_cast<long long>(
      std::chrono::duration_cast<std::chrono::seconds>(eta + geo::TravelTime(5)).count());
  char buf[64];
  std::snprintf(buf, sizeof buf, zh ? "%lld分%02lld秒" : "%lld min %02lld s", s / 60, s % 60);
  return buf;
}

std::string RequirementText(const core::PlanRequirement& r, bool zh) {
  std::string what;
  if (r.unit_type)
    what = std::string(zh ? core::InfoOf(*r.unit_type).zh : core::InfoOf(*r.unit_type).en);
  if (r.capability) {
    if (!what.empty()) what += zh ? "，具备" : " with ";
    what += zh ? core::InfoOf(*r.capability).zh : core::InfoOf(*r.capability).en;
  }
  char buf[256];
  std::snprintf(buf, sizeof buf, zh ? "%s ×%d（%d分钟内到达）" : "%s ×%d (arriving within %d min)",
                what.c_str(), r.count, r.within_minutes);
  return buf;
}

std::string PickText(const Pick& p, const core::State& state, bool zh) {
  const core::Unit* u = state.FindUnit(p.unit);
  const std::string name = u != nullptr ? (zh ? u->name.zh : u->name.en) : "";
  const char* aff = p.affiliation == Affiliation::kHome ? (zh ? "本辖区" : "home district")
                    : p.affiliation == Affiliation::kMutualAid
                        ? (zh ? "协议邻区支援" : "neighbour by mutual-aid agreement")
                    : p.in_time
                        ? (zh ? "无协议邻区：本区及协议邻区无单位能按时到达"
                              : "neighbour without an agreement: no unit of ours arrives in time")
                        : (zh ? "无协议邻区：比本区及协议邻区的单位更早到达"
                              : "neighbour without an agreement: sooner than any unit of ours");
  const char* from = p.origin == Origin::kAvl ? (zh ? "按实时定位" : "from its AVL position")
                     : p.origin == Origin::kAvlStale
                         ? (zh ? "按过时定位" : "from a stale AVL position")
                         : (zh ? "从所属站点出发" : "from its station");
  std::string when;
  if (p.arrival != geo::kNeverArrives && !p.already_assigned) {
    when = zh ? "，接警后 " + Minutes(p.arrival, true) + " 到场（出动准备 " +
                    Minutes(p.turnout, true) + "）"
              : ", on scene " + Minutes(p.arrival, false) + " after the call (turnout " +
                    Minutes(p.turnout, false) + ")";
  }
  char buf[768];
  std::snprintf(
      buf, sizeof buf,
      zh ? "    %s %s：预计车程 %s%s%s，%s，%s%s\n" : "    %s %s: ETA %s by road%s%s, %s, %s%s\n",
      p.unit.value().c_str(), name.c_str(), Minutes(p.eta, zh).c_str(), when.c_str(),
      p.in_time ? "" : (zh ? "（超出时限）" : " (late)"), aff, from,
      p.already_assigned ? (zh ? "，已在处置中" : ", already assigned") : "");
  return buf;
}

std::string ShortfallText(const LinePlan& line, bool zh) {
  if (line.missing <= 0) return "";
  char buf[128];
  std::snprintf(buf, sizeof buf, zh ? "    缺口：还差 %d 个\n" : "    shortfall: %d more needed\n",
                line.missing);
  return buf;
}

}  // namespace

std::string Describe(const Recommendation& rec, const core::State& state, bool zh) {
  std::string out;
  char buf[512];
  if (!rec.plan) {
    out += zh ? "没有适用于该事件类型的预案。\n" : "No plan covers this incident type.\n";
    return out;
  }
  const core::Plan* plan = state.plans().Find(*rec.plan);
  std::snprintf(buf, sizeof buf,
                zh ? "事件 %llu · %s · %s响应\n" : "Incident %llu · %s · %s response\n",
                static_cast<unsigned long long>(rec.incident.value()),
                plan != nullptr ? (zh ? plan->name.zh : plan->name.en).c_str() : "",
                std::string(zh ? core::InfoOf(rec.level).zh : core::InfoOf(rec.level).en).c_str());
  out += buf;
  for (const LinePlan& line : rec.lines) {
    out += "  " + RequirementText(line.requirement, zh) + "\n";
    for (const Pick& p : line.picks) out += PickText(p, state, zh);
    out += ShortfallText(line, zh);
  }
  if (rec.advice == Advice::kMutualAid) {
    std::string names;
    for (const core::OrgId& o : rec.aid_from) {
      const core::Organisation* org = state.FindOrg(o);
      if (!names.empty()) names += zh ? "、" : ", ";
      names += org != nullptr ? (zh ? org->name.zh : org->name.en) : o.value();
    }
    out += zh ? "  建议：请求跨区支援" : "  Advice: ask for mutual aid";
    if (!names.empty()) out += (zh ? "（" : " from ") + names + (zh ? "）" : "");
    out += "\n";
  } else if (rec.advice == Advice::kRaiseLevel) {
    out += zh ? "  建议：提升响应级别，由上级统一调度\n"
              : "  Advice: raise the response level so that a higher level commands more units\n";
  }
  for (const auto& [uid, status] : rec.unplaced) {
    out += (zh ? "  无法定位到路网：" : "  not on the road network: ") + uid.value() + " (" +
           status.message() + ")\n";
  }
  return out;
}

std::string DescribeJoint(const JointAssignment& joint, const core::State& state, bool zh) {
  std::string out;
  char buf[512];
  std::snprintf(buf, sizeof buf,
                zh ? "联合调派：%zu 起事件，按级别加权的到达时间合计最小\n"
                   : "Joint assignment of %zu incidents, least total arrival time weighted by "
                     "level\n",
                joint.incidents.size());
  out += buf;
  for (const IncidentShare& share : joint.incidents) {
    std::snprintf(
        buf, sizeof buf, zh ? "事件 %llu · %s · 权重 %u\n" : "Incident %llu · %s · weight %u\n",
        static_cast<unsigned long long>(share.incident.value()),
        std::string(zh ? core::InfoOf(share.level).zh : core::InfoOf(share.level).en).c_str(),
        share.weight);
    out += buf;
    if (share.lines.empty()) out += zh ? "  预案要求已满足\n" : "  the plan is met already\n";
    for (const LinePlan& line : share.lines) {
      out += "  " + RequirementText(line.requirement, zh) + "\n";
      for (const Pick& p : line.picks) out += PickText(p, state, zh);
      out += ShortfallText(line, zh);
    }
    for (const auto& [unit, to] : share.ceded) {
      const core::Incident* other = state.FindIncident(to);
      const std::string level = other == nullptr ? ""
                                                 : std::string(zh ? core::InfoOf(other->level).zh
                                                                  : core::InfoOf(other->level).en);
      std::snprintf(buf, sizeof buf,
                    zh ? "  %s 让给事件 %llu（%s），该事件更紧急\n"
                       : "  %s ceded to incident %llu (%s), the more urgent one\n",
                    unit.value().c_str(), static_cast<unsigned long long>(to.value()),
                    level.c_str());
      out += buf;
    }
  }
  for (const auto& [uid, status] : joint.unplaced) {
    out += (zh ? "  无法定位到路网：" : "  not on the road network: ") + uid.value() + " (" +
           status.message() + ")\n";
  }
  return out;
}

}  // namespace elink::dispatch
