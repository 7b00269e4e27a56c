#include "sim/report.hpp"

#include "core/incident_types.hpp"
#include "sim/calls.hpp"
#include "util/text.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <map>

namespace elink::sim {
namespace {

using nlohmann::ordered_json;

constexpr std::size_t kHistogramMinutes = 60;

double Seconds(Millis m) { return static_cast<double>(m.count()) / 1000.0; }

Percentiles Of(std::vector<double> s, std::size_t unreached = 0) {
  Percentiles p;
  p.n = s.size();
  p.unreached = unreached;
  const std::size_t all = s.size() + unreached;
  if (all == 0) return p;
  std::sort(s.begin(), s.end());
  // Nearest rank over all, the unreached after every reached one.
  auto rank = [&](double q) {
    const std::size_t r = std::clamp<std::size_t>(
        static_cast<std::size_t>(std::ceil(q * static_cast<double>(all))), 1, all);
    return r <= s.size() ? s[r - 1] : std::numeric_limits<double>::infinity();
  };
  p.p50_s = rank(0.5);
  p.p90_s = rank(0.9);
  double sum = 0;
  for (double x : s) sum += x;
  p.mean_s = s.empty() ? 0 : sum / static_cast<double>(s.size());
  return p;
}

// Fixed formatting so that reports compare byte for byte.
double Round(double x, int digits) {
  const double f = std::pow(10.0, digits);
  return std::round(x * f) / f;
}

ordered_json ToJson(const Percentiles& p) {
  // An infinite percentile (that many never reached) is null.
  auto seconds = [](double x) {
    return std::isinf(x) ? ordered_json(nullptr) : ordered_json(Round(x, 1));
  };
  return {{"n", p.n},
          {"unreached", p.unreached},
          {"p50_s", seconds(p.p50_s)},
          {"p90_s", seconds(p.p90_s)},
          {"mean_s", Round(p.mean_s, 1)}};
}

ordered_json ToJson(const GroupKpi& g) {
  return {{"key", g.key},
          {"name", g.name},
          {"name_en", g.name_en},
          {"incidents", g.incidents},
          {"within_standard", g.within},
          {"response", ToJson(g.response)}};
}

struct Group {
  std::vector<double> response;
  std::size_t unreached = 0;  // no unit ever came
  std::size_t within = 0;
  std::size_t incidents = 0;
};

std::vector<GroupKpi> Kpis(const std::map<std::string, Group>& groups) {
  std::vector<GroupKpi> out;
  for (const auto& [key, g] : groups) {
    GroupKpi k;
    k.key = key;
    k.response = Of(g.response, g.unreached);
    k.within = g.within;
    k.incidents = g.incidents;
    out.push_back(std::move(k));
  }
  return out;
}

std::string Minutes(double s) {
  return std::isinf(s) ? std::string("∞") : fmt::format("{:.1f}", s / 60.0);
}

// One per policy (a scenario runs at most 8).
constexpr const char* kColours[] = {"#6b7280", "#d9480f", "#1c7ed6", "#2f9e44",
                                    "#ae3ec9", "#e67700", "#0c8599", "#862e9c"};

// A unit type's name in the report's language (its code when unknown).
std::string UnitTypeName(const std::string& code, bool zh) {
  if (const auto type = core::ParseEnum<core::UnitType>(code)) {
    return std::string(zh ? core::InfoOf(*type).zh : core::InfoOf(*type).en);
  }
  return code;
}

}  // namespace

PolicyKpi Summarise(const RunResult& run, const Scenario& scenario, const core::Region& region) {
  PolicyKpi k;
  k.policy = run.policy;
  k.incidents = run.incidents.size();
  k.histogram.assign(kHistogramMinutes + 1, 0);
  k.commands = run.commands;
  k.events = run.events;
  std::vector<double> response;
  std::size_t unreached = 0;
  std::vector<double> to_dispatch;
  std::vector<double> bound;
  std::size_t bound_unreached = 0;
  std::map<std::string, Group> by_type;
  std::map<std::string, Group> by_district;
  std::map<std::string, Group> cells;
  for (const IncidentOutcome& o : run.incidents) {
    if (!o.refused.empty()) {
      ++k.refused;
      continue;
    }
    if (o.no_plan) {
      ++k.no_plan;
      continue;
    }
    if (o.unserved) ++k.unserved;
    if (o.waited) ++k.waited;
    k.units_required += static_cast<std::size_t>(o.required);
    k.units_sent += static_cast<std::size_t>(std::min(o.sent, o.required));
    if (o.sent < o.required) ++k.incidents_short;
    if (o.to_dispatch) to_dispatch.push_back(Seconds(*o.to_dispatch));
    if (o.bound_first_arrival) {
      bound.push_back(Seconds(*o.bound_first_arrival));
    } else {
      ++bound_unreached;
    }
    Group& t = by_type[o.type];
    Group& d = by_district[o.district.empty() ? "-" : o.district];
    const std::string cell =
        fmt::format("{:.4f},{:.4f}", (std::floor(o.location.lat / kCellDeg) + 0.5) * kCellDeg,
                    (std::floor(o.location.lon / kCellDeg) + 0.5) * kCellDeg);
    Group& c = cells[cell];
    for (Group* g : {&t, &d, &c}) ++g->incidents;
    if (!o.to_first_arrival) {
      // Never reached: infinitely late in the percentiles.
      unreached += 1;
      for (Group* g : {&t, &d, &c}) ++g->unreached;
      continue;
    }
    ++k.served;
    const double s = Seconds(*o.to_first_arrival);
    response.push_back(s);
    const bool within = s <= scenario.StandardMinutes(o.type) * 60.0;
    if (within) ++k.within;
    for (Group* g : {&t, &d, &c}) {
      g->response.push_back(s);
      if (within) ++g->within;
    }
    ++k.histogram[std::min<std::size_t>(static_cast<std::size_t>(s / 60.0), kHistogramMinutes)];
  }
  const std::size_t counted = k.incidents - k.refused - k.no_plan;
  k.within_share = counted == 0 ? 0 : static_cast<double>(k.within) / static_cast<double>(counted);
  k.response = Of(response, unreached);
  k.bound = Of(bound, bound_unreached);
  k.to_dispatch = Of(to_dispatch);
  k.by_type = Kpis(by_type);
  for (GroupKpi& g : k.by_type) {
    if (const auto* info = core::FindIncidentType(g.key)) {
      g.name = std::string(info->zh);
      g.name_en = std::string(info->en);
    }
  }
  k.by_district = Kpis(by_district);
  for (GroupKpi& g : k.by_district) {
    for (const core::Organisation& org : region.organisations) {
      if (org.id.value() == g.key) {
        g.name = org.name.zh;
        g.name_en = org.name.en;
      }
    }
  }
  for (GroupKpi& g : Kpis(cells)) {
    if (g.response.n >= 3) k.cells.push_back(std::move(g));
  }
  k.span_h = std::chrono::duration<double>(run.end - run.start).count() / 3600.0;
  double total = 0;
  for (const UnitUsage& u : run.units) {
    UnitKpi uk;
    uk.unit = u.unit;
    uk.type = u.type;
    uk.responses = u.responses;
    uk.busy_h = Seconds(u.busy) / 3600.0;
    uk.homebound_h = Seconds(u.homebound) / 3600.0;
    uk.utilisation = k.span_h > 0 ? uk.busy_h / k.span_h : 0;
    total += uk.utilisation;
    k.units.push_back(std::move(uk));
  }
  k.mean_utilisation = run.units.empty() ? 0 : total / static_cast<double>(run.units.size());
  std::map<std::string, UnitTypeKpi> types;
  for (const UnitKpi& u : k.units) {
    UnitTypeKpi& t = types[u.type];
    t.type = u.type;
    ++t.units;
    t.responses += u.responses;
    t.utilisation += u.utilisation;
    t.busiest = std::max(t.busiest, u.utilisation);
  }
  for (auto& [code, t] : types) {
    t.utilisation /= static_cast<double>(t.units);
    k.by_unit_type.push_back(t);
  }
  std::stable_sort(
      k.by_unit_type.begin(), k.by_unit_type.end(),
      [](const UnitTypeKpi& a, const UnitTypeKpi& b) { return a.utilisation > b.utilisation; });
  return k;
}

std::string ReportJson(const ReportInput& in, const std::vector<PolicyKpi>& kpis) {
  ordered_json j;
  j["format"] = "elink-sim-report/1";
  j["scenario"] = {{"name", in.scenario->name.zh},
                   {"name_en", in.scenario->name.en},
                   {"seed", in.scenario->seed},
                   {"start", FormatTime(in.built->start)},
                   {"hours", in.scenario->hours},
                   {"standard_default_minutes", in.scenario->standard_default_min}};
  j["region"] = {{"id", in.region->id},
                 {"stations", in.region->stations.size()},
                 {"units", in.region->units.size()}};
  j["durations"] = in.durations_source;
  ordered_json imports = ordered_json::array();
  for (const ImportReport& r : in.built->imports) {
    imports.push_back({{"source", r.source},
                       {"rows_read", r.rows_read},
                       {"rows_used", r.rows_used},
                       {"rows_rejected", r.rows_rejected},
                       {"calls", r.calls_built},
                       {"rejected_by_code", r.rejected_by_code}});
  }
  j["inputs"] = {{"incidents", in.built->incidents.size()},
                 {"left_out_before_start", in.built->before_start},
                 {"left_out_after_end", in.built->after_end},
                 {"left_out_outside_region", in.built->outside_region},
                 {"imports", imports}};
  ordered_json policies = ordered_json::array();
  for (const PolicyKpi& k : kpis) {
    ordered_json p;
    p["policy"] = k.policy.name;
    p["label"] = k.policy.label.zh;
    p["label_en"] = k.policy.label.en;
    p["base"] = CodeOf(k.policy.base);
    if (k.policy.base == Policy::kJoint) p["window_s"] = k.policy.window_s;
    if (k.policy.base != Policy::kClosestStation) p["mutual_aid"] = k.policy.mutual_aid;
    if (k.policy.coverage_minutes > 0) p["coverage_minutes"] = k.policy.coverage_minutes;
    p["incidents"] = k.incidents;
    p["refused"] = k.refused;
    p["no_plan"] = k.no_plan;
    p["unserved"] = k.unserved;
    p["waited_for_a_unit"] = k.waited;
    p["served"] = k.served;
    p["within_standard"] = k.within;
    p["within_standard_share"] = Round(k.within_share, 4);
    p["response"] = ToJson(k.response);
    p["bound_every_unit_free"] = ToJson(k.bound);
    p["report_to_dispatch"] = ToJson(k.to_dispatch);
    p["units_required"] = k.units_required;
    p["units_sent"] = k.units_sent;
    p["incidents_short_of_plan"] = k.incidents_short;
    p["response_histogram_minutes"] = k.histogram;
    ordered_json types = ordered_json::array();
    for (const GroupKpi& g : k.by_type) types.push_back(ToJson(g));
    p["by_type"] = types;
    ordered_json districts = ordered_json::array();
    for (const GroupKpi& g : k.by_district) districts.push_back(ToJson(g));
    p["by_district"] = districts;
    ordered_json cells = ordered_json::array();
    for (const GroupKpi& g : k.cells) cells.push_back(ToJson(g));
    p["cells"] = cells;
    ordered_json units = ordered_json::array();
    for (const UnitKpi& u : k.units) {
      units.push_back({{"unit", u.unit},
                       {"type", u.type},
                       {"responses", u.responses},
                       {"busy_h", Round(u.busy_h, 3)},
                       {"homebound_h", Round(u.homebound_h, 3)},
                       {"utilisation", Round(u.utilisation, 4)}});
    }
    p["units"] = units;
    ordered_json unit_types = ordered_json::array();
    for (const UnitTypeKpi& t : k.by_unit_type) {
      unit_types.push_back({{"type", t.type},
                            {"units", t.units},
                            {"responses", t.responses},
                            {"utilisation", Round(t.utilisation, 4)},
                            {"busiest_unit", Round(t.busiest, 4)}});
    }
    p["utilisation_by_unit_type"] = unit_types;
    p["mean_utilisation"] = Round(k.mean_utilisation, 4);
    p["span_h"] = Round(k.span_h, 3);
    p["engine_commands"] = k.commands;
    p["engine_events"] = k.events;
    policies.push_back(std::move(p));
  }
  j["policies"] = policies;
  return j.dump(1) + "\n";
}

std::string IncidentsCsv(const ReportInput& in) {
  // bound_s: the first unit on scene with every unit free at its station, the same under every
  // policy (IncidentOutcome::bound_first_arrival).
  std::string out = "input,ref,time,lat,lon,type,level,bound_s";
  for (const RunResult& r : in.runs) {
    const auto p = r.policy.name;
    out += fmt::format(
        ",{0}_district,{0}_outcome,{0}_dispatch_s,{0}_response_s,{0}_sent,{0}_required", p);
  }
  out += "\n";
  for (std::size_t i = 0; i < in.built->incidents.size(); ++i) {
    const SimIncident& s = in.built->incidents[i];
    std::string ref = s.ref;
    std::replace(ref.begin(), ref.end(), ',', ' ');
    const std::optional<Millis> bound =
        in.runs.empty() ? std::nullopt : in.runs.front().incidents[i].bound_first_arrival;
    out += fmt::format("{},{},{},{:.6f},{:.6f},{},{},{}", i, ref, FormatTime(s.at), s.location.lat,
                       s.location.lon, s.type, core::CodeOf(s.level),
                       bound ? fmt::format("{:.1f}", Seconds(*bound)) : std::string());
    for (const RunResult& r : in.runs) {
      const IncidentOutcome& o = r.incidents[i];
      const char* outcome = !o.refused.empty()   ? "refused"
                            : o.no_plan          ? "no_plan"
                            : o.unserved         ? "unserved"
                            : o.to_first_arrival ? "served"
                                                 : "cancelled";
      auto secs = [](const std::optional<Millis>& m) {
        return m ? fmt::format("{:.1f}", Seconds(*m)) : std::string();
      };
      out += fmt::format(",{},{},{},{},{},{}", o.district, outcome, secs(o.to_dispatch),
                         secs(o.to_first_arrival), o.sent, o.required);
    }
    out += "\n";
  }
  return out;
}

namespace {

// Bars of several series over shared categories, as inline SVG.
std::string BarChart(const std::vector<std::string>& labels,
                     const std::vector<std::pair<std::string, std::vector<double>>>& series,
                     const std::string& unit, int decimals = 1) {
  const int w = 760;
  const int left = 180;
  const int row = 14 * static_cast<int>(std::max<std::size_t>(1, series.size())) + 6;
  const int h = 30 + row * static_cast<int>(labels.size());
  double max = 0;
  for (const auto& [name, values] : series) {
    for (double v : values) max = std::max(max, v);
  }
  if (max <= 0) max = 1;
  std::string svg =
      fmt::format("<svg viewBox=\"0 0 {} {}\" width=\"{}\" role=\"img\" class=\"chart\">", w, h, w);
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const int y = 20 + row * static_cast<int>(i);
    svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>", left - 6,
                       y + row / 2, EscapeMarkup(labels[i]));
    for (std::size_t s = 0; s < series.size(); ++s) {
      const double v = i < series[s].second.size() ? series[s].second[i] : 0;
      const double len = (w - left - 80) * v / max;
      const int by = y + 14 * static_cast<int>(s);
      svg += fmt::format(
          "<rect x=\"{}\" y=\"{}\" width=\"{:.1f}\" height=\"12\" fill=\"{}\"/>"
          "<text x=\"{:.1f}\" y=\"{}\" class=\"v\">{:.{}f}{}</text>",
          left, by, len, kColours[s % std::size(kColours)], left + len + 4, by + 10, v, decimals,
          EscapeMarkup(unit));
    }
  }
  return svg + "</svg>";
}

// One policy's response-time histogram as columns (0 … 20+ minutes), small enough to stand beside
// the others; `max` is shared so that their heights compare.
std::string Histogram(const std::string& title, const std::vector<double>& counts, double max,
                      const char* colour) {
  const int w = 300;
  const int h = 150;
  const int bottom = 125;
  const double col = static_cast<double>(w - 20) / static_cast<double>(counts.size());
  if (max <= 0) max = 1;
  std::string svg = fmt::format(
      "<svg viewBox=\"0 0 {} {}\" width=\"{}\" role=\"img\" class=\"chart\"><text x=\"10\" "
      "y=\"14\">{}</text>",
      w, h, w, EscapeMarkup(title));
  for (std::size_t m = 0; m < counts.size(); ++m) {
    const double bh = (bottom - 24) * counts[m] / max;
    const double x = 10 + col * static_cast<double>(m);
    svg += fmt::format(
        "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" "
        "fill=\"{}\"><title>{}: {:.0f}</title></rect>",
        x, bottom - bh, col - 1, bh, colour,
        m + 1 == counts.size() ? std::to_string(m) + "+" : std::to_string(m), counts[m]);
    if (m % 5 == 0 || m + 1 == counts.size()) {
      svg += fmt::format("<text x=\"{:.1f}\" y=\"{}\">{}</text>", x, bottom + 14,
                         m + 1 == counts.size() ? std::to_string(m) + "+" : std::to_string(m));
    }
  }
  return svg + "</svg>";
}

std::string Legend(const std::vector<PolicyKpi>& kpis, bool zh) {
  std::string out = "<p class=\"legend\">";
  for (std::size_t s = 0; s < kpis.size(); ++s) {
    out += fmt::format("<span><i style=\"background:{}\"></i>{}</span>",
                       kColours[s % std::size(kColours)],
                       EscapeMarkup(zh ? kpis[s].policy.label.zh : kpis[s].policy.label.en));
  }
  return out + "</p>";
}

// The frame every map of slow cells shares: the cells of every policy and the stations, padded
// by a cell, in a width of 360 and the height the latitude asks for.
struct MapFrame {
  double lat0 = 90, lat1 = -90, lon0 = 180, lon1 = -180;
  int w = 360, h = 120;
  [[nodiscard]] bool empty() const { return lat1 < lat0; }
  [[nodiscard]] double X(double lon) const { return (lon - lon0) / (lon1 - lon0) * w; }
  [[nodiscard]] double Y(double lat) const { return (lat1 - lat) / (lat1 - lat0) * h; }
  [[nodiscard]] bool Inside(double lat, double lon) const {
    return lat >= lat0 && lat <= lat1 && lon >= lon0 && lon <= lon1;
  }
};

MapFrame FrameOf(const std::vector<PolicyKpi>& kpis, const core::Region& region) {
  MapFrame f;
  auto widen = [&](double lat, double lon) {
    f.lat0 = std::min(f.lat0, lat);
    f.lat1 = std::max(f.lat1, lat);
    f.lon0 = std::min(f.lon0, lon);
    f.lon1 = std::max(f.lon1, lon);
  };
  for (const PolicyKpi& k : kpis) {
    for (const GroupKpi& g : k.cells) {
      double lat = 0, lon = 0;
      if (std::sscanf(g.key.c_str(), "%lf,%lf", &lat, &lon) == 2) widen(lat, lon);
    }
  }
  for (const core::Station& s : region.stations) widen(s.location.lat, s.location.lon);
  if (f.empty()) return f;
  const double pad = kCellDeg;
  f.lat0 -= pad, f.lat1 += pad, f.lon0 -= pad, f.lon1 += pad;
  const double aspect = std::cos((f.lat0 + f.lat1) * 0.5 * 3.14159265358979 / 180.0);
  f.h = std::clamp(static_cast<int>(f.w * (f.lat1 - f.lat0) / ((f.lon1 - f.lon0) * aspect)), 120,
                   600);
  return f;
}

// The roads inside the frame as one SVG path: each road segment once (a two-way street is two
// edges), whole pixels' tenths.
std::string RoadsPath(const geo::RoadGraph& roads, const MapFrame& f) {
  if (!roads.has_coordinates() || f.empty()) return "";
  std::string d;
  for (geo::NodeIndex u = 0; u < roads.node_count(); ++u) {
    const geo::LatLonE6 a = roads.Coordinate(u);
    const double alat = a.lat_e6 / 1e6, alon = a.lon_e6 / 1e6;
    for (std::size_t e = roads.EdgeBegin(u); e < roads.EdgeEnd(u); ++e) {
      const geo::NodeIndex v = roads.Target(e);
      // A two-way street once: from its smaller end, unless only the other way exists.
      if (v < u && roads.EdgeTime(v, u) != geo::kUnreachable) continue;
      const geo::LatLonE6 b = roads.Coordinate(v);
      const double blat = b.lat_e6 / 1e6, blon = b.lon_e6 / 1e6;
      if (!f.Inside(alat, alon) && !f.Inside(blat, blon)) continue;
      d += fmt::format("M{:.1f} {:.1f}L{:.1f} {:.1f}", f.X(alon), f.Y(alat), f.X(blon), f.Y(blat));
    }
  }
  return d;
}

// Cells where the first unit arrives late, over the roads (`roads`: the first map defines the
// path, the others use it) with the stations as dots.
std::string SlowMap(const PolicyKpi& k, const core::Region& region, double standard_min,
                    const MapFrame& f, const std::string& roads) {
  if (f.empty()) return "";
  std::string svg = fmt::format(
      "<svg viewBox=\"0 0 {} {}\" width=\"{}\" class=\"map\"><rect width=\"{}\" height=\"{}\" "
      "fill=\"#f8f9fa\"/>",
      f.w, f.h, f.w, f.w, f.h);
  for (const GroupKpi& g : k.cells) {
    double lat = 0, lon = 0;
    if (std::sscanf(g.key.c_str(), "%lf,%lf", &lat, &lon) != 2) continue;
    const double ratio = g.response.p50_s / (standard_min * 60.0);
    const char* colour = ratio <= 0.75  ? "#2f9e44"
                         : ratio <= 1.0 ? "#fab005"
                         : ratio <= 1.5 ? "#f76707"
                                        : "#c92a2a";
    svg += fmt::format(
        "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\" "
        "fill-opacity=\"0.75\"><title>{} p50 {} min, n={}</title></rect>",
        f.X(lon - kCellDeg / 2), f.Y(lat + kCellDeg / 2), f.X(f.lon0 + kCellDeg) - f.X(f.lon0),
        f.Y(f.lat0) - f.Y(f.lat0 + kCellDeg), colour, EscapeMarkup(g.key),
        Minutes(g.response.p50_s), g.response.n);
  }
  svg += roads;
  for (const core::Station& s : region.stations) {
    svg += fmt::format(
        "<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"4\" fill=\"#1c7ed6\" "
        "stroke=\"#fff\"><title>{}</title></circle>",
        f.X(s.location.lon), f.Y(s.location.lat),
        EscapeMarkup(s.name.en.empty() ? s.name.zh : s.name.en));
  }
  return svg + "</svg>";
}

}  // namespace

std::string ReportHtml(const ReportInput& in, const std::vector<PolicyKpi>& kpis, bool zh) {
  auto t = [zh](const char* z, const char* e) { return std::string(zh ? z : e); };
  const Scenario& sc = *in.scenario;
  std::string h = "<!doctype html><html lang=\"" + t("zh-CN", "en") +
                  "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                  "content=\"width=device-width\"><title>" +
                  EscapeMarkup(zh ? sc.name.zh : (sc.name.en.empty() ? sc.name.zh : sc.name.en)) +
                  "</title><style>body{font:14px system-ui,sans-serif;margin:24px;color:#212529}"
                  "table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #dee2e6;"
                  "padding:3px "
                  "8px;text-align:right}td:first-child{white-space:nowrap}th{background:#f1f3f5}td:"
                  "first-child,th:first-"
                  "child{text-align:left}.chart text,.map text{font-size:11px}.legend span{margin-"
                  "right:16px}.legend i{display:inline-block;width:12px;height:12px;margin-right:"
                  "4px}.maps{display:flex;gap:16px;flex-wrap:wrap}</style></head><body>";
  h += "<h1>" + EscapeMarkup(zh ? sc.name.zh : (sc.name.en.empty() ? sc.name.zh : sc.name.en)) +
       "</h1>";
  h += fmt::format("<p>{} {} · {} {} h · {} {} · {} {} · {} {}</p>", t("开始", "Start"),
                   FormatTime(in.built->start), t("时长", "span"), sc.hours, t("事件", "incidents"),
                   in.built->incidents.size(), t("随机种子", "seed"), sc.seed,
                   t("时长分布", "step times"), EscapeMarkup(in.durations_source));
  h += Legend(kpis, zh);
  // What the figures stand on: the standard, what was left out and why, and the approximations.
  {
    std::string standard =
        fmt::format("{} {:g} {}", t("默认", "default"), sc.standard_default_min, t("分钟", "min"));
    for (const auto& [type, minutes] : sc.standard_min) {
      const auto* info = core::FindIncidentType(type);
      standard +=
          fmt::format("; {} {:g} {}",
                      EscapeMarkup(info != nullptr ? std::string(zh ? info->zh : info->en) : type),
                      minutes, t("分钟", "min"));
    }
    h += "<h2>" + t("口径", "What the figures stand on") + "</h2><ul><li>" +
         t("响应标准(接警至首车到场): ",
           "Response standard (call received → first unit on "
           "scene): ") +
         standard + "</li><li>" +
         fmt::format("{}: {} {} · {} {} · {} {}", t("未计入的事件", "Calls left out"),
                     t("区域外", "outside the region"), in.built->outside_region,
                     t("开始前", "before the start"), in.built->before_start,
                     t("结束后", "after the end"), in.built->after_end) +
         "</li>";
    for (const ImportReport& r : in.built->imports) {
      h += "<li>" + EscapeMarkup(r.source) + ": " +
           fmt::format("{} {} · {} {} · {} {}", t("行", "rows"), r.rows_read, t("拒绝", "rejected"),
                       r.rows_rejected, t("警情", "calls"), r.calls_built);
      auto list = [&](const std::map<std::string, std::size_t>& types) {
        std::string out;
        for (const auto& [type, n] : types) {
          const SfTypeMapping* m = FindSfCallType(type);
          out += (out.empty() ? "" : ", ") + EscapeMarkup(type) +
                 (m != nullptr ? " → " + EscapeMarkup(std::string(m->code)) : "") +
                 fmt::format(" ({})", n);
        }
        return out;
      };
      if (!r.approximate_types.empty()) {
        h += "<br>" +
             t("近似映射的警情类型: ", "Call types mapped to the nearest catalogue type: ") +
             list(r.approximate_types);
      }
      if (!r.unmapped_types.empty()) {
        h += "<br>" +
             t("未在映射表中的类型(按技术救援处理): ",
               "Call types not in the table (taken as a technical rescue): ") +
             list(r.unmapped_types);
      }
      h += "</li>";
    }
    h += "<li>" +
         t("从未有力量到场的事件在中位数与 P90 中计为无限迟(∞)。",
           "Calls no unit ever reached count as infinitely late (∞) in the median and p90.") +
         "</li></ul>";
  }
  h += "<h2>" + t("关键指标", "Key figures") + "</h2><table><tr><th></th>";
  for (const PolicyKpi& k : kpis) h += "<th>" + std::string(k.policy.name) + "</th>";
  h += "</tr>";
  auto row = [&](const std::string& label, auto value) {
    h += "<tr><td>" + label + "</td>";
    for (const PolicyKpi& k : kpis) h += "<td>" + value(k) + "</td>";
    h += "</tr>";
  };
  row(t("事件数", "Incidents"), [](const PolicyKpi& k) { return std::to_string(k.incidents); });
  row(t("首车到场中位数(分钟)", "First unit on scene, median (min)"),
      [](const PolicyKpi& k) { return Minutes(k.response.p50_s); });
  row(t("首车到场 P90(分钟)", "First unit on scene, p90 (min)"),
      [](const PolicyKpi& k) { return Minutes(k.response.p90_s); });
  row(t("参照: 全部力量在站空闲时的首车到场 中位数 / P90(分钟)",
        "Reference: first unit on scene with every unit free at its station, median / p90 (min)"),
      [](const PolicyKpi& k) { return Minutes(k.bound.p50_s) + " / " + Minutes(k.bound.p90_s); });
  row(t("P90 可改进空间(P90 − 参照 P90, 分钟)",
        "Room for a dispatch rule at p90 (p90 − reference p90, min)"),
      [](const PolicyKpi& k) {
        const double d = k.response.p90_s - k.bound.p90_s;
        return std::isfinite(d) ? fmt::format("{:.2f}", d / 60) : std::string("∞");
      });
  row(t("标准时间内到场比例", "Share within the standard time"),
      [](const PolicyKpi& k) { return fmt::format("{:.1f} %", k.within_share * 100); });
  row(t("接警到派车中位数(分钟)", "Report to dispatch, median (min)"),
      [](const PolicyKpi& k) { return Minutes(k.to_dispatch.p50_s); });
  row(t("未满足的预案力量(车次)", "Plan units not sent"),
      [](const PolicyKpi& k) { return std::to_string(k.units_required - k.units_sent); });
  row(t("力量不足的事件", "Incidents short of their plan"),
      [](const PolicyKpi& k) { return std::to_string(k.incidents_short); });
  row(t("等待空闲力量的事件", "Incidents that waited for a free unit"),
      [](const PolicyKpi& k) { return std::to_string(k.waited); });
  row(t("无力量到场的事件(分位数中计为无限迟)",
        "Incidents no unit reached (infinitely late in the percentiles)"),
      [](const PolicyKpi& k) { return std::to_string(k.response.unreached); });
  row(t("最忙的力量类型(瓶颈)", "Busiest unit type (the bottleneck)"), [&](const PolicyKpi& k) {
    if (k.by_unit_type.empty()) return std::string("-");
    const UnitTypeKpi& b = k.by_unit_type.front();
    return fmt::format("{} {:.1f} %", UnitTypeName(b.type, zh), b.utilisation * 100);
  });
  h += "</table><p>" +
       t("参照值: 同样的事件、同样的接警处理与出动时间, 但每次都有全部力量在各自站点空闲, "
         "由最快到达的匹配力量出动。它与策略无关; 任何派车规则都难以低于它(仅返程途中的力量"
         "可略快), 策略与参照之差才是派车决策能够改进的部分。",
         "Reference: the same incidents with the same call processing and turnout draws, but "
         "every unit free at its own station and the soonest matching one sent. It is the same "
         "for every policy and no dispatch rule can do much better (only a unit already on its "
         "way home can be a little sooner): the gap between a policy and the reference is all a "
         "dispatch decision can win.") +
       "</p>";

  h += "<h2>" + t("首车到场时间分布(分钟)", "Response time distribution (minutes)") + "</h2><p>" +
       t("每个策略一幅, 纵轴刻度相同; 从未到达的事件不在图中(见上表)。",
         "One chart per policy on the same scale; calls never reached are not drawn (see the "
         "table above).") +
       "</p><div class=\"maps\">";
  {
    std::vector<std::vector<double>> all;
    double max = 0;
    for (const PolicyKpi& k : kpis) {
      std::vector<double> v(21, 0);
      for (std::size_t m = 0; m < k.histogram.size(); ++m) {
        v[std::min<std::size_t>(m, 20)] += static_cast<double>(k.histogram[m]);
      }
      for (double x : v) max = std::max(max, x);
      all.push_back(std::move(v));
    }
    for (std::size_t p = 0; p < kpis.size(); ++p) {
      h += Histogram(std::string(kpis[p].policy.name), all[p], max,
                     kColours[p % std::size(kColours)]);
    }
  }
  h += "</div>";
  auto groups = [&](const char* title_zh, const char* title_en, auto member) {
    h += "<h2>" + t(title_zh, title_en) + "</h2>";
    std::vector<std::string> labels;
    const std::vector<GroupKpi>& first = kpis.front().*member;
    for (const GroupKpi& g : first) {
      labels.push_back((zh ? g.name : g.name_en).empty() ? g.key : (zh ? g.name : g.name_en));
    }
    std::vector<std::pair<std::string, std::vector<double>>> p50, p90;
    h += "<table><tr><th></th>";
    for (const PolicyKpi& k : kpis) h += fmt::format("<th colspan=\"4\">{}</th>", k.policy.name);
    h += "</tr><tr><th></th>";
    for (std::size_t k = 0; k < kpis.size(); ++k) {
      h += fmt::format("<th>n</th><th>p50 {0}</th><th>p90 {0}</th><th>{1}</th>", t("分", "min"),
                       t("达标", "within"));
    }
    h += "</tr>";
    for (std::size_t i = 0; i < first.size(); ++i) {
      h += "<tr><td>" + EscapeMarkup(labels[i]) + "</td>";
      for (const PolicyKpi& k : kpis) {
        const GroupKpi& g = (k.*member)[i];
        const double share = g.incidents == 0 ? 0
                                              : 100.0 * static_cast<double>(g.within) /
                                                    static_cast<double>(g.incidents);
        h += fmt::format("<td>{}</td><td>{}</td><td>{}</td><td>{:.0f} %</td>", g.incidents,
                         Minutes(g.response.p50_s), Minutes(g.response.p90_s), share);
      }
      h += "</tr>";
    }
    h += "</table>";
    std::vector<std::pair<std::string, std::vector<double>>> series;
    for (const PolicyKpi& k : kpis) {
      std::vector<double> v;
      // An infinite p90 (a tenth never reached) is drawn at the chart's 60-minute edge.
      for (const GroupKpi& g : k.*member) v.push_back(std::min(g.response.p90_s / 60.0, 60.0));
      series.emplace_back(std::string(k.policy.name), v);
    }
    h += "<p>P90 " + t("分钟", "minutes") + "</p>" + BarChart(labels, series, "");
  };
  groups("按事件类型", "By incident type", &PolicyKpi::by_type);
  groups("按辖区", "By district", &PolicyKpi::by_district);

  h += "<h2>" + t("力量利用率(按类型, 最忙在前)", "Unit utilisation by type, busiest first") +
       "</h2><p>" +
       t("利用率 = 出动至离开现场的时间 / 模拟时长; 同类各单位的平均值, 括号内为最忙单位。",
         "Utilisation = dispatched to leaving the scene over the span simulated; the mean of the "
         "type's units, its busiest unit in brackets.") +
       "</p><table><tr><th></th>";
  for (const PolicyKpi& k : kpis) h += "<th>" + EscapeMarkup(std::string(k.policy.name)) + "</th>";
  h += "</tr>";
  for (const UnitTypeKpi& first : kpis.front().by_unit_type) {
    h += "<tr><td>" + EscapeMarkup(UnitTypeName(first.type, zh)) +
         fmt::format(" ×{}", first.units) + "</td>";
    for (const PolicyKpi& k : kpis) {
      const auto it = std::find_if(k.by_unit_type.begin(), k.by_unit_type.end(),
                                   [&](const UnitTypeKpi& x) { return x.type == first.type; });
      h += it == k.by_unit_type.end() ? std::string("<td>-</td>")
                                      : fmt::format("<td>{:.1f} % ({:.1f} %)</td>",
                                                    it->utilisation * 100, it->busiest * 100);
    }
    h += "</tr>";
  }
  h += "</table><details><summary>" + t("各单位", "Each unit") + "</summary><table><tr><th></th>";
  for (const PolicyKpi& k : kpis) h += "<th>" + EscapeMarkup(std::string(k.policy.name)) + "</th>";
  h += "</tr>";
  for (std::size_t u = 0; u < kpis.front().units.size(); ++u) {
    h += "<tr><td>" + EscapeMarkup(kpis.front().units[u].unit + " " + kpis.front().units[u].type) +
         "</td>";
    for (const PolicyKpi& k : kpis) {
      h += u < k.units.size() ? fmt::format("<td>{:.1f} %</td>", k.units[u].utilisation * 100)
                              : std::string("<td>-</td>");
    }
    h += "</tr>";
  }
  h += "</table></details>";
  h += "<h2>" + t("响应偏慢的区域", "Where response is slow") + "</h2><p>" +
       t("每格约 500 米; 颜色为首车到场中位数与标准时间之比: 绿 ≤0.75, 黄 ≤1, 橙 ≤1.5, 红 >1.5; "
         "蓝点为站点。",
         "Cells of about 500 m; colour is the median first-unit time over the standard: green ≤ "
         "0.75, yellow ≤ 1, orange ≤ 1.5, red > 1.5; blue dots are stations.") +
       (in.roads != nullptr ? t(" 灰线为道路。", " Grey lines are the roads.") : std::string()) +
       "</p><div class=\"maps\">";
  {
    const MapFrame frame = FrameOf(kpis, *in.region);
    const std::string path = in.roads != nullptr ? RoadsPath(*in.roads, frame) : std::string();
    for (std::size_t p = 0; p < kpis.size(); ++p) {
      // The roads once in the page: the first map defines them, the others use them.
      std::string roads;
      if (!path.empty()) {
        roads = p == 0 ? "<path id=\"roads\" d=\"" + path +
                             "\" fill=\"none\" stroke=\"#868e96\" stroke-width=\"0.4\"/>"
                       : "<use href=\"#roads\"/>";
      }
      h += "<figure>" + SlowMap(kpis[p], *in.region, sc.standard_default_min, frame, roads) +
           "<figcaption>" + std::string(kpis[p].policy.name) + "</figcaption></figure>";
    }
  }
  h += "</div></body></html>\n";
  return h;
}

}  // namespace elink::sim
