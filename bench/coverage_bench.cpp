// SPDX-License-Identifier: Apache-2.0
// p-median on OR-Library (issue 21): solves pmed1–pmed40 (data/coverage/orlib-pmed) with
// SolvePMedian and, as the referee, with CBC on the same model (the strong formulation,
// coverage/lp_model.hpp) under a time limit. Prints a Markdown table: n, p, our cost, the
// published optimum, whether we proved it, our time, CBC's time and result, and the ratio.
//
//   build/release/bench/coverage_bench [first=1] [last=40] [cbc_seconds=60, 0: no CBC]
#include "coverage/cbc.hpp"  // tests/coverage
#include "coverage/lp_model.hpp"
#include "coverage/orlib.hpp"
#include "coverage/pmedian.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace {

using namespace elink;
using namespace elink::coverage;

const std::string kData = ELINK_SOURCE_DIR "/data/coverage/orlib-pmed";  // data/PROVENANCE.md

}  // namespace

int main(int argc, char** argv) {
  const int first = argc > 1 ? std::atoi(argv[1]) : 1;
  const int last = argc > 2 ? std::atoi(argv[2]) : 40;
  const int cbc_seconds = argc > 3 ? std::atoi(argv[3]) : 60;
  const bool with_cbc = cbc_seconds > 0 && testing::CbcPresent();
  if (cbc_seconds > 0 && !with_cbc) std::fprintf(stderr, "cbc not found: CBC columns left empty\n");
  const Result<std::map<std::string, Cost>> optima = LoadOrLibOptima(kData + "/pmedopt.txt");
  if (!optima.ok()) {
    std::fprintf(stderr, "%s\n", optima.status().ToString().c_str());
    return 1;
  }
  const std::filesystem::path tmp = std::filesystem::temp_directory_path() / "elink_coverage_bench";
  std::printf(
      "| instance | n | p | our cost | optimum | proven | nodes | our time (s) | CBC time (s) | "
      "CBC | CBC / ours |\n");
  std::printf("| --- | --: | --: | --: | --: | --- | --: | --: | --: | --- | --: |\n");
  std::vector<double> times;
  int reached = 0;
  int proven = 0;
  for (int k = first; k <= last; ++k) {
    const std::string name = "pmed" + std::to_string(k);
    const Result<PMedianProblem> pr = LoadOrLibPmed(kData + "/" + name + ".txt.gz");
    if (!pr.ok()) {
      std::fprintf(stderr, "%s\n", pr.status().ToString().c_str());
      return 1;
    }
    const auto t0 = std::chrono::steady_clock::now();
    const Result<PMedianSolution> sol = SolvePMedian(*pr);
    const double ours =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!sol.ok()) {
      std::fprintf(stderr, "%s\n", sol.status().ToString().c_str());
      return 1;
    }
    times.push_back(ours);
    const Cost opt = optima->at(name);
    reached += sol->cost == opt ? 1 : 0;
    proven += sol->proven_optimal ? 1 : 0;
    std::string cbc_time = "–";
    std::string cbc_result = "not run";
    std::string ratio = "–";
    if (with_cbc) {
      const testing::CbcRun run = testing::RunCbc(PMedianLp(*pr), tmp, name, cbc_seconds);
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.2f", run.seconds);
      cbc_time = buf;
      if (!run.ran) {
        cbc_result = "no solution in " + std::to_string(cbc_seconds) + " s";
      } else {
        std::snprintf(buf, sizeof buf, "%.0f", run.objective);
        cbc_result = run.optimal ? std::string("optimal ") + buf : run.status + " " + buf;
      }
      std::snprintf(buf, sizeof buf, "%.1f%s", run.seconds / ours, run.optimal ? "" : " (≥)");
      ratio = buf;
      std::filesystem::remove(tmp / (name + ".lp"));
    }
    std::printf("| %s | %d | %d | %lld | %lld | %s | %d | %.3f | %s | %s | %s |\n", name.c_str(),
                pr->clients, pr->p, static_cast<long long>(sol->cost), static_cast<long long>(opt),
                sol->proven_optimal ? "yes" : "no", sol->nodes, ours, cbc_time.c_str(),
                cbc_result.c_str(), ratio.c_str());
    std::fflush(stdout);
  }
  std::sort(times.begin(), times.end());
  const double median = times.empty() ? 0
                        : times.size() % 2 == 1
                            ? times[times.size() / 2]
                            : (times[times.size() / 2 - 1] + times[times.size() / 2]) / 2;
  std::printf("\noptimum reached on %d of %zu, proven on %d; median time %.3f s, max %.3f s\n",
              reached, times.size(), proven, median, times.empty() ? 0 : times.back());
  return 0;
}
