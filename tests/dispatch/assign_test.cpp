// SPDX-License-Identifier: Apache-2.0
// Assignment across incidents against two independent oracles: exhaustive search over every
// injective assignment on small problems, and a plain Hungarian method on medium ones. Hand cases
// for competition, ineligible units, empty sides, ties, the unfilled price; bad input.
#include "dispatch/assign.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace elink::dispatch {
namespace {

AssignmentProblem Make(std::size_t unit_count, std::vector<AssignmentSlot> slots,
                       std::vector<std::int64_t> times, std::int64_t unfilled_cost = 0) {
  AssignmentProblem p;
  p.unit_count = unit_count;
  p.slots = std::move(slots);
  p.times = std::move(times);
  p.unfilled_cost = unfilled_cost;
  return p;
}

std::int64_t Time(const AssignmentProblem& p, std::size_t s, std::size_t u) {
  return p.times[s * p.unit_count + u];
}

// The documented default, computed here independently of the implementation.
std::int64_t UnfilledCost(const AssignmentProblem& p) {
  if (p.unfilled_cost != 0) return p.unfilled_cost;
  std::int64_t max_time = 0;
  for (const std::int64_t t : p.times) max_time = std::max(max_time, t);
  return max_time + 1;
}

// Checks that `a` is a valid assignment for `p` (sizes, eligibility, no unit twice, unfilled
// count, total_cost) and returns its cost recomputed from the problem.
std::int64_t CheckedCost(const AssignmentProblem& p, const Assignment& a) {
  EXPECT_EQ(a.unit_of_slot.size(), p.slots.size());
  std::vector<bool> used(p.unit_count, false);
  std::int64_t cost = 0;
  std::size_t unfilled = 0;
  for (std::size_t s = 0; s < a.unit_of_slot.size() && s < p.slots.size(); ++s) {
    const std::int64_t u = a.unit_of_slot[s];
    const std::int64_t w = p.slots[s].weight;
    if (u == -1) {
      ++unfilled;
      cost += w * UnfilledCost(p);
      continue;
    }
    EXPECT_GE(u, 0) << "slot " << s;
    EXPECT_LT(static_cast<std::size_t>(u), p.unit_count) << "slot " << s;
    if (u < 0 || static_cast<std::size_t>(u) >= p.unit_count) continue;
    const auto uu = static_cast<std::size_t>(u);
    EXPECT_FALSE(used[uu]) << "unit " << u << " used twice";
    used[uu] = true;
    const std::int64_t t = Time(p, s, uu);
    EXPECT_NE(t, kNotEligible) << "unit " << u << " not eligible for slot " << s;
    cost += w * t;
  }
  EXPECT_EQ(a.unfilled, unfilled);
  EXPECT_EQ(a.total_cost, cost);
  return cost;
}

// Every injective assignment, each slot either unfilled or given an unused eligible unit.
class ExhaustiveSearch {
 public:
  explicit ExhaustiveSearch(const AssignmentProblem& p)
      : p_(p), unfilled_(UnfilledCost(p)), used_(p.unit_count, false) {}

  std::int64_t Best() {
    best_ = std::numeric_limits<std::int64_t>::max();
    Search(0, 0);
    return best_;
  }

 private:
  void Search(std::size_t s, std::int64_t cost) {
    if (s == p_.slots.size()) {
      best_ = std::min(best_, cost);
      return;
    }
    const std::int64_t w = p_.slots[s].weight;
    Search(s + 1, cost + w * unfilled_);
    for (std::size_t u = 0; u < p_.unit_count; ++u) {
      const std::int64_t t = Time(p_, s, u);
      if (used_[u] || t == kNotEligible) continue;
      used_[u] = true;
      Search(s + 1, cost + w * t);
      used_[u] = false;
    }
  }

  const AssignmentProblem& p_;
  std::int64_t unfilled_;
  std::vector<bool> used_;
  std::int64_t best_ = 0;
};

// Minimum cost by the Hungarian method (potentials, O(n² m)) on a rows = slots, columns = units
// + one "unfilled" column per slot matrix; forbidden cells cost more than any whole assignment.
std::int64_t HungarianCost(const AssignmentProblem& p) {
  const std::size_t n = p.slots.size();
  const std::size_t m = p.unit_count + n;
  constexpr std::int64_t kForbidden = 1'000'000'000'000;
  constexpr std::int64_t kInf = std::numeric_limits<std::int64_t>::max() / 4;
  const std::int64_t unfilled = UnfilledCost(p);
  auto cell = [&](std::size_t i, std::size_t j) -> std::int64_t {  // 1-based
    const std::size_t s = i - 1;
    const std::int64_t w = p.slots[s].weight;
    if (j <= p.unit_count) {
      const std::int64_t t = Time(p, s, j - 1);
      return t == kNotEligible ? kForbidden : w * t;
    }
    return j - p.unit_count - 1 == s ? w * unfilled : kForbidden;
  };
  std::vector<std::int64_t> row_pot(n + 1, 0);
  std::vector<std::int64_t> col_pot(m + 1, 0);
  std::vector<std::size_t> row_of_col(m + 1, 0);
  std::vector<std::size_t> way(m + 1, 0);
  for (std::size_t i = 1; i <= n; ++i) {
    row_of_col[0] = i;
    std::size_t j0 = 0;
    std::vector<std::int64_t> min_v(m + 1, kInf);
    std::vector<bool> done(m + 1, false);
    do {
      done[j0] = true;
      const std::size_t i0 = row_of_col[j0];
      std::int64_t delta = kInf;
      std::size_t j1 = 0;
      for (std::size_t j = 1; j <= m; ++j) {
        if (done[j]) continue;
        const std::int64_t cur = cell(i0, j) - row_pot[i0] - col_pot[j];
        if (cur < min_v[j]) {
          min_v[j] = cur;
          way[j] = j0;
        }
        if (min_v[j] < delta) {
          delta = min_v[j];
          j1 = j;
        }
      }
      for (std::size_t j = 0; j <= m; ++j) {
        if (done[j]) {
          row_pot[row_of_col[j]] += delta;
          col_pot[j] -= delta;
        } else {
          min_v[j] -= delta;
        }
      }
      j0 = j1;
    } while (row_of_col[j0] != 0);
    do {
      const std::size_t j1 = way[j0];
      row_of_col[j0] = row_of_col[j1];
      j0 = j1;
    } while (j0 != 0);
  }
  std::int64_t cost = 0;
  for (std::size_t j = 1; j <= m; ++j) {
    if (row_of_col[j] != 0) cost += cell(row_of_col[j], j);
  }
  return cost;
}

AssignmentProblem RandomProblem(std::mt19937& rng, std::size_t max_units, std::size_t max_slots,
                                std::uint32_t max_incidents, std::int64_t max_time = 1'000) {
  std::uniform_int_distribution<std::size_t> unit_count(1, max_units);
  std::uniform_int_distribution<std::size_t> slot_count(1, max_slots);
  std::uniform_int_distribution<std::uint32_t> incident(0, max_incidents - 1);
  std::uniform_int_distribution<int> level(0, 3);
  std::uniform_int_distribution<int> percent(0, 99);
  std::uniform_int_distribution<std::int64_t> time(0, max_time);
  AssignmentProblem p;
  p.unit_count = unit_count(rng);
  // Slots of one incident share its weight, as they do in the real use.
  std::vector<std::uint32_t> weight_of_incident(max_incidents);
  for (auto& w : weight_of_incident) w = 1U << level(rng);
  p.slots.resize(slot_count(rng));
  for (auto& slot : p.slots) {
    slot.incident = incident(rng);
    slot.weight = weight_of_incident[slot.incident];
  }
  p.times.resize(p.slots.size() * p.unit_count);
  for (auto& t : p.times) t = percent(rng) < 30 ? kNotEligible : time(rng);
  // A third of the problems name an unfilled cost instead of taking the default.
  if (percent(rng) < 33) p.unfilled_cost = UnfilledCost(p) + time(rng);
  return p;
}

TEST(AssignHand, HigherWeightIncidentGetsTheNearbyUnit) {
  // Slot 0: incident 0, level I (8); slot 1: incident 1, level IV (1). Unit 0 is close to both,
  // even a little closer to incident 1; unit 1 is far from both.
  const AssignmentProblem p = Make(2, {{0, 8}, {1, 1}}, {60, 600, 50, 600});
  const Result<Assignment> a = SolveAssignment(p);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->unit_of_slot, (std::vector<std::int64_t>{0, 1}));
  EXPECT_EQ(a->total_cost, 8 * 60 + 1 * 600);
  EXPECT_EQ(a->unfilled, 0U);
  CheckedCost(p, *a);
}

TEST(AssignHand, UnitEligibleForNothingIsNeverUsed) {
  constexpr std::int64_t kNo = kNotEligible;
  // Unit 0 is the nearest in no sense: it cannot fill any slot. Unit 2 can fill only slot 1.
  const AssignmentProblem p = Make(3, {{0, 2}, {0, 2}}, {kNo, 30, kNo, kNo, 40, 10});
  const Result<Assignment> a = SolveAssignment(p);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->unit_of_slot, (std::vector<std::int64_t>{1, 2}));
  EXPECT_EQ(a->total_cost, 2 * 30 + 2 * 10);
  CheckedCost(p, *a);

  // Alone, it leaves the slot unfilled at the default price: 1 + the largest time, here 0 + 1.
  const AssignmentProblem alone = Make(1, {{0, 4}}, {kNo});
  const Result<Assignment> b = SolveAssignment(alone);
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_EQ(b->unit_of_slot, (std::vector<std::int64_t>{-1}));
  EXPECT_EQ(b->total_cost, 4);
  EXPECT_EQ(b->unfilled, 1U);
}

TEST(AssignHand, AllSlotsUnfillable) {
  const AssignmentProblem p =
      Make(3, {{0, 4}, {1, 2}}, std::vector<std::int64_t>(6, kNotEligible), 1'000);
  const Result<Assignment> a = SolveAssignment(p);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->unit_of_slot, (std::vector<std::int64_t>{-1, -1}));
  EXPECT_EQ(a->total_cost, 4 * 1'000 + 2 * 1'000);
  EXPECT_EQ(a->unfilled, 2U);
}

TEST(AssignHand, ZeroUnits) {
  const AssignmentProblem p = Make(0, {{0, 8}, {0, 8}, {1, 1}}, {}, 500);
  const Result<Assignment> a = SolveAssignment(p);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->unit_of_slot, (std::vector<std::int64_t>{-1, -1, -1}));
  EXPECT_EQ(a->total_cost, 17 * 500);
  EXPECT_EQ(a->unfilled, 3U);
}

TEST(AssignHand, ZeroSlots) {
  const Result<Assignment> a = SolveAssignment(Make(5, {}, {}));
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_TRUE(a->unit_of_slot.empty());
  EXPECT_EQ(a->total_cost, 0);
  EXPECT_EQ(a->unfilled, 0U);

  const Result<Assignment> none = SolveAssignment(AssignmentProblem{});
  ASSERT_TRUE(none.ok()) << none.status().ToString();
  EXPECT_TRUE(none->unit_of_slot.empty());
}

TEST(AssignHand, TiesAreBrokenTheSameWayEveryTime) {
  // Four identical units for three identical slots: many optima, always the same one chosen.
  const AssignmentProblem p = Make(4, {{0, 2}, {0, 2}, {1, 2}}, std::vector<std::int64_t>(12, 100));
  const Result<Assignment> first = SolveAssignment(p);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->total_cost, 3 * 2 * 100);
  CheckedCost(p, *first);
  for (int i = 0; i < 20; ++i) {
    const AssignmentProblem copy = p;
    const Result<Assignment> again = SolveAssignment(copy);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->unit_of_slot, first->unit_of_slot);
    EXPECT_EQ(again->total_cost, first->total_cost);
  }
}

TEST(AssignHand, UnfilledCostIsAPriceNotAPriority) {
  // Slot 0 weight 8, slot 1 weight 1. Unit 0 reaches both at once; unit 1 reaches only slot 0,
  // slowly. At the default price (1,001) filling slot 1 would cost slot 0 8 × 1,000, so slot 1 is
  // left unfilled; above the sum of weight × largest time (9,000) both are filled.
  const AssignmentProblem by_default = Make(2, {{0, 8}, {1, 1}}, {0, 1'000, 0, kNotEligible});
  const Result<Assignment> a = SolveAssignment(by_default);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->unit_of_slot, (std::vector<std::int64_t>{0, -1}));
  EXPECT_EQ(a->total_cost, 1'001);

  AssignmentProblem fill_first = by_default;
  fill_first.unfilled_cost = 9'001;
  const Result<Assignment> b = SolveAssignment(fill_first);
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_EQ(b->unit_of_slot, (std::vector<std::int64_t>{1, 0}));
  EXPECT_EQ(b->total_cost, 8'000);
}

TEST(AssignOracle, SmallProblemsMatchExhaustiveSearch) {
  std::mt19937 rng(20240604);
  for (int i = 0; i < 1'000; ++i) {
    const AssignmentProblem p = RandomProblem(rng, 6, 4, 3);
    const Result<Assignment> a = SolveAssignment(p);
    ASSERT_TRUE(a.ok()) << "problem " << i << ": " << a.status().ToString();
    const std::int64_t cost = CheckedCost(p, *a);
    ASSERT_EQ(cost, ExhaustiveSearch(p).Best())
        << "problem " << i << ": " << p.unit_count << " units, " << p.slots.size() << " slots";
  }
}

TEST(AssignOracle, SmallProblemsFullOfTiesMatchExhaustiveSearch) {
  // Times 0-3 and more units than slots: many equally fast units compete for few slots, which
  // is where dropping the slower candidates of a slot has to break ties consistently.
  std::mt19937 rng(31337);
  for (int i = 0; i < 500; ++i) {
    const AssignmentProblem p = RandomProblem(rng, 7, 3, 2, 3);
    const Result<Assignment> a = SolveAssignment(p);
    ASSERT_TRUE(a.ok()) << "problem " << i << ": " << a.status().ToString();
    const std::int64_t cost = CheckedCost(p, *a);
    ASSERT_EQ(cost, ExhaustiveSearch(p).Best())
        << "problem " << i << ": " << p.unit_count << " units, " << p.slots.size() << " slots";
  }
}

// One incident's plan lines with disjoint unit pools (engines, ladders, ambulances): each line's
// slots share one row of times, so the solver takes its shortcut (no flow); sometimes a unit is
// made eligible for a second line, which must send it back to the flow. Both against the oracle.
AssignmentProblem OneIncidentProblem(std::mt19937& rng, std::size_t units, std::size_t lines,
                                     bool overlap) {
  AssignmentProblem p;
  p.unit_count = units;
  std::uniform_int_distribution<std::int64_t> time(0, 40);
  std::uniform_int_distribution<std::size_t> pool(0, lines - 1);
  std::uniform_int_distribution<int> slots_per_line(1, 3);
  std::vector<std::size_t> line_of_unit(units);
  for (std::size_t& l : line_of_unit) l = pool(rng);
  std::vector<std::int64_t> unit_time(units);
  for (std::int64_t& t : unit_time) t = rng() % 5 == 0 ? kNotEligible : time(rng);
  const std::uint32_t weight = 1U << (rng() % 4);
  for (std::size_t l = 0; l < lines; ++l) {
    std::vector<std::int64_t> row(units, kNotEligible);
    for (std::size_t u = 0; u < units; ++u) {
      if (line_of_unit[u] == l || (overlap && u == 0)) row[u] = unit_time[u];
    }
    for (int k = slots_per_line(rng); k > 0; --k) {
      p.slots.push_back({0, weight});
      p.times.insert(p.times.end(), row.begin(), row.end());
    }
  }
  return p;
}

TEST(AssignOracle, OneIncidentLinesMatchExhaustiveSearch) {
  std::mt19937 rng(4242);
  for (int i = 0; i < 1'000; ++i) {
    const AssignmentProblem p = OneIncidentProblem(rng, 7, 3, i % 3 == 0);
    const Result<Assignment> a = SolveAssignment(p);
    ASSERT_TRUE(a.ok()) << "problem " << i << ": " << a.status().ToString();
    ASSERT_EQ(CheckedCost(p, *a), ExhaustiveSearch(p).Best()) << "problem " << i;
  }
}

TEST(AssignOracle, MediumProblemsMatchHungarianMethod) {
  std::mt19937 rng(77);
  for (int i = 0; i < 60; ++i) {
    const AssignmentProblem p = RandomProblem(rng, 60, 40, 10);
    const Result<Assignment> a = SolveAssignment(p);
    ASSERT_TRUE(a.ok()) << "problem " << i << ": " << a.status().ToString();
    const std::int64_t cost = CheckedCost(p, *a);
    ASSERT_EQ(cost, HungarianCost(p))
        << "problem " << i << ": " << p.unit_count << " units, " << p.slots.size() << " slots";
  }
}

TEST(AssignOracle, SameAnswerFromConcurrentCalls) {
  std::mt19937 rng(5);
  const AssignmentProblem p = RandomProblem(rng, 200, 60, 12);
  const Result<Assignment> reference = SolveAssignment(p);
  ASSERT_TRUE(reference.ok()) << reference.status().ToString();
  std::vector<std::vector<std::int64_t>> seen(2);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < seen.size(); ++t) {
    threads.emplace_back([&p, &seen, t] {
      for (int i = 0; i < 10; ++i) {
        const Result<Assignment> a = SolveAssignment(p);
        if (!a.ok() || (!seen[t].empty() && seen[t] != a->unit_of_slot)) {
          seen[t] = {-2};  // reported below; gtest assertions stay on the main thread
          return;
        }
        seen[t] = a->unit_of_slot;
      }
    });
  }
  for (auto& th : threads) th.join();
  for (const auto& s : seen) EXPECT_EQ(s, reference->unit_of_slot);
}

void ExpectInvalid(const AssignmentProblem& p, const std::string& field) {
  const Result<Assignment> a = SolveAssignment(p);
  ASSERT_FALSE(a.ok()) << "expected an error on " << field;
  EXPECT_EQ(a.status().code(), StatusCode::kInvalidArgument) << a.status().ToString();
  EXPECT_EQ(a.status().field(), field) << a.status().ToString();
}

TEST(AssignBadInput, TimesOfTheWrongSize) {
  ExpectInvalid(Make(3, {{0, 1}, {0, 1}}, {1, 2, 3, 4, 5}), "times");
  ExpectInvalid(Make(3, {{0, 1}}, {1, 2, 3, 4}), "times");
  ExpectInvalid(Make(0, {{0, 1}}, {1}), "times");
  ExpectInvalid(Make(2, {}, {1, 2}), "times");
}

TEST(AssignBadInput, NegativeTime) {
  ExpectInvalid(Make(2, {{0, 1}, {0, 1}}, {1, -5, 3, 4}), "times[1]");
  ExpectInvalid(Make(1, {{0, 1}}, {std::numeric_limits<std::int64_t>::min()}), "times[0]");
}

TEST(AssignBadInput, ZeroWeight) {
  ExpectInvalid(Make(1, {{0, 1}, {1, 0}}, {1, 2}), "slots[1].weight");
}

TEST(AssignBadInput, HugeCounts) {
  ExpectInvalid(Make(std::numeric_limits<std::size_t>::max(), {{0, 1}}, {}), "unit_count");
  ExpectInvalid(Make(kMaxAssignmentUnits + 1, {}, {}), "unit_count");
  ExpectInvalid(Make(0, std::vector<AssignmentSlot>(kMaxAssignmentSlots + 1), {}), "slots");
  // At the limits with nothing eligible is fine.
  const Result<Assignment> a = SolveAssignment(Make(kMaxAssignmentUnits, {}, {}));
  EXPECT_TRUE(a.ok()) << a.status().ToString();
}

TEST(AssignBadInput, TooManyEligiblePairs) {
  const std::size_t units = kMaxAssignmentUnits;
  const std::size_t slots = kMaxEligiblePairs / units + 1;
  ExpectInvalid(
      Make(units, std::vector<AssignmentSlot>(slots), std::vector<std::int64_t>(slots * units, 0)),
      "times");
}

TEST(AssignBadInput, WeightTimesTimeOverflow) {
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  // 8 × (max / 4) wraps int64.
  ExpectInvalid(Make(2, {{0, 8}}, {10, kMax / 4}), "times[1]");
  ExpectInvalid(Make(1, {{0, 1}}, {kMax}), "times[0]");
  // Fits in int64 (about 4.3e18) but is over the documented bound.
  ExpectInvalid(Make(1, {{0, std::numeric_limits<std::uint32_t>::max()}}, {1'000'000'000}),
                "times[0]");
  // At the bound exactly is accepted; the default unfilled cost (bound + 1) is then too much.
  ExpectInvalid(Make(1, {{0, 4}}, {kMaxWeightedCost / 4}), "slots[0].weight");
  // An explicit unfilled cost must still exceed the time.
  ExpectInvalid(Make(1, {{0, 4}}, {kMaxWeightedCost / 4}, kMaxWeightedCost / 4), "unfilled_cost");
  const Result<Assignment> fits = SolveAssignment(Make(1, {{0, 4}}, {kMaxWeightedCost / 4 - 1}));
  ASSERT_TRUE(fits.ok()) << fits.status().ToString();
  EXPECT_EQ(fits->total_cost, kMaxWeightedCost - 4);
}

TEST(AssignBadInput, UnfilledCost) {
  ExpectInvalid(Make(1, {{0, 1}}, {10}, -1), "unfilled_cost");
  ExpectInvalid(Make(1, {{0, 1}}, {10}, 10), "unfilled_cost");
  ExpectInvalid(Make(1, {{0, 2}}, {10}, kMaxWeightedCost), "unfilled_cost");
}

}  // namespace
}  // namespace elink::dispatch
