#pragma once
// Events: every change of state in elink is one of these, appended to the log before it is applied
// (DESIGN.md rule 1). Each struct is a fact in the past tense; `kType` is its code in the log.
// An Event is the envelope: sequence number, time, who did it and the client's request id.

#include "core/model.hpp"
#include "util/clock.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace elink::core {

// The center was set up with its region's reference data (`elink init`).
struct RegionImported {
  static constexpr std::string_view kType = "region_imported";
  Region region;
  friend auto operator<=>(const RegionImported&, const RegionImported&) = default;
};

struct IncidentReported {
  static constexpr std::string_view kType = "incident_reported";
  IncidentId id;
  std::string type;
  IncidentLevel level = IncidentLevel::kIV;
  IncidentSource source = IncidentSource::kCall;
  LatLon location;
  std::string address;
  std::optional<GridId> grid;
  std::optional<OrgId> jurisdiction;
  std::string description;
  std::string reporter_name;
  std::string reporter_phone;
  Casualties casualties;
  bool exercise = false;
  friend auto operator<=>(const IncidentReported&, const IncidentReported&) = default;
};

// A photo of the incident (a citizen's, sent with the report), committed with the report itself.
// The bytes are here and nowhere else: the state keeps only an IncidentPhoto, which names this
// event's seq, and whoever shows the photo reads it back from the log.
struct IncidentPhotoAttached {
  static constexpr std::string_view kType = "incident_photo_attached";
  IncidentId incident;
  std::uint32_t photo = 0;  // 1-based index within the incident
  std::string media_type;
  std::uint64_t size = 0;
  std::string sha256;  // of the bytes, lowercase hex
  Blob data;
  friend auto operator<=>(const IncidentPhotoAttached&, const IncidentPhotoAttached&) = default;
};

struct IncidentStatusChanged {
  static constexpr std::string_view kType = "incident_status_changed";
  IncidentId id;
  IncidentStatus from = IncidentStatus::kReported;
  IncidentStatus to = IncidentStatus::kReported;
  std::string reason;
  friend auto operator<=>(const IncidentStatusChanged&, const IncidentStatusChanged&) = default;
};

struct IncidentLevelChanged {
  static constexpr std::string_view kType = "incident_level_changed";
  IncidentId id;
  IncidentLevel from = IncidentLevel::kIV;
  IncidentLevel to = IncidentLevel::kIV;
  std::string reason;
  friend auto operator<=>(const IncidentLevelChanged&, const IncidentLevelChanged&) = default;
};

// `duplicate` joins `into`; its status becomes merged in the same event.
struct IncidentsMerged {
  static constexpr std::string_view kType = "incidents_merged";
  IncidentId duplicate;
  IncidentId into;
  friend auto operator<=>(const IncidentsMerged&, const IncidentsMerged&) = default;
};

// The unit is assigned to the incident and its status becomes dispatched.
struct UnitDispatched {
  static constexpr std::string_view kType = "unit_dispatched";
  UnitId unit;
  IncidentId incident;
  friend auto operator<=>(const UnitDispatched&, const UnitDispatched&) = default;
};

struct UnitStatusChanged {
  static constexpr std::string_view kType = "unit_status_changed";
  UnitId unit;
  UnitStatus from = UnitStatus::kAvailable;
  UnitStatus to = UnitStatus::kAvailable;
  std::string reason;
  friend auto operator<=>(const UnitStatusChanged&, const UnitStatusChanged&) = default;
};

// An AVL position report. `at` is when the unit was there, which may be before the event's time.
struct UnitPositionReported {
  static constexpr std::string_view kType = "unit_position_reported";
  UnitId unit;
  LatLon position;
  TimePoint at{};
  friend auto operator<=>(const UnitPositionReported&, const UnitPositionReported&) = default;
};

// The incident's plan was activated for levels down to `level` (on verification, or when the level
// was raised): `tasks` are the departments' new tasks, ids continuing the incident's.
struct PlanActivated {
  static constexpr std::string_view kType = "plan_activated";
  IncidentId incident;
  PlanId plan;
  IncidentLevel level = IncidentLevel::kIV;
  std::vector<DepartmentTask> tasks;
  friend auto operator<=>(const PlanActivated&, const PlanActivated&) = default;
};

// A department took the task on (`done` false) or finished it (`done` true).
struct TaskUpdated {
  static constexpr std::string_view kType = "task_updated";
  IncidentId incident;
  std::uint32_t task = 0;
  TaskStatus to = TaskStatus::kAcknowledged;
  std::string note;
  friend auto operator<=>(const TaskUpdated&, const TaskUpdated&) = default;
};

// A task not acknowledged by its deadline moved up to `to` (the same organisation when it is
// already at the top: a reminder), with a new deadline.
struct TaskEscalated {
  static constexpr std::string_view kType = "task_escalated";
  IncidentId incident;
  std::uint32_t task = 0;
  OrgId from;
  OrgId to;
  TimePoint due{};
  friend auto operator<=>(const TaskEscalated&, const TaskEscalated&) = default;
};

// The incident was shared with another organisation's jurisdiction (which then sees and acts on
// it: auth/policy.hpp), or no longer is.
struct IncidentShared {
  static constexpr std::string_view kType = "incident_shared";
  IncidentId incident;
  OrgId org;
  friend auto operator<=>(const IncidentShared&, const IncidentShared&) = default;
};

struct IncidentUnshared {
  static constexpr std::string_view kType = "incident_unshared";
  IncidentId incident;
  OrgId org;
  friend auto operator<=>(const IncidentUnshared&, const IncidentUnshared&) = default;
};

// A public warning was published (its id is the state's next_alert_id; sent = the event's time,
// sender = its actor).
struct AlertPublished {
  static constexpr std::string_view kType = "alert_published";
  AlertId id;
  AlertContent content;
  friend auto operator<=>(const AlertPublished&, const AlertPublished&) = default;
};

// Withdrawn before it expired (CAP msgType "Cancel").
struct AlertCancelled {
  static constexpr std::string_view kType = "alert_cancelled";
  AlertId id;
  std::string reason;
  friend auto operator<=>(const AlertCancelled&, const AlertCancelled&) = default;
};

// Monitoring (监测预警). A sensor's reading, with the level it puts the sensor at (the rules of
// warning/monitoring.hpp, applied by the engine when it decided). `exercise`: a drill's reading,
// on the sensor's exercise track, which never moves the real level.
struct ReadingRecorded {
  static constexpr std::string_view kType = "reading_recorded";
  SensorId sensor;
  TimePoint at{};  // when it was measured
  double value = 0;
  SensorLevel level = SensorLevel::kNone;
  bool exercise = false;
  friend auto operator<=>(const ReadingRecorded&, const ReadingRecorded&) = default;
};

// The reading just recorded (in the same command) moved the sensor's level on the track named by
// `exercise`; the reason is for people, in both languages.
struct SensorLevelChanged {
  static constexpr std::string_view kType = "sensor_level_changed";
  SensorId sensor;
  SensorLevel from = SensorLevel::kNone;
  SensorLevel to = SensorLevel::kNone;
  std::string reason_zh;
  std::string reason_en;
  bool exercise = false;
  friend auto operator<=>(const SensorLevelChanged&, const SensorLevelChanged&) = default;
};

// Users of `elink serve`. The events that carry a password hash are in the log like every other;
// anything that shows events to people (the API's event log, `elink` tools) must leave
// `password_hash` out.

// A new user, enabled, created at the event's time, token version 0.
struct UserAdded {
  static constexpr std::string_view kType = "user_added";
  std::string name;
  Name display;
  Role role = Role::kViewer;
  OrgId org;
  std::string password_hash;  // SECRET (see User::password_hash)
  friend auto operator<=>(const UserAdded&, const UserAdded&) = default;
};

// New role and organisation (either may be unchanged). Tokens stay valid: they name the user, and
// the user's role is read from the state on every request.
struct UserRoleChanged {
  static constexpr std::string_view kType = "user_role_changed";
  std::string name;
  Role role = Role::kViewer;
  OrgId org;
  friend auto operator<=>(const UserRoleChanged&, const UserRoleChanged&) = default;
};

// A new password; revokes the user's tokens (token_version + 1).
struct UserPasswordChanged {
  static constexpr std::string_view kType = "user_password_changed";
  std::string name;
  std::string password_hash;  // SECRET (see User::password_hash)
  friend auto operator<=>(const UserPasswordChanged&, const UserPasswordChanged&) = default;
};

// The user may no longer sign in; revokes their tokens (token_version + 1), so enabling the user
// again does not bring old tokens back.
struct UserDisabled {
  static constexpr std::string_view kType = "user_disabled";
  std::string name;
  friend auto operator<=>(const UserDisabled&, const UserDisabled&) = default;
};

struct UserEnabled {
  static constexpr std::string_view kType = "user_enabled";
  std::string name;
  friend auto operator<=>(const UserEnabled&, const UserEnabled&) = default;
};

// Every token issued to the user so far stops working (token_version + 1): "sign out everywhere".
struct UserTokensRevoked {
  static constexpr std::string_view kType = "user_tokens_revoked";
  std::string name;
  friend auto operator<=>(const UserTokensRevoked&, const UserTokensRevoked&) = default;
};

using EventBody =
    std::variant<RegionImported, IncidentReported, IncidentStatusChanged, IncidentLevelChanged,
                 IncidentsMerged, UnitDispatched, UnitStatusChanged, UnitPositionReported,
                 PlanActivated, TaskUpdated, TaskEscalated, IncidentShared, IncidentUnshared,
                 UserAdded, UserRoleChanged, UserPasswordChanged, UserDisabled, UserEnabled,
                 UserTokensRevoked, AlertPublished, AlertCancelled, IncidentPhotoAttached,
                 ReadingRecorded, SensorLevelChanged>;

struct Event {
  std::uint64_t seq = 0;  // 1-based position in the log
  TimePoint at{};         // from the engine's clock when the event was made
  std::string actor;      // user or system component that caused it
  std::string
      request_id;  // the client's id for the command, for tracing and idempotency; may be empty
  EventBody body;
  friend auto operator<=>(const Event&, const Event&) = default;
};

std::string_view TypeOf(const EventBody& body);

}  // namespace elink::core
