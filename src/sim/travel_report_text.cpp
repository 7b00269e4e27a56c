// SPDX-License-Identifier: Apache-2.0
#include "sim/internal/travel_common.hpp"
#include "sim/travel_check.hpp"

namespace elink::sim {

using internal::Fixed;
using internal::kClasses;
using internal::SkippedText;

std::string TravelReportText(const TravelReport& r, const ImportReport& calls, bool zh) {
  const auto L = [zh](const char* z, const char* e) { return std::string(zh ? z : e); };
  std::string out;
  out += L("行驶时间校验", "Travel-time validation") + ": " + calls.source + " " +
         std::to_string(calls.rows_read) + L(" 行，拒绝 ", " rows, ") +
         std::to_string(calls.rows_rejected) + L(" 行，", " rejected, ") +
         std::to_string(r.calls_total) + L(" 起警情", " calls") + "\n";
  out += L("  路网范围内 ", "  inside the graph ") + std::to_string(r.calls_considered) +
         L("，范围外 ", ", outside ") + std::to_string(r.calls_outside_area) +
         L("；配对 ", "; pairs ") + std::to_string(r.pairs.size()) + L("，跳过 ", ", skipped ") +
         std::to_string(r.skipped_total) + " (" + SkippedText(r) + ")\n";
  const auto stats = [&](const ErrorStats& s) {
    return L("中位绝对误差 ", "median |error| ") + Fixed(s.median_ae_s, 0) +
           L(" 秒，平均绝对误差 ", " s, mean |error| ") + Fixed(s.mae_s, 0) +
           L(" 秒，偏差(预测−实际) 中位 ", " s, bias (predicted − real) median ") +
           Fixed(s.median_bias_s, 0) + L(" 秒/平均 ", " s / mean ") + Fixed(s.mean_bias_s, 0) +
           L(" 秒", " s");
  };
  if (r.pairs.empty()) {
    out += L("  没有可比较的配对。\n", "  no pairs to compare.\n");
    return out;
  }
  out += "  " + stats(r.overall) + "\n";
  out += L("  实际中位 ", "  real median ") + Fixed(r.overall.median_real_s, 0) +
         L(" 秒，预测中位 ", " s, predicted median ") + Fixed(r.overall.median_predicted_s, 0) +
         L(" 秒，预测/实际 中位 ", " s, predicted/real median ") +
         Fixed(r.overall.median_ratio, 2) + "\n";
  out += L("  按警情所在道路等级：\n", "  by road class of the call's street:\n");
  for (const auto& [c, s] : r.by_road_class) {
    out += "    " + std::string(geo::RoadClassName(c)) + " n=" + std::to_string(s.n) + ": " +
           stats(s) + "\n";
  }
  out += L("  按优先级：\n", "  by priority:\n");
  for (const auto& [p, s] : r.by_priority) {
    out += "    " + std::to_string(p) + " n=" + std::to_string(s.n) + ": " + stats(s) + "\n";
  }
  const SpeedFit& f = r.fit;
  out +=
      (r.options.fit_max_priority < kPriorityMax
           ? L("  拟合(优先级 ", "  fit (priority ") + std::to_string(r.options.fit_min_priority) +
                 ".." + std::to_string(r.options.fit_max_priority)
           : L("  拟合(优先级 ≥ ", "  fit (priority >= ") +
                 std::to_string(r.options.fit_min_priority)) +
      L(" 的 ", ", ") + std::to_string(f.pairs) +
      L(" 对；时间系数 >1 表示实际更慢)：统一系数 ",
        " pairs; a time factor > 1 means the streets are slower): global ") +
      Fixed(f.global, 2) + L("，中位绝对误差 ", ", median |error| ") +
      Fixed(f.median_ae_before_s, 0) + " → " + Fixed(f.median_ae_global_s, 0) +
      L(" 秒(分道路等级 ", " s (per class ") + Fixed(f.median_ae_per_class_s, 0) +
      L(" 秒)；交叉验证 ", " s); cross-validated ") + Fixed(f.cv_median_ae_before_s, 0) + " → " +
      Fixed(f.cv_median_ae_global_s, 0) + " / " + Fixed(f.cv_median_ae_per_class_s, 0) +
      L(" 秒；建议：", " s; recommend: ") +
      (f.recommend_per_class ? L("分道路等级", "per class") : L("统一系数", "one global factor")) +
      "\n";
  out += L("  各道路等级：系数，路网车速 → 拟合车速\n",
           "  by road class: factor, the graph's speed → the fitted speed\n");
  for (std::size_t c = 1; c < kClasses; ++c) {
    if (f.per_class[c] <= 0) continue;
    out += "    " + std::string(geo::RoadClassName(static_cast<geo::RoadClass>(c))) + ": " +
           Fixed(f.per_class[c], 2) +
           (f.class_fitted[c] ? "" : L(" (数据少，取统一系数)", " (thin: the global factor)")) +
           ", " + Fixed(r.graph_kmh[c], 1) + " km/h → " +
           Fixed(r.graph_kmh[c] / f.per_class[c], 1) + L(" (分等级) / ", " by class / ") +
           Fixed(r.graph_kmh[c] / f.global, 1) + L(" (统一系数)\n", " with the global factor\n");
  }
  out += L("  诊断：实际 ≈ ", "  diagnostic: real ≈ ") + Fixed(f.overhead_s, 0) +
         L(" 秒 + ", " s + ") + Fixed(f.overhead_factor, 2) +
         L(" × 预测，中位绝对误差 ", " × predicted, median |error| ") +
         Fixed(f.median_ae_overhead_s, 0) + L(" 秒(交叉验证 ", " s (cross-validated ") +
         Fixed(f.cv_median_ae_overhead_s, 0) + L(" 秒)\n", " s)\n");
  return out;
}

}  // namespace elink::sim
