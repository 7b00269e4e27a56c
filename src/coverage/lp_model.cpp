// SPDX-License-Identifier: Apache-2.0
#include "coverage/lp_model.hpp"

#include "util/check.hpp"

#include <cstddef>
#include <string>

namespace elink::coverage {
namespace {

// Appends terms, breaking the line now and then: LP readers limit a line's length.
class Terms {
 public:
  explicit Terms(std::string& out) : out_(out) {}
  void Add(Cost coef, const std::string& var) {
    if (count_ > 0) out_ += " + ";
    if (coef != 1) out_ += std::to_string(coef) + " ";
    out_ += var;
    if (++count_ % 8 == 0) out_ += "\n  ";
  }
  [[nodiscard]] int count() const { return count_; }

 private:
  std::string& out_;
  int count_ = 0;
};

std::string X(int i, int j) { return "x" + std::to_string(i) + "_" + std::to_string(j); }
std::string Y(int j) { return "y" + std::to_string(j); }

}  // namespace

std::string PMedianLp(const PMedianProblem& pr) {
  ELINK_CHECK(ValidatePMedian(pr).ok()) << "PMedianLp of an invalid problem";
  const auto at = [&pr](int i, int j) {
    const Cost w = pr.weight.empty() ? 1 : pr.weight[static_cast<std::size_t>(i)];
    return w * pr.cost[static_cast<std::size_t>(i) * static_cast<std::size_t>(pr.candidates) +
                       static_cast<std::size_t>(j)];
  };
  std::string out = "\\ p-median, " + std::to_string(pr.clients) + " clients, " +
                    std::to_string(pr.candidates) + " sites, p = " + std::to_string(pr.p) +
                    "\nMinimize\n obj: ";
  {
    Terms t(out);
    for (int i = 0; i < pr.clients; ++i) {
      for (int j = 0; j < pr.candidates; ++j) {
        // A zero coefficient still names the variable, so that every x appears in the objective.
        t.Add(at(i, j), X(i, j));
      }
    }
  }
  out += "\nSubject To\n";
  for (int i = 0; i < pr.clients; ++i) {
    out += " a" + std::to_string(i) + ": ";
    Terms t(out);
    for (int j = 0; j < pr.candidates; ++j) t.Add(1, X(i, j));
    out += " = 1\n";
  }
  for (int i = 0; i < pr.clients; ++i) {
    for (int j = 0; j < pr.candidates; ++j) {
      out += " l" + std::to_string(i) + "_" + std::to_string(j) + ": " + X(i, j) + " - " + Y(j) +
             " <= 0\n";
    }
  }
  out += " p: ";
  {
    Terms t(out);
    for (int j = 0; j < pr.candidates; ++j) t.Add(1, Y(j));
  }
  out += " = " + std::to_string(pr.p) + "\nBinary\n";
  for (int j = 0; j < pr.candidates; ++j) out += " " + Y(j) + "\n";
  out += "End\n";
  return out;
}

std::string MaxCoverLp(const CoverProblem& pr) {
  ELINK_CHECK(ValidateCover(pr).ok()) << "MaxCoverLp of an invalid problem";
  std::string out = "\\ maximal covering, " + std::to_string(pr.demands) + " demands, " +
                    std::to_string(pr.sites) + " sites, p = " + std::to_string(pr.p) +
                    ", standard " + std::to_string(pr.standard) + "\nMaximize\n obj: ";
  {
    Terms t(out);
    for (int d = 0; d < pr.demands; ++d) {
      t.Add(pr.weight.empty() ? 1 : pr.weight[static_cast<std::size_t>(d)],
            "z" + std::to_string(d));
    }
  }
  out += "\nSubject To\n";
  for (int d = 0; d < pr.demands; ++d) {
    out += " c" + std::to_string(d) + ": z" + std::to_string(d);
    for (int s = 0; s < pr.sites; ++s) {
      if (pr.cost[static_cast<std::size_t>(d) * static_cast<std::size_t>(pr.sites) +
                  static_cast<std::size_t>(s)] <= pr.standard) {
        out += " - " + Y(s);
      }
    }
    out += " <= 0\n";
  }
  out += " p: ";
  {
    Terms t(out);
    for (int j = 0; j < pr.sites; ++j) t.Add(1, Y(j));
  }
  out += " = " + std::to_string(pr.p) + "\nBounds\n";
  for (int d = 0; d < pr.demands; ++d) out += " 0 <= z" + std::to_string(d) + " <= 1\n";
  out += "Binary\n";
  for (int j = 0; j < pr.sites; ++j) out += " " + Y(j) + "\n";
  out += "End\n";
  return out;
}

}  // namespace elink::coverage
