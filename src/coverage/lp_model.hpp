#pragma once
// The p-median and maximal covering problems written as mixed-integer programs in the CPLEX LP
// text format, for an exact solver run apart (the tests and the benchmark give them to CBC as the
// referee of SolvePMedian and SolveMaxCover). Variables: y<j> (site j open, binary), x<i>_<j>
// (client i served by site j) and z<d> (demand d covered).

#include "coverage/max_cover.hpp"
#include "coverage/pmedian.hpp"

#include <string>

namespace elink::coverage {

// min sum w_i c_ij x_ij; sum_j x_ij = 1; x_ij <= y_j; sum_j y_j = p (the strong formulation).
// The problem must be valid (ValidatePMedian; ELINK_CHECK otherwise).
std::string PMedianLp(const PMedianProblem& problem);

// max sum w_d z_d; z_d <= sum of y_j over the sites j within the standard of d; sum_j y_j = p;
// 0 <= z_d <= 1. The problem must be valid (ValidateCover).
std::string MaxCoverLp(const CoverProblem& problem);

}  // namespace elink::coverage
