// SPDX-License-Identifier: Apache-2.0
#include "sim/internal/travel_common.hpp"
#include "sim/travel_check.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

namespace elink::sim {

using internal::kClasses;
using internal::Median;

namespace {

// Mean and median errors of predictions `pred` against `real`.
double MedianAbsError(std::span<const double> pred, std::span<const double> real,
                      std::vector<double>& scratch) {
  scratch.resize(pred.size());
  for (std::size_t i = 0; i < pred.size(); ++i) scratch[i] = std::abs(pred[i] - real[i]);
  return Median(scratch);
}

// The fit works on a matrix of class seconds (pairs × classes) and the real times.
struct FitData {
  std::vector<std::array<double, kClasses>> class_s;
  std::vector<double> real;
};

FitData MakeFitData(std::span<const TravelPair> pairs, const std::vector<std::size_t>& rows) {
  FitData d;
  for (const std::size_t i : rows) {
    d.class_s.push_back(pairs[i].class_s);
    d.real.push_back(pairs[i].real_s);
  }
  return d;
}

std::vector<double> Predict(const FitData& d, const std::array<double, kClasses>& factor) {
  std::vector<double> p(d.real.size(), 0.0);
  for (std::size_t i = 0; i < p.size(); ++i) {
    for (std::size_t c = 0; c < kClasses; ++c) p[i] += factor[c] * d.class_s[i][c];
  }
  return p;
}

constexpr double kFactorMin = 0.3;
constexpr double kFactorMax = 4.0;

// argmin over s of median |base + s·x − real|: a grid of 0.01, then of 0.001 around the best.
// The median is flat over ranges of s; ties go to the lower mean |error|, then to the candidate
// nearest `current`.
double SearchFactor(std::span<const double> base, std::span<const double> x,
                    std::span<const double> real, double current, std::vector<double>& scratch) {
  std::vector<double> pred(base.size());
  struct Cost {
    double median;
    double mean;
  };
  const auto cost = [&](double s) {
    double sum = 0;
    for (std::size_t i = 0; i < pred.size(); ++i) {
      pred[i] = base[i] + s * x[i];
      sum += std::abs(pred[i] - real[i]);
    }
    const double n = std::max<double>(1, static_cast<double>(pred.size()));
    return Cost{MedianAbsError(pred, real, scratch), sum / n};
  };
  constexpr double kTie = 1e-9;
  double best = current;
  Cost best_cost = cost(current);
  const auto scan = [&](double lo, double hi, double step) {
    const auto steps = static_cast<int>(std::lround((hi - lo) / step));
    for (int k = 0; k <= steps; ++k) {
      const double s = lo + step * k;
      const Cost c = cost(s);
      bool better = c.median < best_cost.median - kTie;
      if (!better && std::abs(c.median - best_cost.median) <= kTie) {
        better =
            c.mean < best_cost.mean - kTie || (std::abs(c.mean - best_cost.mean) <= kTie &&
                                               std::abs(s - current) < std::abs(best - current));
      }
      if (better) {
        best = s;
        best_cost = c;
      }
    }
  };
  scan(kFactorMin, kFactorMax, 0.01);
  scan(std::max(kFactorMin, best - 0.01), std::min(kFactorMax, best + 0.01), 0.001);
  return best;
}

double FitGlobal(const FitData& d, std::vector<double>& scratch) {
  std::vector<double> base(d.real.size(), 0.0);
  std::vector<double> total(d.real.size(), 0.0);
  for (std::size_t i = 0; i < total.size(); ++i) {
    for (const double v : d.class_s[i]) total[i] += v;
  }
  return SearchFactor(base, total, d.real, 1.0, scratch);
}

// Coordinate descent from the global factor over the classes marked in `fit_class`.
std::array<double, kClasses> FitPerClass(const FitData& d, double global,
                                         const std::array<bool, kClasses>& fit_class,
                                         std::vector<double>& scratch) {
  std::array<double, kClasses> factor;
  factor.fill(global);
  const std::size_t n = d.real.size();
  std::vector<double> base(n);
  std::vector<double> x(n);
  for (int round = 0; round < 20; ++round) {
    bool moved = false;
    for (std::size_t c = 0; c < kClasses; ++c) {
      if (!fit_class[c]) continue;
      for (std::size_t i = 0; i < n; ++i) {
        base[i] = 0;
        for (std::size_t k = 0; k < kClasses; ++k) {
          if (k != c) base[i] += factor[k] * d.class_s[i][k];
        }
        x[i] = d.class_s[i][c];
      }
      const double s = SearchFactor(base, x, d.real, factor[c], scratch);
      if (std::abs(s - factor[c]) > 1e-9) {
        factor[c] = s;
        moved = true;
      }
    }
    if (!moved) break;
  }
  return factor;
}

struct OverheadFit {
  double overhead_s = 0;
  double factor = 1;
  double median_ae_s = 0;
};

// real ≈ a + s × predicted: a on a grid of 5 s from −120 to 300, s searched for each a.
OverheadFit FitOverhead(const FitData& d, double start, std::vector<double>& scratch) {
  std::vector<double> total(d.real.size(), 0.0);
  for (std::size_t i = 0; i < total.size(); ++i) {
    for (const double v : d.class_s[i]) total[i] += v;
  }
  OverheadFit best;
  best.median_ae_s = std::numeric_limits<double>::infinity();
  std::vector<double> pred(total.size());
  for (int a = -120; a <= 300; a += 5) {
    const std::vector<double> base(total.size(), static_cast<double>(a));
    const double s = SearchFactor(base, total, d.real, start, scratch);
    for (std::size_t i = 0; i < pred.size(); ++i) pred[i] = a + s * total[i];
    const double c = MedianAbsError(pred, d.real, scratch);
    if (c < best.median_ae_s - 1e-9) best = {static_cast<double>(a), s, c};
  }
  if (total.empty()) best.median_ae_s = 0;
  return best;
}

std::array<double, kClasses> Uniform(double v) {
  std::array<double, kClasses> a;
  a.fill(v);
  return a;
}

}  // namespace

SpeedFit FitSpeedFactors(std::span<const TravelPair> pairs, std::size_t min_pairs_per_class) {
  SpeedFit fit;
  fit.pairs = pairs.size();
  if (pairs.empty()) return fit;
  std::vector<double> scratch;
  std::vector<std::size_t> all(pairs.size());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
  const FitData data = MakeFitData(pairs, all);

  std::array<bool, kClasses> has_time{};
  for (const TravelPair& p : pairs) {
    double total = 0;
    for (const double v : p.class_s) total += v;
    for (std::size_t c = 0; c < kClasses; ++c) {
      if (p.class_s[c] > 0) has_time[c] = true;
      if (total > 0 && p.class_s[c] >= 0.2 * total) ++fit.class_pairs[c];
    }
  }
  for (std::size_t c = 0; c < kClasses; ++c) {
    fit.class_fitted[c] = fit.class_pairs[c] >= std::max<std::size_t>(1, min_pairs_per_class);
  }

  fit.median_ae_before_s = MedianAbsError(Predict(data, Uniform(1)), data.real, scratch);
  fit.global = FitGlobal(data, scratch);
  fit.median_ae_global_s = MedianAbsError(Predict(data, Uniform(fit.global)), data.real, scratch);
  const std::array<double, kClasses> per = FitPerClass(data, fit.global, fit.class_fitted, scratch);
  fit.median_ae_per_class_s = MedianAbsError(Predict(data, per), data.real, scratch);
  for (std::size_t c = 0; c < kClasses; ++c) fit.per_class[c] = has_time[c] ? per[c] : 0;

  // Two folds: calls alternately; fit on one, measure on the other, pool the held-out errors.
  std::vector<double> held_before;
  std::vector<double> held_global;
  std::vector<double> held_class;
  for (std::size_t fold = 0; fold < 2; ++fold) {
    std::vector<std::size_t> train;
    std::vector<std::size_t> test;
    for (std::size_t i = 0; i < pairs.size(); ++i) (i % 2 == fold ? test : train).push_back(i);
    if (train.empty() || test.empty()) continue;
    const FitData tr = MakeFitData(pairs, train);
    const FitData te = MakeFitData(pairs, test);
    const double g = FitGlobal(tr, scratch);
    const std::array<double, kClasses> pc = FitPerClass(tr, g, fit.class_fitted, scratch);
    const std::vector<double> pb = Predict(te, Uniform(1));
    const std::vector<double> pg = Predict(te, Uniform(g));
    const std::vector<double> pp = Predict(te, pc);
    for (std::size_t i = 0; i < te.real.size(); ++i) {
      held_before.push_back(std::abs(pb[i] - te.real[i]));
      held_global.push_back(std::abs(pg[i] - te.real[i]));
      held_class.push_back(std::abs(pp[i] - te.real[i]));
    }
  }
  fit.cv_median_ae_before_s = Median(held_before);
  fit.cv_median_ae_global_s = Median(held_global);
  fit.cv_median_ae_per_class_s = Median(held_class);
  fit.recommend_per_class =
      !held_class.empty() && fit.cv_median_ae_per_class_s < 0.99 * fit.cv_median_ae_global_s;

  // Diagnostic: a fixed overhead per trip plus one factor.
  const OverheadFit all_fit = FitOverhead(data, fit.global, scratch);
  fit.overhead_s = all_fit.overhead_s;
  fit.overhead_factor = all_fit.factor;
  fit.median_ae_overhead_s = all_fit.median_ae_s;
  std::vector<double> held_overhead;
  for (std::size_t fold = 0; fold < 2; ++fold) {
    std::vector<std::size_t> train;
    std::vector<std::size_t> test;
    for (std::size_t i = 0; i < pairs.size(); ++i) (i % 2 == fold ? test : train).push_back(i);
    if (train.empty() || test.empty()) continue;
    const OverheadFit o = FitOverhead(MakeFitData(pairs, train), fit.global, scratch);
    const FitData te = MakeFitData(pairs, test);
    const std::vector<double> p = Predict(te, Uniform(o.factor));
    for (std::size_t i = 0; i < te.real.size(); ++i) {
      held_overhead.push_back(std::abs(o.overhead_s + p[i] - te.real[i]));
    }
  }
  fit.cv_median_ae_overhead_s = Median(held_overhead);
  return fit;
}

}  // namespace elink::sim
