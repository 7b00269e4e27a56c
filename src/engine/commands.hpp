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

// 接警: a new incident. The engine assigns its id, grid and jurisdiction from the location.
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

using CommandBody =
    std::variant<ImportRegion, ReportIncident, ChangeIncidentStatus, ChangeIncidentLevel,
                 MergeIncidents, DispatchUnits, ChangeUnitStatus, ReportPositions, UpdateTask,
                 EscalateOverdueTasks>;

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
};

}  // namespace elink::engine
