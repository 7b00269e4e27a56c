#pragma once
// The dispatch domain's commands: an incident's report, verification and lifecycle, its level,
// merging duplicates, sending units and their status while they respond, sharing with another
// jurisdiction. A command is decided against the state (domain.hpp) into the events it causes; a
// refused one changes nothing and its Status says why. The report's fields are core's
// IncidentReport, which the IncidentReported event and the simulator's incidents share.

#include "core/incident_report.hpp"
#include "core/model.hpp"

#include <optional>
#include <string>
#include <vector>

namespace elink::dispatch {

// A photo sent with a report: its media type and its bytes (core::CheckPhoto says what is
// accepted).
struct PhotoUpload {
  std::string media_type;
  std::string bytes;
};

// 接警: a new incident, as reported (core::IncidentReport), with the photo a citizen may send. The
// engine assigns its id, grid and jurisdiction from the location. With a photo, the report and the
// photo are committed together (incident_reported, then incident_photo_attached), so a reply that
// says saved means both are on disk.
struct ReportIncident : core::IncidentReport {
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

// Acknowledge/en route, on scene, leave scene, available, out of service. Decided here rather than
// in units/ because the first unit on scene puts its incident on scene.
struct ChangeUnitStatus {
  core::UnitId unit;
  core::UnitStatus to = core::UnitStatus::kEnRoute;
  std::string reason;
};

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

// 补充记录: a note added to an incident's record (what a caller adds, what the field sees), kept
// in its chronology. Refused for a merged incident (the note belongs to the one it joined).
struct AddIncidentNote {
  core::IncidentId incident;
  std::string text;
};

}  // namespace elink::dispatch
