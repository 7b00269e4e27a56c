#pragma once
// Assignment of units to the slots of several simultaneous incidents at minimum total weighted
// arrival time: a min-cost flow (LEMON's network simplex) over a sparse bipartite graph, with an
// "unfilled" path per slot so that a solution always exists. Works on plain indices; the caller
// maps incidents, plan lines and units to and from them.

#include "util/status.hpp"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace elink::dispatch {

// A slot is one unit wanted by one incident (one per unit of a plan's requirement line).
struct AssignmentSlot {
  std::uint32_t incident = 0;  // caller's index, for reporting
  std::uint32_t weight = 1;    // by incident level (e.g. I=8, II=4, III=2, IV=1); >= 1
};

inline constexpr std::int64_t kNotEligible = -1;

// Limits of SolveAssignment; larger problems are refused with kInvalidArgument.
inline constexpr std::size_t kMaxAssignmentSlots = 10'000;
inline constexpr std::size_t kMaxAssignmentUnits = 100'000;
// Eligible (unit, slot) pairs, i.e. times other than kNotEligible: bounds one call's memory.
inline constexpr std::size_t kMaxEligiblePairs = 10'000'000;
// Bound on weight × time and on weight × unfilled_cost. The solver adds sums of arc costs along
// tree paths to an artificial cost of 2^62 in int64; this bound keeps those sums far from
// overflow at the node limits above, and total_cost below 10^16.
inline constexpr std::int64_t kMaxWeightedCost = 1'000'000'000'000;

struct AssignmentProblem {
  std::size_t unit_count = 0;
  std::vector<AssignmentSlot> slots;
  // times[s * unit_count + u]: travel time of unit u to slot s's incident (>= 0), or kNotEligible
  // when the unit cannot fill that slot (wrong type, unreachable, busy).
  std::vector<std::int64_t> times;
  // Cost of leaving one slot unfilled, per unit of weight; must exceed every time so that, slot
  // by slot, filling is cheaper than not (default: 1 + the largest eligible time, when 0). It is
  // a price, not a priority: when filling a light slot would push a heavy slot onto a much slower
  // unit, leaving the light one unfilled can be cheaper overall. A caller that wants the most
  // weight filled before times count sets it above the sum over slots of weight × largest time.
  std::int64_t unfilled_cost = 0;
};

struct Assignment {
  std::vector<std::int64_t> unit_of_slot;  // unit index or -1 (unfilled), one per slot
  std::int64_t total_cost = 0;  // sum over slots of weight × time, or weight × unfilled_cost
  std::size_t unfilled = 0;     // slots left at -1
};

// Minimises total_cost; each unit fills at most one slot, each slot takes at most one unit.
// kInvalidArgument, with the field, for: more than kMaxAssignmentUnits units ("unit_count") or
// kMaxAssignmentSlots slots ("slots"); times.size() != slots.size() × unit_count ("times"); a
// time below 0 other than kNotEligible, or weight × time over kMaxWeightedCost ("times[k]");
// more than kMaxEligiblePairs eligible pairs ("times"); weight 0 ("slots[i].weight"); an
// unfilled_cost below 0, not above every time, or whose weight × unfilled_cost exceeds
// kMaxWeightedCost ("unfilled_cost", or "slots[i].weight" when the default is used); kInternal
// if the solver fails or runs out of memory. Deterministic: the same input gives the same
// assignment, also among equal-cost ones. Thread-safe (no state shared between calls).
Result<Assignment> SolveAssignment(const AssignmentProblem& problem);

}  // namespace elink::dispatch
