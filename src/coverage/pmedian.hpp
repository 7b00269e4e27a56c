#pragma once
// The uncapacitated p-median problem on a cost matrix: open p of the candidate sites so that the
// sum over clients of weight × cost to the nearest open site is least. SolvePMedian gives a
// solution (greedy, then Whitaker's fast swap interchange, restarted from Lagrangian solutions),
// a lower bound (Lagrangian relaxation of the assignment constraints, subgradient optimisation,
// variable fixing) and, where the two differ, closes the gap with a small branch and bound.

#include "util/status.hpp"

#include <cstdint>
#include <vector>

namespace elink::coverage {

using Cost = std::int64_t;

// Limits that keep sums exact in 64 bits and memory bounded.
inline constexpr Cost kMaxCost = 1'000'000'000;          // a cost entry (seconds, metres)
inline constexpr Cost kMaxWeight = 1'000'000;            // a client's weight
inline constexpr std::int64_t kMaxEntries = 25'000'000;  // clients × candidates
inline constexpr int kMaxClients = 1'000'000;

struct PMedianProblem {
  int clients = 0;
  int candidates = 0;
  // cost[client * candidates + candidate], each from 0 to kMaxCost.
  std::vector<Cost> cost;
  // One weight per client, each from 0 to kMaxWeight; empty means every weight is 1.
  std::vector<Cost> weight;
  int p = 0;  // from 1 to candidates
};

struct PMedianOptions {
  // Subgradient iterations at the root and at each node of the branch and bound.
  int root_iterations = 3000;
  int node_iterations = 300;
  // Nodes of the branch and bound before giving up the proof (the solution is still returned,
  // with the root's lower bound and proven_optimal false).
  int max_nodes = 20000;
};

struct PMedianSolution {
  std::vector<int> open;  // p candidate indexes, ascending
  Cost cost = 0;          // of `open`
  Cost lower_bound = 0;   // no solution costs less; == cost when proven_optimal
  bool proven_optimal = false;
  int nodes = 0;  // branch-and-bound nodes explored (1: settled at the root)
  int fixed = 0;  // candidates fixed open or closed by the root's reduction tests
};

// Checks a rows × columns cost matrix (row-major) and its optional row weights against the limits
// above; errors name the caller's fields ("clients"/"candidates", "demands"/"sites"), "cost[k]"
// and "weight[k]". Shared by the p-median and the maximal-covering checks.
Status ValidateCostMatrix(const char* rows_field, int rows, const char* columns_field, int columns,
                          const std::vector<Cost>& cost, const std::vector<Cost>& weight);

// OK, or kInvalidArgument naming the field ("clients", "candidates", "cost", "cost[i]",
// "weight[i]", "p") when sizes disagree or a value is out of its range.
Status ValidatePMedian(const PMedianProblem& problem);

// Solves `problem` (validated first: the errors of ValidatePMedian). Deterministic. Thread-safe
// (no shared state).
Result<PMedianSolution> SolvePMedian(const PMedianProblem& problem,
                                     const PMedianOptions& options = {});

// The cost of opening `open` (candidate indexes, each below problem.candidates, not empty).
// Programmer errors (a bad index) stop with ELINK_CHECK.
Cost PMedianCost(const PMedianProblem& problem, const std::vector<int>& open);

}  // namespace elink::coverage
