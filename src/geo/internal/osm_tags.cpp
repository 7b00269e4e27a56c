// SPDX-License-Identifier: Apache-2.0
#include "geo/internal/osm_tags.hpp"

#include "util/text.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstddef>

namespace elink::geo::osm_internal {
namespace {

// Reads a non-negative decimal number ("25", "25.5", "3,5" with `comma_decimal`) from the front
// of `s`, leaving the rest in `s`.
std::optional<double> TakeNumber(std::string_view& s, bool comma_decimal) {
  std::size_t i = 0;
  double value = 0;
  bool digits = false;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9' && i < 12) {
    value = value * 10 + (s[i] - '0');
    digits = true;
    ++i;
  }
  if (i < s.size() && (s[i] == '.' || (comma_decimal && s[i] == ','))) {
    ++i;
    double scale = 0.1;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9' && i < 24) {
      value += (s[i] - '0') * scale;
      scale /= 10;
      digits = true;
      ++i;
    }
  }
  if (!digits) return std::nullopt;
  s.remove_prefix(i);
  return value;
}

bool OneOf(std::string_view v, std::initializer_list<std::string_view> options) {
  return std::find(options.begin(), options.end(), v) != options.end();
}

struct HighwayKind {
  std::string_view value;
  RoadClass road_class;
  bool link;
};

// Roads an emergency vehicle drives on without being invited.
constexpr std::array<HighwayKind, 16> kRoadKinds = {{
    {"motorway", RoadClass::kMotorway, false},
    {"motorway_link", RoadClass::kMotorway, true},
    {"trunk", RoadClass::kTrunk, false},
    {"trunk_link", RoadClass::kTrunk, true},
    {"primary", RoadClass::kPrimary, false},
    {"primary_link", RoadClass::kPrimary, true},
    {"secondary", RoadClass::kSecondary, false},
    {"secondary_link", RoadClass::kSecondary, true},
    {"tertiary", RoadClass::kTertiary, false},
    {"tertiary_link", RoadClass::kTertiary, true},
    {"unclassified", RoadClass::kUnclassified, false},
    {"residential", RoadClass::kResidential, false},
    {"service", RoadClass::kService, false},
    {"living_street", RoadClass::kLivingStreet, false},
    {"track", RoadClass::kTrack, false},
    {"road", RoadClass::kOther, false},
}};

// Ways that are not roads unless a tag opens them for (emergency) motor vehicles.
bool IsOpenablePath(std::string_view highway) {
  return OneOf(highway, {"footway", "path", "cycleway", "pedestrian"});
}

// The access keys that apply to `vehicle`, most specific first: the OSM wiki's hierarchy
// access → vehicle → motor_vehicle → motorcar | hgv (Key:access). Use-based keys (psv, bus, taxi,
// goods, agricultural...) are other vehicles' and never read; emergency=* is read above them all.
std::array<const char*, 4> AccessChain(VehicleClass vehicle) {
  return {vehicle == VehicleClass::kHgv ? "hgv" : "motorcar", "motor_vehicle", "vehicle", "access"};
}

// The most specific access key present for `vehicle`, emergency first, then its chain down to
// access; nullptr when none. `with_access` false leaves out the generic access=* (it does not
// open paths or locked gates); `with_emergency` false leaves out emergency=*.
const char* MostSpecificAccess(const Tags& tags, VehicleClass vehicle, bool with_access,
                               bool with_emergency, const char** value) {
  if (with_emergency) {
    if (const char* v = tags.Find("emergency")) {
      *value = v;
      return "emergency";
    }
  }
  for (const char* key : AccessChain(vehicle)) {
    if (!with_access && std::string_view(key) == "access") break;
    if (const char* v = tags.Find(key)) {
      *value = v;
      return key;
    }
  }
  return nullptr;
}

// Values of access/vehicle/motor_vehicle that close a road to an emergency vehicle. private,
// destination, permissive, customers, delivery, agricultural... stay open: an emergency may be on
// private land, and a call is the most legitimate destination there is.
bool ClosesRoad(std::string_view value) { return value == "no" || value == "military"; }

struct Direction {
  bool forward = true;
  bool backward = true;
};

// Reads oneway-like values; nullopt for anything we do not recognise.
std::optional<Direction> ReadOneway(std::string_view v, bool* reversible) {
  if (OneOf(v, {"yes", "true", "1"})) return Direction{true, false};
  if (OneOf(v, {"-1", "reverse"})) return Direction{false, true};
  if (OneOf(v, {"no", "false", "0"})) return Direction{true, true};
  if (OneOf(v, {"reversible", "alternating"})) {
    *reversible = true;
    return Direction{true, true};
  }
  return std::nullopt;
}

}  // namespace

std::optional<double> ParseMaxspeedKmh(std::string_view value) {
  std::string_view s = Trim(value);
  const std::optional<double> number = TakeNumber(s, false);
  if (!number) return std::nullopt;
  const std::string_view unit = Trim(s);
  double kmh = 0;
  if (unit.empty() || OneOf(unit, {"km/h", "kmh", "kph", "kmph"})) {
    kmh = *number;
  } else if (unit == "mph") {
    kmh = *number * 1.609344;
  } else if (OneOf(unit, {"knots", "kn"})) {
    kmh = *number * 1.852;
  } else {
    return std::nullopt;
  }
  if (!(kmh > 0) || kmh > 300) return std::nullopt;
  return kmh;
}

std::optional<double> ParseHeightM(std::string_view value) {
  std::string_view s = Trim(value);
  const std::optional<double> number = TakeNumber(s, true);
  if (!number) return std::nullopt;
  s = Trim(s);
  double metres = 0;
  if (s.empty() || s == "m") {
    metres = *number;
  } else if (s == "ft") {
    metres = *number * 0.3048;
  } else if (s.front() == '\'') {  // 12'6"
    s.remove_prefix(1);
    s = Trim(s);
    double inches = 0;
    if (!s.empty()) {
      const std::optional<double> in = TakeNumber(s, false);
      if (!in || Trim(s) != "\"") return std::nullopt;
      inches = *in;
    }
    metres = *number * 0.3048 + inches * 0.0254;
  } else {
    return std::nullopt;
  }
  if (!(metres > 0)) return std::nullopt;
  return metres;
}

WayDecision ClassifyWay(const Tags& tags, const OsmProfile& profile) {
  WayDecision d;
  const std::string_view highway = tags.Get("highway");
  if (highway.empty()) return d;
  const auto kind = std::find_if(kRoadKinds.begin(), kRoadKinds.end(),
                                 [&](const HighwayKind& k) { return k.value == highway; });
  const bool path = kind == kRoadKinds.end() && IsOpenablePath(highway);
  if (kind == kRoadKinds.end() && !path) return d;
  if (tags.Get("area") == "yes") {
    d.verdict = WayDecision::Verdict::kArea;
    return d;
  }

  const char* value = nullptr;
  const std::string_view class_key = VehicleClassName(profile.vehicle);
  if (path) {
    // A footway is ours only when a tag explicitly lets our vehicles or emergencies on it.
    const char* key = MostSpecificAccess(tags, profile.vehicle, false, true, &value);
    if (key == nullptr || !OneOf(value, {"yes", "designated"})) return d;
    d.road_class = RoadClass::kOther;
    (std::string_view(key) == "emergency" ? d.opened_by_emergency : d.opened_by_vehicle_access) =
        true;
  } else {
    d.road_class = kind->road_class;
    const char* key = MostSpecificAccess(tags, profile.vehicle, true, true, &value);
    if (key != nullptr) {
      const bool emergency_key = std::string_view(key) == "emergency";
      const bool closed = emergency_key ? std::string_view(value) == "no" : ClosesRoad(value);
      // What the tags below the deciding one say: the chain without emergency, or without our
      // class key too.
      const char* general = nullptr;
      if (emergency_key) {
        MostSpecificAccess(tags, profile.vehicle, true, false, &general);
      } else if (std::string_view(key) == class_key) {
        for (const char* k : {"motor_vehicle", "vehicle", "access"}) {
          if ((general = tags.Find(k)) != nullptr) break;
        }
      }
      if (std::string_view(key) == class_key) {
        d.opened_by_class_tag = !closed && general != nullptr && ClosesRoad(general);
        d.closed_by_class_tag = closed && (general == nullptr || !ClosesRoad(general));
      }
      if (closed) {
        d.verdict = WayDecision::Verdict::kRefused;
        d.refused_by = std::string(key) + "=" + value;
        return d;
      }
      d.opened_by_emergency = emergency_key && general != nullptr && ClosesRoad(general);
    }
  }
  d.verdict = WayDecision::Verdict::kUsed;

  // Direction: oneway:emergency (ours) beats oneway; roundabouts and motorways are one-way
  // unless tagged otherwise.
  bool implied_oneway = OneOf(tags.Get("junction"), {"roundabout", "circular"}) ||
                        (kind != kRoadKinds.end() && kind->road_class == RoadClass::kMotorway);
  bool reversible = false;
  Direction general{true, !implied_oneway};
  if (const char* v = tags.Find("oneway")) {
    if (const std::optional<Direction> dir = ReadOneway(v, &reversible)) general = *dir;
  }
  Direction ours = general;
  bool exempt_tag = false;
  if (const char* v = tags.Find("oneway:emergency")) {
    bool ignored = false;
    if (const std::optional<Direction> dir = ReadOneway(v, &ignored)) {
      ours = *dir;
      exempt_tag = true;
    }
  } else if (profile.use_psv_contraflow && tags.Get("oneway:psv") == "no") {
    ours = Direction{true, true};
    exempt_tag = true;
  }
  d.forward = ours.forward;
  d.backward = ours.backward;
  d.reversible = reversible;
  d.oneway_exempt =
      exempt_tag && (general.forward != general.backward) && ours.forward && ours.backward;

  // Speed per direction: the class speed, or a usable maxspeed capped by class × factor.
  double class_kmh = 0;
  double penalty = 1;
  if (path) {
    class_kmh = profile.opened_path_speed_kmh;
  } else {
    class_kmh = profile.speed_kmh[static_cast<std::size_t>(kind->road_class)];
    if (kind->link) class_kmh *= profile.link_factor;
    if (kind->road_class == RoadClass::kTrack) {
      penalty =
          tags.Get("tracktype") == "grade1" ? profile.track_grade1_penalty : profile.track_penalty;
    } else if (kind->road_class == RoadClass::kService) {
      penalty = OneOf(tags.Get("service"), {"driveway", "parking_aisle", "drive-through"})
                    ? profile.minor_service_penalty
                    : profile.service_penalty;
    }
  }
  d.penalised = penalty != 1;
  const auto speed = [&](const char* directional_key) {
    const char* tag = tags.Find(directional_key);
    if (tag == nullptr) tag = tags.Find("maxspeed");
    double kmh = class_kmh;
    if (tag != nullptr) {
      if (const std::optional<double> max = ParseMaxspeedKmh(tag)) {
        kmh = std::min(*max, class_kmh * profile.maxspeed_cap_factor);
        ++d.maxspeed_used;
      } else {
        ++d.maxspeed_unusable;
      }
    }
    // The penalty comes after the clamp, so that the minimum speed cannot undo it.
    return std::clamp(kmh, profile.min_speed_kmh, profile.vehicle_max_speed_kmh) /
           profile.drive_time_factor / penalty;
  };
  if (d.forward) d.speed_forward_kmh = speed("maxspeed:forward");
  if (d.backward) d.speed_backward_kmh = speed("maxspeed:backward");
  return d;
}

BarrierState ClassifyBarrier(const Tags& tags, const OsmProfile& profile) {
  const std::string_view barrier = tags.Get("barrier");
  if (barrier.empty()) return BarrierState::kNone;
  const std::string_view emergency = tags.Get("emergency");
  const bool emergency_yes = OneOf(emergency, {"yes", "designated"});

  bool blocking = false;
  bool locked_gate = false;
  if (OneOf(barrier, {"bollard",
                      "block",
                      "jersey_barrier",
                      "log",
                      "fence",
                      "wall",
                      "chain",
                      "debris",
                      "turnstile",
                      "full-height_turnstile",
                      "stile",
                      "kissing_gate",
                      "motorcycle_barrier",
                      "cycle_barrier",
                      "planter",
                      "spikes",
                      "rope",
                      "barrier_board",
                      "sump_buster",
                      "hedge",
                      "retaining_wall",
                      "city_wall",
                      "ditch",
                      "guard_rail",
                      "kerb_barrier"})) {
    blocking = true;
  } else if (barrier == "height_restrictor") {
    const std::optional<double> height = ParseHeightM(tags.Get("maxheight"));
    blocking = !height || *height < profile.vehicle_height_m;
  } else if (tags.Get("locked") == "yes") {
    // gate, lift_gate, swing_gate, ...: passable unless locked; fire services hold keys only
    // where the map says emergency=yes.
    blocking = true;
    locked_gate = true;
  }
  if (!blocking) {
    return emergency == "no" ? BarrierState::kBlocking : BarrierState::kNone;
  }
  if (emergency_yes) return BarrierState::kOpened;
  if (locked_gate) return BarrierState::kBlocking;
  const char* value = nullptr;
  const char* key = MostSpecificAccess(tags, profile.vehicle, true, true, &value);
  if (key != nullptr && std::string_view(key) != "emergency" &&
      OneOf(value, {"yes", "designated", "permissive", "private", "destination", "official",
                    "permit", "customers", "delivery"})) {
    return BarrierState::kOpened;
  }
  return BarrierState::kBlocking;
}

std::optional<PoiKind> ClassifyPoi(const Tags& tags) {
  const std::string_view amenity = tags.Get("amenity");
  if (amenity == "fire_station") return PoiKind::kFireStation;
  if (amenity == "hospital" || tags.Get("healthcare") == "hospital") return PoiKind::kHospital;
  if (amenity == "police") return PoiKind::kPolice;
  if (tags.Get("emergency") == "assembly_point" || tags.Get("social_facility") == "shelter") {
    return PoiKind::kShelter;
  }
  if (amenity == "shelter" &&
      !OneOf(tags.Get("shelter_type"),
             {"public_transport", "picnic_shelter", "weather_shelter", "gazebo", "lean_to",
              "sun_shelter", "field_shelter", "rock_shelter", "changing_rooms", "smoking_area"})) {
    return PoiKind::kShelter;
  }
  return std::nullopt;
}

RestrictionTags ClassifyRestriction(const Tags& tags, VehicleClass vehicle) {
  RestrictionTags r;
  const std::string_view type = tags.Get("type");
  if (type != "restriction" && type.substr(0, 12) != "restriction:") return r;
  r.is_restriction = true;
  const std::string_view ours = VehicleClassName(vehicle);
  const std::string class_key = "restriction:" + std::string(ours);
  // Legacy "type=restriction:hgv" relations are for one kind of vehicle only.
  std::string_view value;
  if (type.size() > 12) {
    const std::string_view for_vehicle = type.substr(12);
    if (for_vehicle != "emergency" && for_vehicle != "motor_vehicle" && for_vehicle != ours) {
      r.skip_reason = "for other vehicles (type=" + std::string(type) + ")";
      return r;
    }
    value = tags.Get(std::string("restriction:").append(for_vehicle).c_str());
    if (value.empty()) value = tags.Get("restriction");
  } else if (tags.Has("restriction:emergency")) {
    value = tags.Get("restriction:emergency");
  } else if (tags.Has(class_key.c_str())) {
    value = tags.Get(class_key.c_str());
  } else if (tags.Has("restriction")) {
    value = tags.Get("restriction");
  } else if (tags.Has("restriction:motor_vehicle")) {
    value = tags.Get("restriction:motor_vehicle");
  } else if (tags.Has("restriction:conditional")) {
    r.skip_reason = "conditional only (restriction:conditional)";
    return r;
  } else {
    r.skip_reason = "for other vehicles or no restriction value";
    return r;
  }
  // except=psv;emergency (or our class): the restriction does not bind us.
  std::string_view except = tags.Get("except");
  while (!except.empty()) {
    const std::size_t semi = except.find(';');
    const std::string_view exempt = Trim(except.substr(0, semi));
    if (exempt == "emergency") {
      r.skip_reason = "emergency vehicles exempt (except=emergency)";
      return r;
    }
    if (exempt == ours) {
      r.skip_reason = "our vehicle class exempt (except=" + std::string(ours) + ")";
      return r;
    }
    if (semi == std::string_view::npos) break;
    except.remove_prefix(semi + 1);
  }
  if (value.substr(0, 3) == "no_") {
    r.only = false;
  } else if (value.substr(0, 5) == "only_") {
    r.only = true;
  } else {
    r.skip_reason =
        value == "none" ? "lifted for emergency vehicles (none)" : "unknown restriction value";
    return r;
  }
  return r;
}

}  // namespace elink::geo::osm_internal
