#include "sim/report.hpp"

#include "core/incident_types.hpp"
#include "util/text.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <map>

namespace elink::sim {
namespace {

using nlohmann::ordered_json;

constexpr std::size_t kHistogramMinutes = 60;

double Seconds(Millis m) { return static_cast<double>(m.count()) / 1000.0; }

Percentiles Of(std::vector<double> s) {
  Percentiles p;
  p.n = s.size();
  if (s.empty()) return p;
  std::sort(s.begin(), s.end());
  // Nearest rank.
  auto rank = [&](double q) {
    const auto r = static_cast<std::size_t>(std::ceil(q * static_cast<double>(s.size())));
    return s[std::clamp<std::size_t>(r, 1, s.size()) - 1];
  };
  p.p50_s = rank(0.5);
  p.p90_s = rank(0.9);
  double sum = 0;
  for (double x : s) sum += x;
  p.mean_s = sum / static_cast<double>(s.size());
  return p;
}

// Fixed formatting so that reports compare byte for byte.
double Round(double x, int digits) {
  const double f = std::pow(10.0, digits);
  return std::round(x * f) / f;
}

ordered_json ToJson(const Percentiles& p) {
  return {{"n", p.n},
          {"p50_s", Round(p.p50_s, 1)},
          {"p90_s", Round(p.p90_s, 1)},
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
  std::size_t within = 0;
  std::size_t incidents = 0;
};

std::vector<GroupKpi> Kpis(const std::map<std::string, Group>& groups) {
  std::vector<GroupKpi> out;
  for (const auto& [key, g] : groups) {
    GroupKpi k;
    k.key = key;
    k.response = Of(g.response);
    k.within = g.within;
    k.incidents = g.incidents;
    out.push_back(std::move(k));
  }
  return out;
}

std::string Minutes(double s) { return fmt::format("{:.1f}", s / 60.0); }

// One per policy (a scenario runs at most 8).
constexpr const char* kColours[] = {"#6b7280", "#d9480f", "#1c7ed6", "#2f9e44",
                                    "#ae3ec9", "#e67700", "#0c8599", "#862e9c"};

}  // namespace

PolicyKpi Summarise(const RunResult& run, const Scenario& scenario, const core::Region& region) {
  PolicyKpi k;
  k.policy = run.policy;
  k.incidents = run.incidents.size();
  k.histogram.assign(kHistogramMinutes + 1, 0);
  k.commands = run.commands;
  k.events = run.events;
  std::vector<double> response;
  std::vector<double> to_dispatch;
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
    Group& t = by_type[o.type];
    Group& d = by_district[o.district.empty() ? "-" : o.district];
    const std::string cell =
        fmt::format("{:.4f},{:.4f}", (std::floor(o.location.lat / kCellDeg) + 0.5) * kCellDeg,
                    (std::floor(o.location.lon / kCellDeg) + 0.5) * kCellDeg);
    Group& c = cells[cell];
    for (Group* g : {&t, &d, &c}) ++g->incidents;
    if (!o.to_first_arrival) continue;
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
  k.response = Of(response);
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
    p["incidents"] = k.incidents;
    p["refused"] = k.refused;
    p["no_plan"] = k.no_plan;
    p["unserved"] = k.unserved;
    p["waited_for_a_unit"] = k.waited;
    p["served"] = k.served;
    p["within_standard"] = k.within;
    p["within_standard_share"] = Round(k.within_share, 4);
    p["response"] = ToJson(k.response);
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
  std::string out = "input,ref,time,lat,lon,type,level";
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
    out += fmt::format("{},{},{},{:.6f},{:.6f},{},{}", i, ref, FormatTime(s.at), s.location.lat,
                       s.location.lon, s.type, core::CodeOf(s.level));
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

std::string Legend(const std::vector<PolicyKpi>& kpis, bool zh) {
  std::string out = "<p class=\"legend\">";
  for (std::size_t s = 0; s < kpis.size(); ++s) {
    out += fmt::format("<span><i style=\"background:{}\"></i>{}</span>",
                       kColours[s % std::size(kColours)],
                       EscapeMarkup(zh ? kpis[s].policy.label.zh : kpis[s].policy.label.en));
  }
  return out + "</p>";
}

// Cells where the first unit arrives late, as dots on the region's outline of stations.
std::string SlowMap(const PolicyKpi& k, const core::Region& region, double standard_min) {
  double lat0 = 90, lat1 = -90, lon0 = 180, lon1 = -180;
  auto widen = [&](double lat, double lon) {
    lat0 = std::min(lat0, lat);
    lat1 = std::max(lat1, lat);
    lon0 = std::min(lon0, lon);
    lon1 = std::max(lon1, lon);
  };
  for (const GroupKpi& g : k.cells) {
    double lat = 0, lon = 0;
    if (std::sscanf(g.key.c_str(), "%lf,%lf", &lat, &lon) == 2) widen(lat, lon);
  }
  for (const core::Station& s : region.stations) widen(s.location.lat, s.location.lon);
  if (lat1 < lat0) return "";
  const double pad = kCellDeg;
  lat0 -= pad, lat1 += pad, lon0 -= pad, lon1 += pad;
  const double aspect = std::cos((lat0 + lat1) * 0.5 * 3.14159265358979 / 180.0);
  const int w = 360;
  const int h =
      std::clamp(static_cast<int>(w * (lat1 - lat0) / ((lon1 - lon0) * aspect)), 120, 600);
  auto x = [&](double lon) { return (lon - lon0) / (lon1 - lon0) * w; };
  auto y = [&](double lat) { return (lat1 - lat) / (lat1 - lat0) * h; };
  std::string svg = fmt::format(
      "<svg viewBox=\"0 0 {} {}\" width=\"{}\" class=\"map\"><rect width=\"{}\" height=\"{}\" "
      "fill=\"#f8f9fa\"/>",
      w, h, w, w, h);
  for (const GroupKpi& g : k.cells) {
    double lat = 0, lon = 0;
    if (std::sscanf(g.key.c_str(), "%lf,%lf", &lat, &lon) != 2) continue;
    const double ratio = g.response.p50_s / (standard_min * 60.0);
    const char* colour = ratio <= 0.75  ? "#2f9e44"
                         : ratio <= 1.0 ? "#fab005"
                         : ratio <= 1.5 ? "#f76707"
                                        : "#c92a2a";
    svg += fmt::format(
        "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\">"
        "<title>{} p50 {} min, n={}</title></rect>",
        x(lon - kCellDeg / 2), y(lat + kCellDeg / 2), x(lon0 + kCellDeg) - x(lon0),
        y(lat0) - y(lat0 + kCellDeg), colour, EscapeMarkup(g.key), Minutes(g.response.p50_s),
        g.response.n);
  }
  for (const core::Station& s : region.stations) {
    svg += fmt::format(
        "<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"4\" fill=\"#1c7ed6\" "
        "stroke=\"#fff\"><title>{}</title></circle>",
        x(s.location.lon), y(s.location.lat),
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
  row(t("无力量到场的事件", "Incidents no unit reached"),
      [](const PolicyKpi& k) { return std::to_string(k.unserved); });
  row(t("平均力量利用率", "Mean unit utilisation"),
      [](const PolicyKpi& k) { return fmt::format("{:.1f} %", k.mean_utilisation * 100); });
  h += "</table>";

  h += "<h2>" + t("首车到场时间分布(分钟)", "Response time distribution (minutes)") + "</h2>";
  {
    std::vector<std::string> labels;
    for (std::size_t m = 0; m <= 20; ++m) labels.push_back(m == 20 ? "20+" : std::to_string(m));
    std::vector<std::pair<std::string, std::vector<double>>> series;
    for (const PolicyKpi& k : kpis) {
      std::vector<double> v(21, 0);
      for (std::size_t m = 0; m < k.histogram.size(); ++m) {
        v[std::min<std::size_t>(m, 20)] += static_cast<double>(k.histogram[m]);
      }
      series.emplace_back(std::string(k.policy.name), v);
    }
    h += BarChart(labels, series, "", 0);
  }
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
      for (const GroupKpi& g : k.*member) v.push_back(g.response.p90_s / 60.0);
      series.emplace_back(std::string(k.policy.name), v);
    }
    h += "<p>P90 " + t("分钟", "minutes") + "</p>" + BarChart(labels, series, "");
  };
  groups("按事件类型", "By incident type", &PolicyKpi::by_type);
  groups("按辖区", "By district", &PolicyKpi::by_district);

  h += "<h2>" + t("力量利用率", "Unit utilisation") + "</h2>";
  {
    std::vector<std::string> labels;
    for (const UnitKpi& u : kpis.front().units) labels.push_back(u.unit + " " + u.type);
    std::vector<std::pair<std::string, std::vector<double>>> series;
    for (const PolicyKpi& k : kpis) {
      std::vector<double> v;
      for (const UnitKpi& u : k.units) v.push_back(u.utilisation * 100);
      series.emplace_back(std::string(k.policy.name), v);
    }
    h += BarChart(labels, series, "%");
  }
  h += "<h2>" + t("响应偏慢的区域", "Where response is slow") + "</h2><p>" +
       t("每格约 500 米; 颜色为首车到场中位数与标准时间之比: 绿 ≤0.75, 黄 ≤1, 橙 ≤1.5, 红 >1.5; "
         "蓝点为站点。",
         "Cells of about 500 m; colour is the median first-unit time over the standard: green ≤ "
         "0.75, yellow ≤ 1, orange ≤ 1.5, red > 1.5; blue dots are stations.") +
       "</p><div class=\"maps\">";
  for (const PolicyKpi& k : kpis) {
    h += "<figure>" + SlowMap(k, *in.region, sc.standard_default_min) + "<figcaption>" +
         std::string(k.policy.name) + "</figcaption></figure>";
  }
  h += "</div></body></html>\n";
  return h;
}

}  // namespace elink::sim
