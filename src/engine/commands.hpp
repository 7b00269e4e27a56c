#pragma once
// Commands: what users and systems ask the engine to do. A command is validated against the
// current state and becomes zero or more events (decide.hpp); a command that is refused changes
// nothing and its Status says why.

#include "core/model.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace elink::engine {

// Sets up a new center with its region (`elink init`). Refused once a region is loaded.
struct ImportRegion {
  core::Region region;
};

// A photo sent with a report: its media type and its bytes (core::CheckPhoto says what is
// accepted).
struct PhotoUpload {
  std::string media_type;
  std::string bytes;
};

// 接警: a new incident. The engine assigns its id, grid and jurisdiction from the location. With a
// photo, the report and the photo are committed together (incident_reported, then
// incident_photo_attached), so a reply that says saved means both are on disk.
struct ReportIncident {
  std::string type;
  core::IncidentLevel level = core::IncidentLevel::kIV;
  core::IncidentSource source = core::IncidentSource::kCall;
  core::LatLon location;
  std::string address;
  std::string description;
  std::string reporter_name;
  std::string reporter_phone;
  core::Casualties casualties;
  bool exercise = false;
  std::optional<PhotoUpload> photo;
};

// Verify, mark on scene / controlled, close or cancel. Dispatch and merge have their own commands.
struct ChangeIncidentStatus {
  core::IncidentId id;
  core::IncidentStatus to = core::IncidentStatus::kVerified;
  std::string reason;
};

struct ChangeIncidentLevel {
  core::IncidentId id;
  core::IncidentLevel to = core::IncidentLevel::kIV;
  std::string reason;
};

struct MergeIncidents {
  core::IncidentId duplicate;
  core::IncidentId into;
};

struct DispatchUnits {
  core::IncidentId incident;
  std::vector<core::UnitId> units;
};

// Acknowledge/en route, on scene, leave scene, available, out of service.
struct ChangeUnitStatus {
  core::UnitId unit;
  core::UnitStatus to = core::UnitStatus::kEnRoute;
  std::string reason;
};

struct PositionReport {
  core::UnitId unit;
  core::LatLon position;
  TimePoint at{};
};

// AVL positions in a batch; one event per report.
struct ReportPositions {
  std::vector<PositionReport> reports;
};

// A department acknowledges (to = acknowledged) or finishes (to = done) one of its tasks.
struct UpdateTask {
  core::IncidentId incident;
  std::uint32_t task = 0;
  core::TaskStatus to = core::TaskStatus::kAcknowledged;
  std::string note;
};

// Escalates every task of an open incident whose acknowledgement deadline has passed. Sent by the
// server's timer (and `elink tasks escalate`); makes no event when nothing is overdue.
struct EscalateOverdueTasks {};

// Shares an incident with another organisation's jurisdiction, which then sees it and acts on it
// (auth/policy.hpp): e.g. the neighbouring district that sends mutual aid. Refused when that
// organisation sees the incident already (its jurisdiction is the incident's or above it).
struct ShareIncident {
  core::IncidentId incident;
  core::OrgId org;
};

struct UnshareIncident {
  core::IncidentId incident;
  core::OrgId org;
};

// Users of `elink serve`. Decide checks the command against the state only; who may send it
// (admins, within their subtree) is the API's check (auth/policy.hpp). A password arrives hashed
// (auth::HashPassword): argon2id takes ~100 ms on purpose, far too long for the writer thread, so
// the caller hashes and Decide checks only that the hash has the argon2id form.
// Rules (docs/auth.md): names are [a-z0-9._-]{1,64} and never reused (users are disabled, not
// removed); a regional coordinator belongs to the root organisation; the last enabled
// administrator of the root organisation cannot be disabled, demoted or moved.
struct AddUser {
  std::string name;
  core::Name display;
  core::Role role = core::Role::kViewer;
  core::OrgId org;
  std::string password_hash;  // SECRET: argon2id encoded string
};

struct ChangeUserRole {
  std::string name;
  core::Role role = core::Role::kViewer;
  core::OrgId org;
};

// Revokes the user's tokens.
struct ChangePassword {
  std::string name;
  std::string password_hash;  // SECRET: argon2id encoded string
};

// Disabling revokes the user's tokens; enabling does not bring them back.
struct SetUserDisabled {
  std::string name;
  bool disabled = true;
};

// Sign out everywhere: every token issued to the user so far stops working.
struct RevokeUserTokens {
  std::string name;
};

// Publishes a public warning (预警信息发布). Refused when the organisation does not exist, the
// headline is empty in both languages, the area is not a circle of 0 < r <= 1000 km around a
// valid point, the expiry is not within the next 7 days, or the incident does not exist.
struct PublishAlert {
  core::AlertContent content;
};

// Withdraws an active warning. Refused when it is cancelled already or has expired.
struct CancelAlert {
  core::AlertId alert;
  std::string reason;
};

// Monitoring (监测预警): one sensor reading. Decide rates it (warning/monitoring.hpp) and makes
// reading_recorded, then sensor_level_changed when the level moves. Refused: unknown sensor,
// non-finite value, a reading not newer than the track's last, or one more than
// kMaxReadingAhead after now. `exercise`: a drill's reading, on the sensor's exercise track.
struct RecordReading {
  core::SensorId sensor;
  TimePoint at{};
  double value = 0;
  bool exercise = false;
};

using CommandBody =
    std::variant<ImportRegion, ReportIncident, ChangeIncidentStatus, ChangeIncidentLevel,
                 MergeIncidents, DispatchUnits, ChangeUnitStatus, ReportPositions, UpdateTask,
                 EscalateOverdueTasks, ShareIncident, UnshareIncident, AddUser, ChangeUserRole,
                 ChangePassword, SetUserDisabled, RevokeUserTokens, PublishAlert, CancelAlert,
                 RecordReading>;

struct Command {
  std::string actor;       // who asks: a user name, or a system component ("elink-init")
  std::string request_id;  // the client's id for this command; recorded in every event it makes
  CommandBody body;
};

// What the engine answers once the command's events are durable.
struct Reply {
  std::uint64_t first_seq = 0;  // 0 when the command made no event
  std::uint64_t last_seq = 0;
  std::optional<core::IncidentId> incident;  // the incident a ReportIncident created
  std::optional<core::AlertId> alert;        // the alert a PublishAlert published
  std::optional<core::SensorLevel> level;    // the level a RecordReading's reading is at
};

}  // namespace elink::engine
