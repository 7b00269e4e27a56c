#pragma once
// 接警: what a report says about an incident, declared once with its field list. Whoever makes a
// report fills one in: the API's dispatcher and citizen routes, the CLI, the simulator and the
// drill feeder (sim/). The ReportIncident command and the IncidentReported event (dispatch/) and
// the simulator's SimIncident (sim/scenario.hpp) derive from it, so `r.type`, `r.location` … read
// the same everywhere; the Incident the report creates repeats these fields (model.hpp) beside the
// ones the engine assigns.

#include "core/enums.hpp"
#include "core/fields.hpp"
#include "core/model.hpp"

#include <compare>
#include <string>
#include <tuple>

namespace elink::core {

struct IncidentReport {
  std::string type;  // code from the incident type catalogue, e.g. "fire.residential"
  IncidentLevel level = IncidentLevel::kIV;
  IncidentSource source = IncidentSource::kCall;
  LatLon location;
  std::string address;
  std::string description;
  std::string reporter_name;
  std::string reporter_phone;
  Casualties casualties;
  bool exercise = false;  // drill incident: kept out of real statistics
  friend auto operator<=>(const IncidentReport&, const IncidentReport&) = default;
};

// The report's fields as the log and snapshots spell them, for C, a struct with a report's fields
// (IncidentReported derives them from IncidentReport; Incident repeats them) and the grid and
// jurisdiction the engine assigns from the location. Those two stand between address and
// description, where the first logs had them: the order is the decoder's, which names the first
// field it misses.
template <typename C>
constexpr auto IncidentReportFields() {
  return std::tuple{F("type", &C::type),
                    F("level", &C::level),
                    F("source", &C::source),
                    F("location", &C::location),
                    F("address", &C::address),
                    F("grid", &C::grid),
                    F("jurisdiction", &C::jurisdiction),
                    F("description", &C::description),
                    F("reporter_name", &C::reporter_name),
                    F("reporter_phone", &C::reporter_phone),
                    F("casualties", &C::casualties),
                    F("exercise", &C::exercise)};
}

}  // namespace elink::core
