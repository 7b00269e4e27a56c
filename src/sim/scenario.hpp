#pragma once
// Scenario: what a simulation or a drill runs. The incidents (replayed from a call log, drawn by
// a generator, or scripted at given minutes; each the report it makes), how long units take
// (turnout, on scene, call processing) as distributions per incident type, the response standards,
// the policies to compare and the seed. Read from TOML (docs/formats/scenario.md); paths inside are
// relative to the file.

#include "core/enums.hpp"
#include "core/incident_report.hpp"
#include "core/model.hpp"
#include "util/clock.hpp"
#include "util/status.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace elink::sim {

// SplitMix64: a small generator, cheap to seed (the simulator opens one stream per incident and
// per unit sent) and giving the same numbers with every standard library.
class Rng {
 public:
  using result_type = std::uint64_t;
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return ~result_type{0}; }
  result_type operator()() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

 private:
  std::uint64_t state_;
};

// A positive duration drawn from a log-normal law given by its median and 90th percentile
// (both in seconds, p90 >= median > 0); p90 == median gives a constant.
struct Distribution {
  double median_s = 60;
  double p90_s = 60;

  // REQUIRES: Validate() ok. Whole milliseconds, at least 1.
  [[nodiscard]] Millis Sample(Rng& rng) const;
  [[nodiscard]] Status Validate(const std::string& field) const;
  friend bool operator==(const Distribution&, const Distribution&) = default;
};

// How long the steps of a response take, per incident type, with a default for other types.
struct StepTimes {
  Distribution call_processing{75, 150};  // call received → units dispatched
  Distribution turnout{60, 110};          // dispatched → en route
  Distribution on_scene{1200, 2700};      // arrived → leaves the scene
  friend bool operator==(const StepTimes&, const StepTimes&) = default;
};

// How a unit drives in one response mode: real drive ≈ overhead_s + travel_factor × routed time
// (the fit of `elink validate-travel`: pulling out, finding the address and parking, which no
// road speed represents). The defaults leave routed times as they are.
struct DriveMode {
  double overhead_s = 0;
  double travel_factor = 1;
  friend bool operator==(const DriveMode&, const DriveMode&) = default;
};

// SF priority 3 (lights and siren) is the emergency mode; 2 and 1 drive with the traffic.
inline constexpr int kEmergencyPriority = 3;

struct Durations {
  StepTimes fallback;
  std::map<std::string, StepTimes> by_type;  // incident type code → times
  std::string source;                        // where the figures come from (shown in reports)
  // Turnout by unit type code (core UnitType, e.g. "engine", "ambulance"): when the unit's type
  // is here it replaces the incident type's turnout. Empty in files from before it existed.
  std::map<std::string, Distribution> turnout_by_unit;
  DriveMode emergency;      // incidents of priority >= kEmergencyPriority or of unknown priority
  DriveMode non_emergency;  // priority 1 and 2

  [[nodiscard]] const StepTimes& For(const std::string& type) const;
  // A crew's turnout: its unit type's (turnout_by_unit) where the file has one, else the
  // incident type's. The simulator draws from it and tells the recommendation its median.
  [[nodiscard]] const Distribution& Turnout(const std::string& unit_type,
                                            const std::string& incident_type) const;
  [[nodiscard]] const DriveMode& ModeFor(int priority) const {
    return priority == 0 || priority >= kEmergencyPriority ? emergency : non_emergency;
  }
};

// Durations fitted from the SF Fire Department week of 2016-12-31 (data/sim/durations-sf-2017.toml,
// made by `elink fit-durations`); the fallback of every scenario that names none.
// kNotFound when the file is not there, kInvalidArgument when it does not read.
Result<Durations> LoadDurations(const std::filesystem::path& path);
std::string DurationsToToml(const Durations& durations);

// One incident to simulate, from any source: the report the simulator or the drill feeds the
// engine (core::IncidentReport; its address as the caller gave it, e.g. a scripted step's
// `address`, may be empty), when, and where it comes from.
struct SimIncident : core::IncidentReport {
  TimePoint at{};
  std::string ref;   // where it comes from: "sf:163664050", "gen:12", "script:3"
  int priority = 0;  // SF scale 1..3 (calls.hpp); 0 unknown, driven as an emergency
  // Replays of a real call may keep its real call-processing time (received → first dispatch)
  // instead of drawing one.
  std::optional<Millis> processing;
};

enum class Policy {
  kClosestStation,  // each plan line from the available units of the nearest stations
  kRecommend,       // elink's recommendation, incident by incident
  kJoint,           // elink's joint assignment over the incidents waiting in the same minute
};
std::string_view CodeOf(Policy p);
std::optional<Policy> ParsePolicy(std::string_view code);

// A policy as a scenario runs it: a built-in one, or a variant the scenario names ([[policy]]):
// a built-in base with its settings changed, e.g. joint assignment over 5-minute windows, or
// elink's recommendation without mutual aid between districts.
struct PolicySpec {
  PolicySpec() = default;
  // A built-in policy with its defaults, named by its code.
  PolicySpec(Policy p);  // NOLINT(google-explicit-constructor): every built-in policy is a spec

  std::string name;  // the code of a built-in; a scenario's own name otherwise
  core::Name label;  // shown in reports
  Policy base = Policy::kRecommend;
  // Joint: incidents whose dispatch falls within this many seconds are assigned together.
  double window_s = 0;
  // Recommend, joint: units of a neighbouring district may go under a mutual-aid agreement.
  bool mutual_aid = true;
  // Recommend: weigh the coverage a unit leaves behind (RecommendOptions::leaving_cost): among
  // the units in time within 60 s of the soonest, the one whose leaving uncovers the least demand
  // within this many minutes of turnout and drive (the region's grids, each weighing 1 + its
  // incidents so far). 0: off.
  double coverage_minutes = 0;
  friend bool operator==(const PolicySpec&, const PolicySpec&) = default;
};

// Incidents drawn at random, Poisson by grid cell and hour of day. Rates either fitted from a
// call log (each cell's calls per hour-of-day over the log's days, times `scale`) or a total per
// day spread over the log's hours and cells.
struct GeneratorSpec {
  std::filesystem::path fit;  // call log to fit from (format as CallSource)
  std::string fit_format = "sf";
  double scale = 1.0;
  std::optional<double> per_day;  // total rate; replaces the fitted total when set
};

struct CallSource {
  std::filesystem::path path;
  std::string format =
      "sf";  // "sf" (SF Fire Department CSV) or "simple" (docs/formats/calls-csv.md)
};

// A scripted step of a drill, at a minute after the start.
struct ScriptedIncident {
  double at_min = 0;
  SimIncident incident;  // `at` is filled from at_min
  std::string description_en;
};

// A drill's sensor readings (monitoring, warning/monitoring.hpp): one reading at `at_min`, or a
// ramp from `value` at `at_min` to `to_value` at `until_min`, one reading every `every_min`
// (a river rising through a storm). Fed into the sensor's exercise track, never its real one.
struct ScriptedReading {
  double at_min = 0;
  std::string sensor;  // a sensor id of the region (checked when the drill starts)
  double value = 0;
  std::optional<double> to_value;
  double until_min = 0;
  double every_min = 5;

  // (minute, value) of each reading, in time order.
  [[nodiscard]] std::vector<std::pair<double, double>> Series() const;
};

// A public warning the drill publishes as an exercise (CAP status "Exercise"), e.g. the weather
// bureau's rainstorm warning that opens the scenario. `content.expires` is set when it is fed:
// `expires_h` after.
struct ScriptedWarning {
  double at_min = 0;
  core::AlertContent content;  // exercise = true
  double expires_h = 6;
};

struct Scenario {
  core::Name name;
  std::uint64_t seed = 1;
  std::optional<TimePoint> start;  // default: the first incident's time (generator: 2026-01-01)
  double hours = 24;               // incidents after start + hours are left out
  // In the order run and reported: `policies = [...]` names built-ins and [[policy]] variants;
  // without it, closest_station, recommend and then every [[policy]] of the file.
  std::vector<PolicySpec> policies{Policy::kClosestStation, Policy::kRecommend};
  bool exercise = false;  // incidents are marked as exercises (drills)
  double speed = 1.0;     // drills: simulated seconds per real second
  // Standard response time per incident type, minutes; `standard_default` for the others.
  double standard_default_min = 8;
  std::map<std::string, double> standard_min;
  // The step times' file (`durations = "<file>"`), or the built-in defaults when the scenario
  // asks for them by name (`durations = "built-in"`); neither: the shipped fitted file.
  std::optional<std::filesystem::path> durations_file;
  bool durations_builtin = false;
  std::vector<CallSource> calls;
  std::optional<GeneratorSpec> generator;
  std::vector<ScriptedIncident> script;
  std::vector<ScriptedReading> readings;  // [[script]] kind = "reading" (drills only)
  std::vector<ScriptedWarning> warnings;  // [[script]] kind = "warning" (drills only)

  [[nodiscard]] double StandardMinutes(const std::string& type) const;
};

// kNotFound when the file is missing; kInvalidArgument "<file>:<line>: <field>: <reason>" for
// unknown keys, wrong types, unknown types or policies, bad coordinates, negative times.
Result<Scenario> LoadScenario(const std::filesystem::path& path);
Result<Scenario> ParseScenario(std::string_view toml_text, const std::filesystem::path& base_dir,
                               const std::string& file_name);

}  // namespace elink::sim
