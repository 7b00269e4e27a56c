#pragma once
// Random problems and brute-force oracles for the coverage tests.

#include "coverage/max_cover.hpp"
#include "coverage/pmedian.hpp"

#include <cstdint>
#include <random>
#include <vector>

namespace elink::coverage::testing {

inline PMedianProblem RandomPMedian(std::uint32_t seed, int clients, int candidates, int p,
                                    bool weighted) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> xy(0, 1000);
  std::vector<std::pair<int, int>> c(static_cast<std::size_t>(clients));
  std::vector<std::pair<int, int>> s(static_cast<std::size_t>(candidates));
  for (auto& v : c) v = {xy(rng), xy(rng)};
  for (auto& v : s) v = {xy(rng), xy(rng)};
  PMedianProblem pr;
  pr.clients = clients;
  pr.candidates = candidates;
  pr.p = p;
  for (const auto& a : c) {
    for (const auto& b : s)
      pr.cost.push_back(std::abs(a.first - b.first) + std::abs(a.second - b.second));
  }
  if (weighted) {
    std::uniform_int_distribution<int> w(0, 9);
    for (int i = 0; i < clients; ++i) pr.weight.push_back(w(rng));
  }
  return pr;
}

// Calls f(set) for every set of k indexes below n.
template <typename F>
void ForEachSubset(int n, int k, F&& f) {
  std::vector<int> idx(static_cast<std::size_t>(k));
  for (int i = 0; i < k; ++i) idx[static_cast<std::size_t>(i)] = i;
  for (;;) {
    f(idx);
    int i = k - 1;
    while (i >= 0 && idx[static_cast<std::size_t>(i)] == n - k + i) --i;
    if (i < 0) return;
    ++idx[static_cast<std::size_t>(i)];
    for (int j = i + 1; j < k; ++j)
      idx[static_cast<std::size_t>(j)] = idx[static_cast<std::size_t>(j - 1)] + 1;
  }
}

inline Cost BrutePMedian(const PMedianProblem& pr) {
  Cost best = -1;
  ForEachSubset(pr.candidates, pr.p, [&](const std::vector<int>& set) {
    Cost total = 0;
    for (int i = 0; i < pr.clients; ++i) {
      Cost b = -1;
      for (int j : set) {
        const Cost v = pr.cost[static_cast<std::size_t>(i * pr.candidates + j)];
        if (b < 0 || v < b) b = v;
      }
      total += pr.weight.empty() ? b : b * pr.weight[static_cast<std::size_t>(i)];
    }
    if (best < 0 || total < best) best = total;
  });
  return best;
}

inline CoverProblem RandomCover(std::uint32_t seed, int demands, int sites, int p, Cost standard) {
  const PMedianProblem base = RandomPMedian(seed, demands, sites, p, true);
  CoverProblem pr;
  pr.demands = demands;
  pr.sites = sites;
  pr.p = p;
  pr.cost = base.cost;
  pr.weight = base.weight;
  pr.standard = standard;
  return pr;
}

// The weight within the standard of `set`, by definition.
inline Cost CoveredBy(const CoverProblem& pr, const std::vector<int>& set) {
  Cost w = 0;
  for (int d = 0; d < pr.demands; ++d) {
    bool in = false;
    for (int s : set) in = in || pr.cost[static_cast<std::size_t>(d * pr.sites + s)] <= pr.standard;
    if (in) w += pr.weight.empty() ? 1 : pr.weight[static_cast<std::size_t>(d)];
  }
  return w;
}

inline Cost BruteMaxCover(const CoverProblem& pr) {
  Cost best = 0;
  ForEachSubset(pr.sites, pr.p,
                [&](const std::vector<int>& set) { best = std::max(best, CoveredBy(pr, set)); });
  return best;
}

}  // namespace elink::coverage::testing
