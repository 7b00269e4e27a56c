#pragma once
// State: the in-memory model that the events build. Apply(event) is the only way it changes, so
// replaying the log (from a snapshot) gives back the same State, field for field (operator==).
// Owned by the engine's writer thread; not thread-safe. Readers get an immutable copy
// (std::shared_ptr<const State>) that the engine publishes after each commit; the collections are
// CowMaps, so such a copy costs O(n / 64) and shares everything that did not change.

#include "core/events.hpp"
#include "core/model.hpp"
#include "util/cow_map.hpp"
#include "util/status.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace elink::core {

class State {
 public:
  State() = default;

  // Applies one event. The event must follow the last applied one (seq == last_seq() + 1) and be
  // consistent with the state (the engine validated it before logging). kCorruption, leaving the
  // state unchanged, when it is not: a log that does not replay is a damaged log.
  Status Apply(const Event& event);

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
  Status ApplyBody(const Event& e, const RegionImported& b);
  Status ApplyBody(const Event& e, const IncidentReported& b);
  Status ApplyBody(const Event& e, const IncidentStatusChanged& b);
  Status ApplyBody(const Event& e, const IncidentLevelChanged& b);
  Status ApplyBody(const Event& e, const IncidentsMerged& b);
  Status ApplyBody(const Event& e, const UnitDispatched& b);
  Status ApplyBody(const Event& e, const UnitStatusChanged& b);
  Status ApplyBody(const Event& e, const UnitPositionReported& b);
  Status ApplyBody(const Event& e, const PlanActivated& b);
  Status ApplyBody(const Event& e, const TaskUpdated& b);
  Status ApplyBody(const Event& e, const TaskEscalated& b);
  Status ApplyBody(const Event& e, const IncidentShared& b);
  Status ApplyBody(const Event& e, const IncidentUnshared& b);
  Status ApplyBody(const Event& e, const UserAdded& b);
  Status ApplyBody(const Event& e, const UserRoleChanged& b);
  Status ApplyBody(const Event& e, const UserPasswordChanged& b);
  Status ApplyBody(const Event& e, const UserDisabled& b);
  Status ApplyBody(const Event& e, const UserEnabled& b);
  Status ApplyBody(const Event& e, const UserTokensRevoked& b);
  Status ApplyBody(const Event& e, const AlertPublished& b);
  Status ApplyBody(const Event& e, const AlertCancelled& b);
  Status ApplyBody(const Event& e, const IncidentPhotoAttached& b);
  Status ApplyBody(const Event& e, const ReadingRecorded& b);
  Status ApplyBody(const Event& e, const SensorLevelChanged& b);

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

}  // namespace elink::core
