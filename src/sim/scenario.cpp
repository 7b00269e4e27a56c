#include "sim/scenario.hpp"

#include "core/incident_types.hpp"
#include "core/toml_reader.hpp"
#include "engine/decide.hpp"
#include "sim/calls.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <sstream>

namespace elink::sim {
namespace {

// z of the standard normal's 90th percentile.
constexpr double kZ90 = 1.2815515655446004;

constexpr std::size_t kMaxScenarioBytes = 4u << 20;
constexpr std::size_t kMaxScript = 10'000;
constexpr std::size_t kMaxPolicies = 8;
constexpr std::size_t kShortText = core::kMaxShortText;
constexpr std::size_t kLongText = 4000;
constexpr double kMaxHours = 24.0 * 366 * 2;

using core::Need;
using core::TomlDoc;
using Reader = core::TomlReader;

Status ReadDistribution(const Reader& r, std::string_view key, Distribution* out) {
  const toml::node* n = r.Get(key);
  if (n == nullptr) return Status::Ok();
  const toml::table* t = n->as_table();
  if (t == nullptr) return r.KeyError(*n, key, "expected a table { median_s = …, p90_s = … }");
  Reader d(*t, r.doc(), r.Path(key));
  ELINK_RETURN_IF_ERROR(d.AllowOnly({"median_s", "p90_s"}));
  if (t->get("median_s") == nullptr || t->get("p90_s") == nullptr) {
    return r.KeyError(*n, key, "needs both median_s and p90_s");
  }
  Distribution dist;
  ELINK_RETURN_IF_ERROR(d.Number("median_s", &dist.median_s, Need::kOptional, 0.001, 7 * 86400.0));
  ELINK_RETURN_IF_ERROR(d.Number("p90_s", &dist.p90_s, Need::kOptional, 0.001, 7 * 86400.0));
  if (dist.p90_s < dist.median_s) return r.KeyError(*n, key, "p90_s is below median_s");
  *out = dist;
  return Status::Ok();
}

Status ReadStepTimes(const Reader& r, StepTimes* out) {
  ELINK_RETURN_IF_ERROR(r.AllowOnly({"call_processing", "turnout", "on_scene"}));
  ELINK_RETURN_IF_ERROR(ReadDistribution(r, "call_processing", &out->call_processing));
  ELINK_RETURN_IF_ERROR(ReadDistribution(r, "turnout", &out->turnout));
  ELINK_RETURN_IF_ERROR(ReadDistribution(r, "on_scene", &out->on_scene));
  return Status::Ok();
}

Status CheckType(const Reader& r, const toml::node& at, std::string_view key,
                 const std::string& type) {
  if (core::FindIncidentType(type) == nullptr) {
    return r.KeyError(at, key, "unknown incident type '" + type + "'");
  }
  return Status::Ok();
}

Result<std::string> ReadFile(const std::filesystem::path& path) {
  ELINK_ASSIGN_OR_RETURN(
      std::optional<std::string> text,
      core::ReadConfigText(path, path.filename().string(), Need::kRequired, kMaxScenarioBytes));
  return std::move(*text);
}

constexpr std::size_t kMaxRampReadings = 10'000;

Status ReadScriptedReading(const Reader& c, const toml::table& t,
                           std::vector<ScriptedReading>* out) {
  ELINK_RETURN_IF_ERROR(
      c.AllowOnly({"kind", "at_min", "sensor", "value", "to_value", "until_min", "every_min"}));
  ScriptedReading step;
  if (t.get("at_min") == nullptr || t.get("value") == nullptr) {
    return c.KeyError(t, "at_min", "a reading needs at_min, sensor and value");
  }
  ELINK_RETURN_IF_ERROR(c.Number("at_min", &step.at_min, Need::kOptional, 0, kMaxHours * 60));
  ELINK_RETURN_IF_ERROR(c.Text("sensor", &step.sensor, Need::kRequired, 64));
  if (step.sensor.empty()) return c.KeyError(*t.get("sensor"), "sensor", "must not be empty");
  ELINK_RETURN_IF_ERROR(c.Number("value", &step.value, Need::kOptional, -1e9, 1e9));
  const bool ramp = t.get("to_value") != nullptr;
  if (ramp != (t.get("until_min") != nullptr)) {
    return c.KeyError(t, "to_value", "a ramp needs both to_value and until_min");
  }
  if (!ramp && t.get("every_min") != nullptr) {
    return c.KeyError(*t.get("every_min"), "every_min", "only a ramp (to_value) has every_min");
  }
  if (ramp) {
    double to = 0;
    ELINK_RETURN_IF_ERROR(c.Number("to_value", &to, Need::kOptional, -1e9, 1e9));
    step.to_value = to;
    ELINK_RETURN_IF_ERROR(
        c.Number("until_min", &step.until_min, Need::kOptional, 0, kMaxHours * 60));
    if (step.until_min <= step.at_min) {
      return c.KeyError(*t.get("until_min"), "until_min", "must be after at_min");
    }
    ELINK_RETURN_IF_ERROR(c.Number("every_min", &step.every_min, Need::kOptional, 0.1, 1440));
    if ((step.until_min - step.at_min) / step.every_min > kMaxRampReadings) {
      return c.KeyError(*t.get("until_min"), "until_min", "more than 10000 readings in the ramp");
    }
  }
  out->push_back(std::move(step));
  return Status::Ok();
}

template <typename E>
Status ReadCode(const Reader& c, const toml::table& t, std::string_view key, E* out,
                std::string_view expected) {
  std::string code;
  ELINK_RETURN_IF_ERROR(c.Text(key, &code, Need::kOptional, 20));
  if (t.get(key) == nullptr) return Status::Ok();
  const auto v = core::ParseEnum<E>(code);
  if (!v) return c.KeyError(*t.get(key), key, fmt::format("expected {}", expected));
  *out = *v;
  return Status::Ok();
}

Status ReadScriptedWarning(const Reader& c, const toml::table& t,
                           std::vector<ScriptedWarning>* out) {
  ELINK_RETURN_IF_ERROR(c.AllowOnly({"kind",
                                     "at_min",
                                     "org",
                                     "colour",
                                     "category",
                                     "urgency",
                                     "certainty",
                                     "event",
                                     "event_en",
                                     "headline",
                                     "headline_en",
                                     "description",
                                     "description_en",
                                     "instruction",
                                     "instruction_en",
                                     "area",
                                     "area_en",
                                     "lat",
                                     "lon",
                                     "radius_km",
                                     "expires_h"}));
  ScriptedWarning step;
  core::AlertContent& a = step.content;
  a.exercise = true;
  for (const char* key :
       {"at_min", "org", "colour", "headline", "area", "lat", "lon", "radius_km"}) {
    if (t.get(key) == nullptr) {
      return c.KeyError(
          t, key, "a warning needs at_min, org, colour, headline, area, lat, lon and radius_km");
    }
  }
  ELINK_RETURN_IF_ERROR(c.Number("at_min", &step.at_min, Need::kOptional, 0, kMaxHours * 60));
  std::string org;
  ELINK_RETURN_IF_ERROR(c.Text("org", &org, Need::kRequired, 64));
  a.org = core::OrgId(org);
  ELINK_RETURN_IF_ERROR(ReadCode(c, t, "colour", &a.level, "blue, yellow, orange or red"));
  ELINK_RETURN_IF_ERROR(ReadCode(c, t, "category", &a.category, "a CAP 1.2 category, e.g. Met"));
  ELINK_RETURN_IF_ERROR(
      ReadCode(c, t, "urgency", &a.urgency, "Immediate, Expected, Future, Past or Unknown"));
  ELINK_RETURN_IF_ERROR(
      ReadCode(c, t, "certainty", &a.certainty, "Observed, Likely, Possible, Unlikely or Unknown"));
  // The engine's limits (PublishAlert), so that a drill that reads is a drill that runs.
  ELINK_RETURN_IF_ERROR(c.Text("event", &a.event.zh, Need::kOptional, kShortText));
  ELINK_RETURN_IF_ERROR(c.Text("event_en", &a.event.en, Need::kOptional, kShortText));
  ELINK_RETURN_IF_ERROR(c.Text("headline", &a.headline.zh, Need::kRequired, kShortText));
  ELINK_RETURN_IF_ERROR(c.Text("headline_en", &a.headline.en, Need::kOptional, kShortText));
  ELINK_RETURN_IF_ERROR(c.Text("description", &a.description.zh, Need::kOptional, kLongText));
  ELINK_RETURN_IF_ERROR(c.Text("description_en", &a.description.en, Need::kOptional, kLongText));
  ELINK_RETURN_IF_ERROR(c.Text("instruction", &a.instruction.zh, Need::kOptional, kLongText));
  ELINK_RETURN_IF_ERROR(c.Text("instruction_en", &a.instruction.en, Need::kOptional, kLongText));
  ELINK_RETURN_IF_ERROR(c.Text("area", &a.area.description.zh, Need::kRequired, kShortText));
  ELINK_RETURN_IF_ERROR(c.Text("area_en", &a.area.description.en, Need::kOptional, kShortText));
  ELINK_RETURN_IF_ERROR(c.Number("lat", &a.area.center.lat, Need::kOptional, -90, 90));
  ELINK_RETURN_IF_ERROR(c.Number("lon", &a.area.center.lon, Need::kOptional, -180, 180));
  ELINK_RETURN_IF_ERROR(c.Number("radius_km", &a.area.radius_km, Need::kOptional, 0.01, 1000));
  ELINK_RETURN_IF_ERROR(c.Number("expires_h", &step.expires_h, Need::kOptional, 0.1, 24 * 7));
  out->push_back(std::move(step));
  return Status::Ok();
}

// [[policy]] variants, then `policies = [...]`: the list run, by name (built-ins and variants).
Status ReadPolicies(const Reader& r, std::vector<PolicySpec>* out) {
  std::vector<PolicySpec> variants;
  if (const toml::node* n = r.Get("policy")) {
    const toml::array* a = n->as_array();
    if (a == nullptr) return r.KeyError(*n, "policy", "expected [[policy]] tables");
    if (a->size() > kMaxPolicies) return r.KeyError(*n, "policy", "more than 8 policies");
    for (std::size_t i = 0; i < a->size(); ++i) {
      const toml::table* t = a->get(i)->as_table();
      if (t == nullptr) return r.KeyError(*a->get(i), "policy", "expected a table");
      Reader c(*t, r.doc(), fmt::format("policy[{}]", i));
      ELINK_RETURN_IF_ERROR(c.AllowOnly(
          {"name", "label", "label_en", "base", "window_s", "mutual_aid", "coverage_minutes"}));
      std::string name;
      std::string base;
      ELINK_RETURN_IF_ERROR(c.Text("name", &name, Need::kRequired, 40));
      ELINK_RETURN_IF_ERROR(c.Text("base", &base, Need::kRequired, 40));
      const auto base_policy = ParsePolicy(base);
      if (!base_policy) {
        return c.KeyError(*t->get("base"), "base",
                          "unknown policy (expected closest_station, recommend or joint)");
      }
      if (name.empty() || !std::all_of(name.begin(), name.end(), [](char ch) {
            return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '-';
          })) {
        return c.KeyError(*t->get("name"), "name", "use a-z, 0-9, _ and - only");
      }
      if (ParsePolicy(name) || std::any_of(variants.begin(), variants.end(),
                                           [&](const PolicySpec& v) { return v.name == name; })) {
        return c.KeyError(*t->get("name"), "name", "policy name already taken");
      }
      PolicySpec spec(*base_policy);
      spec.name = name;
      spec.label = {name, name};
      ELINK_RETURN_IF_ERROR(c.Text("label", &spec.label.zh, Need::kOptional, 80));
      ELINK_RETURN_IF_ERROR(c.Text("label_en", &spec.label.en, Need::kOptional, 80));
      if (t->get("window_s") != nullptr && spec.base != Policy::kJoint) {
        return c.KeyError(*t->get("window_s"), "window_s", "only a joint policy has a window");
      }
      ELINK_RETURN_IF_ERROR(c.Number("window_s", &spec.window_s, Need::kOptional, 0, 3600));
      if (t->get("mutual_aid") != nullptr && spec.base == Policy::kClosestStation) {
        return c.KeyError(*t->get("mutual_aid"), "mutual_aid",
                          "closest_station takes the nearest stations whatever their district");
      }
      ELINK_RETURN_IF_ERROR(c.Bool("mutual_aid", &spec.mutual_aid, Need::kOptional));
      if (t->get("coverage_minutes") != nullptr && spec.base != Policy::kRecommend) {
        return c.KeyError(*t->get("coverage_minutes"), "coverage_minutes",
                          "only a recommend policy weighs the coverage it leaves");
      }
      ELINK_RETURN_IF_ERROR(
          c.Number("coverage_minutes", &spec.coverage_minutes, Need::kOptional, 0, 60));
      variants.push_back(std::move(spec));
    }
  }
  const toml::node* n = r.Get("policies");
  if (n == nullptr) {
    out->insert(out->end(), variants.begin(), variants.end());
    return Status::Ok();
  }
  const toml::array* a = n->as_array();
  if (a == nullptr || a->empty()) return r.KeyError(*n, "policies", "expected a list of policies");
  if (a->size() > kMaxPolicies) return r.KeyError(*n, "policies", "more than 8 policies");
  out->clear();
  for (const toml::node& p : *a) {
    const auto code = p.value_exact<std::string>();
    std::optional<PolicySpec> spec;
    if (code) {
      if (auto builtin = ParsePolicy(*code)) spec = PolicySpec(*builtin);
      for (const PolicySpec& v : variants) {
        if (v.name == *code) spec = v;
      }
    }
    if (!spec) {
      return r.KeyError(p, "policies",
                        "unknown policy (expected closest_station, recommend, joint or the name of "
                        "a [[policy]])");
    }
    if (std::any_of(out->begin(), out->end(),
                    [&](const PolicySpec& x) { return x.name == spec->name; })) {
      return r.KeyError(p, "policies", "policy named twice");
    }
    out->push_back(std::move(*spec));
  }
  for (const PolicySpec& v : variants) {
    if (std::none_of(out->begin(), out->end(),
                     [&](const PolicySpec& x) { return x.name == v.name; })) {
      return r.KeyError(*n, "policies", "[[policy]] " + v.name + " is defined but not listed");
    }
  }
  return Status::Ok();
}

}  // namespace

Millis Distribution::Sample(Rng& rng) const {
  // Drawn from two uniform words by Box–Muller rather than std::normal_distribution, whose
  // algorithm differs between standard libraries: the same seed must give the same report.
  constexpr double kTwoPi = 6.283185307179586;
  const double u1 = (static_cast<double>(rng() >> 11) + 0.5) * 0x1.0p-53;
  const double u2 = static_cast<double>(rng() >> 11) * 0x1.0p-53;
  const double z = std::sqrt(-2.0 * std::log(u1)) * std::cos(kTwoPi * u2);
  const double sigma = std::log(p90_s / median_s) / kZ90;
  const double s = median_s * std::exp(sigma * z);
  // Capped at 20 medians so that a far tail cannot hold a unit for days.
  const double capped = std::min(s, median_s * 20);
  return Millis(std::max<std::int64_t>(1, std::llround(capped * 1000)));
}

Status Distribution::Validate(const std::string& field) const {
  if (!(median_s > 0) || !(p90_s >= median_s) || !std::isfinite(p90_s)) {
    return Status::InvalidArgument(field, "needs 0 < median_s <= p90_s");
  }
  return Status::Ok();
}

const StepTimes& Durations::For(const std::string& type) const {
  auto it = by_type.find(type);
  return it == by_type.end() ? fallback : it->second;
}

const Distribution& Durations::Turnout(const std::string& unit_type,
                                       const std::string& incident_type) const {
  const auto it = turnout_by_unit.find(unit_type);
  return it != turnout_by_unit.end() ? it->second : For(incident_type).turnout;
}

std::string_view CodeOf(Policy p) {
  switch (p) {
    case Policy::kClosestStation: return "closest_station";
    case Policy::kRecommend: return "recommend";
    case Policy::kJoint: return "joint";
  }
  return "?";
}

std::optional<Policy> ParsePolicy(std::string_view code) {
  for (Policy p : {Policy::kClosestStation, Policy::kRecommend, Policy::kJoint}) {
    if (CodeOf(p) == code) return p;
  }
  return std::nullopt;
}

PolicySpec::PolicySpec(Policy p) : name(CodeOf(p)), base(p) {
  switch (p) {
    case Policy::kClosestStation: label = {"最近站点", "Closest station"}; break;
    case Policy::kRecommend: label = {"elink 推荐", "elink recommendation"}; break;
    case Policy::kJoint: label = {"elink 联合指派", "elink joint assignment"}; break;
  }
}

std::vector<std::pair<double, double>> ScriptedReading::Series() const {
  std::vector<std::pair<double, double>> out;
  if (!to_value) return {{at_min, value}};
  // By step count rather than by adding every_min, so that the last reading lands on until_min
  // exactly whatever the rounding.
  const auto steps = static_cast<std::size_t>(std::ceil((until_min - at_min) / every_min - 1e-9));
  for (std::size_t k = 0; k <= steps; ++k) {
    const double m = std::min(until_min, at_min + static_cast<double>(k) * every_min);
    out.emplace_back(m, k == steps
                            ? *to_value
                            : value + (*to_value - value) * (m - at_min) / (until_min - at_min));
  }
  return out;
}

double Scenario::StandardMinutes(const std::string& type) const {
  auto it = standard_min.find(type);
  return it == standard_min.end() ? standard_default_min : it->second;
}

Result<Durations> LoadDurations(const std::filesystem::path& path) {
  ELINK_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  const std::string file = path.filename().string();
  ELINK_ASSIGN_OR_RETURN(toml::table root, core::ParseToml(text, file));
  const TomlDoc doc{file, true, {}};
  Reader r(root, doc, "");
  ELINK_RETURN_IF_ERROR(
      r.AllowOnly({"source", "default", "types", "unit_turnout", "emergency", "non_emergency"}));
  Durations d;
  ELINK_RETURN_IF_ERROR(r.Text("source", &d.source, Need::kOptional, kLongText));
  for (const auto& [key, mode] :
       {std::pair{"emergency", &d.emergency}, std::pair{"non_emergency", &d.non_emergency}}) {
    const toml::node* n = r.Get(key);
    if (n == nullptr) continue;
    if (n->as_table() == nullptr) return r.KeyError(*n, key, "expected a table");
    Reader m(*n->as_table(), doc, key);
    ELINK_RETURN_IF_ERROR(m.AllowOnly({"overhead_s", "travel_factor"}));
    ELINK_RETURN_IF_ERROR(m.Number("overhead_s", &mode->overhead_s, Need::kOptional, 0, 3600));
    ELINK_RETURN_IF_ERROR(
        m.Number("travel_factor", &mode->travel_factor, Need::kOptional, 0.1, 10));
  }
  if (const toml::node* n = r.Get("unit_turnout")) {
    if (n->as_table() == nullptr) return r.KeyError(*n, "unit_turnout", "expected a table");
    const Reader u(*n->as_table(), doc, "unit_turnout");
    for (auto&& [key, node] : *n->as_table()) {
      const std::string type(key.str());
      if (!core::ParseEnum<core::UnitType>(type)) {
        return r.KeyError(node, "unit_turnout." + type, "unknown unit type '" + type + "'");
      }
      Distribution dist;
      ELINK_RETURN_IF_ERROR(ReadDistribution(u, type, &dist));
      d.turnout_by_unit[type] = dist;
    }
  }
  if (const toml::node* n = r.Get("default")) {
    if (n->as_table() == nullptr) return r.KeyError(*n, "default", "expected a table");
    ELINK_RETURN_IF_ERROR(ReadStepTimes(Reader(*n->as_table(), doc, "default"), &d.fallback));
  }
  if (const toml::node* n = r.Get("types")) {
    if (n->as_table() == nullptr) return r.KeyError(*n, "types", "expected a table");
    for (auto&& [key, node] : *n->as_table()) {
      const std::string type(key.str());
      const std::string where = "types." + type;
      if (node.as_table() == nullptr) return r.KeyError(node, where, "expected a table");
      ELINK_RETURN_IF_ERROR(CheckType(r, node, where, type));
      StepTimes times = d.fallback;
      ELINK_RETURN_IF_ERROR(ReadStepTimes(Reader(*node.as_table(), doc, where), &times));
      d.by_type[type] = times;
    }
  }
  return d;
}

std::string DurationsToToml(const Durations& d) {
  auto dist = [](std::string_view name, const Distribution& x) {
    return fmt::format("{} = {{ median_s = {:.1f}, p90_s = {:.1f} }}\n", name, x.median_s, x.p90_s);
  };
  auto times = [&](const StepTimes& t) {
    return dist("call_processing", t.call_processing) + dist("turnout", t.turnout) +
           dist("on_scene", t.on_scene);
  };
  std::ostringstream source;
  source << toml::value<std::string>(d.source);  // quoted and escaped as TOML
  std::string out = "source = " + source.str() + "\n";
  // A mode is written when it differs from the default as written, so that writing what was
  // read back changes nothing.
  const auto mode_text = [](const DriveMode& m) {
    return fmt::format("{{ overhead_s = {:.1f}, travel_factor = {:.3f} }}", m.overhead_s,
                       m.travel_factor);
  };
  for (const auto& [name, mode] :
       {std::pair{"emergency", &d.emergency}, std::pair{"non_emergency", &d.non_emergency}}) {
    if (mode_text(*mode) != mode_text(DriveMode{}))
      out += fmt::format("{} = {}\n", name, mode_text(*mode));
  }
  if (!d.turnout_by_unit.empty()) {
    out += "\n[unit_turnout]\n";
    for (const auto& [type, x] : d.turnout_by_unit) out += dist(type, x);
  }
  out += "\n[default]\n" + times(d.fallback);
  for (const auto& [type, t] : d.by_type) out += fmt::format("\n[types.\"{}\"]\n", type) + times(t);
  return out;
}

Result<Scenario> LoadScenario(const std::filesystem::path& path) {
  ELINK_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  return ParseScenario(text, path.parent_path(), path.filename().string());
}

Result<Scenario> ParseScenario(std::string_view text, const std::filesystem::path& base_dir,
                               const std::string& file) {
  if (text.size() > kMaxScenarioBytes) {
    return Status::InvalidArgument("", file + ": larger than 4 MiB");
  }
  ELINK_ASSIGN_OR_RETURN(toml::table root, core::ParseToml(text, file));
  const TomlDoc doc{file, true, {}};
  Reader r(root, doc, "");
  ELINK_RETURN_IF_ERROR(
      r.AllowOnly({"name", "name_en", "seed", "start", "hours", "policies", "policy", "exercise",
                   "speed", "standard", "durations", "calls", "generator", "script"}));
  Scenario s;
  ELINK_RETURN_IF_ERROR(r.Text("name", &s.name.zh, Need::kRequired, 200));
  ELINK_RETURN_IF_ERROR(r.Text("name_en", &s.name.en, Need::kOptional, 200));
  if (const toml::node* n = r.Get("seed")) {
    auto v = n->value_exact<std::int64_t>();
    if (!v || *v < 0) return r.KeyError(*n, "seed", "expected a non-negative integer");
    s.seed = static_cast<std::uint64_t>(*v);
  }
  if (const toml::node* n = r.Get("start")) {
    auto v = n->value_exact<std::string>();
    auto t = v ? ParseCallTime(*v, "start") : Result<TimePoint>(Status::InvalidArgument("", ""));
    if (!t.ok()) return r.KeyError(*n, "start", "expected a UTC time like 2026-01-01T08:00:00Z");
    s.start = *t;
  }
  ELINK_RETURN_IF_ERROR(r.Number("hours", &s.hours, Need::kOptional, 0.01, kMaxHours));
  ELINK_RETURN_IF_ERROR(r.Bool("exercise", &s.exercise, Need::kOptional));
  ELINK_RETURN_IF_ERROR(r.Number("speed", &s.speed, Need::kOptional, 0.1, 3600));
  ELINK_RETURN_IF_ERROR(ReadPolicies(r, &s.policies));
  if (const toml::node* n = r.Get("standard")) {
    if (n->as_table() == nullptr) return r.KeyError(*n, "standard", "expected a table");
    Reader st(*n->as_table(), doc, "standard");
    ELINK_RETURN_IF_ERROR(st.AllowOnly({"default_minutes", "types"}));
    ELINK_RETURN_IF_ERROR(
        st.Number("default_minutes", &s.standard_default_min, Need::kOptional, 0.1, 1440));
    if (const toml::node* types = st.Get("types")) {
      if (types->as_table() == nullptr) return st.KeyError(*types, "types", "expected a table");
      Reader tr(*types->as_table(), doc, "standard.types");
      for (auto&& [key, node] : *types->as_table()) {
        const std::string type(key.str());
        ELINK_RETURN_IF_ERROR(CheckType(tr, node, type, type));
        double minutes = 0;
        ELINK_RETURN_IF_ERROR(tr.Number(type, &minutes, Need::kOptional, 0.1, 1440));
        s.standard_min[type] = minutes;
      }
    }
  }
  if (const toml::node* n = r.Get("durations")) {
    auto v = n->value_exact<std::string>();
    if (!v || v->empty()) {
      return r.KeyError(*n, "durations", "expected a file path or \"built-in\"");
    }
    if (*v == "built-in") {
      s.durations_builtin = true;
    } else {
      s.durations_file = base_dir / *v;
    }
  }
  if (const toml::node* n = r.Get("calls")) {
    const toml::array* a = n->as_array();
    if (a == nullptr) return r.KeyError(*n, "calls", "expected [[calls]] tables");
    for (std::size_t i = 0; i < a->size(); ++i) {
      const toml::table* t = a->get(i)->as_table();
      if (t == nullptr) return r.KeyError(*a->get(i), "calls", "expected a table");
      Reader c(*t, doc, fmt::format("calls[{}]", i));
      ELINK_RETURN_IF_ERROR(c.AllowOnly({"path", "format"}));
      CallSource src;
      std::string p;
      ELINK_RETURN_IF_ERROR(c.Text("path", &p, Need::kRequired, kLongText));
      ELINK_RETURN_IF_ERROR(c.Text("format", &src.format, Need::kOptional, kLongText));
      if (src.format != "sf" && src.format != "simple") {
        return c.KeyError(*t->get("format"), "format", "expected \"sf\" or \"simple\"");
      }
      src.path = base_dir / p;
      s.calls.push_back(std::move(src));
    }
  }
  if (const toml::node* n = r.Get("generator")) {
    if (n->as_table() == nullptr) return r.KeyError(*n, "generator", "expected a table");
    Reader g(*n->as_table(), doc, "generator");
    ELINK_RETURN_IF_ERROR(g.AllowOnly({"fit", "fit_format", "scale", "per_day"}));
    GeneratorSpec spec;
    std::string fit;
    ELINK_RETURN_IF_ERROR(g.Text("fit", &fit, Need::kRequired, kLongText));
    spec.fit = base_dir / fit;
    ELINK_RETURN_IF_ERROR(g.Text("fit_format", &spec.fit_format, Need::kOptional, kLongText));
    if (spec.fit_format != "sf" && spec.fit_format != "simple") {
      return g.KeyError(*g.Get("fit_format"), "fit_format", "expected \"sf\" or \"simple\"");
    }
    ELINK_RETURN_IF_ERROR(g.Number("scale", &spec.scale, Need::kOptional, 0.0, 1000));
    if (g.Get("per_day") != nullptr) {
      double per_day = 0;
      ELINK_RETURN_IF_ERROR(g.Number("per_day", &per_day, Need::kOptional, 0.0, 1'000'000));
      spec.per_day = per_day;
    }
    s.generator = std::move(spec);
  }
  if (const toml::node* n = r.Get("script")) {
    const toml::array* a = n->as_array();
    if (a == nullptr) return r.KeyError(*n, "script", "expected [[script]] tables");
    if (a->size() > kMaxScript) return r.KeyError(*n, "script", "more than 10000 scripted steps");
    for (std::size_t i = 0; i < a->size(); ++i) {
      const toml::table* t = a->get(i)->as_table();
      if (t == nullptr) return r.KeyError(*a->get(i), "script", "expected a table");
      Reader c(*t, doc, fmt::format("script[{}]", i));
      std::string kind = "incident";
      ELINK_RETURN_IF_ERROR(c.Text("kind", &kind, Need::kOptional, 20));
      if (kind == "reading") {
        ELINK_RETURN_IF_ERROR(ReadScriptedReading(c, *t, &s.readings));
        continue;
      }
      if (kind == "warning") {
        ELINK_RETURN_IF_ERROR(ReadScriptedWarning(c, *t, &s.warnings));
        continue;
      }
      if (kind != "incident") {
        return c.KeyError(*t->get("kind"), "kind", "expected incident, reading or warning");
      }
      ELINK_RETURN_IF_ERROR(c.AllowOnly({"kind", "at_min", "type", "lat", "lon", "level", "address",
                                         "description", "description_en"}));
      ScriptedIncident step;
      if (t->get("at_min") == nullptr || t->get("lat") == nullptr || t->get("lon") == nullptr) {
        return c.KeyError(*t, "at_min", "each step needs at_min, type, lat and lon");
      }
      ELINK_RETURN_IF_ERROR(c.Number("at_min", &step.at_min, Need::kOptional, 0, kMaxHours * 60));
      ELINK_RETURN_IF_ERROR(c.Text("type", &step.incident.type, Need::kRequired, 100));
      ELINK_RETURN_IF_ERROR(CheckType(c, *t->get("type"), "type", step.incident.type));
      ELINK_RETURN_IF_ERROR(c.Number("lat", &step.incident.location.lat, Need::kOptional, -90, 90));
      ELINK_RETURN_IF_ERROR(
          c.Number("lon", &step.incident.location.lon, Need::kOptional, -180, 180));
      std::string level = "IV";
      ELINK_RETURN_IF_ERROR(c.Text("level", &level, Need::kOptional, 8));
      auto parsed = core::ParseEnum<core::IncidentLevel>(level);
      if (!parsed) return c.KeyError(*t->get("level"), "level", "expected I, II, III or IV");
      step.incident.level = *parsed;
      ELINK_RETURN_IF_ERROR(c.Text("address", &step.incident.address, Need::kOptional, kShortText));
      ELINK_RETURN_IF_ERROR(
          c.Text("description", &step.incident.description, Need::kOptional, kLongText));
      ELINK_RETURN_IF_ERROR(
          c.Text("description_en", &step.description_en, Need::kOptional, kLongText));
      step.incident.ref = fmt::format("script:{}", i);
      s.script.push_back(std::move(step));
    }
  }
  if (s.calls.empty() && !s.generator && s.script.empty() && s.readings.empty() &&
      s.warnings.empty()) {
    return Status::InvalidArgument(
        "calls", file + ": no incidents: give [[calls]], a [generator] or [[script]] steps");
  }
  return s;
}

}  // namespace elink::sim
