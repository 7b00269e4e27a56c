#pragma once
// Drills (培训与演练) on the live system: DrillFeeder plays a scenario into a running center at
// real or faster speed: incidents reported as exercises for trainees to handle in the dashboard,
// sensor readings on the sensors' exercise tracks, and scripted public warnings as CAP
// "Exercise". The exercise flag keeps all of it out of real statistics and real sensor levels.
// ScoreDrill then scores how the incidents were handled against the plans.

#include "core/state.hpp"
#include "engine/engine.hpp"
#include "sim/scenario.hpp"
#include "sim/sources.hpp"
#include "util/clock.hpp"
#include "util/status.hpp"

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace elink::sim {

// One thing a drill does at its time: report an incident, post a sensor reading, publish a
// warning. The command is made when the step is due, on the center's clock (`now`).
struct DrillStep {
  TimePoint at{};   // on the scenario's clock
  std::string ref;  // "script:3", "gen:12", "reading:0.4", "warning:1": the command id's suffix
  std::function<engine::CommandBody(TimePoint now)> make;
};

// Names a place for a dispatcher ("Chestnut St & Fillmore St"), or "" when it cannot; e.g. the
// nearest street corner from the center's road graph (geo::Gazetteer::NearestCorner).
using PlaceNamer = std::function<std::string(const core::LatLon&)>;

// A drill's steps, in time order: the built incidents (reported as exercises), the scenario's
// scripted readings (each sensor's exercise track) and warnings (CAP "Exercise", expiring
// `expires_h` drill hours after they are fed at `speed`). An incident's address is the one its
// step gives, else what `name_place` calls its location, else empty (the dashboard shows the
// coordinates); never the step's internal reference.
std::vector<DrillStep> DrillSteps(const Scenario& scenario, const BuiltIncidents& built,
                                  double speed, const PlaceNamer& name_place = {});

// Every step as the engine would decide it now (engine::Decide: the sensor and the issuing
// organisation exist, the warning's texts and area pass), so that a drill with a typo stops the
// start rather than being refused mid-drill. The engine's code and field; the message begins
// "drill step <ref>: ".
Status CheckDrill(const std::vector<DrillStep>& steps, const core::State& state, TimePoint now);

// Starts feeding at construction: step i is done when the clock reads
// started + (steps[i].at − start) / speed. Thread-safe; Stop() (or the destructor) ends it.
class DrillFeeder {
 public:
  // REQUIRES: speed > 0. `engine` and `clock` must outlive the feeder.
  DrillFeeder(engine::Engine& engine, const Clock& clock, std::vector<DrillStep> steps,
              TimePoint start, double speed);
  DrillFeeder(const DrillFeeder&) = delete;
  DrillFeeder& operator=(const DrillFeeder&) = delete;
  ~DrillFeeder();

  void Stop();
  // Blocks until every step has been done (or refused) or the feeder is stopped.
  void Wait();
  [[nodiscard]] std::size_t fed() const { return fed_.load(); }
  [[nodiscard]] std::size_t refused() const { return refused_.load(); }
  [[nodiscard]] std::size_t total() const { return steps_.size(); }

 private:
  void Run();

  engine::Engine& engine_;
  const Clock& clock_;
  std::vector<DrillStep> steps_;
  TimePoint start_;
  double speed_;
  TimePoint started_;
  std::atomic<std::size_t> fed_{0};
  std::atomic<std::size_t> refused_{0};
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;  // guarded by mu_
  bool done_ = false;      // guarded by mu_
  std::thread thread_;
};

// How one exercise incident was handled.
struct DrillIncidentScore {
  core::IncidentId id;
  std::string type;
  core::IncidentLevel level = core::IncidentLevel::kIV;
  TimePoint reported_at{};
  std::optional<Millis> to_verify;
  std::optional<Millis> to_dispatch;
  std::optional<Millis> to_first_arrival;
  int units_required = 0;  // by the plan at its level
  int units_in_time = 0;   // matching units on scene within the line's minutes of the report
  bool has_plan = false;
  double score = 0;  // 0..100
};

struct DrillScore {
  std::vector<DrillIncidentScore> incidents;  // exercise incidents, by id
  double mean_score = 0;
  std::size_t verified = 0;
  std::size_t dispatched = 0;
  std::size_t units_required = 0;
  std::size_t units_in_time = 0;
};

// Targets of the score: verification within 2 minutes of the report earns 20 points, the first
// dispatch within 3 minutes 30 (both falling linearly to 0 at three times the target), and the
// plan's units on scene within their lines' minutes the other 50 in proportion. Real incidents
// are never scored; merged and cancelled exercises are left out. `since`: only incidents
// reported from then on.
DrillScore ScoreDrill(const core::State& state, std::optional<TimePoint> since = std::nullopt);

// The score as a table (zh-CN when `zh`) or as JSON.
std::string FormatDrillScore(const DrillScore& score, bool zh);
std::string DrillScoreJson(const DrillScore& score);

}  // namespace elink::sim
