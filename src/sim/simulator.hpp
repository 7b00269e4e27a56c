#pragma once
// Simulator: a discrete-event simulation of a region's response, driving the engine's own step
// (engine::Machine: the same commands, Decide rules and state as live service) on a simulated
// clock, with units chosen by a policy: the closest stations, elink's recommendation, or elink's
// joint assignment (dispatch/recommend.hpp). Units drive at road travel times (geo::Router),
// turn out, work on scene and drive home for times drawn per incident type (scenario.hpp), and
// are available again as soon as they leave the scene, from where they are on their way home.
//
// Deterministic: the same incidents, durations and seed give the same result. Draws use common
// random numbers (one stream per incident, and per unit sent to it), so every policy meets the
// same call-processing, turnout and on-scene times. Nothing here reads the wall clock.

#include "core/model.hpp"
#include "geo/router.hpp"
#include "sim/scenario.hpp"
#include "util/clock.hpp"
#include "util/status.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace elink::sim {

struct SimOptions {
  // Joint policy: incidents whose dispatch falls within the policy's window are assigned
  // together (0: at the same moment); incidents waiting for free units are always assigned
  // together.
  PolicySpec policy = Policy::kRecommend;
  std::uint64_t seed = 1;
  bool exercise = false;  // report the incidents as exercises
  // Closest station: a plan line asking for an ALS unit takes the closest ambulance instead for
  // incidents of priority 1 and 2 (SFFD sends an ambulance to most non-emergency medical calls;
  // bench/README.md, "Simulator against the real week").
  bool non_emergency_ambulance = false;
  // Called on the caller's thread now and then with (incidents reported, total).
  std::function<void(std::size_t done, std::size_t total)> progress;
};

// What happened to one incident of the input.
struct IncidentOutcome {
  std::size_t input = 0;  // index in the input list
  std::string ref;
  std::string type;
  core::IncidentLevel level = core::IncidentLevel::kIV;
  core::LatLon location;
  TimePoint at{};
  std::string district;   // organisation id of its district; empty when outside every grid
  std::string refused;    // why the engine refused the report (then nothing else happened)
  bool no_plan = false;   // no response plan covers its type
  bool waited = false;    // no unit could go at first; sent when one came free
  bool unserved = false;  // no unit ever went: off the road network, or none free for 2 h
  int required = 0;       // units its plan asks for at its level
  int sent = 0;           // units dispatched to it
  int late = 0;           // units sent that the recommendation said would arrive late
  std::optional<Millis> to_dispatch;       // report → first unit dispatched
  std::optional<Millis> to_first_arrival;  // report → first unit on scene
  // The reference no dispatch rule can beat (by more than a crew already on the road gains):
  // report → first unit on scene if every unit of the roster were free at its station, i.e. the
  // soonest unit matching a line of the plan, with the call processing, turnout draw and drive
  // mode the first unit sent meets. The same under every policy of a seed. Empty when the
  // incident has no plan, is off the roads or no matching unit can reach it.
  std::optional<Millis> bound_first_arrival;
};

// How one unit spent the simulated time, which adds up: busy + homebound + idle = span.
struct UnitUsage {
  std::string unit;
  std::string type;
  std::string station;
  int responses = 0;
  Millis busy{0};       // dispatched → left the scene
  Millis homebound{0};  // available, driving back to its station
  Millis idle{0};       // at its station
};

struct RunResult {
  PolicySpec policy = Policy::kRecommend;
  TimePoint start{};
  TimePoint end{};                         // last moment simulated: every unit is home again
  std::vector<IncidentOutcome> incidents;  // in input order, one per input incident
  std::vector<UnitUsage> units;            // in region order
  std::uint64_t commands = 0;              // commands the engine accepted
  std::uint64_t refused_commands = 0;
  std::uint64_t events = 0;
};

// Runs one policy over `incidents` (sorted by time here; ties keep input order). `region` is
// imported into a fresh state as `elink init` would; `router` is the region's road graph.
// kInvalidArgument when the region does not import or an incident is before the epoch.
Result<RunResult> Simulate(const core::Region& region, std::shared_ptr<const geo::Router> router,
                           const std::vector<SimIncident>& incidents, const Durations& durations,
                           const SimOptions& options);

}  // namespace elink::sim
