#pragma once
// Maximal covering location (Church & ReVelle) on a cost matrix: choose p sites so that the most
// demand weight lies within the standard S (cost <= S) of an open site; the covered weight of a
// given set of open sites (live coverage of free units); and move-up advice: which free units to
// move to which stations to win back the most covered demand.

#include "coverage/pmedian.hpp"
#include "util/status.hpp"

#include <cstdint>
#include <vector>

namespace elink::coverage {

struct CoverProblem {
  int demands = 0;
  int sites = 0;
  // cost[demand * sites + site] (a travel time from the site to the demand), each 0..kMaxCost.
  std::vector<Cost> cost;
  // One weight per demand, each 0..kMaxWeight; empty means every weight is 1.
  std::vector<Cost> weight;
  Cost standard = 0;  // a demand is covered by a site when cost <= standard
  int p = 0;          // sites to open, 1..sites (SolveMaxCover only)
};

struct CoverOptions {
  // SolveMaxCover also enumerates every set of p sites when there are at most this many.
  std::int64_t max_exact_sets = 200'000;
};

struct CoverSolution {
  std::vector<int> open;        // p site indexes, ascending
  Cost covered = 0;             // weight within the standard of `open`
  Cost total = 0;               // weight of every demand
  bool proven_optimal = false;  // true when the sets were enumerated
};

// OK, or kInvalidArgument naming the field ("demands", "sites", "cost", "cost[k]", "weight[k]",
// "standard", "p"). `check_p` false skips p (the functions that take open sites instead).
Status ValidateCover(const CoverProblem& problem, bool check_p = true);

// Greedy, then swaps of one open site for one closed while the covered weight grows; exact by
// enumeration when C(sites, p) <= options.max_exact_sets. Errors: those of ValidateCover.
// Deterministic; thread-safe.
Result<CoverSolution> SolveMaxCover(const CoverProblem& problem, const CoverOptions& options = {});

// The weight covered by `open` (site indexes; repeats allowed: two units at one station). Errors:
// those of ValidateCover (p is not checked) and kInvalidArgument "open[k]" for an index out of
// range.
Result<Cost> CoveredWeight(const CoverProblem& problem, const std::vector<int>& open);

// CoveredWeight / total weight, from 0 to 1 (1 when the total weight is 0).
Result<double> CoverageShare(const CoverProblem& problem, const std::vector<int>& open);

struct MoveUp {
  int unit = 0;       // index into `positions`
  int from_site = 0;  // where the unit is
  int to_site = 0;    // the station it should move to
  Cost covered_before = 0;
  Cost covered_after = 0;  // > covered_before
};

// Up to `k` moves, chosen one at a time (each the move of one unit to one of `stations` that
// covers the most weight once the earlier moves are made), stopping when no move covers more.
// `positions[u]` is the site of free unit u; a unit moves at most once. Errors: those of
// ValidateCover, kInvalidArgument "positions[u]" / "stations[s]" for an index out of range,
// "k" when negative.
Result<std::vector<MoveUp>> ProposeMoveUps(const CoverProblem& problem,
                                           const std::vector<int>& positions,
                                           const std::vector<int>& stations, int k);

}  // namespace elink::coverage
