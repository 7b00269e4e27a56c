// SPDX-License-Identifier: Apache-2.0
#include "core/model.hpp"

#include "core/incident_types.hpp"
#include "core/messages.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace elink::core {

Status ValidateLatLon(const LatLon& p) {
  if (!std::isfinite(p.lat) || p.lat < -90 || p.lat > 90) {
    return Status::InvalidArgument("lat", msg::kWithin, -90, 90);
  }
  if (!std::isfinite(p.lon) || p.lon < -180 || p.lon > 180) {
    return Status::InvalidArgument("lon", msg::kWithin, -180, 180);
  }
  return Status::Ok();
}

double HaversineMeters(const LatLon& a, const LatLon& b) {
  // IUGG mean Earth radius; the spherical model is off by at most ~0.5 %, far below what
  // travel-time estimates care about.
  constexpr double kEarthRadiusMeters = 6371008.8;
  constexpr double kRadPerDeg = 3.14159265358979323846 / 180.0;
  const double dlat = (b.lat - a.lat) * kRadPerDeg;
  const double dlon = (b.lon - a.lon) * kRadPerDeg;
  const double s_lat = std::sin(dlat / 2);
  const double s_lon = std::sin(dlon / 2);
  const double h =
      s_lat * s_lat + std::cos(a.lat * kRadPerDeg) * std::cos(b.lat * kRadPerDeg) * s_lon * s_lon;
  // Clamp: rounding can push h a hair above 1 for antipodal points, and asin would return NaN.
  return 2 * kEarthRadiusMeters * std::asin(std::sqrt(std::min(1.0, h)));
}

namespace {

// Crossing-number test (W. R. Franklin's PNPOLY) with lon as x and lat as y. The half-open
// comparisons make each edge belong to one side only, so a point on an edge shared by two
// adjacent grids falls in exactly one of them.
bool RingContains(const std::vector<LatLon>& ring, const LatLon& p) {
  bool inside = false;
  const std::size_t n = ring.size();
  if (n < 3) return false;
  for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
    const LatLon& a = ring[i];
    const LatLon& b = ring[j];
    if ((a.lat > p.lat) != (b.lat > p.lat)) {
      const double x_cross = (b.lon - a.lon) * (p.lat - a.lat) / (b.lat - a.lat) + a.lon;
      if (p.lon < x_cross) inside = !inside;
    }
  }
  return inside;
}

}  // namespace

bool Contains(const Polygon& poly, const LatLon& p) {
  if (!RingContains(poly.outer, p)) return false;
  return std::none_of(poly.holes.begin(), poly.holes.end(),
                      [&](const auto& hole) { return RingContains(hole, p); });
}

bool Unit::Has(Capability c) const {
  // A linear scan rather than binary_search: units built by hand (tests, events) need not keep
  // the list sorted, and the list is a handful of entries.
  return std::find(capabilities.begin(), capabilities.end(), c) != capabilities.end();
}

bool Incident::IsOpen() const {
  return status != IncidentStatus::kClosed && status != IncidentStatus::kMerged &&
         status != IncidentStatus::kCancelled;
}

Status CheckPhoto(std::string_view media_type, std::string_view bytes) {
  if (std::find(kPhotoMediaTypes.begin(), kPhotoMediaTypes.end(), media_type) ==
      kPhotoMediaTypes.end()) {
    return Status::InvalidArgument("media_type", msg::kPhotoType);
  }
  if (bytes.empty()) return Status::InvalidArgument("data", msg::kPhotoEmpty);
  if (bytes.size() > kMaxPhotoBytes) {
    return Status::InvalidArgument("data", msg::kPhotoTooLarge, kMaxPhotoBytes);
  }
  bool ok = false;
  if (media_type == "image/jpeg") {
    ok = bytes.starts_with(std::string_view("\xFF\xD8\xFF", 3));
  } else if (media_type == "image/png") {
    ok = bytes.starts_with(std::string_view("\x89PNG\r\n\x1A\n", 8));
  } else {
    ok = bytes.size() >= 12 && bytes.starts_with("RIFF") && bytes.substr(8, 4) == "WEBP";
  }
  if (!ok) {
    return Status::InvalidArgument("data", msg::kPhotoNotOfType, media_type);
  }
  return Status::Ok();
}

bool IsValidUserName(std::string_view name) {
  if (name.empty() || name.size() > kMaxUserNameBytes) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
  });
}

bool IsArgon2idHash(std::string_view encoded) {
  // crypto_pwhash_STRBYTES is 128, the terminating NUL included.
  constexpr std::size_t kMaxEncoded = 127;
  if (encoded.size() > kMaxEncoded) return false;
  std::string_view rest = encoded;
  const auto literal = [&](std::string_view text) {
    if (!rest.starts_with(text)) return false;
    rest.remove_prefix(text.size());
    return true;
  };
  // A run of 1 to `max` characters that `ok` accepts.
  const auto run = [&](std::size_t max, auto ok) {
    std::size_t n = 0;
    while (n < rest.size() && ok(rest[n])) ++n;
    if (n == 0 || n > max) return false;
    rest.remove_prefix(n);
    return true;
  };
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  const auto base64 = [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
           c == '/';
  };
  return literal("$argon2id$v=19$m=") && run(10, digit) && literal(",t=") && run(10, digit) &&
         literal(",p=") && run(10, digit) && literal("$") && run(kMaxEncoded, base64) &&
         literal("$") && run(kMaxEncoded, base64) && rest.empty();
}

namespace {

std::string Indexed(std::string_view base, std::size_t i) {
  return std::string(base) + "[" + std::to_string(i) + "]";
}

// Built piece by piece: g++ 12 at -O3 reports a false -Wrestrict on "'" + std::string(s).
std::string Quoted(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out += '\'';
  out += s;
  out += '\'';
  return out;
}

Status Invalid(const std::string& field, std::string message) {
  return Status::InvalidArgument(field, std::move(message));
}

Status CheckName(const Name& name, const std::string& path) {
  if (name.zh.empty()) return Invalid(path + ".name", "must not be empty");
  return Status::Ok();
}

// Records `id` at `path`; kInvalidArgument when an earlier entry already used it.
class IdSet {
 public:
  Status Add(const std::string& id, const std::string& path) {
    if (id.empty()) return Invalid(path + ".id", "must not be empty");
    auto [it, inserted] = first_.emplace(id, path);
    if (!inserted) {
      return Invalid(path + ".id", "duplicate id " + Quoted(id) + " (also " + it->second + ")");
    }
    return Status::Ok();
  }

 private:
  std::unordered_map<std::string, std::string> first_;
};

Status CheckRing(const std::vector<LatLon>& ring, const std::string& path) {
  if (ring.size() < 4) {
    return Invalid(path, "ring has " + std::to_string(ring.size()) +
                             " positions; a closed ring needs at least 4 (first == last)");
  }
  for (std::size_t i = 0; i < ring.size(); ++i) {
    ELINK_RETURN_IF_ERROR(ValidateLatLon(ring[i]).WithFieldPrefix(Indexed(path, i)));
  }
  if (ring.front() != ring.back()) {
    return Invalid(path, "ring is not closed (its first and last positions differ)");
  }
  return Status::Ok();
}

Status ValidateOrganisations(const Region& region) {
  const auto& orgs = region.organisations;
  IdSet ids;
  std::unordered_map<std::string, std::size_t> index_of;
  for (std::size_t i = 0; i < orgs.size(); ++i) {
    const std::string path = Indexed("organisations", i);
    ELINK_RETURN_IF_ERROR(ids.Add(orgs[i].id.value(), path));
    ELINK_RETURN_IF_ERROR(CheckName(orgs[i].name, path));
    index_of.emplace(orgs[i].id.value(), i);
  }
  if (orgs.empty()) {
    return Invalid("organisations", "a region needs at least its root organisation");
  }

  for (std::size_t i = 0; i < orgs.size(); ++i) {
    const Organisation& org = orgs[i];
    const std::string path = Indexed("organisations", i);
    if (org.parent && !index_of.count(org.parent->value())) {
      return Invalid(path + ".parent", "no organisation " + Quoted(org.parent->value()));
    }
    if (org.parent && *org.parent == org.id) {
      return Invalid(path + ".parent", "an organisation cannot be its own parent");
    }
    std::set<DepartmentKind> kinds;
    for (std::size_t d = 0; d < org.departments.size(); ++d) {
      const Department& dept = org.departments[d];
      const std::string dpath = Indexed(path + ".departments", d);
      if (!kinds.insert(dept.kind).second) {
        // One department per kind, so that a plan task addressed to "fire" has one recipient.
        return Invalid(dpath + ".kind", "duplicate department kind " + Quoted(CodeOf(dept.kind)) +
                                            " in " + Quoted(org.id.value()));
      }
      if (dept.name.zh.empty()) return Invalid(dpath + ".name", "must not be empty");
    }
    std::set<std::string> aid;
    for (std::size_t a = 0; a < org.mutual_aid.size(); ++a) {
      const std::string apath = Indexed(path + ".mutual_aid", a);
      const std::string& other = org.mutual_aid[a].value();
      if (!index_of.count(other)) return Invalid(apath, "no organisation " + Quoted(other));
      if (other == org.id.value()) {
        return Invalid(apath, "an organisation cannot have a mutual-aid agreement with itself");
      }
      if (!aid.insert(other).second) return Invalid(apath, "duplicate entry " + Quoted(other));
    }
  }

  // Cycles before roots and tiers: a cycle also breaks those rules, but "cycle" is the message
  // that tells the editor what to fix.
  // Invariant: every parent exists (checked above), so walking up terminates or revisits.
  std::vector<int> state(orgs.size(), 0);  // 0 unvisited, 1 on the current walk, 2 known acyclic
  for (std::size_t start = 0; start < orgs.size(); ++start) {
    std::vector<std::size_t> walk;
    std::size_t cur = start;
    while (state[cur] == 0) {
      state[cur] = 1;
      walk.push_back(cur);
      if (!orgs[cur].parent) break;
      cur = index_of.at(orgs[cur].parent->value());
    }
    if (state[cur] == 1 && orgs[cur].parent) {
      const auto first = std::find(walk.begin(), walk.end(), cur);
      if (first != walk.end()) {
        std::string chain;
        for (auto it = first; it != walk.end(); ++it) chain += orgs[*it].id.value() + " → ";
        chain += orgs[cur].id.value();
        return Invalid(Indexed("organisations", cur) + ".parent", "parent cycle: " + chain);
      }
    }
    for (std::size_t w : walk) state[w] = 2;
  }

  std::optional<std::size_t> root;
  for (std::size_t i = 0; i < orgs.size(); ++i) {
    if (orgs[i].parent) continue;
    if (root) {
      return Invalid(Indexed("organisations", i) + ".parent",
                     "second root organisation " + Quoted(orgs[i].id.value()) + " (" +
                         Quoted(orgs[*root].id.value()) +
                         " is the root already); every other organisation needs a parent");
    }
    root = i;
  }
  if (!root) return Invalid("organisations", "no root organisation (one without a parent)");
  if (orgs[*root].tier != OrgTier::kRegion) {
    return Invalid(
        Indexed("organisations", *root) + ".tier",
        "the root organisation must have tier 'region', not " + Quoted(CodeOf(orgs[*root].tier)));
  }

  for (std::size_t i = 0; i < orgs.size(); ++i) {
    if (!orgs[i].parent) continue;
    const Organisation& parent = orgs[index_of.at(orgs[i].parent->value())];
    // Tiers go strictly down the tree; a level may be skipped (a city may own a community).
    if (static_cast<int>(orgs[i].tier) <= static_cast<int>(parent.tier)) {
      return Invalid(Indexed("organisations", i) + ".tier",
                     "tier " + Quoted(CodeOf(orgs[i].tier)) +
                         " must be below the tier of its parent " + Quoted(parent.id.value()) +
                         " (" + Quoted(CodeOf(parent.tier)) + ")");
    }
  }
  return Status::Ok();
}

using OrgIndex = std::unordered_map<std::string, const Organisation*>;

const Organisation* FindOrg(const OrgIndex& orgs, const OrgId& id) {
  auto it = orgs.find(id.value());
  return it == orgs.end() ? nullptr : it->second;
}

Status ValidateGrids(const Region& region, const OrgIndex& orgs) {
  IdSet ids;
  for (std::size_t i = 0; i < region.grids.size(); ++i) {
    const Grid& grid = region.grids[i];
    const std::string path = Indexed("grids", i);
    ELINK_RETURN_IF_ERROR(ids.Add(grid.id.value(), path));
    ELINK_RETURN_IF_ERROR(CheckName(grid.name, path));
    const Organisation* owner = FindOrg(orgs, grid.community);
    if (owner == nullptr) {
      return Invalid(path + ".community", "no organisation " + Quoted(grid.community.value()));
    }
    if (owner->tier != OrgTier::kCommunity) {
      return Invalid(path + ".community", Quoted(grid.community.value()) + " has tier " +
                                              Quoted(CodeOf(owner->tier)) +
                                              "; grids are owned by communities");
    }
    if (grid.area.empty()) return Invalid(path + ".area", "must have at least one polygon");
    for (std::size_t p = 0; p < grid.area.size(); ++p) {
      const std::string ppath = Indexed(path + ".area", p);
      ELINK_RETURN_IF_ERROR(CheckRing(grid.area[p].outer, ppath + ".outer"));
      for (std::size_t h = 0; h < grid.area[p].holes.size(); ++h) {
        ELINK_RETURN_IF_ERROR(CheckRing(grid.area[p].holes[h], Indexed(ppath + ".holes", h)));
      }
    }
  }
  return Status::Ok();
}

Status ValidateStations(const Region& region, const OrgIndex& orgs) {
  IdSet ids;
  for (std::size_t i = 0; i < region.stations.size(); ++i) {
    const Station& station = region.stations[i];
    const std::string path = Indexed("stations", i);
    ELINK_RETURN_IF_ERROR(ids.Add(station.id.value(), path));
    ELINK_RETURN_IF_ERROR(CheckName(station.name, path));
    if (FindOrg(orgs, station.org) == nullptr) {
      return Invalid(path + ".org", "no organisation " + Quoted(station.org.value()));
    }
    ELINK_RETURN_IF_ERROR(ValidateLatLon(station.location).WithFieldPrefix(path + ".location"));
  }
  return Status::Ok();
}

// A number as written in messages: shortest form that reads back the same.
// (3.2, not 3.2000000000000002). REQUIRES: v finite.
std::string Number(double v) {
  std::string text;
  for (int p = 1; p <= 17; ++p) {
    std::ostringstream o;
    o.precision(p);
    o << v;
    text = o.str();
    if (std::stod(text) == v) break;
  }
  return text;
}

Status ValidateSensors(const Region& region, const OrgIndex& orgs) {
  IdSet ids;
  for (std::size_t i = 0; i < region.sensors.size(); ++i) {
    const Sensor& sensor = region.sensors[i];
    const std::string path = Indexed("sensors", i);
    ELINK_RETURN_IF_ERROR(ids.Add(sensor.id.value(), path));
    ELINK_RETURN_IF_ERROR(CheckName(sensor.name, path));
    if (sensor.unit.size() > kMaxSensorUnitBytes) {
      return Invalid(path + ".unit",
                     "longer than " + std::to_string(kMaxSensorUnitBytes) + " bytes");
    }
    if (FindOrg(orgs, sensor.org) == nullptr) {
      return Invalid(path + ".org", "no organisation " + Quoted(sensor.org.value()));
    }
    ELINK_RETURN_IF_ERROR(ValidateLatLon(sensor.location).WithFieldPrefix(path + ".location"));
    const SensorThresholds& t = sensor.thresholds;
    const std::pair<const char*, const std::optional<double>*> levels[] = {
        {"blue", &t.blue}, {"yellow", &t.yellow}, {"orange", &t.orange}, {"red", &t.red}};
    const char* previous = nullptr;
    double previous_value = 0;
    for (const auto& [name, value] : levels) {
      if (!value->has_value()) continue;
      const std::string field = path + ".thresholds." + name;
      if (!std::isfinite(**value)) return Invalid(field, "must be a finite number");
      if (previous != nullptr && !(**value > previous_value)) {
        return Invalid(field, "must be greater than the " + std::string(previous) + " threshold " +
                                  Number(previous_value) + ", not " + Number(**value) +
                                  " (thresholds increase blue < yellow < orange < red)");
      }
      previous = name;
      previous_value = **value;
    }
    if (previous == nullptr) {
      return Invalid(path + ".thresholds", "give at least one of blue, yellow, orange, red");
    }
    if (sensor.rise) {
      const RiseRule& rise = *sensor.rise;
      if (!std::isfinite(rise.per_hour) || !(rise.per_hour > 0)) {
        return Invalid(path + ".rise_per_hour.value", "must be a finite number above 0");
      }
      if (rise.level == SensorLevel::kNone) {
        return Invalid(path + ".rise_per_hour.level",
                       "must be one of blue, yellow, orange, red, not 'none'");
      }
      if (rise.window_minutes < kMinRiseWindowMinutes ||
          rise.window_minutes > kMaxRiseWindowMinutes) {
        return Invalid(path + ".window_min",
                       "must be within [" + std::to_string(kMinRiseWindowMinutes) + ", " +
                           std::to_string(kMaxRiseWindowMinutes) + "] minutes, not " +
                           std::to_string(rise.window_minutes));
      }
    }
  }
  return Status::Ok();
}

}  // namespace

Status ValidateUnitReference(const Unit& unit, const std::string& path) {
  const std::string at = path.empty() ? "" : path + ".";
  if (unit.id.value().empty()) return Invalid(at + "id", "must not be empty");
  if (unit.id.value().size() > kMaxUnitIdBytes || !IsValidUtf8(unit.id.value())) {
    return Invalid(at + "id", "at most " + std::to_string(kMaxUnitIdBytes) + " bytes of UTF-8");
  }
  if (unit.name.zh.empty()) return Invalid(at + "name", "must not be empty");
  for (const auto& [field, text] :
       {std::pair{"name", &unit.name.zh}, std::pair{"name_en", &unit.name.en}}) {
    if (text->size() > kMaxUnitNameBytes || !IsValidUtf8(*text)) {
      return Invalid(at + field,
                     "at most " + std::to_string(kMaxUnitNameBytes) + " bytes of UTF-8");
    }
  }
  if (unit.crew < 0 || unit.crew > kMaxCrew) {
    return Invalid(at + "crew", "must be within [0, " + std::to_string(kMaxCrew) + "]");
  }
  for (std::size_t c = 1; c < unit.capabilities.size(); ++c) {
    if (!(unit.capabilities[c - 1] < unit.capabilities[c])) {
      return Invalid(at + "capabilities", "must be sorted and without duplicates");
    }
  }
  return Status::Ok();
}

namespace {

Status ValidateUnits(const Region& region, const OrgIndex& orgs) {
  IdSet ids;
  std::unordered_map<std::string, const Station*> stations;
  for (const auto& s : region.stations) stations.emplace(s.id.value(), &s);
  for (std::size_t i = 0; i < region.units.size(); ++i) {
    const Unit& unit = region.units[i];
    const std::string path = Indexed("units", i);
    ELINK_RETURN_IF_ERROR(ids.Add(unit.id.value(), path));
    ELINK_RETURN_IF_ERROR(ValidateUnitReference(unit, path));
    if (!stations.count(unit.station.value())) {
      return Invalid(path + ".station", "no station " + Quoted(unit.station.value()));
    }
    if (FindOrg(orgs, unit.org) == nullptr) {
      return Invalid(path + ".org", "no organisation " + Quoted(unit.org.value()));
    }
    // Configuration describes units at rest; dispatch states only ever come from events.
    if (unit.status != UnitStatus::kAvailable && unit.status != UnitStatus::kOutOfService) {
      return Invalid(path + ".status",
                     "a configured unit is 'available' or 'out_of_service', not " +
                         Quoted(CodeOf(unit.status)));
    }
    if (unit.incident) return Invalid(path + ".incident", "a configured unit has no incident");
  }
  return Status::Ok();
}

Status ValidateRequirement(const PlanRequirement& req, const std::string& path) {
  if (req.unit_type.has_value() == req.capability.has_value()) {
    return Invalid(path, "needs exactly one of a unit type or a capability");
  }
  if (req.count < 1) return Invalid(path + ".count", "must be at least 1");
  if (req.within_minutes < 1) return Invalid(path + ".within_minutes", "must be at least 1");
  return Status::Ok();
}

Status ValidatePlanLevel(const PlanLevel& level, const std::string& path) {
  for (std::size_t r = 0; r < level.units.size(); ++r) {
    ELINK_RETURN_IF_ERROR(ValidateRequirement(level.units[r], Indexed(path + ".units", r)));
  }
  for (std::size_t t = 0; t < level.tasks.size(); ++t) {
    const std::string tpath = Indexed(path + ".tasks", t);
    if (level.tasks[t].task.zh.empty()) return Invalid(tpath + ".task", "must not be empty");
    if (level.tasks[t].ack_within_minutes < 1) {
      return Invalid(tpath + ".ack_within_minutes", "must be at least 1");
    }
  }
  for (std::size_t c = 0; c < level.checklist.size(); ++c) {
    if (level.checklist[c].zh.empty()) {
      return Invalid(Indexed(path + ".checklist", c) + ".item", "must not be empty");
    }
  }
  return Status::Ok();
}

Status ValidatePlans(const Region& region) {
  IdSet ids;
  std::map<std::string, std::string> covered_by;  // incident type → plan id
  for (std::size_t i = 0; i < region.plans.size(); ++i) {
    const Plan& plan = region.plans[i];
    const std::string path = Indexed("plans", i);
    ELINK_RETURN_IF_ERROR(ids.Add(plan.id.value(), path));
    ELINK_RETURN_IF_ERROR(CheckName(plan.name, path));
    if (plan.incident_types.empty()) {
      return Invalid(path + ".incident_types", "must name at least one incident type");
    }
    for (std::size_t t = 0; t < plan.incident_types.size(); ++t) {
      const std::string tpath = Indexed(path + ".incident_types", t);
      const std::string& code = plan.incident_types[t];
      if (FindIncidentType(code) == nullptr) {
        std::string known;
        for (const auto& info : IncidentTypes()) {
          if (!known.empty()) known += ", ";
          known += info.code;
        }
        return Invalid(
            tpath, "unknown incident type " + Quoted(code) + " (expected one of " + known + ")");
      }
      auto [it, inserted] = covered_by.emplace(code, plan.id.value());
      if (!inserted) {
        // One plan per type, so that activating "the plan" for an incident is unambiguous.
        return Invalid(tpath, "incident type " + Quoted(code) + " is already covered by plan " +
                                  Quoted(it->second));
      }
    }
    if (plan.levels.empty()) return Invalid(path + ".levels", "must have at least one level");
    std::set<IncidentLevel> seen;
    for (std::size_t l = 0; l < plan.levels.size(); ++l) {
      const PlanLevel& level = plan.levels[l];
      const std::string lpath = Indexed(path + ".levels", l);
      if (!seen.insert(level.level).second) {
        return Invalid(lpath + ".level", "duplicate level " + Quoted(CodeOf(level.level)));
      }
      if (l > 0) {
        const PlanLevel& prev = plan.levels[l - 1];
        // Levels are additive, so they must come from the least severe (IV) to the most (I).
        if (static_cast<int>(level.level) > static_cast<int>(prev.level)) {
          return Invalid(lpath + ".level", "levels must be ordered IV → I; " +
                                               Quoted(CodeOf(level.level)) + " follows " +
                                               Quoted(CodeOf(prev.level)));
        }
        // A more severe level is commanded from the same tier or higher up, never lower.
        if (static_cast<int>(level.command_tier) > static_cast<int>(prev.command_tier)) {
          return Invalid(
              lpath + ".command_tier",
              "level " + Quoted(CodeOf(level.level)) + " is commanded by a lower tier (" +
                  Quoted(CodeOf(level.command_tier)) + ") than level " +
                  Quoted(CodeOf(prev.level)) + " (" + Quoted(CodeOf(prev.command_tier)) + ")");
        }
      }
      ELINK_RETURN_IF_ERROR(ValidatePlanLevel(level, lpath));
    }
  }
  return Status::Ok();
}

}  // namespace

Status ValidateRegion(const Region& region) {
  if (region.id.empty()) return Invalid("region.id", "must not be empty");
  if (region.name.zh.empty()) return Invalid("region.name", "must not be empty");
  ELINK_RETURN_IF_ERROR(ValidateOrganisations(region));
  OrgIndex orgs;
  for (const auto& org : region.organisations) orgs.emplace(org.id.value(), &org);
  ELINK_RETURN_IF_ERROR(ValidateGrids(region, orgs));
  ELINK_RETURN_IF_ERROR(ValidateStations(region, orgs));
  ELINK_RETURN_IF_ERROR(ValidateUnits(region, orgs));
  ELINK_RETURN_IF_ERROR(ValidatePlans(region));
  ELINK_RETURN_IF_ERROR(ValidateSensors(region, orgs));

  // Plan rules beyond ValidatePlans': every plan starts at level IV, the base that the higher
  // levels add to (an incident is usually reported at IV, and a plan without it would send
  // nothing until the level is raised); and upper bounds that catch typos.
  constexpr int kMaxUnitsPerLine = 100;  // more is a regional mobilisation, not one line
  constexpr int kMaxMinutes = 24 * 60;   // arrival and acknowledgement deadlines: one day
  for (std::size_t i = 0; i < region.plans.size(); ++i) {
    const Plan& plan = region.plans[i];
    const std::string path = Indexed("plans", i);
    // ValidatePlans has checked that there is a level and that the levels run IV → I.
    if (plan.levels.front().level != IncidentLevel::kIV) {
      return Invalid(Indexed(path + ".levels", 0) + ".level",
                     "a plan starts at level 'IV' (levels are additive from IV up), not " +
                         Quoted(CodeOf(plan.levels.front().level)));
    }
    for (std::size_t l = 0; l < plan.levels.size(); ++l) {
      const PlanLevel& level = plan.levels[l];
      const std::string lpath = Indexed(path + ".levels", l);
      for (std::size_t r = 0; r < level.units.size(); ++r) {
        const std::string upath = Indexed(lpath + ".units", r);
        if (level.units[r].count > kMaxUnitsPerLine) {
          return Invalid(upath + ".count", "must be at most " + std::to_string(kMaxUnitsPerLine) +
                                               ", not " + std::to_string(level.units[r].count));
        }
        if (level.units[r].within_minutes > kMaxMinutes) {
          return Invalid(upath + ".within_minutes",
                         "must be at most " + std::to_string(kMaxMinutes) + " (24 hours), not " +
                             std::to_string(level.units[r].within_minutes));
        }
      }
      for (std::size_t t = 0; t < level.tasks.size(); ++t) {
        const PlanTask& task = level.tasks[t];
        const std::string tpath = Indexed(lpath + ".tasks", t);
        if (IsBlank(task.task.zh)) {
          return Invalid(tpath + ".task", "must not be blank");
        }
        if (task.ack_within_minutes > kMaxMinutes) {
          return Invalid(tpath + ".ack_within_minutes",
                         "must be at most " + std::to_string(kMaxMinutes) + " (24 hours), not " +
                             std::to_string(task.ack_within_minutes));
        }
      }
    }
  }
  return Status::Ok();
}

}  // namespace elink::core
