#pragma once
// State: the in-memory model that the events build, the container every domain shares. It changes
// only when an event is applied (engine/registry.hpp: each domain's Apply writes it through a
// StateWriter), so replaying the log (from a snapshot) gives back the same State, field for field
// (operator==). Owned by the engine's writer thread; not thread-safe. Readers get an immutable copy
// (std::shared_ptr<const State>) that the engine publishes after each commit; the collections are
// CowMaps, so such a copy costs O(n / 64) and shares everything that did not change.

#include "core/model.hpp"
#include "util/cow_map.hpp"
#include "util/status.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace elink::core {

class State {
 public:
  State() = default;

  [[nodiscard]] std::uint64_t last_seq() const { return last_seq_; }
  [[nodiscard]] TimePoint last_event_at() const { return last_event_at_; }
  [[nodiscard]] bool has_region() const { return !region_id_.empty(); }
  [[nodiscard]] const std::string& region_id() const { return region_id_; }
  [[nodiscard]] const Name& region_name() const { return region_name_; }
  // The id the next reported incident gets.
  [[nodiscard]] IncidentId next_incident_id() const { return IncidentId(next_incident_id_); }
  [[nodiscard]] AlertId next_alert_id() const { return AlertId(next_alert_id_); }

  [[nodiscard]] const CowMap<OrgId, Organisation>& organisations() const { return orgs_; }
  [[nodiscard]] const CowMap<GridId, Grid>& grids() const { return grids_; }
  [[nodiscard]] const CowMap<StationId, Station>& stations() const { return stations_; }
  [[nodiscard]] const CowMap<UnitId, Unit>& units() const { return units_; }
  [[nodiscard]] const CowMap<PlanId, Plan>& plans() const { return plans_; }
  [[nodiscard]] const CowMap<IncidentId, Incident>& incidents() const { return incidents_; }
  // Users of `elink serve`, by name. Their password hashes are secret (User::password_hash).
  [[nodiscard]] const CowMap<std::string, User>& users() const { return users_; }
  // Public warnings, cancelled and expired ones included.
  [[nodiscard]] const CowMap<AlertId, Alert>& alerts() const { return alerts_; }
  // Monitoring: each sensor of the region with its live and exercise tracks.
  [[nodiscard]] const CowMap<SensorId, SensorState>& sensors() const { return sensors_; }

  [[nodiscard]] const Organisation* FindOrg(const OrgId& id) const;
  [[nodiscard]] const Unit* FindUnit(const UnitId& id) const;
  [[nodiscard]] const Incident* FindIncident(const IncidentId& id) const;
  [[nodiscard]] const User* FindUser(std::string_view name) const;
  [[nodiscard]] const Alert* FindAlert(const AlertId& id) const;
  [[nodiscard]] const SensorState* FindSensor(const SensorId& id) const;
  // The grid containing `p`, if any (linear scan; geo/ provides the indexed lookup).
  [[nodiscard]] const Grid* GridAt(const LatLon& p) const;
  // True when `org` is `ancestor` or lies in its subtree.
  [[nodiscard]] bool IsWithin(const OrgId& org, const OrgId& ancestor) const;

  friend bool operator==(const State&, const State&) = default;

 private:
  friend struct StateCodec;  // codec.cpp reads and writes the private fields for snapshots
  friend class StateWriter;  // the domains' Apply functions

  std::uint64_t last_seq_ = 0;
  TimePoint last_event_at_{};
  std::string region_id_;
  Name region_name_;
  std::uint64_t next_incident_id_ = 1;
  CowMap<OrgId, Organisation> orgs_;
  CowMap<GridId, Grid> grids_;
  CowMap<StationId, Station> stations_;
  CowMap<UnitId, Unit> units_;
  CowMap<PlanId, Plan> plans_;
  CowMap<IncidentId, Incident> incidents_;
  CowMap<std::string, User> users_;
  std::uint64_t next_alert_id_ = 1;
  CowMap<AlertId, Alert> alerts_;
  CowMap<SensorId, SensorState> sensors_;
};

// Write access to a State, for the domains' Apply functions (their apply.cpp) and the engine's
// registry, which applies events in sequence. Holds a reference: `state` must outlive it. Not
// thread-safe; the engine's writer thread (or a simulator's, or a test's) only.
class StateWriter {
 public:
  explicit StateWriter(State& state) : s_(state) {}

  [[nodiscard]] const State& state() const { return s_; }

  CowMap<OrgId, Organisation>& organisations() { return s_.orgs_; }
  CowMap<GridId, Grid>& grids() { return s_.grids_; }
  CowMap<StationId, Station>& stations() { return s_.stations_; }
  CowMap<UnitId, Unit>& units() { return s_.units_; }
  CowMap<PlanId, Plan>& plans() { return s_.plans_; }
  CowMap<IncidentId, Incident>& incidents() { return s_.incidents_; }
  CowMap<std::string, User>& users() { return s_.users_; }
  CowMap<AlertId, Alert>& alerts() { return s_.alerts_; }
  CowMap<SensorId, SensorState>& sensors() { return s_.sensors_; }

  Unit* FindUnit(const UnitId& id) { return s_.units_.FindMutable(id); }
  Incident* FindIncident(const IncidentId& id) { return s_.incidents_.FindMutable(id); }
  User* FindUser(const std::string& name) { return s_.users_.FindMutable(name); }
  Alert* FindAlert(const AlertId& id) { return s_.alerts_.FindMutable(id); }
  SensorState* FindSensor(const SensorId& id) { return s_.sensors_.FindMutable(id); }

  void SetRegion(std::string id, Name name) {
    s_.region_id_ = std::move(id);
    s_.region_name_ = std::move(name);
  }
  // The id the next incident (alert) takes; the applier of its creation advances it.
  void TakeIncidentId() { ++s_.next_incident_id_; }
  void TakeAlertId() { ++s_.next_alert_id_; }
  // After an event applied: it is the last one.
  void Applied(std::uint64_t seq, TimePoint at) {
    s_.last_seq_ = seq;
    s_.last_event_at_ = at;
  }

 private:
  State& s_;
};

}  // namespace elink::core
