// SPDX-License-Identifier: Apache-2.0
#include "dispatch/assign.hpp"

#include <lemon/maps.h>
#include <lemon/network_simplex.h>
#include <lemon/static_graph.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <new>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace elink::dispatch {
namespace {

// StaticDigraph rather than SmartDigraph: the network is known in full before it is built, the
// arrays are compact, and SmartDigraph's addNode/addArc trip g++ 12's -Wmaybe-uninitialized
// under the sanitizer build.
using Graph = lemon::StaticDigraph;
// Flows are 0/1 and the supply is at most kMaxAssignmentSlots, so int is enough for flows;
// costs need int64 (weight × time).
using Solver = lemon::NetworkSimplex<Graph, int, std::int64_t>;

// What validation learns on its way, so that the network is built without a second check.
struct Checked {
  std::size_t eligible_pairs = 0;
  std::int64_t unfilled_cost = 0;
};

Result<Checked> Validate(const AssignmentProblem& problem) {
  const std::size_t units = problem.unit_count;
  const std::size_t slots = problem.slots.size();
  // Both counts are bounded before they are multiplied, so the product cannot wrap.
  if (units > kMaxAssignmentUnits) {
    return Status::InvalidArgument("unit_count", "at most " + std::to_string(kMaxAssignmentUnits) +
                                                     " units, got " + std::to_string(units));
  }
  if (slots > kMaxAssignmentSlots) {
    return Status::InvalidArgument("slots", "at most " + std::to_string(kMaxAssignmentSlots) +
                                                " slots, got " + std::to_string(slots));
  }
  if (problem.times.size() != slots * units) {
    return Status::InvalidArgument(
        "times", "expected slots × unit_count = " + std::to_string(slots * units) + " times, got " +
                     std::to_string(problem.times.size()));
  }
  for (std::size_t s = 0; s < slots; ++s) {
    if (problem.slots[s].weight == 0) {
      return Status::InvalidArgument("slots[" + std::to_string(s) + "].weight",
                                     "weight must be at least 1");
    }
  }

  Checked checked;
  std::int64_t max_time = 0;
  for (std::size_t s = 0; s < slots; ++s) {
    const std::int64_t max_for_weight =
        kMaxWeightedCost / static_cast<std::int64_t>(problem.slots[s].weight);
    for (std::size_t u = 0; u < units; ++u) {
      const std::size_t k = s * units + u;
      const std::int64_t t = problem.times[k];
      if (t == kNotEligible) continue;
      if (t < 0) {
        return Status::InvalidArgument(
            "times[" + std::to_string(k) + "]",
            "time must be >= 0 or kNotEligible, got " + std::to_string(t));
      }
      if (t > max_for_weight) {
        return Status::InvalidArgument("times[" + std::to_string(k) + "]",
                                       "weight " + std::to_string(problem.slots[s].weight) +
                                           " × time " + std::to_string(t) + " exceeds " +
                                           std::to_string(kMaxWeightedCost));
      }
      max_time = std::max(max_time, t);
      ++checked.eligible_pairs;
    }
  }
  if (checked.eligible_pairs > kMaxEligiblePairs) {
    return Status::InvalidArgument("times", "at most " + std::to_string(kMaxEligiblePairs) +
                                                " eligible pairs, got " +
                                                std::to_string(checked.eligible_pairs));
  }

  const bool explicit_cost = problem.unfilled_cost != 0;
  if (problem.unfilled_cost < 0) {
    return Status::InvalidArgument("unfilled_cost", "must be >= 0 (0: the default)");
  }
  if (explicit_cost && problem.unfilled_cost <= max_time) {
    return Status::InvalidArgument(
        "unfilled_cost", "must exceed every time; the largest is " + std::to_string(max_time));
  }
  checked.unfilled_cost = explicit_cost ? problem.unfilled_cost : max_time + 1;
  for (std::size_t s = 0; s < slots; ++s) {
    const std::uint32_t w = problem.slots[s].weight;
    if (checked.unfilled_cost > kMaxWeightedCost / static_cast<std::int64_t>(w)) {
      return Status::InvalidArgument(
          explicit_cost ? "unfilled_cost" : "slots[" + std::to_string(s) + "].weight",
          "weight " + std::to_string(w) + " × unfilled cost " +
              std::to_string(checked.unfilled_cost) + " exceeds " +
              std::to_string(kMaxWeightedCost));
    }
  }
  return checked;
}

// The units worth offering to each slot, flattened slot by slot in unit order. An optimal
// assignment never needs a unit outside a slot's `slots.size()` fastest eligible ones: the other
// slots hold at most slots.size() - 1 of those, so one is free and at least as fast, and moving
// the slot to it costs nothing more. Dropping the rest keeps the optimum and shrinks the network
// when units outnumber slots (memory touched per arc dominates the solve). Ties in time go to the
// lower unit index, so the kept set is unique and the network is the same on every call.
struct Candidates {
  std::vector<std::uint32_t> unit;
  std::vector<std::size_t> begin;  // slot s owns unit[begin[s] .. begin[s + 1])
};

Candidates SelectCandidates(const AssignmentProblem& problem, const Checked& checked) {
  const std::size_t units = problem.unit_count;
  const std::size_t slots = problem.slots.size();
  struct Offer {
    std::int64_t time;
    std::uint32_t unit;
  };
  const auto faster = [](const Offer& a, const Offer& b) {
    return a.time != b.time ? a.time < b.time : a.unit < b.unit;
  };
  Candidates out;
  out.unit.reserve(std::min(checked.eligible_pairs, slots * std::min(slots, units)));
  out.begin.reserve(slots + 1);
  std::vector<Offer> offers;
  offers.reserve(units);
  for (std::size_t s = 0; s < slots; ++s) {
    out.begin.push_back(out.unit.size());
    const std::int64_t* times = problem.times.data() + s * units;
    offers.clear();
    for (std::size_t u = 0; u < units; ++u) {
      if (times[u] != kNotEligible) offers.push_back({times[u], static_cast<std::uint32_t>(u)});
    }
    if (offers.size() <= slots) {
      for (const Offer& o : offers) out.unit.push_back(o.unit);
      continue;
    }
    const auto last_kept = offers.begin() + static_cast<std::ptrdiff_t>(slots - 1);
    std::nth_element(offers.begin(), last_kept, offers.end(), faster);
    const Offer slowest = *last_kept;
    for (std::size_t u = 0; u < units; ++u) {
      const Offer o{times[u], static_cast<std::uint32_t>(u)};
      if (o.time != kNotEligible && !faster(slowest, o)) out.unit.push_back(o.unit);
    }
  }
  out.begin.push_back(out.unit.size());
  return out;
}

// Arc costs by arc index, as a LEMON read map, so that no ArcMap copy is made.
struct CostByIndex {
  using Key = Graph::Arc;
  using Value = std::int64_t;
  const std::vector<std::int64_t>* cost = nullptr;
  Value operator[](const Key& arc) const {
    return (*cost)[static_cast<std::size_t>(Graph::index(arc))];
  }
};

// Source → unit (cap 1, cost 0), unit → slot per kept eligible pair (cap 1, weight × time),
// source → slot (cap 1, weight × unfilled_cost), slot → sink (cap 1); a supply of one per slot.
// Every slot can be reached without a unit, so the flow always exists and every slot ends with
// exactly one unit of flow: from a unit (filled) or straight from the source (unfilled).
// The network is laid out in index order, so the solver, which is itself deterministic, sees the
// same network for the same input and breaks ties the same way.
Result<Assignment> Solve(const AssignmentProblem& problem, const Checked& checked) {
  const std::size_t units = problem.unit_count;
  const std::size_t slots = problem.slots.size();
  const Candidates candidates = SelectCandidates(problem, checked);
  const std::size_t pairs = candidates.unit.size();

  // StaticDigraph wants the arcs grouped by tail, so the pairs are regrouped by unit (a counting
  // sort: slots stay in increasing order within a unit).
  std::vector<std::size_t> unit_begin(units + 1, 0);
  for (const std::uint32_t u : candidates.unit) ++unit_begin[u + 1];
  for (std::size_t u = 0; u < units; ++u) unit_begin[u + 1] += unit_begin[u];
  std::vector<std::uint32_t> slot_of_pair(pairs);
  {
    std::vector<std::size_t> next(unit_begin.begin(), unit_begin.end() - 1);
    for (std::size_t s = 0; s < slots; ++s) {
      for (std::size_t i = candidates.begin[s]; i < candidates.begin[s + 1]; ++i) {
        slot_of_pair[next[candidates.unit[i]]++] = static_cast<std::uint32_t>(s);
      }
    }
  }

  // Nodes: 0 source, 1 sink, 2 .. 2 + slots - 1 the slots, then the units some slot kept.
  constexpr int kSource = 0;
  constexpr int kSink = 1;
  const auto slot_node = [](std::size_t s) { return static_cast<int>(2 + s); };
  std::vector<int> unit_node(units, -1);
  int node_count = slot_node(slots);
  for (std::size_t u = 0; u < units; ++u) {
    if (unit_begin[u + 1] > unit_begin[u]) unit_node[u] = node_count++;
  }

  const std::size_t arc_count =
      static_cast<std::size_t>(node_count - slot_node(slots)) + 2 * slots + pairs;
  std::vector<std::pair<int, int>> arcs;
  std::vector<std::int64_t> arc_cost;
  arcs.reserve(arc_count);
  arc_cost.reserve(arc_count);
  const auto add_arc = [&](int from, int to, std::int64_t cost) {
    arcs.emplace_back(from, to);
    arc_cost.push_back(cost);
  };
  for (std::size_t u = 0; u < units; ++u) {
    if (unit_node[u] >= 0) add_arc(kSource, unit_node[u], 0);
  }
  for (std::size_t s = 0; s < slots; ++s) {
    add_arc(kSource, slot_node(s), problem.slots[s].weight * checked.unfilled_cost);
  }
  for (std::size_t s = 0; s < slots; ++s) add_arc(slot_node(s), kSink, 0);
  const std::size_t first_pair_arc = arcs.size();
  for (std::size_t u = 0; u < units; ++u) {
    for (std::size_t i = unit_begin[u]; i < unit_begin[u + 1]; ++i) {
      const std::size_t s = slot_of_pair[i];
      add_arc(unit_node[u], slot_node(s), problem.slots[s].weight * problem.times[s * units + u]);
    }
  }

  Graph graph;
  graph.build(node_count, arcs.begin(), arcs.end());
  Solver solver(graph);
  solver.upperMap(lemon::ConstMap<Graph::Arc, int>(1))
      .costMap(CostByIndex{&arc_cost})
      .stSupply(Graph::node(kSource), Graph::node(kSink), static_cast<int>(slots));
  if (const Solver::ProblemType type = solver.run(); type != Solver::OPTIMAL) {
    return Status::Internal("min-cost flow did not find an optimum (problem type " +
                            std::to_string(static_cast<int>(type)) + ")");
  }

  Assignment result;
  result.unit_of_slot.assign(slots, -1);
  for (std::size_t u = 0; u < units; ++u) {
    for (std::size_t i = unit_begin[u]; i < unit_begin[u + 1]; ++i) {
      if (solver.flow(Graph::arc(static_cast<int>(first_pair_arc + i))) > 0) {
        result.unit_of_slot[slot_of_pair[i]] = static_cast<std::int64_t>(u);
      }
    }
  }
  for (std::size_t s = 0; s < slots; ++s) {
    const std::int64_t weight = problem.slots[s].weight;
    const std::int64_t u = result.unit_of_slot[s];
    if (u < 0) {
      ++result.unfilled;
      result.total_cost += weight * checked.unfilled_cost;
    } else {
      result.total_cost += weight * problem.times[s * units + static_cast<std::size_t>(u)];
    }
  }
  ELINK_CHECK(result.total_cost == solver.totalCost<std::int64_t>())
      << "assignment cost " << result.total_cost << " differs from the flow's "
      << solver.totalCost<std::int64_t>();
  return result;
}

// Runs of consecutive slots with the same weight and the same times (a plan line's slots) are
// groups. When no unit is eligible for two groups the problem falls apart into one per group,
// and a group's optimum is its cheapest units, fastest first (an unfilled slot costs more than
// any time). That is the usual case of one incident: a flow is then not needed. Nullopt when
// some unit is eligible for two groups.
std::optional<Assignment> SolveSeparable(const AssignmentProblem& problem, const Checked& checked) {
  const std::size_t units = problem.unit_count;
  const std::size_t slots = problem.slots.size();
  auto row = [&](std::size_t s) {
    return problem.times.begin() + static_cast<std::ptrdiff_t>(s * units);
  };
  std::vector<std::size_t> group_start;
  for (std::size_t s = 0; s < slots; ++s) {
    if (s == 0 || problem.slots[s].weight != problem.slots[s - 1].weight ||
        !std::equal(row(s), row(s) + static_cast<std::ptrdiff_t>(units), row(s - 1))) {
      group_start.push_back(s);
    }
  }
  constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  std::vector<std::size_t> group_of_unit(units, kNone);
  for (std::size_t g = 0; g < group_start.size(); ++g) {
    const auto r = row(group_start[g]);
    for (std::size_t u = 0; u < units; ++u) {
      if (r[static_cast<std::ptrdiff_t>(u)] == kNotEligible) continue;
      if (group_of_unit[u] != kNone) return std::nullopt;
      group_of_unit[u] = g;
    }
  }
  Assignment out;
  out.unit_of_slot.assign(slots, -1);
  std::vector<std::pair<std::int64_t, std::size_t>> eligible;
  for (std::size_t g = 0; g < group_start.size(); ++g) {
    const std::size_t first = group_start[g];
    const std::size_t end = g + 1 < group_start.size() ? group_start[g + 1] : slots;
    const auto r = row(first);
    eligible.clear();
    for (std::size_t u = 0; u < units; ++u) {
      const std::int64_t t = r[static_cast<std::ptrdiff_t>(u)];
      if (t != kNotEligible) eligible.emplace_back(t, u);
    }
    const std::size_t take = std::min(eligible.size(), end - first);
    std::partial_sort(eligible.begin(), eligible.begin() + static_cast<std::ptrdiff_t>(take),
                      eligible.end());
    const std::int64_t weight = problem.slots[first].weight;
    for (std::size_t k = 0; k < end - first; ++k) {
      if (k < take) {
        out.unit_of_slot[first + k] = static_cast<std::int64_t>(eligible[k].second);
        out.total_cost += weight * eligible[k].first;
      } else {
        ++out.unfilled;
        out.total_cost += weight * checked.unfilled_cost;
      }
    }
  }
  return out;
}

}  // namespace

Result<Assignment> SolveAssignment(const AssignmentProblem& problem) {
  ELINK_ASSIGN_OR_RETURN(const Checked checked, Validate(problem));
  if (problem.slots.empty()) return Assignment{};
  if (std::optional<Assignment> separable = SolveSeparable(problem, checked)) return *separable;
  try {
    return Solve(problem, checked);
  } catch (const std::bad_alloc&) {
    return Status::Internal("out of memory for an assignment of " +
                            std::to_string(problem.slots.size()) + " slots, " +
                            std::to_string(problem.unit_count) + " units and " +
                            std::to_string(checked.eligible_pairs) + " eligible pairs");
  }
}

}  // namespace elink::dispatch
