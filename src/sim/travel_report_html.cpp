// SPDX-License-Identifier: Apache-2.0
#include "sim/internal/travel_common.hpp"
#include "sim/travel_check.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <cmath>

namespace elink::sim {

using internal::Fixed;
using internal::kClasses;
using internal::Quantile;
using internal::SkippedText;

std::string TravelReportHtml(const TravelReport& r, const ImportReport& calls,
                             const std::string& graph_source) {
  std::string h;
  h += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
       "<title>elink travel-time validation</title>\n<style>\n"
       "body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#222;max-width:1000px}\n"
       "table{border-collapse:collapse;margin:8px 0 20px}td,th{border:1px solid #ccc;"
       "padding:3px 8px;text-align:right}th{background:#f2f2f2}td:first-child,th:first-child"
       "{text-align:left}\n.note{color:#555}\n</style></head><body>\n";
  h += "<h1>Travel-time validation</h1>\n<p class=\"note\">Graph: " + EscapeMarkup(graph_source) +
       "<br>Calls: " + EscapeMarkup(calls.source) + " — " + std::to_string(calls.rows_read) +
       " rows, " + std::to_string(calls.rows_rejected) + " rejected, " +
       std::to_string(r.calls_total) +
       " calls.<br>Real time: en route → on scene of the engine or truck that drove from its "
       "station (the first dispatched, else the first to arrive). Predicted: elink's router from "
       "the station to the call.</p>\n";
  h += "<table><tr><th>calls</th><th>inside graph</th><th>outside</th><th>pairs</th>"
       "<th>skipped</th></tr><tr><td>" +
       std::to_string(r.calls_total) + "</td><td>" + std::to_string(r.calls_considered) +
       "</td><td>" + std::to_string(r.calls_outside_area) + "</td><td>" +
       std::to_string(r.pairs.size()) + "</td><td>" + std::to_string(r.skipped_total) +
       "</td></tr></table>\n<p>Skipped: " + EscapeMarkup(SkippedText(r)) + "</p>\n";
  const auto row = [&](const std::string& label, const ErrorStats& s) {
    return "<tr><td>" + EscapeMarkup(label) + "</td><td>" + std::to_string(s.n) + "</td><td>" +
           Fixed(s.median_ae_s, 0) + "</td><td>" + Fixed(s.mae_s, 0) + "</td><td>" +
           Fixed(s.p90_ae_s, 0) + "</td><td>" + Fixed(s.median_bias_s, 0) + "</td><td>" +
           Fixed(s.mean_bias_s, 0) + "</td><td>" + Fixed(s.median_real_s, 0) + "</td><td>" +
           Fixed(s.median_predicted_s, 0) + "</td><td>" + Fixed(s.median_ratio, 2) + "</td></tr>\n";
  };
  const std::string head =
      "<tr><th></th><th>n</th><th>median |err| s</th><th>mean |err| s</th><th>p90 |err| s</th>"
      "<th>median bias s</th><th>mean bias s</th><th>median real s</th>"
      "<th>median predicted s</th><th>median pred/real</th></tr>\n";
  h += "<h2>Errors (predicted − real)</h2>\n<table>" + head + row("all", r.overall);
  for (const auto& [c, s] : r.by_road_class) {
    h += row(std::string("road class: ") + geo::RoadClassName(c), s);
  }
  for (const auto& [p, s] : r.by_priority) h += row("priority " + std::to_string(p), s);
  h += "</table>\n";

  // Scatter: predicted (x) against real (y), seconds, with the diagonal and the global fit.
  const double w = 640;
  const double hgt = 480;
  const double m = 56;
  // The axes reach the 97th percentile of the larger of the two times, so that a few very long
  // drives do not squeeze the rest into a corner; points beyond sit on the edge.
  std::vector<double> larger;
  for (const TravelPair& p : r.pairs) larger.push_back(std::max(p.real_s, p.predicted_s));
  const double top = std::max(60.0, std::ceil(Quantile(larger, 0.97) / 60) * 60);
  const auto sx = [&](double v) { return m + std::min(v, top) / top * (w - 2 * m); };
  const auto sy = [&](double v) { return hgt - m - std::min(v, top) / top * (hgt - 2 * m); };
  h += "<h2>Predicted against real</h2>\n<svg width=\"" + Fixed(w, 0) + "\" height=\"" +
       Fixed(hgt, 0) + "\" viewBox=\"0 0 " + Fixed(w, 0) + " " + Fixed(hgt, 0) +
       "\" role=\"img\" aria-label=\"scatter of predicted against real "
       "drive time\">\n<rect x=\"0\" y=\"0\" width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n";
  const double tick = top <= 600 ? 60 : top <= 1200 ? 120 : 300;
  for (double t = 0; t <= top + 1e-9; t += tick) {
    h += "<line x1=\"" + Fixed(sx(t), 1) + "\" y1=\"" + Fixed(sy(0), 1) + "\" x2=\"" +
         Fixed(sx(t), 1) + "\" y2=\"" + Fixed(sy(top), 1) + "\" stroke=\"#eee\"/>";
    h += "<line x1=\"" + Fixed(sx(0), 1) + "\" y1=\"" + Fixed(sy(t), 1) + "\" x2=\"" +
         Fixed(sx(top), 1) + "\" y2=\"" + Fixed(sy(t), 1) + "\" stroke=\"#eee\"/>";
    h += "<text x=\"" + Fixed(sx(t), 1) + "\" y=\"" + Fixed(sy(0) + 16, 1) +
         "\" font-size=\"11\" text-anchor=\"middle\">" + Fixed(t / 60, 0) + "</text>";
    h += "<text x=\"" + Fixed(sx(0) - 6, 1) + "\" y=\"" + Fixed(sy(t) + 4, 1) +
         "\" font-size=\"11\" text-anchor=\"end\">" + Fixed(t / 60, 0) + "</text>\n";
  }
  h += "<rect x=\"" + Fixed(m, 0) + "\" y=\"" + Fixed(m, 0) + "\" width=\"" + Fixed(w - 2 * m, 0) +
       "\" height=\"" + Fixed(hgt - 2 * m, 0) + "\" fill=\"none\" stroke=\"#888\"/>\n";
  h += "<line x1=\"" + Fixed(sx(0), 1) + "\" y1=\"" + Fixed(sy(0), 1) + "\" x2=\"" +
       Fixed(sx(top), 1) + "\" y2=\"" + Fixed(sy(top), 1) +
       "\" stroke=\"#333\" stroke-dasharray=\"4 3\"><title>predicted = real</title></line>\n";
  if (r.fit.global > 0) {
    // real = global × predicted, drawn to the edge of the plot.
    const double x_end = std::min(top, top / r.fit.global);
    h += "<line x1=\"" + Fixed(sx(0), 1) + "\" y1=\"" + Fixed(sy(0), 1) + "\" x2=\"" +
         Fixed(sx(x_end), 1) + "\" y2=\"" + Fixed(sy(x_end * r.fit.global), 1) +
         "\" stroke=\"#c60\" stroke-width=\"1.5\"><title>fit: real = " + Fixed(r.fit.global, 2) +
         " × predicted</title></line>\n";
  }
  if (r.fit.pairs > 0) {
    // real = overhead + factor × predicted.
    const double a = r.fit.overhead_s;
    const double b = r.fit.overhead_factor;
    const double x0 = a >= 0 ? 0 : std::min(top, -a / b);
    const double x1 = std::max(x0, std::min(top, (top - a) / b));
    h += "<line x1=\"" + Fixed(sx(x0), 1) + "\" y1=\"" + Fixed(sy(a + b * x0), 1) + "\" x2=\"" +
         Fixed(sx(x1), 1) + "\" y2=\"" + Fixed(sy(a + b * x1), 1) +
         "\" stroke=\"#8a3ab9\" stroke-width=\"1.5\" stroke-dasharray=\"8 3\"><title>real = " +
         Fixed(a, 0) + " s + " + Fixed(b, 2) + " × predicted</title></line>\n";
  }
  for (const TravelPair& p : r.pairs) {
    h += "<circle cx=\"" + Fixed(sx(p.predicted_s), 1) + "\" cy=\"" + Fixed(sy(p.real_s), 1) +
         "\" r=\"2.5\" fill=\"" + (p.priority >= 3 ? "#1f5fbf" : "#2a9d4b") +
         "\" fill-opacity=\"0.55\"><title>" + EscapeMarkup(p.call_id) + " " +
         EscapeMarkup(p.unit_id) + ": predicted " + Fixed(p.predicted_s, 0) + " s, real " +
         Fixed(p.real_s, 0) + " s</title></circle>\n";
  }
  h += "<text x=\"" + Fixed(w / 2, 0) + "\" y=\"" + Fixed(hgt - 14, 0) +
       "\" font-size=\"12\" text-anchor=\"middle\">predicted drive time, minutes</text>\n";
  h += "<text x=\"16\" y=\"" + Fixed(hgt / 2, 0) +
       "\" font-size=\"12\" text-anchor=\"middle\" "
       "transform=\"rotate(-90 16 " +
       Fixed(hgt / 2, 0) +
       ")\">real en route → on scene, "
       "minutes</text>\n";
  h += "<text x=\"" + Fixed(m, 0) + "\" y=\"" + Fixed(m - 14, 0) +
       "\" font-size=\"11\"><tspan fill=\"#1f5fbf\">● priority 3</tspan>  <tspan "
       "fill=\"#2a9d4b\">● priority 2</tspan>  <tspan fill=\"#333\">- - predicted = real</tspan>"
       "  <tspan fill=\"#c60\">— fitted factor</tspan>  <tspan fill=\"#8a3ab9\">- - overhead "
       "+ factor</tspan></text>\n</svg>\n";
  std::size_t beyond = 0;
  for (const double v : larger) beyond += v > top ? 1U : 0U;
  h += "<p class=\"note\">" + std::to_string(beyond) + " points beyond " + Fixed(top / 60, 0) +
       " min are drawn on the edge. Hover a point for its call.</p>\n";

  const SpeedFit& f = r.fit;
  h += "<h2>Speed factors</h2>\n<p>Time factor: predicted times multiplied by it fit the "
       "streets best (median |error|); above 1 the streets are slower than the profile. "
       "Fitted on the " +
       std::to_string(f.pairs) + " pairs of priority " +
       std::to_string(r.options.fit_min_priority) +
       (r.options.fit_max_priority < kPriorityMax
            ? " to " + std::to_string(r.options.fit_max_priority) + ". Global factor <b>"
            : std::string(" and above (emergency driving). Global factor <b>")) +
       Fixed(f.global, 2) + "</b>: median |error| " + Fixed(f.median_ae_before_s, 0) + " → " +
       Fixed(f.median_ae_global_s, 0) + " s (per class " + Fixed(f.median_ae_per_class_s, 0) +
       " s). On held-out calls (two folds): " + Fixed(f.cv_median_ae_before_s, 0) + " → " +
       Fixed(f.cv_median_ae_global_s, 0) + " s global, " + Fixed(f.cv_median_ae_per_class_s, 0) +
       " s per class. Recommended: <b>" +
       (f.recommend_per_class ? "per-class factors" : "one global factor") + "</b>.</p>\n";
  h += "<table><tr><th>road class</th><th>pairs</th><th>fitted</th><th>time factor</th>"
       "<th>graph km/h</th><th>km/h by class</th><th>km/h with the global factor</th></tr>\n";
  for (std::size_t c = 1; c < kClasses; ++c) {
    if (f.per_class[c] <= 0) continue;
    h += "<tr><td>" + std::string(geo::RoadClassName(static_cast<geo::RoadClass>(c))) +
         "</td><td>" + std::to_string(f.class_pairs[c]) + "</td><td>" +
         (f.class_fitted[c] ? "yes" : "no (global)") + "</td><td>" + Fixed(f.per_class[c], 2) +
         "</td><td>" + Fixed(r.graph_kmh[c], 1) + "</td><td>" +
         Fixed(r.graph_kmh[c] / f.per_class[c], 1) + "</td><td>" +
         Fixed(r.graph_kmh[c] / f.global, 1) + "</td></tr>\n";
  }
  h += "</table>\n<p class=\"note\">Diagnostic: real ≈ " + Fixed(f.overhead_s, 0) + " s + " +
       Fixed(f.overhead_factor, 2) + " × predicted gives median |error| " +
       Fixed(f.median_ae_overhead_s, 0) + " s (held out: " + Fixed(f.cv_median_ae_overhead_s, 0) +
       " s).</p>\n</body></html>\n";
  return h;
}

}  // namespace elink::sim
