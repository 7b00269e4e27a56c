// SPDX-License-Identifier: Apache-2.0
#include "coverage/max_cover.hpp"

#include "coverage/messages.hpp"

#include <algorithm>
#include <cstddef>
#include <string>

namespace elink::coverage {
namespace {

using Bits = std::vector<std::uint64_t>;

Cost WeightOf(const CoverProblem& pr, int d) {
  return pr.weight.empty() ? 1 : pr.weight[static_cast<std::size_t>(d)];
}

bool Covers(const CoverProblem& pr, int d, int s) {
  return pr.cost[static_cast<std::size_t>(d) * static_cast<std::size_t>(pr.sites) +
                 static_cast<std::size_t>(s)] <= pr.standard;
}

// Demands within the standard of each site.
std::vector<std::vector<int>> CoverLists(const CoverProblem& pr) {
  std::vector<std::vector<int>> lists(static_cast<std::size_t>(pr.sites));
  for (int d = 0; d < pr.demands; ++d) {
    for (int s = 0; s < pr.sites; ++s) {
      if (Covers(pr, d, s)) lists[static_cast<std::size_t>(s)].push_back(d);
    }
  }
  return lists;
}

// Coverage counts of the demands, kept as sites open and close.
class Counter {
 public:
  Counter(const CoverProblem& pr, const std::vector<std::vector<int>>& lists)
      : pr_(pr), lists_(lists), count_(static_cast<std::size_t>(pr.demands), 0) {}
  void Add(int s) {
    for (int d : lists_[static_cast<std::size_t>(s)]) {
      if (count_[static_cast<std::size_t>(d)]++ == 0) covered_ += WeightOf(pr_, d);
    }
  }
  void Remove(int s) {
    for (int d : lists_[static_cast<std::size_t>(s)]) {
      if (--count_[static_cast<std::size_t>(d)] == 0) covered_ -= WeightOf(pr_, d);
    }
  }
  [[nodiscard]] Cost Gain(int s) const {
    Cost g = 0;
    for (int d : lists_[static_cast<std::size_t>(s)]) {
      if (count_[static_cast<std::size_t>(d)] == 0) g += WeightOf(pr_, d);
    }
    return g;
  }
  [[nodiscard]] Cost covered() const { return covered_; }

 private:
  const CoverProblem& pr_;
  const std::vector<std::vector<int>>& lists_;
  std::vector<int> count_;
  Cost covered_ = 0;
};

// C(n, k), or `cap` + 1 when it is larger than `cap`.
std::int64_t Binomial(int n, int k, std::int64_t cap) {
  k = std::min(k, n - k);
  long double r = 1;
  for (int i = 1; i <= k; ++i) {
    r = r * static_cast<long double>(n - k + i) / static_cast<long double>(i);
    if (r > static_cast<long double>(cap)) return cap + 1;
  }
  return static_cast<std::int64_t>(r + 0.5L);
}

struct Enumerator {
  const CoverProblem& pr;
  std::vector<Bits> bits;  // by site
  std::vector<int> pick;
  std::vector<int> best;
  Cost best_covered = -1;

  Cost Weigh(const Bits& b) const {
    Cost w = 0;
    for (std::size_t k = 0; k < b.size(); ++k) {
      std::uint64_t word = b[k];
      while (word != 0) {
        const int bit = __builtin_ctzll(word);
        word &= word - 1;
        w += WeightOf(pr, static_cast<int>(k * 64) + bit);
      }
    }
    return w;
  }
  void Go(int from, const Bits& acc) {
    if (static_cast<int>(pick.size()) == pr.p) {
      const Cost w = Weigh(acc);
      if (w > best_covered) {
        best_covered = w;
        best = pick;
      }
      return;
    }
    const int left = pr.p - static_cast<int>(pick.size());
    for (int s = from; s <= pr.sites - left; ++s) {
      Bits next = acc;
      for (std::size_t k = 0; k < next.size(); ++k) next[k] |= bits[static_cast<std::size_t>(s)][k];
      pick.push_back(s);
      Go(s + 1, next);
      pick.pop_back();
    }
  }
};

}  // namespace

Status ValidateCover(const CoverProblem& pr, bool check_p) {
  ELINK_RETURN_IF_ERROR(
      ValidateCostMatrix("demands", pr.demands, "sites", pr.sites, pr.cost, pr.weight));
  if (pr.standard < 0 || pr.standard > kMaxCost) {
    return Status::InvalidArgument("standard", msg::kValueFromTo, kMaxCost, pr.standard);
  }
  if (check_p && (pr.p < 1 || pr.p > pr.sites)) {
    return Status::InvalidArgument("p", msg::kCountFromTo, 1, pr.sites, pr.p);
  }
  return Status::Ok();
}

Result<CoverSolution> SolveMaxCover(const CoverProblem& pr, const CoverOptions& options) {
  ELINK_RETURN_IF_ERROR(ValidateCover(pr));
  const std::vector<std::vector<int>> lists = CoverLists(pr);
  CoverSolution out;
  for (int d = 0; d < pr.demands; ++d) out.total += WeightOf(pr, d);

  Counter counter(pr, lists);
  std::vector<char> is_open(static_cast<std::size_t>(pr.sites), 0);
  std::vector<int> open;
  for (int k = 0; k < pr.p; ++k) {
    int arg = -1;
    Cost best = -1;
    for (int s = 0; s < pr.sites; ++s) {
      if (is_open[static_cast<std::size_t>(s)] != 0) continue;
      const Cost g = counter.Gain(s);
      if (g > best) {
        best = g;
        arg = s;
      }
    }
    counter.Add(arg);
    is_open[static_cast<std::size_t>(arg)] = 1;
    open.push_back(arg);
  }
  // Swaps, best improvement, while one covers more.
  for (bool improved = true; improved;) {
    improved = false;
    Cost best = counter.covered();
    int best_out = -1;
    int best_in = -1;
    for (int r : open) {
      counter.Remove(r);
      for (int s = 0; s < pr.sites; ++s) {
        if (is_open[static_cast<std::size_t>(s)] != 0) continue;
        const Cost v = counter.covered() + counter.Gain(s);
        if (v > best) {
          best = v;
          best_out = r;
          best_in = s;
        }
      }
      counter.Add(r);
    }
    if (best_out >= 0) {
      counter.Remove(best_out);
      counter.Add(best_in);
      is_open[static_cast<std::size_t>(best_out)] = 0;
      is_open[static_cast<std::size_t>(best_in)] = 1;
      std::replace(open.begin(), open.end(), best_out, best_in);
      improved = true;
    }
  }
  out.covered = counter.covered();
  out.open = open;

  if (out.covered == out.total) {
    out.proven_optimal = true;
  } else if (Binomial(pr.sites, pr.p, options.max_exact_sets) <= options.max_exact_sets) {
    Enumerator en{pr, {}, {}, {}, -1};
    const std::size_t words = (static_cast<std::size_t>(pr.demands) + 63) / 64;
    en.bits.assign(static_cast<std::size_t>(pr.sites), Bits(words, 0));
    for (int s = 0; s < pr.sites; ++s) {
      for (int d : lists[static_cast<std::size_t>(s)]) {
        en.bits[static_cast<std::size_t>(s)][static_cast<std::size_t>(d) / 64] |=
            std::uint64_t{1} << (static_cast<unsigned>(d) % 64);
      }
    }
    en.Go(0, Bits(words, 0));
    if (en.best_covered > out.covered) {
      out.covered = en.best_covered;
      out.open = en.best;
    }
    out.proven_optimal = true;
  }
  std::sort(out.open.begin(), out.open.end());
  return out;
}

Result<Cost> CoveredWeight(const CoverProblem& pr, const std::vector<int>& open) {
  ELINK_RETURN_IF_ERROR(ValidateCover(pr, false));
  for (std::size_t k = 0; k < open.size(); ++k) {
    if (open[k] < 0 || open[k] >= pr.sites) {
      return Status::InvalidArgument("open[" + std::to_string(k) + "]", msg::kIndexOutOfRange,
                                     open[k], pr.sites);
    }
  }
  Cost covered = 0;
  for (int d = 0; d < pr.demands; ++d) {
    for (int s : open) {
      if (Covers(pr, d, s)) {
        covered += WeightOf(pr, d);
        break;
      }
    }
  }
  return covered;
}

Result<double> CoverageShare(const CoverProblem& pr, const std::vector<int>& open) {
  ELINK_ASSIGN_OR_RETURN(const Cost covered, CoveredWeight(pr, open));
  Cost total = 0;
  for (int d = 0; d < pr.demands; ++d) total += WeightOf(pr, d);
  if (total == 0) return 1.0;
  return static_cast<double>(covered) / static_cast<double>(total);
}

Result<std::vector<MoveUp>> ProposeMoveUps(const CoverProblem& pr,
                                           const std::vector<int>& positions,
                                           const std::vector<int>& stations, int k) {
  ELINK_RETURN_IF_ERROR(ValidateCover(pr, false));
  for (std::size_t u = 0; u < positions.size(); ++u) {
    if (positions[u] < 0 || positions[u] >= pr.sites) {
      return Status::InvalidArgument("positions[" + std::to_string(u) + "]", msg::kIndexOutOfRange,
                                     positions[u], pr.sites);
    }
  }
  for (std::size_t s = 0; s < stations.size(); ++s) {
    if (stations[s] < 0 || stations[s] >= pr.sites) {
      return Status::InvalidArgument("stations[" + std::to_string(s) + "]", msg::kIndexOutOfRange,
                                     stations[s], pr.sites);
    }
  }
  if (k < 0) return Status::InvalidArgument("k", msg::kCountFromTo, 0, 1'000'000, k);

  const std::vector<std::vector<int>> lists = CoverLists(pr);
  Counter counter(pr, lists);
  std::vector<int> where = positions;
  for (int s : where) counter.Add(s);
  std::vector<char> moved(positions.size(), 0);
  std::vector<MoveUp> moves;
  while (static_cast<int>(moves.size()) < k) {
    const Cost before = counter.covered();
    Cost best = before;
    int best_unit = -1;
    int best_station = -1;
    for (std::size_t u = 0; u < where.size(); ++u) {
      if (moved[u] != 0) continue;
      counter.Remove(where[u]);
      for (int s : stations) {
        if (s == where[u]) continue;
        const Cost v = counter.covered() + counter.Gain(s);
        if (v > best) {
          best = v;
          best_unit = static_cast<int>(u);
          best_station = s;
        }
      }
      counter.Add(where[u]);
    }
    if (best_unit < 0) break;
    const auto bu = static_cast<std::size_t>(best_unit);
    counter.Remove(where[bu]);
    counter.Add(best_station);
    moves.push_back({best_unit, where[bu], best_station, before, counter.covered()});
    where[bu] = best_station;
    moved[bu] = 1;
  }
  return moves;
}

}  // namespace elink::coverage
