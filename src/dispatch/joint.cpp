// SPDX-License-Identifier: Apache-2.0
// Recommender::AssignJointly: the plan lines of several incidents as slots of one assignment.
#include "core/messages.hpp"
#include "dispatch/assign.hpp"
#include "dispatch/messages.hpp"
#include "dispatch/recommend.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string>

namespace elink::dispatch {

std::uint32_t LevelWeight(core::IncidentLevel level) {
  switch (level) {
    case core::IncidentLevel::kI: return 8;
    case core::IncidentLevel::kII: return 4;
    case core::IncidentLevel::kIII: return 2;
    case core::IncidentLevel::kIV: return 1;
  }
  return 1;
}

Result<JointAssignment> Recommender::AssignJointly(const core::State& state,
                                                   const std::vector<core::IncidentId>& incidents,
                                                   TimePoint now) {
  constexpr std::size_t kMaxIncidents = 200;
  if (incidents.empty()) return Status::InvalidArgument("incidents", msg::kNameAnIncident);
  if (incidents.size() > kMaxIncidents) {
    return Status::InvalidArgument("incidents", msg::kAtMostIncidents, kMaxIncidents);
  }
  if (std::set<core::IncidentId>(incidents.begin(), incidents.end()).size() != incidents.size()) {
    return Status::InvalidArgument("incidents", msg::kIncidentNamedTwice);
  }
  JointAssignment out;
  struct SlotRef {
    std::size_t incident;
    std::size_t line;
  };
  std::vector<SlotRef> slot_refs;
  AssignmentProblem problem;
  std::vector<const core::Unit*> units;  // index → unit
  std::map<core::UnitId, std::size_t> unit_index;
  // Each incident's units are timed once: with those already on it, for what it would have had
  // alone (Recommend's choice), and without them for the joint slots.
  std::vector<Recommendation> alone(incidents.size());
  std::vector<std::vector<Candidate>> timed(incidents.size());
  std::set<core::UnitId> unplaced_seen;
  {
    auto lane = lanes_->Take();
    for (std::size_t i = 0; i < incidents.size(); ++i) {
      const std::string field = "incidents[" + std::to_string(i) + "]";
      const core::Incident* inc = state.FindIncident(incidents[i]);
      if (inc == nullptr) {
        return Status::NotFound(core::msg::kNoIncident, incidents[i].value())
            .At("incident")
            .WithFieldPrefix(field);
      }
      if (!inc->IsOpen()) {
        return Status::FailedPrecondition(msg::kNoLongerOpen, incidents[i].value())
            .WithFieldPrefix(field);
      }
      Recommendation& rec = alone[i];
      rec.incident = incidents[i];
      rec.level = inc->level;
      const core::Plan* plan = PlanOf(state, *inc);
      if (plan != nullptr) rec.plan = plan->id;
      Result<std::vector<Candidate>> candidates =
          TimedCandidates(*lane, state, *inc, now, true, rec.unplaced);
      if (!candidates.ok()) return candidates.status().WithFieldPrefix(field);
      TimeArrivals(state, *inc, now, *candidates, rec);
      for (const Candidate& c : *candidates) {
        if (c.already) continue;
        timed[i].push_back(c);
        if (unit_index.try_emplace(c.unit->id, units.size()).second) units.push_back(c.unit);
      }
      for (const auto& [uid, status] : rec.unplaced) {
        const core::Unit* u = state.FindUnit(uid);
        if (u != nullptr && u->incident == inc->id) continue;  // on this incident, not a choice
        if (unplaced_seen.insert(uid).second) out.unplaced.emplace_back(uid, status);
      }
      Choose(state, *inc, plan, std::move(candidates).value(), rec);
    }
  }
  // Slots: each line's count less the units already on the incident that fill it (as Recommend
  // counts them: already-assigned units fill lines first, in plan order).
  for (std::size_t i = 0; i < incidents.size(); ++i) {
    IncidentShare share;
    share.incident = incidents[i];
    share.level = alone[i].level;
    share.weight = LevelWeight(share.level);
    for (const LinePlan& line : alone[i].lines) {
      const auto already = static_cast<int>(std::count_if(
          line.picks.begin(), line.picks.end(), [](const Pick& p) { return p.already_assigned; }));
      const int open = line.requirement.count - already;
      if (open <= 0) continue;
      LinePlan need;
      need.requirement = line.requirement;
      need.level = line.level;
      for (int k = 0; k < open; ++k) {
        slot_refs.push_back({i, share.lines.size()});
        problem.slots.push_back({static_cast<std::uint32_t>(i), share.weight});
      }
      share.lines.push_back(std::move(need));
    }
    out.incidents.push_back(std::move(share));
  }
  problem.unit_count = units.size();
  problem.times.assign(problem.slots.size() * units.size(), kNotEligible);
  for (std::size_t s = 0; s < slot_refs.size(); ++s) {
    const auto& [i, l] = slot_refs[s];
    const core::PlanRequirement& req = out.incidents[i].lines[l].requirement;
    for (const Candidate& c : timed[i]) {
      // Joint slots share the units of the districts and their agreements only.
      if (c.eta == geo::kNeverArrives || c.affiliation == Affiliation::kOther) continue;
      if (!Matches(*c.unit, req)) continue;
      // The solver's costs are in the graphs' unit (deciseconds): turnout and drive (the time
      // since the call is the same for every unit of a slot).
      problem.times[s * units.size() + unit_index.at(c.unit->id)] = (c.turnout + c.eta).count();
    }
  }
  ELINK_ASSIGN_OR_RETURN(const Assignment solved, SolveAssignment(problem));
  out.total_cost = solved.total_cost;
  out.unfilled = solved.unfilled;

  std::map<core::UnitId, std::size_t> went_to;  // unit → incident index
  for (std::size_t s = 0; s < slot_refs.size(); ++s) {
    const auto& [i, l] = slot_refs[s];
    LinePlan& line = out.incidents[i].lines[l];
    const std::int64_t u = solved.unit_of_slot[s];
    if (u < 0) {
      ++line.missing;
      continue;
    }
    const core::Unit* unit = units[static_cast<std::size_t>(u)];
    const auto c = std::find_if(timed[i].begin(), timed[i].end(),
                                [&](const Candidate& x) { return x.unit == unit; });
    const bool in_time = c->arrival <= geo::TravelTimeFromMinutes(line.requirement.within_minutes);
    line.picks.push_back(
        {unit->id, c->eta, in_time, false, c->affiliation, c->origin, c->turnout, c->arrival});
    if (!in_time) ++line.late;
    went_to[unit->id] = i;
  }
  for (std::size_t i = 0; i < out.incidents.size(); ++i) {
    for (LinePlan& line : out.incidents[i].lines) {
      std::sort(line.picks.begin(), line.picks.end(), [](const Pick& a, const Pick& b) {
        return std::tie(a.arrival, a.unit) < std::tie(b.arrival, b.unit);
      });
    }
    for (const LinePlan& line : alone[i].lines) {
      for (const Pick& p : line.picks) {
        if (p.already_assigned) continue;
        const auto it = went_to.find(p.unit);
        if (it != went_to.end() && it->second != i) {
          out.incidents[i].ceded.emplace_back(p.unit, incidents[it->second]);
        }
      }
    }
  }
  return out;
}

}  // namespace elink::dispatch
