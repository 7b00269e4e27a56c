// SPDX-License-Identifier: Apache-2.0
// Fuzzes the OR-Library p-median reader (coverage/orlib.hpp) with small limits, so that every
// input stays cheap. Invariants: ParseOrLibPmed returns a problem or kInvalidArgument naming the
// file, never crashes; a problem that loads passes ValidatePMedian and its distances are a metric
// (zero on the diagonal, symmetric, no shortcut through a third vertex); a small one is solved
// with its optimality proven (lower bound = cost = the cost of the sites it returns).
#include "coverage/orlib.hpp"
#include "coverage/pmedian.hpp"
#include "fuzz.hpp"

#include <algorithm>
#include <string>

namespace elink::fuzz {

int OrLibOneInput(const std::uint8_t* data, std::size_t size) {
  coverage::OrLibLimits limits;
  limits.max_vertices = 40;
  limits.max_edges = 2000;
  const auto parsed = coverage::ParseOrLibPmed(AsText(data, size), "fuzz", limits);
  if (!parsed.ok()) {
    ELINK_FUZZ_CHECK(parsed.status().code() == StatusCode::kInvalidArgument);
    ELINK_FUZZ_CHECK(parsed.status().field() == "fuzz");
    return 0;
  }
  const coverage::PMedianProblem& pr = *parsed;
  ELINK_FUZZ_CHECK(coverage::ValidatePMedian(pr).ok());
  const auto n = static_cast<std::size_t>(pr.clients);
  ELINK_FUZZ_CHECK(pr.candidates == pr.clients && pr.cost.size() == n * n);
  for (std::size_t i = 0; i < n; ++i) {
    ELINK_FUZZ_CHECK(pr.cost[i * n + i] == 0);
    for (std::size_t j = 0; j < n; ++j) {
      ELINK_FUZZ_CHECK(pr.cost[i * n + j] == pr.cost[j * n + i]);
      for (std::size_t k = 0; k < n; ++k) {
        ELINK_FUZZ_CHECK(pr.cost[i * n + j] <= pr.cost[i * n + k] + pr.cost[k * n + j]);
      }
    }
  }
  if (pr.clients <= 12) {
    const auto sol = coverage::SolvePMedian(pr);
    ELINK_FUZZ_CHECK(sol.ok());
    ELINK_FUZZ_CHECK(sol->proven_optimal && sol->lower_bound == sol->cost);
    ELINK_FUZZ_CHECK(static_cast<int>(sol->open.size()) == pr.p);
    ELINK_FUZZ_CHECK(coverage::PMedianCost(pr, sol->open) == sol->cost);
  }
  return 0;
}

}  // namespace elink::fuzz

#ifdef ELINK_FUZZ_MAIN
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return elink::fuzz::OrLibOneInput(data, size);
}
#endif
