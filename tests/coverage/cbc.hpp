#pragma once
// Runs CBC (Debian's coinor-cbc, `cbc`) on an LP text as a subprocess: the exact referee of the
// coverage solvers in tests/coverage and bench/coverage_bench.cpp.

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace elink::coverage::testing {

struct CbcRun {
  bool ran = false;      // cbc ran and wrote a solution
  bool optimal = false;  // it proved optimality within the time limit
  double objective = 0;  // of the best solution it found
  double seconds = 0;    // wall time of the subprocess, writing excluded
  std::string status;    // the first words of its solution file ("Optimal", "Stopped on time")
};

inline bool CbcPresent() { return std::system("cbc -quit >/dev/null 2>&1") == 0; }

// Writes `lp` to `dir`/`stem`.lp and solves it with a time limit of `seconds_limit`.
inline CbcRun RunCbc(const std::string& lp, const std::filesystem::path& dir,
                     const std::string& stem, int seconds_limit) {
  CbcRun run;
  std::filesystem::create_directories(dir);
  const std::filesystem::path model = dir / (stem + ".lp");
  const std::filesystem::path sol = dir / (stem + ".sol");
  std::filesystem::remove(sol);
  {
    std::ofstream f(model);
    f << lp;
  }
  // CBC checks its limit only between phases (the root LP of a large model runs past it), so
  // the subprocess is killed a quarter of the limit later.
  const std::string cmd =
      "timeout -s KILL " + std::to_string(seconds_limit + seconds_limit / 4 + 5) + " cbc '" +
      model.string() + "' sec " + std::to_string(seconds_limit) + " threads 1 solve solu '" +
      sol.string() + "' > '" + (dir / (stem + ".log")).string() + "' 2>&1";
  const auto t0 = std::chrono::steady_clock::now();
  const int rc = std::system(cmd.c_str());
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::ifstream in(sol);
  std::string first;
  if (rc != 0 || !std::getline(in, first)) return run;
  const std::size_t at = first.find("objective value");
  if (at == std::string::npos) return run;
  run.ran = true;
  run.status = first.substr(0, first.find(" - "));
  run.optimal = first.rfind("Optimal", 0) == 0;
  std::istringstream(first.substr(at + 15)) >> run.objective;
  return run;
}

}  // namespace elink::coverage::testing
