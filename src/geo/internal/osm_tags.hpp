#pragma once
// The emergency profile's reading of OSM tags, kept free of the OSM library so that tests can
// feed it plain maps: which ways are roads for us (class, direction, speed) under the vehicle
// class's access hierarchy, which barrier nodes block, which objects are emergency POIs, and
// maxspeed / maxheight parsing.
// docs/osm-import.md states each rule and why.

#include "geo/graph.hpp"
#include "geo/osm_import.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace elink::geo::osm_internal {

// A non-owning view of one object's tags: anything with `const char* operator[](const char*)`
// returning nullptr for an absent key (osmium::TagList, the tests' map adapter). The viewed
// object must outlive the view.
class Tags {
 public:
  template <typename T>
  explicit Tags(const T& tags)
      : object_(&tags), get_([](const void* o, const char* key) -> const char* {
          return (*static_cast<const T*>(o))[key];
        }) {}
  // nullptr when absent.
  [[nodiscard]] const char* Find(const char* key) const { return get_(object_, key); }
  // "" when absent.
  [[nodiscard]] std::string_view Get(const char* key) const {
    const char* v = Find(key);
    return v == nullptr ? std::string_view() : std::string_view(v);
  }
  [[nodiscard]] bool Has(const char* key) const { return Find(key) != nullptr; }

 private:
  const void* object_;
  const char* (*get_)(const void*, const char*);
};

// km/h from "50", "50 km/h", "50kmh", "30 mph", "10 knots", "25.5"; nullopt for "walk", "none",
// "signals", "variable", "DE:urban", lists ("50;30"), zero, negative or above 300 km/h.
std::optional<double> ParseMaxspeedKmh(std::string_view value);

// Metres from "3.5", "3.5 m", "3,5", "12'6\"", "12 ft"; nullopt when unparseable or not positive.
std::optional<double> ParseHeightM(std::string_view value);

struct WayDecision {
  enum class Verdict : std::uint8_t {
    kNotRoad,  // no highway tag or a kind we never drive on (footway without opening tags, steps)
    kArea,     // highway with area=yes
    kRefused,  // a road class we drive on, closed by access tags (see refused_by)
    kUsed,
  };
  Verdict verdict = Verdict::kNotRoad;
  std::string refused_by;  // "access=no", "motor_vehicle=no", "hgv=no", "emergency=no" (kRefused)
  RoadClass road_class = RoadClass::kUnknown;
  bool forward = true;
  bool backward = true;
  double speed_forward_kmh = 0;
  double speed_backward_kmh = 0;
  bool opened_by_emergency = false;       // closed to others, open to us by emergency=*
  bool opened_by_vehicle_access = false;  // a path opened by motorcar|hgv/motor_vehicle/vehicle
  // The class's own key (motorcar=*, hgv=*) decided, against the next less specific access tag
  // present (or, for closed_by_class_tag, against no tag at all).
  bool opened_by_class_tag = false;
  bool closed_by_class_tag = false;
  bool penalised = false;      // a track or service road, its time multiplied
  bool reversible = false;     // oneway=reversible|alternating, taken as two-way
  bool oneway_exempt = false;  // one-way for others, two-way for us
  int maxspeed_used = 0;       // directions whose speed came from maxspeed (0..2)
  int maxspeed_unusable = 0;   // directions with a maxspeed tag we could not read
};

WayDecision ClassifyWay(const Tags& tags, const OsmProfile& profile);

enum class BarrierState : std::uint8_t {
  kNone,      // not a barrier, or one a vehicle passes (gate, lift_gate, cattle_grid, ...)
  kBlocking,  // no passage through this node for us
  kOpened,    // a blocking kind that the node's access tags open for us
};
BarrierState ClassifyBarrier(const Tags& tags, const OsmProfile& profile);

std::optional<PoiKind> ClassifyPoi(const Tags& tags);

// A type=restriction relation's tags read for an emergency vehicle of class `vehicle`.
struct RestrictionTags {
  bool is_restriction = false;  // type=restriction or type=restriction:*
  bool only = false;            // only_* (else no_*)
  std::string skip_reason;      // non-empty: the restriction does not concern us, and why
};
RestrictionTags ClassifyRestriction(const Tags& tags,
                                    VehicleClass vehicle = VehicleClass::kMotorcar);

}  // namespace elink::geo::osm_internal
